//! IAM statements and security-group rules of a template as rows, so the diff can show which
//! were added and removed (the changes reviewers must see, as in CDK's diff).

use std::fmt::Write as _;

use serde_json::Value;

/// One IAM statement or security-group rule: the resource that holds it and a one-line text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Row {
    pub resource: String,
    pub text: String,
}

fn resources(template: &Value) -> impl Iterator<Item = (&String, &str, &Value)> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(id, r)| {
            let kind = r.get("Type").and_then(Value::as_str).unwrap_or_default();
            (id, kind, r.get("Properties").unwrap_or(&Value::Null))
        })
}

/// A value on one line: strings as they are, lists joined, anything else as compact JSON.
fn show(value: Option<&Value>) -> String {
    match value {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| show(Some(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

fn statements(document: Option<&Value>) -> Vec<&Value> {
    match document.and_then(|d| d.get("Statement")) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

fn statement(prefix: &str, s: &Value) -> String {
    let effect = show(s.get("Effect"));
    let actions = show(s.get("Action").or_else(|| s.get("NotAction")));
    let mut text = format!("{prefix}{effect} {actions}");
    if let Some(p) = s.get("Principal") {
        let principal = match p.as_object() {
            Some(map) => map
                .iter()
                .map(|(k, v)| format!("{k} {}", show(Some(v))))
                .collect::<Vec<_>>()
                .join("; "),
            None => show(Some(p)),
        };
        let _ = write!(text, " by {principal}");
    }
    if let Some(r) = s.get("Resource").or_else(|| s.get("NotResource")) {
        let _ = write!(text, " on {}", show(Some(r)));
    }
    if let Some(c) = s.get("Condition") {
        let _ = write!(text, " if {c}");
    }
    text
}

/// Every IAM statement (trust, inline and managed policies) of a template.
pub fn iam(template: &Value) -> Vec<Row> {
    let mut rows = Vec::new();
    for (id, kind, props) in resources(template) {
        let mut push = |text: String| {
            rows.push(Row {
                resource: id.clone(),
                text,
            });
        };
        match kind {
            "AWS::IAM::Role" => {
                for s in statements(props.get("AssumeRolePolicyDocument")) {
                    push(statement("trust: ", s));
                }
                for policy in props
                    .get("Policies")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let name = show(policy.get("PolicyName"));
                    for s in statements(policy.get("PolicyDocument")) {
                        push(statement(&format!("policy {name}: "), s));
                    }
                }
                for arn in props
                    .get("ManagedPolicyArns")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    push(format!("managed policy {}", show(Some(arn))));
                }
            }
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" | "AWS::IAM::RolePolicy" => {
                for s in statements(props.get("PolicyDocument")) {
                    push(statement("", s));
                }
            }
            _ => {}
        }
    }
    rows.sort();
    rows
}

fn rule(direction: &str, r: &Value) -> String {
    let protocol = match show(r.get("IpProtocol")).as_str() {
        "-1" => "all".to_owned(),
        p => p.to_owned(),
    };
    let ports = match (r.get("FromPort"), r.get("ToPort")) {
        (Some(from), Some(to)) if from == to => format!(" port {}", show(Some(from))),
        (Some(from), Some(to)) => format!(" ports {}-{}", show(Some(from)), show(Some(to))),
        _ => String::new(),
    };
    let peer_keys: &[&str] = if direction == "ingress" {
        &[
            "CidrIp",
            "CidrIpv6",
            "SourceSecurityGroupId",
            "SourcePrefixListId",
            "SourceSecurityGroupName",
        ]
    } else {
        &[
            "CidrIp",
            "CidrIpv6",
            "DestinationSecurityGroupId",
            "DestinationPrefixListId",
        ]
    };
    let peer = peer_keys
        .iter()
        .find_map(|k| r.get(*k))
        .map(|v| show(Some(v)))
        .unwrap_or_default();
    let word = if direction == "ingress" { "from" } else { "to" };
    format!("{direction} {protocol}{ports} {word} {peer}")
}

/// Every security-group rule of a template: inline in a group or a rule resource of its own
/// (shown under the group it belongs to).
pub fn security(template: &Value) -> Vec<Row> {
    let mut rows = Vec::new();
    for (id, kind, props) in resources(template) {
        match kind {
            "AWS::EC2::SecurityGroup" => {
                for (key, direction) in [
                    ("SecurityGroupIngress", "ingress"),
                    ("SecurityGroupEgress", "egress"),
                ] {
                    for r in props
                        .get(key)
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        rows.push(Row {
                            resource: id.clone(),
                            text: rule(direction, r),
                        });
                    }
                }
            }
            "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
                let direction = if kind.ends_with("Ingress") {
                    "ingress"
                } else {
                    "egress"
                };
                let group = show(props.get("GroupId"));
                rows.push(Row {
                    resource: id.clone(),
                    text: format!("{} (group {group})", rule(direction, props)),
                });
            }
            _ => {}
        }
    }
    rows.sort();
    rows
}

/// Rows only in `a` (removed) and only in `b` (added), counting repeats.
pub fn changes(a: &[Row], b: &[Row]) -> (Vec<Row>, Vec<Row>) {
    let mut added: Vec<Row> = b.to_vec();
    let mut removed = Vec::new();
    for row in a {
        if let Some(i) = added.iter().position(|r| r == row) {
            added.remove(i);
        } else {
            removed.push(row.clone());
        }
    }
    (removed, added)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn statements_and_rules_become_rows() {
        let t = json!({"Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ecs-tasks.amazonaws.com"}}]},
                "Policies": [{"PolicyName": "task", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]}}]}},
            "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}},
            "In": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"GroupId": {"Ref": "Sg"}, "IpProtocol": "-1", "SourceSecurityGroupId": "sg-1"}}
        }});
        let texts: Vec<String> = iam(&t).into_iter().map(|r| r.text).collect();
        assert_eq!(
            texts,
            [
                "policy task: Allow s3:GetObject on arn:aws:s3:::b/*",
                "trust: Allow sts:AssumeRole by Service ecs-tasks.amazonaws.com",
            ]
        );
        let texts: Vec<String> = security(&t).into_iter().map(|r| r.text).collect();
        assert_eq!(
            texts,
            [
                "ingress all from sg-1 (group {\"Ref\":\"Sg\"})",
                "ingress tcp port 443 from 0.0.0.0/0",
            ]
        );
    }

    #[test]
    fn changes_count_repeats() {
        let row = |t: &str| Row {
            resource: "R".into(),
            text: t.into(),
        };
        let (removed, added) = changes(&[row("a"), row("a"), row("b")], &[row("a"), row("c")]);
        assert_eq!(removed, [row("a"), row("b")]);
        assert_eq!(added, [row("c")]);
    }
}
