//! An `alarms.notify` entry that is neither an email address nor an `https://` URL. The protocol of
//! the topic subscription follows from the form, and SNS rejects anything else only at deploy time.
//!
//! # FF0634
//!
//! Each `alarms.notify` entry subscribes to the environment's alarm topic: an email address
//! (`oncall@example.com`) or an `https://` endpoint. Entries with `{{…}}` are checked once
//! interpolated, at deploy time.
//!
//! ```yaml
//! alarms:
//!   notify: ["http://hooks.example.com"]   # https only
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

fn valid(endpoint: &str) -> bool {
    if endpoint.contains("{{") || endpoint.starts_with("https://") {
        return true;
    }
    let mut parts = endpoint.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(user), Some(domain), None)
            if !user.is_empty() && domain.contains('.') && !endpoint.contains(char::is_whitespace)
    )
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(alarms) = &ctx.app.alarms else {
        return Vec::new();
    };
    alarms
        .notify
        .iter()
        .enumerate()
        .filter(|(_, e)| !valid(e))
        .map(|(i, e)| {
            Diagnostic::error(
                Code::FF0634,
                format!("alarm subscription `{e}` is neither an email address nor an https URL"),
            )
            .label(
                ctx.app_span(&format!("/alarms/notify/{i}")),
                "not email or https",
            )
            .help("give an email address or an `https://` endpoint")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn accepts_email_https_and_interpolation_only() {
        assert!(valid("ops@example.com"));
        assert!(valid("https://hooks.example.com/x"));
        assert!(valid("{{oncall}}"));
        assert!(!valid("http://hooks.example.com"));
        assert!(!valid("ops"));
        assert!(!valid("a@b@example.com"));
    }
}
