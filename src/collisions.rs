//! FF0398: two apps of one build that would emit a stack of the same name. Stack names join app,
//! environment and service with `-`, and each part may contain `-`, so app `hello` with
//! environment `dev-web` and app `hello-dev` with environment `web` both make `hello-dev-web`:
//! deployed to one account and region, the second deploy would update the first app's stack in
//! place, replacing or deleting everything in it. FF0418 catches this inside one app; this
//! compares every stack name the build emits (service, environment, observability, pipeline and
//! StackSet stacks, which take the name of the stack they deploy) across apps, after lowering,
//! so it sees exactly the names that will be deployed. Names stay as they are: renaming existing
//! stacks would replace them.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::App;

/// One stack the build emits, with where it comes from, to say so and to point at it.
pub struct Origin<'a> {
    pub app: &'a App,
    pub name: String,
    pub region: String,
    /// Empty for a pipeline stack.
    pub environment: String,
    /// The span of what makes the name in the app's files (its environment, or its `app`).
    pub span: Option<Span>,
}

/// Two stacks that clash: the first made, then the second.
type Pair<'o, 'a> = (&'o Origin<'a>, &'o Origin<'a>);

/// Stacks of different apps (or of an app's pipeline and an environment) that share a name and
/// may share an account and region.
pub fn check(origins: &[Origin<'_>]) -> Vec<Diagnostic> {
    let mut by_name: BTreeMap<(&str, &str), Vec<&Origin<'_>>> = BTreeMap::new();
    for o in origins {
        by_name
            .entry((o.name.as_str(), o.region.as_str()))
            .or_default()
            .push(o);
    }
    // Clashing names by the pair of (app, environment) that make them, so one cause (two
    // environments that spell alike) is one report, however many stacks and regions it touches.
    let mut clashes: Vec<(Pair<'_, '_>, BTreeSet<&str>)> = Vec::new();
    for ((name, _), users) in &by_name {
        let Some((first, second)) = first_clash(users) else {
            continue;
        };
        let same = |o: &Origin<'_>, p: &Origin<'_>| {
            o.app.name == p.app.name && o.environment == p.environment
        };
        match clashes
            .iter_mut()
            .find(|((f, s), _)| same(f, first) && same(s, second))
        {
            Some((_, names)) => {
                names.insert(name);
            }
            None => clashes.push(((first, second), BTreeSet::from([*name]))),
        }
    }
    let mut out = Vec::new();
    for ((first, second), names) in clashes {
        let mut list = names.iter();
        let name = list.next().copied().unwrap_or_default();
        let more = match names.len() - 1 {
            0 => String::new(),
            1 => format!(" (and `{}`)", list.next().copied().unwrap_or_default()),
            n => format!(" (and {n} more)"),
        };
        let mut d = Diagnostic::error(
            Code::FF0398,
            format!(
                "stack name `{name}`{more} is made twice: by {} and by {}",
                describe(second),
                describe(first)
            ),
        );
        if let Some(span) = second.span {
            d = d.label(span, format!("{} makes `{name}`", describe(second)));
        }
        if let Some(span) = first.span {
            d = d.label(span, format!("so does {}", describe(first)));
        }
        out.push(d.help(
            "rename an environment, service or app so the stack names differ, or deploy the apps to different accounts (`account:`)",
        ));
    }
    out
}

/// The first two stacks of different apps among `users` that could land in one account.
fn first_clash<'o, 'a>(users: &[&'o Origin<'a>]) -> Option<(&'o Origin<'a>, &'o Origin<'a>)> {
    for (i, a) in users.iter().enumerate() {
        for b in &users[i + 1..] {
            // Inside one app, names of one environment are FF0418's (reported before
            // lowering); what is left here is a pipeline stack against an environment's.
            if (a.app.name != b.app.name || a.environment != b.environment) && same_account(a, b) {
                return Some((a, b));
            }
        }
    }
    None
}

/// Two stacks share an account unless both environments name different accounts.
fn same_account(a: &Origin<'_>, b: &Origin<'_>) -> bool {
    let account = |o: &Origin<'_>| {
        o.app
            .environments
            .get(&o.environment)
            .and_then(|e| e.account.clone())
    };
    match (account(a), account(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

fn describe(o: &Origin<'_>) -> String {
    if o.environment.is_empty() {
        format!("the pipeline of app `{}`", o.app.name)
    } else {
        format!("app `{}` (environment `{}`)", o.app.name, o.environment)
    }
}
