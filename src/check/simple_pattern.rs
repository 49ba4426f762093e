//! The schema's patterns that are a plain sequence of ASCII character classes with counts
//! (`^[a-z][a-z0-9-]{0,62}$`, `^[0-9]{12}$`, `^vpc-[0-9a-f]{8,17}$`: most of them), matched
//! without the regex crate. Compiling a regex costs about 100,000 instructions; a one-service
//! build met seven patterns, 7% of its instructions. Anything else (groups, alternation, `.`,
//! lazy or nested quantifiers, non-ASCII) is not simple and goes to the regex crate.
//!
//! Only for printable-ASCII texts, which is all `conforms` asks patterns about. A property test
//! holds every simple pattern of the schema to the regex crate's verdict.

/// One item: a set of ASCII characters and how many of them, in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    class: u128,
    min: usize,
    max: usize,
}

/// A compiled simple pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simple {
    items: Vec<Item>,
}

/// Characters with a meaning of their own in a regex, never a literal unescaped.
const SPECIAL: &[u8] = b"()|[]{}*+?.^$\\";

/// `pattern` compiled, if it is simple: anchored at both ends, each item a literal, an escape
/// or a class, with an optional `?`, `*`, `+`, `{m}`, `{m,}` or `{m,n}` after it.
pub fn compile(pattern: &str) -> Option<Simple> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    if !body.is_ascii() {
        return None;
    }
    let bytes = body.as_bytes();
    let mut items = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (class, next) = atom(bytes, at)?;
        let (min, max, next) = quantifier(bytes, next)?;
        items.push(Item { class, min, max });
        at = next;
    }
    Some(Simple { items })
}

fn bit(b: u8) -> u128 {
    1 << b
}

/// The class of printable ASCII.
const PRINTABLE: u128 = !0 << 0x20 & !(1 << 0x7f);

/// The class an escape `\c` stands for, in or out of brackets.
fn escape(c: u8) -> Option<u128> {
    let range = |lo: u8, hi: u8| (lo..=hi).fold(0, |set, b| set | bit(b));
    Some(match c {
        b'd' => range(b'0', b'9'),
        b'w' => range(b'0', b'9') | range(b'a', b'z') | range(b'A', b'Z') | bit(b'_'),
        b's' => bit(b' ') | bit(b'\t') | bit(b'\n') | bit(0x0b) | bit(0x0c) | bit(b'\r'),
        c if c.is_ascii_punctuation() => bit(c),
        _ => return None,
    })
}

/// The item at `at`: its class and where its quantifier starts.
fn atom(bytes: &[u8], at: usize) -> Option<(u128, usize)> {
    match bytes[at] {
        b'\\' => Some((escape(*bytes.get(at + 1)?)?, at + 2)),
        b'[' => bracket(bytes, at + 1),
        c if SPECIAL.contains(&c) || !(0x20..0x7f).contains(&c) => None,
        c => Some((bit(c), at + 1)),
    }
}

/// A bracketed class whose content starts at `at`: its set and where it ends.
fn bracket(bytes: &[u8], mut at: usize) -> Option<(u128, usize)> {
    let negated = bytes.get(at) == Some(&b'^');
    if negated {
        at += 1;
    }
    let mut set = 0_u128;
    let mut first = true;
    loop {
        let c = *bytes.get(at)?;
        match c {
            b']' if !first => break,
            b'[' | b']' => return None,
            b'\\' => {
                set |= escape(*bytes.get(at + 1)?)?;
                at += 2;
            }
            _ => {
                // A range `a-z`; a `-` first or last is itself.
                if bytes.get(at + 1) == Some(&b'-') && bytes.get(at + 2).is_some_and(|&e| e != b']')
                {
                    let end = bytes[at + 2];
                    if end == b'\\' || end == b'[' || end < c {
                        return None;
                    }
                    set |= (c..=end).fold(0, |s, b| s | bit(b));
                    at += 3;
                } else {
                    set |= bit(c);
                    at += 1;
                }
            }
        }
        first = false;
    }
    // Outside printable ASCII nothing is asked, so a negated class is taken within it.
    let set = if negated { PRINTABLE & !set } else { set };
    Some((set, at + 1))
}

/// The quantifier at `at`: (min, max, where the next item starts).
fn quantifier(bytes: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let (min, max, next) = match bytes.get(at) {
        Some(b'?') => (0, 1, at + 1),
        Some(b'*') => (0, usize::MAX, at + 1),
        Some(b'+') => (1, usize::MAX, at + 1),
        Some(b'{') => {
            let close = at + bytes[at..].iter().position(|&b| b == b'}')?;
            let inner = std::str::from_utf8(&bytes[at + 1..close]).ok()?;
            let number = |s: &str| {
                (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| s.parse::<usize>().ok())
                    .flatten()
            };
            let (min, max) = match inner.split_once(',') {
                None => {
                    let n = number(inner)?;
                    (n, n)
                }
                Some((lo, "")) => (number(lo)?, usize::MAX),
                Some((lo, hi)) => (number(lo)?, number(hi)?),
            };
            if min > max {
                return None;
            }
            (min, max, close + 1)
        }
        _ => (1, 1, at),
    };
    // A lazy (`*?`) or stacked (`a{2}*`) quantifier: the regex crate's.
    if next > at && matches!(bytes.get(next), Some(b'?' | b'*' | b'+' | b'{')) {
        return None;
    }
    Some((min, max, next))
}

impl Simple {
    /// Whether the whole of `text` (printable ASCII) matches. Linear in the text per item: the
    /// positions each item can end at are marked as ranges over a difference array.
    pub fn is_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut reach = vec![false; n + 1];
        reach[0] = true;
        let mut run = vec![0_usize; n + 1];
        let mut delta = vec![0_isize; n + 2];
        for item in &self.items {
            // `run[i]`: how many characters of the class follow position `i`.
            run[n] = 0;
            for i in (0..n).rev() {
                let b = bytes[i];
                run[i] = if b < 128 && item.class & bit(b) != 0 {
                    run[i + 1] + 1
                } else {
                    0
                };
            }
            delta.fill(0);
            for start in 0..=n {
                if !reach[start] || run[start] < item.min {
                    continue;
                }
                let last = start + run[start].min(item.max);
                delta[start + item.min] += 1;
                delta[last + 1] -= 1;
            }
            let mut open = 0;
            for (i, slot) in reach.iter_mut().enumerate() {
                open += delta[i];
                *slot = open > 0;
            }
        }
        reach[n]
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex::Regex;

    use super::*;
    use crate::check::conforms::schema_patterns;

    #[test]
    fn shapes() {
        assert!(compile("^[a-z][a-z0-9-]{0,62}$").is_some());
        assert!(compile("^vpc-[0-9a-f]{8,17}$").is_some());
        assert!(compile("^[^/\\s]+/[^\\s]+$").is_some());
        assert!(compile("^(compact|balanced)$").is_none());
        assert!(compile("^/").is_none());
        assert!(compile("^a.b$").is_none());
        assert!(compile("^a*?$").is_none());
        assert!(compile("^é$").is_none());
        let names = compile("^[a-z][a-z0-9-]{0,3}$").expect("simple");
        assert!(names.is_match("web"));
        assert!(names.is_match("a-b1"));
        assert!(!names.is_match("a-b12"));
        assert!(!names.is_match("1ab"));
        assert!(!names.is_match(""));
    }

    /// Most of the schema's patterns are simple, or this module saves nothing.
    #[test]
    fn most_schema_patterns_are_simple() {
        let simple = schema_patterns()
            .iter()
            .filter(|p| compile(p).is_some())
            .count();
        assert!(simple * 3 >= schema_patterns().len() * 2, "{simple} simple");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Every simple pattern of the schema agrees with the regex crate on printable ASCII:
        /// texts made of pieces that match the pattern's parts, and anything else.
        #[test]
        fn simple_patterns_match_as_the_regex_crate_does(
            index in 0..64_usize,
            pieces in proptest::collection::vec(
                prop_oneof![
                    "[a-z]{0,6}",
                    "[0-9a-f]{0,20}",
                    "[A-Z0-9]{0,4}",
                    "[ -~]{0,4}",
                    "(vpc|subnet|Z|AWSManagedRules|/|-|_|\\.|:|\\*)",
                ],
                0..6,
            ),
        ) {
            let patterns = schema_patterns();
            let pattern = patterns[index % patterns.len()];
            let text = pieces.concat();
            if let Some(simple) = compile(pattern) {
                let regex = Regex::new(pattern).expect("schema patterns compile");
                prop_assert_eq!(simple.is_match(&text), regex.is_match(&text), "{} on {:?}", pattern, text);
            }
        }
    }
}
