//! A placement expression on `attribute:ecs.ami-id`. fleetform's EC2 capacities boot the current
//! ECS-optimised AMI, resolved from its public SSM parameter at each deployment, so the AMI ID
//! differs per region and changes whenever AWS publishes a new image: an ID written in the
//! blueprint matches no instance (`==`, `in`), or every instance (`!=`, `!in`), in any region. A
//! capacity cannot pin an AMI, so the comparison is rejected.
//!
//! # FF0461
//!
//! fleetform's instances run the current ECS-optimised AMI from the public SSM parameter of their
//! region, so no AMI ID written in a blueprint stays theirs: it differs per region and changes with
//! every new image. A constraint on `attribute:ecs.ami-id` therefore matches no instance. To keep
//! tasks on particular instances, give their capacity an attribute and compare that.
//!
//! ```yaml
//! cluster:
//!   capacity:
//!     batch: { instance: m7g.large, max: 4, attributes: { pool: batch } }
//! …
//! affinity: "attribute:ecs.ami-id == ami-0abcdef1234567890"   # "attribute:pool == batch"
//! ```

use crate::check::context::Context;
use super::placement::owners;
use crate::diagnostic::{Code, Diagnostic};
use crate::placement::expr::{self, Subject};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in owners(ctx) {
        for w in o.expressions() {
            let Ok(e) = expr::parse(w.text) else {
                continue;
            };
            for c in expr::comparisons(&e) {
                if c.subject != Subject::Attribute("ecs.ami-id".to_owned()) {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        Code::FF0461,
                        format!(
                            "the placement of {} compares `attribute:ecs.ami-id`, which no instance keeps",
                            o.name
                        ),
                    )
                    .label(
                        o.inner(ctx, &w.pointer, c.subject_at),
                        "instances boot the current ecs-optimised ami of their region",
                    )
                    .help("remove this comparison (the whole constraint if it is the only one); to choose instances, compare an attribute declared under the capacity's `attributes`"),
                );
            }
        }
    }
    out
}
