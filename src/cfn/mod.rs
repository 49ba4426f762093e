//! A typed CloudFormation IR. It knows nothing of blueprints: lowering builds it, `emit` writes it.

mod expr;
mod logical_id;
mod order;
mod properties;
pub mod resources;
pub mod scan;
mod template;

pub use expr::{Expr, Pseudo, Value};
pub use logical_id::LogicalId;
pub use properties::{Properties, Props};
pub use template::{Checkov, CheckovSkip, Metadata, Output, Parameter, Resource, Template};
