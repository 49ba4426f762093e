//! Any bytes as one blueprint file, through what the CLI does: decode, then compile. A panic is
//! a bug; so is a diagnostic without a label or with a span outside the file.
#![no_main]

use fleetform::diagnostic::{FileId, SourceFile, SourceMap};
use fleetform::{Options, compile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let (text, problem) = fleetform::source::decode(FileId(0), bytes);
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "fuzz.yaml".to_owned(),
        text: text.clone(),
    });
    let diags = match compile(&sources, &Options::default()) {
        Ok(build) => build.warnings,
        Err(diags) => diags,
    };
    for d in diags.iter().chain(problem.as_ref()) {
        assert!(!d.labels.is_empty(), "{} without a label", d.code);
        for l in &d.labels {
            assert!(l.span.start <= l.span.end && l.span.end <= text.len());
            assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end));
        }
    }
});
