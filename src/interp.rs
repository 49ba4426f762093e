//! `{{name}}` interpolation in blueprint strings, through handlebars in strict mode with HTML
//! escaping off. Names known at compile time become literal text; deploy-time names
//! (`{{account}}` without a configured account, `{{tag}}`) become `${…}` references, and a string
//! that uses one is emitted as `Fn::Sub` (with literal `${` in the user's text escaped as `${!`).
//!
//! (Interface stub: the handlebars implementation is pending.)

use std::collections::BTreeMap;

use crate::cfn::Value;
use crate::model::App;
use crate::partition;

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

impl Scope {
    /// The names available in `env` × `region` of `app`: built-ins, then app `vars`, then the
    /// environment's `vars` (which win). Unknown environments or regions give built-ins only.
    pub fn for_target(app: &App, env: &str, region: &str) -> Self {
        let mut literals = BTreeMap::new();
        let mut deploy_time = BTreeMap::new();
        let part = partition::partition_of(region).unwrap_or(partition::Partition::Aws);
        for (k, v) in &app.vars {
            literals.insert(k.clone(), v.clone());
        }
        let environment = app.environments.get(env);
        if let Some(e) = environment {
            for (k, v) in &e.vars {
                literals.insert(k.clone(), v.clone());
            }
        }
        literals.insert("app".to_owned(), app.name.clone());
        literals.insert("env".to_owned(), env.to_owned());
        literals.insert("region".to_owned(), region.to_owned());
        literals.insert("partition".to_owned(), part.name().to_owned());
        literals.insert("url_suffix".to_owned(), part.url_suffix().to_owned());
        match environment.and_then(|e| e.account.clone()) {
            Some(account) => {
                literals.insert("account".to_owned(), account);
            }
            None => {
                literals.remove("account");
                deploy_time.insert("account".to_owned(), "AWS::AccountId".to_owned());
            }
        }
        literals.remove("tag");
        deploy_time.insert("tag".to_owned(), "ImageTag".to_owned());
        Self {
            literals,
            deploy_time,
        }
    }
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
