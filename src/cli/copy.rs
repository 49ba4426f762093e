//! `fleetform copy [PATH…] --env ENV --from REGION --to REGION [--dry-run]`: add a region to an
//! environment, editing the app file in place (comments and layout kept; never through a
//! symbolic link, which is refused), then compile the result. Every value that still needs an
//! entry for the new region (a certificate, an imported network …) is reported as a diagnostic
//! pointing at it; when nothing is missing, the new region's stacks are compared with the
//! source region's, expected differences apart.
//! Exit 0 when the copied environment builds, 1 when values still need a per-region entry,
//! 2 on usage or I/O errors. Run again once those entries are added, it edits nothing (the
//! region is there) and compiles and compares as before.

use std::fs;
use std::path::Path;

use fleetform::Options;
use fleetform::diagnostic::{SourceFile, SourceMap};
use fleetform::diff::{self, Expected};

use super::{Global, Inputs, Status, fail, gather, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// The environment to extend.
    #[arg(long, value_name = "ENV")]
    env: String,
    /// A region the environment already deploys to, to compare the new one with.
    #[arg(long, value_name = "REGION")]
    from: String,
    /// The region to add.
    #[arg(long, value_name = "REGION")]
    to: String,
    /// Print the edit and its consequences without writing the file.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &Args, global: Global) -> Status {
    let gathered = match gather::gather(&args.inputs) {
        Ok(g) => g,
        Err(message) => return report::unreadable(&message, global),
    };
    let Some((file, edited)) = edit(&gathered.sources, args) else {
        return Status::Error;
    };
    let name = gathered.sources.get(file).name.clone();
    let mut sources = SourceMap::default();
    for id in gathered.sources.ids() {
        let original = gathered.sources.get(id);
        let text = if id == file {
            edited.clone()
        } else {
            original.text.clone()
        };
        sources.add(SourceFile {
            name: original.name.clone(),
            text,
        });
    }
    let unchanged = gathered.sources.get(file).text == edited;
    if unchanged {
        summary!(
            global,
            "environment `{}` already deploys to `{}` in {name}; nothing to edit",
            args.env,
            args.to
        );
    } else if args.dry_run {
        let old = &gathered.sources.get(file).text;
        let patch = similar::TextDiff::from_lines(old.as_str(), edited.as_str())
            .unified_diff()
            .context_radius(2)
            .header(&name, &name)
            .to_string();
        super::stdout_text(&patch);
    } else if let Err(message) = refuse_link(Path::new(&name)) {
        return fail(&message);
    } else if let Err(e) = super::replace::replace_file(Path::new(&name), &edited, "copy") {
        return fail(&format!("cannot write `{name}`: {e}"));
    } else {
        summary!(
            global,
            "added `{}` to environment `{}` in {name}",
            args.to,
            args.env
        );
    }
    let edited_inputs = gather::Gathered {
        sources,
        ..gathered
    };
    let (build, diags) = report::compile(&edited_inputs, &Options::default(), global);
    let Some(build) = build else {
        summary!(
            global,
            "`{}` needs a per-region value wherever a diagnostic above points ({}); add it, then build",
            args.to,
            report::counts(&diags)
        );
        return Status::Failed;
    };
    for app in super::diff::validated(&edited_inputs.sources) {
        if !app.environments.contains_key(&args.env) {
            continue;
        }
        let expected = Expected::regions(&app, &args.env, &args.from, &args.to);
        // The source region's overrides are not copied: what they set shows as declared.
        let report = match super::diff::compare_targets(
            &app,
            &build,
            (&args.env, &args.from),
            (&args.env, &args.to),
            &expected,
        ) {
            Ok(r) => r,
            Err(message) => return fail(&message),
        };
        super::stdout_text(&diff::render_text(&report));
    }
    Status::Ok
}

/// Finds the app file that declares `environments.<env>` and returns it with the region added.
fn edit(sources: &SourceMap, args: &Args) -> Option<(fleetform::diagnostic::FileId, String)> {
    for id in sources.ids() {
        let text = &sources.get(id).text;
        let Ok(doc) = fleetform::source::parse(id, text) else {
            continue;
        };
        let regions = format!(
            "/environments/{}/regions",
            fleetform::source::escape_token(&args.env)
        );
        let Some(list) = doc.value.pointer(&regions).and_then(|v| v.as_array()) else {
            continue;
        };
        // Re-running `copy` once the entries it asked for are added is the documented way to
        // get the comparison: the region is already there, so there is nothing to edit.
        if args.from != args.to && list.iter().any(|r| r.as_str() == Some(args.to.as_str())) {
            return Some((id, text.clone()));
        }
        if !list.iter().any(|r| r.as_str() == Some(args.from.as_str())) {
            fail(&format!(
                "environment `{}` does not deploy to `{}` (it has {})",
                args.env,
                args.from,
                list.iter()
                    .filter_map(|r| r.as_str())
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return None;
        }
        return match fleetform::copy::add_region(text, &doc, &args.env, &args.to) {
            Ok(edited) => Some((id, edited)),
            Err(message) => {
                fail(&format!("{}: {message}", sources.get(id).name));
                None
            }
        };
    }
    fail(&format!("no blueprint declares environment `{}`", args.env));
    None
}

/// Refuses to edit a blueprint that is a symbolic link: the rename in [`super::replace::replace_file`] would
/// replace the link with a file, and writing through it could change a file anywhere (a link
/// in a pull request may point outside the repository). The file it points to can be edited.
fn refuse_link(path: &Path) -> Result<(), String> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let target = fs::canonicalize(path).map_or_else(
        |_| "the file it points to".to_owned(),
        |t| format!("`{}`", t.display()),
    );
    Err(format!(
        "`{}` is a symbolic link; `copy` edits blueprints in place and never through a link: run it on {target} instead",
        path.display()
    ))
}
