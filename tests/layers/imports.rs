//! Which module each library file imports: a small reader of Rust source that knows just
//! enough (comments, strings, attributes, `mod` blocks, `use` trees) to find every
//! `crate::…`, `super::…`, `self::…` and child-module path, without a parser dependency.
//!
//! Code under `#[cfg(test)]` (test modules, inline or in their own files) is left out: a test
//! may build a whole app to check one function, and that is no dependency of the library.

use std::collections::{BTreeMap, BTreeSet};

/// A module path below the crate root: `["lower", "service"]`; empty for the root.
pub type Module = Vec<String>;

/// One import: the file's module, the module it reaches (the longest file module that prefixes
/// the path), and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub from: Module,
    pub to: Module,
    pub file: String,
    pub line: usize,
}

/// The module of a library file relative to `src/` (`lower/mod.rs` → `lower`, `lib.rs` → the
/// root); `None` for files that are not part of the library (`main.rs`, `cli/`, `bin/`).
pub fn module_of(rel: &str) -> Option<Module> {
    let stem = rel.strip_suffix(".rs")?;
    let mut parts: Module = stem.split('/').map(str::to_owned).collect();
    if parts[0] == "main" || parts[0] == "cli" || parts[0] == "bin" {
        return None;
    }
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    Some(parts)
}

/// Every import of every library file in `files` (path relative to `src/` → text), in file
/// and line order, with the modules that are test-only removed.
pub fn imports(files: &BTreeMap<String, String>) -> Vec<Import> {
    let modules: BTreeMap<Module, &str> = files
        .keys()
        .filter_map(|rel| Some((module_of(rel)?, rel.as_str())))
        .collect();
    let known: BTreeSet<Module> = modules.keys().cloned().collect();
    let mut test_only = BTreeSet::new();
    let mut scanned = Vec::new();
    for (module, rel) in &modules {
        let scan = scan(module, &tokens(&files[*rel]), &known);
        test_only.extend(scan.test_modules.iter().cloned());
        scanned.push((module, *rel, scan.paths));
    }
    let is_test = |m: &Module| (1..=m.len()).any(|n| test_only.contains(&m[..n]));
    let mut out = Vec::new();
    for (module, rel, paths) in scanned {
        if is_test(module) {
            continue;
        }
        for (path, line) in paths {
            let to = longest_known(&path, &known);
            if &to != module && !is_test(&to) {
                out.push(Import {
                    from: module.clone(),
                    to,
                    file: format!("src/{rel}"),
                    line,
                });
            }
        }
    }
    out
}

/// The longest prefix of an absolute path that is a file module (the root at worst).
fn longest_known(path: &[String], known: &BTreeSet<Module>) -> Module {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| known.contains(m))
        .unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub line: usize,
}

/// Identifiers, `::` and single punctuation characters, with comments, string and character
/// literals, lifetimes and numbers left out.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br"…": no escapes; ends at a quote followed by as many hashes.
            i = chars[i..]
                .iter()
                .position(|&c| c == '"')
                .map_or(chars.len(), |p| i + p + 1);
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|h| at(i + h) == '#') {
                    i += 1 + hashes;
                    break;
                }
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                line += usize::from(chars[i] == '\n');
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{…}') or a lifetime ('a, 'static).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            // `r#ident` is the identifier `ident`.
            if c == 'r' && at(i + 1) == '#' && (at(i + 2).is_alphabetic() || at(i + 2) == '_') {
                i += 2;
            }
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                text: chars[start..i].iter().collect(),
                line,
            });
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token {
                text: "::".to_owned(),
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// The number of `#`s of a raw string starting at `i`, if one does.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r')
        || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
    {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    (chars.get(j + hashes) == Some(&'"')).then_some(hashes)
}

/// What one file holds: the absolute paths it names (with their lines), and the modules it
/// declares test-only (`#[cfg(test)] mod tests;`).
#[derive(Debug, Default)]
pub struct Scan {
    pub paths: Vec<(Vec<String>, usize)>,
    pub test_modules: Vec<Module>,
}

/// Walks the tokens of the file of `module`: skips items under `#[cfg(test)]`, follows inline
/// `mod name { … }` blocks (so `super` inside one means the file's module), and reads every
/// path that starts with `crate`, `super`, `self` or the name of a child module.
pub fn scan(module: &Module, t: &[Token], known: &BTreeSet<Module>) -> Scan {
    let mut out = Scan::default();
    // Inline modules entered: (brace depth at their `{`, name).
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    let text = |i: usize| t.get(i).map_or("", |t| t.text.as_str());
    while i < t.len() {
        let current: Module = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(_, n)| n.clone()))
            .collect();
        match text(i) {
            "#" if text(i + 1) == "[" || (text(i + 1) == "!" && text(i + 2) == "[") => {
                let open = if text(i + 1) == "[" { i + 1 } else { i + 2 };
                let close = matching(t, open);
                let attr: Vec<&str> = (open + 1..close).map(text).collect();
                i = close + 1;
                if attr.first() == Some(&"cfg") && attr.contains(&"test") && !attr.contains(&"not")
                {
                    i = skip_item(t, i, &current, &mut out.test_modules);
                }
            }
            "mod" if text(i + 2) == "{" => {
                inline.push((depth, text(i + 1).to_owned()));
                depth += 1;
                i += 3;
            }
            "{" => {
                depth += 1;
                i += 1;
            }
            "}" => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(d, _)| *d == depth) {
                    inline.pop();
                }
                i += 1;
            }
            word if text(i + 1) == "::"
                && (i == 0 || text(i - 1) != "::")
                && (matches!(word, "crate" | "super" | "self") || {
                    let mut child = current.clone();
                    child.push(word.to_owned());
                    known.contains(&child)
                }) =>
            {
                i = path_tree(t, i, &[], &current, &mut out.paths);
            }
            _ => i += 1,
        }
    }
    out
}

/// The index of the bracket that closes the one at `open`.
fn matching(t: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (i, token) in t.iter().enumerate().skip(open) {
        match token.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    t.len()
}

/// Skips the item starting at `i` (after its `#[cfg(test)]`): up to a `;` outside brackets or
/// the end of its first `{…}` block. A `mod name;` is recorded as a test-only module.
fn skip_item(t: &[Token], mut i: usize, current: &Module, test_modules: &mut Vec<Module>) -> usize {
    let text = |i: usize| t.get(i).map_or("", |t| t.text.as_str());
    if text(i) == "pub" {
        i += 1;
        if text(i) == "(" {
            i = matching(t, i) + 1;
        }
    }
    if text(i) == "mod" && text(i + 2) == ";" {
        let mut m = current.clone();
        m.push(text(i + 1).to_owned());
        test_modules.push(m);
        return i + 3;
    }
    while i < t.len() {
        match text(i) {
            ";" => return i + 1,
            "{" => return matching(t, i) + 1,
            "(" | "[" => i = matching(t, i) + 1,
            _ => i += 1,
        }
    }
    i
}

/// Reads the path (or `use` tree) starting at `i` below `prefix`, records each leaf as an
/// absolute path, and returns the index after it.
fn path_tree(
    t: &[Token],
    mut i: usize,
    prefix: &[String],
    current: &Module,
    out: &mut Vec<(Vec<String>, usize)>,
) -> usize {
    let text = |i: usize| t.get(i).map_or("", |t| t.text.as_str());
    let mut segments = prefix.to_vec();
    loop {
        match text(i) {
            "{" => {
                i += 1;
                while i < t.len() && text(i) != "}" {
                    i = path_tree(t, i, &segments, current, out);
                    if text(i) == "," {
                        i += 1;
                    }
                }
                return i + 1;
            }
            "*" => {
                record(&segments, t[i].line, current, out);
                return i + 1;
            }
            word if is_ident(word) => {
                segments.push(word.to_owned());
                let line = t[i].line;
                i += 1;
                if text(i) == "::" {
                    i += 1;
                    continue;
                }
                record(&segments, line, current, out);
                if text(i) == "as" {
                    i += 2;
                }
                return i;
            }
            _ => {
                if let Some(token) = t.get(i) {
                    record(&segments, token.line, current, out);
                }
                return i;
            }
        }
    }
}

fn is_ident(word: &str) -> bool {
    word.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// Turns a path written in `current` into an absolute one and records it.
fn record(segments: &[String], line: usize, current: &Module, out: &mut Vec<(Vec<String>, usize)>) {
    let mut path = current.clone();
    let mut rest = segments;
    match segments.first().map(String::as_str) {
        Some("crate") => {
            path.clear();
            rest = &segments[1..];
        }
        Some("self" | "super") => {
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        path.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    path.extend(rest.iter().filter(|s| *s != "self").cloned());
    out.push((path, line));
}
