//! `fleetform graph [PATH…] [--format mermaid|dot] [--env E]`: a picture of each app (see
//! `fleetform::graph`), on stdout. Invalid blueprints print their diagnostics and no picture.

use fleetform::check;
use fleetform::diagnostic;
use fleetform::graph::{self, GraphFormat};
use fleetform::resolved;
use fleetform::source;

use super::{Global, Inputs, Status, fail, gather, report};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// The picture's syntax.
    #[arg(long, value_enum, default_value_t = Syntax::Mermaid)]
    format: Syntax,
    /// Draw only this environment.
    #[arg(long, value_name = "ENV")]
    env: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Syntax {
    /// A Mermaid `flowchart LR` (renders in GitHub Markdown).
    Mermaid,
    /// A Graphviz digraph (`dot -Tsvg`).
    Dot,
}

pub fn run(args: &Args, global: Global) -> Status {
    let gathered = match gather::gather(&args.inputs) {
        Ok(g) => g,
        Err(message) => return report::unreadable(&message, global),
    };
    let mut diags = gathered.diagnostics.clone();
    let mut docs = Vec::new();
    for id in gathered.sources.ids() {
        match source::parse(id, &gathered.sources.get(id).text) {
            Ok(doc) => docs.push(doc),
            Err(mut d) => diags.append(&mut d),
        }
    }
    let (apps, mut check_diags) = check::check(&gathered.sources, &docs);
    diags.append(&mut check_diags);
    diagnostic::sort(&mut diags);
    report::print(&diags, &gathered.sources, global);
    if diagnostic::has_errors(&diags) {
        return Status::Failed;
    }
    if let Some(env) = &args.env
        && !apps.iter().any(|a| a.environments.contains_key(env))
    {
        let known: std::collections::BTreeSet<&String> =
            apps.iter().flat_map(|a| a.environments.keys()).collect();
        let known: Vec<String> = known.iter().map(|e| format!("`{e}`")).collect();
        return fail(&format!(
            "no app has an environment `{env}` (environments: {})",
            known.join(", ")
        ));
    }
    let apps: Vec<&resolved::App> = apps.iter().collect();
    let format = match args.format {
        Syntax::Mermaid => GraphFormat::Mermaid,
        Syntax::Dot => GraphFormat::Dot,
    };
    super::stdout_text(&graph::render(&apps, args.env.as_deref(), format));
    Status::Ok
}
