//! A quick answer to "does this document match the bundled schema?", so that a valid blueprint
//! (nearly every build in CI) never pays for compiling the JSON Schema validator. Compiling
//! jsonschema's validator for our 2,600-line schema (its `$ref`s, 45 patterns and the check of
//! the schema against its meta-schema) was two thirds of the instructions of validating a small
//! app; walking the schema as data against one document costs a fraction of that. The walk
//! reads the schema's digest (`check::schema::DIGEST`: the schema without its annotations,
//! written by `build.rs`), so that a valid build never parses the whole 97 KB schema either.
//!
//! The walk answers only where it is exact: `Some(true)` (conforms), `Some(false)` (does not)
//! or `None` (not sure: a keyword it does not know, a float where bounds or integers matter, a
//! non-ASCII or control character under a `pattern`, a `$ref` it cannot resolve). Anything but
//! `Some(true)` sends [`super::schema::validate`] to jsonschema, which also explains every error,
//! so a wrong `None` costs time, never a diagnostic. A test holds the walk to jsonschema's verdict
//! on every fixture and on thousands of mutations of them.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;
use serde_json::{Map, Value};

/// Keywords that constrain nothing: documentation and the schema's own bookkeeping.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "markdownDescription",
];

/// Deeper than any blueprint the source layer accepts; past it the walk gives up (`None`).
const MAX_DEPTH: usize = 128;

/// Whether `value` matches the schema `root`, when the walk can tell exactly.
#[must_use]
pub fn conforms(root: &'static Value, value: &Value) -> Option<bool> {
    Walk { root }.node(root, value, 0)
}

struct Walk {
    root: &'static Value,
}

impl Walk {
    fn node(&self, schema: &'static Value, value: &Value, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = match schema {
            Value::Bool(b) => return Some(*b),
            Value::Object(map) => map,
            _ => return None,
        };
        // Every keyword is evaluated, even after a failing one, so that an unknown keyword
        // anywhere in the node still means "not sure" rather than a verdict.
        let mut valid = true;
        for (keyword, argument) in schema {
            if ANNOTATIONS.contains(&keyword.as_str()) {
                continue;
            }
            let ok = match keyword.as_str() {
                "$ref" => self.reference(argument, value, depth)?,
                "type" => type_matches(argument, value)?,
                "enum" => {
                    let mut any = false;
                    for option in argument.as_array()? {
                        any |= same(option, value)?;
                    }
                    any
                }
                "const" => same(argument, value)?,
                "oneOf" => self.one_of(argument, value, depth)?,
                _ => match value {
                    Value::Object(object) => {
                        self.object_keyword(schema, keyword, argument, object, depth)?
                    }
                    Value::Array(items) => self.array_keyword(keyword, argument, items, depth)?,
                    Value::String(text) => string_keyword(keyword, argument, text)?,
                    Value::Number(number) => number_keyword(keyword, argument, number)?,
                    Value::Null | Value::Bool(_) => applies_to_others(keyword)?,
                },
            };
            valid &= ok;
        }
        Some(valid)
    }

    fn reference(&self, argument: &Value, value: &Value, depth: usize) -> Option<bool> {
        let pointer = argument.as_str()?.strip_prefix('#')?;
        let target = self.root.pointer(pointer)?;
        self.node(target, value, depth + 1)
    }

    fn one_of(&self, argument: &'static Value, value: &Value, depth: usize) -> Option<bool> {
        let mut matched = 0;
        for branch in argument.as_array()? {
            if self.node(branch, value, depth + 1)? {
                matched += 1;
            }
        }
        Some(matched == 1)
    }

    fn object_keyword(
        &self,
        schema: &'static Map<String, Value>,
        keyword: &str,
        argument: &'static Value,
        object: &Map<String, Value>,
        depth: usize,
    ) -> Option<bool> {
        Some(match keyword {
            "properties" => {
                let properties = argument.as_object()?;
                let mut ok = true;
                for (key, value) in object {
                    if let Some(sub) = properties.get(key) {
                        ok &= self.node(sub, value, depth + 1)?;
                    }
                }
                ok
            }
            "additionalProperties" => {
                let known = schema.get("properties").and_then(Value::as_object);
                if schema.contains_key("patternProperties") {
                    return None;
                }
                let mut ok = true;
                for (key, value) in object {
                    if known.is_none_or(|k| !k.contains_key(key)) {
                        ok &= self.node(argument, value, depth + 1)?;
                    }
                }
                ok
            }
            "required" => argument
                .as_array()?
                .iter()
                .map(|k| k.as_str().map(|k| object.contains_key(k)))
                .collect::<Option<Vec<bool>>>()?
                .into_iter()
                .all(|present| present),
            "propertyNames" => {
                let mut ok = true;
                for key in object.keys() {
                    ok &= self.node(argument, &Value::String(key.clone()), depth + 1)?;
                }
                ok
            }
            "minProperties" => object.len() as u64 >= argument.as_u64()?,
            "maxProperties" => object.len() as u64 <= argument.as_u64()?,
            "dependentSchemas" => {
                let mut ok = true;
                for (key, sub) in argument.as_object()? {
                    if object.contains_key(key) {
                        ok &= self.node(sub, &Value::Object(object.clone()), depth + 1)?;
                    }
                }
                ok
            }
            _ => applies_to_others(keyword)?,
        })
    }

    fn array_keyword(
        &self,
        keyword: &str,
        argument: &'static Value,
        items: &[Value],
        depth: usize,
    ) -> Option<bool> {
        Some(match keyword {
            "items" => {
                let mut ok = true;
                for item in items {
                    ok &= self.node(argument, item, depth + 1)?;
                }
                ok
            }
            "minItems" => items.len() as u64 >= argument.as_u64()?,
            "maxItems" => items.len() as u64 <= argument.as_u64()?,
            "uniqueItems" => {
                if argument.as_bool()? {
                    for (i, a) in items.iter().enumerate() {
                        for b in &items[i + 1..] {
                            if same(a, b)? {
                                return Some(false);
                            }
                        }
                    }
                }
                true
            }
            _ => applies_to_others(keyword)?,
        })
    }
}

/// Keywords of other instance types: true here (a string keyword ignores an object), `None`
/// for a keyword the walk does not know at all.
fn applies_to_others(keyword: &str) -> Option<bool> {
    const KNOWN: &[&str] = &[
        "properties",
        "additionalProperties",
        "required",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentSchemas",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
    ];
    KNOWN.contains(&keyword).then_some(true)
}

fn type_matches(argument: &Value, value: &Value) -> Option<bool> {
    match argument {
        Value::String(name) => is_type(name, value),
        Value::Array(names) => {
            let mut any = false;
            for name in names {
                any |= is_type(name.as_str()?, value)?;
            }
            Some(any)
        }
        _ => None,
    }
}

fn is_type(name: &str, value: &Value) -> Option<bool> {
    Some(match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        // JSON Schema counts `2.0` as an integer; leave floats to jsonschema.
        "integer" => match value {
            Value::Number(n) if n.is_f64() => return None,
            Value::Number(_) => true,
            _ => false,
        },
        _ => return None,
    })
}

/// JSON equality, which counts `1` and `1.0` as equal where serde's does not: floats are left
/// to jsonschema.
fn same(left: &Value, right: &Value) -> Option<bool> {
    let float = |v: &Value| matches!(v, Value::Number(n) if n.is_f64());
    if float(left) || float(right) {
        return None;
    }
    match (left, right) {
        (Value::Array(lefts), Value::Array(rights)) => {
            if lefts.len() != rights.len() {
                return Some(false);
            }
            let mut all = true;
            for (l, r) in lefts.iter().zip(rights) {
                all &= same(l, r)?;
            }
            Some(all)
        }
        (Value::Object(lefts), Value::Object(rights)) => {
            if lefts.len() != rights.len() {
                return Some(false);
            }
            let mut all = true;
            for (key, l) in lefts {
                let Some(r) = rights.get(key) else {
                    return Some(false);
                };
                all &= same(l, r)?;
            }
            Some(all)
        }
        _ => Some(left == right),
    }
}

fn string_keyword(keyword: &str, argument: &'static Value, text: &str) -> Option<bool> {
    Some(match keyword {
        "minLength" => text.chars().count() as u64 >= argument.as_u64()?,
        "maxLength" => text.chars().count() as u64 <= argument.as_u64()?,
        "pattern" => {
            // Regex dialects agree on printable ASCII; anything else is jsonschema's to judge.
            if !text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                return None;
            }
            pattern(argument.as_str()?)?.is_match(text)
        }
        _ => applies_to_others(keyword)?,
    })
}

fn number_keyword(keyword: &str, argument: &Value, number: &serde_json::Number) -> Option<bool> {
    let ordering = match keyword {
        "minimum" => std::cmp::Ordering::is_ge,
        "maximum" => std::cmp::Ordering::is_le,
        _ => return applies_to_others(keyword),
    };
    let limit = argument.as_number()?;
    Some(ordering(compare(number, limit)?))
}

/// Compares two JSON numbers exactly: integers as integers, and a float only with numbers that
/// convert to `f64` without rounding (so `10` meets `"minimum": 0.1` here as in jsonschema).
fn compare(a: &serde_json::Number, b: &serde_json::Number) -> Option<std::cmp::Ordering> {
    // 2^53: every integer up to it is exactly an f64.
    const EXACT: i128 = 1 << 53;
    let int = |n: &serde_json::Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return Some(x.cmp(&y));
    }
    let float = |n: &serde_json::Number| match int(n) {
        Some(i) if i.abs() <= EXACT => n.as_f64(),
        Some(_) => None,
        None => n.as_f64(),
    };
    float(a)?.partial_cmp(&float(b)?)
}

/// The schema's patterns, each compiled once per process, and only when a value meets it.
/// Handed out by reference, not cloned: a clone of a `Regex` starts a search cache of its own,
/// whose setup cost more than the search. The schema holds a fixed set of patterns, so leaking
/// each once is bounded.
fn pattern(source: &'static str) -> Option<&'static Regex> {
    static CACHE: LazyLock<Mutex<HashMap<&'static str, Option<&'static Regex>>>> =
        LazyLock::new(Mutex::default);
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *cache
        .entry(source)
        .or_insert_with(|| Regex::new(source).ok().map(|r| &*Box::leak(Box::new(r))))
}
