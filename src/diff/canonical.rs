//! Canonical form of a template: keys sorted, intrinsics in one long form, so two templates that
//! mean the same compare equal whatever their format or key order.

use serde_json::{Map, Value};

/// Parses a template or configuration file by its extension (`.yaml`/`.yml`/`.template` as
/// YAML, which JSON also is) and returns its canonical form.
pub fn parse(path: &str, text: &str) -> Result<Value, String> {
    let is_json = std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value = if is_json {
        serde_json::from_str(text).map_err(|e| format!("`{path}` is not valid json: {e}"))?
    } else {
        crate::source::parse_template_yaml(text).map_err(|e| format!("`{path}`: {e}"))?
    };
    Ok(canonicalize(&value))
}

/// Sorts every object's keys and writes `Fn::GetAtt: "a.b"` as `Fn::GetAtt: [a, b]`.
pub fn canonicalize(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                let v = &map[key];
                let v = match (key.as_str(), v) {
                    ("Fn::GetAtt", Value::String(s)) if map.len() == 1 => match s.split_once('.') {
                        Some((r, a)) => Value::Array(vec![r.into(), a.into()]),
                        None => v.clone(),
                    },
                    _ => canonicalize(v),
                };
                out.insert(key.clone(), v);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonicalize).collect()),
        other => other.clone(),
    }
}

/// Pretty JSON of a canonical value, with a trailing newline.
pub fn pretty(value: &Value) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

/// Whether a value is one intrinsic function call (`{"Ref": …}`, `{"Fn::…": …}`).
pub fn is_intrinsic(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.len() == 1
            && m.keys()
                .all(|k| k == "Ref" || k == "Condition" || k.starts_with("Fn::"))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn short_and_long_forms_are_equal() {
        let yaml = "Resources:\n  B:\n    Type: X\n    Properties: { Vpc: !Ref Vpc, Dns: !GetAtt Lb.DNSName }\n";
        let json = r#"{"Resources": {"B": {"Properties": {"Dns": {"Fn::GetAtt": "Lb.DNSName"}, "Vpc": {"Ref": "Vpc"}}, "Type": "X"}}}"#;
        assert_eq!(
            parse("a.yaml", yaml).unwrap(),
            parse("b.json", json).unwrap()
        );
    }

    #[test]
    fn keys_are_sorted() {
        let v = canonicalize(&json!({"b": 1, "a": {"d": 2, "c": 3}}));
        assert_eq!(
            pretty(&v),
            "{\n  \"a\": {\n    \"c\": 3,\n    \"d\": 2\n  },\n  \"b\": 1\n}\n"
        );
    }

    #[test]
    fn get_att_string_only_in_an_intrinsic() {
        let v = canonicalize(&json!({"Fn::GetAtt": "a.b", "x": "y.z"}));
        assert_eq!(v, json!({"Fn::GetAtt": "a.b", "x": "y.z"}));
        assert!(is_intrinsic(&json!({"Fn::Sub": "x"})));
        assert!(!is_intrinsic(&json!({"Fn::Sub": "x", "y": 1})));
    }

    #[test]
    fn invalid_files_are_errors() {
        assert!(parse("a.json", "{").is_err());
        assert!(parse("a.yaml", "a: [").is_err());
    }
}
