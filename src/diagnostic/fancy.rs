//! Human rendering with miette: the source snippet, labels, code and help line.
//!
//! miette renders one source per report, so labels in other files (a service defined twice)
//! become related notes with their own snippet.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Diagnostic, Severity, SourceMap};

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

fn build<'a>(diag: &'a Diagnostic, sources: &SourceMap) -> Report<'a> {
    let severity = match diag.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let primary_file = diag.primary().map(|s| s.file);
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
                source: Some(NamedSource::new(file.name.clone(), file.text.clone())),
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
        NamedSource::new(file.name.clone(), file.text.clone())
    });
    Report {
        diag,
        message: diag.message.clone(),
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
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for diag in diags {
        let report = build(diag, sources);
        let _ = report.diag;
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&diag.message);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
