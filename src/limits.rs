//! CloudFormation quotas, checked on the lowered stacks: a stack that crosses one would be
//! rejected at deploy time, which is the failure fleetform exists to prevent.
//!
//! Numbers: CloudFormation User Guide, "Understand CloudFormation quotas" (also cfn-lint's
//! `LIMITS`): 500 resources, 200 parameters, 200 outputs per template; template bodies up to
//! 51,200 bytes inline and 1,000,000 bytes from S3.

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::lower::Stack;

pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_INLINE_BYTES: usize = 51_200;
pub const MAX_S3_BYTES: usize = 1_000_000;
pub const MAX_DYNAMIC_REFERENCES: usize = 60;

/// The most stacks one build may emit unless raised (`--max-stacks`): a blueprint multiplies
/// (services × environments × regions), and a few kilobytes of YAML once made 30,704 files. The
/// 1,000-service × 2-environment × 3-region benchmark is 6,006 stacks.
pub const DEFAULT_MAX_STACKS: usize = 10_000;
/// The most bytes of output one build may emit unless raised (`--max-output`, in megabytes):
/// the benchmark writes about 65 MB.
pub const DEFAULT_MAX_OUTPUT_BYTES: usize = 256_000_000;

/// Caps on what one build emits, checked before anything is written (FF0905, FF0906).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputCaps {
    pub max_stacks: usize,
    pub max_bytes: usize,
}

impl Default for OutputCaps {
    fn default() -> Self {
        Self {
            max_stacks: DEFAULT_MAX_STACKS,
            max_bytes: DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

/// What multiplies an app's stacks, to point at: its `environments` (each × its regions) and
/// its services and jobs.
#[derive(Debug, Clone, Copy)]
pub struct Multipliers {
    pub environments: Option<Span>,
    pub services: Option<Span>,
}

/// FF0905: the build would emit more than `caps.max_stacks` stacks; `app` is the app that
/// crossed the cap, with `targets` environment × region pairs and `services` services and jobs.
pub fn too_many_stacks(
    app: &str,
    stacks: usize,
    targets: usize,
    services: usize,
    caps: OutputCaps,
    at: Multipliers,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::FF0905,
        format!(
            "the build would emit {stacks} stacks, over the cap of {}: app `{app}` has {services} services and jobs in {targets} environment × region pairs",
            caps.max_stacks
        ),
    );
    if let Some(span) = at.environments {
        d = d.label(span, format!("{targets} environment × region pairs"));
    }
    if let Some(span) = at.services {
        d = d.label(span, format!("× {services} services and jobs"));
    }
    d.help(format!(
        "split the app into smaller apps or build fewer environments at once, or raise the cap with `--max-stacks {}`",
        stacks.next_multiple_of(1000)
    ))
}

/// FF0906: the build would write more than `caps.max_bytes` bytes.
pub fn too_much_output(app: &str, bytes: usize, caps: OutputCaps, at: Multipliers) -> Diagnostic {
    let mb = |b: usize| b.div_ceil(1_000_000);
    let mut d = Diagnostic::error(
        Code::FF0906,
        format!(
            "the build would write over {} MB, over the cap of {} MB (reached while emitting app `{app}`)",
            mb(bytes),
            mb(caps.max_bytes)
        ),
    );
    if let Some(span) = at.environments {
        d = d.label(span, "each environment × region gets every stack");
    }
    if let Some(span) = at.services {
        d = d.label(span, "one stack per service and job");
    }
    d.help(format!(
        "split the app into smaller apps or build fewer environments at once, or raise the cap with `--max-output MB` (this build needs more than {} MB)",
        mb(bytes)
    ))
}

/// Checks one emitted stack; `text` is its template file as written.
pub fn check(stack: &Stack, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let bytes = text.len();
    // fleetform resolves SSM values through parameter types, not `{{resolve:…}}`, but a user's
    // string may carry one; CloudFormation allows 60 per template.
    // memchr's vectorised search: `str::matches` scanned every template at a fraction of the
    // speed, a few percent of a whole build.
    let dynamic = memchr::memmem::find_iter(text.as_bytes(), b"{{resolve:").count();
    if dynamic > MAX_DYNAMIC_REFERENCES {
        out.push(
            Diagnostic::error(
                Code::FF0904,
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
                    Code::FF0901,
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
                Code::FF0902,
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
                Code::FF0903,
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
                Resource::new(LogGroup {
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
        assert_eq!(d[0].code, Code::FF0901);
        assert!(d[0].message.contains("501 resources"));
    }

    #[test]
    fn dynamic_references_over_60_are_an_error() {
        let mut s = stack(0);
        for i in 0..61 {
            s.template.add(
                LogicalId::new(&format!("Group{i}")).unwrap(),
                Resource::new(LogGroup {
                    log_group_name: format!("{{{{resolve:ssm:/p/{i}}}}}"),
                    retention_in_days: 1,
                    kms_key_id: None,
                }),
            );
        }
        let text = crate::emit::json(&s.template);
        assert_eq!(check(&s, &text)[0].code, Code::FF0904);
    }

    #[test]
    fn size_limits() {
        assert!(check(&stack(1), &" ".repeat(MAX_INLINE_BYTES)).is_empty());
        assert_eq!(
            check(&stack(1), &" ".repeat(MAX_INLINE_BYTES + 1))[0].code,
            Code::FF0903
        );
        assert_eq!(
            check(&stack(1), &" ".repeat(MAX_S3_BYTES + 1))[0].code,
            Code::FF0902
        );
    }
}
