//! The merged app as the rules see it: the model plus where every part was written, so a rule
//! can point at the right file and line.

use std::collections::BTreeMap;

use crate::diagnostic::{FileId, SourceMap, Span};
use crate::model::{App, Container, Service};
use crate::source::{Document, escape_token};

/// One merged app and the documents it came from.
#[derive(Debug)]
pub struct Context<'a> {
    /// The texts of every file (for spans inside strings).
    pub sources: &'a SourceMap,
    pub app: App,
    /// The app file (the one with `environments`).
    pub app_doc: &'a Document,
    /// The document that defines each service.
    pub service_docs: BTreeMap<String, &'a Document>,
}

/// A container as the rules see it: the short form is the container `app`, whose fields sit
/// directly on the service.
#[derive(Debug, Clone)]
pub struct ContainerRef {
    pub name: String,
    pub container: Container,
    /// JSON pointer of the container's fields relative to the service (`""` or
    /// `/containers/{name}`).
    pub base: String,
}

impl Context<'_> {
    fn fallback(&self) -> Span {
        Span::new(self.app_doc.file, 0, 0)
    }

    fn service_doc(&self, service: &str) -> &Document {
        self.service_docs
            .get(service)
            .copied()
            .unwrap_or(self.app_doc)
    }

    fn service_pointer(service: &str, rel: &str) -> String {
        format!("/services/{}{rel}", escape_token(service))
    }

    /// The file that defines `service`.
    pub fn service_file(&self, service: &str) -> FileId {
        self.service_doc(service).file
    }

    /// The span of the value at `rel` inside `service` (e.g. `/cpu`), or of its nearest ancestor.
    pub fn span(&self, service: &str, rel: &str) -> Span {
        let doc = self.service_doc(service);
        doc.spans
            .value_span(&Self::service_pointer(service, rel))
            .unwrap_or_else(|| self.fallback())
    }

    /// The span of the key at `rel` inside `service` (`""` is the service's own name).
    pub fn key_span(&self, service: &str, rel: &str) -> Span {
        let doc = self.service_doc(service);
        doc.spans
            .key_span(&Self::service_pointer(service, rel))
            .unwrap_or_else(|| self.fallback())
    }

    /// The span of bytes `start..end` of the string at `pointer` in `doc` (the whole value when
    /// the string cannot be mapped, e.g. a block scalar).
    pub fn inner_span(&self, doc: &Document, pointer: &str, start: usize, end: usize) -> Span {
        let value = doc
            .spans
            .value_span(pointer)
            .unwrap_or_else(|| Span::new(doc.file, 0, 0));
        if self.sources.ids().any(|id| id == doc.file) {
            crate::source::inner_span(&self.sources.get(doc.file).text, value, start, end)
        } else {
            value
        }
    }

    /// The span of the value at an absolute pointer in the app file.
    pub fn app_span(&self, pointer: &str) -> Span {
        self.app_doc
            .spans
            .value_span(pointer)
            .unwrap_or_else(|| self.fallback())
    }

    /// The span of the key at an absolute pointer in the app file.
    pub fn app_key_span(&self, pointer: &str) -> Span {
        self.app_doc
            .spans
            .key_span(pointer)
            .unwrap_or_else(|| self.fallback())
    }

    /// Whether the app file has a value at exactly `pointer` (rather than a default).
    pub fn app_has(&self, pointer: &str) -> bool {
        self.app_doc.value.pointer(pointer).is_some()
    }

    /// The containers of a service, short form included.
    pub fn containers(service: &Service) -> Vec<ContainerRef> {
        if let Some(containers) = &service.containers {
            return containers
                .iter()
                .map(|(name, c)| ContainerRef {
                    name: name.clone(),
                    container: c.clone(),
                    base: format!("/containers/{}", escape_token(name)),
                })
                .collect();
        }
        let Some(image) = &service.image else {
            return Vec::new();
        };
        vec![ContainerRef {
            name: "app".to_owned(),
            container: Container {
                image: image.clone(),
                port: service.port,
                essential: true,
                cpu: None,
                memory: None,
                command: service.command.clone(),
                env: service.env.clone().unwrap_or_default(),
                secrets: service.secrets.clone().unwrap_or_default(),
                health: service.health.clone(),
            },
            base: String::new(),
        }]
    }
}
