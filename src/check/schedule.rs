//! Scheduled scaling as both the rules and lowering see it: local date-times, schedule
//! expressions (`at(…)`, `cron(…)`, `rate(…)`) and the expansion of a blueprint's `schedule`
//! into Application Auto Scaling scheduled actions (a window becomes a raise and a restore).

use crate::model::{Scaling, ScheduledScaling};

/// A calendar date and time of day, without a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl DateTime {
    /// `YYYY-MM-DDTHH:MM:SS`, the form `at(…)` and `StartTime` take.
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

fn leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DDTHH:MM[:SS]` (a space may replace the `T`). The error says what is wrong.
pub fn parse_datetime(text: &str) -> Result<DateTime, String> {
    let shape = "expected `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`";
    let (date, time) = text
        .split_once(['T', ' '])
        .ok_or_else(|| shape.to_owned())?;
    let number = |s: &str, len: usize| -> Result<u32, String> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| shape.to_owned())
        } else {
            Err(shape.to_owned())
        }
    };
    let dates: Vec<&str> = date.split('-').collect();
    let times: Vec<&str> = time.split(':').collect();
    let ([year, month, day], [hour, minute, rest @ ..]) = (dates.as_slice(), times.as_slice())
    else {
        return Err(shape.to_owned());
    };
    let second = match rest {
        [] => 0,
        [sec] => number(sec, 2)?,
        _ => return Err(shape.to_owned()),
    };
    let dt = DateTime {
        year: number(year, 4)?,
        month: number(month, 2)?,
        day: number(day, 2)?,
        hour: number(hour, 2)?,
        minute: number(minute, 2)?,
        second,
    };
    if !(1..=12).contains(&dt.month) {
        return Err(format!("month {} does not exist", dt.month));
    }
    if dt.day == 0 || dt.day > days_in(dt.year, dt.month) {
        return Err(format!(
            "{:04}-{:02} has no day {}",
            dt.year, dt.month, dt.day
        ));
    }
    if dt.hour > 23 || dt.minute > 59 || dt.second > 59 {
        return Err(format!(
            "{:02}:{:02}:{:02} is not a time of day",
            dt.hour, dt.minute, dt.second
        ));
    }
    Ok(dt)
}

/// A syntax error in a schedule expression: the byte range inside the text and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

fn err(start: usize, end: usize, message: impl Into<String>) -> ExprError {
    ExprError {
        start,
        end,
        message: message.into(),
    }
}

/// Checks `at(YYYY-MM-DDTHH:MM:SS)`, `rate(N unit)` or
/// `cron(minutes hours day-of-month month day-of-week year)`.
pub fn check_expression(text: &str) -> Result<(), ExprError> {
    let Some(open) = text.find('(') else {
        return Err(err(
            0,
            text.len(),
            "expected `at(…)`, `cron(…)` or `rate(…)`",
        ));
    };
    let kind = &text[..open];
    if !text.ends_with(')') {
        return Err(err(text.len(), text.len(), "missing the closing `)`"));
    }
    let body = &text[open + 1..text.len() - 1];
    let base = open + 1;
    match kind {
        "at" => match parse_datetime(body) {
            Ok(dt) if dt.iso() == body => Ok(()),
            Ok(_) => Err(err(
                base,
                base + body.len(),
                "write `at(YYYY-MM-DDTHH:MM:SS)` with seconds",
            )),
            Err(e) => Err(err(base, base + body.len(), e)),
        },
        "rate" => check_rate(body, base),
        "cron" => check_cron(body, base),
        _ => Err(err(
            0,
            open,
            format!("unknown schedule kind `{kind}`: use `at`, `cron` or `rate`"),
        )),
    }
}

fn check_rate(body: &str, base: usize) -> Result<(), ExprError> {
    let whole = || {
        err(
            base,
            base + body.len(),
            "expected `rate(N unit)`, e.g. `rate(5 minutes)`",
        )
    };
    let (n, unit) = body.split_once(' ').ok_or_else(whole)?;
    let value: u32 = n.parse().map_err(|_| {
        err(
            base,
            base + n.len(),
            format!("`{n}` is not a positive whole number"),
        )
    })?;
    if value == 0 {
        return Err(err(base, base + n.len(), "the rate must be at least 1"));
    }
    let ok = if value == 1 {
        ["minute", "hour", "day"].contains(&unit)
    } else {
        ["minutes", "hours", "days"].contains(&unit)
    };
    if ok {
        Ok(())
    } else {
        let at = base + n.len() + 1;
        Err(err(
            at,
            at + unit.len(),
            if value == 1 {
                format!("`{unit}` is not a unit: use `minute`, `hour` or `day` after 1")
            } else {
                format!("`{unit}` is not a unit: use `minutes`, `hours` or `days`")
            },
        ))
    }
}

/// The fields of a cron expression: name, lowest and highest value, names allowed.
const CRON_FIELDS: [(&str, u32, u32, &[&str]); 6] = [
    ("minutes", 0, 59, &[]),
    ("hours", 0, 23, &[]),
    ("day-of-month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
    ),
    (
        "day-of-week",
        1,
        7,
        &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    ),
    ("year", 1970, 2199, &[]),
];

fn check_cron(body: &str, base: usize) -> Result<(), ExprError> {
    let mut fields = Vec::new();
    let mut offset = 0;
    for part in body.split(' ') {
        if !part.is_empty() {
            fields.push((offset, part));
        }
        offset += part.len() + 1;
    }
    if fields.len() != 6 {
        return Err(err(
            base,
            base + body.len(),
            format!(
                "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not {}",
                fields.len()
            ),
        ));
    }
    for (i, ((at, text), (name, lo, hi, names))) in fields.iter().zip(CRON_FIELDS).enumerate() {
        let start = base + at;
        let field_err = |m: String| err(start, start + text.len(), m);
        if *text == "?" {
            if i == 2 || i == 4 {
                continue;
            }
            return Err(field_err(format!(
                "`?` is allowed only in day-of-month or day-of-week, not {name}"
            )));
        }
        for item in text.split(',') {
            check_cron_item(item, i, lo, hi, names)
                .map_err(|m| field_err(format!("{name}: {m}")))?;
        }
    }
    let (dom, dow) = (fields[2].1, fields[4].1);
    if (dom == "?") == (dow == "?") {
        let start = base + fields[4].0;
        return Err(err(
            start,
            start + dow.len(),
            "exactly one of day-of-month and day-of-week must be `?`",
        ));
    }
    Ok(())
}

fn check_cron_item(
    item: &str,
    field: usize,
    lo: u32,
    hi: u32,
    names: &[&str],
) -> Result<(), String> {
    let value = |v: &str| -> Result<u32, String> {
        if let Some(pos) = names.iter().position(|n| *n == v) {
            return Ok(lo + u32::try_from(pos).unwrap_or(0));
        }
        let n: u32 = v.parse().map_err(|_| format!("`{v}` is not a value"))?;
        if (lo..=hi).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{n} is outside {lo}-{hi}"))
        }
    };
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (item, None),
    };
    if let Some(s) = step {
        let n: u32 = s
            .parse()
            .map_err(|_| format!("step `{s}` is not a number"))?;
        if n == 0 {
            return Err("a step must be at least 1".to_owned());
        }
    }
    // Day-of-month may be `L` or `NW`; day-of-week may be `L`, `NL` or `N#k`.
    match (field, range) {
        (_, "*") | (2 | 4, "L") => Ok(()),
        (2, r) if r.ends_with('W') => value(&r[..r.len() - 1]).map(drop),
        (4, r) if r.ends_with('L') => value(&r[..r.len() - 1]).map(drop),
        (4, r) if r.contains('#') => {
            let (d, k) = r.split_once('#').unwrap_or((r, ""));
            value(d)?;
            match k.parse::<u32>() {
                Ok(1..=5) => Ok(()),
                _ => Err(format!("`#{k}` must be #1 to #5")),
            }
        }
        (_, r) => match r.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (value(a)?, value(b)?);
                if a <= b {
                    Ok(())
                } else {
                    Err(format!("range `{r}` runs backwards"))
                }
            }
            None => value(r).map(drop),
        },
    }
}

/// One Application Auto Scaling scheduled action, as lowered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    /// The blueprint entry it comes from.
    pub entry: String,
    pub schedule: String,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub timezone: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// The scheduled actions of `scaling`, in entry-name order: a window `w` gives `w-start`
/// (`at(from)`: the window's bounds, the service's where unset) and `w-end` (`at(until)`: back
/// to the service's bounds); a `when` entry gives one action of its own name. Entries whose
/// times do not parse are skipped (the rules report them).
pub fn actions(scaling: &Scaling) -> Vec<Action> {
    let mut out = Vec::new();
    for (name, entry) in &scaling.schedule {
        let timezone = entry.timezone.clone().or_else(|| scaling.timezone.clone());
        let utc = |t: &Option<String>| {
            t.as_deref()
                .and_then(|t| parse_datetime(t).ok())
                .map(|d| format!("{}Z", d.iso()))
        };
        match window(entry) {
            Some((from, until)) => {
                out.push(Action {
                    name: format!("{name}-start"),
                    entry: name.clone(),
                    schedule: format!("at({})", from.iso()),
                    min: Some(entry.min.unwrap_or(scaling.min)),
                    max: Some(entry.max.unwrap_or(scaling.max)),
                    timezone: timezone.clone(),
                    start: None,
                    end: None,
                });
                out.push(Action {
                    name: format!("{name}-end"),
                    entry: name.clone(),
                    schedule: format!("at({})", until.iso()),
                    min: Some(scaling.min),
                    max: Some(scaling.max),
                    timezone,
                    start: None,
                    end: None,
                });
            }
            None => {
                if let Some(when) = &entry.when {
                    out.push(Action {
                        name: name.clone(),
                        entry: name.clone(),
                        schedule: when.clone(),
                        min: entry.min,
                        max: entry.max,
                        timezone,
                        start: utc(&entry.start),
                        end: utc(&entry.end),
                    });
                }
            }
        }
    }
    out
}

/// A window's parsed `from` and `until`, when both are set and valid.
pub fn window(entry: &ScheduledScaling) -> Option<(DateTime, DateTime)> {
    let from = parse_datetime(entry.from.as_deref()?).ok()?;
    let until = parse_datetime(entry.until.as_deref()?).ok()?;
    Some((from, until))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_parse_and_reject_impossible_dates() {
        let dt = parse_datetime("2026-11-10T23:00").unwrap();
        assert_eq!(dt.iso(), "2026-11-10T23:00:00");
        assert_eq!(
            parse_datetime("2028-02-29 01:02:03").unwrap().iso(),
            "2028-02-29T01:02:03"
        );
        assert!(
            parse_datetime("2027-02-29T00:00")
                .unwrap_err()
                .contains("no day 29")
        );
        assert!(parse_datetime("2026-13-01T00:00").is_err());
        assert!(parse_datetime("2026-11-10T24:00").is_err());
        assert!(parse_datetime("10/11/2026 23:00").is_err());
    }

    #[test]
    fn expressions_are_checked_field_by_field() {
        assert!(check_expression("cron(0 22 * * ? *)").is_ok());
        assert!(check_expression("cron(0/15 8-18 ? * MON-FRI *)").is_ok());
        assert!(check_expression("cron(0 10 ? * 6#3 *)").is_ok());
        assert!(check_expression("rate(1 day)").is_ok());
        assert!(check_expression("rate(5 minutes)").is_ok());
        assert!(check_expression("at(2026-11-11T00:00:00)").is_ok());
        let e = check_expression("cron(0 25 * * ? *)").unwrap_err();
        assert_eq!((e.start, e.end), (7, 9));
        assert!(e.message.contains("hours"));
        let e = check_expression("rate(1 days)").unwrap_err();
        assert_eq!((e.start, e.end), (7, 11));
        assert!(check_expression("cron(0 22 * * * *)").is_err());
        assert!(check_expression("cron(0 22 * *)").is_err());
        assert!(check_expression("every(1 day)").is_err());
        assert!(check_expression("at(2026-11-11T00:00)").is_err());
    }

    #[test]
    fn a_window_becomes_a_raise_and_a_restore() {
        let scaling: Scaling = serde_json::from_value(serde_json::json!({
            "min": 4, "max": 80, "timezone": "Asia/Shanghai",
            "schedule": {
                "singles-day": { "from": "2026-11-10T23:00", "until": "2026-11-12T02:00", "min": 50 },
                "nightly": { "when": "cron(0 2 * * ? *)", "min": 2 }
            }
        }))
        .unwrap();
        let actions = actions(&scaling);
        let names: Vec<&str> = actions.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["nightly", "singles-day-start", "singles-day-end"]);
        assert_eq!(actions[1].schedule, "at(2026-11-10T23:00:00)");
        assert_eq!((actions[1].min, actions[1].max), (Some(50), Some(80)));
        assert_eq!((actions[2].min, actions[2].max), (Some(4), Some(80)));
        assert_eq!(actions[2].timezone.as_deref(), Some("Asia/Shanghai"));
        assert_eq!((actions[0].min, actions[0].max), (Some(2), None));
    }
}
