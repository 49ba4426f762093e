//! Typed property structs, one file per AWS service namespace. Each struct implements
//! [`super::Properties`] with its CloudFormation type name. Optional fields are `Option`s
//! skipped when `None`, so `null` can never be emitted.
