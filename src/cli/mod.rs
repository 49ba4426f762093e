//! The command line: the only place that reads files, writes files and talks to the terminal.
//!
//! Exit codes: 0 ok, 1 invalid blueprint (or differences for `check`), 2 usage or I/O error.
//! Diagnostics (errors and warnings) go to stderr, results to stdout.

/// `println!` without the panic when stdout is closed (`fleetform check | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` without the panic when stderr is closed.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `out!` for summaries ("wrote …", "ok: …"), which `--quiet` suppresses.
macro_rules! summary {
    ($global:expr, $($arg:tt)*) => {{
        if !$global.quiet {
            out!($($arg)*);
        }
    }};
}

mod build;
mod check;
mod clock;
mod completions;
mod copy;
mod deploy;
mod diff;
mod docs;
mod explain;
mod gather;
mod graph;
mod hand_over;
mod import;
mod init;
mod replace;
mod report;
mod schema;
mod tree;
mod validate;
mod write;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand, ValueEnum};

// `about` comes from the package description in Cargo.toml.
#[derive(Debug, Parser)]
#[command(name = "fleetform", version, about, propagate_version = true)]
struct Cli {
    /// How diagnostics are printed on stderr.
    #[arg(long, global = true, value_enum, default_value_t = DiagnosticFormat::Human)]
    diagnostics: DiagnosticFormat,

    /// When to color diagnostics (`auto` honours `NO_COLOR` and checks that stderr is a terminal).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Print no summaries ("wrote …", "ok: …") on stdout; diagnostics still go to stderr.
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check blueprints and report every problem; writes nothing.
    Validate(validate::Args),
    /// Compile blueprints and write templates, configuration files and manifests.
    Build(build::Args),
    /// Compile in memory and compare with checked-in snapshots (exit 1 on any difference).
    Check(check::Args),
    /// Compare stacks: two regions, two environments, or the build against an earlier output.
    Diff(diff::Args),
    /// Add a region to an environment (editing the blueprint in place) and show what it needs.
    Copy(copy::Args),
    /// Print the JSON Schema of a blueprint file.
    Schema,
    /// Explain a diagnostic code, e.g. `fleetform explain FF0301`.
    Explain(explain::Args),
    /// Write a commented starter blueprint (and the schema for editors).
    Init(init::Args),
    /// Draw each app as a Mermaid or Graphviz DOT picture.
    ///
    /// Environments and regions, the load balancer with its routes, services with their
    /// capacity, and the cluster's capacity providers.
    Graph(graph::Args),
    /// Turn a Docker Compose file or an AWS Copilot workspace into a blueprint.
    ///
    /// The blueprint goes to stdout (or `-o OUT`); what could not be carried over is listed on
    /// stderr as notes (FF0701–FF0704), each pointing into the input.
    Import(import::Args),
    /// Preview what deploying would change: a change set per deployed stack (exit 1 on changes).
    Plan(deploy::PlanArgs),
    /// Deploy an environment's stacks through change sets, in order, with progress.
    Deploy(deploy::DeployArgs),
    /// Each deployed stack's status, whether its template is the build's, and its drift.
    Status(deploy::StatusArgs),
    /// Print shell completions, e.g. `fleetform completions bash`.
    Completions(completions::Args),
    /// Print the man page (roff), e.g. `fleetform man > fleetform.1`.
    Man,
    /// Print generated documentation (docs/reference.md, docs/diagnostics.md).
    #[command(hide = true)]
    Docs(docs::Args),
}

/// The format of diagnostics on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Snippets of the blueprint with labels and help (miette).
    Human,
    /// One JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
    Json,
    /// One line per diagnostic: `file:line:column: severity[CODE]: message`.
    Short,
    /// One SARIF 2.1.0 log, for code scanning (e.g. GitHub's `upload-sarif`).
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Settings every subcommand shares.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    pub diagnostics: DiagnosticFormat,
    pub color: bool,
    /// `--quiet`: no summaries on stdout.
    pub quiet: bool,
}

/// Paths given on the command line; `blueprints/` when none.
#[derive(Debug, clap::Args)]
pub struct Inputs {
    /// Blueprint files or directories (searched recursively for `*.yaml` and `*.yml`).
    #[arg(value_name = "PATH", default_value = "blueprints")]
    pub paths: Vec<PathBuf>,
    /// Follow `include:` entries (and symlinks in included directories) that lead outside the
    /// blueprint's tree: the current directory, or the directory of a path outside it. Only for
    /// blueprints you trust: files outside are read as the user running fleetform.
    #[arg(long)]
    pub allow_include_outside: bool,
}

/// `--max-stacks` and `--max-output`: how much one build may emit (FF0905, FF0906).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Caps {
    /// The most stacks the build may emit (default 10000).
    #[arg(long, value_name = "N", default_value_t = fleetform::limits::DEFAULT_MAX_STACKS)]
    pub max_stacks: usize,
    /// The most output the build may write, in megabytes (default 256).
    #[arg(long, value_name = "MB", default_value_t = fleetform::limits::DEFAULT_MAX_OUTPUT_BYTES / 1_000_000)]
    pub max_output: usize,
}

impl From<Caps> for fleetform::limits::OutputCaps {
    fn from(caps: Caps) -> Self {
        Self {
            max_stacks: caps.max_stacks,
            max_bytes: caps.max_output.saturating_mul(1_000_000),
        }
    }
}

/// The outcome of a subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Invalid blueprints, or differences found by `check`.
    Failed,
    /// Bad usage or an I/O error.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(match status {
            Status::Ok => 0,
            Status::Failed => 1,
            Status::Error => 2,
        })
    }
}

/// Runs the command line. `AWS` says which binary this is: `fleetform-aws` (`true`) runs
/// `plan`, `deploy` and `status` itself; `fleetform` hands them over to it ([`hand_over`]), so
/// the AWS SDK is not linked into the binary that validates and builds (see `src/main.rs`).
pub fn run<const AWS: bool>() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with exit 0; usage errors to stderr with exit 2.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    let global = Global {
        diagnostics: cli.diagnostics,
        color: use_color(cli.color),
        quiet: cli.quiet,
    };
    let status = match cli.command {
        Command::Validate(args) => validate::run(&args, global),
        Command::Build(args) => build::run(&args, global),
        Command::Check(args) => check::run(&args, global),
        Command::Diff(args) => diff::run(&args, global),
        Command::Copy(args) => copy::run(&args, global),
        Command::Schema => schema::run(),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::run(&args, global.quiet),
        Command::Graph(args) => graph::run(&args, global),
        Command::Import(args) => import::run(&args, global),
        #[cfg(feature = "aws")]
        Command::Plan(args) if AWS => deploy::plan(&args, global),
        #[cfg(feature = "aws")]
        Command::Deploy(args) if AWS => deploy::deploy(&args, global),
        #[cfg(feature = "aws")]
        Command::Status(args) if AWS => deploy::status(&args, global),
        Command::Plan(_) | Command::Deploy(_) | Command::Status(_) => hand_over::run(),
        Command::Completions(args) => completions::completions(&args, Cli::command()),
        Command::Man => completions::man(Cli::command()),
        Command::Docs(args) => docs::run(&args),
    };
    status.into()
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Writes text as-is to stdout; a closed pipe is not an error worth a panic.
pub fn stdout_text(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
}

/// Writes text as-is to stderr.
pub fn stderr_text(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
}

/// Prints an I/O or usage error on stderr and returns [`Status::Error`]. The message often
/// names a path or an argument, so control characters in it are escaped like in diagnostics.
pub fn fail(message: &str) -> Status {
    err!("error: {}", fleetform::diagnostic::escape(message));
    Status::Error
}
