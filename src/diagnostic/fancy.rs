//! Human rendering with miette: the source snippet, labels, code and help line.
//!
//! miette renders one source per report, so labels in other files (a service defined twice)
//! become related notes with their own snippet.
//!
//! Each report gets only the lines around its labels (a [`Window`]), never the whole file:
//! miette counts lines from the start of the source it is given, so a whole file per report made
//! rendering N diagnostics of one file take N × file-size work. The window's text is masked
//! and escaped by the [`Cleaner`], as is every message, label and help line.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::clean::Cleaner;
use super::{Diagnostic, FileId, Label, Severity, SourceMap, cap};

struct Report<'a> {
    message: String,
    severity: miette::Severity,
    source: Option<Window>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    code: Option<&'a str>,
    related: Vec<Report<'a>>,
}

/// The lines of one file that a report shows, numbered as in the file.
struct Window {
    name: String,
    text: String,
    /// 0-based line number of the window's first line in its file.
    first_line: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            // miette's `line_count` is the line the contents end on, counted from the start of
            // the source (it merges two labels' snippets when one ends at or after the line the
            // next starts): shifted like `line`, so merging works as with the whole file.
            inner.line_count() + self.first_line,
        )))
    }
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
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
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

/// Labels further than this many lines from the primary label are shown as related notes with
/// their own snippet, so that a window stays small.
const MAX_WINDOW_LINES: usize = 20;

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

/// A label's byte range, clamped into its file.
fn clamped(sources: &SourceMap, label: &Label) -> (usize, usize) {
    let len = sources.get(label.span.file).text.len();
    let start = label.span.start.min(len);
    (start, label.span.end.clamp(start, len))
}

/// The window of `file` around byte range `start..end`, one line of context either side, and
/// `labels` (text and range) placed in it.
fn window(
    sources: &SourceMap,
    clean: &Cleaner,
    file: FileId,
    (start, end): (usize, usize),
    labels: &[(String, usize, usize, bool)],
) -> (Window, Vec<LabeledSpan>) {
    let text = &sources.get(file).text;
    let starts = &sources.line_starts[file.0 as usize];
    let (first, _) = sources.line_col(file, start);
    let (last, _) = sources.line_col(file, end);
    // 1-based lines; one line of context before and after.
    let first = first.saturating_sub(2);
    let from = starts[first];
    let to = starts.get(last + 1).map_or(text.len(), |&s| s);
    let snippet = clean.snippet(sources, file, from..to);
    let spans = labels
        .iter()
        .map(|(label, s, e, primary)| {
            let (s, e) = (snippet.map(s - from), snippet.map(e - from));
            let span = SourceSpan::from(s..e);
            if *primary {
                LabeledSpan::new_primary_with_span(Some(label.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(label.clone()), span)
            }
        })
        .collect();
    let window = Window {
        name: clean.text(&sources.get(file).name),
        text: snippet.text,
        first_line: first,
    };
    (window, spans)
}

fn build<'a>(diag: &'a Diagnostic, sources: &SourceMap, clean: &Cleaner) -> Report<'a> {
    let severity = match diag.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let mut message = clean.text(&diag.message);
    let help = diag.help.as_deref().map(|h| clean.text(h));
    let too_long = diag.labels.iter().find(|l| {
        let text = &sources.get(l.span.file).text;
        !fits(text, l.span.start, l.span.end)
    });
    if let Some(label) = too_long {
        let (line, column) = sources.line_col(label.span.file, label.span.start);
        let name = clean.text(&sources.get(label.span.file).name);
        message = format!("{message}\n  at {name}:{line}:{column} (the line is too long to show)");
        return Report {
            message,
            severity,
            source: None,
            labels: Vec::new(),
            help,
            code: Some(diag.code.as_str()),
            related: Vec::new(),
        };
    }
    let primary = diag.labels.first();
    let primary_line = primary.map(|l| sources.line_col(l.span.file, l.span.start).0);
    let mut shown = Vec::new();
    let mut related = Vec::new();
    for (i, label) in diag.labels.iter().enumerate() {
        let (start, end) = clamped(sources, label);
        // The primary label is always in the window, however many lines it spans.
        let near = i == 0
            || primary.is_some_and(|p| p.span.file == label.span.file)
                && primary_line.is_some_and(|pl| {
                    let (from, _) = sources.line_col(label.span.file, start);
                    let (to, _) = sources.line_col(label.span.file, end);
                    from.abs_diff(pl) <= MAX_WINDOW_LINES && to.abs_diff(pl) <= MAX_WINDOW_LINES
                });
        if near {
            shown.push((clean.text(&label.text), start, end, i == 0));
        } else {
            let text = vec![("here".to_owned(), start, end, true)];
            let (source, labels) = window(sources, clean, label.span.file, (start, end), &text);
            related.push(Report {
                message: clean.text(&label.text),
                severity: miette::Severity::Advice,
                source: Some(source),
                labels,
                help: None,
                code: None,
                related: Vec::new(),
            });
        }
    }
    let (source, labels) = match primary {
        Some(p) => {
            let range = shown
                .iter()
                .fold((usize::MAX, 0), |(s, e), l| (s.min(l.1), e.max(l.2)));
            let (source, labels) = window(sources, clean, p.span.file, range, &shown);
            (Some(source), labels)
        }
        None => (None, Vec::new()),
    };
    Report {
        message,
        severity,
        source,
        labels,
        help,
        code: Some(diag.code.as_str()),
        related,
    }
}

/// Renders diagnostics with snippets; `color` turns ANSI styling on. After [`cap::PER_CODE`]
/// diagnostics of one code the rest are counted in one line per code.
pub fn render_fancy(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let clean = Cleaner::new(diags, sources);
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let (shown, more) = cap::capped(diags);
    let mut out = String::new();
    for diag in shown {
        let report = build(diag, sources, &clean);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&report.message);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&more);
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;
    use crate::diagnostic::{Code, FileId, SourceFile, Span};

    #[test]
    fn a_label_on_a_huge_line_renders_without_a_snippet() {
        let mut sources = SourceMap::default();
        let text = format!("app: {}\n", "x".repeat(100_000));
        sources.add(SourceFile {
            name: "big.yaml".to_owned(),
            text: text.clone(),
        });
        let d = Diagnostic::error(Code::FF0201, "bad app name")
            .label(Span::new(FileId(0), 5, text.len() - 1), "here");
        let out = render_fancy(&[d], &sources, false);
        assert!(
            out.contains("at big.yaml:1:6 (the line is too long to show)"),
            "{out}"
        );
        assert!(out.len() < 1000, "{out}");
    }

    #[test]
    fn far_labels_get_their_own_window() {
        let mut sources = SourceMap::default();
        let text = (1..=1000).fold(String::new(), |mut t, i| {
            let _ = writeln!(t, "line{i}: x");
            t
        });
        let at = |line: usize| text.find(&format!("line{line}:")).unwrap();
        sources.add(SourceFile {
            name: "big.yaml".to_owned(),
            text: text.clone(),
        });
        // A primary label over 100 lines, and a second label far below it.
        let d = Diagnostic::error(Code::FF0201, "bad")
            .label(Span::new(FileId(0), at(2), at(102)), "here")
            .label(Span::new(FileId(0), at(900), at(900) + 6), "and here");
        let out = render_fancy(&[d], &sources, false);
        assert!(out.contains("line2:") && out.contains("line900:"), "{out}");
        assert!(out.contains("[big.yaml:900:1]"), "{out}");
        assert!(!out.contains("line500:"), "{out}");
    }

    #[test]
    fn short_lines_keep_their_snippet() {
        let text = "a\nbb\nccc";
        assert!(fits(text, 2, 4));
        assert!(fits(text, 100, 200));
        assert!(!fits(&"x".repeat(1001), 0, 1));
    }
}
