//! The stacks to plan, deploy or inspect: read from a build's manifests (in memory, or the
//! output directory of `--from`) and narrowed to an environment (or the pipeline) and regions.

use std::collections::BTreeMap;

/// A manifest entry, as `fleetform build` writes it (see `fleetform::output`).
#[derive(Debug, serde::Deserialize)]
struct Entry {
    name: String,
    environment: Option<String>,
    region: String,
    template: String,
    configuration: String,
    #[serde(default)]
    depends_on: Vec<String>,
    #[serde(default)]
    capabilities: Vec<String>,
    /// Set when the stack is deployed by a StackSet rather than per region.
    #[serde(default)]
    stackset: Option<String>,
    /// Set on a cross-account environment's bootstrap stack: it goes into that account, with
    /// its administrator's credentials, never into the account deploying the pipeline.
    #[serde(default)]
    account: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct Manifest {
    app: String,
    stacks: Vec<Entry>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Config {
    #[serde(default)]
    parameters: BTreeMap<String, String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

/// One stack to deploy, with everything CloudFormation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub app: String,
    pub name: String,
    pub region: String,
    pub template: String,
    pub parameters: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
    pub capabilities: Vec<String>,
    pub depends_on: Vec<String>,
}

/// Which stacks of the manifests.
#[derive(Debug, Clone, Default)]
pub struct Selection<'a> {
    /// The environment; `None` with `pipeline`.
    pub environment: Option<&'a str>,
    /// The pipeline stacks instead of an environment's.
    pub pipeline: bool,
    /// Only these regions (all when empty).
    pub regions: &'a [String],
    /// Overrides the `ImageTag` parameter of the stacks that have one.
    pub image_tag: Option<&'a str>,
}

/// The selected stacks of every app in `files` (paths `{app}/…`), in manifest order, and the
/// stacks left out, each as "`name`: why" (a StackSet deploys it, or it belongs to another
/// account).
pub fn select(
    files: &BTreeMap<String, String>,
    apps: &[String],
    selection: &Selection<'_>,
) -> Result<(Vec<Target>, Vec<String>), String> {
    let mut targets = Vec::new();
    let mut stacksets = Vec::new();
    for app in apps {
        let path = format!("{app}/manifest.json");
        let text = files
            .get(&path)
            .ok_or_else(|| format!("the build has no `{path}`"))?;
        let manifest: Manifest =
            serde_json::from_str(text).map_err(|e| format!("cannot read `{path}`: {e}"))?;
        for entry in manifest.stacks {
            let wanted = if selection.pipeline {
                entry.environment.is_none()
            } else {
                entry.environment.as_deref() == selection.environment
            };
            let in_region =
                selection.regions.is_empty() || selection.regions.contains(&entry.region);
            if !wanted || !in_region {
                continue;
            }
            if entry.stackset.is_some() {
                stacksets.push(format!(
                    "`{}`: a StackSet deploys it (see the manifest's `stacksets_deploy`)",
                    entry.name
                ));
                continue;
            }
            if let Some(account) = &entry.account {
                stacksets.push(format!(
                    "`{}`: it goes into account {account}, deployed by that account's administrator (docs/pipelines.md, \"Cross-account environments\")",
                    entry.name
                ));
                continue;
            }
            // Files are keyed by the app's directory, which `--from` may name differently.
            let read = |rel: &str| {
                let path = format!("{app}/{rel}");
                files
                    .get(&path)
                    .cloned()
                    .ok_or_else(|| format!("the build has no `{path}`"))
            };
            let config_path = format!("{app}/{}", entry.configuration);
            let config: Config = serde_json::from_str(&read(&entry.configuration)?)
                .map_err(|e| format!("cannot read `{config_path}`: {e}"))?;
            let mut parameters = config.parameters;
            if let (Some(tag), Some(value)) = (selection.image_tag, parameters.get_mut("ImageTag"))
            {
                tag.clone_into(value);
            }
            targets.push(Target {
                app: manifest.app.clone(),
                template: read(&entry.template)?,
                name: entry.name,
                region: entry.region,
                parameters,
                tags: config.tags,
                capabilities: entry.capabilities,
                depends_on: entry.depends_on,
            });
        }
    }
    if targets.is_empty() && stacksets.is_empty() {
        let what = match selection.environment {
            _ if selection.pipeline => "pipeline stacks".to_owned(),
            Some(env) => format!("stacks of environment `{env}`"),
            None => "stacks".to_owned(),
        };
        let regions = if selection.regions.is_empty() {
            String::new()
        } else {
            format!(" in {}", selection.regions.join(", "))
        };
        return Err(format!("the build has no {what}{regions}"));
    }
    Ok((targets, stacksets))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> BTreeMap<String, String> {
        let manifest = serde_json::json!({
            "app": "hello",
            "stacks": [
                {"name": "hello-dev", "environment": "dev", "region": "us-east-1",
                 "template": "dev/us-east-1/hello-dev.json",
                 "configuration": "dev/us-east-1/hello-dev.config.json",
                 "depends_on": [], "capabilities": ["CAPABILITY_IAM"]},
                {"name": "hello-dev-web", "environment": "dev", "region": "us-east-1",
                 "template": "dev/us-east-1/hello-dev-web.json",
                 "configuration": "dev/us-east-1/hello-dev-web.config.json",
                 "depends_on": ["hello-dev"], "capabilities": ["CAPABILITY_IAM"]},
                {"name": "hello-pipeline-account-444455556666", "environment": null,
                 "region": "us-east-1", "account": "444455556666",
                 "template": "_pipeline/us-east-1/hello-pipeline-account-444455556666.json",
                 "configuration": "_pipeline/us-east-1/hello-pipeline-account-444455556666.config.json",
                 "capabilities": ["CAPABILITY_NAMED_IAM"]},
                {"name": "hello-pipeline", "environment": null, "region": "us-east-1",
                 "template": "_pipeline/us-east-1/hello-pipeline.json",
                 "configuration": "_pipeline/us-east-1/hello-pipeline.config.json",
                 "capabilities": ["CAPABILITY_IAM"]}
            ]
        });
        let mut files = BTreeMap::new();
        files.insert("hello/manifest.json".into(), manifest.to_string());
        for stack in [
            "dev/us-east-1/hello-dev",
            "dev/us-east-1/hello-dev-web",
            "_pipeline/us-east-1/hello-pipeline",
        ] {
            files.insert(
                format!("hello/{stack}.json"),
                format!("{{\"Description\":\"{stack}\"}}"),
            );
            files.insert(
                format!("hello/{stack}.config.json"),
                r#"{"Parameters":{"ImageTag":"latest"},"Tags":{"fleetform:app":"hello"}}"#.into(),
            );
        }
        files
    }

    #[test]
    fn an_environment_in_manifest_order_with_the_image_tag_replaced() {
        let selection = Selection {
            environment: Some("dev"),
            image_tag: Some("abc123"),
            ..Selection::default()
        };
        let (targets, stacksets) = select(&files(), &["hello".into()], &selection).unwrap();
        let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["hello-dev", "hello-dev-web"]);
        assert_eq!(targets[1].parameters["ImageTag"], "abc123");
        assert_eq!(targets[1].depends_on, ["hello-dev"]);
        assert_eq!(
            targets[0].template,
            "{\"Description\":\"dev/us-east-1/hello-dev\"}"
        );
        assert!(stacksets.is_empty());
    }

    #[test]
    fn the_pipeline_stacks_have_no_environment() {
        let selection = Selection {
            pipeline: true,
            ..Selection::default()
        };
        let (targets, skipped) = select(&files(), &["hello".into()], &selection).unwrap();
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].name, "hello-pipeline");
        // A target account's bootstrap stack is never deployed with these credentials.
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].starts_with(
            "`hello-pipeline-account-444455556666`: it goes into account 444455556666"
        ));
        assert_eq!(targets[0].parameters["ImageTag"], "latest");
    }

    #[test]
    fn an_unknown_environment_or_region_is_an_error() {
        let regions = ["eu-west-1".to_owned()];
        let selection = Selection {
            environment: Some("dev"),
            regions: &regions,
            ..Selection::default()
        };
        let err = select(&files(), &["hello".into()], &selection).unwrap_err();
        assert_eq!(
            err,
            "the build has no stacks of environment `dev` in eu-west-1"
        );
    }
}
