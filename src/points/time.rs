//! Local-day arithmetic on day numbers (days since 1970-01-01) in a fixed offset.

use chrono::{Datelike, NaiveDate};

use crate::calendar::{format_date, Instant, Offset};

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
pub(crate) fn period_key(day: i32, per: super::program::Period) -> i32 {
    use super::program::Period;
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
    fn day_numbers_round_trip() {
        let d = parse_date("d", "1970-01-01").unwrap();
        assert_eq!(day_of(d), 0);
        let d = parse_date("d", "2026-11-24").unwrap();
        assert_eq!(fmt_day(day_of(d)), "2026-11-24");
        assert_eq!(fmt_day(year_end_day(day_of(d), 1)), "2027-12-31");
        let off = Offset::CHINA;
        assert_eq!(fmt_instant_s(end_of_day_ms(year_end_day(day_of(d), 1), off), off), "2027-12-31T23:59:59+08:00");
        // 2026-11-23 is a Monday.
        assert_eq!(fmt_day(period_key(day_of(d), super::super::program::Period::Week)), "2026-11-23");
    }
}
