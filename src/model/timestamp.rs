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

#[cfg(test)]
mod tests {
    use super::*;

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
