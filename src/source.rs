//! Source: the only module that parses YAML. It turns one file's text into a JSON value plus a
//! span index (JSON pointer → byte spans), so every later stage can point into the file.
//!
//! (Interface stub: implementation pending.)

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, FileId, Span};

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
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    pub nodes: BTreeMap<String, NodeSpan>,
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

/// Escapes one JSON-pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Parses one file. YAML problems (syntax, duplicate keys, alias bombs, non-scalar keys,
/// several documents) come back as diagnostics; this never panics.
pub fn parse(file: FileId, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let _ = text;
    Err(vec![
        Diagnostic::error("FF0001", "yaml parsing is not implemented yet")
            .label(Span::new(file, 0, 0), "here"),
    ])
}
