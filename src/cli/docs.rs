//! `fleetform docs reference|diagnostics` (hidden): prints the generated `docs/reference.md` or
//! `docs/diagnostics.md` (see `fleetform::docgen`).

use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    page: Page,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Page {
    /// The blueprint reference, from the JSON Schema.
    Reference,
    /// The diagnostic index, from the rule documentation.
    Diagnostics,
}

pub fn run(args: &Args) -> Status {
    super::stdout_text(&match args.page {
        Page::Reference => fleetform::docgen::reference(),
        Page::Diagnostics => fleetform::docgen::diagnostics(),
    });
    Status::Ok
}
