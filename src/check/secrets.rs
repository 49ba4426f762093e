//! What looks like a secret: names (`DB_PASSWORD`) and values (AWS access keys, PEM private
//! keys). One definition for the blueprint checks (FF0305, FF0642) and the importers, which turn
//! what those checks would reject into secret references.

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
];

/// Suffixes that name where a secret is, not the secret (`DB_PASSWORD_FILE`, `API_KEY_SECRET_ARN`).
const REFERENCE_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_URL",
    "_URI",
    "_ENDPOINT",
    "_ARN",
    "_NAME",
    "_LENGTH",
    "_TTL",
];

/// Whether a variable name suggests a secret.
pub fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| upper.contains(w))
        && !REFERENCE_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

/// Whether a value contains an AWS access key ID (`AKIA`/`ASIA` + 16 of `[A-Z0-9]`).
pub fn access_key(value: &str) -> bool {
    let b = value.as_bytes();
    (0..b.len().saturating_sub(19)).any(|i| {
        (b[i..].starts_with(b"AKIA") || b[i..].starts_with(b"ASIA"))
            && b[i + 4..i + 20]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// Whether a value contains a PEM private key.
pub fn pem_key(value: &str) -> bool {
    value.contains("-----BEGIN") && value.contains("PRIVATE KEY")
}

/// Whether a value looks like a credential (FF0305 rejects it in `env`).
pub fn secret_value(value: &str) -> bool {
    access_key(value) || pem_key(value)
}
