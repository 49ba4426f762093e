//! `ingress.waf`: a regional WAF web ACL in front of the shared load balancer, named by ARN or
//! created from AWS managed rule groups. WAF inspects requests before the listener rules; a
//! request the web ACL blocks gets a 403 from the load balancer.

use super::Target;
use crate::cfn::resources::wafv2::{
    DefaultAction, Empty, ManagedRuleGroupStatement, OverrideAction, Rule, Statement,
    VisibilityConfig, WebAcl, WebAclAssociation,
};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::naming::{self, id};

/// Adds the web ACL (when created) and its association with load balancer `lb`.
pub fn add(t: &mut Template, target: &Target, lb: &LogicalId) {
    let Some(waf) = target.app.ingress.as_ref().and_then(|i| i.waf.as_ref()) else {
        return;
    };
    let acl = if let Some(rules) = &waf.managed_rules {
        let acl = id::web_acl();
        let stack = naming::environment_stack(target.app_name(), target.env_name);
        t.add(
            acl.clone(),
            Resource::new(WebAcl {
                scope: "REGIONAL",
                default_action: DefaultAction { allow: Empty {} },
                description: format!("load balancer of {stack}: AWS managed rule groups"),
                rules: rules
                    .iter()
                    .zip(0_i64..)
                    .map(|(name, priority)| Rule {
                        name: name.clone(),
                        // The list is the evaluation order the blueprint asked for.
                        priority,
                        override_action: OverrideAction { none: Empty {} },
                        statement: Statement {
                            managed_rule_group_statement: ManagedRuleGroupStatement {
                                vendor_name: "AWS",
                                name: name.clone(),
                            },
                        },
                        visibility_config: visibility(name.clone()),
                    })
                    .collect(),
                visibility_config: visibility(stack),
            }),
        );
        Value::get_att(&acl, "Arn")
    } else if let Some(arn) = waf.acl.as_ref().and_then(|a| a.get(target.region)) {
        target.render(arn)
    } else {
        return;
    };
    t.add(
        id::web_acl_association(),
        Resource::new(WebAclAssociation {
            // A load balancer's `Ref` is its ARN.
            resource_arn: Value::r#ref(lb),
            web_acl_arn: acl,
        }),
    );
}

/// Metrics and sampled requests under `metric` (letters, digits and `-` from blueprint names).
fn visibility(metric: String) -> VisibilityConfig {
    VisibilityConfig {
        sampled_requests_enabled: true,
        cloudwatch_metrics_enabled: true,
        metric_name: metric,
    }
}
