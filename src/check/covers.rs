//! Whether a region's `overrides` replace a value of the app, for the rules and the merged
//! contexts that must know where a value of the app itself still applies.

use serde_json::{Map, Value};

/// Whether an override replaces the value at `parts` (a path below the app's top level): it
/// sets that value, or a non-map value on the way to it.
pub fn covers(partial: &Map<String, Value>, parts: &[&str]) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    let Some(mut at) = partial.get(*first) else {
        return false;
    };
    for part in rest {
        match at {
            Value::Object(map) => match map.get(*part) {
                Some(v) => at = v,
                None => return false,
            },
            _ => return true,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn coverage() {
        let partial =
            json!({"services": {"cart": {"count": 2, "env": {"A": "x"}, "command": ["a"]}}});
        let partial = partial.as_object().unwrap();
        assert!(covers(partial, &["services", "cart", "count"]));
        assert!(covers(partial, &["services", "cart", "env", "A"]));
        assert!(!covers(partial, &["services", "cart", "env", "B"]));
        assert!(covers(partial, &["services", "cart", "command", "0"]));
        assert!(!covers(partial, &["services", "web", "count"]));
        assert!(!covers(partial, &[]));
    }
}
