//! `fleetform check [PATH…] [--snapshots DIR]`: compile in memory and compare each app's files
//! with `DIR/{app}/`; print what is missing, extra or changed (with a unified diff).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use fleetform::Options;
use similar::TextDiff;

use super::build::TemplateFormat;
use super::report::{self, plural};
use super::tree::{self, Filter};
use super::{Caps, Global, Inputs, Status, clock, fail, gather};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    caps: Caps,
    /// The checked-in build output to compare with.
    #[arg(long, value_name = "DIR", default_value = "snapshots")]
    snapshots: PathBuf,
    /// Template format of the snapshots.
    #[arg(long, value_enum, default_value_t = TemplateFormat::Json)]
    format: TemplateFormat,
}

pub fn run(args: &Args, global: Global) -> Status {
    let gathered = match gather::gather(&args.inputs) {
        Ok(g) => g,
        Err(message) => return report::unreadable(&message, global),
    };
    let now = match clock::now() {
        Ok(now) => now,
        Err(message) => return report::unreadable(&message, global),
    };
    let options = Options {
        format: args.format.into(),
        caps: args.caps.into(),
        now: Some(now),
    };
    let (Some(build), _) = report::compile(&gathered, &options, global) else {
        return Status::Failed;
    };
    let mut differences = 0;
    for app in &build.apps {
        let prefix = format!("{app}/");
        let ours: BTreeMap<&str, &str> = build
            .files
            .iter()
            .filter_map(|(p, t)| p.strip_prefix(&prefix).map(|rel| (rel, t.as_str())))
            .collect();
        let stored = match read_tree(&args.snapshots, app) {
            Ok(stored) => stored,
            Err(message) => return fail(&message),
        };
        differences += compare(&args.snapshots, app, &ours, &stored);
    }
    if differences == 0 {
        summary!(
            global,
            "ok: {} match {}",
            plural(build.apps.len(), "app"),
            args.snapshots.display()
        );
        Status::Ok
    } else {
        summary!(
            global,
            "{} from {}",
            plural(differences, "difference"),
            args.snapshots.display()
        );
        Status::Failed
    }
}

/// Prints each difference between one app's build and its snapshot; returns how many.
fn compare(
    root: &Path,
    app: &str,
    built: &BTreeMap<&str, &str>,
    stored: &BTreeMap<String, String>,
) -> usize {
    let mut count = 0;
    let shown = |rel: &str| format!("{}/{app}/{rel}", root.display());
    for (rel, text) in built {
        match stored.get(*rel) {
            None => {
                out!("missing: {} (built, not in the snapshot)", shown(rel));
                count += 1;
            }
            Some(old) if old != text => {
                out!("changed: {}", shown(rel));
                let name = shown(rel);
                let diff = TextDiff::from_lines(old.as_str(), *text);
                let unified = diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
                    .to_string();
                super::stdout_text(&unified);
                count += 1;
            }
            Some(_) => {}
        }
    }
    for rel in stored
        .keys()
        .filter(|rel| !built.contains_key(rel.as_str()))
    {
        out!("extra: {} (in the snapshot, not built)", shown(rel));
        count += 1;
    }
    count
}

/// Every file under `root/app` by `/`-separated relative path; an absent directory is empty.
/// The snapshots come from the pull request: only regular files inside `root` are read (see
/// [`tree`]), and an error names the path, never the content.
pub(super) fn read_tree(root: &Path, app: &str) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let dir = root.join(app);
    if fs::symlink_metadata(&dir).is_err() {
        return Ok(files);
    }
    let root = tree::argument_root(root).map_err(|e| e.to_string())?;
    let all = Filter {
        skip_hidden: false,
        extensions: &[],
    };
    for path in tree::walk(&dir, &root, all).map_err(|e| e.to_string())? {
        let bytes = tree::read(&path, Some(&root)).map_err(|e| e.to_string())?;
        let rel = path.strip_prefix(&dir).map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        files.insert(rel.to_string_lossy().replace('\\', "/"), text);
    }
    Ok(files)
}
