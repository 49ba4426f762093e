//! Emit: canonical JSON and YAML bytes for templates and other output files.
//!
//! Key order is the order of the value (struct field order, then sorted maps), so the same IR
//! always gives the same bytes. Both formats end with a newline.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

/// Template file format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Json,
    Yaml,
}

mod writer;

/// Pretty JSON, two-space indent, trailing newline: what `serde_json::to_string_pretty` writes,
/// byte for byte, written by [`writer`] (a shape it leaves alone is written by `serde_json`).
/// Serializing a typed value (a template) directly gives the same bytes as going through
/// `serde_json::Value` first, whose maps keep insertion order, without building that copy.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Templates are kilobytes; starting there saves most of the regrowth.
    let mut w = writer::Writer::new(16 * 1024);
    let mut out = if value.serialize(&mut w).is_ok() {
        w.out
    } else {
        let mut out = Vec::with_capacity(16 * 1024);
        let pretty = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, pretty);
        value
            .serialize(&mut serializer)
            .expect("output values always serialize");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    };
    out.push('\n');
    // A build keeps every file in memory until it writes them; shrinking in place is cheap.
    out.shrink_to_fit();
    out
}

/// Block-style YAML. Strings that a YAML 1.1 reader (CloudFormation's) could read as anything
/// but the same string are double-quoted in JSON syntax, which YAML accepts as-is. Key order is
/// that of the JSON (struct field order, then sorted maps).
///
/// Not serde-saphyr's serializer: it leaves more strings plain (`a b`), writes multi-line
/// strings as block scalars and lists flush with their key, so its templates would differ from
/// these in bytes, and its plain-or-quoted choice is YAML 1.2's, not this conservative one.
pub fn yaml<T: Serialize + ?Sized>(value: &T) -> String {
    let value = serde_json::to_value(value).expect("output values always serialize");
    let value = &value;
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        let _ = write!(out, "{:indent$}{}:", "", quote_if_needed(key));
        write_child(out, value, indent);
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        let _ = write!(out, "{:indent$}-", "");
        match item {
            Value::Object(map) if !map.is_empty() => {
                // First entry on the dash line, the rest aligned under it.
                let mut nested = String::new();
                write_map(&mut nested, map, indent + 2);
                out.push(' ');
                out.push_str(&nested[indent + 2..]);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            scalar => {
                out.push(' ');
                out.push_str(&scalar_text(scalar));
                out.push('\n');
            }
        }
    }
}

fn write_child(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote_if_needed(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Plain when unambiguous in YAML 1.1 and 1.2, otherwise a JSON string.
fn quote_if_needed(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).expect("strings serialize")
    }
}

fn is_plain_safe(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '/' || first == '_') {
        return false;
    }
    if RESERVED.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    // Letters, digits and a few punctuation marks that never start YAML syntax mid-scalar;
    // `: ` and ` #` cannot occur because spaces are excluded.
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':'))
        && !s.ends_with(':')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// [`json`] writes what `serde_json`'s pretty printer writes for any JSON value: strings
    /// with every kind of character (control characters, quotes, backslashes, multi-byte) at
    /// every offset of the eight-byte scan, numbers of every kind, nesting.
    #[test]
    fn writer_matches_serde_json_on_random_values() {
        use proptest::prelude::*;
        let text = prop::collection::vec(
            prop::sample::select(vec![
                "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{8}", "\u{c}", "\u{0}",
                "\u{1f}", "\u{7f}", "é", "☃", "😀", "${", "{{", "\u{2028}",
            ]),
            0..40,
        )
        .prop_map(|parts| parts.concat());
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|n| json!(n)),
            text.clone().prop_map(Value::String),
        ];
        let value = leaf.prop_recursive(6, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((text.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        });
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases: 2000,
            ..proptest::test_runner::Config::default()
        });
        runner
            .run(&value, |value| {
                let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
                prop_assert_eq!(json(&value), expected);
                Ok(())
            })
            .unwrap();
    }

    /// The shapes `serde_json::Value` never takes but typed values do: enum variants of every
    /// kind, options, characters, bytes, tuples, a float that is not finite, numeric map keys.
    #[test]
    fn writer_matches_serde_json_on_typed_values() {
        #[derive(Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(i32, String),
            Struct { a: Option<bool>, b: Vec<()> },
            EmptyTuple(),
        }
        #[derive(Serialize)]
        struct S {
            e: Vec<E>,
            c: char,
            #[serde(with = "serde_bytes_like")]
            bytes: Vec<u8>,
            t: (u64, f64, f32),
            keys: std::collections::BTreeMap<i32, &'static str>,
            none: Option<u8>,
            unit: (),
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
        }
        mod serde_bytes_like {
            pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(v)
            }
        }
        let value = S {
            e: vec![
                E::Unit,
                E::New(7),
                E::Tuple(-3, "x\"y".to_owned()),
                E::Struct {
                    a: Some(true),
                    b: vec![(), ()],
                },
                E::Struct { a: None, b: vec![] },
                E::EmptyTuple(),
            ],
            c: '\n',
            bytes: vec![0, 255],
            t: (u64::MAX, f64::NAN, 1.5),
            keys: [(1, "one"), (-2, "minus two")].into_iter().collect(),
            none: None,
            unit: (),
            skipped: None,
        };
        let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert_eq!(json(&value), expected);
    }

    /// Shapes the writer leaves to `serde_json` (keys that are booleans, floats or characters,
    /// 128-bit integers, an error raised halfway through a value) come out as `serde_json`
    /// writes them, with nothing of the abandoned attempt left in the text.
    #[test]
    fn shapes_left_to_serde_json_are_written_by_it() {
        #[derive(Serialize)]
        struct Late {
            first: &'static str,
            keys: std::collections::BTreeMap<bool, u8>,
        }
        let late = Late {
            first: "written before the writer gives up",
            keys: [(true, 1), (false, 0)].into_iter().collect(),
        };
        let expected = serde_json::to_string_pretty(&late).unwrap() + "\n";
        assert_eq!(json(&late), expected);
        let wide = (i128::MIN, u128::MAX, vec![1u8]);
        let expected = serde_json::to_string_pretty(&wide).unwrap() + "\n";
        assert_eq!(json(&wide), expected);
        let chars: std::collections::BTreeMap<char, u8> = [('a', 1)].into_iter().collect();
        let expected = serde_json::to_string_pretty(&chars).unwrap() + "\n";
        assert_eq!(json(&chars), expected);
    }

    /// [`json`] writes exactly what `serde_json`'s pretty printer writes: empty and nested
    /// lists and maps, escapes, and nesting deeper than [`BREAK`] indents at once.
    #[test]
    fn json_is_serde_json_pretty_byte_for_byte() {
        let mut deep = json!("bottom");
        for i in 0..80 {
            deep = if i % 2 == 0 {
                json!({ "k": deep, "e": {}, "l": [] })
            } else {
                json!([deep, 1, null, true, "a\"b\\c\n\u{1}é"])
            };
        }
        for value in [
            json!({}),
            json!([]),
            json!(null),
            json!("x"),
            json!({"a": [[], [{}]]}),
            deep,
        ] {
            let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
            assert_eq!(json(&value), expected);
        }
    }

    #[test]
    fn yaml_quotes_ambiguous_strings() {
        let v = json!({"A": "yes", "B": "plain", "C": "10", "D": "a b", "E": ""});
        assert_eq!(
            yaml(&v),
            "A: \"yes\"\nB: plain\nC: \"10\"\nD: \"a b\"\nE: \"\"\n"
        );
    }

    #[test]
    fn yaml_nests_maps_in_lists() {
        let v = json!({"L": [{"K": 1, "M": [true]}, "x"], "Empty": {}});
        assert_eq!(
            yaml(&v),
            "L:\n  - K: 1\n    M:\n      - true\n  - x\nEmpty: {}\n"
        );
    }

    #[test]
    fn json_ends_with_newline() {
        assert!(json(&json!({"a": 1})).ends_with("}\n"));
    }
}
