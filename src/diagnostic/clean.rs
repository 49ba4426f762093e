//! What the renderers may print of user text: secrets masked and control characters escaped.
//! Every renderer (human, short, JSON, SARIF) passes messages, labels, help lines, file names and
//! snippets through one [`Cleaner`], so no secret and no terminal escape sequence reaches the
//! output, whichever rule reported the diagnostic.
//!
//! Secrets are found in the source text itself ([`secrets::find`] and
//! [`secrets::assignments`]) plus the spans of diagnostics marked [`Diagnostic::redacted`], so
//! a secret is masked even when its own rule never ran (the file failed schema checks first) and
//! in every other diagnostic that shows the same line or quotes the same value.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use super::{Diagnostic, FileId, SourceMap};
use crate::secrets;

/// What a secret quoted in a message becomes.
const HIDDEN: &str = "****";

pub struct Cleaner {
    /// Per file, the sorted, disjoint byte ranges to mask.
    masks: Vec<Vec<Range<usize>>>,
    /// Secrets found by pattern or labelled by a redacted diagnostic, so a message that quotes
    /// one in backticks hides it too.
    values: HashSet<String>,
}

impl Cleaner {
    pub fn new(diags: &[Diagnostic], sources: &SourceMap) -> Self {
        let mut masks: Vec<Vec<Range<usize>>> = Vec::new();
        let mut values = HashSet::new();
        for f in sources.ids() {
            let text = &sources.get(f).text;
            let found: Vec<Range<usize>> =
                secrets::find(text).into_iter().map(|f| f.range).collect();
            values.extend(
                found
                    .iter()
                    .filter_map(|r| text.get(r.clone()))
                    .map(str::to_owned),
            );
            masks.push(found);
            // Values of secret-named keys are masked in snippets only: they are often plain
            // words (`postgres`), and hiding every backticked `postgres` in messages would hide
            // image and service names too.
            masks[f.0 as usize].extend(secrets::assignments(text));
        }
        for d in diags.iter().filter(|d| d.redact) {
            for l in &d.labels {
                let text = &sources.get(l.span.file).text;
                if let Some(v) = text.get(l.span.start..l.span.end.max(l.span.start)) {
                    values.insert(v.trim_matches(['"', '\'']).to_owned());
                }
                masks[l.span.file.0 as usize].push(l.span.start..l.span.end.max(l.span.start));
            }
        }
        for (f, ranges) in sources.ids().zip(masks.iter_mut()) {
            *ranges = merged(std::mem::take(ranges), sources.get(f).text.len());
        }
        values.remove("");
        Self { masks, values }
    }

    /// A one-line text as printed: secrets (patterns, and backticked names that are a masked
    /// value) hidden, control characters and line breaks escaped.
    pub fn text(&self, text: &str) -> String {
        // A private key without its END line runs to the end of the text: in a message, stop
        // it at the backtick that closes the quoted name.
        let mut hide: Vec<Range<usize>> = secrets::find(text)
            .into_iter()
            .map(|f| {
                let end = text[f.range.clone()]
                    .find('`')
                    .map_or(f.range.end, |i| f.range.start + i);
                f.range.start..end
            })
            .collect();
        let mut offset = 0;
        for (i, part) in text.split('`').enumerate() {
            if i % 2 == 1 && self.values.contains(part) {
                hide.push(offset..offset + part.len());
            }
            offset += part.len() + 1;
        }
        let hide = merged(hide, text.len());
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in hide {
            escape_into(&mut out, &text[at..r.start]);
            out.push_str(HIDDEN);
            at = r.end;
        }
        escape_into(&mut out, &text[at..]);
        out
    }

    /// The bytes `range` of `file` as a snippet shows them: secrets masked with `*` (one per
    /// byte, whitespace kept), control characters escaped, line breaks kept. Returns the text
    /// and a map from offsets in `range` to offsets in it.
    pub fn snippet(&self, sources: &SourceMap, file: FileId, range: Range<usize>) -> Snippet {
        let text = &sources.get(file).text;
        let mut bytes = text.as_bytes()[range.clone()].to_vec();
        let masks = &self.masks[file.0 as usize];
        let first = masks.partition_point(|m| m.end <= range.start);
        for m in masks[first..].iter().take_while(|m| m.start < range.end) {
            let (from, to) = (
                m.start.max(range.start) - range.start,
                m.end.min(range.end) - range.start,
            );
            for b in &mut bytes[from..to] {
                if !b.is_ascii_whitespace() {
                    *b = b'*';
                }
            }
        }
        // Whole characters are replaced byte for byte, so this stays UTF-8; a span that cut
        // through a character falls back to a lossy copy.
        let masked = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let mut shifts = Vec::new();
        let mut grown = 0;
        let mut out = String::with_capacity(masked.len());
        for (i, c) in masked.char_indices() {
            let before = out.len();
            let keep_cr = c == '\r' && masked[i + 1..].starts_with('\n');
            if keep_cr || !needs_escape(c) || c == '\n' {
                out.push(c);
            } else {
                escape_char(&mut out, c);
                grown += out.len() - before - c.len_utf8();
                shifts.push((i + c.len_utf8(), grown));
            }
        }
        Snippet { text: out, shifts }
    }
}

/// A masked and escaped piece of a file, with where its offsets moved.
pub struct Snippet {
    pub text: String,
    /// `(offset after an escaped character, bytes the text grew by up to there)`, in order.
    shifts: Vec<(usize, usize)>,
}

impl Snippet {
    /// Where an offset into the original piece lies in [`Snippet::text`].
    pub fn map(&self, offset: usize) -> usize {
        let n = self.shifts.partition_point(|&(at, _)| at <= offset);
        offset + n.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

/// Sorted, overlapping ranges joined, each clamped to `len`.
fn merged(mut ranges: Vec<Range<usize>>, len: usize) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        let r = r.start.min(len)..r.end.min(len);
        if r.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Characters a terminal would act on rather than show: C0 and C1 controls (escape sequences,
/// carriage returns, bells), DEL, bidirectional overrides and isolates (which reorder what is
/// shown), and the Unicode line and paragraph separators.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

fn escape_char(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `text` with every character a terminal would act on written as `\n`, `\r` or `\u{…}`: for
/// what the CLI prints outside diagnostics (I/O errors naming a path, an unknown code).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` with every [`needs_escape`] character written as `\n`, `\r` or `\u{…}`.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if needs_escape(c) {
            escape_char(out, c);
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests;
