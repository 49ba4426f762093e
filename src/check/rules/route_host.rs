//! FF0441: a route host the load balancer rejects. A host-header value (ELB API
//! `HostHeaderConditionConfig`, ALB guide "Host conditions") is at most 128 characters of
//! A-Z a-z 0-9 `-` `.` and the wildcards `*` `?`, with at least one `.` and only letters after
//! the last one. `CloudFormation` would fail the listener rule mid-deploy, so check each host as
//! rendered, the default host `ingress.domain` included.

use super::route_text::{Field, routes, shown};
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0441",
    title: "route host the load balancer rejects",
    explanation: "A route `host` (and `ingress.domain`, the default host) is matched by a \
load-balancer host condition: at most 128 characters of letters, digits, `-` and `.`, with `*` \
(any characters) and `?` (one character) as wildcards, at least one `.`, and only letters after \
the last `.`.\n\n```yaml\nroute: { host: \"bad host_name!\" }\n```",
};

/// The longest host value a condition accepts.
pub const MAX_LEN: usize = 128;

/// What is wrong with `host`, for the label; `None` when the load balancer accepts it.
pub fn problem(host: &str) -> Option<String> {
    let len = host.chars().count();
    if len > MAX_LEN {
        return Some(format!("{len} characters, more than {MAX_LEN}"));
    }
    if let Some(c) = host.chars().find(|c| !allowed(*c)) {
        return Some(format!("{} is not allowed in a host", describe(c)));
    }
    match host.rsplit_once('.') {
        None => Some("no `.` in the host".to_owned()),
        Some((_, last)) if last.is_empty() || !last.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some("only letters may follow the last `.`".to_owned())
        }
        Some(_) => None,
    }
}

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '*' | '?')
}

/// A character for a message: spaces and control characters by name.
pub fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '`' => "a backtick".to_owned(),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// A host the load balancer accepts, as close to `host` as a rewrite can be.
pub fn suggestion(host: &str) -> String {
    let cleaned: String = host
        .chars()
        .filter_map(|c| match c {
            c if allowed(c) => Some(c),
            '_' | ' ' => Some('-'),
            _ => None,
        })
        .collect();
    let mut s = cleaned.trim_matches(['-', '.']).to_owned();
    let tld_ok = s
        .rsplit_once('.')
        .is_some_and(|(_, t)| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphabetic()));
    if !tld_ok {
        s.push_str(".example.com");
    }
    if s.len() > MAX_LEN {
        // Keep the longest tail that fits after a `*` wildcard, starting at a label.
        let from = s
            .match_indices('.')
            .map(|(i, _)| i)
            .find(|i| s.len() - i < MAX_LEN)
            .unwrap_or(s.len() - 4);
        s = format!("*{}", &s[from..]);
    }
    s
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut default_reported = false;
    for (service, values) in routes(ctx) {
        for v in values.iter().filter(|v| v.field == Field::Host) {
            let Some((text, why)) = v
                .rendered
                .iter()
                .find_map(|r| problem(r).map(|why| (r, why)))
            else {
                continue;
            };
            let default = matches!(v.place, super::Place::App(_));
            if default && std::mem::replace(&mut default_reported, true) {
                continue;
            }
            let whose = if default {
                "the default host `ingress.domain`".to_owned()
            } else {
                format!("a host of service `{service}`")
            };
            out.push(
                Diagnostic::error(
                    "FF0441",
                    format!(
                        "{whose}, {}, is not a host the load balancer accepts",
                        shown(&v.written, text)
                    ),
                )
                .label(v.place.span(ctx), why)
                .help(format!(
                    "write a DNS name of letters, digits, `-` and `.` (`*` and `?` as wildcards), such as `{}`",
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
    fn hosts_follow_the_load_balancer_grammar() {
        for good in ["api.example.com", "*.example.com", "api-?.example.COM"] {
            assert_eq!(problem(good), None, "{good}");
        }
        for bad in [
            "bad host_name!",
            "localhost",
            "api.example.com.",
            "api.example.c0m",
            "api.example.*",
            &format!("{}.com", "a".repeat(125)),
        ] {
            assert!(problem(bad).is_some(), "{bad}");
            let fixed = suggestion(bad);
            assert_eq!(problem(&fixed), None, "{bad} -> {fixed}");
        }
        assert_eq!(suggestion("bad host_name!"), "bad-host-name.example.com");
    }
}
