//! How a template reaches CloudFormation: inline when it fits `TemplateBody` (51,200 bytes),
//! else uploaded to the templates bucket and passed by URL.

use super::cloud::{Cloud, Template};
use super::targets::Target;

/// The largest `TemplateBody` CloudFormation accepts, in bytes.
pub const MAX_BODY: usize = 51_200;

/// The template of `target`, uploaded first when it is too large to pass inline. `run` keeps
/// the object key of one run apart from another's.
pub fn reference(cloud: &dyn Cloud, target: &Target, run: &str) -> Result<Template, String> {
    if target.template.len() <= MAX_BODY {
        return Ok(Template::Body(target.template.clone()));
    }
    let key = format!("{}/{}/{run}.json", target.app, target.name);
    cloud
        .upload(&target.region, &key, &target.template)
        .map(Template::Url)
        .map_err(|e| format!("cannot upload the template of `{}`: {e}", target.name))
}
