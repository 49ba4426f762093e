//! `fleetform validate [PATH…]`: every problem, and a one-line summary; writes nothing.

use super::report::{self, plural};
use super::{Caps, DiagnosticFormat, Global, Inputs, Status, clock, gather};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    caps: Caps,
    /// The format of the diagnostics (validate's output); the same as `--diagnostics`.
    #[arg(long, value_enum)]
    format: Option<DiagnosticFormat>,
}

pub fn run(args: &Args, global: Global) -> Status {
    let global = Global {
        diagnostics: args.format.unwrap_or(global.diagnostics),
        ..global
    };
    let gathered = match gather::gather(&args.inputs) {
        Ok(g) => g,
        Err(message) => return report::unreadable(&message, global),
    };
    let now = match clock::now() {
        Ok(now) => now,
        Err(message) => return report::unreadable(&message, global),
    };
    let options = fleetform::Options {
        caps: args.caps.into(),
        now: Some(now),
        ..fleetform::Options::default()
    };
    let (build, diags) = report::compile(&gathered, &options, global);
    let Some(build) = build else {
        summary!(global, "{}", report::counts(&diags));
        return Status::Failed;
    };
    let mut line = format!(
        "ok: {}, {}",
        plural(gathered.files, "file"),
        plural(build.apps.len(), "app")
    );
    if !diags.is_empty() {
        line = format!("{line} ({})", report::counts(&diags));
    }
    summary!(global, "{line}");
    Status::Ok
}
