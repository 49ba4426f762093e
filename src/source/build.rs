//! The YAML event stream → a tree of nodes with byte ranges. Aliases share the anchored node
//! (reference-counted), so an alias bomb costs nothing until it is counted: every alias adds the
//! size of what it stands for, in nodes and in bytes of text, to running totals, and the build
//! stops past either budget. Counting nodes alone let a few aliases of a long string stand for
//! gigabytes.
//!
//! serde-saphyr's deserializer has its own duplicate-key check, alias budget and merge keys;
//! this builder keeps its own on the crate's event parser because the crate's are weaker for a
//! blueprint compiler (serde-saphyr 2.2):
//! - its `DuplicateMappingKey` error has one location, so FF0002 could not point at the first
//!   key, and it stops at the first error, where a build here reports every duplicate;
//! - its budget counts events, aliases and anchors, and bytes only of owned text: aliases of a
//!   long string borrowed from the input cost nothing, which is the attack FF0003's byte budget
//!   stops;
//! - deserializing gives values with a line and column where asked (`Spanned`), not the span
//!   of every JSON pointer with the alias or `<<` it came through, which `SpanIndex` needs.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_saphyr::granit_parser::{
    ErrorKind, Event, Parser, ScalarStyle, ScanError, Span as YamlSpan, StrInput, StructureStyle,
};

use super::scalar::{Resolved, resolve_plain};
use crate::diagnostic::{Code, Diagnostic, FileId, Span};

/// Collections may nest this deep (the root mapping is level 1).
pub const MAX_DEPTH: usize = 64;
/// Aliases may stand for at most this many nodes in total.
pub const MAX_EXPANSION: u64 = 100_000;
/// Aliases may stand for at most this many bytes of text (scalars and keys) in total: as much
/// again as the largest file the CLI reads, so a document is at most about twice its file.
pub const MAX_EXPANSION_BYTES: u64 = 8 * 1024 * 1024;

/// A byte range in the text.
pub type Range = (usize, usize);

#[derive(Debug, Clone)]
pub struct Node {
    /// Where the node is written (for an alias: where the anchored node is defined).
    pub span: Range,
    /// For a node reached through an alias: where the alias is used.
    pub alias_use: Option<Range>,
    pub body: Rc<Body>,
    /// Nodes in this subtree once aliases are expanded (saturating).
    size: u64,
    /// Bytes of text (scalars and mapping keys) in this subtree once aliases are expanded
    /// (saturating).
    bytes: u64,
    /// Collection levels in this subtree (a scalar has 0).
    height: usize,
}

impl Node {
    fn new(span: Range, body: Body) -> Self {
        let (size, bytes, height) = match &body {
            Body::Seq(items) => (
                items.iter().fold(1u64, |n, i| n.saturating_add(i.size)),
                items.iter().fold(0u64, |n, i| n.saturating_add(i.bytes)),
                1 + items.iter().map(|i| i.height).max().unwrap_or(0),
            ),
            Body::Map(entries) => (
                entries
                    .iter()
                    .fold(1u64, |n, e| n.saturating_add(e.value.size)),
                entries.iter().fold(0u64, |n, e| {
                    n.saturating_add(e.key.len() as u64)
                        .saturating_add(e.value.bytes)
                }),
                1 + entries.iter().map(|e| e.value.height).max().unwrap_or(0),
            ),
            Body::Str(s) => (1, s.len() as u64, 0),
            // Null, booleans and numbers: their text, as written.
            _ => (1, (span.1 - span.0) as u64, 0),
        };
        Self {
            span,
            alias_use: None,
            body: Rc::new(body),
            size,
            bytes,
            height,
        }
    }

    /// Nodes in this subtree once aliases are expanded (saturating).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Where the node shows up in the text at this place: the alias if it is one.
    pub fn site(&self) -> Range {
        self.alias_use.unwrap_or(self.span)
    }
}

#[derive(Debug, Clone)]
pub enum Body {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_span: Range,
    pub value: Node,
    /// Set when the entry comes from a merge key (`<<`).
    pub merged: Option<Merged>,
}

#[derive(Debug, Clone, Copy)]
pub struct Merged {
    /// The `<<` key.
    pub key: Range,
    /// The alias after `<<` the entry came through, if any.
    pub via: Option<Range>,
}

/// The explicit keys of a mapping while it is read, to find a repeated one (FF0002). Most
/// mappings hold a handful of keys, which are compared in turn: hashing and copying every key
/// of every mapping into a set was a tenth of reading a large blueprint. A mapping with more
/// items gets a hash index once, so a mapping of 100,000 keys stays linear.
#[derive(Default)]
struct Keys {
    /// The plain `<<` merge key, once there is one.
    merge: Option<Range>,
    /// Every explicit key but `<<`, once the mapping has [`Keys::INDEXED_FROM`] items.
    index: Option<HashMap<String, Range>>,
}

impl Keys {
    const INDEXED_FROM: usize = 16;

    /// Where `name` was first used as a key of this mapping, if it was; `items` are the
    /// mapping's entries so far. A plain `<<` and a quoted `"<<"` are one key, so at most one of
    /// them is recorded.
    fn first(&self, items: &[Item], name: &str) -> Option<Range> {
        if name == "<<" && self.merge.is_some() {
            return self.merge;
        }
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => items.iter().find_map(|i| match i {
                Item::Entry(e) if e.key == name => Some(e.key_span),
                Item::Entry(_) | Item::Merge(..) => None,
            }),
        }
    }

    /// Records the entry just added last to `items`: in the index, which is built from every
    /// entry once there are [`Keys::INDEXED_FROM`] items.
    fn added(&mut self, items: &[Item]) {
        match &mut self.index {
            Some(index) => {
                if let Some(Item::Entry(e)) = items.last() {
                    index.insert(e.key.clone(), e.key_span);
                }
            }
            None if items.len() >= Self::INDEXED_FROM => {
                self.index = Some(
                    items
                        .iter()
                        .filter_map(|i| match i {
                            Item::Entry(e) => Some((e.key.clone(), e.key_span)),
                            Item::Merge(..) => None,
                        })
                        .collect(),
                );
            }
            None => {}
        }
    }
}

/// The build stopped; the reason is in the diagnostics.
struct Stop;

struct Builder<'a> {
    file: FileId,
    text: &'a str,
    events: Parser<'a, StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    expanded: u64,
    expanded_bytes: u64,
    diags: Vec<Diagnostic>,
}

enum Item {
    Entry(Entry),
    Merge(Range, Vec<Node>),
}

/// Builds the one document of `text`; every problem found comes back as a diagnostic.
pub fn build(file: FileId, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let options = serde_saphyr::granit_parser::options!(emit_comments: false);
    let mut b = Builder {
        file,
        text,
        events: Parser::new_from_str_with_options(text, options),
        anchors: HashMap::new(),
        expanded: 0,
        expanded_bytes: 0,
        diags: Vec::new(),
    };
    match b.document() {
        Ok(root) if b.diags.is_empty() => Ok(root),
        _ => Err(b.diags),
    }
}

impl<'a> Builder<'a> {
    fn document(&mut self) -> Result<Node, Stop> {
        loop {
            match self.next()? {
                (Event::StreamStart, _) => {}
                (Event::DocumentStart(..), _) => break,
                _ => return Err(self.empty_file()),
            }
        }
        let (event, span) = self.next()?;
        let root = self.node(event, span, 0)?;
        if matches!(*root.body, Body::Null) && root.span.0 == root.span.1 {
            return Err(self.empty_file());
        }
        loop {
            match self.next()? {
                (Event::DocumentEnd, _) => {}
                (Event::StreamEnd, _) => return Ok(root),
                (_, span) => {
                    let at = self.range(&span);
                    let d = Diagnostic::error(Code::FF0005, "a blueprint file holds one yaml document")
                        .label(self.span(at), "a second document starts here")
                        .label(self.span(root.span), "the first document")
                        .help("remove the `---` separator, or move the second document to a file of its own and `include` it");
                    self.diags.push(d);
                    return Err(Stop);
                }
            }
        }
    }

    fn empty_file(&mut self) -> Stop {
        let d = Diagnostic::error(Code::FF0007, "the file is empty")
            .label(self.span((0, 0)), "no yaml document here")
            .help("a blueprint starts with `blueprint: 1`");
        self.diags.push(d);
        Stop
    }

    fn next(&mut self) -> Result<(Event<'a>, YamlSpan), Stop> {
        match self.events.next() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(e)) => {
                self.syntax_error(&e);
                Err(Stop)
            }
            None => {
                let end = self.text.len();
                let d = Diagnostic::error(
                    Code::FF0001,
                    "yaml syntax error: unexpected end of the file",
                )
                .label(self.span((end, end)), "the file ends here")
                .help("check that every collection and quoted string is closed");
                self.diags.push(d);
                Err(Stop)
            }
        }
    }

    fn node(&mut self, event: Event<'a>, span: YamlSpan, depth: usize) -> Result<Node, Stop> {
        let at = self.range(&span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                if tag.is_some() {
                    self.tag_error(&span);
                }
                let body = if style == ScalarStyle::Plain {
                    match resolve_plain(&value) {
                        Resolved::Null => Body::Null,
                        Resolved::Bool(b) => Body::Bool(b),
                        Resolved::Number(n) => Body::Number(n),
                        Resolved::Str => Body::Str(value.into_owned()),
                        Resolved::NonFinite => {
                            self.non_finite(at);
                            Body::Str(value.into_owned())
                        }
                    }
                } else {
                    Body::Str(value.into_owned())
                };
                let at = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    (self.block_header_before(at.0), at.1)
                } else {
                    at
                };
                Ok(self.anchored(anchor, Node::new(at, body)))
            }
            Event::SequenceStart(style, anchor, tag) => {
                self.enter(at, depth, tag.is_some(), &span)?;
                let start = if style == StructureStyle::Block {
                    self.dash_before(at.0)
                } else {
                    at.0
                };
                let mut end = at.1;
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if let Event::SequenceEnd = event {
                        if style == StructureStyle::Flow {
                            end = end.max(self.range(&span).1);
                        }
                        break;
                    }
                    let item = self.node(event, span, depth + 1)?;
                    end = end.max(item.site().1);
                    items.push(item);
                }
                Ok(self.anchored(anchor, Node::new((start, end), Body::Seq(items))))
            }
            Event::MappingStart(style, anchor, tag) => {
                if style == StructureStyle::Flow
                    && self.text.get(at.0..).is_some_and(|r| r.starts_with("{{"))
                {
                    return Err(self.unquoted_interpolation(at.0));
                }
                self.enter(at, depth, tag.is_some(), &span)?;
                let (entries, end) = self.mapping(at.1, style, depth)?;
                Ok(self.anchored(anchor, Node::new((at.0, end), Body::Map(entries))))
            }
            Event::Alias(id) => self.alias(id, at, depth),
            _ => {
                let d = Diagnostic::error(Code::FF0001, "yaml syntax error: unexpected structure")
                    .label(self.span(at), "not expected here")
                    .help("check the yaml near here");
                self.diags.push(d);
                Err(Stop)
            }
        }
    }

    /// Checks a collection about to open at `depth` (the number of collections around it).
    fn enter(
        &mut self,
        at: Range,
        depth: usize,
        tagged: bool,
        span: &YamlSpan,
    ) -> Result<(), Stop> {
        if tagged {
            self.tag_error(span);
        }
        if depth >= MAX_DEPTH {
            self.too_deep(at);
            return Err(Stop);
        }
        Ok(())
    }

    fn mapping(
        &mut self,
        mut end: usize,
        style: StructureStyle,
        depth: usize,
    ) -> Result<(Vec<Entry>, usize), Stop> {
        let mut items = Vec::new();
        let mut keys = Keys::default();
        loop {
            let (event, span) = self.next()?;
            if let Event::MappingEnd = event {
                if style == StructureStyle::Flow {
                    end = end.max(self.range(&span).1);
                }
                break;
            }
            let is_merge =
                matches!(&event, Event::Scalar(k, ScalarStyle::Plain, _, None) if k == "<<");
            let key = self.node(event, span, depth + 1)?;
            let (event, span) = self.next()?;
            let value = self.node(event, span, depth + 1)?;
            end = end.max(value.site().1).max(key.site().1);
            let key_span = key.site();
            let Some(name) = self.key_name(key) else {
                continue;
            };
            if let Some(first) = keys.first(&items, &name) {
                let d = Diagnostic::error(Code::FF0002, format!("duplicate key `{name}`"))
                    .label(self.span(key_span), "this key is already used")
                    .label(self.span(first), "first defined here")
                    .help("remove one of them: a yaml mapping cannot repeat a key");
                self.diags.push(d);
                continue;
            }
            if is_merge {
                keys.merge = Some(key_span);
                if let Some(sources) = self.merge_sources(&value) {
                    items.push(Item::Merge(key_span, sources));
                }
            } else {
                items.push(Item::Entry(Entry {
                    key: name,
                    key_span,
                    value,
                    merged: None,
                }));
                keys.added(&items);
            }
        }
        if !items.iter().any(|i| matches!(i, Item::Merge(..))) {
            let entries = items
                .into_iter()
                .filter_map(|i| match i {
                    Item::Entry(e) => Some(e),
                    Item::Merge(..) => None,
                })
                .collect();
            return Ok((entries, end));
        }
        // Explicit keys win over merged ones wherever they are written; among merged mappings,
        // the first that has a key wins (YAML merge key semantics).
        let explicit: HashSet<&str> = items
            .iter()
            .filter_map(|i| match i {
                Item::Entry(e) => Some(e.key.as_str()),
                Item::Merge(..) => None,
            })
            .chain(keys.merge.map(|_| "<<"))
            .collect();
        let mut seen = HashSet::new();
        let mut entries = Vec::new();
        for item in &items {
            match item {
                Item::Entry(e) => {
                    seen.insert(e.key.clone());
                    entries.push(e.clone());
                }
                Item::Merge(key, sources) => {
                    for source in sources {
                        let Body::Map(source_entries) = &*source.body else {
                            continue;
                        };
                        for e in source_entries {
                            if explicit.contains(e.key.as_str()) || !seen.insert(e.key.clone()) {
                                continue;
                            }
                            let merged = Some(Merged {
                                key: *key,
                                via: source.alias_use,
                            });
                            entries.push(Entry {
                                merged,
                                ..e.clone()
                            });
                        }
                    }
                }
            }
        }
        Ok((entries, end))
    }

    /// The mappings a merge key's value stands for: a mapping or a sequence of mappings.
    fn merge_sources(&mut self, value: &Node) -> Option<Vec<Node>> {
        match &*value.body {
            Body::Map(_) => return Some(vec![value.clone()]),
            Body::Seq(items) if items.iter().all(|i| matches!(*i.body, Body::Map(_))) => {
                return Some(items.clone());
            }
            _ => {}
        }
        let d = Diagnostic::error(
            Code::FF0001,
            "the merge key `<<` needs a mapping or a list of mappings",
        )
        .label(self.span(value.site()), "not a mapping")
        .help("write `<<: *name` where `&name` anchors a mapping, or `<<: [*one, *two]`");
        self.diags.push(d);
        None
    }

    /// A mapping key as a string: strings as they are, numbers and booleans as written. A key
    /// node is nearly always its string's only owner (not anchored), so the string moves.
    fn key_name(&mut self, key: Node) -> Option<String> {
        let key = match Rc::try_unwrap(key.body) {
            Ok(Body::Str(s)) => return Some(s),
            Ok(body) => Node {
                body: Rc::new(body),
                ..key
            },
            Err(shared) => Node {
                body: shared,
                ..key
            },
        };
        let kind = match &*key.body {
            Body::Str(s) => return Some(s.clone()),
            Body::Bool(_) | Body::Number(_) => {
                return Some(
                    self.text
                        .get(key.span.0..key.span.1)
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            Body::Null => "null",
            Body::Seq(_) => "sequence",
            Body::Map(_) => "mapping",
        };
        let d = Diagnostic::error(
            Code::FF0004,
            format!("a mapping key must be a string, not a {kind}"),
        )
        .label(self.span(key.site()), format!("this key is a {kind}"))
        .help("use a plain string as the key; quote it if it is meant as text");
        self.diags.push(d);
        None
    }

    fn alias(&mut self, id: usize, at: Range, depth: usize) -> Result<Node, Stop> {
        let name = self.text.get(at.0..at.1).unwrap_or("*").to_owned();
        let Some(target) = self.anchors.get(&id).cloned() else {
            let d = Diagnostic::error(Code::FF0001, format!("yaml syntax error: alias `{name}` has no anchor before it"))
                .label(self.span(at), "unknown anchor")
                .help("define the anchor (`&name`) before the alias (`*name`) and outside the node it is used in");
            self.diags.push(d);
            return Err(Stop);
        };
        self.expanded = self.expanded.saturating_add(target.size);
        if self.expanded > MAX_EXPANSION {
            let d = Diagnostic::error(
                Code::FF0003,
                format!("aliases expand to more than {MAX_EXPANSION} nodes (stopped at `{name}`)"),
            )
            .label(self.span(at), "the expansion limit is passed here")
            .label(self.span(target.span), "the anchored node")
            .help("aliases that nest other aliases grow exponentially; write the values out or split the file");
            self.diags.push(d);
            return Err(Stop);
        }
        self.expanded_bytes = self.expanded_bytes.saturating_add(target.bytes);
        if self.expanded_bytes > MAX_EXPANSION_BYTES {
            let d = Diagnostic::error(
                Code::FF0003,
                format!(
                    "aliases expand to more than {MAX_EXPANSION_BYTES} bytes of text (stopped at `{name}`)"
                ),
            )
            .label(self.span(at), "the expansion limit is passed here")
            .label(self.span(target.span), "the anchored node")
            .help("each alias copies the text of its anchor; write long values once, or split the file");
            self.diags.push(d);
            return Err(Stop);
        }
        if depth + target.height > MAX_DEPTH {
            self.too_deep(at);
            return Err(Stop);
        }
        Ok(Node {
            alias_use: Some(at),
            ..target
        })
    }

    fn anchored(&mut self, anchor: usize, node: Node) -> Node {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        node
    }

    /// `key: {{name}}` is the most common mistake: YAML reads a flow mapping in a flow mapping.
    fn unquoted_interpolation(&mut self, start: usize) -> Stop {
        let line = self
            .text
            .get(start..)
            .and_then(|r| r.lines().next())
            .unwrap_or_default();
        let value = line.split(" #").next().unwrap_or_default().trim_end();
        let d = Diagnostic::error(Code::FF0001, "unquoted `{{` starts a yaml mapping, not an interpolation")
            .label(self.span((start, start + value.len())), "this needs quotes")
            .help("quote the whole value, like `image: \"{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/cart:{{tag}}\"`");
        self.diags.push(d);
        Stop
    }

    fn too_deep(&mut self, at: Range) {
        let d = Diagnostic::error(
            Code::FF0008,
            format!("the yaml nests deeper than {MAX_DEPTH} levels"),
        )
        .label(self.span(at), "too deep")
        .help("blueprints are shallow; check the indentation, or flatten the structure");
        self.diags.push(d);
    }

    fn non_finite(&mut self, at: Range) {
        let raw = self.text.get(at.0..at.1).unwrap_or_default();
        let d = Diagnostic::error(
            Code::FF0013,
            format!("the number `{raw}` cannot be represented"),
        )
        .label(self.span(at), "infinite, not a number, or out of range")
        .help(format!(
            "blueprints need finite numbers; quote it (`\"{raw}\"`) if it is meant as text"
        ));
        self.diags.push(d);
    }

    fn tag_error(&mut self, span: &YamlSpan) {
        let start = span
            .tag_start
            .and_then(|m| m.byte_offset())
            .unwrap_or_else(|| self.range(span).0);
        let rest = self.text.get(start..).unwrap_or_default();
        let len = rest
            .find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
            .unwrap_or(rest.len());
        let tag = &rest[..len];
        let name = tag.trim_start_matches('!');
        let help = if CFN_SHORT_FORMS.contains(&name) {
            "blueprints are plain data, not CloudFormation: fleetform writes the intrinsics itself; \
             use `{{name}}` interpolation for values such as the account or region"
        } else {
            "blueprints are plain data: remove the tag"
        };
        let d = Diagnostic::error(Code::FF0009, format!("yaml tag `{tag}` is not allowed"))
            .label(self.span((start, start + len)), "tag")
            .help(help);
        self.diags.push(d);
    }

    fn syntax_error(&mut self, e: &ScanError) {
        // granit-parser 2 reads indentation as PyYAML does, so a quoted string left open runs
        // on into the next keys and fails far away ("unclosed quote", "trailing content"). The
        // spec's strict reading stops it where the indentation breaks, which is the place to
        // point at; it is only asked for here because it also refuses under-indented flow
        // collections (`[a,\nb]`) that blueprints have always been allowed.
        let strict;
        let e = match e.kind() {
            ErrorKind::UnclosedQuotedScalar
            | ErrorKind::InvalidTrailingSingleQuotedScalar
            | ErrorKind::InvalidTrailingDoubleQuotedScalar => {
                strict = self.strict_quote_error();
                strict.as_ref().unwrap_or(e)
            }
            _ => e,
        };
        let mark = e.marker();
        let at = mark.byte_offset().unwrap_or_else(|| {
            self.text
                .char_indices()
                .nth(mark.index())
                .map_or(self.text.len(), |(i, _)| i)
        });
        if let ErrorKind::RecursionLimitExceeded = e.kind() {
            // The scanner's own nesting limit (deeper than ours) can trip before we see the events.
            return self.too_deep((at, at));
        }
        // The scanner marks the start of the token it was reading, not the character it
        // choked on: point at that character when it is further on the same line.
        let at = match e.kind() {
            ErrorKind::UnexpectedCharacter { character } => {
                let rest = self.text.get(at..).unwrap_or_default();
                let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
                at + line.find(*character).unwrap_or(0)
            }
            // The same for tabs: the one on the marked line, else the next one.
            ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabAtBlockScalarStart
            | ErrorKind::TabInPlainScalar => {
                let before = self.text.get(..at).unwrap_or_default();
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let rest = self.text.get(line_start..).unwrap_or_default();
                let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
                line.find('\t')
                    .map(|i| line_start + i)
                    .or_else(|| {
                        let after = self.text.get(at..).unwrap_or_default();
                        after.find('\t').map(|i| at + i)
                    })
                    .unwrap_or(at)
            }
            _ => at,
        };
        let width = self
            .text
            .get(at..)
            .and_then(|r| r.chars().next())
            .map_or(0, char::len_utf8);
        // YAML ends a simple key after 1024 characters, so a longer key's `:` comes too late.
        let long_key = matches!(e.kind(), ErrorKind::MappingValueNotAllowed) && {
            let before = self.text.get(..at).unwrap_or_default();
            let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
            line.trim_start().chars().count() > 1024
        };
        let mut what = match e.kind() {
            ErrorKind::UnexpectedCharacter { character } => {
                format!("unexpected character `{}`", character.escape_default())
            }
            _ if long_key => "a key longer than 1024 characters".to_owned(),
            kind => kind.to_string(),
        };
        if let Some(first) = what.get(..1) {
            what = first.to_lowercase() + &what[1..];
        }
        let help = syntax_help(e.kind(), long_key);
        let mut d = Diagnostic::error(Code::FF0001, format!("yaml syntax error: {what}"))
            .label(self.span((at, at + width)), "here")
            .help(help);
        // A quoted string that runs on into the next lines was most likely never closed.
        if let (ErrorKind::InvalidQuotedScalarIndent, Some(open)) =
            (e.kind(), self.opening_quote_before(at))
        {
            d = d.label(self.span((open, open + 1)), "the quoted string starts here");
        }
        self.diags.push(d);
    }

    /// The error a strict-indentation parse of the text stops at, if it is a quoted string
    /// whose next line is not indented enough.
    fn strict_quote_error(&self) -> Option<ScanError> {
        let options = serde_saphyr::granit_parser::options!(
            emit_comments: false,
            strict_indentation: true,
        );
        let mut events = Parser::new_from_str_with_options(self.text, options);
        let e = events.find_map(Result::err)?;
        matches!(e.kind(), ErrorKind::InvalidQuotedScalarIndent).then_some(e)
    }

    /// The quote that opens a value on the nearest earlier line that has one: the first `"` or
    /// `'` right after `: `, `- ` or the indentation.
    fn opening_quote_before(&self, at: usize) -> Option<usize> {
        let before = self.text.get(..at)?;
        let mut end = before.rfind('\n')?;
        loop {
            let start = before[..end].rfind('\n').map_or(0, |i| i + 1);
            let line = &before[start..end];
            let found = line.char_indices().find(|&(i, c)| {
                let lead = line[..i].trim_end_matches(' ');
                matches!(c, '"' | '\'')
                    && (lead.is_empty() || lead.ends_with(':') || lead.ends_with('-'))
            });
            if let Some((i, _)) = found {
                return Some(start + i);
            }
            if start == 0 {
                return None;
            }
            end = start - 1;
        }
    }

    /// A block sequence's events start at its first item; widen that to the item's `-`.
    fn dash_before(&self, start: usize) -> usize {
        let before = self.text.get(..start).unwrap_or_default();
        let trimmed = before.trim_end_matches([' ', '\t']);
        if trimmed.ends_with('-') {
            trimmed.len() - 1
        } else {
            start
        }
    }

    /// A block scalar's events start at its content; widen that to the `|` or `>` header.
    fn block_header_before(&self, start: usize) -> usize {
        let before = self.text.get(..start).unwrap_or_default().trim_end();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = &before[line_start..];
        // The header is the last `|` or `>` on the line, before any comment.
        let code = line.find(" #").map_or(line, |i| &line[..i]);
        match code.rfind(['|', '>']) {
            Some(i)
                if code[i + 1..]
                    .trim_end()
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-') =>
            {
                line_start + i
            }
            _ => start,
        }
    }

    fn range(&self, span: &YamlSpan) -> Range {
        let start = span.start.byte_offset().unwrap_or(0).min(self.text.len());
        let end = span
            .end
            .byte_offset()
            .unwrap_or(start)
            .clamp(start, self.text.len());
        (start, end)
    }

    fn span(&self, (start, end): Range) -> Span {
        Span::new(self.file, start, end)
    }
}

/// The help line of a syntax error.
fn syntax_help(kind: &ErrorKind, long_key: bool) -> &'static str {
    match kind {
        _ if long_key => "yaml keys end after 1024 characters: use a shorter name",
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabAtBlockScalarStart
        | ErrorKind::TabInPlainScalar => {
            "indent with spaces: yaml does not allow tabs in indentation"
        }
        ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::MismatchedFlowCollectionEnd { .. }
        | ErrorKind::MisplacedFlowCollectionEnd
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping => {
            "close every `[` with `]` and every `{` with `}`"
        }
        ErrorKind::UnclosedQuotedScalar
        | ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar
        | ErrorKind::InvalidQuotedScalarIndent => {
            "close the quoted string with the quote it starts with"
        }
        ErrorKind::UnknownQuotedScalarEscape | ErrorKind::InvalidQuotedScalarHexEscape => {
            "in double quotes, write a backslash as `\\\\`, or use single quotes"
        }
        ErrorKind::UnknownAnchor => "define the anchor (`&name`) before the alias (`*name`)",
        ErrorKind::UnexpectedCharacter { character } if character.is_control() => {
            "remove the control character, or write it as an escape in double quotes (`\"\\x07\"`)"
        }
        _ => {
            "check the indentation near here, and quote strings that contain `: ` or ` #` or \
             start with a special character"
        }
    }
}

/// The short-form tags of `CloudFormation`, which people paste from templates.
const CFN_SHORT_FORMS: &[&str] = &[
    "Ref",
    "Sub",
    "GetAtt",
    "Join",
    "Select",
    "Split",
    "If",
    "Equals",
    "Not",
    "And",
    "Or",
    "Condition",
    "ImportValue",
    "FindInMap",
    "Base64",
    "GetAZs",
    "Cidr",
    "Transform",
];
