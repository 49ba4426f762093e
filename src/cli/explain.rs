//! `fleetform explain CODE`: what a diagnostic catches, why, and an example, from the registry
//! (`src/diagnostic/registry.rs`) and the rule's own doc comment.

use fleetform::check::rule_docs;
use fleetform::diagnostic::Code;
use fleetform::distance;

use super::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A diagnostic code such as `FF0301` (case-insensitive).
    code: String,
}

pub fn run(args: &Args) -> Status {
    if let Some(code) = Code::parse(args.code.trim()) {
        super::stdout_text(&render(code));
        return Status::Ok;
    }
    err!(
        "error: unknown diagnostic code `{}`",
        fleetform::diagnostic::escape(&args.code)
    );
    let codes: Vec<&'static str> = rule_docs().iter().map(|d| d.code).collect();
    let near = suggestions(&args.code, &codes);
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

/// The title line, the explanation, and how and where the code is reported.
fn render(code: Code) -> String {
    format!(
        "{code}: {}\n\n{}\n\n{}\n",
        code.title(),
        code.explanation().trim_end(),
        code.reported()
    )
}

/// Codes near `code` (the crate's one typo policy), else codes of the same range (`FF03xx`),
/// at most five.
fn suggestions(code: &str, codes: &[&'static str]) -> Vec<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    let mut near = distance::near(&code, codes.iter().copied());
    if let (true, Some(range)) = (near.is_empty(), code.get(..4)) {
        near = codes
            .iter()
            .copied()
            .filter(|c| c.starts_with(range))
            .collect();
    }
    near.truncate(5);
    near
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: &[&str] = &["FF0301", "FF0302", "FF0401"];

    #[test]
    fn suggests_close_codes() {
        assert_eq!(
            suggestions("ff0310", CODES),
            vec![CODES[0], CODES[1], CODES[2]]
        );
        // Nearest first: a swap of neighbours is one edit.
        assert_eq!(suggestions("ff0031", CODES)[0], CODES[0]);
        // Nothing near: the same range.
        assert_eq!(suggestions("ff0499", CODES), vec![CODES[2]]);
        assert!(suggestions("XY", CODES).is_empty());
    }

    #[test]
    fn render_has_code_title_text_severity_and_module() {
        let text = render(Code::FF0319);
        assert!(text.starts_with("FF0319: mutable image tag\n\n"), "{text}");
        assert!(text.contains(Code::FF0319.explanation()), "{text}");
        assert!(
            text.ends_with("\n\nReported as a warning, by `check::rules::image_tag`.\n"),
            "{text}"
        );
    }
}
