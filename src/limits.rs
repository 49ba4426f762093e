//! CloudFormation quotas, checked on the lowered stacks: a stack that crosses one would be
//! rejected at deploy time, which is the failure fleetform exists to prevent.
//!
//! Numbers: CloudFormation User Guide, "Understand CloudFormation quotas" (also cfn-lint's
//! `LIMITS`): 500 resources, 200 parameters, 200 outputs per template; template bodies up to
//! 51,200 bytes inline and 1,000,000 bytes from S3.

use crate::diagnostic::Diagnostic;
use crate::lower::Stack;

pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_INLINE_BYTES: usize = 51_200;
pub const MAX_S3_BYTES: usize = 1_000_000;
pub const MAX_DYNAMIC_REFERENCES: usize = 60;

/// Checks one emitted stack; `text` is its template file as written.
pub fn check(stack: &Stack, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let bytes = text.len();
    // fleetform resolves SSM values through parameter types, not `{{resolve:…}}`, but a user's
    // string may carry one; CloudFormation allows 60 per template.
    let dynamic = text.matches("{{resolve:").count();
    if dynamic > MAX_DYNAMIC_REFERENCES {
        out.push(
            Diagnostic::error(
                "FF0904",
                format!(
                    "stack `{}` has {dynamic} dynamic references; CloudFormation allows {MAX_DYNAMIC_REFERENCES}",
                    stack.name
                ),
            )
            .help("pass such values as secrets (`ssm:` / `secretsmanager:`) instead of `{{resolve:…}}` strings"),
        );
    }
    let t = &stack.template;
    let counts = [
        ("resources", t.resources.len(), MAX_RESOURCES),
        ("parameters", t.parameters.len(), MAX_PARAMETERS),
        ("outputs", t.outputs.len(), MAX_OUTPUTS),
    ];
    for (what, count, max) in counts {
        if count > max {
            out.push(
                Diagnostic::error(
                    "FF0901",
                    format!(
                        "stack `{}` has {count} {what}; CloudFormation allows {max}",
                        stack.name
                    ),
                )
                .help("move services into stacks of their own, or split the environment"),
            );
        }
    }
    if bytes > MAX_S3_BYTES {
        out.push(
            Diagnostic::error(
                "FF0902",
                format!(
                    "template of stack `{}` is {bytes} bytes; CloudFormation accepts at most {MAX_S3_BYTES}",
                    stack.name
                ),
            )
            // One stack per service: splitting is no way out, shrinking the values is.
            .help("keep large values out of the template: pass big `env` values as `secrets` from SSM Parameter Store, and shorten long permission lists"),
        );
    } else if bytes > MAX_INLINE_BYTES {
        out.push(
            Diagnostic::warning(
                "FF0903",
                format!(
                    "template of stack `{}` is {bytes} bytes, over the {MAX_INLINE_BYTES}-byte inline limit",
                    stack.name
                ),
            )
            .help("deploy it through S3: `aws cloudformation deploy --s3-bucket BUCKET …` (CodePipeline does this itself)"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::cfn::resources::logs::LogGroup;
    use crate::cfn::{LogicalId, Resource, Template};
    use crate::lower::StackKind;

    fn stack(resources: usize) -> Stack {
        let mut template = Template::new("test");
        for i in 0..resources {
            template.add(
                LogicalId::new(&format!("Group{i}")).unwrap(),
                Resource::new(&LogGroup {
                    log_group_name: format!("/g/{i}"),
                    retention_in_days: 1,
                    kms_key_id: None,
                }),
            );
        }
        Stack {
            app: "a".into(),
            environment: "e".into(),
            region: "us-east-1".into(),
            name: "a-e".into(),
            kind: StackKind::Environment,
            template,
            parameters: BTreeMap::new(),
            tags: BTreeMap::new(),
            depends_on: Vec::new(),
        }
    }

    #[test]
    fn resource_count_over_500_is_an_error() {
        assert!(check(&stack(500), &" ".repeat(1000)).is_empty());
        let d = check(&stack(501), &" ".repeat(1000));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "FF0901");
        assert!(d[0].message.contains("501 resources"));
    }

    #[test]
    fn dynamic_references_over_60_are_an_error() {
        let mut s = stack(0);
        for i in 0..61 {
            s.template.add(
                LogicalId::new(&format!("Group{i}")).unwrap(),
                Resource::new(&LogGroup {
                    log_group_name: format!("{{{{resolve:ssm:/p/{i}}}}}"),
                    retention_in_days: 1,
                    kms_key_id: None,
                }),
            );
        }
        let text = crate::emit::json(&s.template.to_json());
        assert_eq!(check(&s, &text)[0].code, "FF0904");
    }

    #[test]
    fn size_limits() {
        assert!(check(&stack(1), &" ".repeat(MAX_INLINE_BYTES)).is_empty());
        assert_eq!(
            check(&stack(1), &" ".repeat(MAX_INLINE_BYTES + 1))[0].code,
            "FF0903"
        );
        assert_eq!(
            check(&stack(1), &" ".repeat(MAX_S3_BYTES + 1))[0].code,
            "FF0902"
        );
    }
}
