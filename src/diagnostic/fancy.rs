//! Human rendering with miette: the source snippet, labels, code and help line.
//!
//! miette renders one source per report, so labels in other files (a service defined twice)
//! become related notes with their own snippet.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Diagnostic, Severity, SourceMap, Span};

struct Report<'a> {
    diag: &'a Diagnostic,
    message: String,
    severity: miette::Severity,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    help: Option<&'a str>,
    code: Option<&'a str>,
    related: Vec<Report<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

/// Lines longer than this are not shown as snippets: miette's formatter panics on widths beyond
/// `u16::MAX`, and a megabyte-long line helps nobody in a terminal.
const MAX_SNIPPET_LINE: usize = 1000;

/// Whether every line the span touches is short enough to show.
fn fits(text: &str, start: usize, end: usize) -> bool {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let from = text.as_bytes()[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let to = text.as_bytes()[end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| end + i);
    text.as_bytes()[from..to]
        .split(|&b| b == b'\n')
        .all(|line| line.len() <= MAX_SNIPPET_LINE)
}

fn build<'a>(diag: &'a Diagnostic, sources: &SourceMap, secrets: &[Span]) -> Report<'a> {
    let severity = match diag.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let primary_file = diag.primary().map(|s| s.file);
    let mut message = diag.message.clone();
    let too_long = diag.labels.iter().find(|l| {
        let text = &sources.get(l.span.file).text;
        !fits(text, l.span.start, l.span.end)
    });
    if let Some(label) = too_long {
        let (line, column) = sources.line_col(label.span.file, label.span.start);
        let name = &sources.get(label.span.file).name;
        message = format!("{message}\n  at {name}:{line}:{column} (the line is too long to show)");
        return Report {
            diag,
            message,
            severity,
            source: None,
            labels: Vec::new(),
            help: diag.help.as_deref(),
            code: Some(diag.code),
            related: Vec::new(),
        };
    }
    let mut labels = Vec::new();
    let mut related = Vec::new();
    for (i, label) in diag.labels.iter().enumerate() {
        let span = SourceSpan::from(label.span.start..label.span.end.max(label.span.start));
        if Some(label.span.file) == primary_file {
            let l = if i == 0 {
                LabeledSpan::new_primary_with_span(Some(label.text.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(label.text.clone()), span)
            };
            labels.push(l);
        } else {
            let file = sources.get(label.span.file);
            related.push(Report {
                diag,
                message: label.text.clone(),
                severity: miette::Severity::Advice,
                source: Some(NamedSource::new(
                    file.name.clone(),
                    shown_text(secrets, label.span.file, &file.text),
                )),
                labels: vec![LabeledSpan::new_primary_with_span(
                    Some("here".to_owned()),
                    span,
                )],
                help: None,
                code: None,
                related: Vec::new(),
            });
        }
    }
    let source = primary_file.map(|f| {
        let file = sources.get(f);
        NamedSource::new(file.name.clone(), shown_text(secrets, f, &file.text))
    });
    Report {
        diag,
        message,
        severity,
        source,
        labels,
        help: diag.help.as_deref(),
        code: Some(diag.code),
        related,
    }
}

/// Renders every diagnostic with snippets; `color` turns ANSI styling on.
pub fn render_fancy(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    // Values labelled as secrets are masked in every snippet, not only their own diagnostic's.
    let secrets: Vec<Span> = diags
        .iter()
        .filter(|d| d.redact)
        .flat_map(|d| d.labels.iter().map(|l| l.span))
        .collect();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for diag in diags {
        let report = build(diag, sources, &secrets);
        let _ = report.diag;
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&diag.message);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The file text as shown in snippets, with every secret span in `file` masked with `*` (one
/// per byte, so all offsets stay valid).
fn shown_text(secrets: &[Span], file: super::FileId, text: &str) -> String {
    if !secrets.iter().any(|s| s.file == file) {
        return text.to_owned();
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in secrets.iter().filter(|s| s.file == file) {
        let end = span.end.min(bytes.len());
        for b in bytes.iter_mut().take(end).skip(span.start) {
            if !b.is_ascii_whitespace() {
                *b = b'*';
            }
        }
    }
    // Whole characters are replaced byte for byte, so this stays UTF-8; a span that cut through
    // a character falls back to a lossy copy.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{FileId, SourceFile, Span};

    #[test]
    fn a_label_on_a_huge_line_renders_without_a_snippet() {
        let mut sources = SourceMap::default();
        let text = format!("app: {}\n", "x".repeat(100_000));
        sources.add(SourceFile {
            name: "big.yaml".to_owned(),
            text: text.clone(),
        });
        let d = Diagnostic::error("FF0201", "bad app name")
            .label(Span::new(FileId(0), 5, text.len() - 1), "here");
        let out = render_fancy(&[d], &sources, false);
        assert!(
            out.contains("at big.yaml:1:6 (the line is too long to show)"),
            "{out}"
        );
        assert!(out.len() < 1000, "{out}");
    }

    #[test]
    fn short_lines_keep_their_snippet() {
        let text = "a\nbb\nccc";
        assert!(fits(text, 2, 4));
        assert!(fits(text, 100, 200));
        assert!(!fits(&"x".repeat(1001), 0, 1));
    }
}
