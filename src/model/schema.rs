//! The blueprint's JSON Schema, generated from the model's types with `schemars`: the serde
//! attributes give the keys and which are required, doc comments give the descriptions, and
//! `#[schemars(…)]` attributes the constraints serde cannot express (patterns, ranges, lengths).
//!
//! `schemas/blueprint.schema.json` is this output, checked in for editors and read by `check`;
//! a test keeps it current (`FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test schema` rewrites
//! it). The schema avoids `anyOf` on purpose: "one or many" and per-region values are told
//! apart by `type` lists ([`by_type`]), so every error names one place.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use super::AppFile;

/// Where editors and `$id` find the schema.
const ID: &str = "https://fleetform.dev/schemas/blueprint.schema.json";

/// The JSON Schema of one blueprint file.
pub fn blueprint_schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(tidy))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<AppFile>().to_value();
    kebab_case_definitions(&mut schema);
    // `$schema`, `$id` and `title` first, as editors show them.
    let mut root = Map::new();
    let Value::Object(body) = schema else {
        return Value::Object(root);
    };
    root.insert(
        "$schema".to_owned(),
        body.get("$schema").cloned().unwrap_or(Value::Null),
    );
    root.insert("$id".to_owned(), ID.into());
    root.insert("title".to_owned(), "fleetform blueprint".into());
    root.extend(
        body.into_iter()
            .filter(|(k, _)| k != "$schema" && k != "title"),
    );
    Value::Object(root)
}

/// Definitions named as blueprint keys are (`GlobalName` → `global-name`), in the `$defs` and in
/// every `$ref` to them.
fn kebab_case_definitions(node: &mut Value) {
    const PREFIX: &str = "#/$defs/";
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(name) = target.strip_prefix(PREFIX)
            {
                *target = format!("{PREFIX}{}", kebab_case(name));
            }
            if let Some(Value::Object(defs)) = map.get_mut("$defs") {
                *defs = std::mem::take(defs)
                    .into_iter()
                    .map(|(name, def)| (kebab_case(&name), def))
                    .collect();
            }
            map.values_mut().for_each(kebab_case_definitions);
        }
        Value::Array(items) => items.iter_mut().for_each(kebab_case_definitions),
        _ => {}
    }
}

fn kebab_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// [`blueprint_schema`] as the pretty-printed text of `schemas/blueprint.schema.json`.
pub fn blueprint_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&blueprint_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// What schemars writes for Rust's sake and a blueprint never needs: `format` (`uint32`,
/// `double`) and the `null` that `Option` admits, since an absent key, not `null`, is how a
/// blueprint leaves a value out. Also where the model's attributes put what schemars has no
/// attribute for: doc comments wrapped over lines become one line again, and `x-items`,
/// `x-values` and `x-names` (on a list or map field) become the descriptions of its items, its
/// values and its keys.
fn tidy(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    obj.remove("format");
    // An empty list or map as default says only what leaving the key out says, and an editor
    // that inserts it could break a `minItems` (`deploy.alarms`).
    if obj.get("default").is_some_and(|d| {
        d.as_array().is_some_and(Vec::is_empty) || d.as_object().is_some_and(Map::is_empty)
    }) {
        obj.remove("default");
    }
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            obj.insert("type".to_owned(), only);
        }
    }
    let nullable = matches!(obj.get("anyOf"), Some(Value::Array(any))
        if any.len() == 2 && any[1] == serde_json::json!({"type": "null"}));
    if nullable
        && let Some(Value::Array(mut any)) = obj.remove("anyOf")
        && let Value::Object(inner) = any.swap_remove(0)
    {
        for (k, v) in inner {
            obj.entry(k).or_insert(v);
        }
    }
    consts_to_enum(obj);
    if let Some(Value::String(text)) = obj.get_mut("description") {
        *text = text.replace('\n', " ");
    }
    for (marker, part) in [
        ("x-items", "items"),
        ("x-values", "additionalProperties"),
        ("x-names", "propertyNames"),
    ] {
        let Some(text) = obj.shift_remove(marker) else {
            continue;
        };
        if let Value::Object(sub) = obj.entry(part).or_insert_with(|| Value::Object(Map::new())) {
            // Description first, as in every other schema node.
            let rest = std::mem::take(sub);
            sub.insert("description".to_owned(), text);
            sub.extend(rest.into_iter().filter(|(k, _)| k != "description"));
        }
    }
}

/// Unit variants with doc comments come out as a `oneOf` of `const`s; a plain `enum` lists every
/// allowed value in one error (FF0104), with a did-you-mean.
fn consts_to_enum(obj: &mut Map<String, Value>) {
    let Some(Value::Array(variants)) = obj.get("oneOf") else {
        return;
    };
    let names: Option<Vec<Value>> = variants
        .iter()
        .map(|v| {
            v.get("const")
                .filter(|_| v.get("type").and_then(Value::as_str) == Some("string"))
                .cloned()
        })
        .collect();
    if let Some(names) = names {
        obj.shift_remove("oneOf");
        obj.insert("type".to_owned(), "string".into());
        obj.insert("enum".to_owned(), Value::Array(names));
    }
}

/// For an untagged enum whose variants may share a JSON type (a boolean, a number or a
/// mapping): exactly one variant must match, as serde picks one.
pub fn one_of(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(any) = obj.remove("anyOf") {
        obj.insert("oneOf".to_owned(), any);
    }
}

/// `environments.<env>.events`: a map keyed by [`super::EventKind`], as a closed mapping with one
/// key per kind, described by that kind's doc comment.
pub fn events(generator: &mut SchemaGenerator) -> Schema {
    let kinds = <super::EventKind as schemars::JsonSchema>::json_schema(generator);
    let mut properties = Map::new();
    for kind in kinds
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(name), Some(description)) = (
            kind.get("const").and_then(Value::as_str),
            kind.get("description").cloned(),
        ) else {
            continue;
        };
        let mut targets = generator.subschema_for::<super::EventTargets>();
        targets.insert("description".to_owned(), description);
        properties.insert(name.to_owned(), targets.to_value());
    }
    json_schema!({
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

/// For an untagged enum whose variants are of different JSON types (a string or a list, a
/// string or a mapping): one schema with a `type` list and each variant's keywords, instead of
/// `anyOf`. A wrong value then gets one precise error rather than one per variant. Mappings of
/// several variants (`spread: …`, `binpack: …`) share one `properties`; a key only some of them
/// require is required by none.
pub fn by_type(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let Some(Value::Array(variants)) = obj.remove("anyOf") else {
        return;
    };
    let mut types: Vec<Value> = Vec::new();
    for variant in variants {
        let Value::Object(variant) = variant else {
            continue;
        };
        let repeated = variant.get("type").is_some_and(|t| types.contains(t));
        for (k, v) in variant {
            match (k.as_str(), obj.get_mut(&k)) {
                ("type", _) => {
                    if !repeated {
                        types.push(v);
                    }
                }
                ("properties", Some(Value::Object(props))) => {
                    if let Value::Object(more) = v {
                        props.extend(more);
                    }
                }
                ("required", Some(Value::Array(required))) => {
                    required.retain(|r| v.as_array().is_some_and(|v| v.contains(r)));
                }
                // The enum's own description stands; otherwise the first variant's keyword wins.
                ("description", _) | (_, Some(_)) => {}
                (_, None) => {
                    obj.insert(k, v);
                }
            }
        }
    }
    if obj
        .get("required")
        .is_some_and(|r| r.as_array().is_some_and(Vec::is_empty))
    {
        obj.remove("required");
    }
    obj.insert("type".to_owned(), Value::Array(types));
}

/// A unit enum as a pattern rather than `enum`, for the names of placement presets and
/// strategies: `check` says in words what such a value may be (see `pattern_words`), which
/// also covers the other shapes of the same key.
pub fn enum_as_pattern(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    consts_to_enum(obj);
    let Some(Value::Array(names)) = obj.remove("enum") else {
        return;
    };
    let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
    let pattern = match names.as_slice() {
        [one] => format!("^{one}$"),
        many => format!("^({})$", many.join("|")),
    };
    obj.insert("pattern".to_owned(), pattern.into());
}

/// `blueprint:`, the format version: the one value this fleetform reads (any other, of any
/// type, is FF0108).
pub fn version(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "const": 1 })
}

/// `cluster.capacity`: `fargate` and `spot` are Fargate providers, any other name an EC2 Auto
/// Scaling group; told apart by name, as [`super::Capacity`] is by shape.
pub fn capacity(generator: &mut SchemaGenerator) -> Schema {
    // Described at the key too, as every property is (editors show the key's description).
    let mut fargate = generator.subschema_for::<super::FargateCapacity>();
    let own = <super::FargateCapacity as schemars::JsonSchema>::json_schema(generator);
    if let Some(description) = own.get("description") {
        fargate.insert("description".to_owned(), description.clone());
    }
    let ec2 = generator.subschema_for::<super::Ec2Capacity>();
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": "^[a-z][a-z0-9-]{0,30}$" },
        "properties": { "fargate": fargate.clone(), "spot": fargate },
        "additionalProperties": ec2,
    })
}

/// A service's `alarms` mapping: the app's, less `notify`, which only the app sets.
pub fn service_alarms(generator: &mut SchemaGenerator) -> Schema {
    let mut alarms = <super::Alarms as schemars::JsonSchema>::json_schema(generator);
    if let Some(Value::Object(props)) = alarms.get_mut("properties") {
        props.shift_remove("notify");
    }
    alarms
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn every_node(node: &Value, visit: &mut dyn FnMut(&serde_json::Map<String, Value>)) {
        match node {
            Value::Object(map) => {
                visit(map);
                map.values().for_each(|v| every_node(v, visit));
            }
            Value::Array(items) => items.iter().for_each(|v| every_node(v, visit)),
            _ => {}
        }
    }

    /// `Option` fields are left out, never `null`: schemars' `null` would let `cpu: ~` through
    /// the schema to fail later in serde, without a span.
    #[test]
    fn no_value_may_be_null() {
        let mut nullable = Vec::new();
        every_node(&super::blueprint_schema(), &mut |node| {
            let null = Value::from("null");
            if node
                .get("type")
                .is_some_and(|t| *t == null || t.as_array().is_some_and(|ts| ts.contains(&null)))
            {
                nullable.push(Value::Object(node.clone()));
            }
        });
        assert!(nullable.is_empty(), "{nullable:#?}");
    }

    /// Untagged enums become `type` lists or `oneOf`, never `anyOf`, whose errors `check` cannot
    /// place on one key; and no `format` of Rust's integer widths is left for validators to trip on.
    #[test]
    fn no_any_of_and_no_rust_formats() {
        let mut found = Vec::new();
        every_node(&super::blueprint_schema(), &mut |node| {
            found.extend(
                ["anyOf", "format", "x-items", "x-values", "x-names"]
                    .into_iter()
                    .filter(|k| node.contains_key(*k)),
            );
        });
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn unit_variants_are_enums_and_presets_patterns() {
        let schema = super::blueprint_schema();
        let defs = &schema["$defs"];
        assert_eq!(
            defs["log-driver"]["enum"],
            serde_json::json!(["awslogs", "firelens"])
        );
        let placement = &defs["placement"];
        assert_eq!(
            placement["type"],
            serde_json::json!(["string", "array", "object"])
        );
        assert_eq!(placement["pattern"], "^(compact|balanced|anti-affinity)$");
        assert_eq!(
            placement["items"]["pattern"],
            "^(compact|balanced|anti-affinity)$"
        );
    }

    /// Every default is a value its own schema accepts, so an editor that fills it in keeps the
    /// blueprint valid.
    #[test]
    fn defaults_are_valid_values() {
        let schema = super::blueprint_schema();
        let mut checked = 0;
        every_node(&schema, &mut |node| {
            let Some(default) = node.get("default") else {
                return;
            };
            let mut alone = node.clone();
            alone.shift_remove("default");
            // Its own schema alone, with the `$defs` a `$ref` beside it may point into.
            let mut defs = schema["$defs"].clone();
            defs["under-test"] = Value::Object(alone);
            let standalone = serde_json::json!({"$defs": defs, "$ref": "#/$defs/under-test"});
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&standalone)
                .unwrap();
            assert!(validator.is_valid(default), "{default} in {node:?}");
            checked += 1;
        });
        assert!(checked > 20, "{checked}");
    }

    #[test]
    fn service_alarms_leave_out_notify() {
        let schema = super::blueprint_schema();
        let set = &schema["$defs"]["service-alarms"]["oneOf"][1]["properties"];
        assert!(
            set.get("cpu").is_some() && set.get("notify").is_none(),
            "{set:#}"
        );
    }
}
