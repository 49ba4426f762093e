//! Task placement, independent of who owns the tasks: the cluster query language
//! ([`expr`]), what a blueprint's `placement` expands to ([`expand`]), and what a capacity's
//! instances are known to satisfy ([`eval`]). Pure: no I/O.

pub mod eval;
pub mod expr;

use crate::model::{
    BinpackField, CustomPlacement, NamedStrategy, Placement, PlacementConstraint, PlacementPreset,
    PlacementStrategy,
};

/// ECS: at most 10 placement constraints per task (task definition and service together).
pub const MAX_CONSTRAINTS: usize = 10;
/// ECS: at most 5 placement strategies per service or task.
pub const MAX_STRATEGIES: usize = 5;
/// ECS: a cluster query expression holds at most 2000 characters.
pub const MAX_EXPRESSION: usize = 2000;

/// One constraint as ECS sees it, with the JSON pointer (relative to `placement`) of what
/// produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    DistinctInstance,
    /// `memberOf` with the expression as written (before interpolation).
    MemberOf(String),
}

/// One strategy as ECS sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    Random,
    /// `spread` on a field as written (before interpolation).
    Spread(String),
    Binpack(BinpackField),
}

impl Strategy {
    /// ECS's `Type`.
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Random => "random",
            Self::Spread(_) => "spread",
            Self::Binpack(_) => "binpack",
        }
    }
}

impl BinpackField {
    pub const fn ecs_name(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Memory => "memory",
        }
    }
}

/// A placement expanded: presets first (in the order given), then `affinity`, then the raw
/// entries; an entry equal to an earlier one is dropped (ECS would apply it twice for
/// nothing). Each entry carries the pointer, relative to `placement`, of where it was written
/// (`""` for the shorthand).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expanded {
    pub constraints: Vec<(Constraint, String)>,
    pub strategies: Vec<(Strategy, String)>,
}

pub const AZ_ATTRIBUTE: &str = "attribute:ecs.availability-zone";

/// Expands presets and merges the parts of a placement.
pub fn expand(placement: &Placement) -> Expanded {
    let mut out = Expanded::default();
    match placement {
        Placement::Preset(p) => add_preset(&mut out, *p, String::new()),
        Placement::Presets(ps) => {
            for (i, p) in ps.iter().enumerate() {
                add_preset(&mut out, *p, format!("/{i}"));
            }
        }
        Placement::Custom(c) => custom(&mut out, c),
    }
    out
}

fn custom(out: &mut Expanded, c: &CustomPlacement) {
    match &c.preset {
        Some(crate::model::OneOrMany::One(p)) => add_preset(out, *p, "/preset".to_owned()),
        Some(crate::model::OneOrMany::Many(ps)) => {
            for (i, p) in ps.iter().enumerate() {
                add_preset(out, *p, format!("/preset/{i}"));
            }
        }
        None => {}
    }
    if let Some(expr) = &c.affinity {
        push(
            &mut out.constraints,
            Constraint::MemberOf(expr.clone()),
            "/affinity".to_owned(),
        );
    }
    for (i, item) in c.constraints.iter().enumerate() {
        let (constraint, at) = match item {
            PlacementConstraint::Named(_) => {
                (Constraint::DistinctInstance, format!("/constraints/{i}"))
            }
            PlacementConstraint::MemberOf(m) => (
                Constraint::MemberOf(m.member_of.clone()),
                format!("/constraints/{i}/member-of"),
            ),
        };
        push(&mut out.constraints, constraint, at);
    }
    for (i, item) in c.strategy.iter().enumerate() {
        let (strategy, at) = match item {
            PlacementStrategy::Named(NamedStrategy::Random) => {
                (Strategy::Random, format!("/strategy/{i}"))
            }
            PlacementStrategy::Spread(s) => (
                Strategy::Spread(s.spread.clone()),
                format!("/strategy/{i}/spread"),
            ),
            PlacementStrategy::Binpack(b) => (
                Strategy::Binpack(b.binpack),
                format!("/strategy/{i}/binpack"),
            ),
        };
        push(&mut out.strategies, strategy, at);
    }
}

fn add_preset(out: &mut Expanded, preset: PlacementPreset, at: String) {
    match preset {
        PlacementPreset::Compact => push(
            &mut out.strategies,
            Strategy::Binpack(BinpackField::Memory),
            at,
        ),
        PlacementPreset::Balanced => {
            push(
                &mut out.strategies,
                Strategy::Spread(AZ_ATTRIBUTE.to_owned()),
                at.clone(),
            );
            push(
                &mut out.strategies,
                Strategy::Spread("instanceId".to_owned()),
                at,
            );
        }
        PlacementPreset::AntiAffinity => {
            push(&mut out.constraints, Constraint::DistinctInstance, at);
        }
    }
}

fn push<T: PartialEq>(list: &mut Vec<(T, String)>, item: T, at: String) {
    if !list.iter().any(|(t, _)| *t == item) {
        list.push((item, at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MemberOf, OneOrMany, Spread};

    #[test]
    fn presets_expand_in_order_and_combine_with_raw_entries() {
        let e = expand(&Placement::Presets(vec![
            PlacementPreset::Balanced,
            PlacementPreset::AntiAffinity,
        ]));
        assert_eq!(
            e.strategies,
            [
                (Strategy::Spread(AZ_ATTRIBUTE.to_owned()), "/0".to_owned()),
                (Strategy::Spread("instanceId".to_owned()), "/0".to_owned()),
            ]
        );
        assert_eq!(
            e.constraints,
            [(Constraint::DistinctInstance, "/1".to_owned())]
        );

        let e = expand(&Placement::Custom(CustomPlacement {
            preset: Some(OneOrMany::One(PlacementPreset::Compact)),
            affinity: Some("attribute:stack == prod".to_owned()),
            constraints: vec![
                PlacementConstraint::MemberOf(MemberOf {
                    member_of: "attribute:stack == prod".to_owned(),
                }),
                PlacementConstraint::Named(crate::model::NamedConstraint::DistinctInstance),
            ],
            strategy: vec![
                PlacementStrategy::Spread(Spread {
                    spread: AZ_ATTRIBUTE.to_owned(),
                }),
                PlacementStrategy::Named(NamedStrategy::Random),
            ],
        }));
        assert_eq!(
            e.constraints,
            [
                (
                    Constraint::MemberOf("attribute:stack == prod".to_owned()),
                    "/affinity".to_owned()
                ),
                (Constraint::DistinctInstance, "/constraints/1".to_owned()),
            ]
        );
        let kinds: Vec<(&str, &str)> = e
            .strategies
            .iter()
            .map(|(s, at)| (s.kind(), at.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("binpack", "/preset"),
                ("spread", "/strategy/0/spread"),
                ("random", "/strategy/1")
            ]
        );
    }
}
