//! `fleetform explain CODE`: what a diagnostic catches, why, and an example.

use fleetform::check::{RuleDoc, rule_docs};
use fleetform::distance::levenshtein;

use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A diagnostic code such as `FF0301` (case-insensitive).
    code: String,
}

pub fn run(args: &Args) -> Status {
    let docs = rule_docs();
    if let Some(doc) = docs
        .iter()
        .find(|d| d.code.eq_ignore_ascii_case(args.code.trim()))
    {
        super::stdout_text(&render(doc));
        return Status::Ok;
    }
    err!(
        "error: unknown diagnostic code `{}`",
        fleetform::diagnostic::escape(&args.code)
    );
    let near = suggestions(&args.code, docs);
    if !near.is_empty() {
        err!(
            "help: did you mean {}?",
            near.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Status::Error
}

fn render(doc: &RuleDoc) -> String {
    let explanation = doc.explanation.trim_end();
    format!("{}: {}\n\n{explanation}\n", doc.code, doc.title)
}

/// Codes within two edits of `code`, else codes of the same range (`FF03xx`), at most five.
fn suggestions(code: &str, docs: &[RuleDoc]) -> Vec<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    let mut near: Vec<_> = docs
        .iter()
        .map(|d| (levenshtein(&code, d.code), d.code))
        .filter(|(d, _)| *d <= 2)
        .collect();
    near.sort_unstable();
    if let (true, Some(range)) = (near.is_empty(), code.get(..4)) {
        near = docs
            .iter()
            .filter(|d| d.code.starts_with(range))
            .map(|d| (0, d.code))
            .collect();
    }
    near.into_iter().take(5).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: &[RuleDoc] = &[
        RuleDoc {
            code: "FF0301",
            title: "a",
            explanation: "x",
        },
        RuleDoc {
            code: "FF0302",
            title: "b",
            explanation: "y",
        },
        RuleDoc {
            code: "FF0401",
            title: "c",
            explanation: "z",
        },
    ];

    #[test]
    fn suggests_close_codes() {
        assert_eq!(
            suggestions("ff0310", DOCS),
            vec![DOCS[0].code, DOCS[1].code]
        );
        // Nothing within two edits: the same range (lowercase, so the code scan skips it).
        assert_eq!(suggestions("ff0499", DOCS), vec![DOCS[2].code]);
        assert!(suggestions("XY", DOCS).is_empty());
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "ab"), 2);
    }

    #[test]
    fn render_has_code_title_and_text() {
        assert_eq!(render(&DOCS[0]), format!("{}: a\n\nx\n", DOCS[0].code));
    }
}
