//! `{{name}}` interpolation in blueprint strings, through handlebars in strict mode with HTML
//! escaping off. Names known at compile time become literal text; deploy-time names
//! (`{{account}}` without a configured account, `{{tag}}`) become `${…}` references, and a string
//! that uses one is emitted as `Fn::Sub` (with literal `${` in the user's text escaped as `${!`).
//!
//! Codes (ranges are byte offsets into the string; callers map them with
//! [`crate::source::inner_span`]):
//! - FF0010 an unknown name (with a did-you-mean, or the list of names);
//! - FF0011 a handlebars construct other than a plain name: helpers, blocks, partials,
//!   comments, triple-stash, paths, `this`, whitespace control;
//! - FF0012 interpolation syntax error, such as an unclosed `{{`.
//!
//! A backslash before `{{` (`\{{x}}`) is handlebars' escape for a literal `{{x}}`.

use std::collections::BTreeMap;

use crate::diagnostic::Code;
use crate::model::App;
use crate::partition;
use crate::secrets;

/// What each interpolation name stands for in one environment × region.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Compile-time values: `app`, `env`, `region`, `partition`, `url_suffix`, `account` (when
    /// the environment names one) and the user's `vars`.
    pub literals: BTreeMap<String, String>,
    /// Deploy-time values: name → the `Fn::Sub` variable, e.g. `account` → `AWS::AccountId`,
    /// `tag` → `ImageTag`.
    pub deploy_time: BTreeMap<String, String>,
}

impl Scope {
    /// The names available in `env` × `region` of `app`: built-ins, then app `vars`, then the
    /// environment's `vars`, then its `region-vars` for `region` (each overriding the one before). Unknown environments or regions give built-ins only.
    pub fn for_target(app: &App, env: &str, region: &str) -> Self {
        let mut literals = BTreeMap::new();
        let mut deploy_time = BTreeMap::new();
        let part = partition::partition_or_aws(region);
        for (k, v) in &app.vars {
            literals.insert(k.clone(), v.clone());
        }
        let environment = app.environments.get(env);
        if let Some(e) = environment {
            for (k, v) in e
                .vars
                .iter()
                .chain(e.region_vars.get(region).into_iter().flatten())
            {
                literals.insert(k.clone(), v.clone());
            }
        }
        literals.insert("app".to_owned(), app.name.clone());
        literals.insert("env".to_owned(), env.to_owned());
        literals.insert("region".to_owned(), region.to_owned());
        literals.insert("partition".to_owned(), part.name().to_owned());
        literals.insert("url_suffix".to_owned(), part.url_suffix().to_owned());
        // A StackSet deploys one template to every region, so region facts stay pseudo
        // parameters there.
        if environment.is_some_and(|e| e.stackset.is_some()) {
            for (name, pseudo) in [
                ("region", "AWS::Region"),
                ("partition", "AWS::Partition"),
                ("url_suffix", "AWS::URLSuffix"),
            ] {
                literals.remove(name);
                deploy_time.insert(name.to_owned(), pseudo.to_owned());
            }
        }
        if let Some(account) = environment.and_then(|e| e.account.clone()) {
            literals.insert("account".to_owned(), account);
        } else {
            literals.remove("account");
            deploy_time.insert("account".to_owned(), "AWS::AccountId".to_owned());
        }
        literals.remove("tag");
        deploy_time.insert("tag".to_owned(), "ImageTag".to_owned());
        Self {
            literals,
            deploy_time,
        }
    }
}

/// A problem in one string, with a byte range relative to the start of that string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpError {
    pub code: Code,
    pub message: String,
    pub help: String,
    pub start: usize,
    pub end: usize,
}

/// FF0011 for a CloudFormation dynamic reference to a secret: CloudFormation would resolve it
/// into the resource (a task definition shows it to anyone who can describe it), so it belongs
/// in `secrets:`, which the ECS agent injects at run time.
fn dynamic_reference(tag: &str, start: usize, end: usize) -> InterpError {
    let reference = secrets::dynamic_reference(tag).unwrap_or_default();
    InterpError {
        code: Code::FF0011,
        message: format!(
            "`{tag}` is a CloudFormation dynamic reference to a secret, which CloudFormation would resolve into the deployed resource in plain text"
        ),
        help: format!(
            "pass the secret through `secrets:` instead, as `NAME: \"{reference}\"`, which ECS injects at run time"
        ),
        start,
        end,
    }
}

/// Checks a string against a scope: syntax, only plain names, every name known.
pub fn check(text: &str, scope: &Scope) -> Vec<InterpError> {
    let mut errors = Vec::new();
    let tags = match scan(text) {
        Ok(tags) => tags,
        Err(e) => return vec![e],
    };
    for tag in &tags {
        match classify(text, tag) {
            Kind::Name(name, start, end) => {
                if !scope.literals.contains_key(name) && !scope.deploy_time.contains_key(name) {
                    errors.push(unknown(name, start, end, scope));
                }
            }
            Kind::Unsupported(_)
                if secrets::dynamic_reference(&text[tag.start..tag.end]).is_some() =>
            {
                errors.push(dynamic_reference(
                    &text[tag.start..tag.end],
                    tag.start,
                    tag.end,
                ));
            }
            Kind::Unsupported(what) => errors.push(InterpError {
                code: Code::FF0011,
                message: format!(
                    "{what} `{}` is not supported in interpolation",
                    &text[tag.start..tag.end]
                ),
                help:
                    "only plain names such as `{{env}}` are allowed: no helpers, blocks, partials, \
                       comments or paths"
                        .to_owned(),
                start: tag.start,
                end: tag.end,
            }),
        }
    }
    // The scanner above is stricter than handlebars; handlebars catches whatever it let
    // through, except in a plain text, which it always compiles (see [`plain`]).
    if errors.is_empty()
        && !plain(text, &tags)
        && let Err((offset, e)) = compiled(text, &tags)
    {
        let piece = &text[offset..];
        let at = offset + e.pos().map_or(0, |(line, col)| offset_of(piece, line, col));
        let start = tags
            .iter()
            .rev()
            .find(|t| t.start <= at)
            .map_or(0, |t| t.start);
        let reason = e.reason().to_string();
        let reason = reason.get(..1).map_or(String::new(), str::to_lowercase)
            + reason.get(1..).unwrap_or_default();
        errors.push(syntax_error(
            text,
            start,
            format!("interpolation syntax error: {reason}"),
        ));
    }
    errors
}

/// A string as rendered for one environment × region: its literal text, or, when it uses a
/// deploy-time name, the text of an `Fn::Sub` (names as `${…}`, literal `${` as `${!`), which
/// lowering turns into one. Checks read the text without knowing CloudFormation's types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    Literal(String),
    Sub(String),
}

impl Rendered {
    /// The text either way: the literal, or the `Fn::Sub` template.
    pub fn text(&self) -> &str {
        match self {
            Self::Literal(s) | Self::Sub(s) => s,
        }
    }
}

/// Whether what [`render`] and [`check`] make of `text` in a scope depends on nothing but the
/// values its [`names`] have there (a literal, a deploy-time variable, or none): true for a
/// [`plain`] text, whose names are all it reads; a text with helpers or blocks may read more.
pub fn depends_only_on_names(text: &str) -> bool {
    scan(text).is_ok_and(|tags| plain(text, &tags))
}

/// Renders a checked string: a literal, or `Fn::Sub` when it uses a deploy-time name. Unchecked
/// input that handlebars cannot render comes back as its literal text.
pub fn render(text: &str, scope: &Scope) -> Rendered {
    // Most strings name nothing: without `{{` handlebars has nothing to do (its only escape,
    // `\{{`, needs braces too), so skip the check, the data and the render.
    if find_pair(text, b'{').is_none() {
        return Rendered::Literal(text.to_owned());
    }
    render_template(text, scope)
}

/// [`render`] of a text with `{{`, whatever it holds: a plain text whose names are all known
/// is rendered by hand ([`render_plain`]) without further checks (it passes [`check`], which
/// asks no more of it); anything else is checked, then rendered by hand when it can be,
/// otherwise by handlebars.
fn render_template(text: &str, scope: &Scope) -> Rendered {
    let Ok(tags) = scan(text) else {
        return Rendered::Literal(text.to_owned());
    };
    let out = if let Some(out) = render_known_plain(text, &tags, scope) {
        Some(out)
    } else {
        if !check(text, scope).is_empty() {
            return Rendered::Literal(text.to_owned());
        }
        render_plain(text, &tags, scope).or_else(|| render_handlebars(text, scope))
    };
    let Some(out) = out else {
        return Rendered::Literal(text.to_owned());
    };
    if !has_placeholder(&out) {
        return Rendered::Literal(out);
    }
    let escaped = if out.contains("${") {
        out.replace("${", "${!")
    } else {
        out
    };
    Rendered::Sub(substitute(&escaped, scope))
}

/// Whether `text` holds [`PLACEHOLDER_OPEN`]: first a vectorised search for its first byte,
/// which an ASCII text (nearly every rendered string) does not have.
fn has_placeholder(text: &str) -> bool {
    let mut first = [0; 4];
    let first = PLACEHOLDER_OPEN.encode_utf8(&mut first).as_bytes()[0];
    memchr::memchr(first, text.as_bytes()).is_some() && text.contains(PLACEHOLDER_OPEN)
}

/// `text` with each placeholder of a deploy-time name (see [`placeholder`]) replaced by its
/// `${…}` variable, in one pass; anything else that uses the placeholder characters (which only
/// a hostile blueprint could) is left as it is.
fn substitute(text: &str, scope: &Scope) -> String {
    let mut sub = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find(PLACEHOLDER_OPEN) {
        sub.push_str(&rest[..open]);
        let after = &rest[open + PLACEHOLDER_OPEN.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let variable = after[..digits]
            .parse::<usize>()
            .ok()
            // Exactly what `placeholder` writes: no leading zeros.
            .filter(|i| i.to_string().len() == digits)
            .and_then(|i| scope.deploy_time.values().nth(i))
            .filter(|_| after[digits..].starts_with(PLACEHOLDER_CLOSE));
        if let Some(variable) = variable {
            sub.push_str("${");
            sub.push_str(variable);
            sub.push('}');
            rest = &after[digits + PLACEHOLDER_CLOSE.len_utf8()..];
        } else {
            sub.push(PLACEHOLDER_OPEN);
            rest = after;
        }
    }
    sub.push_str(rest);
    sub
}

/// Deploy-time names render as placeholders, replaced by `${…}` only after the user's own `${`
/// has been escaped, so the two cannot be confused; `i` is the name's index in
/// `Scope::deploy_time`.
fn push_placeholder(out: &mut String, i: usize) {
    use std::fmt::Write as _;
    out.push(PLACEHOLDER_OPEN);
    let _ = write!(out, "{i}");
    out.push(PLACEHOLDER_CLOSE);
}

/// Whether handlebars surely compiles `text` (whose tags are `tags`) and renders it as
/// [`render_plain`] does: no backslash (handlebars' escape, whose rules are its own) and every
/// tag a plain name that handlebars reads as a name, not as a literal (`true`, `12`, `-1`) or a
/// keyword (`else`) nor starting like one, with nothing but ASCII whitespace around it (handlebars reads a
/// no-break space as part of the name). Nearly every blueprint string is plain; checking one then needs no
/// handlebars parse, which cost more than everything else a build did with the string
/// (`plain_texts_compile_and_render_as_handlebars_does` holds the two to each other).
fn plain(text: &str, tags: &[Tag]) -> bool {
    !text.contains('\\')
        && tags.iter().all(|tag| match classify(text, tag) {
            Kind::Name(name, _, _) => plain_name(text, tag, name),
            Kind::Unsupported(_) => false,
        })
}

/// Whether the name `name` of `tag` is one [`plain`] allows.
fn plain_name(text: &str, tag: &Tag, name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        // Handlebars' grammar tries its literals and keywords on a name's start
        // (`{{elsewhere}}` fails to compile): such names take the long way.
        && !["true", "false", "null", "undefined", "else", "as", "this"]
            .iter()
            .any(|k| name.starts_with(k))
        && text[tag.inner.0..tag.inner.1]
            .trim_matches([' ', '\t', '\n', '\r'])
            .len()
            == name.len()
}

/// [`render_plain`] of a [`plain`] text whose names `scope` all knows (so that it passes
/// [`check`]); `None` for any other text. One pass: each tag is classified once, for both.
fn render_known_plain(text: &str, tags: &[Tag], scope: &Scope) -> Option<String> {
    render_names(text, tags, scope, true)
}

/// [`render_template`] without handlebars, for the strings nearly every blueprint has: checked,
/// plain names only and no backslash. Each name is then its value (a placeholder for a
/// deploy-time name) and the text between stays as it is, which is what handlebars renders
/// (`pieces_render_as_the_whole_string` compares the two). Handlebars wanted a fresh copy of
/// the whole scope as the context of every string of every environment × region, most of the
/// cost of rendering. `None`: handlebars' turn.
fn render_plain(text: &str, tags: &[Tag], scope: &Scope) -> Option<String> {
    render_names(text, tags, scope, false)
}

/// [`render_plain`], and with `only_plain` also `None` unless every name is one [`plain`]
/// allows.
fn render_names(text: &str, tags: &[Tag], scope: &Scope, only_plain: bool) -> Option<String> {
    if text.contains('\\') {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut from = 0;
    for tag in tags {
        let Kind::Name(name, _, _) = classify(text, tag) else {
            return None;
        };
        if only_plain && !plain_name(text, tag, name) {
            return None;
        }
        out.push_str(&text[from..tag.start]);
        // As in handlebars' data below, a deploy-time name wins over a literal of that name.
        if let Some(i) = scope.deploy_time.keys().position(|k| k == name) {
            push_placeholder(&mut out, i);
        } else {
            out.push_str(scope.literals.get(name)?);
        }
        from = tag.end;
    }
    out.push_str(&text[from..]);
    Some(out)
}

/// [`render_template`]'s text through handlebars, names as in [`render_plain`]; `None` when
/// handlebars cannot render it.
fn render_handlebars(text: &str, scope: &Scope) -> Option<String> {
    let mut data = serde_json::Map::new();
    for (name, value) in &scope.literals {
        data.insert(name.clone(), serde_json::Value::String(value.clone()));
    }
    for (i, name) in scope.deploy_time.keys().enumerate() {
        let mut text = String::new();
        push_placeholder(&mut text, i);
        data.insert(name.clone(), serde_json::Value::String(text));
    }
    let (Ok(tags), Ok(context)) = (scan(text), handlebars::Context::wraps(&data)) else {
        return None;
    };
    let registry = registry();
    let mut out = String::with_capacity(text.len());
    for (_, piece) in pieces(text, &tags) {
        out.push_str(&registry.render_with_context(piece, &context).ok()?);
    }
    Some(out)
}

/// Strict, unescaped handlebars with every string compiled so far registered under its own
/// text, shared by the threads that check and lower: a blueprint's strings are checked and
/// rendered once per environment × region, and compiling (a pest parse) is most of the cost.
/// Rendering only reads the registry, so the threads render in parallel.
static REGISTRY: std::sync::LazyLock<std::sync::RwLock<handlebars::Handlebars<'static>>> =
    std::sync::LazyLock::new(|| {
        let mut registry = handlebars::Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        std::sync::RwLock::new(registry)
    });

/// The registry to render from; a panic elsewhere cannot leave it half-written (templates are
/// registered whole), so a poisoned lock is still usable.
fn registry() -> std::sync::RwLockReadGuard<'static, handlebars::Handlebars<'static>> {
    REGISTRY
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Compiles each piece of `text` (see [`pieces`]) once per process and keeps it registered for
/// [`render`]. An error comes with the byte offset of the piece its position is relative to.
fn compiled(text: &str, tags: &[Tag]) -> Result<(), (usize, handlebars::TemplateError)> {
    for (offset, piece) in pieces(text, tags) {
        if registry().has_template(piece) {
            continue;
        }
        let template = handlebars::Template::compile(piece).map_err(|e| (offset, e))?;
        REGISTRY
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .register_template(piece, template);
    }
    Ok(())
}

/// Tags per piece of a string (see [`pieces`]): strings with fewer, nearly all of them, are
/// compiled and rendered whole.
const TAGS_PER_PIECE: usize = 32;

/// `text` cut right after every [`TAGS_PER_PIECE`]th tag, with the byte offset of each piece.
/// Handlebars works out the line and column of every token by counting from the start of its
/// template, so a string with n names compiled whole costs n² (100,000 names: minutes); pieces
/// of a bounded number of names keep it linear. A piece ends just after a plain name's closing
/// braces, where nothing handlebars parses can span the cut (blocks, which could, are refused
/// before rendering), so the pieces render, one after the other, exactly as the whole string
/// would.
fn pieces<'t>(text: &'t str, tags: &[Tag]) -> Vec<(usize, &'t str)> {
    let mut out = Vec::with_capacity(tags.len() / TAGS_PER_PIECE + 1);
    let mut from = 0;
    for tag in tags.iter().skip(TAGS_PER_PIECE - 1).step_by(TAGS_PER_PIECE) {
        if tag.end > from && tag.end < text.len() {
            out.push((from, &text[from..tag.end]));
            from = tag.end;
        }
    }
    out.push((from, &text[from..]));
    out
}

/// Every plain `{{name}}` in `text`, with the byte range of the name.
pub fn names(text: &str) -> Vec<(String, usize, usize)> {
    let tags = scan(text).unwrap_or_default();
    tags.iter()
        .filter_map(|tag| match classify(text, tag) {
            Kind::Name(name, start, end) => Some((name.to_owned(), start, end)),
            Kind::Unsupported(_) => None,
        })
        .collect()
}

// Private-use characters: they cannot come from a blueprint by accident.
const PLACEHOLDER_OPEN: char = '\u{F8F0}';
const PLACEHOLDER_CLOSE: char = '\u{F8F1}';

/// One `{{…}}`: `start..end` covers the braces, `inner` what is between them.
struct Tag {
    start: usize,
    end: usize,
    braces: usize,
    inner: (usize, usize),
}

enum Kind<'a> {
    /// A plain name and its byte range.
    Name(&'a str, usize, usize),
    /// What the construct is, for the message.
    Unsupported(&'static str),
}

fn scan(text: &str) -> Result<Vec<Tag>, InterpError> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(found) = find_pair(&text[from..], b'{') {
        let start = from + found;
        let backslashes = text[..start]
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count();
        if backslashes == 1 {
            from = start + 2;
            continue;
        }
        let braces = text[start..].bytes().take_while(|&b| b == b'{').count();
        let open_end = start + braces;
        let Some(close) = find_pair(&text[open_end..], b'}') else {
            return Err(syntax_error(
                text,
                start,
                "unclosed `{{` in interpolation".to_owned(),
            ));
        };
        let inner = (open_end, open_end + close);
        let closing = text[inner.1..].bytes().take_while(|&b| b == b'}').count();
        let end = inner.1 + closing.min(braces.max(2));
        tags.push(Tag {
            start,
            end,
            braces,
            inner,
        });
        from = end;
    }
    Ok(tags)
}

/// Where `byte` first occurs twice in a row in `text`. `str::find` with a two-byte pattern sets
/// up a two-way searcher on every call, which cost more than the scan of a short string itself;
/// a string is scanned in every environment × region.
fn find_pair(text: &str, byte: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == byte) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&byte) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn classify<'a>(text: &'a str, tag: &Tag) -> Kind<'a> {
    let raw = &text[tag.inner.0..tag.inner.1];
    let name = raw.trim();
    if tag.braces == 3 {
        return Kind::Unsupported("triple-stash");
    }
    if tag.braces > 3 {
        return Kind::Unsupported("raw block");
    }
    // Nearly every tag: letters, digits, `_` and `-`, which none of the tests below but the
    // two words can refuse; a tag is classified in every environment × region.
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && name != "else"
        && name != "this"
    {
        let start = tag.inner.0 + (raw.len() - raw.trim_start().len());
        return Kind::Name(name, start, start + name.len());
    }
    match name.chars().next() {
        None => return Kind::Unsupported("empty interpolation"),
        Some('!') => return Kind::Unsupported("comment"),
        Some('#' | '/' | '^') => return Kind::Unsupported("block"),
        Some('>') => return Kind::Unsupported("partial"),
        Some('*') => return Kind::Unsupported("decorator"),
        Some('&') => return Kind::Unsupported("unescaped expression"),
        Some('~') => return Kind::Unsupported("whitespace control"),
        Some('@') => return Kind::Unsupported("data variable"),
        _ => {}
    }
    if name.ends_with('~') {
        return Kind::Unsupported("whitespace control");
    }
    if name == "else" {
        return Kind::Unsupported("block");
    }
    if name == "this"
        || name.starts_with("this.")
        || name.starts_with("this/")
        || name.starts_with('.')
    {
        return Kind::Unsupported("`this` or a path");
    }
    if name.contains(char::is_whitespace) || name.contains(['=', '(', '"', '\'']) {
        return Kind::Unsupported("helper call");
    }
    if name.contains(['.', '/', '[']) {
        return Kind::Unsupported("path");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Kind::Unsupported("expression");
    }
    let start = tag.inner.0 + (raw.len() - raw.trim_start().len());
    Kind::Name(name, start, start + name.len())
}

fn unknown(name: &str, start: usize, end: usize, scope: &Scope) -> InterpError {
    let known: Vec<&String> = scope
        .literals
        .keys()
        .chain(scope.deploy_time.keys())
        .collect();
    let best = crate::distance::closest(name, known.iter().map(|k| k.as_str()));
    let help = if let Some(k) = best {
        format!("did you mean `{{{{{k}}}}}`?")
    } else {
        let mut sorted = known;
        sorted.sort();
        sorted.dedup();
        let list: Vec<String> = sorted.iter().map(|k| format!("`{k}`")).collect();
        format!("the names available here are {}", list.join(", "))
    };
    InterpError {
        code: Code::FF0010,
        message: format!("unknown interpolation `{{{{{name}}}}}`"),
        help,
        start,
        end,
    }
}

fn syntax_error(text: &str, start: usize, message: String) -> InterpError {
    InterpError {
        code: Code::FF0012,
        message,
        help:
            "write a name between double braces, like `{{env}}`; for a literal `{{`, write `\\{{`"
                .to_owned(),
        start,
        end: (start + 2).min(text.len()),
    }
}

/// Byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let line_start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| if line <= 1 { 0 } else { i + 1 });
    text[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

#[cfg(test)]
mod tests;
