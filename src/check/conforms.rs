//! A quick answer to "does this document match the bundled schema?", so that a valid blueprint
//! (nearly every build in CI) never pays for compiling the JSON Schema validator. Compiling
//! jsonschema's validator for our 2,600-line schema (its `$ref`s, 45 patterns and the check of
//! the schema against its meta-schema) was two thirds of the instructions of validating a small
//! app; walking the schema as data against one document costs a fraction of that. The walk
//! reads the schema compiled into static nodes by `build.rs` (`build/schema_nodes.rs`), so a
//! build parses no schema at all: parsing a 28 KB digest of it at start-up was an eighth of the
//! instructions of building a one-service app.
//!
//! The walk answers only where it is exact: `Some(true)` (conforms), `Some(false)` (does not)
//! or `None` (not sure: a keyword it does not know, a float where bounds or integers matter, a
//! non-ASCII or control character under a `pattern`, a `$ref` it cannot resolve). Anything but
//! `Some(true)` sends [`super::schema::validate`] to jsonschema, which also explains every error,
//! so a wrong `None` costs time, never a diagnostic. A test holds the walk to jsonschema's verdict
//! on every fixture and on thousands of mutations of them.

use std::cmp::Ordering;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde_json::{Map, Number, Value};

/// One subschema, its keywords decoded by `build.rs`. Indices are into [`NODES`] (and
/// [`PATTERNS`]); an empty list stands for an absent keyword where absence and emptiness
/// mean the same.
struct Node {
    /// The `false` schema.
    never: bool,
    /// A keyword or argument the walk cannot judge exactly: nothing here gets a verdict.
    unsure: bool,
    reference: Option<u16>,
    /// `type` as bits in the order of [`OBJECT`] … [`INTEGER`]; 0 for no `type`.
    types: u8,
    enumeration: Option<&'static [Lit]>,
    constant: Option<Lit>,
    one_of: Option<&'static [u16]>,
    /// Sorted by name.
    properties: &'static [(&'static str, u16)],
    additional: Option<u16>,
    required: &'static [&'static str],
    property_names: Option<u16>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    dependent: &'static [(&'static str, u16)],
    items: Option<u16>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique_items: bool,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<u16>,
    minimum: Option<Num>,
    maximum: Option<Num>,
}

/// The `true` schema, and the fields a node does not set.
const BLANK: Node = Node {
    never: false,
    unsure: false,
    reference: None,
    types: 0,
    enumeration: None,
    constant: None,
    one_of: None,
    properties: &[],
    additional: None,
    required: &[],
    property_names: None,
    min_properties: None,
    max_properties: None,
    dependent: &[],
    items: None,
    min_items: None,
    max_items: None,
    unique_items: false,
    min_length: None,
    max_length: None,
    pattern: None,
    minimum: None,
    maximum: None,
};

/// An `enum` option or a `const`: the schema holds strings and integers (`build.rs` leaves a
/// node with any other unsure).
#[derive(Clone, Copy)]
enum Lit {
    Str(&'static str),
    Int(i128),
}

/// A bound of `minimum` or `maximum`.
#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

const OBJECT: u8 = 1;
const ARRAY: u8 = 1 << 1;
const STRING: u8 = 1 << 2;
const BOOLEAN: u8 = 1 << 3;
const NULL: u8 = 1 << 4;
const NUMBER: u8 = 1 << 5;
const INTEGER: u8 = 1 << 6;

/// `NODES` (the root first) and `PATTERNS`, written by `build.rs`.
#[allow(clippy::unreadable_literal)]
mod generated {
    use super::{BLANK, Lit, Node, Num};
    include!(concat!(env!("OUT_DIR"), "/schema_nodes.rs"));
}
use generated::{NODES, PATTERNS};

/// Deeper than any blueprint the source layer accepts; past it the walk gives up (`None`).
const MAX_DEPTH: usize = 128;

/// Whether `value` matches the bundled schema, when the walk can tell exactly.
#[must_use]
pub fn conforms(value: &Value) -> Option<bool> {
    node(0, value, 0)
}

/// Every keyword is evaluated, even after a failing one, so that a keyword the walk cannot
/// judge anywhere in the node still means "not sure" rather than a verdict.
fn node(index: u16, value: &Value, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    let n = &NODES[usize::from(index)];
    if n.unsure {
        return None;
    }
    let mut valid = !n.never;
    if let Some(target) = n.reference {
        valid &= node(target, value, depth + 1)?;
    }
    if n.types != 0 {
        valid &= type_matches(n.types, value)?;
    }
    if let Some(options) = n.enumeration {
        let mut any = false;
        for option in options {
            any |= same(*option, value)?;
        }
        valid &= any;
    }
    if let Some(constant) = n.constant {
        valid &= same(constant, value)?;
    }
    if let Some(branches) = n.one_of {
        let mut matched = 0;
        for branch in branches {
            if node(*branch, value, depth + 1)? {
                matched += 1;
            }
        }
        valid &= matched == 1;
    }
    valid &= match value {
        Value::Object(object) => object_keywords(n, value, object, depth)?,
        Value::Array(items) => array_keywords(n, items, depth)?,
        Value::String(text) => string_keywords(n, text)?,
        Value::Number(number) => number_keywords(n, number)?,
        Value::Null | Value::Bool(_) => true,
    };
    Some(valid)
}

fn object_keywords(
    n: &Node,
    value: &Value,
    object: &Map<String, Value>,
    depth: usize,
) -> Option<bool> {
    let mut ok = true;
    for (key, sub) in object {
        match n.properties.binary_search_by(|(name, _)| (*name).cmp(key)) {
            Ok(at) => ok &= node(n.properties[at].1, sub, depth + 1)?,
            Err(_) => {
                if let Some(additional) = n.additional {
                    ok &= node(additional, sub, depth + 1)?;
                }
            }
        }
        if let Some(names) = n.property_names {
            ok &= node(names, &Value::String(key.clone()), depth + 1)?;
        }
    }
    ok &= n.required.iter().all(|k| object.contains_key(*k));
    let len = object.len() as u64;
    ok &= n.min_properties.is_none_or(|min| len >= min);
    ok &= n.max_properties.is_none_or(|max| len <= max);
    for (key, sub) in n.dependent {
        if object.contains_key(*key) {
            ok &= node(*sub, value, depth + 1)?;
        }
    }
    Some(ok)
}

fn array_keywords(n: &Node, items: &[Value], depth: usize) -> Option<bool> {
    let mut ok = true;
    if let Some(schema) = n.items {
        for item in items {
            ok &= node(schema, item, depth + 1)?;
        }
    }
    let len = items.len() as u64;
    ok &= n.min_items.is_none_or(|min| len >= min);
    ok &= n.max_items.is_none_or(|max| len <= max);
    if n.unique_items {
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                if equal(a, b)? {
                    return Some(false);
                }
            }
        }
    }
    Some(ok)
}

fn string_keywords(n: &Node, text: &str) -> Option<bool> {
    let mut ok = true;
    if n.min_length.is_some() || n.max_length.is_some() {
        let len = text.chars().count() as u64;
        ok &= n.min_length.is_none_or(|min| len >= min);
        ok &= n.max_length.is_none_or(|max| len <= max);
    }
    if let Some(index) = n.pattern {
        // Regex dialects agree on printable ASCII; anything else is jsonschema's to judge.
        if !text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return None;
        }
        ok &= pattern(index)?.is_match(text);
    }
    Some(ok)
}

fn number_keywords(n: &Node, number: &Number) -> Option<bool> {
    let mut ok = true;
    if let Some(min) = n.minimum {
        ok &= compare(number, min)?.is_ge();
    }
    if let Some(max) = n.maximum {
        ok &= compare(number, max)?.is_le();
    }
    Some(ok)
}

/// Whether `value` has one of the types in `bits`. JSON Schema counts `2.0` as an integer;
/// a float where only an integer would do is left to jsonschema.
fn type_matches(bits: u8, value: &Value) -> Option<bool> {
    let bit = match value {
        Value::Object(_) => OBJECT,
        Value::Array(_) => ARRAY,
        Value::String(_) => STRING,
        Value::Bool(_) => BOOLEAN,
        Value::Null => NULL,
        Value::Number(n) => {
            if bits & NUMBER != 0 {
                return Some(true);
            }
            if bits & INTEGER == 0 {
                return Some(false);
            }
            return if n.is_f64() { None } else { Some(true) };
        }
    };
    Some(bits & bit != 0)
}

fn is_float(value: &Value) -> bool {
    matches!(value, Value::Number(n) if n.is_f64())
}

/// Whether `value` equals the literal `lit`; a float is left to jsonschema (JSON counts `1`
/// and `1.0` as equal where serde does not).
fn same(lit: Lit, value: &Value) -> Option<bool> {
    if is_float(value) {
        return None;
    }
    Some(match (lit, value) {
        (Lit::Str(s), Value::String(v)) => s == v,
        (Lit::Int(i), Value::Number(v)) => integer(v) == Some(i),
        _ => false,
    })
}

/// JSON equality of two values, floats anywhere in them left to jsonschema.
fn equal(left: &Value, right: &Value) -> Option<bool> {
    if is_float(left) || is_float(right) {
        return None;
    }
    match (left, right) {
        (Value::Array(lefts), Value::Array(rights)) => {
            if lefts.len() != rights.len() {
                return Some(false);
            }
            let mut all = true;
            for (l, r) in lefts.iter().zip(rights) {
                all &= equal(l, r)?;
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
                all &= equal(l, r)?;
            }
            Some(all)
        }
        _ => Some(left == right),
    }
}

fn integer(n: &Number) -> Option<i128> {
    n.as_i64().map(i128::from).or(n.as_u64().map(i128::from))
}

/// Compares a JSON number with a bound exactly: integers as integers, and a float only with
/// numbers that convert to `f64` without rounding (so `10` meets `"minimum": 0.1` here as in
/// jsonschema).
fn compare(a: &Number, b: Num) -> Option<Ordering> {
    // 2^53: every integer up to it is exactly an f64.
    const EXACT: i128 = 1 << 53;
    // Exact below 2^53, so no precision is lost.
    #[allow(clippy::cast_precision_loss)]
    let exact = |i: i128| (i.abs() <= EXACT).then_some(i as f64);
    match (integer(a), b) {
        (Some(x), Num::Int(y)) => Some(x.cmp(&y)),
        (x, b) => {
            let x = match x {
                Some(i) => exact(i)?,
                None => a.as_f64()?,
            };
            let y = match b {
                Num::Int(i) => exact(i)?,
                Num::Float(f) => f,
            };
            x.partial_cmp(&y)
        }
    }
}

/// A schema pattern ready to match: simple ones by [`super::simple_pattern`], the rest by the
/// regex crate.
enum Matcher {
    Simple(super::simple_pattern::Simple),
    Regex(Regex),
}

impl Matcher {
    fn is_match(&self, text: &str) -> bool {
        match self {
            Self::Simple(simple) => simple.is_match(text),
            Self::Regex(regex) => regex.is_match(text),
        }
    }
}

/// The matcher of `PATTERNS[index]`, made once per process and only when a value meets it;
/// `None` if the regex crate does not take it (jsonschema then judges).
fn pattern(index: u16) -> Option<&'static Matcher> {
    static COMPILED: LazyLock<Vec<OnceLock<Option<Matcher>>>> =
        LazyLock::new(|| PATTERNS.iter().map(|_| OnceLock::new()).collect());
    let index = usize::from(index);
    COMPILED[index]
        .get_or_init(|| {
            let source = PATTERNS[index];
            super::simple_pattern::compile(source)
                .map(Matcher::Simple)
                .or_else(|| Regex::new(source).ok().map(Matcher::Regex))
        })
        .as_ref()
}

/// Every pattern of the bundled schema.
#[cfg(test)]
pub(super) fn schema_patterns() -> &'static [&'static str] {
    &PATTERNS
}
