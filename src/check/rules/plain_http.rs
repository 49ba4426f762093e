//! FF0407 (warning): an internet-facing load balancer without `ingress.certificate` serves its
//! routes over plain HTTP, so requests and responses cross the internet unencrypted. It is a
//! valid choice (a CDN or another proxy may terminate TLS in front), hence a warning; the
//! emitted listener carries a checkov skip (`CKV_AWS_2`, `CKV_AWS_103`) that names this choice.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0407",
    title: "public load balancer without a certificate",
    explanation: "A service has a `route`, the load balancer is internet-facing (`ingress.public`, the \
default) and there is no `ingress.certificate`, so traffic is plain HTTP on port 80. Add an ACM \
certificate (one ARN, or one per region) to serve HTTPS on 443 and redirect HTTP to it, or make the \
load balancer internal.\n\n```yaml\ningress:\n  public: true\n  certificate: \
arn:aws:acm:us-east-1:123456789012:certificate/…   # HTTPS, HTTP redirected\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let ingress = ctx.app.ingress.as_ref();
    if ingress.is_some_and(|i| !i.public || i.certificate.is_some()) {
        return Vec::new();
    }
    let Some((service, _)) = ctx.app.services.iter().find(|(_, s)| s.route.is_some()) else {
        return Vec::new();
    };
    let (span, label) = if ingress.is_some() {
        (ctx.app_key_span("/ingress"), "no `certificate` here")
    } else {
        (
            ctx.span(service, "/route"),
            "served by a public load balancer",
        )
    };
    vec![
        Diagnostic::warning(
            "FF0407",
            "the public load balancer serves plain http: there is no `ingress.certificate`",
        )
        .label(span, label)
        .help(
            "add `ingress.certificate` (an acm certificate arn, or one per region) for https with \
             http redirected, or set `ingress.public: false`",
        ),
    ]
}
