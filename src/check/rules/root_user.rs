//! `user: root` (or UID 0) while `hardening.non-root` is on. Hardened tasks run as a non-root
//! user: a process that escapes its container, or writes where it should not, then does so
//! without root's rights. fleetform cannot see an image's own `USER`, so it can only refuse
//! root where the blueprint names it; `hardening: {non-root: false}` states that a container
//! runs as root on purpose.
//!
//! # FF0324
//!
//! The service (or job) sets its containers' user to root. Use a non-root UID, ideally the one
//! the image was built for (many images create one, e.g. `101` for `nginx-unprivileged`,
//! `1000` for `node`, `65532` for distroless `nonroot`), or opt out explicitly.
//!
//! ```yaml
//! user: "0"   # root
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Whether `user` names root: `root` or UID 0 (any number of zeros), with or without a group.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || (!name.is_empty() && name.bytes().all(|b| b == b'0'))
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.workloads()
        .filter(|w| w.service.hardening.non_root)
        .filter_map(|w| {
            let user = w.service.user.as_deref().filter(|u| is_root(u))?;
            Some(
                Diagnostic::error(
                    Code::FF0324,
                    format!("{} runs its containers as root (`{user}`)", w.describe()),
                )
                .label(ctx.span(w.name, "/user"), "root")
                .help("set `user` to a non-root UID such as `\"1000\"`, or add `hardening: {non-root: false}`"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::is_root;

    #[test]
    fn root_by_name_or_uid() {
        assert!(is_root("root"));
        assert!(is_root("0"));
        assert!(is_root("00:0"));
        assert!(is_root("root:app"));
        assert!(!is_root("1000"));
        assert!(!is_root("10"));
        assert!(!is_root("nginx:0"));
        assert!(!is_root("rooted"));
    }
}
