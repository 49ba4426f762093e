//! The pipeline's source. A connection must be a CodeConnections (or CodeStar Connections) ARN of
//! the pipeline's partition (FF0505); an S3 source is a `.zip` object (FF0506), the only form
//! CodePipeline's S3 action unpacks; CodeCommit is closed to new AWS customers (FF0507, a warning);
//! monorepo mode filters pushes by file path, which only connection sources offer (FF0508).
//!
//! # FF0505
//!
//! `source.connection` is the ARN of a CodeConnections connection (create it once in the console
//! and complete the handshake with GitHub, GitLab or Bitbucket), in the pipeline's partition (in
//! GovCloud: of the pipeline's own region, `us-gov-east-1`).
//!
//! ```yaml
//! source:
//!   connection: arn:aws:codeconnections:us-east-1:111122223333:connection/0c5a1e4f-…
//!   repository: acme/shop
//!   branch: main
//! ```
//!
//! # FF0506
//!
//! CodePipeline's S3 source takes one `.zip` object in a versioned bucket; a new version starts the
//! pipeline.
//!
//! ```yaml
//! source:
//!   s3: { bucket: acme-sources, key: shop/source.zip }
//! ```
//!
//! # FF0507
//!
//! AWS CodeCommit is closed to new customers (since July 2024): accounts that never used it cannot
//! create repositories. Existing repositories keep working (a warning); a CodeConnections source
//! (GitHub, GitLab, Bitbucket) is the way forward.
//!
//! # FF0508
//!
//! `per-service: true` starts each service's pipeline only when its files change, with CodePipeline
//! V2 file-path triggers, which exist only for CodeConnections sources.
//!
//! ```yaml
//! pipeline:
//!   per-service: true
//!   source: { connection: arn:aws:codeconnections:…, repository: acme/shop, branch: main }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Source;
use crate::partition::{Partition, partition_of};

fn connection_arn_ok(arn: &str, home: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    *prefix == "arn"
        && partition_of(home).is_none_or(|p| p.name() == *partition)
        && matches!(*service, "codeconnections" | "codestar-connections")
        && partition_of(region).is_some()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && resource
            .strip_prefix("connection/")
            .is_some_and(|id| !id.is_empty())
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match &p.source {
        Source::Connection(c) if !connection_arn_ok(&c.connection, &p.region) => {
            let partition = partition_of(&p.region).map_or("aws", |p| p.name());
            out.push(
                Diagnostic::error(
                    Code::FF0505,
                    format!("`{}` is not a connection ARN of partition `{partition}`", c.connection),
                )
                .label(ctx.app_span("/pipeline/source/connection"), "expected a connection ARN")
                .help(format!("write `arn:{partition}:codeconnections:REGION:ACCOUNT:connection/ID` (the console shows it once the connection is available)")),
            );
        }
        // The GovCloud user guide: connections exist only in US-East, and a connection there
        // serves no pipeline outside that region (the regions are isolated).
        Source::Connection(c)
            if partition_of(&p.region) == Some(Partition::GovCloud)
                && c.connection.split(':').nth(3) != Some(p.region.as_str()) =>
        {
            out.push(
                Diagnostic::error(
                    Code::FF0505,
                    format!("`{}` is not a connection of the pipeline's region `{}`", c.connection, p.region),
                )
                .label(ctx.app_span("/pipeline/source/connection"), "GovCloud connections serve only pipelines of their own region")
                .help("create the connection in `us-gov-east-1` (the GovCloud region with connections), run the pipeline there, and write its ARN `arn:aws-us-gov:codeconnections:us-gov-east-1:ACCOUNT:connection/ID`"),
            );
        }
        Source::S3(s)
            if !std::path::Path::new(&s.s3.key)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip")) =>
        {
            out.push(
            Diagnostic::error(
                Code::FF0506,
                format!("s3 source `{}` is not a `.zip` object", s.s3.key),
            )
            .label(ctx.app_span("/pipeline/source/s3/key"), "CodePipeline unpacks a zip")
            .help("upload the repository as a zip (e.g. `git archive -o source.zip HEAD`) and name that key"),
        );
        }
        Source::CodeCommit(c) => out.push(
            Diagnostic::warning(
                Code::FF0507,
                format!("codecommit repository `{}`: CodeCommit is closed to new AWS customers", c.codecommit),
            )
            .label(ctx.app_key_span("/pipeline/source/codecommit"), "works only in accounts that already use CodeCommit")
            .help("prefer a CodeConnections source (`connection`, `repository`, `branch`) for GitHub, GitLab or Bitbucket"),
        ),
        _ => {}
    }
    if p.per_service && !matches!(p.source, Source::Connection(_)) {
        out.push(
            Diagnostic::error(
                Code::FF0508,
                "`per-service` pipelines need a connection source".to_owned(),
            )
            .label(
                ctx.app_span("/pipeline/per-service"),
                "file-path triggers need a Git connection",
            )
            .help(
                "use `source: { connection: …, repository: …, branch: … }`, or drop `per-service`",
            ),
        );
    }
    out
}
