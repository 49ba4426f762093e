//! Semantic rules: one file per rule, each a `check(&Context) -> Vec<Diagnostic>` documented by
//! its `//!` comment (what it catches and why, then a `# FFxxxx` section per code). The rules
//! and their codes are listed once, in `crate::diagnostic::registry`; that list declares the
//! modules below and their order. Every rule runs on every merged app, so one failing rule
//! never hides another.

// Shared by several rules; not rules themselves.
mod blue_green;
mod placement;
mod rendered;
mod route_text;

use super::context::{ContainerRef, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{App, CapacityChoice, Service};
use crate::resolved::capacity;
use crate::source::escape_token;

type Rule = fn(&Context<'_>) -> Vec<Diagnostic>;

/// The default inbound rules per security group (an adjustable VPC quota), which FF0388 and
/// FF0430 count against.
const RULES_PER_GROUP: usize = 60;

/// From the `rules` of the registry: declares each rule's module and lists its `check` in the
/// registry's order, which is the order of the diagnostics.
macro_rules! define_rules {
    (
        codes { $($codes:tt)* }
        rules { $( $rule:ident: $( $code:ident $severity:ident $title:literal ),* ; )* }
    ) => {
        $(
            // A rule's `//!` comment is the user's documentation (`fleetform explain`), where
            // product names are prose rather than code.
            #[allow(clippy::doc_markdown)]
            mod $rule;
        )*
        const RULES: &[Rule] = &[ $( $rule::check, )* ];
    };
}

crate::diagnostic::registry!(define_rules);

/// Runs every rule on one merged app.
///
/// Rules are independent, so a large app's rules run on a few threads, each with its own copy of
/// the context (a rule records the aliased spans it hands out there, and its diagnostics are
/// annotated from that record right after it). The diagnostics come back in rule order, so the
/// output does not depend on the thread count.
pub fn run(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let run_one = |ctx: &Context<'_>, rule: &Rule| {
        let mut diags = rule(ctx);
        ctx.annotate(&mut diags);
        diags
    };
    // Below this a thread costs more than it saves.
    let large = ctx.app.services.len() + ctx.app.jobs.len() >= 50;
    if !large {
        return RULES.iter().flat_map(|rule| run_one(ctx, rule)).collect();
    }
    // Filled once here, shared by the copies.
    ctx.strings();
    crate::parallel::map_with(RULES, 1, || ctx.clone(), |ctx, rule| run_one(ctx, rule))
        .into_iter()
        .flatten()
        .collect()
}

pub use crate::resolved::is_fargate;

/// The cluster's default strategy: `cluster.default`, else every capacity with a weight.
pub fn default_strategy(app: &App) -> Vec<String> {
    capacity::declared_default(&app.cluster)
        .into_iter()
        .map(|e| e.capacity)
        .collect()
}

/// The providers a service's tasks may run on (no providers at all means plain Fargate).
pub fn providers(app: &App, service: &Service) -> Vec<String> {
    capacity::declared_providers(&app.cluster, service.capacity.as_ref())
}

/// Whether a service runs only on Fargate, where task sizes are restricted.
pub fn runs_on_fargate(app: &App, service: &Service) -> bool {
    providers(app, service).iter().all(|p| is_fargate(p))
}

/// Where a rule should point.
#[derive(Debug, Clone)]
pub enum Place {
    /// The value at a pointer relative to a service.
    Service(String, String),
    /// The key at a pointer relative to a service.
    ServiceKey(String, String),
    /// The value at a pointer in the app file.
    App(String),
    /// The key at a pointer in the app file.
    AppKey(String),
}

impl Place {
    pub fn span(&self, ctx: &Context<'_>) -> crate::diagnostic::Span {
        match self {
            Self::Service(service, pointer) => ctx.span(service, pointer),
            Self::ServiceKey(service, pointer) => ctx.key_span(service, pointer),
            Self::App(pointer) => ctx.app_span(pointer),
            Self::AppKey(pointer) => ctx.app_key_span(pointer),
        }
    }
}

/// One provider entry of a strategy with its numbers.
#[derive(Debug, Clone)]
pub struct StrategyItemRef {
    pub name: String,
    pub base: Option<u32>,
    pub weight: Option<u32>,
    pub base_place: Place,
}

/// A capacity-provider strategy as written: a service's `capacity` or the cluster default.
#[derive(Debug, Clone)]
pub struct Strategy {
    /// "service `cart`", "job `nightly`" or "the cluster default strategy".
    pub owner: String,
    /// Each provider name and where it is written.
    pub items: Vec<(String, Place)>,
    /// Providers with base and weight (empty for a single named capacity).
    pub numbers: Vec<StrategyItemRef>,
    /// The strategy as a whole.
    pub whole: Place,
}

/// Every strategy of the app: each service's `capacity` and the cluster default.
pub fn strategy_places(ctx: &Context<'_>) -> Vec<Strategy> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, s) = (&w.name.to_owned(), w.service);
        let owner = w.describe();
        let whole = Place::ServiceKey(name.clone(), "/capacity".to_owned());
        match &s.capacity {
            Some(CapacityChoice::Name(n)) => out.push(Strategy {
                owner,
                items: vec![(
                    n.clone(),
                    Place::Service(name.clone(), "/capacity".to_owned()),
                )],
                numbers: Vec::new(),
                whole,
            }),
            Some(CapacityChoice::Strategy(items)) => out.push(Strategy {
                owner,
                items: items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        (
                            it.provider.clone(),
                            Place::Service(name.clone(), format!("/capacity/{i}/provider")),
                        )
                    })
                    .collect(),
                numbers: items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| StrategyItemRef {
                        name: it.provider.clone(),
                        base: it.base,
                        weight: it.weight,
                        base_place: Place::Service(name.clone(), format!("/capacity/{i}/base")),
                    })
                    .collect(),
                whole,
            }),
            None => {}
        }
    }
    let cluster = &ctx.app.cluster;
    let numbers_of = |n: &str| {
        let (base, weight) = cluster
            .capacity
            .get(n)
            .map_or((None, None), capacity::base_weight);
        StrategyItemRef {
            name: n.to_owned(),
            base,
            weight,
            base_place: Place::App(format!("/cluster/capacity/{}/base", escape_token(n))),
        }
    };
    let (items, whole): (Vec<(String, Place)>, Place) = match &cluster.default {
        Some(names) => (
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), Place::App(format!("/cluster/default/{i}"))))
                .collect(),
            Place::AppKey("/cluster/default".to_owned()),
        ),
        None => (
            default_strategy(&ctx.app)
                .into_iter()
                .map(|n| {
                    let p = Place::AppKey(format!("/cluster/capacity/{}", escape_token(&n)));
                    (n, p)
                })
                .collect(),
            Place::AppKey("/cluster/capacity".to_owned()),
        ),
    };
    if !items.is_empty() {
        out.push(Strategy {
            owner: "the cluster default strategy".to_owned(),
            numbers: items.iter().map(|(n, _)| numbers_of(n)).collect(),
            items,
            whole,
        });
    }
    out
}

/// Why a route has no single receiving container.
#[derive(Debug, Clone)]
pub enum RoutedError {
    /// `route.container` names no container of the service.
    Unknown(String),
    /// Several containers have ports and the route names none of them.
    Ambiguous(Vec<String>),
}

/// The container that receives a service's routed traffic (`None` without containers).
pub fn routed_container(service: &Service) -> Result<Option<ContainerRef>, RoutedError> {
    let containers = Context::containers(service);
    if let Some(wanted) = service.route.as_ref().and_then(|r| r.container.as_ref()) {
        return containers
            .into_iter()
            .find(|c| &c.name == wanted)
            .map(Some)
            .ok_or_else(|| RoutedError::Unknown(wanted.clone()));
    }
    if containers.len() <= 1 {
        return Ok(containers.into_iter().next());
    }
    let with_ports: Vec<&ContainerRef> = containers
        .iter()
        .filter(|c| c.container.port.is_some())
        .collect();
    match with_ports.as_slice() {
        [] => Ok(containers.into_iter().next()),
        [one] => Ok(Some((*one).clone())),
        many => Err(RoutedError::Ambiguous(
            many.iter().map(|c| c.name.clone()).collect(),
        )),
    }
}

/// Every declared call: (caller, index in its `calls`, callee), by caller name.
pub fn declared_calls<'c>(ctx: &'c Context<'_>) -> Vec<(&'c str, usize, &'c str)> {
    ctx.app
        .services
        .iter()
        .flat_map(|(caller, s)| {
            s.calls
                .iter()
                .enumerate()
                .map(move |(i, callee)| (caller.as_str(), i, callee.as_str()))
        })
        .collect()
}
