//! A control character in a blueprint value. A NUL (FF0445, an error) cannot reach a container at
//! all: environment variables and arguments are C strings, which end at the first NUL, so the
//! process would see a cut value (or the runtime refuse it). Other control characters (FF0446, a
//! warning; tab, line feed and carriage return are ordinary text) are legal but almost always a
//! paste accident, invisible in the YAML, the console and the logs. Double-quoted YAML escapes
//! (`"\0"`, `"\x07"`) are the only way to write one; the label covers the value (an escaped string
//! cannot be mapped character by character).
//!
//! # FF0445
//!
//! Environment variables, commands and most AWS strings end at a NUL character, so a value
//! containing one is cut short or refused when the task starts. Remove it.
//!
//! ```yaml
//! env: { GREETING: "hello\0world" }
//! ```
//!
//! # FF0446
//!
//! A control character other than tab, line feed and carriage return (a warning) is invisible in
//! the YAML, the console and the logs, and is rarely meant. Remove it, or write what it stands for
//! as text.
//!
//! ```yaml
//! env: { PROMPT: "ready\x07" }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Ordinary whitespace; every other control character is reported.
fn reported(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in ctx.strings() {
        let Some((at, c)) = s.text.char_indices().find(|(_, c)| reported(*c)) else {
            continue;
        };
        let doc = ctx.doc_of(s.file);
        let span = ctx.inner_span(doc, &s.pointer, at, at + c.len_utf8());
        let cleaned: String = s.text.chars().filter(|c| !reported(*c)).collect();
        let help = if cleaned.len() <= 60 {
            format!("remove it: {}", serde_json::Value::String(cleaned))
        } else {
            "remove it (a double-quoted escape such as `\\0` or `\\x07` writes one)".to_owned()
        };
        let d = if c == '\0' {
            Diagnostic::error(Code::FF0445, "a value contains a NUL character".to_owned())
                .label(span, "NUL")
        } else {
            Diagnostic::warning(
                Code::FF0446,
                format!(
                    "a value contains the control character U+{:04X}",
                    u32::from(c)
                ),
            )
            .label(span, "control character")
        };
        out.push(d.help(help));
    }
    out
}
