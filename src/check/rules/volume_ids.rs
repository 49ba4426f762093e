//! Volume settings that name AWS resources by ID: an `efs` that is neither `create` nor a file
//! system ID, a `security-group` that is not a security group ID, and a `security-group` on a
//! file system fleetform creates. IDs may come from `{{…}}` names (they differ per region), so
//! the schema cannot check them; this rule checks the value in every environment × region,
//! before CloudFormation or ECS would refuse it mid-deploy.
//!
//! # FF0395
//!
//! `efs` is `create` or the ID of an existing file system in the region (`fs-` and 8 to 17
//! hexadecimal digits, as the EFS console shows it). IDs differ per region: put them in
//! `region-vars` and write `{{name}}`.
//!
//! ```yaml
//! environments:
//!   prod:
//!     regions: [us-east-1, eu-west-1]
//!     region-vars:
//!       us-east-1: { media_fs: fs-0123456789abcdef0 }
//!       eu-west-1: { media_fs: fs-0fedcba9876543210 }
//! services:
//!   web:
//!     volumes:
//!       media: { efs: "{{media_fs}}", path: /media }
//! ```
//!
//! # FF0431
//!
//! `security-group` names the mount targets' group of an *existing* file system, which fleetform
//! opens to the service's tasks. A file system made with `efs: create` gets its own group, open to
//! NFS from the service only.
//!
//! ```yaml
//! volumes:
//!   media: { efs: create, path: /media, security-group: sg-0123456789abcdef0 }   # not with create
//! ```
//!
//! # FF0432
//!
//! `security-group` is the ID of a security group in the environment's VPC (`sg-` and 8 to 17
//! hexadecimal digits), per region through `region-vars` like the file system's ID.
//!
//! ```yaml
//! volumes:
//!   media: { efs: fs-0123456789abcdef0, path: /media, security-group: media-mounts }   # a name
//! ```

use super::rendered::{scopes, texts};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// `prefix-` and 8 to 17 lowercase hexadecimal digits (AWS issues 8 or 17; the schema's
/// `vpc-` and `subnet-` patterns allow the range between too).
pub fn is_id(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            (8..=17).contains(&hex.len())
                && hex
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let scopes = scopes(ctx);
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        for (volume_name, volume) in &service.volumes {
            let pointer = format!("/volumes/{volume_name}");
            if !volume.creates() {
                for fs in texts(&volume.efs, &scopes) {
                    if is_id(&fs, "fs") {
                        continue;
                    }
                    out.push(
                        Diagnostic::error(
                            Code::FF0395,
                            format!("`{fs}` (`efs` of volume `{volume_name}` of service `{name}`) is neither `create` nor a file system ID"),
                        )
                        .label(ctx.span(name, &format!("{pointer}/efs")), "not `create` or `fs-…`")
                        .help("write `efs: create` for a file system of this service, or an existing one's ID such as `fs-0123456789abcdef0` (per region through `region-vars`)"),
                    );
                }
            }
            let Some(group) = &volume.security_group else {
                continue;
            };
            let span = ctx.span(name, &format!("{pointer}/security-group"));
            if volume.creates() {
                out.push(
                    Diagnostic::error(
                        Code::FF0431,
                        format!("volume `{volume_name}` of service `{name}` names a `security-group` for a file system fleetform creates"),
                    )
                    .label(span, "only for an existing file system")
                    .label(ctx.span(name, &format!("{pointer}/efs")), "created here, with its own group")
                    .help("remove `security-group`: the created file system's group admits NFS from this service's tasks"),
                );
                continue;
            }
            for sg in texts(group, &scopes) {
                if is_id(&sg, "sg") {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        Code::FF0432,
                        format!("`{sg}` (`security-group` of volume `{volume_name}` of service `{name}`) is not a security group ID"),
                    )
                    .label(span, "not `sg-…`")
                    .help("write the ID of the file system's mount-target group, such as `sg-0123456789abcdef0` (per region through `region-vars`)"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_id;

    #[test]
    fn ids() {
        assert!(is_id("fs-0123abcd", "fs"));
        assert!(is_id("fs-0123456789abcdef0", "fs"));
        assert!(is_id("sg-0123456789abcdef0", "sg"));
        assert!(!is_id("fs-0123456789ABCDEF0", "fs"));
        assert!(!is_id("fs-0123abc", "fs"));
        assert!(!is_id("fs-0123456789abcdef01", "fs"));
        assert!(!is_id("sg-0123abcd", "fs"));
        assert!(!is_id("fs0123abcd", "fs"));
        assert!(!is_id("arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-0123abcd", "fs"));
    }
}
