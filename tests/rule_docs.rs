//! Every diagnostic code written in the source has documentation in `check::rule_docs()`, so
//! `fleetform explain CODE` works for anything fleetform can print.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn codes_in(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in fs::read_dir(dir).expect("readable src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            codes_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).expect("utf-8 source");
            let bytes = text.as_bytes();
            for (i, _) in text.match_indices("\"FF") {
                // The `code` of a `RuleDoc` documents a code; it does not emit one.
                let before = text[..i].trim_end();
                if before
                    .strip_suffix("code:")
                    .is_some_and(|b| b.trim_end().ends_with("RuleDoc {"))
                {
                    continue;
                }
                let code = &bytes[i + 1..(i + 8).min(bytes.len())];
                if code.len() == 7 && code[2..6].iter().all(u8::is_ascii_digit) && code[6] == b'"' {
                    out.insert(String::from_utf8_lossy(&code[..6]).into_owned());
                }
            }
        }
    }
}

#[test]
fn every_emitted_code_is_documented() {
    let mut codes = BTreeSet::new();
    codes_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut codes,
    );
    assert!(
        codes.len() > 40,
        "found only {} codes: is the scan broken?",
        codes.len()
    );
    let documented: BTreeSet<String> = fleetform::check::rule_docs()
        .iter()
        .map(|d| d.code.to_owned())
        .collect();
    let missing: Vec<&String> = codes.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "codes without a RuleDoc in check::rule_docs(): {missing:?}"
    );
    let stale: Vec<&String> = documented.difference(&codes).collect();
    assert!(
        stale.is_empty(),
        "documented codes never emitted: {stale:?}"
    );
}
