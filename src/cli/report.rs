//! Compiling gathered files and printing diagnostics, shared by `validate`, `build` and `check`.

use fleetform::diagnostic::{self, Code, Diagnostic, Severity, SourceMap};
use fleetform::{Build, Options};

use super::gather::Gathered;
use super::{DiagnosticFormat, Global, Status};

/// Compiles and prints every diagnostic (warnings too) on stderr. `None` when there were errors.
pub fn compile(
    gathered: &Gathered,
    options: &Options,
    global: Global,
) -> (Option<Build>, Vec<Diagnostic>) {
    let mut diags = gathered.diagnostics.clone();
    let build = match fleetform::compile(&gathered.sources, options) {
        Ok(build) => {
            diags.extend(build.warnings.iter().cloned());
            Some(build)
        }
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    diagnostic::sort(&mut diags);
    print(&diags, &gathered.sources, global);
    let build = build.filter(|_| !diagnostic::has_errors(&diags));
    (build, diags)
}

/// Prints diagnostics on stderr. JSON and SARIF always print one document, even when empty,
/// so a machine reading stderr can rely on it.
pub fn print(diags: &[Diagnostic], sources: &SourceMap, global: Global) {
    let text = match global.diagnostics {
        DiagnosticFormat::Json => diagnostic::render_json(diags, sources),
        DiagnosticFormat::Sarif => diagnostic::render_sarif(diags, sources, &sarif_rules()),
        _ if diags.is_empty() => return,
        DiagnosticFormat::Human => diagnostic::render_fancy(diags, sources, global.color),
        DiagnosticFormat::Short => diagnostic::render_short(diags, sources),
    };
    super::stderr_text(&text);
}

/// A path on the command line that cannot be read (missing, a FIFO, over 8 MiB …): exit 2. There
/// is no blueprint line to point at, so people get the plain `error:` line; under `json` and
/// `sarif` it is one diagnostic without a location (FF0037), so a CI job that uploads the SARIF
/// log still gets a SARIF log.
pub fn unreadable(message: &str, global: Global) -> Status {
    if matches!(
        global.diagnostics,
        DiagnosticFormat::Json | DiagnosticFormat::Sarif
    ) {
        let d = Diagnostic::error(Code::FF0037, message).help(
            "name blueprint files or directories that exist and are regular files of at most 8 MiB",
        );
        print(&[d], &SourceMap::default(), global);
        return Status::Error;
    }
    super::fail(message)
}

/// Every diagnostic code, for the SARIF driver's rules.
fn sarif_rules() -> Vec<diagnostic::SarifRule<'static>> {
    fleetform::check::rule_docs()
        .iter()
        .map(|d| diagnostic::SarifRule {
            code: d.code,
            title: d.title,
            explanation: d.explanation,
        })
        .collect()
}

/// "2 errors, 1 warning".
pub fn counts(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning"));
    }
    parts.join(", ")
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_name_errors_and_warnings() {
        let diags = vec![
            Diagnostic::error(Code::FF0001, "a"),
            Diagnostic::error(Code::FF0002, "b"),
            Diagnostic::warning(Code::FF0003, "c"),
        ];
        assert_eq!(counts(&diags), "2 errors, 1 warning");
        assert_eq!(counts(&diags[2..]), "1 warning");
    }
}
