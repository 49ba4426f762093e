//! A pipeline without `install`. fleetform is not published on crates.io, so a build image cannot
//! `cargo install fleetform` by name; the blueprint pins what the build installs (a source revision
//! or a checksummed release archive), so every run installs the same fleetform, the one whose
//! output the checked-in snapshots were reviewed against.
//!
//! # FF0514
//!
//! The pipeline's build runs `fleetform check` and `fleetform build`, so its image needs fleetform.
//! fleetform is not published on crates.io: name a pinned source (a full 40-hex commit; the build
//! runs `cargo install --locked --no-default-features --git GIT --rev REV fleetform`), a release
//! archive with its SHA-256 (a `.tar.gz` with `fleetform` at its root; the build stops when the
//! checksum differs), or commands of your own (e.g. `["command -v fleetform"]` for an image that
//! has it).
//!
//! ```yaml
//! pipeline:
//!   install: { git: https://github.com/acme/fleetform, rev: 0123456789abcdef0123456789abcdef01234567 }
//!   # install: { archive: https://example.com/fleetform-x86_64-linux.tar.gz, sha256: 64-hex }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    if p.install.is_some() {
        return Vec::new();
    }
    vec![
        Diagnostic::error(
            Code::FF0514,
            "the pipeline does not say how its build installs fleetform".to_owned(),
        )
        .label(
            ctx.app_key_span("/pipeline"),
            "no `install`: fleetform is not on crates.io",
        )
        .help("pin the fleetform the build installs: add `install: { git: https://github.com/OWNER/fleetform, rev: COMMIT }` under `pipeline` with your fleetform repository and its full 40-hex commit, or `{ archive: URL, sha256: HEX }` for a release archive; with a `build.image` that has fleetform, add `install: [\"command -v fleetform\"]`"),
    ]
}
