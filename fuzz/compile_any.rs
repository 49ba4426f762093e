//! The property the fuzz target checks, shared (by `#[path]`) with the corpus replay and bounded
//! mutation run in `tests/fuzz.rs` and with the property tests, so that an input that fails one
//! fails them all: any bytes, decoded and compiled as one blueprint file the way the CLI does,
//! never panic; a failed compile carries an error; every diagnostic has a label whose span lies
//! inside the file on character boundaries; rendering the diagnostics never panics either.

use fleetform::diagnostic::{FileId, Severity, SourceFile, SourceMap};
use fleetform::{Options, compile};

pub fn compile_any(bytes: &[u8]) {
    let (text, problem) = fleetform::source::decode(FileId(0), bytes);
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "fuzz.yaml".to_owned(),
        text: text.clone(),
    });
    let diags = match compile(&sources, &Options::default()) {
        Ok(build) => build.warnings,
        Err(diags) => {
            assert!(
                diags.iter().any(|d| d.severity == Severity::Error),
                "a failed compile without an error"
            );
            diags
        }
    };
    for d in diags.iter().chain(problem.as_ref()) {
        assert!(!d.labels.is_empty(), "{} has no label", d.code);
        for l in &d.labels {
            assert!(
                l.span.start <= l.span.end
                    && l.span.end <= text.len()
                    && text.is_char_boundary(l.span.start)
                    && text.is_char_boundary(l.span.end),
                "{}: bad span {:?} in {} bytes",
                d.code,
                l.span,
                text.len()
            );
        }
    }
    let _ = fleetform::diagnostic::render_fancy(&diags, &sources, false);
}
