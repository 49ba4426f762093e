//! YAML 1.2 core schema resolution of plain scalars. Only plain (unquoted, non-block) scalars
//! are resolved; everything else is a string. `yes`/`no`/`on`/`off` stay strings.

/// What a plain scalar means.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str,
    /// `.inf`, `.nan` or an integer beyond the range of JSON numbers.
    NonFinite,
}

pub fn resolve_plain(raw: &str) -> Resolved {
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Resolved::NonFinite,
        _ => {}
    }
    let unsigned = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Resolved::NonFinite;
    }
    if let Some(digits) = raw.strip_prefix("0o") {
        return radix(digits, 8);
    }
    if let Some(digits) = raw.strip_prefix("0x") {
        return radix(digits, 16);
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = raw.parse::<i64>() {
            return Resolved::Number(i.into());
        }
        if let Ok(u) = raw.parse::<u64>() {
            return Resolved::Number(u.into());
        }
        return float(raw);
    }
    if is_core_float(unsigned) {
        return float(raw);
    }
    Resolved::Str
}

fn radix(digits: &str, radix: u32) -> Resolved {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Resolved::Str;
    }
    match u64::from_str_radix(digits, radix) {
        Ok(u) => Resolved::Number(u.into()),
        Err(_) => Resolved::NonFinite,
    }
}

fn float(raw: &str) -> Resolved {
    raw.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Resolved::NonFinite, Resolved::Number)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema float without its sign.
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain(""), Resolved::Null);
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain("True"), Resolved::Bool(true));
        assert_eq!(resolve_plain("yes"), Resolved::Str);
        assert_eq!(resolve_plain("on"), Resolved::Str);
        assert_eq!(resolve_plain("n"), Resolved::Str);
        assert_eq!(resolve_plain("-12"), Resolved::Number((-12).into()));
        assert_eq!(resolve_plain("+7"), Resolved::Number(7.into()));
        assert_eq!(resolve_plain("0x1F"), Resolved::Number(31.into()));
        assert_eq!(resolve_plain("0o17"), Resolved::Number(15.into()));
        assert_eq!(resolve_plain("0xZZ"), Resolved::Str);
        assert_eq!(
            resolve_plain("18446744073709551615"),
            Resolved::Number(u64::MAX.into())
        );
        let f = |x: f64| Resolved::Number(serde_json::Number::from_f64(x).unwrap());
        assert_eq!(resolve_plain("1.5"), f(1.5));
        assert_eq!(resolve_plain(".5"), f(0.5));
        assert_eq!(resolve_plain("1e3"), f(1000.0));
        assert_eq!(resolve_plain("2."), f(2.0));
        assert_eq!(resolve_plain("-.inf"), Resolved::NonFinite);
        assert_eq!(resolve_plain(".NaN"), Resolved::NonFinite);
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str);
        assert_eq!(resolve_plain("1e"), Resolved::Str);
        assert_eq!(resolve_plain("."), Resolved::Str);
        assert_eq!(resolve_plain("1_000"), Resolved::Str);
        assert_eq!(resolve_plain("v1"), Resolved::Str);
    }
}
