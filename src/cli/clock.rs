//! The time of the build for the compiler (`Options::now`): `FLEETFORM_NOW` (RFC 3339) when set,
//! so tests and CI get the same warnings on any day, otherwise the system clock. Reading the
//! environment and the clock is I/O, so it lives here and the core stays a pure function.

/// The environment variable that fixes the build's notion of now.
pub const NOW_VAR: &str = "FLEETFORM_NOW";

/// `FLEETFORM_NOW` parsed, or the clock; an error names the variable and says what is wrong.
pub fn now() -> Result<jiff::Timestamp, String> {
    match std::env::var(NOW_VAR) {
        Ok(text) => parse(&text),
        Err(std::env::VarError::NotPresent) => Ok(jiff::Timestamp::now()),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{NOW_VAR} is not UTF-8")),
    }
}

fn parse(text: &str) -> Result<jiff::Timestamp, String> {
    text.trim().parse().map_err(|e| {
        format!("{NOW_VAR}=`{text}` is not an RFC 3339 time such as `2026-12-07T09:00:00Z`: {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn rfc_3339_with_an_offset_parses_and_anything_else_is_refused() {
        assert_eq!(
            parse("2026-12-07T10:00:00+01:00").unwrap().to_string(),
            "2026-12-07T09:00:00Z"
        );
        assert!(parse("2026-12-07").unwrap_err().contains("FLEETFORM_NOW"));
        assert!(parse("yesterday").is_err());
    }
}
