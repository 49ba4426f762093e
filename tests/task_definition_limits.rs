//! ECS's task-definition limits, reported at the value that crosses them: a 70 KB environment
//! value (which used to build, with only the 51,200-byte "deploy through S3" warning) and a 1 MB
//! one (which used to be FF0902, a template-size error with no location) are both FF0444 on the
//! value, and nothing is written; a NUL in a value is FF0445 on that value.

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Options, compile};

/// A one-service app whose `env` holds `BIG` (written on line 12) and `SMALL`.
fn app(big: &str) -> SourceMap {
    let text = format!(
        "blueprint: 1\napp: shop\ntag: \"1.0\"\nenvironments:\n  test:\n    regions: [us-east-1]\n\
services:\n  cart:\n    image: \"cart:{{{{tag}}}}\"\n    cpu: 256\n    memory: 512\n    \
env: {{ BIG: \"{big}\", SMALL: \"1\" }}\n"
    );
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "app.yaml".to_owned(),
        text,
    });
    sources
}

/// The 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[test]
fn oversized_values_are_reported_on_the_value() {
    for size in [70_000, 1_000_000] {
        let sources = app(&"x".repeat(size));
        let diags = compile(&sources, &Options::default()).expect_err("over ECS's limit");
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            ["FF0444"],
            "{size}: {}",
            render_short(&diags, &sources)
        );
        let label = &diags[0].labels[0];
        let text = &sources.get(label.span.file).text;
        assert_eq!(line_col(text, label.span.start), (12, 17), "{size}");
        assert!(
            diags[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("ssm:/shop/BIG"))
        );
    }
}

#[test]
fn values_under_the_limit_still_build() {
    let sources = app(&"x".repeat(40_000));
    compile(&sources, &Options::default()).expect("a 40 KB value fits ECS's 64 KiB");
}

#[test]
fn a_nul_is_reported_at_the_character() {
    let sources = app("ab\\0cd");
    let diags = compile(&sources, &Options::default()).expect_err("NUL");
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["FF0445"], "{}", render_short(&diags, &sources));
    let span = diags[0].labels[0].span;
    let text = &sources.get(span.file).text;
    // An escaped string cannot be mapped byte for byte: the label covers the whole value.
    assert_eq!(&text[span.start..span.end], "\"ab\\0cd\"");
}
