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

/// Where a local date-time falls in a time zone (`None` zone: UTC, Scheduler's and Application
/// Auto Scaling's default). Uses jiff's bundled tz database, so every machine answers alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Local {
    /// The instant it names (for a repeated hour in autumn, the earlier one).
    At(jiff::Timestamp),
    /// The clock skips it (spring forward); `after` is the same wall time shifted by the gap,
    /// the first time that does exist.
    Gap { after: DateTime },
}

/// `dt` in `zone`; `None` when the zone is unknown to the tz database (FF0373 reports it).
pub fn locate(dt: DateTime, zone: Option<&str>) -> Option<Local> {
    let tz = match zone {
        Some(name) => crate::check::time_zones::zone(name)?,
        None => jiff::tz::TimeZone::UTC,
    };
    let small = |v: u32| i8::try_from(v).ok();
    let civil = jiff::civil::DateTime::new(
        i16::try_from(dt.year).ok()?,
        small(dt.month)?,
        small(dt.day)?,
        small(dt.hour)?,
        small(dt.minute)?,
        small(dt.second)?,
        0,
    )
    .ok()?;
    let ambiguous = tz.to_ambiguous_zoned(civil);
    if let jiff::tz::AmbiguousOffset::Gap { .. } = ambiguous.offset() {
        let later = ambiguous.compatible().ok()?.datetime();
        let wide = |v: i8| u32::try_from(v).ok();
        return Some(Local::Gap {
            after: DateTime {
                year: u32::try_from(later.year()).ok()?,
                month: wide(later.month())?,
                day: wide(later.day())?,
                hour: wide(later.hour())?,
                minute: wide(later.minute())?,
                second: wide(later.second())?,
            },
        });
    }
    Some(Local::At(ambiguous.earlier().ok()?.timestamp()))
}

/// The local date-time of an `at(yyyy-mm-ddThh:mm:ss)` expression, if it is one and parses.
pub fn at_time(expression: &str) -> Option<DateTime> {
    let body = expression.trim().strip_prefix("at(")?.strip_suffix(')')?;
    parse_datetime(body).ok()
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
    fn spring_forward_gap_is_found_and_shifted() {
        let dt = parse_datetime("2027-03-14T02:30").unwrap();
        let after = parse_datetime("2027-03-14T03:30").unwrap();
        assert_eq!(
            locate(dt, Some("America/New_York")),
            Some(Local::Gap { after })
        );
        // The same wall time exists in UTC and on other days.
        assert!(matches!(locate(dt, None), Some(Local::At(_))));
        let day_before = parse_datetime("2027-03-13T02:30").unwrap();
        let Some(Local::At(t)) = locate(day_before, Some("America/New_York")) else {
            panic!("02:30 exists the day before");
        };
        assert_eq!(t.to_string(), "2027-03-13T07:30:00Z");
        assert_eq!(locate(dt, Some("Mars/Olympus")), None);
        assert_eq!(at_time("at(2027-03-14T02:30:00)"), Some(dt));
        assert_eq!(at_time("cron(0 2 * * ? *)"), None);
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
