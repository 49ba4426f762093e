//! `copy`: add a region to an environment by editing the blueprint text in place, so comments,
//! quoting and layout survive. Only the `regions` list changes; everything the new region needs
//! beyond that (certificates, imported networks …) is found by compiling the edited blueprint,
//! whose diagnostics point at each value that needs a per-region entry.

use crate::partition;
use crate::source::{Document, escape_token};

/// Returns `text` with `region` appended to `environments.<env>.regions`. Flow lists
/// (`[a, b]`) get `, region` before the `]`; block lists get a `- region` line after the last
/// item's line, at the same indentation.
pub fn add_region(text: &str, doc: &Document, env: &str, region: &str) -> Result<String, String> {
    if partition::partition_of(region).is_none() {
        return Err(format!("`{region}` is not a region fleetform knows"));
    }
    let pointer = format!("/environments/{}/regions", escape_token(env));
    let Some(regions) = doc.value.pointer(&pointer).and_then(|v| v.as_array()) else {
        return Err(format!(
            "this file has no `environments.{env}.regions` list"
        ));
    };
    if regions.iter().any(|r| r.as_str() == Some(region)) {
        return Err(format!("environment `{env}` already deploys to `{region}`"));
    }
    let Some(node) = doc.spans.nodes.get(&pointer) else {
        return Err(format!("no position for `environments.{env}.regions`"));
    };
    let start = node.value.start;
    if text.as_bytes().get(start) == Some(&b'[') {
        let close = flow_end(text, start).ok_or("the `regions` list is not closed")?;
        let inner = text[start + 1..close].trim();
        let insert = if inner.is_empty() {
            region.to_owned()
        } else if inner.ends_with(',') {
            format!(" {region}")
        } else {
            format!(", {region}")
        };
        // Insert right after the last non-space character inside the brackets.
        let at = text[..close].trim_end().len();
        let at = if inner.is_empty() { close } else { at };
        return Ok(format!("{}{insert}{}", &text[..at], &text[at..]));
    }
    let last = regions
        .len()
        .checked_sub(1)
        .ok_or("the `regions` list is empty")?;
    let item = doc
        .spans
        .nodes
        .get(&format!("{pointer}/{last}"))
        .ok_or("no position for the last region")?;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..start];
    if !indent.chars().all(|c| c == ' ') {
        return Err("cannot tell the indentation of the `regions` list".to_owned());
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let end_of_line = text[item.value.end..]
        .find('\n')
        .map(|i| item.value.end + i + 1);
    Ok(match end_of_line {
        Some(at) => format!("{}{indent}- {region}{newline}{}", &text[..at], &text[at..]),
        None => format!("{text}{newline}{indent}- {region}{newline}"),
    })
}

/// The byte offset of the `]` closing the flow sequence opened at `open`, skipping quoted text.
fn flow_end(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, &b) in text.as_bytes().iter().enumerate().skip(open) {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            // Inside quotes, or any other byte.
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;
    use crate::source;

    fn add(text: &str, region: &str) -> Result<String, String> {
        let doc = source::parse(FileId(0), text).expect("test blueprint parses");
        add_region(text, &doc, "prod", region)
    }

    #[test]
    fn flow_list_keeps_comments_and_layout() {
        let text = "environments:\n  prod:\n    regions: [us-east-1, eu-west-1]  # two\n    x: 1\n";
        assert_eq!(
            add(text, "ap-southeast-1").unwrap(),
            "environments:\n  prod:\n    regions: [us-east-1, eu-west-1, ap-southeast-1]  # two\n    x: 1\n"
        );
    }

    #[test]
    fn block_list_gets_a_line_at_the_same_indentation() {
        let text = "environments:\n  prod:\n    regions:\n      - us-east-1   # primary\n    account: \"1\"\n";
        assert_eq!(
            add(text, "cn-north-1").unwrap(),
            "environments:\n  prod:\n    regions:\n      - us-east-1   # primary\n      - cn-north-1\n    account: \"1\"\n"
        );
    }

    #[test]
    fn block_list_at_end_of_file_without_newline() {
        let text = "environments:\n  prod:\n    regions:\n    - us-east-1";
        assert_eq!(
            add(text, "eu-west-1").unwrap(),
            "environments:\n  prod:\n    regions:\n    - us-east-1\n    - eu-west-1\n"
        );
    }

    #[test]
    fn empty_flow_list() {
        let text = "environments:\n  prod:\n    regions: []\n";
        assert_eq!(
            add(text, "eu-west-1").unwrap(),
            "environments:\n  prod:\n    regions: [eu-west-1]\n"
        );
    }

    #[test]
    fn refuses_known_and_unknown_regions() {
        let text = "environments:\n  prod:\n    regions: [us-east-1]\n";
        assert!(add(text, "us-east-1").unwrap_err().contains("already"));
        assert!(add(text, "mars-1").unwrap_err().contains("not a region"));
        assert!(
            add("app: x\n", "eu-west-1")
                .unwrap_err()
                .contains("no `environments.prod")
        );
    }
}
