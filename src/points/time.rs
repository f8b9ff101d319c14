//! Local-day arithmetic on day numbers (days since 1970-01-01) in a fixed offset.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::read::Read;

use crate::calendar::{format_date, Instant, Offset};

/// A cap's calendar period (local days; weeks start on Monday; calendar months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    Day,
    Week,
    Month,
}

/// Largest points of one rule, bonus or referral award.
pub(crate) const MAX_POINTS: i64 = 1_000_000;
/// Largest manual adjustment.
pub(crate) const MAX_ADJUST: i64 = 1_000_000_000;
/// Balances and totals crossing to JS stay exact (2^53 − 1).
pub(crate) const MAX_SAFE: i64 = 9_007_199_254_740_991;

const DAY_MS: i64 = 86_400_000;
const CE_1970: i32 = 719_163;

pub(crate) fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day.saturating_add(CE_1970)).unwrap_or(NaiveDate::MIN)
}

pub(crate) fn day_of(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - CE_1970
}

pub(crate) fn fmt_day(day: i32) -> String {
    format_date(date_of(day))
}

/// Instants the engine accepts: years 0001–9998 in UTC, so that every instant (and its local
/// day) can be written back in any offset and read again.
pub(crate) fn instant_in_range(ms: i64) -> bool {
    // 0001-01-02T00:00Z and 9998-12-31T00:00Z.
    (-62_135_510_400_000..=253_370_678_400_000).contains(&ms)
}

pub(crate) fn parse_instant(field: &str, s: &str) -> crate::error::Result<i64> {
    use crate::error::{Error, ErrorCode};
    let ms = Instant::parse(field, s)?.utc_ms;
    if !instant_in_range(ms) {
        let shown: String = s.chars().take(40).collect();
        return Err(Error::new(
            ErrorCode::InvalidDate,
            Some(field),
            crate::i18n::Text::new(
                format!("{field} 的时间“{shown}”超出支持的范围（公元 0001–9998 年）。"),
                format!("{field} has the instant \"{shown}\", outside the supported years 0001–9998."),
            ),
        ));
    }
    Ok(ms)
}

/// Local day of an instant.
pub(crate) fn local_day(ms: i64, offset: Offset) -> i32 {
    (ms + i64::from(offset.0) * 60_000).div_euclid(DAY_MS) as i32
}

pub(crate) fn start_of_day_ms(day: i32, offset: Offset) -> i64 {
    i64::from(day) * DAY_MS - i64::from(offset.0) * 60_000
}

pub(crate) fn end_of_day_ms(day: i32, offset: Offset) -> i64 {
    start_of_day_ms(day + 1, offset) - 1
}

/// 31 December of the year of `day` plus `years`.
pub(crate) fn year_end_day(day: i32, years: i32) -> i32 {
    let y = date_of(day).year() + years;
    NaiveDate::from_ymd_opt(y, 12, 31).map(day_of).unwrap_or(day)
}

/// Key of the cap period containing `day`: the day, the Monday of its week, or year*12+month.
pub(crate) fn period_key(day: i32, per: Period) -> i32 {
    match per {
        Period::Day => day,
        // 1970-01-01 was a Thursday.
        Period::Week => day - (day + 3).rem_euclid(7),
        Period::Month => {
            let d = date_of(day);
            d.year() * 12 + d.month0() as i32
        }
    }
}

/// An instant shown in the program offset.
pub(crate) fn fmt_instant(ms: i64, offset: Offset) -> String {
    Instant { utc_ms: ms, offset }.format()
}

/// An instant shown to the second (expiry ends are 23:59:59.999 internally, shown 23:59:59).
pub(crate) fn fmt_instant_s(ms: i64, offset: Offset) -> String {
    Instant { utc_ms: ms - ms.rem_euclid(1000), offset }.format()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;

    #[test]
    fn the_supported_range_is_years_0001_to_9998() {
        assert_eq!(Instant::parse("t", "0001-01-02T00:00:00Z").unwrap().utc_ms, -62_135_510_400_000);
        assert_eq!(Instant::parse("t", "9998-12-31T00:00:00Z").unwrap().utc_ms, 253_370_678_400_000);
        assert!(parse_instant("t", "9999-01-01T00:00:00Z").is_err());
        assert!(parse_instant("t", "0000-06-01T00:00:00Z").is_err());
        assert!(parse_instant("t", "2026-11-24T08:30:00+08:00").is_ok());
    }

    #[test]
    fn day_numbers_round_trip() {
        let d = parse_date("d", "1970-01-01").unwrap();
        assert_eq!(day_of(d), 0);
        let d = parse_date("d", "2026-11-24").unwrap();
        assert_eq!(fmt_day(day_of(d)), "2026-11-24");
        assert_eq!(fmt_day(year_end_day(day_of(d), 1)), "2027-12-31");
        let off = Offset::CHINA;
        assert_eq!(fmt_instant_s(end_of_day_ms(year_end_day(day_of(d), 1), off), off), "2027-12-31T23:59:59+08:00");
        // 2026-11-23 is a Monday.
        assert_eq!(fmt_day(period_key(day_of(d), Period::Week)), "2026-11-23");
    }
}
