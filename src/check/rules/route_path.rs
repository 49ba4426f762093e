//! FF0442: a route path the load balancer rejects. A path-pattern value (ELB API
//! `PathPatternConditionConfig`, ALB guide "Path conditions") is at most 128 characters of
//! A-Z a-z 0-9 `_ - . $ / ~ " ' @ : + &` and the wildcards `*` `?`. `CloudFormation` would fail
//! the listener rule mid-deploy, so check each path as rendered.

use super::route_host::describe;
use super::route_text::{Field, routes, shown};
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0442",
    title: "route path the load balancer rejects",
    explanation: "A route `path` is matched by a load-balancer path condition (case-sensitive): \
at most 128 characters of letters, digits and `_ - . $ / ~ \" ' @ : + &`, with `*` (any \
characters) and `?` (one character) as wildcards. A character outside that set can be matched \
with `?`.\n\n```yaml\nroute: { path: \"/search results/*\" }\n```",
};

/// The longest path value a condition accepts.
const MAX_LEN: usize = 128;

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '_' | '-' | '.' | '$' | '/' | '~' | '"' | '\'' | '@' | ':' | '+' | '&' | '*' | '?'
        )
}

/// What is wrong with `path`, for the label; `None` when the load balancer accepts it.
fn problem(path: &str) -> Option<String> {
    let len = path.chars().count();
    if len > MAX_LEN {
        return Some(format!("{len} characters, more than {MAX_LEN}"));
    }
    path.chars()
        .find(|c| !allowed(*c))
        .map(|c| format!("{} is not allowed in a path", describe(c)))
}

/// `path` with each character the load balancer refuses matched by `?`, cut to fit with a `*`.
fn suggestion(path: &str) -> String {
    let mut s: String = path
        .chars()
        .map(|c| if allowed(c) { c } else { '?' })
        .collect();
    if s.chars().count() > MAX_LEN {
        s = s.chars().take(MAX_LEN - 1).chain(['*']).collect();
    }
    s
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (service, values) in routes(ctx) {
        for v in values.iter().filter(|v| v.field == Field::Path) {
            let Some((text, why)) = v
                .rendered
                .iter()
                .find_map(|r| problem(r).map(|why| (r, why)))
            else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    "FF0442",
                    format!(
                        "a path of service `{service}`, {}, is not a path pattern the load balancer accepts",
                        shown(&v.written, text)
                    ),
                )
                .label(v.place.span(ctx), why)
                .help(format!(
                    "match other characters with `?` and keep to 128 characters: `{}`",
                    suggestion(text)
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_load_balancer_grammar() {
        for good in ["/", "/api/*", "/a-b_c.d/$x~y\"z'@:+&?/*"] {
            assert_eq!(problem(good), None, "{good}");
        }
        let long = format!("/{}", "a".repeat(128));
        for bad in [
            "/search results/*",
            "/caf\u{e9}",
            "/a#b",
            "/a%20b",
            long.as_str(),
        ] {
            assert!(problem(bad).is_some(), "{bad}");
            assert_eq!(problem(&suggestion(bad)), None, "{bad}");
        }
        assert_eq!(suggestion("/search results/*"), "/search?results/*");
    }
}
