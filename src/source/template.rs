//! CloudFormation templates in YAML (for `diff`): plain YAML into JSON, with the short-form
//! intrinsic tags (`!Ref x`, `!GetAtt a.b`, `!Sub …`) turned into their long form, so a template
//! written either way compares equal. Blueprints never get here: they reject tags (FF0009).
//! Not serde-saphyr's deserializer: it does not turn tags into intrinsics, and its alias budget
//! does not count text borrowed from the input, which [`MAX_BYTES`] is here for.

use std::collections::HashMap;

use serde_json::{Map, Value};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StrInput, Tag};

use super::scalar::{Resolved, resolve_plain};

/// Aliases may stand for at most this many nodes in total (as for blueprints).
const MAX_NODES: usize = 1_000_000;
/// The text of the document, aliases expanded (strings and keys), may be at most this many
/// bytes: an alias is a copy here, so a megabyte string aliased a million times stayed under
/// the node budget and asked for a terabyte. Templates come from snapshots, which come from
/// pull requests; a real one is under 1 MB (CloudFormation's own limit).
const MAX_BYTES: usize = 32 * 1024 * 1024;
const MAX_DEPTH: usize = 128;

/// Parses one YAML template into JSON. Errors are one line of text.
pub fn parse_template_yaml(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::granit_parser::options!(emit_comments: false);
    let mut reader = Reader {
        events: Parser::new_from_str_with_options(text, options),
        anchors: HashMap::new(),
        nodes: 0,
        bytes: 0,
    };
    loop {
        match reader.next()? {
            Event::StreamStart => {}
            Event::DocumentStart(..) => break,
            Event::StreamEnd => return Ok(Value::Null),
            _ => return Err("unexpected yaml structure".to_owned()),
        }
    }
    let event = reader.next()?;
    reader.node(event, 0)
}

struct Reader<'a> {
    events: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, Value>,
    nodes: usize,
    bytes: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<Event<'a>, String> {
        match self.events.next() {
            Some(Ok((event, _))) => Ok(event),
            Some(Err(e)) => Err(format!("yaml syntax error: {e}")),
            None => Err("unexpected end of the yaml".to_owned()),
        }
    }

    fn count(&mut self, (nodes, bytes): (usize, usize)) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(format!("the yaml expands to more than {MAX_NODES} nodes"));
        }
        self.bytes = self.bytes.saturating_add(bytes);
        if self.bytes > MAX_BYTES {
            return Err(format!(
                "the yaml expands to more than {MAX_BYTES} bytes of text"
            ));
        }
        Ok(())
    }

    fn node(&mut self, event: Event<'a>, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!("the yaml nests deeper than {MAX_DEPTH} levels"));
        }
        self.count((1, 0))?;
        let (value, anchor, tag) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.count((0, text.len()))?;
                let value = match (&tag, style) {
                    (Some(t), _) if t.core_suffix().is_some() => core(t, &text),
                    (_, ScalarStyle::Plain) => plain(&text),
                    _ => Value::String(text.into_owned()),
                };
                (value, anchor, tag.filter(|t| t.core_suffix().is_none()))
            }
            Event::SequenceStart(_, anchor, tag) => {
                let mut items = Vec::new();
                loop {
                    let event = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, depth + 1)?);
                }
                (Value::Array(items), anchor, tag)
            }
            Event::MappingStart(_, anchor, tag) => {
                let mut map = Map::new();
                loop {
                    let event = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = match self.node(event, depth + 1)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    let event = self.next()?;
                    let value = self.node(event, depth + 1)?;
                    map.insert(key, value);
                }
                (Value::Object(map), anchor, tag)
            }
            Event::Alias(id) => {
                let value = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| "yaml alias without an anchor".to_owned())?;
                self.count(weight(&value))?;
                return Ok(value);
            }
            _ => return Err("unexpected yaml structure".to_owned()),
        };
        let value = match tag {
            Some(t) => intrinsic(&t, value)?,
            None => value,
        };
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        Ok(value)
    }
}

/// Nodes and bytes of text (strings and keys) of a value: what copying it costs.
fn weight(value: &Value) -> (usize, usize) {
    let add =
        |(n, b): (usize, usize), (m, c): (usize, usize)| (n.saturating_add(m), b.saturating_add(c));
    match value {
        Value::Array(items) => items.iter().map(weight).fold((1, 0), add),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| add((0, k.len()), weight(v)))
            .fold((1, 0), add),
        Value::String(s) => (1, s.len()),
        _ => (1, 0),
    }
}

fn plain(text: &str) -> Value {
    match resolve_plain(text) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Number(n) => Value::Number(n),
        Resolved::Str | Resolved::NonFinite => Value::String(text.to_owned()),
    }
}

/// `!!str`, `!!int` …: the core tags say how to read the scalar.
fn core(tag: &Tag, text: &str) -> Value {
    match tag.core_suffix() {
        Some("str") => Value::String(text.to_owned()),
        _ => plain(text),
    }
}

/// The short-form intrinsics CloudFormation accepts in YAML, by tag name.
const INTRINSICS: &[&str] = &[
    "And",
    "Base64",
    "Cidr",
    "Equals",
    "FindInMap",
    "GetAZs",
    "GetAtt",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "Or",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
];

fn intrinsic(tag: &Tag, value: Value) -> Result<Value, String> {
    let name = tag.suffix();
    let key = match name {
        "Ref" | "Condition" => name.to_owned(),
        _ if tag.handle() == "!" && INTRINSICS.contains(&name) => format!("Fn::{name}"),
        _ => return Err(format!("unknown yaml tag `!{name}`")),
    };
    let value = match (name, value) {
        // `!GetAtt a.b` is the scalar form of `Fn::GetAtt: [a, b]`.
        ("GetAtt", Value::String(s)) => match s.split_once('.') {
            Some((resource, attribute)) => Value::Array(vec![resource.into(), attribute.into()]),
            None => Value::String(s),
        },
        (_, value) => value,
    };
    let mut map = Map::new();
    map.insert(key, value);
    Ok(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::parse_template_yaml;

    #[test]
    fn short_forms_become_long_forms() {
        let text = "A: !Ref Vpc\nB: !GetAtt Lb.DNSName\nC: !Sub '${AWS::Region}-x'\nD: !Join ['-', [a, !Ref B]]\nE: !!str 42\nF: 42\n";
        assert_eq!(
            parse_template_yaml(text).unwrap(),
            json!({
                "A": {"Ref": "Vpc"},
                "B": {"Fn::GetAtt": ["Lb", "DNSName"]},
                "C": {"Fn::Sub": "${AWS::Region}-x"},
                "D": {"Fn::Join": ["-", ["a", {"Ref": "B"}]]},
                "E": "42",
                "F": 42
            })
        );
    }

    #[test]
    fn unknown_tags_and_bad_yaml_are_errors() {
        assert!(parse_template_yaml("a: !Nope x\n").is_err());
        assert!(parse_template_yaml("a: [\n").is_err());
    }

    #[test]
    fn aliases_of_a_long_string_stop_at_the_byte_budget() {
        let text = format!(
            "a: &s \"{}\"\nb: [{}]\n",
            "x".repeat(1 << 20),
            ["*s"; 40].join(", ")
        );
        let err = parse_template_yaml(&text).unwrap_err();
        assert!(err.contains("bytes of text"), "{err}");
    }

    #[test]
    fn aliases_expand() {
        assert_eq!(
            parse_template_yaml("a: &x [1]\nb: *x\n").unwrap(),
            json!({"a": [1], "b": [1]})
        );
    }
}
