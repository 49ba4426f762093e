use super::*;

/// Fake credentials of each kind (none of them was ever valid).
const SECRETS: &[(&str, &str)] = &[
    ("AKIAIOSFODNN7EXAMPLE", "an AWS access key"),
    (
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "an AWS secret access key",
    ),
    (
        "--aws-secret-key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "an AWS secret access key",
    ),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "a GitHub token"),
    (
        "github_pat_11ABCDEFG0123456789abc_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW",
        "a GitHub token",
    ),
    ("xoxb-123456789012-abcdefABCDEF", "a Slack token"),
    (
        "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefABCDEF0123",
        "a Slack webhook URL",
    ),
    ("sk_live_abcdefABCDEF01234567", "a Stripe secret key"),
    (
        "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234",
        "a Google API key",
    ),
    (
        "GOCSPX-abcdefghijklmnopqrstuvwxyz01",
        "a Google OAuth client secret",
    ),
    (
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl",
        "a JSON web token",
    ),
    (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1r\n-----END OPENSSH PRIVATE KEY-----",
        "a private key",
    ),
    (
        "postgres://app:s3cretpw@db.internal:5432/shop",
        "a URL with a password",
    ),
    ("redis://:s3cretpw@cache:6379", "a URL with a password"),
];

/// Ordinary values that must not trip a detector.
const ORDINARY: &[&str] = &[
    "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "0123456789abcdef0123456789abcdef01234567",
    "550e8400-e29b-41d4-a716-446655440000",
    "https://user@example.com/path",
    "postgres://app:{{db_password}}@db:5432/shop",
    "postgres://app:${DB_PASSWORD}@db/shop",
    "http://localhost:8080/health",
    "pk_live_abcdefABCDEF01234567",
    "-----BEGIN CERTIFICATE-----",
    "ghp_short",
    "eyJhbGciOiJIUzI1NiJ9",
    "AKIAshort",
];

#[test]
fn each_kind_is_found() {
    for (value, expected) in SECRETS {
        assert_eq!(kind(value), Some(*expected), "{value}");
        assert!(!find(value).is_empty(), "{value}");
    }
}

#[test]
fn ordinary_values_are_not_secrets() {
    for value in ORDINARY {
        assert_eq!(kind(value), None, "{value}");
    }
}

#[test]
fn findings_cover_only_the_secret() {
    let text = "url: postgres://app:s3cretpw@db:5432/shop";
    let found = find(text);
    assert_eq!(found.len(), 1);
    assert_eq!(&text[found[0].range.clone()], "s3cretpw");
    let text = "k: aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;";
    assert_eq!(
        &text[find(text)[0].range.clone()],
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    );
}

#[test]
fn a_private_key_block_is_covered_to_its_end() {
    let text = "key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIEowIBAAKCAQEA\n  abc+/=\nnext: 1\n";
    let found = find(text);
    assert_eq!(found.len(), 1);
    let covered = &text[found[0].range.clone()];
    assert!(covered.ends_with("abc+/="), "{covered:?}");
    let closed = "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\nafter";
    let found = find(closed);
    assert!(closed[found[0].range.clone()].ends_with("-----END EC PRIVATE KEY-----"));
}

#[test]
fn named_values_use_the_key_as_context() {
    let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    assert_eq!(
        named_kind("aws_secret_access_key", key),
        Some("an AWS secret access key")
    );
    assert_eq!(named_kind("checksum", key), None);
    // Only the secret key takes its context from the name.
    assert_eq!(named_kind("AKIAIOSFODNN7EXAMPLE", "leaked"), None);
}

#[test]
fn names() {
    assert!(secret_name("db_password"));
    assert!(secret_name("GITHUB_TOKEN"));
    assert!(!secret_name("LOG_LEVEL"));
    assert!(!secret_name("DB_PASSWORD_FILE"));
    assert!(!secret_name("STRIPE_SECRET_ARN"));
}

#[test]
fn dynamic_references_become_secret_references() {
    assert_eq!(
        dynamic_reference("{{resolve:secretsmanager:prod/db:SecretString:password}}").as_deref(),
        Some("secretsmanager:prod/db#password")
    );
    assert_eq!(
        dynamic_reference("{{resolve:secretsmanager:prod/db}}").as_deref(),
        Some("secretsmanager:prod/db")
    );
    assert_eq!(
        dynamic_reference(
            "{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:SecretString:pw}}"
        )
        .as_deref(),
        Some("secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf#pw")
    );
    assert_eq!(
        dynamic_reference("{{resolve:ssm-secure:/shop/db:3}}").as_deref(),
        Some("ssm:/shop/db")
    );
    assert_eq!(dynamic_reference("{{resolve:ssm:/shop/plain}}"), None);
    assert_eq!(dynamic_reference("{{env}}"), None);
}

#[test]
fn assignments_mask_values_of_secret_names() {
    let text = "env:\n  LOG: info\n  DB_PASSWORD: hunter2 # old\n  flow: { A: 1, api-token: \"t,k\" , B: 2 }\n  \
                secrets: { DB_PASSWORD: \"ssm:/shop/db\" }\n  API_KEY_FILE: /run/key\n";
    let masked: Vec<&str> = assignments(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(masked, ["hunter2", "\"t,k\""]);
}

/// The literal prefilter never hides a secret: every example of every kind holds a literal its
/// pattern needs (a prefilter that missed one would skip the detectors silently).
#[test]
fn every_kind_of_secret_passes_the_literal_prefilter() {
    for (secret, kind) in SECRETS {
        assert!(may_hold_secret(secret), "{kind}: {secret}");
        // Its own pattern among the candidates, not only some other.
        assert!(
            candidate_patterns(secret).any(|(_, p)| p.kind == *kind),
            "{kind}: {secret}"
        );
    }
    assert!(!may_hold_secret("public.ecr.aws/nginx/nginx:1.27"));
    // Words with `gh` or `secret` in another sense: no pattern is compiled for them.
    assert!(!may_hold_secret("insights: enabled, highlight"));
}

/// The references and URLs most apps hold compile no pattern: `secret` without a 40-character
/// key after it, `://` without an `@` after it.
#[test]
fn common_values_compile_no_pattern() {
    for text in [
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf",
        "secretsmanager:shop/db#password",
        "http://localhost:8080/health",
        "https://api.example.com/v1/orders?limit=10",
    ] {
        assert!(!may_hold_secret(text), "{text}");
    }
}

mod needs {
    use proptest::prelude::*;

    use super::*;

    /// Any text around a match of the pattern at `index`, in which the text's own regex finds
    /// it: `needs` must hold for it, or a secret would go unseen.
    fn holds_for_every_match(index: usize, text: &str) -> Result<(), TestCaseError> {
        if regex(index).is_match(text) {
            prop_assert!((PATTERNS[index].needs)(text), "{text:?}");
        }
        Ok(())
    }

    fn index_of(kind: &str) -> usize {
        PATTERNS
            .iter()
            .position(|p| p.kind == kind)
            .expect("a pattern of that kind")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn an_aws_secret_key_has_its_run(
            before in "[ -~]{0,8}",
            name in "(?i)(aws[_-]?)?secret[_-]?access[_-]?key|aws[_-]?secret([_-]?key)?",
            gap in "[\"']?[ \t]*[:= \t][ \t]*[\"']?",
            key in "[A-Za-z0-9/+]{40}",
            after in "([^A-Za-z0-9/+=][ -~]{0,8})?",
        ) {
            let text = format!("{before}{name}{gap}{key}{after}");
            // The generated text must be a match, or the property says nothing.
            prop_assert!(regex(index_of(AWS_SECRET_KEY)).is_match(&text), "{text:?}");
            holds_for_every_match(index_of(AWS_SECRET_KEY), &text)?;
        }

        #[test]
        fn a_url_with_a_password_has_an_at_after_its_scheme(
            before in "[ -~]{0,8}",
            scheme in "[A-Za-z][A-Za-z0-9+.-]{0,6}",
            user in "[^/\\s:@\"'{}]{0,8}",
            password in "[^/\\s@\"'{}$]{1,8}",
            after in "[ -~]{0,8}",
        ) {
            let text = format!("{before} {scheme}://{user}:{password}@{after}");
            prop_assert!(regex(index_of("a URL with a password")).is_match(&text), "{text:?}");
            holds_for_every_match(index_of("a URL with a password"), &text)?;
        }

        #[test]
        fn any_text_a_pattern_matches_meets_its_needs(text in "[ -~]{0,60}", index in 0..PATTERNS.len()) {
            holds_for_every_match(index, &text)?;
        }
    }
}

mod prefilter {
    use proptest::prelude::*;

    use super::*;

    /// The patterns a plain search finds literals of, with their needs met.
    fn naive(text: &str) -> u32 {
        let lower = text.to_ascii_lowercase();
        PATTERNS
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.literals
                    .iter()
                    .any(|l| lower.contains(&l.to_ascii_lowercase()))
                    && (p.needs)(text)
            })
            .fold(0, |set, (i, _)| set | 1 << i)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Texts made of pieces of literals in any case (so that near misses and overlaps come
        /// up), and arbitrary characters.
        #[test]
        fn the_table_scan_finds_what_a_plain_search_finds(
            pieces in proptest::collection::vec(
                prop_oneof![
                    "(?i)(akia|asia|secret|ghp_|github_pat_|xox|hooks\\.slack\\.com|k_live_|aiza|gocspx-|eyj|-----begin|://)",
                    "(?i)(ak|as|se|gh|gi|xo|ho|k_|ai|go|ey|--|:/)",
                    "[ -~]{0,6}",
                    "[A-Za-z0-9/+]{40}",
                    "\\PC{0,3}",
                ],
                0..8,
            )
        ) {
            let text = pieces.concat();
            prop_assert_eq!(candidates(&text), naive(&text), "{:?}", text);
        }
    }
}
