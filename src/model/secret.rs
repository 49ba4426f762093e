//! Secret references (`secrets:` values), the one grammar that the check (FF0311, FF0397) and
//! the lowering (the execution role's policy, the container's `ValueFrom`) share:
//!
//! - `ssm:/path/name` or `ssm:name`: an SSM parameter of the stack's account and region;
//! - `secretsmanager:name` or `secretsmanager:name#json-key`: a Secrets Manager secret of the
//!   stack's account and region;
//! - a full ARN, bare or after `ssm:` / `secretsmanager:`: `arn:…:ssm:REGION:ACCOUNT:parameter/…`,
//!   or `arn:…:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf` optionally followed by
//!   `:json-key:version-stage:version-id` (ECS "Pass sensitive data to an Amazon ECS container").
//!   A Secrets Manager ARN must be the full one, with the six characters Secrets Manager appends
//!   to the name, so that the policy can name exactly that secret.

/// Where a secret comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// An SSM parameter name or path, without the leading slash.
    Ssm(String),
    /// A Secrets Manager secret name and an optional JSON key.
    SecretsManager { name: String, key: Option<String> },
    /// A full SSM parameter ARN.
    SsmArn(String),
    /// A full Secrets Manager secret ARN (up to and including `NAME-AbCdEf`) and the JSON key,
    /// version stage and version id fields written after it (empty when none was).
    SecretsManagerArn { arn: String, fields: Vec<String> },
}

/// Why a reference is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not one of the forms; the text says what is wrong.
    Malformed(&'static str),
    /// A `*` or `?` where a name belongs: IAM would read it as a wildcard.
    Wildcard,
}

impl SecretSource {
    /// Parses a reference (interpolated or not; `{{…}}` names hold no `:`, `#` or `*`).
    pub fn parse(reference: &str) -> Result<Self, Problem> {
        let (prefix, rest) = match reference.split_once(':') {
            Some(("ssm", rest)) => (Some("ssm"), rest),
            Some(("secretsmanager", rest)) => (Some("secretsmanager"), rest),
            Some(("arn", _)) => (None, reference),
            _ => {
                return Err(Problem::Malformed(
                    "expected `ssm:…`, `secretsmanager:…` or an ARN",
                ));
            }
        };
        if rest.chars().any(char::is_whitespace) {
            return Err(Problem::Malformed("a reference has no spaces"));
        }
        if rest.starts_with("arn:") {
            return parse_arn(prefix, rest);
        }
        if prefix == Some("ssm") {
            let name = rest.trim_start_matches('/');
            if name.is_empty() {
                return Err(Problem::Malformed("the parameter name is empty"));
            }
            if name.contains(['*', '?']) {
                return Err(Problem::Wildcard);
            }
            return Ok(Self::Ssm(name.to_owned()));
        }
        let (name, key) = match rest.split_once('#') {
            Some((name, key)) => (name, Some(key)),
            None => (rest, None),
        };
        if name.is_empty() || key.is_some_and(|k| k.is_empty() || k.contains('#')) {
            return Err(Problem::Malformed(
                "expected `secretsmanager:name` or `secretsmanager:name#json-key`",
            ));
        }
        if name.contains(['*', '?']) {
            return Err(Problem::Wildcard);
        }
        Ok(Self::SecretsManager {
            name: name.to_owned(),
            key: key.map(str::to_owned),
        })
    }
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE…`, where `prefix` (if any) must name SERVICE.
fn parse_arn(prefix: Option<&str>, arn: &str) -> Result<SecretSource, Problem> {
    let fields: Vec<&str> = arn.split(':').collect();
    let service = fields.get(2).copied().unwrap_or_default();
    if prefix.is_some_and(|p| p != service) {
        return Err(Problem::Malformed(
            "the ARN is of another service than the prefix",
        ));
    }
    if fields.len() < 6 {
        return Err(Problem::Malformed(
            "an ARN has at least six `:`-separated fields",
        ));
    }
    if fields[..6].iter().any(|f| f.contains(['*', '?'])) {
        return Err(Problem::Wildcard);
    }
    match service {
        "ssm" => {
            let name = fields[5..].join(":");
            match name.strip_prefix("parameter/") {
                Some(n) if !n.is_empty() && fields.len() == 6 => {
                    Ok(SecretSource::SsmArn(arn.to_owned()))
                }
                _ => Err(Problem::Malformed(
                    "an SSM parameter ARN ends in `:parameter/NAME`",
                )),
            }
        }
        "secretsmanager" => {
            if fields[5] != "secret" || fields.len() < 7 || fields.len() > 10 {
                return Err(Problem::Malformed(
                    "a Secrets Manager ARN is `arn:…:secret:NAME-AbCdEf`, optionally with `:json-key:version-stage:version-id`",
                ));
            }
            if fields[6].contains(['*', '?']) {
                return Err(Problem::Wildcard);
            }
            if !has_random_suffix(fields[6]) {
                return Err(Problem::Malformed(
                    "a Secrets Manager ARN must be the full ARN, ending in the 6 characters Secrets Manager appends to the name",
                ));
            }
            Ok(SecretSource::SecretsManagerArn {
                arn: fields[..7].join(":"),
                fields: fields[7..].iter().map(|f| (*f).to_owned()).collect(),
            })
        }
        _ => Err(Problem::Malformed(
            "an ARN of a secret is of `ssm` or `secretsmanager`",
        )),
    }
}

/// `NAME-AbCdEf`: the `-` and six letters or digits Secrets Manager appends to every secret name.
fn has_random_suffix(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 7
        && bytes[bytes.len() - 7] == b'-'
        && bytes[bytes.len() - 6..]
            .iter()
            .all(u8::is_ascii_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::{Problem, SecretSource};

    fn ok(reference: &str) -> SecretSource {
        SecretSource::parse(reference).unwrap_or_else(|e| panic!("{reference}: {e:?}"))
    }

    #[test]
    fn names_and_keys() {
        assert_eq!(
            ok("ssm:/shop/{{env}}/db"),
            SecretSource::Ssm("shop/{{env}}/db".into())
        );
        assert_eq!(
            ok("ssm:db-password"),
            SecretSource::Ssm("db-password".into())
        );
        assert_eq!(
            ok("secretsmanager:shop/stripe#key"),
            SecretSource::SecretsManager {
                name: "shop/stripe".into(),
                key: Some("key".into())
            }
        );
        for bad in [
            "secretsmanager:shop#",
            "/shop/db",
            "ssm:",
            "ssm:/",
            "secretsmanager:",
            "ssm:a b",
        ] {
            assert!(
                matches!(SecretSource::parse(bad), Err(Problem::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn full_arns() {
        let arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-AbCdEf";
        for reference in [arn.to_owned(), format!("secretsmanager:{arn}")] {
            assert_eq!(
                ok(&reference),
                SecretSource::SecretsManagerArn {
                    arn: arn.into(),
                    fields: vec![]
                }
            );
        }
        assert_eq!(
            ok(&format!("{arn}:password::")),
            SecretSource::SecretsManagerArn {
                arn: arn.into(),
                fields: vec!["password".into(), String::new(), String::new()]
            }
        );
        let param = "arn:{{partition}}:ssm:eu-west-1:{{account}}:parameter/shop/db";
        assert_eq!(
            ok(&format!("ssm:{param}")),
            SecretSource::SsmArn(param.into())
        );
        for bad in [
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db",
            "ssm:arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-AbCdEf",
            "arn:aws:s3:::bucket/key",
            "arn:aws:ssm:us-east-1:111122223333:document/x",
            "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf:a:b:c:d",
        ] {
            assert!(
                matches!(SecretSource::parse(bad), Err(Problem::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn wildcards_are_refused() {
        for bad in [
            "secretsmanager:*",
            "secretsmanager:shop/*#key",
            "ssm:/app/*",
            "ssm:/app/db?",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:*",
            "arn:aws:ssm:*:111122223333:parameter/app",
            "ssm:arn:aws:ssm:us-east-1:111122223333:parameter/app/*",
        ] {
            assert_eq!(SecretSource::parse(bad), Err(Problem::Wildcard), "{bad}");
        }
    }
}
