use std::fmt::Write as _;
use std::time::{Duration, Instant};

use serde_json::json;

use super::*;

const F: FileId = FileId(0);

fn ok(text: &str) -> Document {
    match parse(F, text) {
        Ok(doc) => doc,
        Err(d) => panic!("expected {text:?} to parse, got {d:#?}"),
    }
}

fn errs(text: &str) -> Vec<Diagnostic> {
    match parse(F, text) {
        Ok(doc) => panic!("expected {text:?} to fail, got {:?}", doc.value),
        Err(d) => d,
    }
}

fn codes(text: &str) -> Vec<&'static str> {
    errs(text).iter().map(|d| d.code.as_str()).collect()
}

/// The text a span covers.
fn at(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

fn value_text<'a>(doc: &Document, text: &'a str, pointer: &str) -> &'a str {
    at(text, doc.spans.nodes[pointer].value)
}

fn key_text<'a>(doc: &Document, text: &'a str, pointer: &str) -> &'a str {
    at(text, doc.spans.nodes[pointer].key.expect("a key span"))
}

#[test]
fn values_follow_the_core_schema() {
    let doc = ok("a: yes\nb: on\nc: true\nd: ~\ne:\nf: 12\ng: 1.5\nh: '12'\ni: n\nj: 0x10\n");
    assert_eq!(
        doc.value,
        json!({"a": "yes", "b": "on", "c": true, "d": null, "e": null, "f": 12, "g": 1.5, "h": "12", "i": "n", "j": 16})
    );
}

#[test]
fn spans_of_nested_keys_values_and_items() {
    let text = "app: shop\nservices:\n  cart:\n    cpu: 256\n    ports: [80, \"443\"]\n    env:\n      - name: A\n        value: 'x y'\n";
    let doc = ok(text);
    assert_eq!(doc.value["services"]["cart"]["ports"], json!([80, "443"]));
    assert_eq!(doc.spans.nodes[""].value.start, 0);
    assert_eq!(key_text(&doc, text, "/app"), "app");
    assert_eq!(value_text(&doc, text, "/app"), "shop");
    assert_eq!(key_text(&doc, text, "/services/cart/cpu"), "cpu");
    assert_eq!(value_text(&doc, text, "/services/cart/cpu"), "256");
    assert_eq!(
        value_text(&doc, text, "/services/cart/ports"),
        "[80, \"443\"]"
    );
    assert_eq!(value_text(&doc, text, "/services/cart/ports/0"), "80");
    assert_eq!(value_text(&doc, text, "/services/cart/ports/1"), "\"443\"");
    assert_eq!(doc.spans.nodes["/services/cart/ports/1"].key, None);
    assert_eq!(
        value_text(&doc, text, "/services/cart/env/0/value"),
        "'x y'"
    );
    assert_eq!(key_text(&doc, text, "/services/cart/env/0/name"), "name");
    // Block collections start at their first key or dash and end with their last value.
    assert_eq!(
        value_text(&doc, text, "/services/cart/env"),
        "- name: A\n        value: 'x y'"
    );
    assert!(value_text(&doc, text, "/services/cart").starts_with("cpu: 256"));
    assert!(value_text(&doc, text, "/services/cart").ends_with("'x y'"));
    assert_eq!(doc.spans.nodes["/services/cart/cpu"].defined, None);
}

#[test]
fn lookup_falls_back_to_ancestors() {
    let text = "a:\n  b: 1\n";
    let doc = ok(text);
    assert_eq!(
        doc.spans.value_span("/a/b/c").map(|s| at(text, s)),
        Some("1")
    );
    assert_eq!(doc.spans.key_span("/a/b").map(|s| at(text, s)), Some("b"));
    assert_eq!(doc.spans.key_span("").map(|s| s.start), Some(0));
}

#[test]
fn pointer_tokens_are_escaped() {
    let text = "\"a/b\": 1\n\"c~d\": 2\n";
    let doc = ok(text);
    assert_eq!(value_text(&doc, text, "/a~1b"), "1");
    assert_eq!(value_text(&doc, text, "/c~0d"), "2");
}

#[test]
fn crlf_line_endings() {
    let text = "a: 1\r\nb:\r\n  c: hello\r\n";
    let doc = ok(text);
    assert_eq!(doc.value, json!({"a": 1, "b": {"c": "hello"}}));
    assert_eq!(doc.spans.nodes["/b/c"].value, Span::new(F, 15, 20));
    assert_eq!(value_text(&doc, text, "/b/c"), "hello");
}

#[test]
fn syntax_errors_point_at_the_offending_character() {
    // A control character: the scanner marks the scalar's start.
    let text = "a: hel\u{7}lo\n";
    let d = errs(text);
    assert_eq!(at(text, d[0].primary().expect("label")), "\u{7}");
    assert!(d[0].message.contains("`\\u{7}`"), "{}", d[0].message);
    // A tab in a plain scalar's continuation: the scanner marks the scalar, a line above.
    let text = "a:\n  b: one\n\tc: 2\n";
    let d = errs(text);
    let span = d[0].primary().expect("label");
    assert_eq!(at(text, Span::new(F, span.start, span.start + 1)), "\t");
    // An unclosed quote: the error is where the next line breaks the string's indentation,
    // and a second label shows where the string starts.
    let text = "a:\n  b: \"one\n  c: 2\n";
    let d = errs(text);
    assert_eq!(d[0].labels.len(), 2, "{d:?}");
    assert_eq!(at(text, d[0].labels[1].span), "\"");
    assert_eq!(d[0].labels[1].span.start, text.find('"').expect("quote"));
    // A key over 1024 characters: its `:` comes after YAML has ended the key.
    let text = format!("{}: 1\n", "k".repeat(1100));
    let d = errs(&text);
    assert!(
        d[0].message.contains("longer than 1024"),
        "{}",
        d[0].message
    );
}

#[test]
fn tabs_after_the_colon_are_fine_but_not_in_indentation() {
    let text = "a:\tb\n";
    let doc = ok(text);
    assert_eq!(doc.value, json!({"a": "b"}));
    assert_eq!(value_text(&doc, text, "/a"), "b");
    let d = errs("a:\n\tb: 1\n");
    assert_eq!(d[0].code, "FF0001");
    assert!(
        d[0].help.as_deref().unwrap_or_default().contains("spaces"),
        "{d:?}"
    );
}

#[test]
fn non_ascii_keys_use_byte_offsets() {
    let text = "größe: ü\nnext: ok\n";
    let doc = ok(text);
    assert_eq!(doc.spans.nodes["/größe"].key, Some(Span::new(F, 0, 7)));
    assert_eq!(doc.spans.nodes["/größe"].value, Span::new(F, 9, 11));
    assert_eq!(value_text(&doc, text, "/next"), "ok");
}

#[test]
fn decode_strips_a_bom() {
    let (text, d) = decode(F, b"\xEF\xBB\xBFa: 1\n");
    assert_eq!(text, "a: 1\n");
    assert_eq!(d, None);
    let doc = ok(&text);
    assert_eq!(doc.spans.nodes["/a"].value, Span::new(F, 3, 4));
}

#[test]
fn parse_tolerates_a_bom_left_in_the_text() {
    let text = "\u{feff}a: 1\n";
    let doc = ok(text);
    assert_eq!(doc.value, json!({"a": 1}));
    assert_eq!(value_text(&doc, text, "/a"), "1");
}

#[test]
fn decode_reports_invalid_utf8_at_the_first_bad_byte() {
    let (text, d) = decode(F, b"a: caf\xE9\n");
    assert_eq!(text, "a: caf\u{fffd}\n");
    let d = d.expect("a diagnostic");
    assert_eq!(d.code, "FF0006");
    assert_eq!(d.primary(), Some(Span::new(F, 6, 9)));
    assert_eq!(d.help.as_deref(), Some("save the file as UTF-8"));
}

#[test]
fn decode_reports_utf16() {
    let (_, d) = decode(F, b"\xFF\xFEa\x00:\x00");
    let d = d.expect("a diagnostic");
    assert_eq!(d.code, "FF0006");
    assert!(d.message.contains("utf-16"));
    assert_eq!(d.primary().map(|s| s.start), Some(0));
}

#[test]
fn syntax_error_is_ff0001_at_the_error() {
    let d = errs("a: [1, 2\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "FF0001");
    assert_eq!(d[0].message, "yaml syntax error: unclosed bracket '['");
    assert_eq!(d[0].primary(), Some(Span::new(F, 3, 4)));
    assert_eq!(
        d[0].help.as_deref(),
        Some("close every `[` with `]` and every `{` with `}`")
    );
    let d = errs("a: [1, 2\nb: 3\n");
    assert_eq!(d[0].code, "FF0001");
    assert_eq!(d[0].primary(), Some(Span::new(F, 10, 11)));
}

#[test]
fn duplicate_keys_label_both() {
    let text = "a: 1\nb: 2\na: 3\n";
    let d = errs(text);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "FF0002");
    assert_eq!(d[0].message, "duplicate key `a`");
    assert_eq!(d[0].labels[0].span, Span::new(F, 10, 11));
    assert_eq!(d[0].labels[1].span, Span::new(F, 0, 1));
}

#[test]
fn duplicate_keys_are_all_reported() {
    let d = codes("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n");
    assert_eq!(d, ["FF0002", "FF0002"]);
}

/// Repeated keys are found by comparing keys in turn in a small mapping and through an index
/// from 16 keys on (`build::Keys`): the same findings on both sides of the threshold, the
/// first definition labelled each time.
#[test]
fn duplicate_keys_are_found_in_small_and_large_mappings() {
    for keys in [3, 15, 16, 17, 40] {
        let mut text = String::new();
        for i in 0..keys {
            let _ = writeln!(text, "k{i}: {i}");
        }
        let first = text.find("k1:").unwrap();
        text.push_str("k1: again\n");
        let last = text.len() - "k1: again\n".len();
        let _ = writeln!(text, "k{}: a last one", keys - 1);
        let d = errs(&text);
        assert_eq!(d.len(), 2, "{keys} keys: {d:?}");
        assert_eq!(d[0].message, "duplicate key `k1`");
        assert_eq!(d[0].labels[0].span, Span::new(F, last, last + 2));
        assert_eq!(d[0].labels[1].span, Span::new(F, first, first + 2));
        assert_eq!(d[1].message, format!("duplicate key `k{}`", keys - 1));
    }
}

#[test]
fn a_merge_key_and_a_quoted_one_collide() {
    assert_eq!(
        codes("b: &b {x: 1}\nm:\n  <<: *b\n  \"<<\": 2\n"),
        ["FF0002"]
    );
    assert_eq!(
        codes("b: &b {x: 1}\nm:\n  \"<<\": 2\n  <<: *b\n"),
        ["FF0002"]
    );
    assert_eq!(codes("b: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n"), ["FF0002"]);
    let doc = ok("b: &b {x: 1, y: 2}\nm:\n  y: 3\n  <<: *b\n  z: 4\n");
    assert_eq!(doc.value["m"], json!({"y": 3, "x": 1, "z": 4}));
}

#[test]
fn quoted_and_plain_keys_collide() {
    assert_eq!(codes("80: a\n\"80\": b\n"), ["FF0002"]);
}

#[test]
fn number_and_bool_keys_keep_their_text() {
    let doc = ok("80: a\n0x10: b\ntrue: c\n1.50: d\n");
    assert_eq!(
        doc.value,
        json!({"80": "a", "0x10": "b", "true": "c", "1.50": "d"})
    );
}

#[test]
fn alias_bomb_stops_quickly() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let _ = writeln!(
            text,
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]"
        );
    }
    let started = Instant::now();
    let d = errs(&text);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "FF0003");
    assert_eq!(at(&text, d[0].labels[0].span), "*a3");
}

/// The case: a 1 MB string and a few aliases of it stood for gigabytes while the node
/// count stayed tiny. The budget counts bytes too, and stops at the alias that passes it.
#[test]
fn aliases_of_a_long_string_stop_at_the_byte_budget() {
    let long = "x".repeat(1 << 20);
    let mut text = format!("a: &s \"{long}\"\nb: [");
    for _ in 0..27 {
        text.push_str("*s, ");
    }
    text.push_str("]\n");
    let d = errs(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "FF0003");
    assert!(d[0].message.contains("bytes of text"), "{}", d[0].message);
    assert_eq!(at(&text, d[0].labels[0].span), "*s");
    // The ninth alias passes 8 MiB: the label is on it.
    let ninth = text.match_indices("*s").nth(8).unwrap().0;
    assert_eq!(d[0].labels[0].span.start, ninth);
}

/// Aliases of aliases of a short string: few nodes, exponential bytes.
#[test]
fn nested_aliases_of_text_stop_at_the_byte_budget() {
    let mut text = format!("a0: &a0 \"{}\"\n", "y".repeat(1_000));
    // 10 × 10 × 10 × 10 copies: 10 MB of text from 11,110 nodes, far below the node budget.
    for i in 1..5 {
        let p = i - 1;
        let _ = writeln!(
            text,
            "a{i}: &a{i} [{}]",
            vec![format!("*a{p}"); 10].join(", ")
        );
    }
    let d = errs(&text);
    assert_eq!(codes(&text), ["FF0003"]);
    assert!(d[0].message.contains("bytes of text"), "{}", d[0].message);
}

#[test]
fn long_keys_count_towards_the_byte_budget() {
    let key = "k".repeat(1 << 20);
    // An explicit key (`? `) may be longer than the 1024 characters of a plain one.
    let text = format!(
        "a: &m\n  ? \"{key}\"\n  : 1\nb: [{}]\n",
        ["*m"; 9].join(", ")
    );
    assert_eq!(codes(&text), ["FF0003"]);
}

/// No alias at all: a long explicit key above many values made one long pointer per value.
#[test]
fn a_long_key_above_many_values_is_ff0022() {
    let key = "k".repeat(500_000);
    // A hundred values below it: 50 MB of paths, under the budget.
    let text = format!("z:\n  ? \"{key}\"\n  : [{}]\n", ["1"; 100].join(","));
    assert!(parse(F, &text).is_ok());
    let text = format!("z:\n  ? \"{key}\"\n  : [{}]\n", "1,".repeat(200_000));
    let d = errs(&text);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "FF0022");
    assert_eq!(at(&text, d[0].labels[0].span), format!("\"{key}\""));
}

#[test]
fn modest_aliases_are_fine() {
    let doc = ok("base: &b {cpu: 256}\nx: *b\ny: *b\n");
    assert_eq!(doc.value["y"], json!({"cpu": 256}));
}

#[test]
fn alias_spans_point_at_use_and_definition() {
    let text = "base: &b\n  cpu: 256\nsvc: *b\n";
    let doc = ok(text);
    let n = doc.spans.nodes["/svc"];
    assert_eq!(at(text, n.key.unwrap()), "svc");
    assert_eq!(at(text, n.value), "*b");
    assert_eq!(at(text, n.defined.unwrap()), "cpu: 256");
    let inner = doc.spans.nodes["/svc/cpu"];
    assert_eq!(at(text, inner.value), "*b");
    assert_eq!(at(text, inner.defined.unwrap()), "256");
    assert_eq!(inner.key, None);
}

#[test]
fn merge_keys_merge_and_record_the_definition() {
    let text = "base: &b\n  cpu: 256\n  memory: 512\nsvc:\n  <<: *b\n  memory: 1024\n";
    let doc = ok(text);
    assert_eq!(doc.value["svc"], json!({"cpu": 256, "memory": 1024}));
    let cpu = doc.spans.nodes["/svc/cpu"];
    assert_eq!(at(text, cpu.key.unwrap()), "<<");
    assert_eq!(at(text, cpu.value), "*b");
    assert_eq!(at(text, cpu.defined.unwrap()), "256");
    let memory = doc.spans.nodes["/svc/memory"];
    assert_eq!(at(text, memory.value), "1024");
    assert_eq!(memory.defined, None);
}

#[test]
fn merge_of_a_list_first_wins_and_explicit_keys_win_anywhere() {
    let doc = ok("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  x: 0\n  <<: [*a, *b]\n");
    assert_eq!(doc.value["c"], json!({"x": 0, "y": 1, "z": 2}));
}

#[test]
fn merge_of_a_scalar_is_an_error() {
    let d = errs("a: &a 1\nb:\n  <<: *a\n");
    assert_eq!(d[0].code, "FF0001");
    assert!(d[0].message.contains("`<<`"));
}

#[test]
fn quoted_merge_key_is_a_plain_key() {
    let doc = ok("\"<<\": 1\n");
    assert_eq!(doc.value, json!({"<<": 1}));
}

#[test]
fn unknown_alias_is_an_error() {
    assert_eq!(codes("a: *nothing\n"), ["FF0001"]);
}

#[test]
fn non_string_keys_are_ff0004() {
    let text = "? [a, b]\n: 1\n";
    let d = errs(text);
    assert_eq!(d[0].code, "FF0004");
    assert_eq!(at(text, d[0].labels[0].span), "[a, b]");
    assert_eq!(codes("{x: 1}: 2\n"), ["FF0004"]);
    assert_eq!(codes("~: 2\n"), ["FF0004"]);
}

#[test]
fn several_documents_are_ff0005() {
    let text = "a: 1\n---\nb: 2\n";
    let d = errs(text);
    assert_eq!(d[0].code, "FF0005");
    assert_eq!(at(text, d[0].labels[0].span), "---");
}

#[test]
fn one_document_with_markers_is_fine() {
    assert_eq!(ok("---\na: 1\n...\n").value, json!({"a": 1}));
}

#[test]
fn empty_files_are_ff0007() {
    for text in ["", "   \n", "# just a comment\n", "---\n"] {
        let d = errs(text);
        assert_eq!(d.len(), 1, "{text:?}");
        assert_eq!(d[0].code, "FF0007", "{text:?}");
        assert_eq!(d[0].primary(), Some(Span::new(F, 0, 0)));
        assert_eq!(
            d[0].help.as_deref(),
            Some("a blueprint starts with `blueprint: 1`")
        );
    }
}

#[test]
fn deep_nesting_is_ff0008() {
    let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(F, &ok_depth).is_ok());
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    let d = errs(&deep);
    assert_eq!(d[0].code, "FF0008");
    assert_eq!(d[0].primary().map(|s| s.start), Some(MAX_DEPTH));
    // Very deep input fails cleanly too (no stack overflow).
    let deeper = "[".repeat(100_000);
    assert_eq!(errs(&deeper)[0].code, "FF0008");
}

#[test]
fn deep_nesting_through_an_alias_is_ff0008() {
    let inner = "[".repeat(40) + &"]".repeat(40);
    let text = format!(
        "a: &a {inner}\nb: {open}*a{close}\n",
        open = "[".repeat(30),
        close = "]".repeat(30)
    );
    let d = errs(&text);
    assert_eq!(d[0].code, "FF0008");
    assert_eq!(at(&text, d[0].labels[0].span), "*a");
}

#[test]
fn tags_are_ff0009() {
    let text = "a: !Ref Bucket\nb: !!binary aGVsbG8=\nc: !!str 1\nd: !Sub\n  - x\n";
    let d = errs(text);
    let found: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.code.as_str(), at(text, d.labels[0].span)))
        .collect();
    assert_eq!(
        found,
        [
            ("FF0009", "!Ref"),
            ("FF0009", "!!binary"),
            ("FF0009", "!!str"),
            ("FF0009", "!Sub")
        ]
    );
    assert_eq!(d[0].message, "yaml tag `!Ref` is not allowed");
    assert!(
        d[0].help
            .as_deref()
            .unwrap_or_default()
            .contains("CloudFormation")
    );
}

#[test]
fn non_finite_numbers_are_ff0013() {
    let text = "a: .inf\nb: -.Inf\nc: .nan\nd: '.inf'\n";
    let d = errs(text);
    let found: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.code.as_str(), at(text, d.labels[0].span)))
        .collect();
    assert_eq!(
        found,
        [("FF0013", ".inf"), ("FF0013", "-.Inf"), ("FF0013", ".nan")]
    );
}

#[test]
fn every_diagnostic_is_complete() {
    let inputs = [
        "a: [",
        "a: 1\na: 2\n",
        "? [a]\n: 1\n",
        "a: 1\n---\nb: 1\n",
        "",
        "a: !Ref x\n",
        "a: .nan\n",
        "a: &a 1\nb: {<<: *a}\n",
    ];
    for text in inputs {
        for d in errs(text) {
            assert!(!d.labels.is_empty(), "{text:?}: {d:?}");
            assert!(d.help.is_some(), "{text:?}: {d:?}");
            assert!(d.code.as_str().starts_with("FF00"), "{text:?}: {d:?}");
            let first = d.message.chars().next().unwrap();
            assert!(!first.is_uppercase(), "{text:?}: {d:?}");
            assert!(
                d.labels.iter().all(|l| l.span.end <= text.len()),
                "{text:?}: {d:?}"
            );
        }
    }
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "\0",
        "{",
        "}",
        "]]",
        "&a",
        "*",
        "- - - -",
        "!<",
        "%YAML 1.2\n",
        "a: |\n\tx",
        "? ? ?",
        ":",
        "'",
        "\"\\u12",
    ];
    for text in inputs {
        let _ = parse(F, text);
    }
}

#[test]
fn inner_span_maps_into_scalars() {
    let text =
        "a: hello {{x}}\nb: \"say {{x}}\"\nc: 'it''s {{x}}'\nd: \"tab\\t{{x}}\"\ne: |\n  {{x}}\n";
    let doc = ok(text);
    let span = |p: &str| doc.spans.nodes[p].value;
    // {{x}} is at bytes 6..11 of "hello {{x}}"
    assert_eq!(at(text, inner_span(text, span("/a"), 6, 11)), "{{x}}");
    assert_eq!(at(text, inner_span(text, span("/b"), 4, 9)), "{{x}}");
    // Escapes fall back to the whole value.
    assert_eq!(inner_span(text, span("/c"), 5, 10), span("/c"));
    assert_eq!(inner_span(text, span("/d"), 4, 9), span("/d"));
    assert_eq!(at(text, inner_span(text, span("/e"), 0, 5)), "{{x}}");
    // Literal block scalars map line by line (CRLF too); folded ones and explicit
    // indentation fall back to the whole value.
    let text = "a: |\r\n  one\r\n\r\n   two {{x}}\r\nb: >\n  {{x}}\nc: |2\n    {{x}}\n";
    let doc = ok(text);
    let span = |p: &str| doc.spans.nodes[p].value;
    // "one\n\n two {{x}}\n": {{x}} at 10..15
    assert_eq!(at(text, inner_span(text, span("/a"), 10, 15)), "{{x}}");
    assert_eq!(at(text, inner_span(text, span("/a"), 0, 3)), "one");
    assert_eq!(inner_span(text, span("/b"), 0, 5), span("/b"));
    assert_eq!(inner_span(text, span("/c"), 2, 7), span("/c"));
    let text = "a: hello {{x}}\n";
    let doc = ok(text);
    let span = |p: &str| doc.spans.nodes[p].value;
    // Out of range falls back too.
    assert_eq!(inner_span(text, span("/a"), 6, 99), span("/a"));
}

#[test]
fn unquoted_interpolation_gets_a_clear_error() {
    for (text, label) in [
        ("image: {{tag}}\n", "{{tag}}"),
        ("image: {{account}}.dkr.ecr # ecr\n", "{{account}}.dkr.ecr"),
        ("a: [{{x}}, y]\n", "{{x}}, y]"),
    ] {
        let d = errs(text);
        assert_eq!(d.len(), 1, "{text:?}: {d:?}");
        assert_eq!(d[0].code, "FF0001");
        assert_eq!(
            d[0].message,
            "unquoted `{{` starts a yaml mapping, not an interpolation"
        );
        assert_eq!(at(text, d[0].labels[0].span), label);
        assert!(d[0].help.as_deref().unwrap_or_default().contains("quote"));
    }
    assert_eq!(ok("a: b {{x}}\n").value, json!({"a": "b {{x}}"}));
    assert_eq!(ok("a: \"{{x}}\"\n").value, json!({"a": "{{x}}"}));
}

/// Mutates a realistic blueprint byte by byte (deterministically) and checks that parsing never
/// panics, and that every span it hands out lies inside the text on character boundaries.
#[test]
fn mutated_inputs_give_valid_spans() {
    const SAMPLE: &str = "blueprint: 1\nname: shop\nvars: { team: grocery }\nbase: &base\n  cpu: 256\n  \
                          memory: 512\nservices:\n  cart:\n    <<: *base\n    image: \"{{account}}.dkr\"\n    \
                          ports: [80, '443']\n    env:\n      - name: é\n        value: |\n          text\n";
    const ALPHABET: &[u8] = b" \n\t:-?[]{},&*!|>'\"#%@`~<x1\\.";
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or(0) % n
    };
    let valid = |text: &str, s: Span| {
        s.start <= s.end && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    let mut parsed = 0;
    for _ in 0..3000 {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        for _ in 0..=next(3) {
            let i = next(bytes.len());
            match next(3) {
                0 => bytes[i] = ALPHABET[next(ALPHABET.len())],
                1 => bytes.insert(i, ALPHABET[next(ALPHABET.len())]),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match parse(F, &text) {
            Ok(doc) => {
                parsed += 1;
                for n in doc.spans.nodes.values() {
                    let spans = [Some(n.value), n.key, n.defined];
                    assert!(
                        spans.into_iter().flatten().all(|s| valid(&text, s)),
                        "{text:?}: {n:?}"
                    );
                }
            }
            Err(diags) => {
                assert!(!diags.is_empty());
                for d in diags {
                    assert!(d.help.is_some() && !d.labels.is_empty(), "{text:?}: {d:?}");
                    assert!(
                        d.labels.iter().all(|l| valid(&text, l.span)),
                        "{text:?}: {d:?}"
                    );
                }
            }
        }
    }
    // The mutations must leave some inputs valid, or the span checks above test nothing.
    assert!(parsed > 100, "only {parsed} mutated inputs parsed");
}

#[test]
fn block_scalars_span_from_their_header() {
    let text = "a: |\n  one\n  two\nb: >- # folded\n  x\n  y\nc: d\n";
    let doc = ok(text);
    assert_eq!(doc.value, json!({"a": "one\ntwo\n", "b": "x y", "c": "d"}));
    assert_eq!(value_text(&doc, text, "/a"), "|\n  one\n  two\n");
    assert!(value_text(&doc, text, "/b").starts_with(">- # folded\n  x\n  y"));
    assert_eq!(value_text(&doc, text, "/c"), "d");
}

/// granit-parser 2 reads indentation as `PyYAML` does; blueprints keep both halves of what
/// they had: under-indented flow collections parse, and a quoted string left open is reported
/// where its next line breaks the indentation, even when a later quote would close it.
#[test]
fn lenient_flow_indentation_strict_quote_errors() {
    assert_eq!(ok("a: [1,\n2]\n").value, json!({"a": [1, 2]}));
    assert_eq!(ok("a:\n  - [x,\n  y]\n").value, json!({"a": [["x", "y"]]}));
    let text = "a:\n  b: \"one\n  c: \"two\"\n  d: 3\n";
    let d = errs(text);
    assert_eq!(
        d[0].message,
        "yaml syntax error: invalid indentation in multiline quoted scalar"
    );
    assert_eq!(d[0].primary(), Some(Span::new(F, 15, 16)));
    assert_eq!(d[0].labels[1].span, Span::new(F, 8, 9));
}

/// `source::pointer` finds what `serde_json::Value::pointer` finds, escapes, indices (no sign,
/// no leading zero) and misses included.
#[test]
fn pointer_finds_what_serde_json_finds() {
    let value = serde_json::json!({
        "a/b": { "m~n": [10, 20, { "": "empty key" }] },
        "0": "zero", "~01": "tilde", "list": [1, 2, 3]
    });
    for p in [
        "",
        "/",
        "/a~1b",
        "/a~1b/m~0n",
        "/a~1b/m~0n/1",
        "/a~1b/m~0n/2/",
        "/0",
        "/~001",
        "/list/0",
        "/list/01",
        "/list/+1",
        "/list/3",
        "/list/-1",
        "/list/x",
        "/missing",
        "/a~1b/m~0n/1/deeper",
        "no-slash",
        "/a/b",
        "/~1",
        "//",
    ] {
        assert_eq!(super::pointer(&value, p), value.pointer(p), "{p:?}");
    }
}
