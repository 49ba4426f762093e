//! [`Code`], the stable code of a diagnostic, and each code's documentation, both generated
//! from the one list in [`super::registry`]. A code is never written as a string: `Code::FF0301`
//! names it, and a code that is not in the list does not compile.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Serialize, Serializer};

use super::Severity;

// `RULE_DOCS`: the `//!` text of every rule module, extracted by build.rs.
include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// Where a code is implemented, and so where its documentation lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A semantic rule, `src/check/rules/{module}.rs`, documented by its `//!` comment.
    Rule(&'static str),
    /// Emitted by another module, documented by the `///` comment of its registry entry.
    Module {
        /// The module's path below the crate, e.g. `source::build`.
        path: &'static str,
        /// The entry's `///` lines, each still starting with the space after the slashes.
        doc: &'static str,
    },
}

macro_rules! define_codes {
    (
        codes { $( $(#[doc = $doc:literal])* $code:ident $sev:ident $title:literal in $module:literal; )* }
        rules { $( $rule:ident: $( $rcode:ident $rsev:ident $rtitle:literal ),* ; )* }
    ) => {
        /// A diagnostic code. Ordered (and shown) as its text, `FF0301`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])* $code, )*
            $( $( #[doc = concat!("`", $rtitle, "`: see `check::rules::", stringify!($rule), "`.")] $rcode, )* )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &[Self] = &[ $( Self::$code, )* $( $( Self::$rcode, )* )* ];

            /// The code as printed, e.g. `"FF0301"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$code => stringify!($code), )*
                    $( $( Self::$rcode => stringify!($rcode), )* )*
                }
            }

            /// The severity its diagnostics have.
            pub const fn severity(self) -> Severity {
                match self {
                    $( Self::$code => Severity::$sev, )*
                    $( $( Self::$rcode => Severity::$rsev, )* )*
                }
            }

            /// The one-line, lowercase title.
            pub const fn title(self) -> &'static str {
                match self {
                    $( Self::$code => $title, )*
                    $( $( Self::$rcode => $rtitle, )* )*
                }
            }

            /// Where it is implemented and documented.
            pub const fn origin(self) -> Origin {
                match self {
                    $( Self::$code => Origin::Module { path: $module, doc: concat!($( $doc, "\n", )*) }, )*
                    $( $( Self::$rcode => Origin::Rule(stringify!($rule)), )* )*
                }
            }
        }
    };
}

super::registry::registry!(define_codes);

impl Code {
    /// The code whose text is `text`, ignoring ASCII case.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }

    /// The module that implements the code, as a path below the crate (`check::rules::fargate_size`).
    pub fn module(self) -> String {
        match self.origin() {
            Origin::Rule(rule) => format!("check::rules::{rule}"),
            Origin::Module { path, .. } => path.to_owned(),
        }
    }

    /// How and where it is reported, for `explain` and the docs: "Reported as a warning, by
    /// `check::rules::image_tag`."
    pub fn reported(self) -> String {
        let severity = match self.severity() {
            Severity::Error => "an error",
            Severity::Warning => "a warning",
        };
        format!("Reported as {severity}, by `{}`.", self.module())
    }

    /// What the code catches, why, and an example (Markdown).
    pub fn explanation(self) -> &'static str {
        static ALL: LazyLock<BTreeMap<Code, String>> =
            LazyLock::new(|| Code::ALL.iter().map(|&c| (c, explanation_of(c))).collect());
        ALL.get(&self).map_or("", String::as_str)
    }
}

fn explanation_of(code: Code) -> String {
    match code.origin() {
        Origin::Module { doc, .. } => {
            // Each `///` line is ` text`: the space after the slashes is not part of the text.
            let lines: Vec<&str> = doc
                .lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect();
            lines.join("\n").trim().to_owned()
        }
        Origin::Rule(module) => RULE_DOCS
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, doc)| section(doc, code.as_str()))
            .unwrap_or_default(),
    }
}

/// The documentation of `code` in a rule's `//!` text: the part before the first `# FFxxxx`
/// heading (what the rule catches and why, shared by its codes), then the code's own section.
fn section(doc: &str, code: &str) -> String {
    let sections = sections(doc);
    let preamble = sections
        .iter()
        .find(|(c, _)| c.is_none())
        .map_or("", |(_, text)| text.as_str());
    let own = sections
        .iter()
        .find(|(c, _)| *c == Some(code))
        .map_or("", |(_, text)| text.as_str());
    [preamble, own]
        .iter()
        .filter(|t| !t.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A rule's `//!` text cut at its `# FFxxxx` headings (outside code blocks): the code of each
/// part (none for the text before the first heading) and its trimmed text.
fn sections(doc: &str) -> Vec<(Option<&str>, String)> {
    let mut out: Vec<(Option<&str>, Vec<&str>)> = vec![(None, Vec::new())];
    let mut fenced = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        let heading = line
            .strip_prefix("# ")
            .filter(|c| !fenced && c.len() == 6 && c.starts_with("FF"))
            .filter(|c| c[2..].bytes().all(|b| b.is_ascii_digit()));
        match (heading, out.last_mut()) {
            (Some(code), _) => out.push((Some(code), Vec::new())),
            (None, Some((_, lines))) => lines.push(line),
            (None, None) => {}
        }
    }
    out.into_iter()
        .map(|(code, lines)| (code, lines.join("\n").trim().to_owned()))
        .collect()
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Tests and callers may compare with the printed text: `d.code == "FF0301"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

/// The documentation of one code, for `fleetform explain`, the docs and SARIF.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub code: &'static str,
    /// A short lowercase title, e.g. "fargate cpu and memory must be a supported pair".
    pub title: &'static str,
    /// What it catches, why, and an example (Markdown).
    pub explanation: &'static str,
    pub severity: Severity,
}

/// Every code's documentation, in code order.
pub fn rule_docs() -> &'static [RuleDoc] {
    static ALL: LazyLock<Vec<RuleDoc>> = LazyLock::new(|| {
        let mut all: Vec<RuleDoc> = Code::ALL
            .iter()
            .map(|&c| RuleDoc {
                code: c.as_str(),
                title: c.title(),
                explanation: c.explanation(),
                severity: c.severity(),
            })
            .collect();
        all.sort_by_key(|d| d.code);
        all
    });
    &ALL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_doc_is_cut_at_its_code_headings() {
        let doc = "Why.\n\n# FF0302\n\nNo tag.\n\n```yaml\n# FF0319\n```\n\n# FF0319\n\nLatest.";
        assert_eq!(
            section(doc, "FF0302"),
            "Why.\n\nNo tag.\n\n```yaml\n# FF0319\n```"
        );
        assert_eq!(section(doc, "FF0319"), "Why.\n\nLatest.");
        assert_eq!(
            section(doc, "FF0999"),
            "Why.",
            "an unknown code: the preamble"
        );
    }

    #[test]
    fn codes_parse_case_insensitively_and_print_as_written() {
        assert_eq!(Code::parse("ff0301"), Some(Code::FF0301));
        assert_eq!(Code::parse("FF9999"), None);
        assert_eq!(Code::FF0301.to_string(), "FF0301");
        assert_eq!(serde_json::to_string(&Code::FF0301).unwrap(), "\"FF0301\"");
        // By text, not by registry order (FF0204 is listed before FF0014).
        assert!(Code::FF0014 < Code::FF0204);
    }

    /// The headings of each rule's `//!` comment are exactly the codes the registry gives it, in
    /// its order, each with text, after a preamble saying what the rule catches and why; files
    /// that are no rule (helpers) document no code.
    #[test]
    fn every_rule_documents_exactly_its_codes() {
        let mut problems = Vec::new();
        for (module, doc) in RULE_DOCS {
            let listed: Vec<&str> = Code::ALL
                .iter()
                .filter(|c| c.origin() == Origin::Rule(module))
                .map(|c| c.as_str())
                .collect();
            let parts = sections(doc);
            let headings: Vec<&str> = parts.iter().filter_map(|(c, _)| *c).collect();
            if headings != listed {
                problems.push(format!(
                    "{module}: `# FF` headings {headings:?}, registry {listed:?}"
                ));
            }
            if let Some((code, _)) = parts.iter().find(|(_, text)| text.is_empty()) {
                problems.push(format!("{module}: empty part {code:?}"));
            }
        }
        for code in Code::ALL {
            if let Origin::Rule(module) = code.origin()
                && !RULE_DOCS.iter().any(|(m, _)| *m == module)
            {
                problems.push(format!("{code}: no src/check/rules/{module}.rs"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Titles are one line; every code is explained; the module the registry names
    /// exists, so a moved module cannot leave a stale pointer behind.
    #[test]
    fn every_code_has_a_title_an_explanation_and_a_real_module() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for &code in Code::ALL {
            let title = code.title();
            assert!(!title.is_empty() && !title.contains('\n'), "{code}");
            assert!(!title.ends_with('.'), "{code}: {title}");
            assert!(
                code.explanation().len() > 40,
                "{code}: {:?}",
                code.explanation()
            );
            let path = code.module().replace("::", "/");
            assert!(
                src.join(format!("{path}.rs")).is_file()
                    || src.join(&path).join("mod.rs").is_file(),
                "{code}: no module `{}`",
                code.module()
            );
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
    }

    #[test]
    fn explanations_come_from_the_registry_and_the_rule_files() {
        // A code documented in the registry: its `///` text, without the leading spaces.
        assert!(
            Code::FF0001
                .explanation()
                .starts_with("The file is not valid YAML")
        );
        // A rule's code: its module's preamble (the why), then its section.
        let latest = Code::FF0319.explanation();
        assert!(
            latest.contains("two deploys of the same template"),
            "{latest}"
        );
        assert!(latest.contains("`:latest` (a warning)"), "{latest}");
        assert!(!latest.contains("# FF0302"), "{latest}");
        assert_eq!(Code::FF0319.severity(), Severity::Warning);
        assert_eq!(Code::FF0319.module(), "check::rules::image_tag");
    }
}
