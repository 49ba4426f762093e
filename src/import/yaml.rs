//! A small YAML writer for imported blueprints: block mappings in the order they were built,
//! flow lists of scalars, and every string either plain (only when it cannot read as anything
//! else) or double-quoted with escapes, so any text round-trips literally.

use std::fmt::Write as _;

/// A blueprint value in the order it should be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    pub fn int(n: impl Into<i64>) -> Self {
        Self::Int(n.into())
    }

    const fn is_scalar(&self) -> bool {
        matches!(self, Self::Str(_) | Self::Int(_) | Self::Bool(_))
    }
}

/// Writes `node` (a mapping) as a YAML document.
pub fn write(node: &Node) -> String {
    let mut out = String::new();
    match node {
        Node::Map(entries) => map(&mut out, entries, 0),
        other => {
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
    out
}

fn map(out: &mut String, entries: &[(String, Node)], indent: usize) {
    for (key, value) in entries {
        let _ = write!(out, "{:indent$}{}:", "", scalar(key, false));
        value_after_key(out, value, indent);
    }
}

fn value_after_key(out: &mut String, value: &Node, indent: usize) {
    match value {
        Node::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            map(out, entries, indent + 2);
        }
        Node::List(items) if !items.iter().all(Node::is_scalar) => {
            out.push('\n');
            list(out, items, indent + 2);
        }
        other => {
            let _ = writeln!(out, " {}", inline(other));
        }
    }
}

fn list(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                // The first entry shares the dash's line; the rest align under it.
                let _ = write!(out, "{:indent$}- ", "");
                let mut first = true;
                for (key, value) in entries {
                    if !first {
                        let _ = write!(out, "{:w$}", "", w = indent + 2);
                    }
                    first = false;
                    let _ = write!(out, "{}:", scalar(key, false));
                    value_after_key(out, value, indent + 2);
                }
            }
            Node::List(inner) if !inner.iter().all(Node::is_scalar) => {
                let _ = writeln!(out, "{:indent$}-", "");
                list(out, inner, indent + 2);
            }
            other => {
                let _ = writeln!(out, "{:indent$}- {}", "", inline(other));
            }
        }
    }
}

/// A scalar, an empty collection or a flow list of scalars.
fn inline(node: &Node) -> String {
    match node {
        Node::Str(s) => scalar(s, false),
        Node::Int(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Map(_) => "{}".to_owned(),
        Node::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Node::Str(s) => scalar(s, true),
                    other => inline(other),
                })
                .collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

/// A string as a plain scalar when that is unambiguous, else double-quoted.
pub fn scalar(s: &str, in_flow: bool) -> String {
    if plain_ok(s, in_flow) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '/' || first == '_') {
        return false;
    }
    if s.ends_with([':', ' ']) || s.contains(": ") || s.contains(" #") || s.contains("{{") {
        return false;
    }
    if in_flow && s.contains(':') {
        return false;
    }
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    if reserved.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || " _./:@*-".contains(c))
}

/// A double-quoted scalar: `"` and `\` escaped, every non-printable character as `\uXXXX`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c < ' '
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || c == '\u{feff}'
                || c == '\u{fffe}'
                || c == '\u{ffff}'
                || c == '\u{2028}'
                || c == '\u{2029}' =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_maps_lists_and_quotes_what_needs_it() {
        let doc = Node::Map(vec![
            ("blueprint".into(), Node::int(1)),
            ("app".into(), Node::str("shop")),
            ("tag".into(), Node::str("1.4.2")),
            ("flag".into(), Node::str("yes")),
            ("regions".into(), Node::List(vec![Node::str("us-east-1")])),
            ("empty".into(), Node::Map(vec![])),
            (
                "list".into(),
                Node::List(vec![Node::Map(vec![
                    ("a".into(), Node::int(1)),
                    ("b".into(), Node::Map(vec![("c".into(), Node::Bool(true))])),
                ])]),
            ),
        ]);
        assert_eq!(
            write(&doc),
            "blueprint: 1\napp: shop\ntag: \"1.4.2\"\nflag: \"yes\"\nregions: [us-east-1]\n\
             empty: {}\nlist:\n  - a: 1\n    b:\n      c: true\n"
        );
    }

    #[test]
    fn hostile_strings_are_quoted() {
        for s in [
            "a: b",
            "x #y",
            "{{x}}",
            "",
            "-1",
            "line\nbreak",
            "q\"\\",
            "\u{7f}",
            " lead",
        ] {
            assert!(scalar(s, false).starts_with('"'), "{s:?}");
        }
        assert_eq!(quoted("a\u{1}b"), "\"a\\u0001b\"");
    }
}
