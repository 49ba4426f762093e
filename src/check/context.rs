//! The merged app as the rules see it: the model plus where every part was written, so a rule
//! can point at the right file and line.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Diagnostic, FileId, SourceMap, Span};
use crate::model::{App, Container, Service};
use crate::source::{Document, NodeSpan, escape_token};

/// One merged app and the documents it came from.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The texts of every file (for spans inside strings).
    pub sources: &'a SourceMap,
    pub app: App,
    /// The app file (the one with `environments`).
    pub app_doc: &'a Document,
    /// The document that defines each service.
    pub service_docs: BTreeMap<String, &'a Document>,
    /// The document that defines each job.
    pub job_docs: BTreeMap<String, &'a Document>,
    /// The task part of each job ([`crate::model::Job::task`]), which container rules check
    /// like a service's.
    job_tasks: BTreeMap<String, Service>,
    /// The time of the build, for rules about schedules in the past; `None` skips them so a
    /// compile depends on its inputs alone ([`crate::Options::now`]).
    pub now: Option<jiff::Timestamp>,
    /// Spans handed out that sit under a YAML alias or merge key: (span, the other end, its
    /// label). [`Context::annotate`] adds the other end to diagnostics pointing there.
    pub(crate) aliased: RefCell<Vec<(Span, Span, &'static str)>>,
    /// The environment × region this context is about, for the app merged with that region's
    /// overrides ([`super::regional`]); `None` for the app itself.
    pub only: Option<(String, String)>,
    /// Every string of the app with where it is used, shared by the rules that read literals
    /// (and by the copies [`super::rules::run`] hands its threads).
    pub(super) scoped: Arc<OnceLock<Vec<Scoped>>>,
}

/// An environment and a region it deploys to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub env: String,
    pub region: String,
}

/// One string value of a blueprint.
#[derive(Debug, Clone)]
pub struct Scoped {
    /// The file of the value ([`Context::doc_of`] finds its document).
    pub file: FileId,
    /// JSON pointer of the value in `doc`.
    pub pointer: String,
    pub text: String,
    /// Where the value is used.
    pub targets: Vec<Target>,
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

/// What runs tasks: a service or a job. Their names share one namespace (FF0371).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Service,
    Job,
}

impl Kind {
    /// The word for messages: "service" or "job".
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Job => "job",
        }
    }
}

/// A service, or a job seen through its task part: what container, capacity and permission
/// rules check. Spans for it come from [`Context::span`] and [`Context::key_span`] by name.
#[derive(Debug, Clone, Copy)]
pub struct Workload<'c> {
    pub name: &'c str,
    pub kind: Kind,
    pub service: &'c Service,
}

impl Workload<'_> {
    /// "service `cart`" or "job `nightly`".
    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind.noun(), self.name)
    }
}

impl<'a> Context<'a> {
    pub fn new(
        sources: &'a SourceMap,
        app: App,
        app_doc: &'a Document,
        service_docs: BTreeMap<String, &'a Document>,
        job_docs: BTreeMap<String, &'a Document>,
    ) -> Self {
        let job_tasks = app
            .jobs
            .iter()
            .map(|(name, job)| (name.clone(), job.task()))
            .collect();
        Self {
            sources,
            app,
            app_doc,
            service_docs,
            job_docs,
            job_tasks,
            now: None,
            aliased: RefCell::default(),
            only: None,
            scoped: Arc::default(),
        }
    }

    /// The document of one of this app's files.
    pub fn doc_of(&self, file: FileId) -> &'a Document {
        self.service_docs
            .values()
            .chain(self.job_docs.values())
            .find(|d| d.file == file)
            .copied()
            .unwrap_or(self.app_doc)
    }

    /// The same context about one environment × region only.
    #[must_use]
    pub fn only(mut self, env: &str, region: &str) -> Self {
        self.only = Some((env.to_owned(), region.to_owned()));
        self
    }
}

impl Context<'_> {
    /// Every service, then every job, by name. A job with a service's name (FF0371) is left
    /// out: its spans would point into the service.
    pub fn workloads(&self) -> impl Iterator<Item = Workload<'_>> {
        let services = self.app.services.iter().map(|(name, service)| Workload {
            name,
            kind: Kind::Service,
            service,
        });
        let jobs = self
            .job_tasks
            .iter()
            .filter(|(name, _)| !self.app.services.contains_key(*name))
            .map(|(name, service)| Workload {
                name,
                kind: Kind::Job,
                service,
            });
        services.chain(jobs)
    }

    /// Whether `name` is a job rather than a service (a service wins when both exist, which
    /// FF0371 reports).
    fn is_job(&self, name: &str) -> bool {
        !self.app.services.contains_key(name) && self.app.jobs.contains_key(name)
    }

    fn service_doc(&self, service: &str) -> &Document {
        let docs = if self.is_job(service) {
            &self.job_docs
        } else {
            &self.service_docs
        };
        docs.get(service).copied().unwrap_or(self.app_doc)
    }

    fn service_pointer(&self, service: &str, rel: &str) -> String {
        let section = if self.is_job(service) {
            "jobs"
        } else {
            "services"
        };
        // Built in place rather than by `format!` (whose buffer grows piece by piece): rules
        // ask for pointers into every service several times.
        let mut pointer = String::with_capacity(section.len() + service.len() + rel.len() + 4);
        pointer.push('/');
        pointer.push_str(section);
        crate::source::push_token(&mut pointer, service);
        pointer.push_str(rel);
        pointer
    }

    /// The document defining a service or job and the absolute pointer of `rel` inside it.
    pub fn locate(&self, name: &str, rel: &str) -> (&Document, String) {
        (self.service_doc(name), self.service_pointer(name, rel))
    }

    /// The file that defines `service` (or job).
    pub fn service_file(&self, service: &str) -> FileId {
        self.service_doc(service).file
    }

    /// The span of the value at `rel` inside `service` (e.g. `/cpu`), or of its nearest ancestor.
    /// A job's name gives spans under `/jobs/{name}`.
    pub fn span(&self, service: &str, rel: &str) -> Span {
        self.value_in(
            self.service_doc(service),
            &self.service_pointer(service, rel),
        )
    }

    /// The span of bytes `start..end` of the string at `rel` inside `service`.
    pub fn service_inner_span(&self, service: &str, rel: &str, start: usize, end: usize) -> Span {
        self.inner_span(
            self.service_doc(service),
            &self.service_pointer(service, rel),
            start,
            end,
        )
    }

    /// The span of the key at `rel` inside `service` (`""` is the service's own name).
    pub fn key_span(&self, service: &str, rel: &str) -> Span {
        self.key_in(
            self.service_doc(service),
            &self.service_pointer(service, rel),
        )
    }

    /// The span of bytes `start..end` of the string at `pointer` in `doc` (the whole value when
    /// the string cannot be mapped, e.g. a block scalar). A string reached through an alias is
    /// mapped at its definition, with the alias as a second label.
    pub fn inner_span(&self, doc: &Document, pointer: &str, start: usize, end: usize) -> Span {
        self.inner_spans(doc, pointer, &[(start, end)])[0]
    }

    /// [`Self::inner_span`] for many ranges of one string, looking at its scalar once.
    pub fn inner_spans(
        &self,
        doc: &Document,
        pointer: &str,
        ranges: &[(usize, usize)],
    ) -> Vec<Span> {
        let Some(node) = doc.spans.lookup(pointer) else {
            return vec![Span::new(doc.file, 0, 0); ranges.len()];
        };
        let text_span = node.defined.unwrap_or(node.value);
        // The span's own file: a merged document ([`super::regional`]) spans several files.
        let spans: Vec<Span> = if self.sources.ids().any(|id| id == text_span.file) {
            let map =
                crate::source::InnerMap::new(&self.sources.get(text_span.file).text, text_span);
            ranges
                .iter()
                .map(|(start, end)| map.span(*start, *end))
                .collect()
        } else {
            vec![text_span; ranges.len()]
        };
        if node.defined.is_some() {
            let mut aliased = self.aliased.borrow_mut();
            for span in &spans {
                aliased.push((*span, node.value, "used here"));
            }
        }
        spans
    }

    /// The span of the value at an absolute pointer in `doc`.
    pub fn span_in(&self, doc: &Document, pointer: &str) -> Span {
        self.value_in(doc, pointer)
    }

    /// The span of the key at an absolute pointer in `doc`.
    pub fn key_span_in(&self, doc: &Document, pointer: &str) -> Span {
        self.key_in(doc, pointer)
    }

    /// The span of the value at an absolute pointer in the app file.
    pub fn app_span(&self, pointer: &str) -> Span {
        self.value_in(self.app_doc, pointer)
    }

    /// The span of the key at an absolute pointer in the app file.
    pub fn app_key_span(&self, pointer: &str) -> Span {
        self.key_in(self.app_doc, pointer)
    }

    /// The span of the value at an absolute pointer in `doc`.
    pub fn value_in(&self, doc: &Document, pointer: &str) -> Span {
        let node = doc.spans.lookup(pointer);
        let span = node.map_or_else(|| Span::new(doc.file, 0, 0), |n| n.value);
        self.note(span, node);
        span
    }

    /// The span of the key at an absolute pointer in `doc`.
    pub fn key_in(&self, doc: &Document, pointer: &str) -> Span {
        let node = doc.spans.lookup(pointer);
        let span = node.map_or_else(|| Span::new(doc.file, 0, 0), |n| n.key.unwrap_or(n.value));
        self.note(span, node);
        span
    }

    fn note(&self, span: Span, node: Option<&NodeSpan>) {
        if let Some(defined) = node.and_then(|n| n.defined).filter(|d| *d != span) {
            self.aliased
                .borrow_mut()
                .push((span, defined, "defined here"));
        }
    }

    /// Adds the definition (or use) of aliased content to diagnostics whose primary label sits
    /// under a YAML alias or merge key, then forgets what was handed out.
    pub fn annotate(&self, diags: &mut [Diagnostic]) {
        let aliased = std::mem::take(&mut *self.aliased.borrow_mut());
        // Rules ask for spans in the order they label them, so walk both in step: the entry
        // for a primary label is the first one at or after the previous label's.
        let mut cursor = 0;
        for d in diags {
            let mut extra = None;
            for (i, label) in d.labels.iter().enumerate() {
                let Some(found) = aliased[cursor..]
                    .iter()
                    .position(|(s, ..)| *s == label.span)
                else {
                    continue;
                };
                let (_, other, text) = aliased[cursor + found];
                cursor += found + 1;
                if i == 0 {
                    extra = Some((other, text));
                }
            }
            if let Some((other, text)) = extra
                && d.labels.iter().all(|l| l.span != other)
            {
                d.labels.push(crate::diagnostic::Label {
                    span: other,
                    text: text.to_owned(),
                });
            }
        }
    }

    /// The environments × regions where the value at `rel` of service `name` (e.g.
    /// `/deploy/strategy`) is the one this context's app holds: every region of every
    /// environment, except those whose `overrides` replace it (checked on their own merged
    /// app); for such a merged app, its one region.
    pub fn service_targets(&self, name: &str, rel: &str) -> Vec<(String, String)> {
        if let Some(only) = &self.only {
            return vec![only.clone()];
        }
        let mut parts = vec!["services", name];
        parts.extend(rel.split('/').skip(1));
        let mut out = Vec::new();
        for (env, e) in &self.app.environments {
            for region in &e.regions {
                let replaced = crate::model::covered(&e.overrides, region, &parts);
                if !replaced {
                    out.push((env.clone(), region.clone()));
                }
            }
        }
        out
    }

    /// Whether `service` has a value at exactly `rel` (rather than a default).
    pub fn service_has(&self, service: &str, rel: &str) -> bool {
        crate::source::pointer(
            &self.service_doc(service).value,
            &self.service_pointer(service, rel),
        )
        .is_some()
    }

    /// Whether the app file has a value at exactly `pointer` (rather than a default).
    pub fn app_has(&self, pointer: &str) -> bool {
        crate::source::pointer(&self.app_doc.value, pointer).is_some()
    }

    /// The containers of a service, short form included ([`crate::resolved::containers`]),
    /// each with where its fields are written.
    pub fn containers(service: &Service) -> Vec<ContainerRef> {
        let short = service.containers.is_none();
        crate::resolved::containers::containers(service)
            .into_iter()
            .map(|(name, container)| ContainerRef {
                base: if short {
                    String::new()
                } else {
                    format!("/containers/{}", escape_token(&name))
                },
                name,
                container,
            })
            .collect()
    }
}
