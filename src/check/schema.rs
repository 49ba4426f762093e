//! The JSON Schema check: every document is validated against `schemas/blueprint.schema.json`
//! (generated from the model, see `model::schema`) and each schema error becomes one diagnostic
//! with a span into the file (FF0101-FF0108).
//!
//! The schema avoids `anyOf` on purpose (capacity shapes are told apart by key, "one or many" by
//! `type` lists; `oneOf` only where shapes share a type), so every error names one place and
//! there are no cascades to prune.

use std::borrow::Cow;
use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::suggest;
use crate::diagnostic::{Code, Diagnostic, SourceMap, Span};
use crate::source::{Document, escape_token, unescape_token};

pub(super) static SCHEMA_VALUE: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(super::SCHEMA).expect("the bundled schema is valid JSON")
});

pub(super) static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&SCHEMA_VALUE)
        .expect("the bundled schema compiles")
});

/// Validates one document; an empty result means it matches the schema. A document the quick
/// walk of [`super::conforms`] accepts never compiles jsonschema's validator.
pub fn validate(doc: &Document, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if super::conforms::conforms(&doc.value) != Some(true) {
        for error in VALIDATOR.iter_errors(&doc.value) {
            diags.extend(map_error(doc, &error));
        }
    }
    drop_misspelled_required(&mut diags);
    integral_floats(doc, &doc.value, &mut String::new(), &mut diags);
    quote_as_written(&mut diags, sources);
    diags
}

/// A number or boolean where a string belongs is quoted as written: `tag: 1.10` becomes
/// `"1.10"`, not the `"1.1"` its parsed value would print. The schema sees only values, so
/// the help and fix are made from the value, then taken from the source text here.
fn quote_as_written(diags: &mut [Diagnostic], sources: &SourceMap) {
    for d in diags.iter_mut().filter(|d| d.code == Code::FF0102) {
        let Some(fix) = d.fix.as_mut().filter(|f| f.replacement.starts_with('"')) else {
            continue;
        };
        let Some(written) = sources
            .find(fix.span.file)
            .and_then(|f| f.text.get(fix.span.start..fix.span.end))
        else {
            continue;
        };
        let quoted =
            serde_json::to_string(written.trim()).unwrap_or_else(|_| fix.replacement.clone());
        d.help = Some(format!("quote it: `{quoted}`"));
        fix.replacement = quoted;
    }
}

/// Where `value` breaks the schema: the JSON pointer of each failing value, and of each
/// unknown key (for [`super::lenient`]).
pub fn error_paths(value: &Value) -> Vec<String> {
    paths(value, false)
}

/// The JSON pointers of the unknown keys in `value`.
pub fn unknown_key_paths(value: &Value) -> Vec<String> {
    paths(value, true)
}

fn paths(value: &Value, unknown_only: bool) -> Vec<String> {
    let mut out = Vec::new();
    for error in VALIDATOR.iter_errors(value) {
        let path = error.instance_path().as_str().to_owned();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                out.extend(
                    unexpected
                        .iter()
                        .map(|k| format!("{path}/{}", escape_token(k))),
                );
            }
            _ if unknown_only => {}
            _ => out.push(path),
        }
    }
    out
}

/// JSON Schema counts `256.0` as an integer, but the model's integer fields would reject it:
/// report such numbers where the schema wants an integer, so they never reach serde.
fn integral_floats(
    doc: &Document,
    value: &Value,
    pointer: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    let len = pointer.len();
    match value {
        Value::Number(n)
            if n.as_f64()
                .is_some_and(|f| n.is_f64() && f.fract().abs() < f64::EPSILON) =>
        {
            let schema = schema_at(pointer);
            let wants_integer = schema.and_then(|s| s.get("type")).is_some_and(|t| match t {
                Value::String(t) => t == "integer",
                Value::Array(ts) => {
                    ts.iter().any(|t| t == "integer") && !ts.iter().any(|t| t == "number")
                }
                _ => false,
            }) || schema
                .and_then(|s| s.get("const"))
                // `blueprint: 1.0` equals the schema's `const: 1`.
                .is_some_and(|c| c.is_i64() || c.is_u64());
            // Past 2^63 the YAML integer did not fit and became a float: its `maximum` or
            // `minimum` (FF0106) says what is wrong; without one, say so here.
            let huge = n
                .as_f64()
                .is_some_and(|f| f.abs() >= 9.223_372_036_854_776e18);
            let bound = if n.as_f64().is_some_and(f64::is_sign_negative) {
                "minimum"
            } else {
                "maximum"
            };
            let bounded = schema.is_some_and(|s| s.get(bound).is_some());
            if wants_integer && huge && !bounded {
                let span = span_or_start(doc, doc.spans.value_span(pointer));
                diags.push(
                    Diagnostic::error(
                        Code::FF0102,
                        format!("{} is too large for an integer", quoted(pointer)),
                    )
                    .label(span, "wrong type")
                    .help("write a smaller number"),
                );
            } else if wants_integer && !huge {
                let span = span_or_start(doc, doc.spans.value_span(pointer));
                diags.push(
                    Diagnostic::error(
                        Code::FF0102,
                        format!(
                            "{} must be an integer, not a number with a fraction",
                            quoted(pointer)
                        ),
                    )
                    .label(span, "wrong type")
                    .help(format!(
                        "write it without a decimal point, e.g. `{}`",
                        n.as_f64().unwrap_or_default().trunc()
                    )),
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointer.push('/');
                pointer.push_str(&i.to_string());
                integral_floats(doc, item, pointer, diags);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                pointer.push('/');
                pointer.push_str(&escape_token(k));
                integral_floats(doc, v, pointer, diags);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// A misspelled required key (`memroy`) also makes the real one missing; the unknown-key
/// diagnostic already says "did you mean `memory`?", so the missing-key one is dropped.
fn drop_misspelled_required(diags: &mut Vec<Diagnostic>) {
    // (parent, suggested key) from messages "unknown key `k` in `parent`" / "… at the top level".
    let suggested: Vec<String> = diags
        .iter()
        .filter(|d| d.code == Code::FF0101)
        .filter_map(|d| {
            let name = d
                .help
                .as_deref()?
                .strip_prefix("did you mean `")?
                .strip_suffix("`?")?;
            let what = match d.message.split_once(" in `") {
                Some((_, parent)) => format!("`{parent}"),
                None => "the file".to_owned(),
            };
            Some(format!("{what} is missing the required key `{name}`"))
        })
        .collect();
    diags.retain(|d| d.code != Code::FF0103 || !suggested.contains(&d.message));
}

fn map_error(doc: &Document, error: &ValidationError<'_>) -> Vec<Diagnostic> {
    let path = error.instance_path().as_str().to_owned();
    let instance: &Value = error.instance();
    let key_span = || span_or_start(doc, doc.spans.key_span(&path));
    let value_span = || span_or_start(doc, doc.spans.value_span(&path));
    let place = quoted(&path);
    let diag = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            return unexpected
                .iter()
                .map(|key| with_definition(doc, &format!("{path}/{}", escape_token(key)), unknown_key(doc, &path, key)))
                .collect();
        }
        ValidationErrorKind::Type { kind } => wrong_type(&path, kind, instance, value_span()),
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            Diagnostic::error(Code::FF0103, format!("{place} is missing the required key `{name}`"))
                .label(key_span(), format!("`{name}` is required here"))
                .help(required_help(&path, name))
        }
        ValidationErrorKind::Constant { expected_value } if path == "/blueprint" => Diagnostic::error(
            Code::FF0108,
            format!("unsupported blueprint version `{}`", scalar_text(instance)),
        )
        .label(value_span(), "unsupported version")
        .help(format!("this fleetform reads blueprint version {expected_value}: write `blueprint: {expected_value}`"))
        .fix(value_span(), expected_value.to_string()),
        ValidationErrorKind::Constant { expected_value } => {
            Diagnostic::error(Code::FF0104, format!("{place} must be `{}`", scalar_text(expected_value)))
                .label(value_span(), "value not allowed")
                .help(format!("write `{}: {}`", last_key(&path), scalar_text(expected_value)))
        }
        ValidationErrorKind::Enum { options } => not_allowed(&place, instance, options).label(value_span(), "value not allowed"),
        ValidationErrorKind::Pattern { pattern } => {
            Diagnostic::error(Code::FF0105, format!("`{}` is not a valid {}", scalar_text(instance), noun(&path)))
                .label(value_span(), "does not match the expected form")
                .help(pattern_words(pattern))
        }
        ValidationErrorKind::PropertyNames { error } => return vec![bad_name(doc, &path, error)],
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => {
            range(&place, instance, "at least", limit, error.kind()).label(value_span(), "too small")
        }
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => {
            range(&place, instance, "at most", limit, error.kind()).label(value_span(), "too large")
        }
        ValidationErrorKind::MinLength { limit } => {
            size(&place, &format!("at least {limit} character{}", plural(*limit))).label(value_span(), "too short")
        }
        ValidationErrorKind::MaxLength { limit } => {
            size(&place, &format!("at most {limit} character{}", plural(*limit))).label(value_span(), "too long")
        }
        ValidationErrorKind::MinItems { limit } => {
            size(&place, &format!("at least {limit} item{}", plural(*limit))).label(value_span(), "too few items")
        }
        ValidationErrorKind::MaxItems { limit } => {
            size(&place, &format!("at most {limit} item{}", plural(*limit))).label(value_span(), "too many items")
        }
        ValidationErrorKind::MinProperties { limit } => {
            size(&place, &format!("at least {limit} entr{}", if *limit == 1 { "y" } else { "ies" }))
                .label(key_span(), "too few entries")
        }
        ValidationErrorKind::MaxProperties { limit } => {
            size(&place, &format!("at most {limit} entries")).label(key_span(), "too many entries")
        }
        ValidationErrorKind::FalseSchema => false_schema(&path, &place).label(key_span(), "not allowed here"),
        ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. }
        | ValidationErrorKind::AnyOf { .. } => {
            Diagnostic::error(Code::FF0107, format!("{place} does not have any of the allowed shapes"))
                .label(value_span(), "unexpected shape")
                .help("see the blueprint reference for this section")
        }
        other => Diagnostic::error(Code::FF0107, format!("{place} is invalid: {}", describe_kind(other)))
            .label(value_span(), "invalid value")
            .help("see the blueprint reference for this section (`fleetform schema` prints it)"),
    };
    vec![with_definition(doc, &path, diag)]
}

/// Content reached through a YAML alias or merge key: point at its definition too.
fn with_definition(doc: &Document, pointer: &str, diag: Diagnostic) -> Diagnostic {
    match doc.spans.lookup(pointer).and_then(|n| n.defined) {
        Some(defined) if diag.labels.iter().all(|l| l.span != defined) => {
            diag.label(defined, "defined here")
        }
        _ => diag,
    }
}

fn span_or_start(doc: &Document, span: Option<Span>) -> Span {
    span.unwrap_or(Span::new(doc.file, 0, 0))
}

fn unknown_key(doc: &Document, parent: &str, key: &str) -> Diagnostic {
    let pointer = format!("{parent}/{}", escape_token(key));
    let allowed = allowed_keys(parent);
    let span = span_or_start(doc, doc.spans.key_span(&pointer));
    let where_ = if parent.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in `{}`", describe(parent))
    };
    let mut d = Diagnostic::error(Code::FF0101, format!("unknown key `{key}` {where_}"))
        .label(span, "unknown key");
    let help = suggest::did_you_mean(key, allowed.iter().map(String::as_str)).or_else(|| {
        (!allowed.is_empty()).then(|| format!("allowed keys: {}", backticked(&allowed)))
    });
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

fn bad_name(doc: &Document, parent: &str, error: &ValidationError<'_>) -> Diagnostic {
    let name = error.instance().as_str().unwrap_or_default().to_owned();
    let pointer = format!("{parent}/{}", escape_token(&name));
    let span = span_or_start(doc, doc.spans.key_span(&pointer));
    let rule = match error.kind() {
        ValidationErrorKind::Pattern { pattern } => pattern_words(pattern),
        other => describe_kind(other),
    };
    Diagnostic::error(
        Code::FF0105,
        format!("`{name}` is not a valid {}", name_noun(parent)),
    )
    .label(span, "invalid name")
    .help(rule)
}

fn wrong_type(path: &str, kind: &TypeKind, instance: &Value, span: Span) -> Diagnostic {
    let place = quoted(path);
    let expected = match kind {
        TypeKind::Single(t) => type_name(&t.to_string()).to_owned(),
        TypeKind::Multiple(set) => {
            let names: Vec<&str> = set.iter().map(|t| type_name(&t.to_string())).collect();
            names.join(" or ")
        }
    };
    let found = value_kind(instance);
    let d = Diagnostic::error(
        Code::FF0102,
        format!("{place} must be {expected}, not {found}"),
    )
    .label(span, "wrong type");
    // YAML 1.1 booleans, read as strings by YAML 1.2: what their writer meant is plain.
    let yaml11 = instance
        .as_str()
        .and_then(|s| match s.to_ascii_lowercase().as_str() {
            "yes" | "on" | "y" => Some(true),
            "no" | "off" | "n" => Some(false),
            _ => None,
        });
    if let (Some(meant), "a boolean") = (yaml11, expected.as_str()) {
        d.help(format!(
            "YAML 1.2 reads `{}` as a string: write `{meant}`",
            instance.as_str().unwrap_or_default()
        ))
        .fix(span, meant.to_string())
    } else if expected.starts_with("a string") && (instance.is_number() || instance.is_boolean()) {
        let text = format!("\"{instance}\"");
        d.help(format!("quote it: `{text}`")).fix(span, text)
    } else if expected.contains("integer")
        && instance.as_str().is_some_and(|s| s.parse::<i64>().is_ok())
    {
        d.help("remove the quotes to write a number")
    } else {
        d.help(type_help(path, &expected))
    }
}

/// Help for a value of the wrong type with no likelier fix: the schema's default (or first
/// example, or a number's minimum) when it has one, which is a value of the right type that
/// validates.
fn type_help(path: &str, expected: &str) -> String {
    let sample = schema_at(path).and_then(|n| {
        n.get("default")
            .or_else(|| n.get("examples").and_then(|e| e.get(0)))
            .or_else(|| n.get("minimum"))
            .filter(|v| !v.is_object() && !v.is_array())
    });
    match sample {
        Some(v) if !path.is_empty() => {
            format!(
                "write {expected}, e.g. `{}: {}`",
                last_key(path),
                scalar_text(v)
            )
        }
        _ => format!("write {expected} here (`fleetform schema` shows the expected form)"),
    }
}

fn not_allowed(place: &str, instance: &Value, options: &Value) -> Diagnostic {
    let allowed: Vec<String> = options
        .as_array()
        .map(|a| a.iter().map(scalar_text).collect())
        .unwrap_or_default();
    let d = Diagnostic::error(
        Code::FF0104,
        format!(
            "`{}` is not an allowed value for {place}",
            scalar_text(instance)
        ),
    );
    let list = format!("allowed values: {}", backticked(&allowed));
    match instance
        .as_str()
        .and_then(|s| suggest::did_you_mean(s, allowed.iter().map(String::as_str)))
    {
        Some(mean) => d.help(format!("{mean} ({list})")),
        None => d.help(list),
    }
}

fn range(
    place: &str,
    instance: &Value,
    bound: &str,
    limit: &Value,
    kind: &ValidationErrorKind,
) -> Diagnostic {
    let strict = matches!(
        kind,
        ValidationErrorKind::ExclusiveMinimum { .. } | ValidationErrorKind::ExclusiveMaximum { .. }
    );
    let (rule, what) = match (strict, bound) {
        (true, "at least") => ("greater than", "not above"),
        (true, _) => ("less than", "not below"),
        (false, "at least") => ("at least", "below the minimum"),
        (false, _) => ("at most", "above the maximum"),
    };
    Diagnostic::error(
        Code::FF0106,
        format!("{place} is {instance}, {what} {limit}"),
    )
    .help(format!("{place} must be {rule} {limit}"))
}

fn size(place: &str, rule: &str) -> Diagnostic {
    Diagnostic::error(Code::FF0106, format!("{place} must have {rule}"))
        .help(format!("give {place} {rule}"))
}

fn false_schema(path: &str, place: &str) -> Diagnostic {
    let d = Diagnostic::error(Code::FF0107, format!("{place} is not allowed here"));
    if path.contains("/network/") {
        d.help(
            "an imported network takes no `cidr`, `azs` or `nat`: remove them or remove `import`",
        )
    } else {
        d.help(format!("remove {place}"))
    }
}

fn required_help(path: &str, name: &str) -> String {
    match (path, name) {
        (p, "cpu" | "memory") if p.starts_with("/services/") && p.matches('/').count() == 2 => {
            "a service needs `cpu` and `memory`, e.g. `cpu: 256` and `memory: 512`".to_owned()
        }
        (p, "cpu" | "memory") if p.starts_with("/jobs/") && p.matches('/').count() == 2 => {
            "a job needs `cpu` and `memory`, e.g. `cpu: 256` and `memory: 512`".to_owned()
        }
        (_, "blueprint") => "start the file with `blueprint: 1`".to_owned(),
        (_, "app") => "name the app this file belongs to, e.g. `app: shop`".to_owned(),
        (_, "regions") => {
            "list the regions of this environment, e.g. `regions: [us-east-1]`".to_owned()
        }
        _ => format!("add `{name}`"),
    }
}

/// The schema node that describes the value at `pointer`, following `properties`,
/// `additionalProperties`, `items` and local `$ref`s.
fn schema_at(pointer: &str) -> Option<&'static Value> {
    let root: &'static Value = &SCHEMA_VALUE;
    let mut node = resolve(root, root)?;
    for token in pointer.split('/').skip(1) {
        let token = unescape_token(token);
        let next = if let Some(p) = node.get("properties").and_then(|p| p.get(&*token)) {
            p
        } else if let Some(a) = node.get("additionalProperties").filter(|a| a.is_object()) {
            a
        } else {
            node.get("items")?
        };
        node = resolve(root, next)?;
    }
    Some(node)
}

fn resolve(root: &'static Value, node: &'static Value) -> Option<&'static Value> {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => root.pointer(r.strip_prefix('#')?),
        None => Some(node),
    }
}

/// The property names the schema allows in the mapping at `pointer`.
pub fn allowed_keys(pointer: &str) -> Vec<String> {
    schema_at(pointer)
        .and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The place at `pointer` for a message: `` `services.cart.cpu` `` or "the file".
fn quoted(pointer: &str) -> String {
    if pointer.is_empty() {
        "the file".to_owned()
    } else {
        format!("`{}`", describe(pointer))
    }
}

/// A dotted, human form of a JSON pointer: `/services/cart/cpu` → `services.cart.cpu`.
pub fn describe(pointer: &str) -> String {
    let tokens: Vec<Cow<'_, str>> = pointer.split('/').skip(1).map(unescape_token).collect();
    if tokens.is_empty() {
        "the file".to_owned()
    } else {
        tokens.join(".")
    }
}

fn last_key(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or_default()
}

/// What kind of value sits at `pointer`, for "is not a valid …" messages.
fn noun(pointer: &str) -> String {
    match last_key(pointer) {
        "app" if pointer == "/app" => "app name".to_owned(),
        "account" => "account ID".to_owned(),
        "vpc" => "VPC ID".to_owned(),
        "instance" => "instance type".to_owned(),
        "health" => "health-check path".to_owned(),
        _ if pointer.contains("/public/") || pointer.contains("/private/") => {
            "subnet ID".to_owned()
        }
        _ if pointer.contains("/allow/") => "IAM action".to_owned(),
        key => format!("value for `{key}`"),
    }
}

/// What the keys of the mapping at `parent` name.
fn name_noun(parent: &str) -> &'static str {
    match last_key(parent) {
        "environments" => "environment name",
        "services" => "service name",
        "jobs" => "job name",
        "containers" => "container name",
        "capacity" => "capacity name",
        "env" | "secrets" => "environment variable name",
        "tags" => "tag key",
        _ => "name",
    }
}

/// The schema's patterns, said in words.
fn pattern_words(pattern: &str) -> String {
    let rule = match pattern {
        "^[a-z][a-z0-9-]{0,19}$" => {
            "1 to 20 lowercase letters, digits or `-`, starting with a letter"
        }
        "^[a-z][a-z0-9-]{0,15}$" => {
            "1 to 16 lowercase letters, digits or `-`, starting with a letter"
        }
        "^[a-z][a-z0-9-]{0,30}$" => {
            "1 to 31 lowercase letters, digits or `-`, starting with a letter"
        }
        "^[a-z][a-z0-9]{0,11}$" => "1 to 12 lowercase letters or digits, starting with a letter",
        "^[0-9]{12}$" => "exactly 12 digits (quote it so YAML keeps leading zeros)",
        "^[A-Za-z_][A-Za-z0-9_]*$" => "letters, digits and `_`, not starting with a digit",
        "^vpc-[0-9a-f]{8,17}$" => "`vpc-` followed by 8 to 17 hexadecimal digits",
        "^subnet-[0-9a-f]{8,17}$" => "`subnet-` followed by 8 to 17 hexadecimal digits",
        "^[a-z][a-z0-9-]*\\.[a-z0-9]+$" => "an EC2 instance type such as `c6i.large`",
        "^/" => "a path starting with `/`",
        "^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$" => {
            "a user such as `1000`, `1000:1000` or `app:app`: a name or ID, optionally `:` and a group"
        }
        "^(/[A-Za-z0-9._-]+)+$" => {
            "an absolute path such as `/var/cache/nginx`: `/`-separated letters, digits, `_`, `.` or `-`, not `/` alone and without a trailing `/`"
        }
        "^[0-7]{3,4}$" => "octal mode bits such as `750` or `0750` (quote them)",
        "^(compact|balanced|anti-affinity)$" => {
            "a placement preset: `compact`, `balanced` or `anti-affinity` (for affinity, write `affinity: EXPRESSION` in the long form)"
        }
        "^distinct-instance$" => "`distinct-instance`, or `member-of: EXPRESSION`",
        "^random$" => "`random`, or `spread: FIELD` or `binpack: cpu|memory`",
        "^(instanceId|host|attribute:.+)$" => {
            "`instanceId`, `host` or an attribute such as `attribute:ecs.availability-zone`"
        }
        "^[a-z0-9-]+:[A-Za-z0-9*]+$|^\\*$" => "an IAM action such as `dynamodb:GetItem`",
        "^[a-z][a-z0-9-]{0,62}$" => {
            "1 to 63 lowercase letters, digits or `-`, starting with a letter"
        }
        "^[a-z0-9][a-z0-9-]*$" => "lowercase letters, digits or `-`, not starting with `-`",
        "^[a-z0-9][a-z0-9_.-]{0,79}$" => {
            "1 to 80 lowercase letters, digits, `_`, `.` or `-`, starting with a letter or digit"
        }
        "^Z[A-Z0-9]{1,31}$" => {
            "a Route 53 hosted zone ID: `Z` and 1 to 31 uppercase letters or digits"
        }
        "^(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}\\.?$" => {
            "a DNS name such as `api.shop.example.com` (`*.` in front for a wildcard)"
        }
        "^/[A-Za-z0-9_./-]{1,1010}$" => {
            "an SSM parameter name such as `/shop/prod/flags`: `/`, then letters, digits, `_`, `.`, `-` or `/`"
        }
        "^[A-Za-z0-9_./#:-]{1,255}$" => "1 to 255 letters, digits, `_`, `.`, `/`, `#`, `:` or `-`",
        "^AWSManagedRules[A-Za-z0-9]{1,100}$" => {
            "the name of an AWS managed rule group: `AWSManagedRules`, then letters and digits"
        }
        "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" => {
            "an image tag: 1 to 128 letters, digits, `_`, `.` or `-`, not starting with `.` or `-`"
        }
        "^[^/\\s]+/[^\\s]+$" => "`owner/repository`, without spaces",
        "^https://[^\\s]+$" => "an `https://` URL without spaces",
        "^[0-9a-f]{40}$" => "a full commit hash: 40 lowercase hexadecimal digits",
        "^[0-9a-f]{64}$" => "a SHA-256 digest: 64 lowercase hexadecimal digits",
        other => return format!("it must match the pattern `{other}`"),
    };
    format!("expected {rule}")
}

fn type_name(json_type: &str) -> &'static str {
    match json_type {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "empty",
        _ => "another type",
    }
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

const fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn describe_kind(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::UniqueItems => "items must be unique".to_owned(),
        ValidationErrorKind::MultipleOf { multiple_of } => {
            format!("must be a multiple of {multiple_of}")
        }
        ValidationErrorKind::Format { format } => format!("must be a valid {format}"),
        _ => "it does not match the schema".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_knows_its_keys() {
        let keys = allowed_keys("/services/cart");
        assert!(keys.contains(&"memory".to_owned()), "{keys:?}");
        assert!(allowed_keys("/cluster/capacity/general").contains(&"instance".to_owned()));
        assert!(allowed_keys("/cluster/capacity/spot").contains(&"weight".to_owned()));
        assert!(!allowed_keys("/cluster/capacity/spot").contains(&"instance".to_owned()));
        assert!(allowed_keys("/services/cart/permissions/0").contains(&"allow".to_owned()));
        assert!(allowed_keys("").contains(&"environments".to_owned()));
    }

    /// Editors show descriptions, and closed objects catch typos: check both everywhere.
    fn walk(node: &Value, at: &str, problems: &mut Vec<String>) {
        let Some(map) = node.as_object() else { return };
        if let Some(props) = map.get("properties").and_then(Value::as_object) {
            if !map.contains_key("additionalProperties") {
                problems.push(format!("{at}: object without `additionalProperties`"));
            }
            for (k, v) in props {
                if v.get("description").is_none() {
                    problems.push(format!("{at}/properties/{k}: no description"));
                }
            }
        }
        // `dependentSchemas` only forbids keys (`cidr: false` next to `import`).
        for (k, v) in map.iter().filter(|(k, _)| *k != "dependentSchemas") {
            match v {
                Value::Object(_) => walk(v, &format!("{at}/{k}"), problems),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, &format!("{at}/{k}/{i}"), problems);
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn every_property_is_described_and_every_object_closed() {
        let mut problems = Vec::new();
        walk(&SCHEMA_VALUE, "#", &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    fn schema_errors(yaml: &str) -> Vec<Diagnostic> {
        let doc = crate::source::parse(crate::diagnostic::FileId(0), yaml).expect("YAML");
        let mut sources = SourceMap::default();
        sources.add(crate::diagnostic::SourceFile {
            name: "app.yaml".to_owned(),
            text: yaml.to_owned(),
        });
        validate(&doc, &sources)
    }

    #[test]
    fn every_schema_error_carries_help() {
        let base = "blueprint: 1\napp: shop\nenvironments:\n  prod:\n    regions: [us-east-1]\nservices:\n  cart:\n    image: cart:1.0\n    cpu: 256\n    memory: 512\n";
        for (extra, code) in [
            ("    count: two\n", Code::FF0102),
            ("    imagee: x\n", Code::FF0101),
            ("    public-ip: maybe\n", Code::FF0102),
            ("    permissions: []\n    port: 0\n", Code::FF0106),
            ("    grace: []\n", Code::FF0102),
        ] {
            let diags = schema_errors(&format!("{base}{extra}"));
            assert!(diags.iter().any(|d| d.code == code), "{extra}: {diags:?}");
            for d in &diags {
                assert!(d.help.is_some(), "{extra}: {} has no help", d.message);
            }
        }
        let diags = schema_errors(&format!("{base}    count: two\n"));
        assert_eq!(
            diags[0].help.as_deref(),
            Some("write an integer, e.g. `count: 1`")
        );
    }

    /// A pattern the model gains without words here would leave its users a bare regex.
    #[test]
    fn every_pattern_of_the_schema_is_said_in_words() {
        fn patterns(node: &Value, out: &mut Vec<String>) {
            match node {
                Value::Object(map) => {
                    out.extend(
                        map.get("pattern")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    );
                    map.values().for_each(|v| patterns(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| patterns(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        patterns(&SCHEMA_VALUE, &mut all);
        assert!(all.len() > 20, "{all:?}");
        let bare: Vec<&String> = all
            .iter()
            .filter(|p| pattern_words(p).starts_with("it must match"))
            .collect();
        assert!(bare.is_empty(), "patterns without words: {bare:#?}");
    }

    #[test]
    fn describes_pointers() {
        assert_eq!(describe("/services/cart/cpu"), "services.cart.cpu");
        assert_eq!(describe(""), "the file");
        assert_eq!(describe("/services/a~1b"), "services.a/b");
    }
}
