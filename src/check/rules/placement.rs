//! What the placement rules (FF0330-FF0337) share: every owner of a `placement` (services; jobs
//! join by adding their entries in [`owners`]), its EC2 capacities, its expressions and their
//! interpolated text per environment × region.

use std::collections::BTreeSet;

use crate::check::context::Context;
use crate::diagnostic::Span;
use crate::interp::{self, Scope};
use crate::model::{Capacity, CapacityChoice, Ec2Capacity, Placement, Scheduling};
use crate::placement::eval::Facts;
use crate::placement::expr::{self, Range};
use crate::placement::{self, Constraint, Expanded, Strategy};
use crate::resolved;
use crate::source::{Document, escape_token};

/// Something that runs tasks with a placement.
pub struct Owner<'a> {
    /// The file that defines it.
    pub doc: &'a Document,
    /// JSON pointer of `placement` in `doc`, e.g. `/services/cart/placement`.
    pub base: String,
    /// "service `cart`", for messages.
    pub name: String,
    pub expanded: Expanded,
    /// The capacity providers its tasks run on (empty: plain Fargate).
    pub providers: Vec<String>,
    /// A daemon service: ECS takes no placement strategy for it, and fleetform adds one
    /// `memberOf` constraint of its own (its capacities).
    pub daemon: bool,
}

/// Every owner of a placement in the app.
pub fn owners<'a>(ctx: &'a Context<'a>) -> Vec<Owner<'a>> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let Some(placement) = &service.placement else {
            continue;
        };
        let doc = ctx.service_docs.get(name).copied().unwrap_or(ctx.app_doc);
        let mut o = owner(
            ctx,
            doc,
            format!("/services/{}/placement", escape_token(name)),
            format!("service `{name}`"),
            placement,
            service.capacity.as_ref(),
        );
        o.daemon = service.scheduling == Scheduling::Daemon;
        out.push(o);
    }
    for (name, job) in &ctx.app.jobs {
        let Some(placement) = &job.placement else {
            continue;
        };
        let doc = ctx.job_docs.get(name).copied().unwrap_or(ctx.app_doc);
        out.push(owner(
            ctx,
            doc,
            format!("/jobs/{}/placement", escape_token(name)),
            format!("job `{name}`"),
            placement,
            job.capacity.as_ref(),
        ));
    }
    out
}

/// An owner of a placement at `base` in `doc`, whose tasks run on `capacity` (or the cluster
/// default).
pub fn owner<'a>(
    ctx: &Context<'_>,
    doc: &'a Document,
    base: String,
    name: String,
    placement: &'a Placement,
    capacity: Option<&CapacityChoice>,
) -> Owner<'a> {
    let providers = resolved::capacity::declared_providers(&ctx.app.cluster, capacity);
    Owner {
        doc,
        base,
        name,
        expanded: placement::expand(placement),
        providers,
        daemon: false,
    }
}

/// An expression or a spread field as written, with its absolute pointer.
pub struct Written<'o> {
    pub text: &'o str,
    pub pointer: String,
}

impl Owner<'_> {
    /// The EC2 capacities the owner runs on (declared ones only), by name.
    pub fn ec2<'c>(&self, ctx: &'c Context<'_>) -> Vec<(&'c str, &'c Ec2Capacity)> {
        self.providers
            .iter()
            .filter(|p| !super::is_fargate(p))
            .filter_map(|p| match ctx.app.cluster.capacity.get_key_value(p) {
                Some((name, Capacity::Ec2(e))) => Some((name.as_str(), e)),
                _ => None,
            })
            .collect()
    }

    /// Custom attributes some EC2 capacity of the owner declares.
    pub fn declared<'c>(&self, ctx: &'c Context<'_>) -> BTreeSet<&'c str> {
        self.ec2(ctx)
            .iter()
            .flat_map(|(_, c)| c.attributes.keys().map(String::as_str))
            .collect()
    }

    /// What is known of each EC2 capacity's instances.
    pub fn facts<'c>(&self, ctx: &'c Context<'_>) -> Vec<(&'c str, Facts<'c>)> {
        self.ec2(ctx)
            .into_iter()
            .map(|(name, c)| {
                (
                    name,
                    Facts {
                        instance_type: &c.instance,
                        arch: &c.arch,
                        attributes: &c.attributes,
                    },
                )
            })
            .collect()
    }

    /// Every `memberOf` expression (preset `affinity` included).
    pub fn expressions(&self) -> Vec<Written<'_>> {
        self.expanded
            .constraints
            .iter()
            .filter_map(|(c, at)| match c {
                Constraint::MemberOf(text) => Some(Written {
                    text,
                    pointer: format!("{}{at}", self.base),
                }),
                Constraint::DistinctInstance => None,
            })
            .collect()
    }

    /// Every `spread` field.
    pub fn spread_fields(&self) -> Vec<Written<'_>> {
        self.expanded
            .strategies
            .iter()
            .filter_map(|(s, at)| match s {
                Strategy::Spread(text) => Some(Written {
                    text,
                    pointer: format!("{}{at}", self.base),
                }),
                _ => None,
            })
            .collect()
    }

    /// The span of the whole value at `pointer`.
    pub fn span(&self, ctx: &Context<'_>, pointer: &str) -> Span {
        ctx.span_in(self.doc, pointer)
    }

    /// The span of bytes `at` of the string at `pointer`.
    pub fn inner(&self, ctx: &Context<'_>, pointer: &str, at: Range) -> Span {
        ctx.inner_span(self.doc, pointer, at.0, at.1)
    }
}

/// One environment × region and its interpolation names.
pub struct Target {
    pub env: String,
    pub region: String,
    pub scope: Scope,
}

/// Every environment × region of the app.
pub fn targets(ctx: &Context<'_>) -> Vec<Target> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let regions: BTreeSet<&String> = e.regions.iter().collect();
        for region in regions {
            out.push(Target {
                env: env.clone(),
                region: region.clone(),
                scope: Scope::for_target(&ctx.app, env, region),
            });
        }
    }
    out
}

/// The text of a string in one target: interpolated, with deploy-time names as `${…}`.
pub fn rendered(text: &str, target: &Target) -> String {
    match interp::render(text, &target.scope) {
        interp::Rendered::Literal(s) | interp::Rendered::Sub(s) => s,
    }
}

/// Maps a range of an interpolated expression back to the text as written: token by token,
/// when both have the same tokens (interpolation stayed inside words).
pub fn written_range(written: &str, rendered: &str, at: Range) -> Option<Range> {
    if written == rendered {
        return Some(at);
    }
    let a = expr::token_ranges(written);
    let b = expr::token_ranges(rendered);
    if a.len() != b.len() {
        return None;
    }
    let first = b.iter().position(|r| r.0 == at.0)?;
    let last = b.iter().position(|r| r.1 == at.1)?;
    Some((a[first].0, a[last].1))
}

/// `` `us-east-1` (environment `prod`), … ``, or "every region" when all targets fail.
pub fn where_(failing: &[(String, String)], all: usize) -> String {
    if failing.len() == all {
        return String::new();
    }
    format!(
        " in {}",
        failing
            .iter()
            .map(|(env, region)| format!("`{region}` (environment `{env}`)"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A problem with one value of an expression: where, the value, and the (environment, region)
/// targets it occurs in.
pub type Found = (Span, String, Vec<(String, String)>);

/// The `attribute:ecs.availability-zone` values of expression `w` (after interpolation, per
/// target) that `bad` rejects, grouped by where they are written.
pub fn zone_values(
    ctx: &Context<'_>,
    o: &Owner<'_>,
    w: &Written<'_>,
    targets: &[Target],
    bad: impl Fn(&str, &Target) -> bool,
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for t in targets {
        let text = rendered(w.text, t);
        let Ok(e) = expr::parse(&text) else {
            continue;
        };
        for c in expr::comparisons(&e) {
            if c.subject != expr::Subject::Attribute("ecs.availability-zone".to_owned())
                || !matches!(
                    c.op,
                    expr::Op::Eq | expr::Op::Ne | expr::Op::In | expr::Op::NotIn
                )
            {
                continue;
            }
            for a in &c.args {
                if a.text.contains("${") || !bad(&a.text, t) {
                    continue;
                }
                let span = written_range(w.text, &text, a.at).map_or_else(
                    || o.span(ctx, &w.pointer),
                    |at| o.inner(ctx, &w.pointer, at),
                );
                let target = (t.env.clone(), t.region.clone());
                match found.iter_mut().find(|f| f.0 == span && f.1 == a.text) {
                    Some(f) => f.2.push(target),
                    None => found.push((span, a.text.clone(), vec![target])),
                }
            }
        }
    }
    found
}

/// `` `us-east-1` (environment `prod`), … `` for a list of targets.
pub fn regions_of(failing: &[(String, String)]) -> String {
    failing
        .iter()
        .map(|(env, region)| format!("`{region}` (environment `{env}`)"))
        .collect::<Vec<_>>()
        .join(", ")
}
