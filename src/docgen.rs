//! Generated documentation: `docs/reference.md` from the blueprint JSON Schema and
//! `docs/diagnostics.md` from [`check::rule_docs`]. Both are checked in and a test keeps them
//! current (`FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test docs` rewrites them); the hidden
//! `fleetform docs reference|diagnostics` prints them.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::check::{self, RuleDoc};

/// `docs/reference.md`: every property path of a blueprint file with its type, constraints and
/// description, one table per top-level key, in schema order.
pub fn reference() -> String {
    let schema: Value = serde_json::from_str(check::SCHEMA).expect("the schema is JSON");
    let mut out = String::from(
        "# Blueprint reference (generated)\n\n\
         Generated from `schemas/blueprint.schema.json` by `fleetform docs reference`; do not \
         edit (a test fails when it is stale; `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test \
         docs` rewrites it). [README.md](README.md) indexes the guided pages, one per feature, \
         with examples.\n\n\
         Paths use `.` for keys, `<name>` for a key you choose (an environment, service, \
         capacity, variable, …) and `[]` for list items. Semantic rules beyond the schema are in \
         [diagnostics.md](diagnostics.md).\n",
    );
    let _ = write!(
        out,
        "\n{}\n",
        text(schema["description"].as_str().unwrap_or_default())
    );
    let root = resolve(&schema, &schema);
    let required = names(&root, "required");
    let Some(props) = root.get("properties").and_then(Value::as_object) else {
        return out;
    };
    for (key, sub) in props {
        let _ = writeln!(out, "\n## `{key}`\n");
        out.push_str("| Path | Type | Constraints | Description |\n| --- | --- | --- | --- |\n");
        let mut rows = Vec::new();
        walk(
            &schema,
            sub,
            key,
            required.contains(key),
            &mut Vec::new(),
            &mut rows,
        );
        for row in rows {
            out.push_str(&row);
        }
    }
    out
}

/// `docs/diagnostics.md`: every diagnostic code with its title and explanation.
pub fn diagnostics() -> String {
    diagnostics_of(check::rule_docs())
}

fn diagnostics_of(docs: &[RuleDoc]) -> String {
    let mut out = String::from(
        "# Diagnostics (generated)\n\n\
         Generated from `check::rule_docs()` by `fleetform docs diagnostics`; do not edit (a \
         test fails when it is stale; `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test docs` \
         rewrites it). `fleetform explain CODE` prints one entry.\n\n\
         Ranges: FF00xx source and YAML · FF01xx schema · FF02xx app structure and files · \
         FF03xx services · FF04xx environments, network, cluster, ingress, regions · FF05xx \
         pipeline · FF06xx observability · FF07xx import · FF09xx limits.\n\n\
         | Code | Title |\n| --- | --- |\n",
    );
    for d in docs {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} |",
            d.code,
            d.code.to_ascii_lowercase(),
            cell(d.title)
        );
    }
    for d in docs {
        let _ = write!(
            out,
            "\n## {}\n\n**{}**\n\n{}\n",
            d.code,
            d.title,
            d.explanation.trim_end()
        );
    }
    out
}

/// One row per path below `node`. `seen` holds the `$ref`s being expanded (no cycles).
fn walk(
    root: &Value,
    node: &Value,
    path: &str,
    required: bool,
    seen: &mut Vec<String>,
    rows: &mut Vec<String>,
) {
    let reference = node.get("$ref").and_then(Value::as_str).map(str::to_owned);
    if let Some(r) = &reference {
        if seen.contains(r) {
            return;
        }
        seen.push(r.clone());
    }
    let node = resolve(root, node);
    rows.push(format!(
        "| `{}` | {} | {} | {} |\n",
        path.replace('|', "\\|"),
        type_of(&node),
        cell(&constraints(&node, required)),
        cell(&text(node["description"].as_str().unwrap_or_default()))
    ));
    let required_here = names(&node, "required");
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (key, sub) in props {
            let path = format!("{path}.{key}");
            walk(root, sub, &path, required_here.contains(key), seen, rows);
        }
    }
    if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
        walk(root, extra, &format!("{path}.<name>"), false, seen, rows);
    }
    if let Some(items) = node.get("items").filter(|v| v.is_object()) {
        walk(root, items, &format!("{path}[]"), false, seen, rows);
    }
    if reference.is_some() {
        seen.pop();
    }
}

/// `node` with its `$ref` (a local `#/$defs/…`) merged in; the node's own keys win.
fn resolve(root: &Value, node: &Value) -> Value {
    let Some(target) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p))
    else {
        return node.clone();
    };
    let mut merged: Map<String, Value> = resolve(root, target)
        .as_object()
        .cloned()
        .unwrap_or_default();
    if let Some(own) = node.as_object() {
        for (k, v) in own {
            if k != "$ref" {
                merged.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(merged)
}

fn names(node: &Value, key: &str) -> Vec<String> {
    node.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn type_of(node: &Value) -> String {
    if let Some(c) = node.get("const") {
        return format!("`{c}`");
    }
    let types: Vec<String> = match node.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ if node.get("properties").is_some() || node.get("additionalProperties").is_some() => {
            vec!["object".to_owned()]
        }
        _ => Vec::new(),
    };
    let types: Vec<String> = types
        .into_iter()
        .map(|t| {
            if t == "object"
                && node.get("properties").is_none()
                && node["additionalProperties"].is_object()
            {
                "map".to_owned()
            } else {
                t
            }
        })
        .collect();
    if types.is_empty() {
        "any".to_owned()
    } else {
        types.join(" or ")
    }
}

fn constraints(node: &Value, required: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if required {
        parts.push("**required**".to_owned());
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(|v| format!("`{}`", plain(v))).collect();
        parts.push(format!("one of {}", values.join(", ")));
    }
    if let Some(p) = node.get("pattern").and_then(Value::as_str) {
        parts.push(format!("matches `{p}`"));
    }
    parts.extend(range_of(node, "minimum", "maximum", ""));
    parts.extend(range_of(node, "minLength", "maxLength", "length "));
    parts.extend(range_of(node, "minItems", "maxItems", "items "));
    parts.extend(range_of(node, "minProperties", "maxProperties", "entries "));
    if let Some(names) = node.get("propertyNames") {
        if let Some(p) = names.get("pattern").and_then(Value::as_str) {
            parts.push(format!("names match `{p}`"));
        }
        parts.extend(range_of(names, "minLength", "maxLength", "name length "));
    }
    if let Some(deps) = node.get("dependentSchemas").and_then(Value::as_object) {
        for (key, dep) in deps {
            let excluded: Vec<String> = dep
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| {
                    p.iter()
                        .filter(|(_, v)| **v == Value::Bool(false))
                        .map(|(k, _)| format!("`{k}`"))
                        .collect()
                })
                .unwrap_or_default();
            if !excluded.is_empty() {
                parts.push(format!("with `{key}`, no {}", excluded.join(", ")));
            }
        }
    }
    parts.join("; ")
}

fn range_of(node: &Value, lo: &str, hi: &str, what: &str) -> Option<String> {
    match (node.get(lo), node.get(hi)) {
        (Some(a), Some(b)) => Some(format!("{what}{a}..{b}")),
        (Some(a), None) => Some(format!("{what}≥ {a}")),
        (None, Some(b)) => Some(format!("{what}≤ {b}")),
        (None, None) => None,
    }
}

fn plain(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

/// Description text on one line.
fn text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table cell: pipes escaped, on one line.
fn cell(s: &str) -> String {
    text(s).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_property_has_a_row() {
        let reference = reference();
        for path in [
            "`app`",
            "`environments.<name>.network.cidr`",
            "`environments.<name>.network.import.<name>.private[]`",
            "`cluster.capacity.<name>.instance`",
            "`services.<name>.route.priority`",
            "`services.<name>.containers.<name>.health.start-period`",
        ] {
            assert!(reference.contains(&format!("| {path} |")), "{path}");
        }
        assert!(
            reference.contains("| `services.<name>.port` | integer | 1..65535 |"),
            "{reference}"
        );
        assert!(reference.contains("one of `none`, `single`, `per-az`"));
        assert!(reference.contains("with `import`, no `cidr`, `azs`, `nat`"));
    }

    #[test]
    fn pipes_in_patterns_do_not_split_cells() {
        for line in reference().lines().filter(|l| l.starts_with("| `")) {
            let cells = line.replace("\\|", "").matches('|').count();
            assert_eq!(cells, 5, "{line}");
        }
    }

    #[test]
    fn diagnostics_list_every_code() {
        let text = diagnostics();
        for d in check::rule_docs() {
            assert!(
                text.contains(&format!("\n## {}\n\n**{}**\n", d.code, d.title)),
                "{}",
                d.code
            );
            assert!(text.contains(&format!(
                "| [{}](#{}) |",
                d.code,
                d.code.to_ascii_lowercase()
            )));
        }
    }
}
