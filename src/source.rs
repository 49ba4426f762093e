//! Source: the only module that parses YAML. It turns one file's text into a JSON value plus a
//! span index (JSON pointer → byte spans), so every later stage can point into the file.
//!
//! YAML 1.2 core schema: `true`/`false` are booleans, `null`/`~`/empty are null, and `yes`, `no`,
//! `on`, `off`, `y`, `n` stay strings. Anchors, aliases and merge keys (`<<`) work. Mapping keys
//! are strings; a plain key that reads as a number or boolean (`80:`, `true:`) is kept as the
//! text written. Codes:
//! - FF0001 yaml syntax error (also: an alias without anchor, a `<<` value that is not a mapping)
//! - FF0002 duplicate mapping key
//! - FF0003 aliases expand to more than [`MAX_EXPANSION`] nodes or [`MAX_EXPANSION_BYTES`]
//!   bytes of text (alias bomb)
//! - FF0004 a mapping key that is not a string (null, sequence or mapping)
//! - FF0005 more than one yaml document in a file
//! - FF0006 the file is not UTF-8 (see [`decode`])
//! - FF0007 the file is empty
//! - FF0008 collections nest deeper than [`MAX_DEPTH`] levels
//! - FF0009 a yaml tag (`!Ref`, `!!binary`, …)
//! - FF0013 a number that JSON cannot hold (`.inf`, `.nan`, an integer beyond 64 bits)
//! - FF0022 the JSON pointers of the document add up to more than [`MAX_POINTER_BYTES`]

use std::borrow::Cow;
use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic, FileId, Span};

mod build;
mod paths;
mod scalar;
mod template;
#[cfg(test)]
mod tests;

use build::{Body, Node, Range};
pub use build::{MAX_DEPTH, MAX_EXPANSION, MAX_EXPANSION_BYTES};
pub use paths::MAX_POINTER_BYTES;
pub use template::parse_template_yaml;

/// Where one node of the document sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    /// The mapping key, for values inside a mapping.
    pub key: Option<Span>,
    /// The value itself (for an alias: where the alias is used).
    pub value: Span,
    /// For a value reached through an alias or merge key: where the anchored node is defined.
    pub defined: Option<Span>,
}

/// JSON pointer (RFC 6901, e.g. `/services/cart/cpu`) → spans. The root pointer is `""`.
///
/// A hash map: a sorted map compared the long shared prefixes of the pointers (`/services/…`)
/// at every level, and building it was a twentieth of reading a large blueprint. The keys come
/// from pull requests, so the hasher is the standard library's keyed one. Nothing depends on
/// the order of its entries.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    pub nodes: HashMap<String, NodeSpan>,
}

impl SpanIndex {
    /// The span of the value at `pointer`, or of its nearest ancestor that has one.
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.lookup(pointer).map(|n| n.value)
    }

    /// The span of the key at `pointer` (falls back to the value span, then ancestors).
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        self.lookup(pointer).map(|n| n.key.unwrap_or(n.value))
    }

    /// The node at `pointer`, or of its nearest ancestor.
    pub fn lookup(&self, pointer: &str) -> Option<&NodeSpan> {
        let mut p = pointer;
        loop {
            if let Some(n) = self.nodes.get(p) {
                return Some(n);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
}

/// A parsed blueprint file.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: FileId,
    pub value: serde_json::Value,
    pub spans: SpanIndex,
}

/// One JSON-pointer token escaped (`~` → `~0`, `/` → `~1`), borrowed when it needs no
/// escape: nearly every key has neither, and a build escapes every key of every blueprint
/// several times.
fn escaped(token: &str) -> Cow<'_, str> {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Escapes one JSON-pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    escaped(token).into_owned()
}

/// Appends `/` and the escaped `token` to the pointer `buf`: [`escape_token`] without a
/// string of its own, for walks that build every pointer of a document in one buffer.
pub fn push_token(buf: &mut String, token: &str) {
    buf.push('/');
    buf.push_str(&escaped(token));
}

/// Appends `/` and the index `i` to the pointer `buf` (with `itoa`: `write!` cost several
/// times as much, for every item of every list the walks pass).
pub fn push_index(buf: &mut String, i: usize) {
    buf.push('/');
    buf.push_str(itoa::Buffer::new().format(i));
}

/// Unescapes one JSON-pointer token (`~1` → `/`, `~0` → `~`), the inverse of [`escape_token`];
/// borrowed when it holds no escape.
pub fn unescape_token(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// The value at JSON pointer `pointer` under `value`: what `serde_json::Value::pointer` finds,
/// without its two new strings per token (a token with no `~` is looked up as it is). The
/// checks look up every service's pointers several times.
pub fn pointer<'v>(value: &'v serde_json::Value, pointer: &str) -> Option<&'v serde_json::Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(value, |target, token| match target {
            serde_json::Value::Object(map) => map.get(unescape_token(token).as_ref()),
            serde_json::Value::Array(items) => {
                let token = unescape_token(token);
                // As serde_json: no sign, no leading zero.
                if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
                    return None;
                }
                token.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        })
}

/// Parses one file. YAML problems (syntax, duplicate keys, alias bombs, non-scalar keys,
/// several documents) come back as diagnostics; this never panics.
pub fn parse(file: FileId, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let root = build::build(file, text)?;
    if let Some(d) = paths::check(file, &root) {
        return Err(vec![d]);
    }
    let mut spans = SpanIndex {
        nodes: HashMap::with_capacity(usize::try_from(root.size()).unwrap_or(0)),
    };
    let mut pointer = String::new();
    let value = flatten(root, &mut pointer, None, None, file, &mut spans);
    Ok(Document { file, value, spans })
}

/// Turns the node tree into JSON, recording the spans of every pointer. Below an alias (or a
/// merge through one) everything points at the use (`value`) and at its definition (`defined`).
/// The tree is consumed: a node only this tree holds gives up its strings instead of copying
/// them, and only what aliases share is copied.
fn flatten(
    node: Node,
    pointer: &mut String,
    key: Option<Range>,
    use_site: Option<Range>,
    file: FileId,
    spans: &mut SpanIndex,
) -> serde_json::Value {
    let span = |(start, end): Range| Span::new(file, start, end);
    let here = use_site.or(node.alias_use);
    spans.nodes.insert(
        pointer.clone(),
        NodeSpan {
            key: key.map(span),
            value: span(here.unwrap_or(node.span)),
            defined: here.map(|_| span(node.span)),
        },
    );
    let len = pointer.len();
    let body = std::rc::Rc::try_unwrap(node.body).unwrap_or_else(|shared| (*shared).clone());
    match body {
        Body::Null => serde_json::Value::Null,
        Body::Bool(b) => serde_json::Value::Bool(b),
        Body::Number(n) => serde_json::Value::Number(n),
        Body::Str(s) => serde_json::Value::String(s),
        Body::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                push_index(pointer, i);
                out.push(flatten(item, pointer, None, here, file, spans));
                pointer.truncate(len);
            }
            serde_json::Value::Array(out)
        }
        Body::Map(entries) => {
            let mut out = serde_json::Map::with_capacity(entries.len());
            for e in entries {
                let merged_via = e.merged.and_then(|m| m.via.map(|via| (m.key, via)));
                let (key, use_site) = match (here, merged_via) {
                    (Some(_), _) => (None, here),
                    (None, Some((merge_key, via))) => (Some(merge_key), Some(via)),
                    (None, None) => (Some(e.key_span), None),
                };
                push_token(pointer, &e.key);
                let v = flatten(e.value, pointer, key, use_site, file, spans);
                pointer.truncate(len);
                out.insert(e.key, v);
            }
            serde_json::Value::Object(out)
        }
    }
}

/// Decodes a file's bytes: strips a UTF-8 byte order mark; anything that is not UTF-8 comes back
/// as lossy text plus an FF0006 diagnostic at the first bad byte (an offset into the returned
/// text).
pub fn decode(file: FileId, bytes: &[u8]) -> (String, Option<Diagnostic>) {
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let width = text.chars().next().map_or(0, char::len_utf8);
        let d = Diagnostic::error(Code::FF0006, "the file is utf-16, not utf-8")
            .label(Span::new(file, 0, width), "utf-16 byte order mark")
            .help("save the file as UTF-8");
        return (text, Some(d));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(e) => {
            let at = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let width = text
                .get(at..)
                .and_then(|r| r.chars().next())
                .map_or(0, char::len_utf8);
            let d = Diagnostic::error(Code::FF0006, "the file is not valid utf-8")
                .label(Span::new(file, at, at + width), "invalid byte here")
                .help("save the file as UTF-8");
            (text, Some(d))
        }
    }
}

/// Maps the byte range `start..end` of a decoded string value to the file: exact for plain
/// scalars and for one-line quoted scalars without escapes, else the whole value span.
pub fn inner_span(text: &str, value: Span, start: usize, end: usize) -> Span {
    InnerMap::new(text, value).span(start, end)
}

/// [`inner_span`] for many ranges of one value: the scalar is looked at once, so mapping every
/// name of a string with 100,000 of them stays linear.
pub struct InnerMap<'t> {
    value: Span,
    /// The scalar's text in the file.
    raw: &'t str,
    how: Mapping,
}

enum Mapping {
    /// Offsets cannot be mapped: every range is the whole value.
    Whole,
    /// The decoded string is the raw text from `shift` on, `len` bytes long.
    Shifted { shift: usize, len: usize },
    /// A literal block scalar: per content line, (offset in the decoded string, length, offset
    /// of its content in the raw text).
    Block(Vec<(usize, usize, usize)>),
}

impl<'t> InnerMap<'t> {
    pub fn new(text: &'t str, value: Span) -> Self {
        let Some(raw) = text.get(value.start..value.end) else {
            return Self {
                value,
                raw: "",
                how: Mapping::Whole,
            };
        };
        let how = if raw.starts_with('|') {
            literal_block_lines(raw).map_or(Mapping::Whole, Mapping::Block)
        } else if raw.contains(['\n', '\r']) {
            Mapping::Whole
        } else {
            let quoted = |q: char| {
                let inner = raw.strip_prefix(q)?.strip_suffix(q)?;
                // An escape (`\\` in double quotes, `''` in single quotes) shifts the offsets.
                (!inner.contains(if q == '"' { '\\' } else { '\'' })).then_some(inner)
            };
            let inner = match raw.as_bytes().first() {
                Some(b'"') => quoted('"'),
                Some(b'\'') => quoted('\''),
                Some(b'|' | b'>') => None,
                _ => Some(raw),
            };
            inner.map_or(Mapping::Whole, |inner| Mapping::Shifted {
                shift: usize::from(inner.len() != raw.len()),
                len: inner.len(),
            })
        };
        Self { value, raw, how }
    }

    /// The file span of bytes `start..end` of the decoded string.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if start > end {
            return self.value;
        }
        let at = |from: usize, to: usize| {
            (self.raw.is_char_boundary(from) && self.raw.is_char_boundary(to)).then(|| {
                Span::new(
                    self.value.file,
                    self.value.start + from,
                    self.value.start + to,
                )
            })
        };
        let mapped = match &self.how {
            Mapping::Shifted { shift, len } if end <= *len => at(shift + start, shift + end),
            Mapping::Whole | Mapping::Shifted { .. } => None,
            Mapping::Block(lines) => {
                // The last line starting at or before `start`; the range must end on it.
                let i = lines.partition_point(|(content, _, _)| *content <= start);
                lines
                    .get(i.wrapping_sub(1))
                    .filter(|(content, len, _)| end <= content + len)
                    .and_then(|(content, _, raw_at)| {
                        at(raw_at + start - content, raw_at + end - content)
                    })
            }
        };
        mapped.unwrap_or(self.value)
    }
}

/// The content lines of a literal block scalar (`|`) whose content has an auto-detected
/// indentation, as [`Mapping::Block`] lists them: each content line is the text line without
/// that indentation (and without a `\r` before its line break).
fn literal_block_lines(raw: &str) -> Option<Vec<(usize, usize, usize)>> {
    let (header, body) = raw.split_once('\n')?;
    // An explicit indentation indicator (`|2`) is relative to a parent this text does not show.
    if header.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let indent = lines
        .iter()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim_start_matches(' ').is_empty())?
        .bytes()
        .take_while(|b| *b == b' ')
        .count();
    let mut line_start = header.len() + 1;
    let mut content = 0;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let stripped = line
            .trim_end_matches('\r')
            .get(indent..)
            .unwrap_or_default();
        out.push((content, stripped.len(), line_start + indent));
        content += stripped.len() + 1;
        line_start += line.len() + 1;
    }
    Some(out)
}
