//! A typed CloudFormation IR. It knows nothing of blueprints: lowering builds it, `emit` writes it.

mod expr;
mod logical_id;
pub mod resources;
mod template;

pub use expr::{Expr, Pseudo, Value};
pub use logical_id::LogicalId;
pub use template::{Output, Parameter, Properties, Resource, Template};
