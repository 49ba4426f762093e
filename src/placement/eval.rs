//! What a capacity's instances are known to satisfy: three-valued evaluation of a cluster
//! query expression against the attributes fleetform knows for certain (instance type,
//! architecture, operating system, and the custom attributes it registers). Everything else
//! (zone, AMI, agent, tasks) is unknown, so a `false` result means no instance of that capacity
//! can ever match.

use std::collections::{BTreeMap, BTreeSet};

use super::expr::{Comparison, Expr, Op, Subject};

/// What is known of every instance of one EC2 capacity.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub instance_type: &'a str,
    /// `x86_64` or `arm64`.
    pub arch: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
}

/// True, false, or not known at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn not(self) -> Self {
        match self {
            Self::True => Self::False,
            Self::False => Self::True,
            Self::Unknown => Self::Unknown,
        }
    }

    fn of(b: bool) -> Self {
        if b { Self::True } else { Self::False }
    }
}

enum Val<'a> {
    Is(&'a str),
    Absent,
    Unknown,
}

/// Whether an attribute name is one ECS sets itself (`ecs.*`, `com.amazonaws.ecs.*`).
pub fn is_builtin(attribute: &str) -> bool {
    attribute.starts_with("ecs.") || attribute.starts_with("com.amazonaws.")
}

/// Built-in attributes the ECS documentation lists (others exist: capabilities).
pub const BUILTINS: &[&str] = &[
    "ecs.ami-id",
    "ecs.availability-zone",
    "ecs.cpu-architecture",
    "ecs.instance-type",
    "ecs.os-family",
    "ecs.os-type",
    "ecs.outpost-arn",
    "ecs.subnet-id",
    "ecs.vpc-id",
];

fn value<'a>(attribute: &str, facts: &Facts<'a>, declared: &BTreeSet<&str>) -> Val<'a> {
    match attribute {
        "ecs.instance-type" => Val::Is(facts.instance_type),
        "ecs.cpu-architecture" => Val::Is(facts.arch),
        // The ECS-optimized Amazon Linux AMI fleetform launches.
        "ecs.os-type" => Val::Is("linux"),
        a if is_builtin(a) => Val::Unknown,
        a => match facts.attributes.get(a) {
            Some(v) => Val::Is(v),
            None if declared.contains(a) => Val::Absent,
            // Declared by no capacity: another rule reports it.
            None => Val::Unknown,
        },
    }
}

/// Evaluates `expr` on a capacity. `declared` holds the custom attributes some capacity of the
/// owner declares: one of them missing on this capacity is known to be absent.
pub fn eval(expr: &Expr, facts: &Facts<'_>, declared: &BTreeSet<&str>) -> Tri {
    match expr {
        Expr::Or(items) => {
            let vals: Vec<Tri> = items.iter().map(|i| eval(i, facts, declared)).collect();
            if vals.contains(&Tri::True) {
                Tri::True
            } else if vals.iter().all(|v| *v == Tri::False) {
                Tri::False
            } else {
                Tri::Unknown
            }
        }
        Expr::And(items) => {
            let vals: Vec<Tri> = items.iter().map(|i| eval(i, facts, declared)).collect();
            if vals.contains(&Tri::False) {
                Tri::False
            } else if vals.iter().all(|v| *v == Tri::True) {
                Tri::True
            } else {
                Tri::Unknown
            }
        }
        Expr::Not(inner) => eval(inner, facts, declared).not(),
        Expr::Group(inner) => eval(inner, facts, declared),
        Expr::Cmp(c) => compare(c, facts, declared),
    }
}

/// Evaluates one comparison on a capacity.
pub fn compare(c: &Comparison, facts: &Facts<'_>, declared: &BTreeSet<&str>) -> Tri {
    let Subject::Attribute(name) = &c.subject else {
        return Tri::Unknown;
    };
    // A value still holding an interpolation or a deploy-time reference is not known.
    if c.args
        .iter()
        .any(|a| a.text.contains("{{") || a.text.contains("${"))
    {
        return Tri::Unknown;
    }
    let args: Vec<&str> = c.args.iter().map(|a| a.text.as_str()).collect();
    match value(name, facts, declared) {
        Val::Unknown => Tri::Unknown,
        Val::Absent => match c.op {
            Op::Exists | Op::Eq | Op::In | Op::Matches => Tri::False,
            Op::NotExists => Tri::True,
            _ => Tri::Unknown,
        },
        Val::Is(v) => match c.op {
            Op::Exists => Tri::True,
            Op::NotExists => Tri::False,
            Op::Eq => Tri::of(args.first() == Some(&v)),
            Op::Ne => Tri::of(args.first() != Some(&v)),
            Op::In => Tri::of(args.contains(&v)),
            Op::NotIn => Tri::of(!args.contains(&v)),
            Op::Matches => matches(args.first().copied().unwrap_or_default(), v),
            Op::NotMatches => matches(args.first().copied().unwrap_or_default(), v).not(),
            Op::Gt | Op::Gte | Op::Lt | Op::Lte => Tri::Unknown,
        },
    }
}

/// A Java regular expression (`=~`) on a value. Whether ECS matches the whole value or a part
/// is not documented, so only an answer both readings agree on is known; a pattern Rust's
/// regex engine does not read is unknown.
fn matches(pattern: &str, value: &str) -> Tri {
    let (Ok(part), Ok(whole)) = (
        regex::Regex::new(pattern),
        regex::Regex::new(&format!("^(?:{pattern})$")),
    ) else {
        return Tri::Unknown;
    };
    match (part.is_match(value), whole.is_match(value)) {
        (true, true) => Tri::True,
        (false, false) => Tri::False,
        _ => Tri::Unknown,
    }
}

/// The first comparison of `expr`, outside any `not`, that is false on every capacity:
/// the part to point at when the whole expression cannot be satisfied.
pub fn culprit<'e>(
    expr: &'e Expr,
    capacities: &[Facts<'_>],
    declared: &BTreeSet<&str>,
) -> Option<&'e Comparison> {
    match expr {
        Expr::Or(items) | Expr::And(items) => {
            items.iter().find_map(|i| culprit(i, capacities, declared))
        }
        Expr::Group(inner) => culprit(inner, capacities, declared),
        Expr::Not(_) => None,
        Expr::Cmp(c) => capacities
            .iter()
            .all(|f| compare(c, f, declared) == Tri::False)
            .then_some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placement::expr::parse;

    fn on(text: &str, instance: &str, attrs: &[(&str, &str)]) -> Tri {
        let attributes: BTreeMap<String, String> = attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let facts = Facts {
            instance_type: instance,
            arch: "x86_64",
            attributes: &attributes,
        };
        let declared = BTreeSet::from(["stack", "gpu"]);
        eval(&parse(text).unwrap(), &facts, &declared)
    }

    #[test]
    fn instance_types() {
        let t = "attribute:ecs.instance-type";
        assert_eq!(
            on(&format!("{t} == m6i.large"), "m6i.large", &[]),
            Tri::True
        );
        assert_eq!(
            on(&format!("{t} == m6i.large"), "c6g.large", &[]),
            Tri::False
        );
        assert_eq!(
            on(&format!("{t} != m6i.large"), "m6i.large", &[]),
            Tri::False
        );
        assert_eq!(
            on(&format!("{t} in [a, c6g.large]"), "c6g.large", &[]),
            Tri::True
        );
        assert_eq!(
            on(&format!("{t} !in [c6g.large]"), "c6g.large", &[]),
            Tri::False
        );
        assert_eq!(on(&format!("{t} =~ c6g.*"), "c6g.large", &[]), Tri::True);
        assert_eq!(on(&format!("{t} =~ c7g.*"), "c6g.large", &[]), Tri::False);
        // A prefix matches part of the value, not all of it: ECS's reading decides.
        assert_eq!(on(&format!("{t} =~ c6g"), "c6g.large", &[]), Tri::Unknown);
        assert_eq!(on(&format!("{t} !~ c7.*"), "c6g.large", &[]), Tri::True);
        assert_eq!(
            on(&format!("{t} =~ '(?<=x)'"), "c6g.large", &[]),
            Tri::Unknown
        );
    }

    #[test]
    fn custom_attributes_and_logic() {
        assert_eq!(
            on("attribute:stack == prod", "m", &[("stack", "prod")]),
            Tri::True
        );
        assert_eq!(
            on("attribute:stack == prod", "m", &[("stack", "dev")]),
            Tri::False
        );
        assert_eq!(on("attribute:stack == prod", "m", &[]), Tri::False);
        assert_eq!(on("attribute:stack != prod", "m", &[]), Tri::Unknown);
        assert_eq!(on("attribute:gpu exists", "m", &[]), Tri::False);
        assert_eq!(on("attribute:gpu !exists", "m", &[]), Tri::True);
        assert_eq!(on("attribute:unknown == x", "m", &[]), Tri::Unknown);
        assert_eq!(on("attribute:ecs.ami-id == x", "m", &[]), Tri::Unknown);
        assert_eq!(on("attribute:ecs.os-type == windows", "m", &[]), Tri::False);
        assert_eq!(
            on(
                "attribute:stack == prod or attribute:ecs.ami-id == x",
                "m",
                &[]
            ),
            Tri::Unknown
        );
        assert_eq!(
            on(
                "attribute:stack == prod and attribute:ecs.ami-id == x",
                "m",
                &[]
            ),
            Tri::False
        );
        assert_eq!(on("not(attribute:stack == prod)", "m", &[]), Tri::True);
        assert_eq!(
            on("attribute:stack == '{{env}}'", "m", &[("stack", "prod")]),
            Tri::Unknown
        );
    }
}
