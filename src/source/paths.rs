//! FF0022: the JSON pointers of a document must stay a bounded size. Every node gets its full
//! path in the span index (and in any diagnostic about it), so a long key above many values is
//! copied once per value: a 500 KB key over 200,000 list items asked for 100 GB, with no alias
//! involved. The sum of all pointer lengths is counted on the node tree before any pointer is
//! built, and a document past [`MAX_POINTER_BYTES`] is refused.

use super::build::{Body, Node, Range};
use crate::diagnostic::{Code, Diagnostic, FileId, Span};

/// All JSON pointers of one document may add up to this many bytes. A real blueprint stays
/// under a megabyte (a thousand services of twenty values, paths of fifty bytes).
pub const MAX_POINTER_BYTES: u64 = 64 * 1024 * 1024;

/// Refuses a document whose pointers would add up to more than [`MAX_POINTER_BYTES`],
/// labelling its longest key. The walk costs one step per node of the expanded tree, which the
/// alias budget already bounds, and stops as soon as the budget is passed.
pub fn check(file: FileId, root: &Node) -> Option<Diagnostic> {
    let mut total = 0u64;
    let mut longest: Option<(usize, Range)> = None;
    let mut stack: Vec<(&Node, u64)> = vec![(root, 0)];
    while let Some((node, len)) = stack.pop() {
        total = total.saturating_add(len);
        if total > MAX_POINTER_BYTES {
            return Some(too_long(file, longest));
        }
        match &*node.body {
            Body::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, len + 1 + digits(i)));
                }
            }
            Body::Map(entries) => {
                for e in entries {
                    if longest.is_none_or(|(n, _)| e.key.len() > n) {
                        longest = Some((e.key.len(), e.key_span));
                    }
                    stack.push((&e.value, len + 1 + e.key.len() as u64));
                }
            }
            _ => {}
        }
    }
    None
}

fn digits(i: usize) -> u64 {
    u64::from(i.checked_ilog10().unwrap_or(0) + 1)
}

fn too_long(file: FileId, longest: Option<(usize, Range)>) -> Diagnostic {
    let (len, (start, end)) = longest.unwrap_or((0, (0, 0)));
    Diagnostic::error(
        Code::FF0022,
        format!("the paths to this file's values add up to more than {MAX_POINTER_BYTES} bytes"),
    )
    .label(
        Span::new(file, start, end),
        format!("the longest key, {len} bytes, is part of the path of every value below it"),
    )
    .help("shorten the long keys (blueprint keys are names of a few dozen characters), or split the file")
}
