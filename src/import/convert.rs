//! Conversions both importers share: names, Fargate sizes, durations, byte sizes, literal text,
//! secret-looking variable names and shell-like command splitting.

use serde_json::Value;

/// A blueprint name (`^[a-z][a-z0-9-]{0,max-1}$`) from any text: lowercase, other characters
/// as `-`, no leading digit or dash, at most `max` characters.
pub fn name(raw: &str, max: usize, fallback: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out = if out.is_empty() {
            fallback.to_owned()
        } else {
            format!("{fallback}-{out}")
        };
    }
    out.truncate(max);
    out.trim_end_matches('-').to_owned()
}

/// An app name from any text (see [`name`]): at most 20 characters, and not one whose load
/// balancer name, `{app}-{env}`, would begin with `internal-`, which ELB refuses (FF0308).
pub fn app_name(raw: &str) -> String {
    let app = name(raw, 20, "app");
    if app == "internal" || app.starts_with("internal-") {
        name(&format!("app-{app}"), 20, "app")
    } else {
        app
    }
}

/// The smallest Fargate size with at least `cpu` units and `memory` MiB (the largest size when
/// nothing is big enough); tested with the table, in `crate::fargate`.
pub fn fargate_size(cpu: u32, memory: u32) -> (u32, u32) {
    crate::fargate::smallest(cpu, memory)
}

/// Seconds in a duration: a number (seconds) or Go/Compose text like `30s`, `1m30s`, `500ms`,
/// `1h`, rounded up to whole seconds. `None` when unreadable.
pub fn seconds(value: &Value) -> Option<u64> {
    if let Some(n) = value.as_u64() {
        return Some(n);
    }
    let text = value.as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    let mut millis: f64 = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "h" => 3_600_000.0,
            "m" => 60_000.0,
            "s" | "" => 1000.0,
            "ms" => 1.0,
            "us" | "µs" => 0.001,
            "ns" => 0.000_001,
            _ => return None,
        };
        millis += number * factor;
        rest = &rest[unit_len..];
    }
    // Durations in manifests are small; the cast cannot truncate anything meaningful.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some((millis / 1000.0).ceil() as u64)
}

/// MiB in a Compose byte size: `512m`, `1g`, `1.5GB`, `2048k`, or a number of bytes; rounded up.
pub fn mebibytes(value: &Value) -> Option<u32> {
    let bytes: f64 = if let Some(n) = value.as_f64() {
        n
    } else {
        let text = value.as_str()?.trim().to_ascii_lowercase();
        let text = text.strip_suffix('b').unwrap_or(&text);
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let number: f64 = text[..split].parse().ok()?;
        let factor = match text[split..].trim() {
            "" => 1.0,
            "k" | "ki" => 1024.0,
            "m" | "mi" => 1024.0 * 1024.0,
            "g" | "gi" => 1024.0 * 1024.0 * 1024.0,
            _ => return None,
        };
        number * factor
    };
    let mib = (bytes / (1024.0 * 1024.0)).ceil();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (mib.is_finite() && mib >= 0.0 && mib <= f64::from(u32::MAX)).then_some(mib as u32)
}

/// Blueprint strings are interpolated: a literal `{{` is written `\{{`.
pub fn literal(text: &str) -> String {
    text.replace("{{", "\\{{")
}

/// A scalar as text (numbers and booleans as written); `None` for null, lists and maps.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

// The blueprint's own definition of what looks secret (FF0305), so imported variables it
// would reject become secret references instead.
pub use crate::secrets::{secret_name, secret_value};

/// Whether a secret reference has a form the blueprint accepts; mirrors the check FF0311.
pub fn secret_reference(reference: &str) -> bool {
    let word = |s: &str| !s.is_empty() && !s.chars().any(char::is_whitespace);
    if let Some(rest) = reference.strip_prefix("ssm:") {
        return word(rest) && rest != "/";
    }
    if let Some(rest) = reference.strip_prefix("secretsmanager:") {
        return match rest.split_once('#') {
            Some((name, key)) => word(name) && word(key) && !key.contains('#'),
            None => word(rest),
        };
    }
    false
}

/// Whether `name` is a valid environment variable name for a blueprint.
pub fn env_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A variable name from any text (a Compose secret's name): upper case, other characters `_`.
pub fn env_name_from(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Splits a command string like a POSIX shell does for words and quotes (no expansion); `None`
/// for an unclosed quote.
pub fn split_command(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => word.push(chars.next()?),
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next()?);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// Whether an image reference names a tag or a digest (the blueprint requires one).
pub fn has_tag(image: &str) -> bool {
    let last = image.rsplit('/').next().unwrap_or(image);
    image.contains('@') || last.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_become_valid_blueprint_names() {
        assert_eq!(name("My_Service.v2", 31, "svc"), "my-service-v2");
        assert_eq!(name("2fa", 31, "svc"), "svc-2fa");
        assert_eq!(name("___", 31, "svc"), "svc");
        assert_eq!(name("a".repeat(40).as_str(), 20, "x").len(), 20);
    }

    #[test]
    fn app_names_give_load_balancer_names_elb_accepts() {
        assert_eq!(app_name("Internal"), "app-internal");
        assert_eq!(app_name("internal-tools"), "app-internal-tools");
        assert_eq!(app_name("internals"), "internals");
    }

    #[test]
    fn durations_and_sizes_parse() {
        assert_eq!(seconds(&json!("1m30s")), Some(90));
        assert_eq!(seconds(&json!("500ms")), Some(1));
        assert_eq!(seconds(&json!(12)), Some(12));
        assert_eq!(seconds(&json!("1x")), None);
        assert_eq!(mebibytes(&json!("512M")), Some(512));
        assert_eq!(mebibytes(&json!("1.5g")), Some(1536));
        assert_eq!(mebibytes(&json!(1_048_576)), Some(1));
        assert_eq!(mebibytes(&json!("lots")), None);
    }

    #[test]
    fn commands_split_like_a_shell() {
        assert_eq!(
            split_command(r#"sh -c 'echo "hi there"' a\ b"#),
            Some(vec![
                "sh".into(),
                "-c".into(),
                "echo \"hi there\"".into(),
                "a b".into()
            ])
        );
        assert_eq!(split_command("'open"), None);
    }

    #[test]
    fn secrets_and_tags_are_recognised() {
        assert!(secret_name("POSTGRES_PASSWORD"));
        assert!(!secret_name("POSTGRES_PASSWORD_FILE"));
        assert!(has_tag("registry:5000/a/b:1.2"));
        assert!(!has_tag("registry:5000/a/b"));
        assert_eq!(env_name_from("db-pass.word"), "DB_PASS_WORD");
    }
}
