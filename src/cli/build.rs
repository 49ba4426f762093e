//! `fleetform build [PATH…] [--out DIR] [--format json|yaml]`: compile and write the output.

use std::path::PathBuf;

use fleetform::{Format, Options};

use super::report::{self, plural};
use super::{Caps, Global, Inputs, Status, clock, fail, gather, write};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    caps: Caps,
    /// Output directory; each app owns (and replaces) its `{app}/` directory in it.
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Template format.
    #[arg(long, value_enum, default_value_t = TemplateFormat::Json)]
    format: TemplateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    Json,
    Yaml,
}

impl From<TemplateFormat> for Format {
    fn from(f: TemplateFormat) -> Self {
        match f {
            TemplateFormat::Json => Format::Json,
            TemplateFormat::Yaml => Format::Yaml,
        }
    }
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
    // On stderr: neither is the build's output, and a recovery is worth noticing.
    let mut say = |note: write::Note| match note {
        write::Note::Waiting if !global.quiet => err!(
            "waiting for another build to finish writing into {}",
            args.out.display()
        ),
        write::Note::Waiting => {}
        write::Note::Recovered(what) => err!("note: {what}"),
    };
    let removed = match write::write_apps(&args.out, &build.apps, &build.files, &mut say) {
        Ok(removed) => removed,
        Err(message) => return fail(&message),
    };
    for file in &removed {
        summary!(
            global,
            "removed {} (no longer built)",
            args.out.join(file).display()
        );
    }
    for app in &build.apps {
        let prefix = format!("{app}/");
        let mine: Vec<&String> = build
            .files
            .keys()
            .filter(|p| p.starts_with(&prefix))
            .collect();
        let stacks = mine.iter().filter(|p| p.ends_with(".config.json")).count();
        let dir = args.out.join(app);
        summary!(
            global,
            "wrote {}: {}, {}",
            dir.display(),
            plural(stacks, "stack"),
            plural(mine.len(), "file")
        );
    }
    if build.apps.is_empty() {
        summary!(global, "no apps to build");
    }
    // The process ends next: freeing every file text one by one was a tenth of a large
    // build's time, and the operating system takes the memory back at once.
    std::mem::forget(build);
    Status::Ok
}
