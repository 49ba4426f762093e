//! A volume with both `root` and an `access-point`. An access point fixes the directory a client
//! sees as the file system's root; ECS refuses a task definition whose `RootDirectory` is
//! anything but `/` alongside an access point.
//!
//! # FF0394
//!
//! With `access-point`, the access point's `path` is what the containers see at the volume's
//! `path`; `root` (the directory to mount without an access point) cannot be combined with it.
//!
//! ```yaml
//! volumes:
//!   uploads:
//!     efs: create
//!     path: /uploads
//!     root: /shop            # either this…
//!     access-point: { uid: 1000, gid: 1000, path: /shop }   # …or this
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        for (volume_name, volume) in &service.volumes {
            let (Some(root), Some(_)) = (&volume.root, &volume.access_point) else {
                continue;
            };
            if root == "/" {
                continue;
            }
            let pointer = format!("/volumes/{volume_name}");
            out.push(
                Diagnostic::error(
                    Code::FF0394,
                    format!("volume `{volume_name}` of service `{name}` has both `root` and an `access-point`"),
                )
                .label(ctx.span(name, &format!("{pointer}/root")), "a root directory")
                .label(ctx.key_span(name, &format!("{pointer}/access-point")), "and an access point, whose `path` is the root")
                .help(format!("remove `root` and set `access-point.path: {root}` (the directory the access point confines the containers to)")),
            );
        }
    }
    out
}
