//! Diagnostics: every problem fleetform reports, with a stable code, spans into the blueprint
//! files and a help line. Rendering (miette for people, JSON for machines) lives here too, but
//! writing to a terminal is the CLI's job: these functions return strings. Every renderer
//! prints user text only through [`clean::Cleaner`] (secrets masked, control characters
//! escaped), and the terminal formats cap repeated codes ([`cap`]).

use std::fmt::Write as _;

use serde::Serialize;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(file: FileId, start: usize, end: usize) -> Self {
        Self { file, start, end }
    }
}

/// A blueprint file as read by the CLI (or made up by a test).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative where possible).
    pub name: String,
    pub text: String,
}

/// All files of one build, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Byte offsets where each file's lines start, so [`SourceMap::line_col`] does not rescan
    /// the file for every diagnostic (thousands of them made rendering quadratic).
    line_starts: Vec<Vec<usize>>,
    /// Per file, about every [`CHAR_MARK`] bytes, a character boundary and the number of
    /// characters before it: a column is counted from the nearest mark, not from the start of
    /// its line (20,000 diagnostics on one long line made JSON quadratic).
    char_marks: Vec<Vec<(usize, usize)>>,
}

/// Distance in bytes between two marks of [`SourceMap::char_marks`].
const CHAR_MARK: usize = 1024;

/// The marks of `text`: entry `k` is the first character boundary at or after `k * CHAR_MARK`
/// with the number of characters before it, and a last one at the end of the text.
fn char_marks(text: &str) -> Vec<(usize, usize)> {
    let mut marks = Vec::with_capacity(text.len() / CHAR_MARK + 2);
    let mut chars = 0;
    for (i, _) in text.char_indices() {
        if marks.len() * CHAR_MARK <= i {
            marks.push((i, chars));
        }
        chars += 1;
    }
    marks.push((text.len(), chars));
    marks
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let starts = std::iter::once(0)
            .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.line_starts.push(starts);
        self.char_marks.push(char_marks(&file.text));
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 4 billion files"))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file, when `id` is one of this map's (a document may be checked without its source).
    pub fn find(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + use<> {
        (0..u32::try_from(self.files.len()).unwrap_or(u32::MAX)).map(FileId)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let text = &self.get(file).text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = &self.line_starts[file.0 as usize];
        // The number of line starts at or before `offset` is the 1-based line.
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts[line - 1];
        let column = self.chars_before(file, offset) - self.chars_before(file, line_start) + 1;
        (line, column)
    }

    /// The number of characters before byte `offset` (a character boundary) of `file`.
    fn chars_before(&self, file: FileId, offset: usize) -> usize {
        let text = &self.get(file).text;
        let marks = &self.char_marks[file.0 as usize];
        // The last mark at or before `offset`; marks are in byte order.
        let k = marks.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, chars) = marks[k];
        chars + text[at..offset].chars().count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// A machine-applicable edit, in the manner of rustc's and ruff's suggestions: replace the text
/// of `span` with `replacement`. Set only where the help proposes exactly this edit, and the
/// edit alone makes the diagnostic go away (tests/fixes.rs applies every one to its fixture and
/// compiles the result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    /// YAML text, quoted where the value needs it.
    pub replacement: String,
}

/// One problem. Messages are lowercase, with names in backticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The first label is the primary one; there is always at least one for blueprint problems.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The edit the help proposes, when it is one replacement (see [`Fix`]).
    pub fix: Option<Fix>,
    /// The labelled text is a secret: renderers that show source snippets mask it.
    pub redact: bool,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            message: clip_names(message.into()),
            labels: Vec::new(),
            help: None,
            fix: None,
            redact: false,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    #[must_use]
    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The machine-applicable form of the help: replace `span`'s text with `replacement`.
    #[must_use]
    pub fn fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Marks the labelled text as a secret, so it is masked in rendered snippets.
    #[must_use]
    pub fn redacted(mut self) -> Self {
        self.redact = true;
        self
    }

    pub fn primary(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }
}

/// Names quoted in a message longer than this are shortened: a megabyte-long name (hostile or
/// pasted by mistake) would otherwise be printed whole, in every diagnostic that names it.
const MAX_QUOTED: usize = 120;

/// Shortens every backticked name over [`MAX_QUOTED`] bytes to its start, `…` and its length.
fn clip_names(message: String) -> String {
    if message.len() <= MAX_QUOTED {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(1024));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are inside backticks.
        if i % 2 == 1 && part.len() > MAX_QUOTED {
            let mut cut = MAX_QUOTED / 2;
            while !part.is_char_boundary(cut) {
                cut -= 1;
            }
            let _ = write!(out, "{}…({} bytes)", &part[..cut], part.len());
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Sorts diagnostics into a stable order: by file, position, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let ka = a.primary().map(|s| (s.file, s.start, s.end));
        let kb = b.primary().map(|s| (s.file, s.start, s.end));
        ka.cmp(&kb)
            .then(a.code.cmp(&b.code))
            .then(a.message.cmp(&b.message))
    });
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// Where a span lies, as JSON shows it: the file and 1-based start and end positions.
#[derive(Serialize)]
struct JsonRange {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl JsonRange {
    fn of(span: Span, sources: &SourceMap, clean: &clean::Cleaner) -> Self {
        let (line, column) = sources.line_col(span.file, span.start);
        let (end_line, end_column) = sources.line_col(span.file, span.end);
        Self {
            file: clean.text(&sources.get(span.file).name),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Serialize)]
struct JsonLabel {
    #[serde(flatten)]
    at: JsonRange,
    text: String,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    labels: Vec<JsonLabel>,
    help: Option<String>,
    /// The replacement the help proposes, where it is machine-applicable.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonFix {
    #[serde(flatten)]
    at: JsonRange,
    replacement: String,
}

/// Machine-readable diagnostics: `{"diagnostics": […], "errors": N, "warnings": N}`. Every
/// diagnostic is kept (no cap): the document grows linearly with their number.
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let clean = clean::Cleaner::new(diags, sources);
    let items: Vec<JsonDiagnostic<'_>> = diags
        .iter()
        .map(|d| {
            let labels: Vec<JsonLabel> = d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    at: JsonRange::of(l.span, sources, &clean),
                    text: clean.text(&l.text),
                })
                .collect();
            JsonDiagnostic {
                code: d.code.as_str(),
                severity: d.severity,
                message: clean.text(&d.message),
                file: labels.first().map(|l| l.at.file.clone()),
                line: labels.first().map(|l| l.at.line),
                column: labels.first().map(|l| l.at.column),
                labels,
                help: d.help.as_deref().map(|h| clean.text(h)),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    at: JsonRange::of(f.span, sources, &clean),
                    replacement: clean.text(&f.replacement),
                }),
            }
        })
        .collect();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let value = serde_json::json!({
        "diagnostics": items,
        "errors": errors,
        "warnings": diags.len() - errors,
    });
    let mut out = serde_json::to_string_pretty(&value).expect("json values always serialize");
    out.push('\n');
    out
}

/// One line per diagnostic, `file:line:column: severity[CODE]: message`, for logs and tests;
/// after [`cap::PER_CODE`] of one code, one line counts the rest.
pub fn render_short(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let clean = clean::Cleaner::new(diags, sources);
    let (shown, more) = cap::capped(diags);
    let mut out = String::new();
    for d in shown {
        let place = d.primary().map_or_else(String::new, |s| {
            let (line, col) = sources.line_col(s.file, s.start);
            format!("{}:{line}:{col}: ", clean.text(&sources.get(s.file).name))
        });
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{place}{sev}[{}]: {}", d.code, clean.text(&d.message));
    }
    out.push_str(&more);
    out
}

pub(crate) mod cap;
mod clean;
mod code;
pub use code::{Code, Origin, RuleDoc, rule_docs};
mod registry;
pub use clean::escape;
pub(crate) use registry::registry;
mod fancy;
pub use fancy::render_fancy;

mod sarif;
pub use sarif::{SarifRule, render_sarif};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_names_are_clipped() {
        let name = "é".repeat(100_000);
        let d = Diagnostic::error(Code::FF0201, format!("`{name}` is not a valid app name"));
        assert!(d.message.len() < 200, "{}", d.message);
        assert!(
            d.message
                .ends_with("…(200000 bytes)` is not a valid app name")
        );
        let short = Diagnostic::error(Code::FF0201, "`Shop` is not a valid app name");
        assert_eq!(short.message, "`Shop` is not a valid app name");
    }

    #[test]
    fn line_col_counts_lines_and_characters() {
        let mut sources = SourceMap::default();
        let a = sources.add(SourceFile {
            name: "a.yaml".to_owned(),
            text: "ab\n\nçd: é\nlast".to_owned(),
        });
        assert_eq!(sources.line_col(a, 0), (1, 1));
        assert_eq!(sources.line_col(a, 2), (1, 3));
        assert_eq!(sources.line_col(a, 3), (2, 1));
        assert_eq!(sources.line_col(a, 4), (3, 1));
        assert_eq!(sources.line_col(a, 6), (3, 2), "after the two-byte `ç`");
        assert_eq!(sources.line_col(a, 10), (3, 5), "inside `é`: its start");
        assert_eq!(sources.line_col(a, 999), (4, 5), "clamped to the end");
    }

    #[test]
    fn columns_on_long_lines_count_characters_across_marks() {
        let mut sources = SourceMap::default();
        let text = format!("x\n{}\n", "aé€😀".repeat(2000));
        let f = sources.add(SourceFile {
            name: "long.yaml".to_owned(),
            text: text.clone(),
        });
        for (offset, _) in text.char_indices().step_by(37) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let naive = text[line_start..offset].chars().count() + 1;
            assert_eq!(sources.line_col(f, offset).1, naive, "at {offset}");
        }
    }
}
