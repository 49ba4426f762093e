//! The files of the StackSet stage: each admin template written beside the build's other files
//! and listed in its manifest. Written after `output` has written the regions' stacks, which the
//! manifest then marks as deployed by a StackSet.

use std::collections::BTreeMap;

use serde_json::json;

use super::StackSetTemplate;
use crate::emit::{self, Format};
use crate::output::{Manifest, strip_app};

/// Writes the StackSet admin templates of an app: `{app}/{env}/stacksets/{stack}.{ext}`, one
/// per stack, and lists them in the manifest's `stacksets`, in deploy order (the environment
/// stack's first), so the manifest names every file of the build.
pub fn write(
    sets: &[StackSetTemplate],
    format: Format,
    files: &mut BTreeMap<String, String>,
    manifest: &mut Manifest,
) {
    let app = manifest.app.clone();
    let app = app.as_str();
    for set in sets {
        let (ext, text) = match format {
            Format::Json => ("json", emit::json(&set.template)),
            Format::Yaml => ("yaml", emit::yaml(&set.template)),
        };
        let path = format!("{app}/{}/stacksets/{}.{ext}", set.env, set.stack);
        // The per-region stacks stay listed (their templates are what the StackSet deploys,
        // and `diff`, `check` and scanners read them), marked so a deploy script can skip them.
        for entry in &mut manifest.stacks {
            if entry["environment"] == set.env.as_str() && entry["name"] == set.stack.as_str() {
                entry["stackset"] = json!(set.stack);
            }
        }
        manifest.stacksets.push(json!({
            "name": set.stack,
            "environment": set.env,
            "stack": set.stack,
            "region": set.regions.first(),
            "regions": set.regions,
            "template": strip_app(&path, app),
            "depends_on": set.depends_on,
            "capabilities": ["CAPABILITY_IAM"],
        }));
        files.insert(path, text);
    }
}
