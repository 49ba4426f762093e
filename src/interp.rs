//! `{{name}}` interpolation in blueprint strings, through handlebars in strict mode with HTML
//! escaping off. Names known at compile time become literal text; deploy-time names
//! (`{{account}}` without a configured account, `{{tag}}`) become `${…}` references, and a string
//! that uses one is emitted as `Fn::Sub` (with literal `${` in the user's text escaped as `${!`).
//!
//! (Interface stub: the handlebars implementation is pending.)

use std::collections::BTreeMap;

use crate::cfn::Value;

/// What each interpolation name stands for in one environment × region.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Compile-time values: `app`, `env`, `region`, `partition`, `url_suffix`, `account` (when
    /// the environment names one) and the user's `vars`.
    pub literals: BTreeMap<String, String>,
    /// Deploy-time values: name → the `Fn::Sub` variable, e.g. `account` → `AWS::AccountId`,
    /// `tag` → `ImageTag`.
    pub deploy_time: BTreeMap<String, String>,
}

/// A problem in one string, with a byte range relative to the start of that string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpError {
    pub code: &'static str,
    pub message: String,
    pub help: String,
    pub start: usize,
    pub end: usize,
}

/// Checks a string against a scope: syntax, only plain names, every name known.
pub fn check(text: &str, scope: &Scope) -> Vec<InterpError> {
    let _ = (text, scope);
    Vec::new()
}

/// Renders a checked string: a literal, or `Fn::Sub` when it uses a deploy-time name.
pub fn render(text: &str, scope: &Scope) -> Value {
    let _ = scope;
    Value::Str(text.to_owned())
}
