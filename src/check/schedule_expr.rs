//! Schedule expressions as AWS takes them, for both `EventBridge` Scheduler (job `schedule`) and
//! Application Auto Scaling (scheduled scaling `when`): `cron(minutes hours day-of-month month
//! day-of-week year)` with six fields where exactly one of the day fields is `?`, `rate(N unit)`
//! with a singular unit for 1 and a plural one otherwise, and `at(yyyy-mm-ddThh:mm:ss)`. Errors
//! carry the byte range inside the expression, so a label points at the offending part.

use crate::diagnostic::{Code, Diagnostic, Span};

/// What kind of expression a schedule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expression {
    Cron,
    Rate,
    At,
}

/// A problem in a schedule: bytes `start..end` of the expression, a message and a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: String,
    /// The text that replaces `start..end` when the help proposes exactly that edit.
    pub replacement: Option<String>,
}

impl SyntaxError {
    /// The diagnostic `code` with `message`, labelled on `span` (where `start..end` lies in the
    /// blueprint), with the help and, where there is one, its fix.
    pub fn diagnostic(self, code: Code, message: String, span: Span) -> Diagnostic {
        let d = Diagnostic::error(code, message)
            .label(span, "here")
            .help(self.help);
        match self.replacement {
            Some(replacement) => d.fix(span, replacement),
            None => d,
        }
    }
}

fn error(
    start: usize,
    end: usize,
    message: impl Into<String>,
    help: impl Into<String>,
) -> SyntaxError {
    SyntaxError {
        start,
        end,
        message: message.into(),
        help: help.into(),
        replacement: None,
    }
}

/// Parses a schedule expression; `Ok` tells which kind it is.
pub fn parse(text: &str) -> Result<Expression, SyntaxError> {
    let (kind, open) = if text.starts_with("cron(") {
        (Expression::Cron, 5)
    } else if text.starts_with("rate(") {
        (Expression::Rate, 5)
    } else if text.starts_with("at(") {
        (Expression::At, 3)
    } else {
        let end = text.find('(').unwrap_or(text.len());
        return Err(error(
            0,
            end,
            "a schedule starts with `cron(`, `rate(` or `at(`",
            "write e.g. `cron(0 2 * * ? *)`, `rate(1 hour)` or `at(2030-01-01T00:00:00)`",
        ));
    };
    if !text.ends_with(')') || text.len() <= open {
        return Err(error(
            text.len().saturating_sub(1),
            text.len(),
            "the expression does not end with `)`",
            "close the expression with `)`",
        ));
    }
    let body = &text[open..text.len() - 1];
    match kind {
        Expression::Cron => cron(body, open),
        Expression::Rate => rate(body, open),
        Expression::At => at(body, open),
    }
    .map(|()| kind)
}

/// Splits on single spaces, keeping each word's offset.
fn words(body: &str, offset: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in body
        .char_indices()
        .chain(std::iter::once((body.len(), ' ')))
    {
        if c == ' ' {
            if i > start {
                out.push((offset + start, &body[start..i]));
            }
            start = i + 1;
        }
    }
    out
}

/// The period of a valid `rate(value unit)` schedule, in seconds; `None` for anything else.
pub fn rate_seconds(text: &str) -> Option<u64> {
    if parse(text) != Ok(Expression::Rate) {
        return None;
    }
    let body = text.strip_prefix("rate(")?.strip_suffix(')')?;
    let mut words = body.split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    let unit: u64 = match words.next()?.trim_end_matches('s') {
        "minute" => 60,
        "hour" => 3_600,
        "day" => 86_400,
        _ => return None,
    };
    Some(value * unit)
}

fn rate(body: &str, offset: usize) -> Result<(), SyntaxError> {
    let words = words(body, offset);
    let [(vat, value), (uat, unit)] = words.as_slice() else {
        return Err(error(
            offset,
            offset + body.len(),
            "a rate is `rate(value unit)`",
            "write e.g. `rate(5 minutes)` or `rate(1 day)`",
        ));
    };
    let n = match value.parse::<u32>() {
        Ok(n) if n > 0 && value.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => {
            return Err(error(
                *vat,
                vat + value.len(),
                format!("`{value}` is not a positive whole number"),
                "the rate value is a whole number of at least 1",
            ));
        }
    };
    let singular = unit.strip_suffix('s').unwrap_or(unit);
    if !matches!(singular, "minute" | "hour" | "day") {
        return Err(error(
            *uat,
            uat + unit.len(),
            format!("`{unit}` is not a rate unit"),
            "the unit is `minute(s)`, `hour(s)` or `day(s)`",
        ));
    }
    let plural = unit.ends_with('s');
    if (n == 1) == plural {
        let want = if n == 1 {
            singular.to_owned()
        } else {
            format!("{singular}s")
        };
        return Err(SyntaxError {
            replacement: Some(want.clone()),
            ..error(
                *uat,
                uat + unit.len(),
                format!("a rate of {n} takes the unit `{want}`"),
                format!("write `rate({n} {want})`"),
            )
        });
    }
    Ok(())
}

fn at(body: &str, offset: usize) -> Result<(), SyntaxError> {
    let bad = || {
        error(
            offset,
            offset + body.len(),
            format!("`{body}` is not a date and time `yyyy-mm-ddThh:mm:ss`"),
            "write e.g. `at(2030-01-31T04:00:00)` (local time of `timezone`)",
        )
    };
    let b = body.as_bytes();
    let shape = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return Err(bad());
    }
    let num = |from: usize, to: usize| body[from..to].parse::<u32>().unwrap_or(u32::MAX);
    let (year, month, day) = (num(0, 4), num(5, 7), num(8, 10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    for (from, to, ok) in [
        (5, 7, (1..=12).contains(&month)),
        (8, 10, (1..=days).contains(&day)),
        (11, 13, num(11, 13) <= 23),
        (14, 16, num(14, 16) <= 59),
        (17, 19, num(17, 19) <= 59),
    ] {
        if !ok {
            return Err(error(
                offset + from,
                offset + to,
                format!("`{}` is out of range in `{body}`", &body[from..to]),
                "month 01-12, a day the month has, hour 00-23, minute and second 00-59",
            ));
        }
    }
    Ok(())
}

/// One cron field: its name, bounds, names for values and the special characters it allows.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [Field; 6] = [
    Field {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
    },
    Field {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: MONTHS,
    },
    Field {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: DAYS,
    },
    Field {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
    },
];

const DAY_OF_MONTH: usize = 2;
const DAY_OF_WEEK: usize = 4;

fn cron(body: &str, offset: usize) -> Result<(), SyntaxError> {
    let words = words(body, offset);
    if words.len() != 6 {
        return Err(error(
            offset,
            offset + body.len(),
            format!(
                "a cron expression has 6 fields, this one has {}",
                words.len()
            ),
            "the fields are: minutes hours day-of-month month day-of-week year, e.g. `cron(0 2 * * ? *)`",
        ));
    }
    for (i, (at, word)) in words.iter().enumerate() {
        field(&FIELDS[i], i, word, *at)?;
    }
    let (month_day_at, month_day) = words[DAY_OF_MONTH];
    let (week_day_at, week_day) = words[DAY_OF_WEEK];
    match (month_day == "?", week_day == "?") {
        (true, false) | (false, true) => Ok(()),
        (false, false) => Err(SyntaxError {
            // `*` there meant "any day of the week": `?` says the same. A specific day has no
            // meaning-keeping fix: which field the user meant is theirs to say.
            replacement: (week_day == "*").then(|| "?".to_owned()),
            ..error(
                week_day_at,
                week_day_at + week_day.len(),
                "day-of-month and day-of-week are both set; one of them must be `?`",
                format!("write `?` for day-of-week (or for day-of-month `{month_day}`)"),
            )
        }),
        (true, true) => Err(error(
            month_day_at,
            week_day_at + 1,
            "day-of-month and day-of-week are both `?`; only one of them may be",
            "set the other one, e.g. `*` for every day",
        )),
    }
}

fn field(f: &Field, index: usize, word: &str, at: usize) -> Result<(), SyntaxError> {
    if word == "?" {
        return if index == DAY_OF_MONTH || index == DAY_OF_WEEK {
            Ok(())
        } else {
            Err(SyntaxError {
                replacement: Some("*".to_owned()),
                ..error(
                    at,
                    at + 1,
                    format!("`?` is not allowed in the {} field", f.name),
                    "`?` only stands for day-of-month or day-of-week; write `*` for any value",
                )
            })
        };
    }
    let mut start = 0;
    for item in word.split(',') {
        item_ok(f, index, item, at + start)?;
        start += item.len() + 1;
    }
    Ok(())
}

fn item_ok(f: &Field, index: usize, item: &str, at: usize) -> Result<(), SyntaxError> {
    let whole = || {
        error(
            at,
            at + item.len().max(1),
            format!("`{item}` is not a valid {} value", f.name),
            help(f, index),
        )
    };
    if item.is_empty() {
        return Err(whole());
    }
    if index == DAY_OF_MONTH && (item == "L" || item == "LW") {
        return Ok(());
    }
    if index == DAY_OF_MONTH
        && let Some(day) = item.strip_suffix('W')
    {
        return value(f, day, at).map(|_| ());
    }
    if index == DAY_OF_WEEK {
        if item == "L" {
            return Ok(());
        }
        if let Some(day) = item.strip_suffix('L') {
            return value(f, day, at).map(|_| ());
        }
        if let Some((day, nth)) = item.split_once('#') {
            value(f, day, at)?;
            let nth_at = at + day.len() + 1;
            return match nth.parse::<u32>() {
                Ok(1..=5) => Ok(()),
                _ => Err(error(
                    nth_at,
                    nth_at + nth.len().max(1),
                    format!("`#{nth}` is not a week of the month"),
                    "`DAY#N` takes N from 1 to 5, e.g. `MON#1` for the first Monday",
                )),
            };
        }
    }
    let (range, step) = match item.split_once('/') {
        Some((range, step)) => (range, Some(step)),
        None => (item, None),
    };
    if let Some(step) = step {
        let step_at = at + range.len() + 1;
        if !matches!(step.parse::<u32>(), Ok(n) if n >= 1 && step.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(error(
                step_at,
                step_at + step.len().max(1),
                format!("`/{step}` is not a step"),
                "a step is a whole number of at least 1, e.g. `*/15` or `0/5`",
            ));
        }
    }
    if range == "*" {
        return Ok(());
    }
    match range.split_once('-') {
        Some((from, to)) => {
            value(f, from, at)?;
            value(f, to, at + from.len() + 1)?;
            Ok(())
        }
        None => value(f, range, at).map(|_| ()),
    }
}

/// One value of a field: a number within its bounds or one of its names.
fn value(f: &Field, text: &str, at: usize) -> Result<u32, SyntaxError> {
    let upper = text.to_ascii_uppercase();
    if let Some(i) = f.names.iter().position(|n| *n == upper) {
        return Ok(f.min + u32::try_from(i).unwrap_or(0));
    }
    match text.parse::<u32>() {
        Ok(n) if (f.min..=f.max).contains(&n) && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        Ok(_) => Err(error(
            at,
            at + text.len(),
            format!("{} `{text}` is out of range", f.name),
            format!("{} is {} to {}", f.name, f.min, f.max),
        )),
        Err(_) => Err(error(
            at,
            at + text.len().max(1),
            format!("`{text}` is not a valid {} value", f.name),
            help(f, FIELDS.iter().position(|g| g.name == f.name).unwrap_or(0)),
        )),
    }
}

fn help(f: &Field, index: usize) -> String {
    let extra = match index {
        DAY_OF_MONTH => ", `?`, `L`, `LW` or `NW`",
        DAY_OF_WEEK => ", `?`, `L`, `NL` or `N#W`",
        _ => "",
    };
    let names = if f.names.is_empty() {
        String::new()
    } else {
        format!(" or {}-{}", f.names[0], f.names[f.names.len() - 1])
    };
    format!(
        "{} takes {}-{}{names}, `*`, lists `a,b`, ranges `a-b` and steps `/n`{extra}",
        f.name, f.min, f.max
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, String) {
        let e = parse(text).expect_err(text);
        (e.start, e.end, e.message)
    }

    #[test]
    fn accepts_scheduler_expressions() {
        for ok in [
            "cron(0 2 * * ? *)",
            "cron(0/15 8-18 ? * MON-FRI *)",
            "cron(0 10 ? * 6L 2030-2035)",
            "cron(0 9 ? * MON#1 *)",
            "cron(30 4 L * ? *)",
            "cron(0 12 15W jan,jul ? *)",
            "cron(*/5 * 1,15 * ? *)",
            "rate(1 hour)",
            "rate(5 minutes)",
            "rate(2 days)",
            "at(2030-02-28T04:00:00)",
            "at(2028-02-29T23:59:59)",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
        assert_eq!(parse("rate(1 day)"), Ok(Expression::Rate));
        assert_eq!(rate_seconds("rate(1 day)"), Some(86_400));
        assert_eq!(rate_seconds("rate(15 minutes)"), Some(900));
        assert_eq!(rate_seconds("rate(1 hours)"), None);
        assert_eq!(rate_seconds("cron(0 2 * * ? *)"), None);
        assert_eq!(parse("at(2030-01-01T00:00:00)"), Ok(Expression::At));
    }

    #[test]
    fn points_at_the_offending_part() {
        assert_eq!(err("cron(0 2 * * * *)").0, 13);
        assert!(
            err("cron(0 2 * * *)")
                .2
                .contains("6 fields, this one has 5")
        );
        assert_eq!(
            err("cron(0 24 * * ? *)"),
            (7, 9, "hours `24` is out of range".to_owned())
        );
        assert_eq!(err("cron(0 2 ? * MON#6 *)").0, 17);
        assert_eq!(err("cron(0 2 ? FOO * *)").0, 11);
        assert_eq!(err("cron(0 2 * * ? 1960)").0, 15);
        assert_eq!(err("cron(? 2 * * ? *)").0, 5);
        assert!(err("cron(0 2 ? * ? *)").2.contains("both `?`"));
        assert_eq!(err("cron(0/0 2 * * ? *)").0, 7);
        assert_eq!(
            err("rate(1 hours)"),
            (7, 12, "a rate of 1 takes the unit `hour`".to_owned())
        );
        assert_eq!(
            err("rate(5 minute)").2,
            "a rate of 5 takes the unit `minutes`"
        );
        assert_eq!(err("rate(0 days)").0, 5);
        assert_eq!(err("rate(5 weeks)").0, 7);
        assert_eq!(err("every(5 minutes)").0, 0);
        assert_eq!(err("at(2029-02-29T00:00:00)").0, 11);
        assert_eq!(err("at(2030-01-01 00:00)").0, 3);
        assert!(err("cron(0 2 * * ? *").2.contains("`)`"));
        assert!(err("cron(").2.contains("`)`"));
    }
}
