//! Every string an app's blueprint holds, with the places (environment × region) it ends up
//! in, for the rules that check literals against the target region and partition.

use std::borrow::Cow;

use crate::partition::partition_of;
use crate::source::{Document, escape_token, push_index, push_token, unescape_token};

pub use super::context::{Scoped, Target};

use super::context::Context;
use crate::model::OVERRIDABLE;

impl Context<'_> {
    /// Every string of the app and where it is used ([`strings`]), computed once.
    pub fn strings(&self) -> &[Scoped] {
        self.scoped.get_or_init(|| strings(self))
    }
}

/// Every string value of the app's files and where it is used: environment settings in that
/// environment's regions (an imported network's entry in its own region), an app var wherever
/// an environment does not override it, anything else everywhere. Certificates are left to
/// FF0404, region names to FF0204.
pub fn strings(ctx: &Context<'_>) -> Vec<Scoped> {
    let mut out = Vec::new();
    walk(
        ctx,
        ctx.app_doc,
        &ctx.app_doc.value,
        &mut String::new(),
        &mut out,
    );
    for (section, docs) in [("services", &ctx.service_docs), ("jobs", &ctx.job_docs)] {
        for (name, doc) in docs {
            // Services and jobs written in the app file were walked with it.
            if doc.file == ctx.app_doc.file {
                continue;
            }
            let mut pointer = format!("/{section}/{}", escape_token(name));
            if let Some(value) = crate::source::pointer(&doc.value, &pointer) {
                walk(ctx, doc, value, &mut pointer, &mut out);
            }
        }
    }
    out
}

fn walk(
    ctx: &Context<'_>,
    doc: &Document,
    value: &serde_json::Value,
    pointer: &mut String,
    out: &mut Vec<Scoped>,
) {
    match value {
        serde_json::Value::String(s) => {
            if let Some(targets) = targets(ctx, pointer) {
                out.push(Scoped {
                    file: doc.file,
                    pointer: pointer.clone(),
                    text: s.clone(),
                    targets,
                });
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                push_index(pointer, i);
                walk(ctx, doc, item, pointer, out);
                pointer.truncate(len);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let len = pointer.len();
                push_token(pointer, key);
                walk(ctx, doc, item, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Where the string at `pointer` of the app is used; `None` for values no rule should read.
fn targets(ctx: &Context<'_>, pointer: &str) -> Option<Vec<Target>> {
    let parts: Vec<Cow<'_, str>> = pointer.split('/').skip(1).map(unescape_token).collect();
    let parts: Vec<&str> = parts.iter().map(AsRef::as_ref).collect();
    let mut found = all_targets(ctx, &parts)?;
    if let Some((env, region)) = &ctx.only {
        found.retain(|t| t.env == *env && t.region == *region);
    } else {
        // A value that a region's override replaces is not used there.
        if parts.first().is_some_and(|p| OVERRIDABLE.contains(p)) {
            found.retain(|t| {
                ctx.app
                    .environments
                    .get(&t.env)
                    .is_none_or(|e| !crate::model::covered(&e.overrides, &t.region, &parts))
            });
        }
    }
    Some(found)
}

/// Where the string at the pointer whose (unescaped) tokens are `p` is used, overrides aside.
fn all_targets(ctx: &Context<'_>, p: &[&str]) -> Option<Vec<Target>> {
    let envs = &ctx.app.environments;
    let of_env = |env: &str| -> Vec<Target> {
        envs.get(env)
            .map(|e| {
                e.regions
                    .iter()
                    .map(|r| Target {
                        env: env.to_owned(),
                        region: r.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let all = || -> Vec<Target> { envs.keys().flat_map(|e| of_env(e)).collect() };
    match p {
        // Pipeline values are literal (commands, paths) and live in the pipeline's own region.
        ["blueprint" | "app" | "include" | "pipeline", ..]
        | ["ingress", "certificate", ..]
        // Checked per region by FF0490, like certificates by FF0404.
        | ["ingress", "waf", "acl", ..]
        | ["environments", _, "regions", ..] => None,
        // `overrides.all` is used in every region of its environment whose own override does
        // not replace the value.
        ["environments", env, "overrides", key, rest @ ..]
            if *key == crate::model::EVERY_REGION =>
        {
            let own = |region: &str| envs.get(*env).and_then(|e| e.overrides.get(region));
            Some(
                of_env(env)
                    .into_iter()
                    .filter(|t| !own(&t.region).is_some_and(|o| o.covers(rest)))
                    .collect(),
            )
        }
        ["environments", env, "network", "import", region, ..]
        | ["environments", env, "region-vars" | "overrides", region, ..] => Some(
            of_env(env)
                .into_iter()
                .filter(|t| t.region == *region)
                .collect(),
        ),
        ["environments", env, ..] => Some(of_env(env)),
        ["vars", name, ..] => Some(
            envs.iter()
                .filter(|(_, e)| !e.vars.contains_key(*name))
                .flat_map(|(env, _)| of_env(env))
                .collect(),
        ),
        _ => Some(all()),
    }
}

/// `` `cn-north-1` (environment `prod`), … ``: the targets a diagnostic is about.
pub fn describe(targets: &[&Target]) -> String {
    targets
        .iter()
        .map(|t| format!("`{}` (environment `{}`)", t.region, t.env))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An ARN inside a string, with the byte ranges of its fields in that string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'t> {
    /// The whole ARN (up to whitespace, a quote or a comma).
    pub text: &'t str,
    pub start: usize,
    pub partition: (usize, usize),
    pub service: &'t str,
    pub region: (usize, usize),
}

/// Every `arn:PARTITION:SERVICE:REGION:…` in `text` (the fields may hold `{{…}}`).
pub fn arns(text: &str) -> Vec<Arn<'_>> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices("arn:") {
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            continue;
        }
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || "\"',;".contains(c))
            .map_or(text.len(), |e| start + e);
        let arn = &text[start..end];
        let mut fields = Vec::new();
        let mut at = start + 4;
        for piece in arn[4..].splitn(4, ':') {
            fields.push((at, at + piece.len()));
            at += piece.len() + 1;
        }
        if fields.len() < 4 {
            continue;
        }
        out.push(Arn {
            text: arn,
            start,
            partition: fields[0],
            service: &text[fields[1].0..fields[1].1],
            region: fields[2],
        });
    }
    out
}

/// Every availability-zone name (`us-east-1a`) in `text`: (byte range, its region).
pub fn zones(text: &str) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    // Every zone ends in `-{digit}{letter}`; most strings have none, and searching each of them
    // for every region name was a visible share of checking a large app.
    let bytes = text.as_bytes();
    if !bytes
        .windows(3)
        .any(|w| w[0] == b'-' && w[1].is_ascii_digit() && w[2].is_ascii_lowercase())
    {
        return out;
    }
    for (region, _) in crate::partition::REGIONS {
        for (start, _) in text.match_indices(region) {
            let end = start + region.len() + 1;
            // The zone letter is ASCII, so `end` is a character boundary once it is checked.
            if !text
                .as_bytes()
                .get(end - 1)
                .is_some_and(u8::is_ascii_lowercase)
            {
                continue;
            }
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
                || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                continue;
            }
            out.push((start, end, *region));
        }
    }
    out.sort_unstable();
    out
}

/// An ECR registry host in an image (`ACCOUNT.dkr.ecr.REGION.SUFFIX/…`): byte ranges of the
/// region and the URL suffix.
pub fn ecr_registry(text: &str) -> Option<((usize, usize), (usize, usize))> {
    let at = text.find(".dkr.ecr.")? + ".dkr.ecr.".len();
    let region_end = at + text[at..].find('.')?;
    let suffix_end = text[region_end..]
        .find(['/', ':', '@'])
        .map_or(text.len(), |e| region_end + e);
    Some(((at, region_end), (region_end + 1, suffix_end)))
}

/// Whether a field is literal (no interpolation) and names something known.
pub fn literal_region(field: &str) -> bool {
    !field.contains('{') && partition_of(field).is_some()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::diagnostic::{Code, FileId, SourceMap};
    use crate::source::SpanIndex;

    #[test]
    fn arns_and_their_fields() {
        let text = "x arn:aws-cn:sqs:cn-north-1:1:q, notarn:aws:s3:::b";
        let found = arns(text);
        assert_eq!(found.len(), 1);
        let a = &found[0];
        assert_eq!(a.text, "arn:aws-cn:sqs:cn-north-1:1:q");
        assert_eq!(&text[a.partition.0..a.partition.1], "aws-cn");
        assert_eq!(a.service, "sqs");
        assert_eq!(&text[a.region.0..a.region.1], "cn-north-1");
        assert!(arns("arn:aws:s3").is_empty());
    }

    #[test]
    fn zones_are_whole_words() {
        assert!(zones("us-east-1é eu-west-1").is_empty());
        assert!(arns("arn:é:ü:ß:").len() == 1 && ecr_registry(".dkr.ecr.é").is_none());
        let text = "us-east-1a,eu-west-1 us-east-1ab xus-east-1b cn-north-1c";
        let found: Vec<&str> = zones(text).iter().map(|(s, e, _)| &text[*s..*e]).collect();
        assert_eq!(found, ["us-east-1a", "cn-north-1c"]);
    }

    #[test]
    fn ecr_registry_fields() {
        let text = "1.dkr.ecr.{{region}}.amazonaws.com.cn/web:1";
        let ((rs, re), (ss, se)) = ecr_registry(text).unwrap();
        assert_eq!(&text[rs..re], "{{region}}");
        assert_eq!(&text[ss..se], "amazonaws.com.cn");
        assert!(ecr_registry("public.ecr.aws/nginx/nginx:1").is_none());
    }

    fn codes(value: Value) -> Vec<Code> {
        let doc = crate::source::Document {
            file: FileId(0),
            value,
            spans: SpanIndex::default(),
        };
        let (_, diags) = crate::check::check(&SourceMap::default(), &[doc]);
        let mut codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes
    }

    fn app(vars: &Value, envs: &Value) -> Value {
        json!({
            "blueprint": 1, "app": "shop", "vars": vars, "environments": envs,
            "services": {"web": {"image": "web:1.0", "cpu": 256, "memory": 512,
                "env": {"TABLE": "{{table}}"}}}
        })
    }

    #[test]
    fn an_app_var_counts_only_where_no_environment_overrides_it() {
        let vars = json!({"table": "arn:aws:dynamodb:us-east-1:1:table/t"});
        let envs = json!({"prod": {"regions": ["cn-north-1"]}});
        assert_eq!(codes(app(&vars, &envs)), [Code::FF0410]);
        let envs = json!({"prod": {"regions": ["cn-north-1"], "vars": {"table": "arn:aws-cn:dynamodb:cn-north-1:1:table/t"}}});
        assert!(codes(app(&vars, &envs)).is_empty());
    }

    #[test]
    fn environment_values_count_in_their_regions_only() {
        let envs = json!({
            "us": {"regions": ["us-east-1"], "vars": {"table": "arn:aws:dynamodb:us-east-1:1:table/t"}},
            "eu": {"regions": ["eu-west-1"], "vars": {"table": "arn:aws:dynamodb:eu-west-1:1:table/t"}}
        });
        assert!(codes(app(&json!({}), &envs)).is_empty());
        let envs = json!({"eu": {"regions": ["eu-west-1"], "vars": {"table": "arn:aws:dynamodb:us-east-1:1:table/t", "az": "us-east-1b"}}});
        assert_eq!(codes(app(&json!({}), &envs)), [Code::FF0411, Code::FF0414]);
    }

    #[test]
    fn a_value_replaced_by_a_region_override_is_checked_with_the_override_only() {
        let mut file = app(&json!({}), &json!({}));
        file["services"]["web"]["env"] = json!({"TABLE": "arn:aws:dynamodb:us-east-1:1:table/t"});
        file["environments"] = json!({"prod": {"regions": ["us-east-1", "cn-north-1"]}});
        assert_eq!(codes(file.clone()), [Code::FF0410]);
        file["environments"]["prod"]["overrides"] = json!({"cn-north-1": {"services": {"web": {
            "env": {"TABLE": "arn:aws-cn:dynamodb:cn-north-1:1:table/t"}}}}});
        assert!(codes(file.clone()).is_empty());
        // The override itself is checked in its region: a wrong partition there is reported.
        file["environments"]["prod"]["overrides"]["cn-north-1"]["services"]["web"]["env"]["TABLE"] =
            json!("arn:aws:dynamodb:cn-north-1:1:table/t");
        assert_eq!(codes(file), [Code::FF0410]);
    }

    #[test]
    fn a_value_in_overrides_all_counts_in_every_region_of_its_environment() {
        let mut file = app(&json!({}), &json!({}));
        file["services"]["web"]["env"] = json!({"TABLE": "t"});
        file["environments"] = json!({
            "prod": {"regions": ["us-east-1", "eu-west-1"], "overrides": {"all": {"services": {"web": {
                "env": {"TABLE": "arn:aws:dynamodb:us-east-1:1:table/t"}}}}}},
            "test": {"regions": ["eu-west-1"]}
        });
        // Used in eu-west-1 of prod (not of test): FF0411, reported once.
        assert_eq!(codes(file.clone()), [Code::FF0411]);
        // The region's own override replaces it there, so `all`'s value is used in us-east-1 only.
        file["environments"]["prod"]["overrides"]["eu-west-1"] = json!({"services": {"web": {
            "env": {"TABLE": "arn:aws:dynamodb:eu-west-1:1:table/t"}}}});
        assert!(codes(file).is_empty());
    }

    #[test]
    fn global_services_are_fine() {
        let vars = json!({"table": "arn:aws:iam::1:role/x", "bucket": "arn:aws:s3:::b"});
        let envs = json!({"prod": {"regions": ["us-east-1", "eu-west-1"]}});
        assert_eq!(codes(app(&vars, &envs)), Vec::<&str>::new());
    }
}
