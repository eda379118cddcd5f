//! RFC 3339 timestamps, kept as strings in the model so files round-trip byte for byte.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The current time in UTC, to the second, e.g. `2026-11-26T21:30:00Z`.
pub fn now() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

/// Whether `s` is an RFC 3339 date-time such as `2026-11-26T21:30:00Z` or
/// `2026-11-26T22:30:00.5+01:00`.
pub fn is_rfc3339(s: &str) -> bool {
    OffsetDateTime::parse(s, &Rfc3339).is_ok()
}

/// Whether `s` is an RFC 3339 date-time or a plain `YYYY-MM-DD` date (publication dates are
/// often known only to the day).
pub fn is_date_or_rfc3339(s: &str) -> bool {
    is_rfc3339(s)
        || time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// Seconds since the Unix epoch of an RFC 3339 timestamp, for ordering and display.
pub fn unix_seconds(s: &str) -> Option<i64> {
    OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// A timestamp for people: `2026-11-26 09:22 UTC`, or with its offset; dates and anything
/// unparsable are shown as written.
pub fn display(value: &str) -> String {
    let Ok(t) = OffsetDateTime::parse(value, &Rfc3339) else {
        return value.to_string();
    };
    let offset = t.offset();
    let zone = if offset.is_utc() {
        "UTC".to_string()
    } else {
        let (h, m, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {zone}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_to_people_to_the_minute_with_the_zone() {
        assert_eq!(display("2026-11-27T00:38:31Z"), "2026-11-27 00:38 UTC");
        assert_eq!(
            display("2026-11-27T02:38:31+02:00"),
            "2026-11-27 02:38 +02:00"
        );
        assert_eq!(
            display("2026-11-27"),
            "2026-11-27",
            "not a date-time: as written"
        );
    }

    #[test]
    fn now_is_valid_rfc3339_in_utc() {
        let now = now();
        assert!(is_rfc3339(&now), "{now}");
        assert!(now.ends_with('Z'), "{now}");
    }

    #[test]
    fn accepts_and_rejects() {
        assert!(is_rfc3339("2022-11-15T09:30:00Z"));
        assert!(is_rfc3339("2022-11-15T09:30:00.123+02:00"));
        assert!(!is_rfc3339("2022-11-15"));
        assert!(!is_rfc3339("yesterday"));
        assert!(is_date_or_rfc3339("2022-11-15"));
        assert!(!is_date_or_rfc3339("2022-13-15"));
        assert_eq!(unix_seconds("1970-01-01T00:01:00Z"), Some(60));
    }
}
