//! A total order on values, so lists of ARNs and names sort on typed data, in the order they
//! always had: strings before intrinsics (`"` sorts before `{` in JSON), and strings, including
//! those of `Fn::Sub` and `Ref`, in the byte order of their JSON text. Lists used to be sorted
//! by their serialized text; for the values fleetform sorts (rendered strings and `Fn::Sub`)
//! this order is that one exactly, without serializing anything. Other values sort by kind,
//! then structurally.

use std::cmp::Ordering;
use std::iter;

use super::{Expr, Value};

impl Eq for Value {}
impl Eq for Expr {}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Str(a), Self::Str(b)) => json_text(a, b),
            (Self::Bool(a), Self::Bool(b)) => a.cmp(b),
            (Self::Int(a), Self::Int(b)) => a.cmp(b),
            (Self::List(a), Self::List(b)) => a.cmp(b),
            (Self::Map(a), Self::Map(b)) => a.cmp(b),
            (Self::Expr(a), Self::Expr(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl Value {
    /// Kinds in the order of the first byte of their JSON: `"`, digit, `[`, `f`/`t`, `{`.
    const fn rank(&self) -> u8 {
        match self {
            Self::Str(_) => 0,
            Self::Int(_) => 1,
            Self::List(_) => 2,
            Self::Bool(_) => 3,
            Self::Map(_) => 4,
            Self::Expr(_) => 5,
        }
    }
}

impl PartialOrd for Expr {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Expr {
    fn cmp(&self, other: &Self) -> Ordering {
        json_text(self.function(), other.function()).then_with(|| match (self, other) {
            (Self::Ref(_) | Self::Pseudo(_), Self::Ref(_) | Self::Pseudo(_)) => {
                json_text(self.ref_name(), other.ref_name())
            }
            (Self::GetAtt(a, x), Self::GetAtt(b, y)) => {
                json_text(a.as_str(), b.as_str()).then_with(|| json_text(x, y))
            }
            (Self::Sub(a), Self::Sub(b)) => json_text(a, b),
            // A plain `Fn::Sub` string (`"…"`) before the `[…]` form with variables.
            (Self::Sub(_), Self::SubWith(..)) => Ordering::Less,
            (Self::SubWith(..), Self::Sub(_)) => Ordering::Greater,
            (Self::SubWith(a, x), Self::SubWith(b, y)) => json_text(a, b).then_with(|| x.cmp(y)),
            (Self::Join(a, x), Self::Join(b, y)) => json_text(a, b).then_with(|| x.cmp(y)),
            (Self::JoinList(a, x), Self::JoinList(b, y)) => json_text(a, b).then_with(|| x.cmp(y)),
            (Self::Join(a, _), Self::JoinList(b, _)) => json_text(a, b).then(Ordering::Less),
            (Self::JoinList(a, _), Self::Join(b, _)) => json_text(a, b).then(Ordering::Greater),
            (Self::Select(i, x), Self::Select(j, y)) => {
                json_text(&i.to_string(), &j.to_string()).then_with(|| x.cmp(y))
            }
            (Self::Base64(a), Self::Base64(b)) => a.cmp(b),
            // Same function, so the same variant: `Fn::GetAZs` has no arguments.
            _ => Ordering::Equal,
        })
    }
}

impl Expr {
    /// The intrinsic's key in the template.
    const fn function(&self) -> &'static str {
        match self {
            Self::Ref(_) | Self::Pseudo(_) => "Ref",
            Self::GetAtt(..) => "Fn::GetAtt",
            Self::Sub(_) | Self::SubWith(..) => "Fn::Sub",
            Self::Join(..) | Self::JoinList(..) => "Fn::Join",
            Self::Select(..) => "Fn::Select",
            Self::GetAzs => "Fn::GetAZs",
            Self::Base64(_) => "Fn::Base64",
        }
    }

    /// What a `Ref` names; empty for any other intrinsic.
    fn ref_name(&self) -> &str {
        match self {
            Self::Ref(id) => id.as_str(),
            Self::Pseudo(p) => p.name(),
            _ => "",
        }
    }
}

/// Compares two strings as their JSON text does up to the closing quote: escaped as
/// `serde_json` writes them (`\"`, `\\`, `\n`, `\u001f`, …), so a shorter string sorts after
/// a longer one that continues with a byte below `"` (a space, `!`).
fn json_text(a: &str, b: &str) -> Ordering {
    escaped(a).cmp(escaped(b))
}

fn escaped(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes()
        .flat_map(|b| {
            let (bytes, len) = escape(b);
            bytes.into_iter().take(len)
        })
        .chain(iter::once(b'"'))
}

/// One byte as `serde_json` writes it inside a string.
fn escape(b: u8) -> ([u8; 6], usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = |c: u8| ([b'\\', c, 0, 0, 0, 0], 2);
    match b {
        b'"' => short(b'"'),
        b'\\' => short(b'\\'),
        0x08 => short(b'b'),
        0x0c => short(b'f'),
        b'\n' => short(b'n'),
        b'\r' => short(b'r'),
        b'\t' => short(b't'),
        0..=0x1f => (
            [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ],
            6,
        ),
        _ => ([b, 0, 0, 0, 0, 0], 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{LogicalId, Pseudo};

    /// The order this module keeps: that of the values' compact JSON text.
    fn assert_sorted_as_json(values: &[Value]) {
        let mut typed = values.to_vec();
        typed.sort();
        let mut by_text = values.to_vec();
        by_text.sort_by_key(|v| serde_json::to_string(v).unwrap());
        assert_eq!(typed, by_text);
    }

    #[test]
    fn strings_and_subs_sort_as_their_json_text() {
        assert_sorted_as_json(&[
            Value::sub("arn:${AWS::Partition}:ssm:b"),
            Value::str("b"),
            Value::str("a b"),
            Value::str("a"),
            Value::str("a!"),
            Value::str("a\"q"),
            Value::str("a\\q"),
            Value::str("a\nq"),
            Value::str("a\u{1}q"),
            Value::str("aé"),
            Value::sub("arn:${AWS::Partition}:ssm:a"),
            Value::sub("arn:${!x}"),
            Value::str("arn:aws:kms:us-east-1:123456789012:key/k1"),
        ]);
    }

    #[test]
    fn intrinsics_sort_by_function_then_arguments() {
        let a = LogicalId::new("A").unwrap();
        let b = LogicalId::new("B").unwrap();
        assert_sorted_as_json(&[
            Value::r#ref(&b),
            Value::get_att(&a, "Arn"),
            Value::pseudo(Pseudo::Region),
            Value::r#ref(&a),
            Value::from(Expr::GetAzs),
            Value::sub("x"),
            Value::get_att(&a, "Name"),
            Value::from(Expr::Base64(Box::new(Value::str("x")))),
            Value::str("z"),
        ]);
    }
}
