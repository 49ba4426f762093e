//! The host and path values of each route as the load balancer receives them: every value as
//! rendered for each environment × region it is built for (a value with `{{…}}` can differ per
//! target; one that names a deploy-time value such as `{{account}}` is unknown until deploy and
//! left alone), with where it is written. Shared by the rules on listener-rule values
//! (FF0441-FF0443); the default host (`ingress.domain`, or the `domain` of the service's load
//! balancer in `ingress.load-balancers`) counts as a host of every route without
//! `host`.

use super::{Place, rendered};
use crate::check::context::Context;
use crate::interp::Scope;
use crate::model::StringOrList;
use crate::source::escape_token;

/// A listener-rule condition: the host header or the path pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Host,
    Path,
}

/// One value of a route's condition.
#[derive(Debug, Clone)]
pub struct RouteValue {
    pub field: Field,
    /// The text as written.
    pub written: String,
    /// The distinct texts it renders to, in target order.
    pub rendered: Vec<String>,
    pub place: Place,
}

/// The host of service `name`'s route without `host`, and where it is written: the `domain`
/// of its load balancer in `ingress.load-balancers`, else `ingress.domain`.
fn default_host<'c>(ctx: &'c Context<'_>, name: &str) -> Option<(&'c String, String)> {
    let ingress = ctx.app.ingress.as_ref()?;
    let own = ctx.app.load_balancer_of(name).and_then(|lb| {
        let domain = ingress.load_balancers.as_ref()?.get(lb)?.domain.as_ref()?;
        let pointer = format!("/ingress/load-balancers/{}/domain", escape_token(lb));
        Some((domain, pointer))
    });
    own.or_else(|| Some((ingress.domain.as_ref()?, "/ingress/domain".to_owned())))
}

/// The routes: (service, its host and path values), by service name.
pub fn routes<'c>(ctx: &'c Context<'_>) -> Vec<(&'c str, Vec<RouteValue>)> {
    let scopes = rendered::scopes(ctx);
    ctx.app
        .services
        .iter()
        .filter_map(|(name, s)| {
            let route = s.route.as_ref()?;
            let mut values = Vec::new();
            match (&route.host, default_host(ctx, name)) {
                (Some(hosts), _) => {
                    values.extend(listed(name, "host", hosts, Field::Host, &scopes));
                }
                (None, Some((domain, pointer))) => {
                    values.push(value(Field::Host, domain, Place::App(pointer), &scopes));
                }
                (None, None) => {}
            }
            if let Some(paths) = &route.path {
                values.extend(listed(name, "path", paths, Field::Path, &scopes));
            }
            Some((name.as_str(), values))
        })
        .collect()
}

fn listed(
    service: &str,
    key: &str,
    values: &StringOrList,
    field: Field,
    scopes: &[Scope],
) -> Vec<RouteValue> {
    match values {
        StringOrList::One(text) => vec![value(
            field,
            text,
            Place::Service(service.to_owned(), format!("/route/{key}")),
            scopes,
        )],
        StringOrList::Many(texts) => texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let place = Place::Service(service.to_owned(), format!("/route/{key}/{i}"));
                value(field, text, place, scopes)
            })
            .collect(),
    }
}

fn value(field: Field, text: &str, place: Place, scopes: &[Scope]) -> RouteValue {
    RouteValue {
        field,
        written: text.to_owned(),
        rendered: rendered::texts(text, scopes),
        place,
    }
}

/// A value of `field` that `problem` refuses: its service, the value, the first refused
/// rendering and why (from `problem`).
pub struct Refused<'c> {
    pub service: &'c str,
    pub value: RouteValue,
    pub text: String,
    pub why: String,
}

/// Every value of `field` whose rendering `problem` refuses, by service.
pub fn refused<'c>(
    ctx: &'c Context<'_>,
    field: Field,
    problem: fn(&str) -> Option<String>,
) -> Vec<Refused<'c>> {
    let mut out = Vec::new();
    for (service, values) in routes(ctx) {
        for value in values.into_iter().filter(|v| v.field == field) {
            let found = value
                .rendered
                .iter()
                .find_map(|r| problem(r).map(|why| (r.clone(), why)));
            if let Some((text, why)) = found {
                out.push(Refused {
                    service,
                    value,
                    text,
                    why,
                });
            }
        }
    }
    out
}

/// The text to show for a value: as written, and as rendered when that differs.
pub fn shown(written: &str, rendered: &str) -> String {
    if written == rendered {
        format!("`{written}`")
    } else {
        format!("`{written}` (`{rendered}`)")
    }
}
