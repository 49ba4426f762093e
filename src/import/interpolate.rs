//! Compose variable interpolation, as the Compose specification defines it ("Interpolation"):
//! `$$` is a literal `$`; `$NAME` and `${NAME}` take a variable's value; `${NAME:-default}`,
//! `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`, `${NAME:+alt}` and `${NAME+alt}` behave
//! as in a shell, and the argument may itself be interpolated. A `$` before anything else is kept.
//! Variables come from the project's `.env` file (or `--env-file`), parsed as Compose's
//! "environment file syntax" does. The shell environment is deliberately not read: the import
//! would then depend on who ran it.

use std::collections::BTreeMap;

/// A variable that had no value while interpolating, and what Compose then does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// Unset, no default: Compose warns and substitutes an empty string.
    Unset(String),
    /// Unset: the written default was used (`${NAME:-default}`).
    Defaulted(String, String),
    /// Unset, `${NAME:?error}`: Compose refuses to run with this message.
    Required(String, String),
}

/// Interpolates `text` with `vars`, listing every variable without a value in `missing`.
/// `None` when the text is not valid interpolation syntax (an unclosed `${`, a bad name).
pub fn interpolate(
    text: &str,
    vars: &BTreeMap<String, String>,
    missing: &mut Vec<Missing>,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
        } else if let Some(braced) = rest.strip_prefix('{') {
            let close = closing_brace(braced)?;
            out.push_str(&expression(&braced[..close], vars, missing)?);
            rest = &braced[close + 1..];
        } else {
            let len = name_len(rest);
            if len == 0 {
                out.push('$');
            } else {
                out.push_str(&lookup(&rest[..len], vars, missing));
                rest = &rest[len..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// The length of the variable name at the start of `text` (`[_a-zA-Z][_a-zA-Z0-9]*`).
fn name_len(text: &str) -> usize {
    if !text.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()) {
        return 0;
    }
    text.find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
        .unwrap_or(text.len())
}

/// The index of the `}` closing a `${`, counting nested `${…}` in a default.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn lookup(name: &str, vars: &BTreeMap<String, String>, missing: &mut Vec<Missing>) -> String {
    vars.get(name).cloned().unwrap_or_else(|| {
        missing.push(Missing::Unset(name.to_owned()));
        String::new()
    })
}

/// The inside of `${…}`: a name, then nothing or an operator and its argument.
fn expression(
    inner: &str,
    vars: &BTreeMap<String, String>,
    missing: &mut Vec<Missing>,
) -> Option<String> {
    let len = name_len(inner);
    if len == 0 {
        return None;
    }
    let (name, op) = inner.split_at(len);
    if op.is_empty() {
        return Some(lookup(name, vars, missing));
    }
    let value = vars.get(name);
    let non_empty = value.is_some_and(|v| !v.is_empty());
    let (colon, op) = op.strip_prefix(':').map_or((false, op), |o| (true, o));
    let mut chars = op.chars();
    let kind = chars.next()?;
    let arg = chars.as_str();
    let present = if colon { non_empty } else { value.is_some() };
    // The argument is interpolated only when it is used, as in a shell.
    Some(match kind {
        '-' | '?' if present => value.cloned().unwrap_or_default(),
        '-' => {
            let default = interpolate(arg, vars, missing)?;
            if value.is_none() {
                missing.push(Missing::Defaulted(name.to_owned(), default.clone()));
            }
            default
        }
        '?' => {
            let message = interpolate(arg, vars, missing)?;
            missing.push(Missing::Required(name.to_owned(), message));
            String::new()
        }
        '+' if present => interpolate(arg, vars, missing)?,
        '+' => {
            if value.is_none() {
                missing.push(Missing::Unset(name.to_owned()));
            }
            String::new()
        }
        _ => return None,
    })
}

/// The variables of a Compose environment file: `NAME=value` lines, `#` comments, an optional
/// `export `; single-quoted values literal, double-quoted ones with `\n \t \r \\ \"` escapes,
/// unquoted ones up to a ` #` comment; unquoted and double-quoted values are interpolated with
/// the variables defined before them. Returns the variables and the 1-based lines it could not
/// read.
pub fn env_file(text: &str) -> (BTreeMap<String, String>, Vec<usize>) {
    let mut vars = BTreeMap::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        let Some((name, raw)) = line.split_once('=') else {
            bad.push(i + 1);
            continue;
        };
        let name = name.trim();
        if name_len(name) != name.len() {
            bad.push(i + 1);
            continue;
        }
        let raw = raw.trim();
        let value = if let Some(quoted) = raw.strip_prefix('\'') {
            quoted.find('\'').map(|end| quoted[..end].to_owned())
        } else if let Some(quoted) = raw.strip_prefix('"') {
            double_quoted(quoted).and_then(|v| interpolate(&v, &vars, &mut Vec::new()))
        } else {
            let value = raw.find(" #").map_or(raw, |c| &raw[..c]).trim_end();
            interpolate(value, &vars, &mut Vec::new())
        };
        match value {
            Some(v) => {
                vars.insert(name.to_owned(), v);
            }
            None => bad.push(i + 1),
        }
    }
    (vars, bad)
}

/// A double-quoted value up to its closing quote, escapes applied.
fn double_quoted(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<String>, Vec<Missing>) {
        let vars: BTreeMap<String, String> = [("SET", "v"), ("EMPTY", "")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let mut missing = Vec::new();
        (interpolate(text, &vars, &mut missing), missing)
    }

    #[test]
    fn follows_the_compose_specification() {
        let out = |t: &str| run(t).0;
        assert_eq!(out("$$VAR and $${SET}").as_deref(), Some("$VAR and ${SET}"));
        assert_eq!(out("a-$SET-${SET}").as_deref(), Some("a-v-v"));
        assert_eq!(out("${EMPTY:-d}|${EMPTY-d}").as_deref(), Some("d|"));
        assert_eq!(
            out("${SET:+alt}|${EMPTY+alt}|${EMPTY:+alt}").as_deref(),
            Some("alt|alt|")
        );
        assert_eq!(out("${NO:-${SET}x}").as_deref(), Some("vx"));
        assert_eq!(
            out("cost $5 or $ or $-").as_deref(),
            Some("cost $5 or $ or $-")
        );
        assert_eq!(out("${open"), None);
        assert_eq!(out("${1BAD}"), None);
        assert_eq!(out("${SET/a/b}"), None);
    }

    #[test]
    fn variables_without_a_value_are_listed() {
        assert_eq!(run("$NO").1, [Missing::Unset("NO".into())]);
        assert_eq!(
            run("${NO:-x}").1,
            [Missing::Defaulted("NO".into(), "x".into())]
        );
        assert_eq!(
            run("${NO:?set it}").1,
            [Missing::Required("NO".into(), "set it".into())]
        );
        assert_eq!(run("${EMPTY:-x}").1, []);
    }

    #[test]
    fn env_files_parse_like_compose() {
        let (vars, bad) = env_file(
            "# c\nexport A=1\nB=\"x\\ty # kept\" # gone\nC='$A lit'\nD=$A-${B:0:1} # c\nE=a#b\nnot a line\nF=${A}2\n",
        );
        assert_eq!(vars["A"], "1");
        assert_eq!(vars["B"], "x\ty # kept");
        assert_eq!(vars["C"], "$A lit");
        assert_eq!(vars["E"], "a#b");
        assert_eq!(vars["F"], "12");
        assert!(!vars.contains_key("D"), "bad syntax is reported");
        assert_eq!(bad, [5, 7]);
    }
}
