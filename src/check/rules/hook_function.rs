//! A lifecycle hook whose `function` is not a Lambda function ARN. ECS invokes only Lambda
//! functions at lifecycle stages, and the hook role grants `lambda:InvokeFunction` on exactly that
//! ARN; anything else fails when the service is created. (A literal partition or region in the ARN
//! is checked by FF0410 and FF0411.)
//!
//! # FF0357
//!
//! A lifecycle hook names the Lambda function ECS invokes:
//! `arn:{{partition}}:lambda:{{region}}:{{account}}:function:NAME` (optionally `:ALIAS` or
//! `:VERSION`).
//!
//! ```yaml
//! hooks:
//!   - function: arn:{{partition}}:lambda:{{region}}:{{account}}:function:smoke-test
//!     stages: [post-test-traffic-shift]
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Whether `arn` reads `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`, where
/// each part may be interpolated.
fn is_function_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    // `{{…}}` holds no `:`, so interpolated parts stay whole.
    matches!(
        parts.as_slice(),
        ["arn", partition, "lambda", region, account, "function", name]
            | ["arn", partition, "lambda", region, account, "function", name, _]
            if [partition, region, account, name].iter().all(|p| !p.is_empty())
    )
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        for (i, hook) in s.deploy.hooks.iter().enumerate() {
            if is_function_arn(&hook.function) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::FF0357,
                    format!("service `{name}` has a lifecycle hook `{}` that is not a Lambda function ARN", hook.function),
                )
                .label(ctx.span(name, &format!("/deploy/hooks/{i}/function")), "not `arn:…:lambda:…:function:…`")
                .help("write the function's ARN: `arn:{{partition}}:lambda:{{region}}:{{account}}:function:NAME`"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_function_arn;

    #[test]
    fn function_arns_are_recognised() {
        assert!(is_function_arn(
            "arn:aws:lambda:us-east-1:123456789012:function:hook"
        ));
        assert!(is_function_arn(
            "arn:{{partition}}:lambda:{{region}}:{{account}}:function:hook:live"
        ));
        assert!(!is_function_arn("arn:aws:sqs:us-east-1:123456789012:queue"));
        assert!(!is_function_arn("hook"));
        assert!(!is_function_arn(
            "arn:aws:lambda:us-east-1:123456789012:layer:x:1"
        ));
    }
}
