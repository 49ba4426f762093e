//! The image-tag parameter of a service or job stack, declared only where `{{tag}}` is used.

use std::collections::BTreeMap;

use super::Target;
use crate::cfn::{LogicalId, Parameter, Resource, Template, scan};
use crate::naming::id;

/// Declares `ImageTag` when a resource uses `{{tag}}`; returns the configuration-file value.
pub(super) fn add_image_tag(t: &mut Template, target: &Target) -> BTreeMap<String, String> {
    add_tag_parameter(t, &id::image_tag(), target.app.tag.as_deref())
}

/// Declares the image-tag parameter `name` when a resource uses it, defaulting to `tag` (so a
/// deploy without the configuration file runs the blueprint's tag); returns its
/// configuration-file value. Checks guarantee a tag wherever `{{tag}}` is used (FF0365);
/// without one the parameter has no default and must be passed, never a silent `latest`.
pub(super) fn add_tag_parameter(
    t: &mut Template,
    name: &LogicalId,
    tag: Option<&str>,
) -> BTreeMap<String, String> {
    let mut parameters = BTreeMap::new();
    if uses_image_tag(t, name) {
        t.add_parameter(
            name.clone(),
            Parameter {
                type_name: "String".to_owned(),
                default: tag.map(str::to_owned),
                description: Some("image tag for `{{tag}}`".to_owned()),
                allowed_pattern: None,
            },
        );
        if let Some(tag) = tag {
            parameters.insert(name.to_string(), tag.to_owned());
        }
    }

    parameters
}

/// Whether any resource uses the image tag: a `Ref` to the `ImageTag` parameter, `${ImageTag}` in
/// a `Fn::Sub`, or a `{{tag}}` that interpolation left as text.
fn uses_image_tag(t: &Template, name: &LogicalId) -> bool {
    let needle = format!("${{{name}}}");
    // Built once: every string of every resource is searched.
    let needle = memchr::memmem::Finder::new(needle.as_bytes());
    let braces = memchr::memmem::Finder::new(b"{{");
    let mut uses = |key: Option<&str>, text: &str| {
        if key == Some("Ref") {
            text == name.as_str()
        } else {
            // Nearly every string holds neither `$` nor `{`, which one pass tells: setting up
            // the two substring searches on each string cost ten times as much.
            memchr::memchr2(b'$', b'{', text.as_bytes()).is_some()
                && (needle.find(text.as_bytes()).is_some()
                    || (braces.find(text.as_bytes()).is_some()
                        && text.replace(' ', "").contains("{{tag}}")))
        }
    };
    // Task definitions first: they are where images, and so nearly every use, are, and the scan
    // stops at the first use (scanning every resource of a service stack was a tenth of
    // lowering it). The answer does not depend on the order.
    let task_definition = |r: &&Resource| r.type_name() == TASK_DEFINITION;
    let resources = || t.resources.values();
    resources()
        .filter(task_definition)
        .chain(resources().filter(|r| !task_definition(r)))
        .any(|r| scan::any_string(&r.properties, &mut uses))
}

/// The resource type that holds container images.
const TASK_DEFINITION: &str = "AWS::ECS::TaskDefinition";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::ssm;
    use crate::cfn::{Resource, Value};

    fn with_value(value: Value) -> Template {
        let mut t = Template::new("t");
        let props = ssm::Parameter {
            name: "/p".to_owned(),
            parameter_type: "String",
            value,
            description: None,
        };
        t.add(id::service(), Resource::new(props));
        t
    }

    fn uses_default_tag(t: &Template) -> bool {
        uses_image_tag(t, &id::image_tag())
    }

    #[test]
    fn image_tag_is_found_in_subs_refs_and_unrendered_text() {
        assert!(uses_default_tag(&with_value(Value::sub(
            "repo:${ImageTag}"
        ))));
        assert!(uses_default_tag(&with_value(
            Value::r#ref(&id::image_tag())
        )));
        assert!(uses_default_tag(&with_value(Value::str("repo:{{ tag }}"))));
        assert!(!uses_default_tag(&with_value(Value::str("repo:1.0"))));
        assert!(!uses_default_tag(&with_value(Value::sub("${AWS::Region}"))));
    }
}
