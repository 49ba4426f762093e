//! `fleetform explain CODE`: what a diagnostic catches, why, and an example.

use fleetform::check::{RuleDoc, rule_docs};
use fleetform::distance;

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

/// Codes near `code` (the crate's one typo policy), else codes of the same range (`FF03xx`),
/// at most five.
fn suggestions(code: &str, docs: &[RuleDoc]) -> Vec<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    let mut near = distance::near(&code, docs.iter().map(|d| d.code));
    if let (true, Some(range)) = (near.is_empty(), code.get(..4)) {
        near = docs
            .iter()
            .map(|d| d.code)
            .filter(|c| c.starts_with(range))
            .collect();
    }
    near.truncate(5);
    near
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
            vec![DOCS[0].code, DOCS[1].code, DOCS[2].code]
        );
        // Nearest first: a swap of neighbours is one edit.
        assert_eq!(suggestions("ff0031", DOCS)[0], DOCS[0].code);
        // Nothing near: the same range (lowercase, so the code scan skips it).
        assert_eq!(suggestions("ff0499", DOCS), vec![DOCS[2].code]);
        assert!(suggestions("XY", DOCS).is_empty());
    }

    #[test]
    fn render_has_code_title_and_text() {
        assert_eq!(render(&DOCS[0]), format!("{}: a\n\nx\n", DOCS[0].code));
    }
}
