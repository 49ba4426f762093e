//! Per-region overrides of an environment: `environments.{env}.overrides.{region}` holds a
//! partial app (`services`, `jobs`, `cluster`, `ingress`, `tags`) merged over the app in that
//! region, so any blueprint value (a count, a flag, a list) can differ per region.
//!
//! The parts stay JSON here: they are only meaningful once merged over the app, and `check`
//! validates the merged result against the schema before any model is built from it. The typed
//! result, the app as one region deploys it, is [`crate::resolved::App::target_app`] (and each
//! [`crate::resolved::Target`]'s `app`): later stages never see this JSON.

use std::collections::BTreeMap;

/// Region → the partial app merged over the app in that region.
pub type RegionOverrides = BTreeMap<String, serde_json::Map<String, serde_json::Value>>;

/// The keys of the app that an override may set.
pub const OVERRIDABLE: &[&str] = &["services", "jobs", "cluster", "ingress", "tags"];
