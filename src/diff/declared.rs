//! Differences that a region's overrides declare (`environments.{env}.overrides.{region}`).
//!
//! Overrides exist to make regions differ, so what they change must not count as unexpected,
//! while every other difference must. Matching override values against template paths would
//! need to know how lowering maps each blueprint value to CloudFormation, so instead the same
//! two targets are compared twice: as built, and as lowered from the app without any overrides
//! (the baseline, [`crate::build_without_overrides`]). A difference present in the baseline
//! comparison would exist without overrides: it stays unexpected. One present only as built
//! is there because of overrides: it is declared. Paths are matched by overlap (one a prefix
//! of the other), so a coarse change on one side and a fine one on the other stay unexpected.
//! Each declared value names the overrides that set it: the side whose value differs from its
//! own baseline (same target, so compared raw).
//!
//! IAM and security-group rows that appear only as built are dropped from the unexpected
//! tables: the property paths that changed them are listed as declared. A stack that an
//! override adds (or removes) as a whole is one declared difference.

use serde_json::Value;

use super::{
    Change, DeclaredValue, Expected, Report, Seg, StackDiff, StackPair, at, changed_paths, compare,
    compare_pair, short, show_path,
};

/// The baseline of a comparison and whose overrides it leaves out.
#[derive(Debug, Clone, Copy)]
pub struct Overrides<'p> {
    /// The same targets' stacks lowered from the app without overrides, paired the same way.
    pub baseline: &'p [StackPair],
    /// Side a's overrides, e.g. `environments.prod.overrides.us-east-1`; `None` if it has none.
    pub a: Option<&'p str>,
    pub b: Option<&'p str>,
}

/// [`compare`], with the differences that overrides declare moved from the unexpected ones to
/// [`StackDiff::declared`]; a stack that differs only by those is [`Change::Declared`].
pub fn compare_declared(
    a: &str,
    b: &str,
    pairs: &[StackPair],
    overrides: &Overrides<'_>,
    expected: &Expected,
) -> Report {
    let mut report = compare(a, b, pairs, expected);
    for (stack, pair) in report.stacks.iter_mut().zip(pairs) {
        if stack.change == Change::Same {
            continue;
        }
        let base = overrides
            .baseline
            .iter()
            .find(|p| role(p).is_some() && role(p) == role(pair));
        declare(stack, pair, base, overrides, expected);
    }
    report
}

fn role(pair: &StackPair) -> Option<&str> {
    pair.a.as_ref().or(pair.b.as_ref()).map(|s| s.role.as_str())
}

/// Each side's raw (template, configuration); an empty object for a missing stack or side.
fn raw(pair: Option<&StackPair>) -> [(Value, Value); 2] {
    let empty = Value::Object(serde_json::Map::new());
    let side = |s: Option<&super::LoadedStack>| {
        s.map_or((empty.clone(), empty.clone()), |s| {
            (
                s.template.clone(),
                s.config.clone().unwrap_or_else(|| empty.clone()),
            )
        })
    };
    [
        side(pair.and_then(|p| p.a.as_ref())),
        side(pair.and_then(|p| p.b.as_ref())),
    ]
}

/// Paths that differ once normalised: (in the configuration file, path).
fn differing(raw: &[(Value, Value); 2], expected: &Expected) -> Vec<(bool, Vec<Seg>)> {
    let [(ta, ca), (tb, cb)] = raw;
    let mut out = Vec::new();
    for (config, x, y) in [
        (false, expected.apply_a(ta), expected.apply_b(tb)),
        (true, expected.apply_a(ca), expected.apply_b(cb)),
    ] {
        let mut paths = Vec::new();
        changed_paths(&x, &y, &mut Vec::new(), &mut paths);
        out.extend(paths.into_iter().map(|p| (config, p)));
    }
    out
}

fn full_path(config: bool, path: &[Seg]) -> String {
    let shown = show_path(path);
    if config {
        format!("config: {shown}")
    } else {
        shown
    }
}

fn declare(
    stack: &mut StackDiff,
    pair: &StackPair,
    base: Option<&StackPair>,
    overrides: &Overrides<'_>,
    expected: &Expected,
) {
    let labels = |a: bool, b: bool| -> Vec<String> {
        let mut by: Vec<String> = [(a, overrides.a), (b, overrides.b)]
            .into_iter()
            .filter_map(|(differs, label)| label.filter(|_| differs).map(str::to_owned))
            .collect();
        if by.is_empty() {
            by = [overrides.a, overrides.b]
                .into_iter()
                .flatten()
                .map(str::to_owned)
                .collect();
        }
        by.dedup();
        by
    };
    if matches!(stack.change, Change::Added | Change::Removed) {
        declare_stack(stack, pair, base, &labels);
        return;
    }

    let (now, before) = (raw(Some(pair)), raw(base));
    let baseline_paths = differing(&before, expected);
    let declared: Vec<(bool, Vec<Seg>)> = differing(&now, expected)
        .into_iter()
        .filter(|(config, p)| {
            !baseline_paths
                .iter()
                .any(|(c, q)| c == config && (p.starts_with(q) || q.starts_with(p)))
        })
        .collect();
    if declared.is_empty() {
        return;
    }
    let value = |side: &(Value, Value), config: bool, p: &[Seg]| {
        at(if config { &side.1 } else { &side.0 }, p).cloned()
    };
    stack.declared = declared
        .iter()
        .map(|(config, p)| {
            let (a, b) = (value(&now[0], *config, p), value(&now[1], *config, p));
            let by = labels(
                a != value(&before[0], *config, p),
                b != value(&before[1], *config, p),
            );
            DeclaredValue {
                path: full_path(*config, p),
                a: short(a.as_ref()),
                b: short(b.as_ref()),
                by,
            }
        })
        .collect();

    let is_declared = |path: &str| stack.declared.iter().any(|d| d.path == path);
    let mut resources = std::mem::take(&mut stack.resources);
    resources.retain_mut(|r| {
        if r.change == Change::Changed {
            r.paths
                .retain(|p| !is_declared(&format!("Resources.{}.{}", r.id, p.path)));
            !r.paths.is_empty()
        } else {
            !is_declared(&format!("Resources.{}", r.id))
        }
    });
    stack.resources = resources;
    let mut other = std::mem::take(&mut stack.other);
    other.retain(|p| !is_declared(p));
    stack.other = other;

    keep_baseline_rows(stack, base, expected);
    if stack.resources.is_empty()
        && stack.other.is_empty()
        && stack.iam_removed.is_empty()
        && stack.iam_added.is_empty()
        && stack.security_removed.is_empty()
        && stack.security_added.is_empty()
    {
        stack.change = Change::Declared;
    }
}

/// A stack on one side only, as built: declared when the baseline has it otherwise.
fn declare_stack(
    stack: &mut StackDiff,
    pair: &StackPair,
    base: Option<&StackPair>,
    labels: &dyn Fn(bool, bool) -> Vec<String>,
) {
    let present =
        |p: Option<&StackPair>| p.map_or((false, false), |p| (p.a.is_some(), p.b.is_some()));
    let (now, before) = (present(Some(pair)), present(base));
    if now == before {
        return;
    }
    let name =
        |s: &Option<super::LoadedStack>| s.as_ref().map_or("(none)".to_owned(), |s| s.path.clone());
    stack.declared = vec![DeclaredValue {
        path: "stack".to_owned(),
        a: name(&pair.a),
        b: name(&pair.b),
        by: labels(now.0 != before.0, now.1 != before.1),
    }];
    clear_unexpected(stack);
    stack.change = Change::Declared;
}

/// Rows the baseline comparison also has are unexpected; the others come from overrides.
fn keep_baseline_rows(stack: &mut StackDiff, base: Option<&StackPair>, expected: &Expected) {
    let Some(b) = base.map(|b| compare_pair(b, expected)) else {
        clear_rows(stack);
        return;
    };
    let keep = |rows: &mut Vec<super::Row>, unexpected: &[super::Row]| {
        rows.retain(|r| unexpected.contains(r));
    };
    keep(&mut stack.iam_removed, &b.iam_removed);
    keep(&mut stack.iam_added, &b.iam_added);
    keep(&mut stack.security_removed, &b.security_removed);
    keep(&mut stack.security_added, &b.security_added);
}

fn clear_rows(stack: &mut StackDiff) {
    stack.iam_removed.clear();
    stack.iam_added.clear();
    stack.security_removed.clear();
    stack.security_added.clear();
}

fn clear_unexpected(stack: &mut StackDiff) {
    stack.resources.clear();
    stack.other.clear();
    clear_rows(stack);
}
