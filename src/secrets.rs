//! What looks like a secret: names (`DB_PASSWORD`) and values (access keys, tokens, private
//! keys, passwords in URLs). One definition for the blueprint checks (FF0305, FF0389, FF0642),
//! the importers, which turn what those checks would reject into secret references, and the
//! diagnostic renderers, which mask every match in what they print.
//!
//! Value patterns are kept specific (a fixed prefix and a length, or a context such as a key
//! name) so that ordinary values (image digests, hashes, UUIDs, base64 config) do not trip them:
//!
//! | kind | pattern |
//! | --- | --- |
//! | AWS access key ID | `AKIA` or `ASIA` + 16 of `[A-Z0-9]` |
//! | AWS secret access key | 40 of `[A-Za-z0-9/+]` after a name such as `aws_secret_access_key`, `secret-access-key` or `aws_secret_key` and `=`, `:` or a space (a bare 40-character string is too common to flag) |
//! | GitHub token | `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 36 alphanumerics; `github_pat_` + 22 + `_` + 59 |
//! | Slack token / webhook | `xoxa-`, `xoxb-`, `xoxp-`, `xoxo-`, `xoxr-`, `xoxs-` + 10 or more; `https://hooks.slack.com/services/T…/B…/…` |
//! | Stripe secret key | `sk_live_`, `sk_test_`, `rk_live_`, `rk_test_` + 16 or more alphanumerics (publishable `pk_` keys are public) |
//! | Google API key / OAuth client secret | `AIza` + 35 of `[0-9A-Za-z_-]`; `GOCSPX-` + 28 |
//! | JSON web token | `eyJ…​.eyJ…​.…` (base64url header and payload, both JSON objects) |
//! | private key | `-----BEGIN … PRIVATE KEY` (RSA, EC, OPENSSH, PGP, encrypted…) to its `-----END` line |
//! | password in a URL | the `pass` of `scheme://user:pass@host`, unless it is a `{{…}}` or `${…}` placeholder |

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

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

/// One pattern: what it finds, the regex whose group 1 (or whole match) is the secret, the
/// literals of which every match holds one (in any ASCII case for the case-insensitive AWS
/// secret key), and what else every text it matches holds (`needs`), checked before the regex
/// is compiled: a text with the literal `secret` in it (any `secretsmanager:` reference) made
/// a build compile the AWS secret key's pattern, about 2 M instructions, a third of building
/// a one-service app.
struct Pattern {
    kind: &'static str,
    regex: &'static str,
    literals: &'static [&'static str],
    needs: fn(&str) -> bool,
}

/// Any text: the pattern's literals are all it needs.
fn anything(_: &str) -> bool {
    true
}

/// A run of 40 characters of an AWS secret access key's alphabet, which the key is.
fn secret_key_run(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b == b'/' || b == b'+' {
            run += 1;
            if run == 40 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// An `@` after a `://`, which a URL with a password has after its scheme.
fn at_after_scheme(text: &str) -> bool {
    text.find("://").is_some_and(|i| text[i..].contains('@'))
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        kind: "an AWS access key",
        regex: r"(?:AKIA|ASIA)[A-Z0-9]{16}",
        literals: &["AKIA", "ASIA"],
        needs: anything,
    },
    Pattern {
        kind: "an AWS secret access key",
        regex: r#"(?i:(?:aws[_-]?)?secret[_-]?access[_-]?key|aws[_-]?secret(?:[_-]?key)?)["']?[ \t]*[:= \t][ \t]*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        literals: &["secret"],
        needs: secret_key_run,
    },
    Pattern {
        kind: "a GitHub token",
        regex: r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        literals: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        needs: anything,
    },
    Pattern {
        kind: "a Slack token",
        regex: r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
        literals: &["xox"],
        needs: anything,
    },
    Pattern {
        kind: "a Slack webhook URL",
        regex: r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+",
        literals: &["hooks.slack.com"],
        needs: anything,
    },
    Pattern {
        kind: "a Stripe secret key",
        regex: r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}",
        literals: &["k_live_", "k_test_"],
        needs: anything,
    },
    Pattern {
        kind: "a Google API key",
        regex: r"\bAIza[0-9A-Za-z_-]{35}",
        literals: &["AIza"],
        needs: anything,
    },
    Pattern {
        kind: "a Google OAuth client secret",
        regex: r"\bGOCSPX-[0-9A-Za-z_-]{28}",
        literals: &["GOCSPX-"],
        needs: anything,
    },
    Pattern {
        kind: "a JSON web token",
        regex: r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        literals: &["eyJ"],
        needs: anything,
    },
    Pattern {
        kind: "a private key",
        regex: r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY[A-Z ]*(?:-----)?",
        literals: &["-----BEGIN"],
        needs: anything,
    },
    Pattern {
        kind: "a URL with a password",
        regex: r#"\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@"'{}]*:([^/\s@"'{}$]+)@"#,
        literals: &["://"],
        needs: at_after_scheme,
    },
];

const PRIVATE_KEY: &str = "a private key";
const AWS_SECRET_KEY: &str = "an AWS secret access key";

/// Each pattern's regex, compiled the first time a text holds one of its literals: most apps
/// never need most of them, and compiling all of them was most of what validating a small app
/// cost (any `gh`, as in `insights`, once set it off).
static COMPILED: LazyLock<Vec<OnceLock<Regex>>> =
    LazyLock::new(|| PATTERNS.iter().map(|_| OnceLock::new()).collect());

/// The regex of `PATTERNS[i]`.
fn regex(i: usize) -> &'static Regex {
    COMPILED[i].get_or_init(|| Regex::new(PATTERNS[i].regex).expect("secret patterns are valid"))
}

/// How many literals the patterns have in all.
const LITERAL_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < PATTERNS.len() {
        n += PATTERNS[i].literals.len();
        i += 1;
    }
    n
};

// [`START`] has a bit per literal, [`candidates`] a bit per pattern.
const _: () = assert!(LITERAL_COUNT <= 32 && PATTERNS.len() <= 32);

/// Every pattern's literals, each with the index of its pattern.
const LITERALS: [(usize, &[u8]); LITERAL_COUNT] = {
    let mut out: [(usize, &[u8]); LITERAL_COUNT] = [(0, b""); LITERAL_COUNT];
    let (mut n, mut i) = (0, 0);
    while i < PATTERNS.len() {
        let mut j = 0;
        while j < PATTERNS[i].literals.len() {
            out[n] = (i, PATTERNS[i].literals[j].as_bytes());
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
};

/// For each byte, the literals (bits by index into [`LITERALS`]) whose byte `at` it is, in
/// either ASCII case.
const fn byte_table(at: usize) -> [u32; 256] {
    let mut table = [0; 256];
    let mut l = 0;
    while l < LITERAL_COUNT {
        let byte = LITERALS[l].1[at];
        table[byte.to_ascii_lowercase() as usize] |= 1 << l;
        table[byte.to_ascii_uppercase() as usize] |= 1 << l;
        l += 1;
    }
    table
}

// Every literal has a second byte for [`SECOND`].
const _: () = {
    let mut l = 0;
    while l < LITERAL_COUNT {
        assert!(LITERALS[l].1.len() >= 2);
        l += 1;
    }
};

/// The literals that start with each byte, and those whose second byte each is: a position
/// is compared only with the literals both bytes there allow (in text, a letter that starts a
/// literal is seldom followed by its second).
const START: [u32; 256] = byte_table(0);
const SECOND: [u32; 256] = byte_table(1);

/// The patterns that may match `text`, as a bit set by index: those with a literal in it (in
/// any ASCII case, which only lets a few more texts through to the patterns, which decide) and
/// what else they need. One pass over the text with a table of first bytes, built at compile
/// time: an Aho-Corasick automaton did the same, but building it cost half a million
/// instructions in every build, more than scanning all of a small app's values.
fn candidates(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut found = 0_u32;
    for (i, pair) in bytes.windows(2).enumerate() {
        let mut starting = START[usize::from(pair[0])] & SECOND[usize::from(pair[1])];
        while starting != 0 {
            let l = starting.trailing_zeros() as usize;
            starting &= starting - 1;
            let (pattern, literal) = LITERALS[l];
            if bytes[i..]
                .get(..literal.len())
                .is_some_and(|at| at.eq_ignore_ascii_case(literal))
            {
                found |= 1 << pattern;
            }
        }
    }
    PATTERNS
        .iter()
        .enumerate()
        .filter(|&(i, p)| found & (1 << i) != 0 && !(p.needs)(text))
        .fold(found, |set, (i, _)| set & !(1 << i))
}

/// Whether any pattern may match `text` (see [`candidates`]).
#[cfg(test)]
fn may_hold_secret(text: &str) -> bool {
    candidates(text) != 0
}

/// The patterns that may match `text`, in order, each with its index.
fn candidate_patterns(text: &str) -> impl Iterator<Item = (usize, &'static Pattern)> {
    let set = candidates(text);
    PATTERNS
        .iter()
        .enumerate()
        .filter(move |(i, _)| set & (1 << i) != 0)
}

/// A secret found in a text: where, and what it looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub range: Range<usize>,
    pub kind: &'static str,
}

/// Every value in `text` that matches a secret pattern, in no particular order. A private key
/// runs to its `-----END … PRIVATE KEY-----` line, or, without one, over the following lines
/// that look like its base64 body.
pub fn find(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, Pattern { kind, .. }) in candidate_patterns(text) {
        for caps in regex(i).captures_iter(text) {
            let m = caps.get(1).or_else(|| caps.get(0)).expect("group 0 exists");
            let range = if *kind == PRIVATE_KEY {
                m.start()..private_key_end(text, m.end())
            } else {
                m.range()
            };
            out.push(Finding { range, kind });
        }
    }
    out
}

/// Where a private key that starts before `from` ends.
fn private_key_end(text: &str, from: usize) -> usize {
    if let Some(end) = text[from..].find("-----END") {
        let after = from + end + "-----END".len();
        let marker_end = text[after..]
            .find("-----")
            .map_or(text.len(), |i| after + i + "-----".len());
        // Only the key's own END marker: a later key's block must not swallow the text between.
        if !text[from..from + end].contains("-----BEGIN") {
            return marker_end;
        }
    }
    // No END marker: the rest of this line, then base64 body lines (a block scalar).
    let mut end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    while end < text.len() {
        let next = text[end + 1..]
            .find('\n')
            .map_or(text.len(), |i| end + 1 + i);
        let line = text[end + 1..next].trim();
        let body = !line.is_empty()
            && line
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
        if !body {
            break;
        }
        end = next;
    }
    end
}

/// What a value looks like, if it looks like a credential: "an AWS access key", "a GitHub
/// token", …
pub fn kind(value: &str) -> Option<&'static str> {
    candidate_patterns(value)
        .find(|(i, _)| regex(*i).is_match(value))
        .map(|(_, p)| p.kind)
}

/// Whether a value looks like a credential (FF0305 rejects it in `env`, FF0389 elsewhere).
pub fn secret_value(value: &str) -> bool {
    kind(value).is_some()
}

/// What the value of the mapping key `name` looks like: its own [`kind`], or an AWS secret
/// access key when the key is named like one (`aws_secret_access_key: wJalr…`) and the value
/// has that key's shape.
pub fn named_kind(name: &str, value: &str) -> Option<&'static str> {
    kind(value).or_else(|| {
        // That pattern needs `secret` in some case, which `name: value` holds only when one of
        // the two does (`: ` cannot join two halves of it).
        let has = |text: &str| {
            text.as_bytes()
                .windows(6)
                .any(|w| w.eq_ignore_ascii_case(b"secret"))
        };
        if !has(name) && !has(value) {
            return None;
        }
        let assignment = format!("{name}: {value}");
        let (i, p) = candidate_patterns(&assignment).find(|(_, p)| p.kind == AWS_SECRET_KEY)?;
        regex(i).is_match(&assignment).then_some(p.kind)
    })
}

/// A CloudFormation dynamic reference to a secret (`{{resolve:secretsmanager:…}}` or
/// `{{resolve:ssm-secure:…}}`) that starts `tag`, with the `secrets:` reference fleetform would
/// take for it: CloudFormation resolves such a reference into the resource, so in a task
/// definition the secret would be readable by anyone who can describe it.
pub fn dynamic_reference(tag: &str) -> Option<String> {
    let inner = tag.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let rest = inner.strip_prefix("resolve:")?;
    if let Some(reference) = rest.strip_prefix("secretsmanager:") {
        // `secret-id:SecretString:json-key:version-stage:version-id`; an ARN holds colons.
        let parts: Vec<&str> = reference.split(':').collect();
        let id_parts = if reference.starts_with("arn:") { 7 } else { 1 };
        let id = parts.get(..id_parts)?.join(":");
        let key = parts.get(id_parts + 1).filter(|k| !k.is_empty());
        return Some(match key {
            Some(key) => format!("secretsmanager:{id}#{key}"),
            None => format!("secretsmanager:{id}"),
        });
    }
    let name = rest.strip_prefix("ssm-secure:")?;
    // `parameter-name:version`; a parameter name has no colon.
    let name = name.split(':').next().filter(|n| !n.is_empty())?;
    Some(format!("ssm:{name}"))
}

/// Values of secret-named keys in YAML text (`DB_PASSWORD: hunter2`, `{ api-token: x }`), read
/// line by line without parsing, so that a file that does not parse is masked too. References
/// (`ssm:…`, `secretsmanager:…`, `arn:…`, `{{…}}`) and nested mappings are left alone.
pub fn assignments(text: &str) -> Vec<Range<usize>> {
    static KEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?m)(?:^|([{,]))[ \t]*(?:-[ \t]+)?(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_.-]+))[ \t]*:[ \t]+"#,
        )
        .expect("valid regex")
    });
    let mut out = Vec::new();
    for caps in KEY.captures_iter(text) {
        let key = caps
            .get(2)
            .or_else(|| caps.get(3))
            .or_else(|| caps.get(4))
            .map_or("", |m| m.as_str());
        if !secret_name(&key.replace(['-', '.'], "_")) {
            continue;
        }
        let flow = caps.get(1).is_some();
        let start = caps.get(0).map_or(0, |m| m.end());
        if let Some(range) = scalar_at(text, start, flow) {
            let value = text[range.clone()].trim_matches(['"', '\'']);
            let reference = ["ssm:", "secretsmanager:", "arn:", "{{"]
                .iter()
                .any(|p| value.starts_with(p));
            if !reference && !value.is_empty() {
                out.push(range);
            }
        }
    }
    out
}

/// The scalar that starts at `start`: quoted to its closing quote, plain to the end of the line
/// (or, in a flow mapping, to the next `,`, `}` or `]`). `None` for a mapping, list or comment.
fn scalar_at(text: &str, start: usize, flow: bool) -> Option<Range<usize>> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let first = line.chars().next()?;
    let len = match first {
        '{' | '[' | '#' | '|' | '>' => return None,
        '"' => line[1..]
            .char_indices()
            .scan(false, |escaped, (i, c)| {
                let close = c == '"' && !*escaped;
                *escaped = c == '\\' && !*escaped;
                Some((i, close))
            })
            .find(|&(_, close)| close)
            .map_or(line.len(), |(i, _)| i + 2),
        '\'' => line[1..].find('\'').map_or(line.len(), |i| i + 2),
        _ => {
            let stop = if flow {
                line.find([',', '}', ']']).unwrap_or(line.len())
            } else {
                line.find(" #").unwrap_or(line.len())
            };
            line[..stop].trim_end().len()
        }
    };
    Some(start..start + len)
}

#[cfg(test)]
mod tests;
