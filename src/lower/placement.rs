//! Task placement of any owner of tasks (services; jobs use the same calls): ECS
//! `PlacementConstraints` and `PlacementStrategies`, and the same as `aws ecs run-task`
//! arguments. Expressions are interpolated for the target and emitted in canonical form, so
//! the output does not depend on how the blueprint spaces or spells its operators.

use crate::cfn::resources::ecs;
use crate::cfn::{Expr, Value};
use crate::interp::{self, Scope};
use crate::model::Placement;
use crate::placement::{self, Constraint, Strategy, expr};

/// A placement lowered for one environment × region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lowered {
    pub constraints: Vec<ecs::PlacementConstraint>,
    pub strategies: Vec<ecs::PlacementStrategy>,
}

/// Lowers a (checked) placement with the names of one environment × region.
pub fn lower(placement: &Placement, scope: &Scope) -> Lowered {
    let expanded = placement::expand(placement);
    Lowered {
        constraints: expanded
            .constraints
            .iter()
            .map(|(c, _)| match c {
                Constraint::DistinctInstance => ecs::PlacementConstraint {
                    kind: "distinctInstance",
                    expression: None,
                },
                Constraint::MemberOf(text) => ecs::PlacementConstraint {
                    kind: "memberOf",
                    expression: Some(expression(text, scope)),
                },
            })
            .collect(),
        strategies: expanded
            .strategies
            .iter()
            .map(|(s, _)| ecs::PlacementStrategy {
                kind: s.kind(),
                field: match s {
                    Strategy::Random => None,
                    Strategy::Spread(field) => Some(interp::render(field, scope).into()),
                    Strategy::Binpack(field) => Some(Value::str(field.ecs_name())),
                },
            })
            .collect(),
    }
}

/// The canonical form of an expression that parses; anything else as written (the checks
/// have rejected it before lowering).
fn canonical(text: &str) -> String {
    expr::parse(text).map_or_else(|_| text.to_owned(), |e| expr::canonical(&e))
}

/// Interpolates an expression, canonical before and after (a var may bring its own spacing).
pub fn expression(text: &str, scope: &Scope) -> Value {
    match interp::render(&canonical(text), scope) {
        interp::Rendered::Literal(s) => Value::Str(canonical(&s)),
        other @ interp::Rendered::Sub(_) => other.into(),
    }
}

/// `aws ecs run-task` arguments (one argument per element, unquoted for a shell) in the CLI's
/// shorthand syntax: `--placement-constraints type=memberOf,expression="…"` and
/// `--placement-strategy type=spread,field=…`. A value that needs a deploy-time name comes out
/// as its `Fn::Sub` text (`${AWS::AccountId}`), for a caller that embeds the command in a
/// `Fn::Sub`.
pub fn run_task_args(lowered: &Lowered) -> Vec<String> {
    let mut args = Vec::new();
    if !lowered.constraints.is_empty() {
        args.push("--placement-constraints".to_owned());
        for c in &lowered.constraints {
            let mut arg = format!("type={}", c.kind);
            if let Some(e) = &c.expression {
                arg.push_str(",expression=");
                arg.push_str(&quoted(&text_of(e)));
            }
            args.push(arg);
        }
    }
    if !lowered.strategies.is_empty() {
        args.push("--placement-strategy".to_owned());
        for s in &lowered.strategies {
            let mut arg = format!("type={}", s.kind);
            if let Some(f) = &s.field {
                let f = text_of(f);
                arg.push_str(",field=");
                if f.contains(|c: char| c.is_whitespace() || ",=\"'[]{}\\".contains(c)) {
                    arg.push_str(&quoted(&f));
                } else {
                    arg.push_str(&f);
                }
            }
            args.push(arg);
        }
    }
    args
}

/// Joins arguments into one POSIX shell command line, single-quoting where needed.
pub fn shell_join(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_./:=,@%+-".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A shorthand-syntax string value: in double quotes, `\` and `"` escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn text_of(v: &Value) -> String {
    match v {
        // The caller embeds the text in a `Fn::Sub`: a literal `${` must stay literal.
        Value::Str(s) => s.replace("${", "${!"),
        Value::Expr(e) => match &**e {
            Expr::Sub(s) => s.clone(),
            other => serde_json::to_string(other).unwrap_or_default(),
        },
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        CustomPlacement, MemberOf, OneOrMany, PlacementConstraint, PlacementPreset,
    };

    fn scope(region: &str) -> Scope {
        let mut s = Scope::default();
        s.literals.insert("region".to_owned(), region.to_owned());
        s.deploy_time
            .insert("account".to_owned(), "AWS::AccountId".to_owned());
        s
    }

    fn custom(affinity: &str) -> Placement {
        Placement::Custom(CustomPlacement {
            preset: Some(OneOrMany::Many(vec![
                PlacementPreset::Balanced,
                PlacementPreset::Compact,
            ])),
            affinity: Some(affinity.to_owned()),
            constraints: vec![PlacementConstraint::MemberOf(MemberOf {
                member_of: "attribute:ecs.availability-zone  in [{{region}}a,{{region}}b]"
                    .to_owned(),
            })],
            strategy: Vec::new(),
        })
    }

    #[test]
    fn lowers_presets_and_interpolates_canonical_expressions() {
        let l = lower(&custom("attribute:stack==prod"), &scope("eu-west-1"));
        let json = serde_json::to_value(&l.constraints).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"Type": "memberOf", "Expression": "attribute:stack == prod"},
                {"Type": "memberOf", "Expression": "attribute:ecs.availability-zone in [eu-west-1a, eu-west-1b]"}
            ])
        );
        let json = serde_json::to_value(&l.strategies).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"Type": "spread", "Field": "attribute:ecs.availability-zone"},
                {"Type": "spread", "Field": "instanceId"},
                {"Type": "binpack", "Field": "memory"}
            ])
        );
        let l = lower(
            &Placement::Preset(PlacementPreset::AntiAffinity),
            &scope("x"),
        );
        assert_eq!(
            serde_json::to_value(&l.constraints).unwrap(),
            serde_json::json!([{"Type": "distinctInstance"}])
        );
        assert!(l.strategies.is_empty());
    }

    #[test]
    fn deploy_time_names_become_sub() {
        let v = expression("attribute:owner == {{account}}", &scope("x"));
        assert_eq!(v, Value::sub("attribute:owner == ${AWS::AccountId}"));
    }

    #[test]
    fn run_task_arguments() {
        let l = lower(&custom("attribute:team == \"a b\""), &scope("us-east-1"));
        let args = run_task_args(&l);
        assert_eq!(
            args,
            [
                "--placement-constraints",
                r#"type=memberOf,expression="attribute:team == 'a b'""#,
                r#"type=memberOf,expression="attribute:ecs.availability-zone in [us-east-1a, us-east-1b]""#,
                "--placement-strategy",
                "type=spread,field=attribute:ecs.availability-zone",
                "type=spread,field=instanceId",
                "type=binpack,field=memory",
            ]
        );
        assert_eq!(
            shell_join(&args[..2]),
            r#"--placement-constraints 'type=memberOf,expression="attribute:team == '\''a b'\''"'"#
        );
        assert!(run_task_args(&Lowered::default()).is_empty());
        let l = lower(
            &Placement::Preset(PlacementPreset::AntiAffinity),
            &scope("x"),
        );
        assert_eq!(
            run_task_args(&l),
            ["--placement-constraints", "type=distinctInstance"]
        );
    }
}
