//! Migration importers: a Docker Compose file or an AWS Copilot workspace in, a blueprint plus a
//! list of what could not be carried over out. Pure functions over parsed sources (the CLI reads
//! and writes the files); input problems are diagnostics, never panics.
//!
//! Codes: FF0701 not carried over, FF0702 carried over with a change, FF0703 needs your input,
//! FF0704 a value of the wrong type (skipped) — all warnings, printed as the import's notes;
//! FF0710 not a compose file, FF0711 not a Copilot workspace (errors).

pub mod compose;
mod convert;
pub mod copilot;
mod health;
mod interpolate;
mod yaml;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::source::Document;

pub use yaml::Node;

/// The entries of a blueprint mapping, in the order they are written.
pub type Fields = Vec<(String, Node)>;

/// An imported app: the blueprint text and the notes (warnings) about what changed on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub blueprint: String,
    pub notes: Vec<Diagnostic>,
}

/// What kind of note: the code and the label under the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// FF0701: no blueprint equivalent; left out.
    Dropped,
    /// FF0702: carried over, but not exactly as written.
    Changed,
    /// FF0703: the blueprint holds a placeholder to fill in.
    Todo,
    /// FF0704: the value has the wrong type; skipped.
    Skipped,
}

impl Kind {
    const fn code(self) -> Code {
        match self {
            Self::Dropped => Code::FF0701,
            Self::Changed => Code::FF0702,
            Self::Todo => Code::FF0703,
            Self::Skipped => Code::FF0704,
        }
    }

    const fn label(self) -> &'static str {
        match self {
            Self::Dropped => "not carried over",
            Self::Changed => "carried over with a change",
            Self::Todo => "needs your input",
            Self::Skipped => "skipped",
        }
    }
}

/// The `tag` an imported blueprint gets when its images use `{{tag}}` ([`Notes::release_tag`]).
pub const PLACEHOLDER_TAG: &str = "0.0.0";

/// The notes of one import, each pointing into a parsed input file.
#[derive(Debug, Default)]
pub struct Notes {
    pub list: Vec<Diagnostic>,
}

impl Notes {
    /// Adds a note at `pointer` of `doc` (the key when there is one, so a dropped block is
    /// marked by its name).
    pub fn add(
        &mut self,
        kind: Kind,
        doc: &Document,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = doc
            .spans
            .key_span(pointer)
            .unwrap_or(Span::new(doc.file, 0, 0));
        self.list.push(
            Diagnostic::warning(kind.code(), message)
                .label(span, kind.label())
                .help(help),
        );
    }

    /// The app `tag` of an imported blueprint whose images use `{{tag}}`, which needs one
    /// (FF0365): the importers cannot know the release, so a placeholder that fails loudly at
    /// deploy rather than a `latest` that runs whatever was pushed last, with an FF0703 note.
    pub fn release_tag(
        &mut self,
        services: &[(String, yaml::Node)],
    ) -> Option<(String, yaml::Node)> {
        fn uses_tag(node: &yaml::Node) -> bool {
            match node {
                yaml::Node::Str(s) => s.contains("{{tag}}"),
                yaml::Node::List(items) => items.iter().any(uses_tag),
                yaml::Node::Map(entries) => entries.iter().any(|(_, n)| uses_tag(n)),
                yaml::Node::Int(_) | yaml::Node::Bool(_) => false,
            }
        }
        if !services.iter().any(|(_, n)| uses_tag(n)) {
            return None;
        }
        self.list.push(
            Diagnostic::warning(
                Kind::Todo.code(),
                format!("the images use `{{{{tag}}}}`: the blueprint sets the placeholder `tag: \"{PLACEHOLDER_TAG}\"`"),
            )
            .help("set `tag` to the release your images are pushed as; CI may still pass `ImageTag` per deploy"),
        );
        Some(("tag".to_owned(), yaml::Node::str(PLACEHOLDER_TAG)))
    }

    /// FF0704 for a value whose type is not `expected`.
    pub fn wrong_type(&mut self, doc: &Document, pointer: &str, what: &str, expected: &str) {
        self.add(
            Kind::Skipped,
            doc,
            pointer,
            format!("{what} is not {expected}; skipped"),
            format!("write {expected} and import again, or add it to the blueprint by hand"),
        );
    }
}

/// An error at `pointer` of `doc` (FF0710/FF0711).
pub fn error(
    code: Code,
    doc: &Document,
    pointer: &str,
    message: impl Into<String>,
    label: &str,
    help: &str,
) -> Diagnostic {
    let span = doc
        .spans
        .key_span(pointer)
        .unwrap_or(Span::new(doc.file, 0, 0));
    Diagnostic::error(code, message)
        .label(span, label)
        .help(help)
}
