//! Semantic checks despite schema errors: one wrong value (`count: two`) must not hide every
//! other problem of the blueprint until it is fixed. A file with schema errors is checked
//! again with the failing parts left out: a service or job with any schema error is dropped
//! whole (its half-read settings would mislead the rules), and an unknown key elsewhere is
//! removed; any other failing value (an environment, the cluster) shapes the whole app, so
//! then the file is not read leniently and its schema errors come alone, as before. When what is left matches the schema, the rules run on it; their
//! diagnostics that name a dropped service or job are held back, since they may only be
//! echoes of the removal (a call to a service that is "unknown" because it was dropped). The
//! schema errors still stop the build: this only reports more in one run.

use serde_json::Value;

use super::schema;
use crate::diagnostic::Diagnostic;
use crate::model::AppFile;
use crate::source::{Document, unescape_token};

/// A file read leniently: the model of what passed, the document it came from, and the
/// services and jobs left out.
pub struct Lenient {
    pub file: AppFile,
    pub doc: Document,
    pub left_out: Vec<String>,
}

/// Sections whose entries are named workloads, dropped whole on any error inside.
const WORKLOADS: &[&str] = &["services", "jobs"];

/// `doc` without the parts that break the schema, when what is left matches it.
pub fn read(doc: &Document) -> Option<Lenient> {
    let mut value = doc.value.clone();
    let mut left_out: Vec<String> = Vec::new();
    // Removing a value can uncover another error (a required key now missing): a few rounds.
    for _ in 0..3 {
        let paths = schema::error_paths(&value);
        if paths.is_empty() {
            let file = serde_json::from_value::<AppFile>(value.clone()).ok()?;
            left_out.sort();
            left_out.dedup();
            return Some(Lenient {
                file,
                doc: Document {
                    file: doc.file,
                    value,
                    spans: doc.spans.clone(),
                },
                left_out,
            });
        }
        let unknown = schema::unknown_key_paths(&value);
        let mut targets = Vec::new();
        for path in paths {
            let tokens: Vec<&str> = path.split('/').skip(1).collect();
            targets.push(match tokens.as_slice() {
                [section, name, ..] if WORKLOADS.contains(section) => {
                    left_out.push(unescape_token(name).into_owned());
                    format!("/{section}/{name}")
                }
                // An unknown key meant nothing: the rest reads the same without it.
                _ if unknown.contains(&path) => path,
                // Anything else (an environment, the cluster) shapes the whole app: without
                // it the rules would report echoes no name filter can tell apart.
                _ => return None,
            });
        }
        // Later array items first, so removing one does not shift the next.
        targets.sort_by_key(|p| {
            p.split('/')
                .map(|t| {
                    t.parse::<usize>()
                        .map_or_else(|_| t.to_owned(), |n| format!("{n:020}"))
                })
                .collect::<Vec<_>>()
        });
        targets.dedup();
        for target in targets.iter().rev() {
            remove(&mut value, target);
        }
    }
    None
}

/// Removes the value at `pointer` (an object's key or an array's item).
fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = unescape_token(last);
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&*last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

/// Whether `d` names one of `left_out` (`` `cart` ``), so may be an echo of leaving it out.
pub fn names_any(d: &Diagnostic, left_out: &[String]) -> bool {
    left_out
        .iter()
        .any(|name| d.message.contains(&format!("`{name}`")))
}
