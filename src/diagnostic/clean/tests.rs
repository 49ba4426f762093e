//! Whatever a blueprint holds, no format prints a secret or a control character, and the
//! terminal formats stay linear in the number of diagnostics.

use std::fmt::Write as _;

use super::*;
use crate::diagnostic::{
    Code, SarifRule, SourceFile, Span, render_fancy, render_json, render_sarif, render_short,
};
use crate::{Options, compile};

fn sources(text: &str) -> SourceMap {
    let mut map = SourceMap::default();
    map.add(SourceFile {
        name: "app.yaml".to_owned(),
        text: text.to_owned(),
    });
    map
}

/// The diagnostics of a blueprint that must not compile.
fn errors(map: &SourceMap) -> Vec<Diagnostic> {
    match compile(map, &Options::default()) {
        Err(diags) => diags,
        Ok(_) => panic!("compiled"),
    }
}

/// Every format's rendering of `diags`.
fn rendered(diags: &[Diagnostic], map: &SourceMap) -> Vec<(&'static str, String)> {
    let rules = [SarifRule {
        code: "FF0102",
        title: "unknown key",
        explanation: "x",
    }];
    vec![
        ("fancy", render_fancy(diags, map, false)),
        ("fancy colour", render_fancy(diags, map, true)),
        ("short", render_short(diags, map)),
        ("json", render_json(diags, map)),
        ("sarif", render_sarif(diags, map, &rules)),
    ]
}

const HEAD: &str = "blueprint: 1\napp: shop\nenvironments:\n  test:\n    regions: [us-east-1]\n";

#[test]
fn a_secret_beside_another_error_is_masked_in_every_format() {
    // The schema error stops the checks before FF0305 runs, so nothing marks the value
    // redacted: the renderers must find it themselves.
    let text = format!(
        "{HEAD}services:\n  cart:\n    image: cart:1.0\n    cpu: 256\n    memory: 512\n    \
         env: {{ DB_PASSWORD: pw-in-clear-7, BAD: [1], URL: \"postgres://u:pw-url-8@db/x\" }}\n    \
         command: [\"--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\"]\n"
    );
    let map = sources(&text);
    let diags = errors(&map);
    assert!(!diags.iter().any(|d| d.redact), "{diags:?}");
    for (format, out) in rendered(&diags, &map) {
        let shown = if format.starts_with("fancy") {
            "DB_PASSWORD"
        } else {
            "FF0102"
        };
        assert!(out.contains(shown), "{format}: {out}");
        for secret in [
            "pw-in-clear-7",
            "pw-url-8",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        ] {
            assert!(!out.contains(secret), "{format} shows {secret}:\n{out}");
        }
    }
}

#[test]
fn a_secret_quoted_in_another_message_is_masked() {
    let text = "DB_PASSWORD: pw-in-clear-7\n";
    let map = sources(text);
    let diags = vec![
        Diagnostic::error(
            Code::FF0102,
            "`pw-in-clear-7` is not valid; nor is `AKIAIOSFODNN7EXAMPLE`",
        )
        .label(Span::new(FileId(0), 0, 11), "here")
        .help("remove `pw-in-clear-7`"),
        Diagnostic::error(
            Code::FF0305,
            "`DB_PASSWORD` is a plain environment variable",
        )
        .label(Span::new(FileId(0), 13, 26), "plain value (hidden here)")
        .redacted(),
    ];
    for (format, out) in rendered(&diags, &map) {
        assert!(!out.contains("pw-in-clear-7"), "{format}:\n{out}");
        assert!(!out.contains("AKIAIOSFODNN7EXAMPLE"), "{format}:\n{out}");
        assert!(out.contains("****"), "{format}:\n{out}");
    }
    // A private key quoted without its END line is hidden up to the closing backtick only.
    let key = vec![Diagnostic::error(
        Code::FF0302,
        "image `-----BEGIN EC PRIVATE KEY-----MHc` has no tag",
    )];
    assert!(render_short(&key, &map).contains("image `****` has no tag"));
    // A value masked in snippets only because of its key's name stays readable in messages.
    let plain = vec![
        Diagnostic::error(Code::FF0102, "image `pw-in-clear-7`")
            .label(Span::new(FileId(0), 0, 11), "here"),
    ];
    assert!(render_short(&plain, &map).contains("`pw-in-clear-7`"));
    assert!(!render_fancy(&plain, &map, false).contains("DB_PASSWORD: pw-in-clear-7"));
}

#[test]
fn control_characters_never_reach_the_output() {
    // A name with an OSC 52 clipboard write, a fake line and a bidi override, in a file whose
    // name has an escape too.
    let text = format!(
        "{HEAD}services:\n  \"ca\\e]52;c;aGVsbG8=\\art\\r\\nok: done\\u202e\":\n    image: cart:1.0\n    cpu: 256\n    memory: 512\n"
    );
    let mut map = SourceMap::default();
    map.add(SourceFile {
        name: "app\u{1b}[2J.yaml".to_owned(),
        text,
    });
    let mut diags = errors(&map);
    diags.push(
        Diagnostic::warning(Code::FF0319, "raw \u{1b}]52;c;x\u{7} and \u{9b}31m")
            .label(Span::new(FileId(0), 0, 5), "label \u{1b}[1m")
            .help("help \u{7}\r\nok: fake"),
    );
    for (format, out) in rendered(&diags, &map) {
        let plain = if format == "fancy colour" {
            // miette's own styling is the only escape sequence allowed: SGR codes.
            out.split('\u{1b}')
                .skip(1)
                .all(|s| s.starts_with('[') && s[1..].starts_with(|c: char| c.is_ascii_digit()))
        } else {
            !out.contains('\u{1b}')
        };
        assert!(plain, "{format}:\n{out:?}");
        for c in ['\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            assert!(!out.contains(c), "{format} holds {c:?}:\n{out:?}");
        }
        assert!(!out.contains("\nok: fake"), "{format}:\n{out}");
        if format == "json" || format == "sarif" {
            // JSON escapes control characters itself; what a tool decodes must be clean too.
            let value: serde_json::Value = serde_json::from_str(&out).unwrap();
            let mut strings = Vec::new();
            collect_strings(&value, &mut strings);
            // (SARIF joins message and help with a line break of its own.)
            let bad = strings
                .iter()
                .find(|s| s.chars().any(|c| c != '\n' && needs_escape(c)));
            assert!(bad.is_none(), "{format}: {bad:?}");
        }
    }
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn escaped_snippets_keep_their_labels_in_place() {
    let text = "a: \u{1b}x\u{1b}y\nb: 1\n";
    let map = sources(text);
    let clean = Cleaner::new(&[], &map);
    let snippet = clean.snippet(&map, FileId(0), 0..text.len());
    assert_eq!(snippet.text, "a: \\u{1b}x\\u{1b}y\nb: 1\n");
    // `y` is at byte 6 of the file.
    assert_eq!(&snippet.text[snippet.map(6)..=snippet.map(6)], "y");
    assert_eq!(snippet.map(2), 2);
}

#[test]
fn twenty_thousand_unknown_keys_render_capped() {
    let mut text =
        format!("{HEAD}services:\n  web:\n    image: web:1.0\n    cpu: 256\n    memory: 512\n");
    for i in 0..20_000 {
        let _ = writeln!(text, "    unknown{i}: 1");
    }
    let map = sources(&text);
    let diags = errors(&map);
    assert!(diags.len() >= 20_000, "{}", diags.len());
    let fancy = render_fancy(&diags, &map, false);
    let short = render_short(&diags, &map);
    let code = diags[0].code;
    // The terminal formats show `cap::PER_CODE` of them and one line for the rest.
    assert!(fancy.len() < 40_000, "{}", fancy.len());
    assert_eq!(
        short.lines().count(),
        crate::diagnostic::cap::PER_CODE + 1,
        "{short}"
    );
    let more = format!("more {code} (`--diagnostics json` lists every one)");
    assert!(short.contains(&more) && fancy.contains(&more), "{short}");
    // JSON keeps all of them.
    let json: serde_json::Value = serde_json::from_str(&render_json(&diags, &map)).unwrap();
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(diags.len())
    );
}
