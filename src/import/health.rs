//! Container health checks, as Compose (`healthcheck.test`) and Copilot
//! (`image.healthcheck.command`) write them: a command list (`CMD`/`CMD-SHELL`/`NONE` first) or
//! a shell string, with Go durations, clamped to what ECS accepts.

use serde_json::Value;

use super::convert::{self, literal};
use super::{Kind, Node, Notes};
use crate::check::health_command::{HealthCommand, normalise};
use crate::model::StringOrList;
use crate::source::Document;

/// The blueprint `health` of the check at `at` (`test_key` holds the command), or `None` when
/// there is none, it is disabled, or it cannot be read (with a note).
#[allow(clippy::too_many_lines)] // the command forms, then each field with its clamp
pub fn convert(
    doc: &Document,
    at: &str,
    spec: &Value,
    test_key: &str,
    owner: &str,
    notes: &mut Notes,
) -> Option<Node> {
    let Some(h) = spec.as_object() else {
        notes.wrong_type(doc, at, "the health check", "a mapping");
        return None;
    };
    if h.get("disable") == Some(&Value::Bool(true)) {
        return None;
    }
    let written = match h.get(test_key) {
        Some(Value::String(s)) => StringOrList::One(s.clone()),
        Some(Value::Array(items)) => {
            let words: Option<Vec<String>> = items.iter().map(convert::scalar_text).collect();
            match words {
                Some(words) if words.first().is_some_and(|w| w == "NONE") => return None,
                // Compose and Copilot lists start with `CMD` or `CMD-SHELL`.
                Some(words)
                    if words
                        .first()
                        .is_some_and(|w| w == "CMD" || w == "CMD-SHELL") =>
                {
                    StringOrList::Many(words)
                }
                _ => {
                    notes.wrong_type(
                        doc,
                        &format!("{at}/{test_key}"),
                        "the health check command",
                        "`[CMD, …]`, `[CMD-SHELL, …]` or a string",
                    );
                    return None;
                }
            }
        }
        None => {
            notes.add(
                Kind::Dropped,
                doc,
                at,
                format!(
                    "the health check of `{owner}` has no `{test_key}` (it reuses the image's)"
                ),
                "write the image's HEALTHCHECK command as `health.command`",
            );
            return None;
        }
        Some(_) => {
            notes.wrong_type(
                doc,
                &format!("{at}/{test_key}"),
                "the health check command",
                "a list or a string",
            );
            return None;
        }
    };
    // The blueprint's own normalisation (FF0440), so what is written is what compiles.
    let command = match normalise(&written) {
        Ok(HealthCommand::Shell(shell)) => Node::str(literal(shell)),
        Ok(HealthCommand::Exec(args)) => {
            Node::List(args.iter().map(|w| Node::str(literal(w))).collect())
        }
        Err(_) => {
            notes.wrong_type(
                doc,
                &format!("{at}/{test_key}"),
                "the health check command",
                "`[CMD, …]`, `[CMD-SHELL, …]` or a string that runs something",
            );
            return None;
        }
    };
    let mut out = vec![("command".to_owned(), command)];
    let mut interval = 30;
    for (field, key, min, max) in [
        ("interval", "interval", 5, 300),
        ("timeout", "timeout", 2, 60),
        ("retries", "retries", 1, 10),
        ("start_period", "start-period", 0, 300),
    ] {
        let Some(v) = h.get(field) else {
            continue;
        };
        let value = if field == "retries" {
            v.as_u64()
        } else {
            convert::seconds(v)
        };
        let Some(value) = value else {
            notes.wrong_type(
                doc,
                &format!("{at}/{field}"),
                &format!("`{field}`"),
                "a duration like `30s`",
            );
            continue;
        };
        let max = if field == "timeout" {
            max.min(interval - 1)
        } else {
            max
        };
        let clamped = value.clamp(min, max);
        if clamped != value {
            notes.add(
                Kind::Changed,
                doc,
                &format!("{at}/{field}"),
                format!(
                    "health check `{field}` {value} of `{owner}` is outside ECS's {min}..{max}: set to {clamped}"
                ),
                "ECS limits health checks: interval 5..300 s, timeout 2..60 s and below the interval, retries 1..10, start period 0..300 s",
            );
        }
        if field == "interval" {
            interval = clamped;
        }
        out.push((
            key.to_owned(),
            Node::Int(i64::try_from(clamped).unwrap_or(0)),
        ));
    }
    for key in h.keys() {
        if ![
            test_key,
            "interval",
            "timeout",
            "retries",
            "start_period",
            "disable",
        ]
        .contains(&key.as_str())
        {
            notes.add(
                Kind::Dropped,
                doc,
                &format!("{at}/{}", crate::source::escape_token(key)),
                format!("health check `{key}` of `{owner}` is not carried over"),
                "an ECS health check has a command, interval, timeout, retries and start period",
            );
        }
    }
    if !h.contains_key("timeout") {
        // Compose and Copilot default to 30 s (Copilot 10 s), ECS to 5 s: keep a generous
        // timeout that still fits below the interval.
        let t = interval.saturating_sub(1).min(10);
        out.push(("timeout".into(), Node::Int(i64::try_from(t).unwrap_or(5))));
    }
    Some(Node::Map(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;

    fn command(test: &serde_json::Value) -> (Option<Node>, usize) {
        let doc = crate::source::parse(FileId(0), "healthcheck: {}\n").expect("yaml");
        let mut notes = Notes::default();
        let spec = serde_json::json!({ "test": test });
        let node = convert(&doc, "/healthcheck", &spec, "test", "web", &mut notes);
        let command = node.and_then(|n| match n {
            Node::Map(entries) => entries
                .into_iter()
                .find(|(k, _)| k == "command")
                .map(|(_, v)| v),
            _ => None,
        });
        (command, notes.list.len())
    }

    #[test]
    fn imported_commands_are_the_normalised_forms() {
        let (exec, notes) = command(&serde_json::json!(["CMD", "/bin/check", "-q"]));
        assert_eq!(
            exec,
            Some(Node::List(vec![Node::str("/bin/check"), Node::str("-q")]))
        );
        assert_eq!(notes, 0);
        let (shell, _) = command(&serde_json::json!(["CMD-SHELL", "curl -f localhost"]));
        assert_eq!(shell, Some(Node::str("curl -f localhost")));
    }

    #[test]
    fn commands_with_nothing_to_run_are_skipped_with_a_note() {
        for test in [
            serde_json::json!(["CMD", ""]),
            serde_json::json!(["CMD"]),
            serde_json::json!(["CMD-SHELL", "a", "b"]),
            serde_json::json!(""),
            serde_json::json!(["curl", "-f"]),
        ] {
            let (command, notes) = command(&test);
            assert_eq!((command, notes), (None, 1), "{test}");
        }
    }
}
