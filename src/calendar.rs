//! Calendar arithmetic without a clock.
//!
//! The library never reads the time: dates (`YYYY-MM-DD`) and instants (RFC 3339 with an
//! offset) are arguments. Days are local calendar days in a fixed UTC offset (China has no DST),
//! never 24-hour blocks; months are calendar months (the 31st + 1 month → the last day of a
//! shorter month). Parsing and formatting are hand-written (strict and small: no strftime).

use std::cmp::Ordering;

use chrono::{Datelike, Months, NaiveDate};

use crate::error::{Error, Result};

pub use chrono::NaiveDate as Date;

/// Parses a strict `YYYY-MM-DD` date that exists on the calendar (no 2026-02-30).
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate> {
    ymd(s.as_bytes())
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d))
        .ok_or_else(|| Error::invalid_date(field, s))
}

/// The year, month and day of `YYYY-MM-DD` (four, two and two digits), not yet checked against
/// the calendar.
fn ymd(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?))
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Formats a date as `YYYY-MM-DD` (years outside 0–9999 signed: `+10000-01-01`, `-0001-12-31`).
pub fn format_date(d: NaiveDate) -> String {
    let mut out = Vec::with_capacity(11);
    push_date(&mut out, d);
    ascii(out)
}

/// The text of bytes written by the `push_…` functions (ASCII, so never empty by mistake).
fn ascii(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes `v` in decimal with at least `width` digits (zeros in front). Digit by digit rather
/// than through `format!`: a state document writes an instant per event.
#[inline(never)]
fn push_digits(out: &mut Vec<u8>, mut v: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut start = buf.len();
    while v > 0 || start == buf.len() {
        start -= 1;
        buf[start] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let start = start.min(buf.len() - width.min(buf.len()));
    out.extend_from_slice(&buf[start..]);
}

fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        out.push(if y < 0 { b'-' } else { b'+' });
    }
    push_digits(out, y.unsigned_abs(), 4);
    out.push(b'-');
    push_digits(out, d.month(), 2);
    out.push(b'-');
    push_digits(out, d.day(), 2);
}

/// Adds calendar months, clamping to the last day of the month (Jan 31 + 1 month → Feb 28/29).
/// Negative `months` go back. `None` only beyond chrono's supported range.
pub fn add_months(d: NaiveDate, months: i32) -> Option<NaiveDate> {
    if months >= 0 {
        d.checked_add_months(Months::new(months as u32))
    } else {
        d.checked_sub_months(Months::new(months.unsigned_abs()))
    }
}

/// Adds calendar days.
pub fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

/// Days from `a` to `b` (positive when `b` is later).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    b.signed_duration_since(a).num_days()
}

/// Completed years between `birth` and `on` (calendar-correct: the birthday counts on the day;
/// a 29 February birthday is reached on 1 March in common years). Error when `birth` is after `on`.
pub fn age_in_years(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if birth > on {
        return None;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    Some(years.max(0) as u32)
}

/// Exact age in years as a fraction: completed years plus the elapsed share of the current year
/// of life (used for half-year steps such as WS/T 586). Calendar-correct.
pub fn age_exact(birth: NaiveDate, on: NaiveDate) -> Option<f64> {
    let years = age_in_years(birth, on)?;
    let last = add_months(birth, years as i32 * 12)?;
    let next = add_months(birth, (years as i32 + 1) * 12)?;
    let span = days_between(last, next) as f64;
    let done = days_between(last, on) as f64;
    Some(years as f64 + if span > 0.0 { done / span } else { 0.0 })
}

/// Completed calendar months between `birth` and `on` (for child schedules).
pub fn months_between(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if birth > on {
        return None;
    }
    let mut m = (on.year() - birth.year()) * 12 + on.month() as i32 - birth.month() as i32;
    if add_months(birth, m)? > on {
        m -= 1;
    }
    Some(m.max(0) as u32)
}

/// A fixed UTC offset in minutes east of UTC (`+08:00` → 480).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Offset(pub i32);

impl Offset {
    /// China Standard Time, the default for residents.
    pub const CHINA: Offset = Offset(480);

    /// Parses `+HH:MM`, `-HH:MM` or `Z` (−23:59 … +23:59).
    pub fn parse(field: &str, s: &str) -> Result<Offset> {
        parse_offset_bytes(s.as_bytes())
            .map(Offset)
            .ok_or_else(|| Error::invalid_offset(field, s))
    }

    /// Formats as `+HH:MM`.
    pub fn format(self) -> String {
        let mut out = Vec::with_capacity(6);
        self.push_to(&mut out);
        ascii(out)
    }

    fn push_to(self, out: &mut Vec<u8>) {
        out.push(if self.0 < 0 { b'-' } else { b'+' });
        let m = self.0.unsigned_abs();
        push_digits(out, m / 60, 2);
        out.push(b':');
        push_digits(out, m % 60, 2);
    }
}

fn parse_offset_bytes(b: &[u8]) -> Option<i32> {
    if b == b"Z" || b == b"z" {
        return Some(0);
    }
    if b.len() != 6 || b[3] != b':' {
        return None;
    }
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h = digits(&b[1..3])?;
    let m = digits(&b[4..6])?;
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h as i32 * 60 + m as i32))
}

/// A point in time: UTC seconds since the Unix epoch plus milliseconds, and the offset it was
/// written in (kept so it can be shown back as given). Ordering and equality use the UTC time only.
#[derive(Debug, Clone, Copy)]
pub struct Instant {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub utc_ms: i64,
    /// The offset the instant was written with.
    pub offset: Offset,
}

impl PartialEq for Instant {
    fn eq(&self, other: &Self) -> bool {
        self.utc_ms == other.utc_ms
    }
}
impl Eq for Instant {}
impl PartialOrd for Instant {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Instant {
    fn cmp(&self, other: &Self) -> Ordering {
        self.utc_ms.cmp(&other.utc_ms)
    }
}

impl Instant {
    /// Parses RFC 3339 with a mandatory offset: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    /// `T` may be `t` or a space. Leap seconds (`:60`) are rejected.
    pub fn parse(field: &str, s: &str) -> Result<Instant> {
        parse_instant_bytes(s.as_bytes()).ok_or_else(|| Error::invalid_instant(field, s))
    }

    /// The instant at local midnight starting `date` in `offset`.
    pub fn start_of_day(date: NaiveDate, offset: Offset) -> Instant {
        let days = days_between(epoch(), date);
        Instant { utc_ms: days * 86_400_000 - i64::from(offset.0) * 60_000, offset }
    }

    /// The last millisecond of `date` in `offset` (23:59:59.999 local).
    pub fn end_of_day(date: NaiveDate, offset: Offset) -> Instant {
        let s = Instant::start_of_day(date, offset);
        Instant { utc_ms: s.utc_ms + 86_400_000 - 1, offset }
    }

    /// The local calendar date of this instant in `offset`.
    pub fn local_date(&self, offset: Offset) -> NaiveDate {
        let local_ms = self.utc_ms + i64::from(offset.0) * 60_000;
        let days = local_ms.div_euclid(86_400_000);
        add_days(epoch(), days).unwrap_or(epoch())
    }

    /// The same instant shown in another offset.
    pub fn in_offset(self, offset: Offset) -> Instant {
        Instant { utc_ms: self.utc_ms, offset }
    }

    /// Adds milliseconds.
    pub fn plus_ms(self, ms: i64) -> Instant {
        Instant { utc_ms: self.utc_ms.saturating_add(ms), offset: self.offset }
    }

    /// RFC 3339 in the instant's own offset, with milliseconds only when non-zero.
    pub fn format(&self) -> String {
        let local_ms = self.utc_ms + i64::from(self.offset.0) * 60_000;
        let days = local_ms.div_euclid(86_400_000);
        let ms_of_day = local_ms.rem_euclid(86_400_000);
        let date = add_days(epoch(), days).unwrap_or(epoch());
        let (h, mi, se, ms) = (
            ms_of_day / 3_600_000,
            (ms_of_day / 60_000) % 60,
            (ms_of_day / 1000) % 60,
            ms_of_day % 1000,
        );
        let mut out = Vec::with_capacity(29);
        push_date(&mut out, date);
        for (sep, v) in [(b'T', h), (b':', mi), (b':', se)] {
            out.push(sep);
            push_digits(&mut out, v as u32, 2);
        }
        if ms != 0 {
            out.push(b'.');
            push_digits(&mut out, ms as u32, 3);
        }
        if self.offset.0 == 0 {
            out.push(b'Z');
        } else {
            self.offset.push_to(&mut out);
        }
        ascii(out)
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Days from 1970-01-01 to a strict `YYYY-MM-DD` date that exists (what [`parse_date`] accepts),
/// in integer arithmetic: an instant is parsed per event, and through `parse_date` and chrono
/// its date took about 300 of the 470 instructions of a parse.
fn epoch_day(b: &[u8]) -> Option<i64> {
    let (y, m, d) = ymd(b)?;
    let y = i64::from(y);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match m {
        2 => 28 + u32::from(leap),
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if d == 0 || d > month_days {
        return None;
    }
    // The proleptic Gregorian day count of a year starting in March (so the leap day is the
    // year's last), as in Hinnant's `days_from_civil`; years here are 0–9999, never negative.
    let (y, m) = if m <= 2 { (y - 1, i64::from(m) + 9) } else { (y, i64::from(m) - 3) };
    let (era, yoe) = (y.div_euclid(400), y.rem_euclid(400));
    let doy = (153 * m + 2) / 5 + i64::from(d) - 1;
    Some(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

fn parse_instant_bytes(b: &[u8]) -> Option<Instant> {
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let days = epoch_day(&b[0..10])?;
    let h = digits(&b[11..13])?;
    let mi = digits(&b[14..16])?;
    let se = digits(&b[17..19])?;
    if h > 23 || mi > 59 || se > 59 {
        return None;
    }
    let mut i = 19;
    let mut ms: i64 = 0;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 3 {
                ms = ms * 10 + i64::from(b[i] - b'0');
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 || n > 9 {
            return None;
        }
        for _ in n..3 {
            ms *= 10;
        }
    }
    let offset = Offset(parse_offset_bytes(&b[i..])?);
    let local_ms = days * 86_400_000 + (i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(se)) * 1000 + ms;
    Some(Instant { utc_ms: local_ms - i64::from(offset.0) * 60_000, offset })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn d(s: &str) -> NaiveDate {
        parse_date("d", s).unwrap()
    }

    /// The integer day count accepts the dates chrono accepts and counts the days chrono
    /// counts: every day of years 0–9999 in steps, month ends, leap days and invalid days.
    #[test]
    fn epoch_day_is_what_chrono_counts() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut checked = 0;
        for y in (0..=9999).step_by(7).chain([0, 1, 100, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999]) {
            for m in 0..=13u32 {
                for d in 0..=32u32 {
                    let text = format!("{y:04}-{m:02}-{d:02}");
                    let want = NaiveDate::from_ymd_opt(y, m, d).map(|x| x.signed_duration_since(epoch).num_days());
                    assert_eq!(epoch_day(text.as_bytes()), want, "{text}");
                    checked += usize::from(want.is_some());
                }
            }
        }
        assert!(checked > 500_000);
        for bad in ["2026-1-011", "2026/01/01", "2026-01-0a", "+026-01-01", "2026-01-01 "] {
            assert_eq!(epoch_day(bad.as_bytes()), None, "{bad}");
        }
    }

    /// The digit writers (dates, offsets, instants) write what `format!` wrote before them: for
    /// dates across chrono's range, offsets, and instants with and without milliseconds.
    #[test]
    fn digit_writing_is_what_format_wrote() {
        let old_date = |d: NaiveDate| {
            let y = d.year();
            if (0..=9999).contains(&y) {
                format!("{:04}-{:02}-{:02}", y, d.month(), d.day())
            } else {
                format!("{:+05}-{:02}-{:02}", y, d.month(), d.day())
            }
        };
        let old_offset = |o: Offset| {
            let m = o.0.unsigned_abs();
            format!("{}{:02}:{:02}", if o.0 < 0 { '-' } else { '+' }, m / 60, m % 60)
        };
        let mut days = vec![NaiveDate::MIN, NaiveDate::MAX, d("0000-01-01"), d("9999-12-31"), d("1969-12-31")];
        days.extend([-1, 1, 9_999, 10_000, -10_000, 123_456].iter().filter_map(|&y| NaiveDate::from_ymd_opt(y, 7, 4)));
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let day = (seed >> 33) as i64 % 4_000_000 - 2_000_000;
            days.extend(add_days(epoch(), day));
        }
        for (k, &day) in days.iter().enumerate() {
            assert_eq!(format_date(day), old_date(day));
            let offset = Offset((k as i32 * 37) % (24 * 60) * if k % 2 == 0 { 1 } else { -1 });
            assert_eq!(offset.format(), old_offset(offset));
            if (0..=9999).contains(&day.year()) {
                let ms = (k as i64 * 7_919_113) % 86_400_000 * if k % 3 == 0 { 0 } else { 1 };
                let i = Instant::start_of_day(day, offset).plus_ms(ms);
                let local = i.utc_ms + i64::from(offset.0) * 60_000;
                let t = local.rem_euclid(86_400_000);
                let (h, mi, se, milli) = (t / 3_600_000, t / 60_000 % 60, t / 1000 % 60, t % 1000);
                let date = add_days(epoch(), local.div_euclid(86_400_000)).unwrap();
                let off = if offset.0 == 0 { "Z".to_string() } else { old_offset(offset) };
                let old = if milli == 0 {
                    format!("{}T{h:02}:{mi:02}:{se:02}{off}", old_date(date))
                } else {
                    format!("{}T{h:02}:{mi:02}:{se:02}.{milli:03}{off}", old_date(date))
                };
                assert_eq!(i.format(), old);
            }
        }
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(format_date(d("2024-02-29")), "2024-02-29");
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01x", "２０２６-01-01", ""] {
            let e = parse_date("options.startDate", bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidDate, "{bad}");
            assert_eq!(e.field.as_deref(), Some("options.startDate"));
        }
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(add_months(d("2024-01-31"), 1), Some(d("2024-02-29")));
        assert_eq!(add_months(d("2025-01-31"), 1), Some(d("2025-02-28")));
        assert_eq!(add_months(d("2025-01-31"), 3), Some(d("2025-04-30")));
        assert_eq!(add_months(d("2025-03-31"), -1), Some(d("2025-02-28")));
    }

    #[test]
    fn ages_are_calendar_correct() {
        assert_eq!(age_in_years(d("1966-11-24"), d("2026-11-24")), Some(60));
        assert_eq!(age_in_years(d("1966-11-25"), d("2026-11-24")), Some(59));
        assert_eq!(age_in_years(d("2000-02-29"), d("2026-02-28")), Some(25));
        assert_eq!(age_in_years(d("2000-02-29"), d("2026-03-01")), Some(26));
        assert_eq!(age_in_years(d("2027-01-01"), d("2026-11-24")), None);
        assert_eq!(months_between(d("2024-01-31"), d("2024-02-29")), Some(1));
        assert_eq!(months_between(d("2024-01-31"), d("2024-02-28")), Some(0));
        let a = age_exact(d("2016-05-01"), d("2022-11-01")).unwrap();
        assert!((a - 6.5).abs() < 0.01, "{a}");
    }

    #[test]
    fn instants_parse_to_local_days() {
        let a = Instant::parse("at", "2026-11-24T23:30:00+08:00").unwrap();
        let b = Instant::parse("at", "2026-11-25T00:30:00+08:00").unwrap();
        assert_eq!(a.local_date(Offset::CHINA), d("2026-11-24"));
        assert_eq!(b.local_date(Offset::CHINA), d("2026-11-25"));
        let c = Instant::parse("at", "2026-11-24T15:30:00Z").unwrap();
        let e = Instant::parse("at", "2026-11-24T16:30:00Z").unwrap();
        assert_eq!(c.local_date(Offset::CHINA), d("2026-11-24"));
        assert_eq!(e.local_date(Offset::CHINA), d("2026-11-25"));
        assert_eq!(a, Instant::parse("at", "2026-11-24T15:30:00Z").unwrap());
        assert_eq!(a.format(), "2026-11-24T23:30:00+08:00");
        assert_eq!(Instant::parse("at", "2026-11-24T15:30:00.25Z").unwrap().format(), "2026-11-24T15:30:00.250Z");
        let neg = Instant::parse("at", "1969-12-31T23:00:00-01:00").unwrap();
        assert_eq!(neg.utc_ms, 0);
        assert_eq!(neg.local_date(Offset(0)), d("1970-01-01"));
    }

    #[test]
    fn malformed_instants_are_errors() {
        for bad in [
            "2026-11-24",
            "2026-11-24T08:30:00",
            "2026-11-24T24:00:00Z",
            "2026-11-24T08:30:60Z",
            "2026-02-30T08:30:00Z",
            "2026-11-24T08:30:00+8:00",
            "2026-11-24T08:30:00.Z",
            "2026-11-24T08:30:00+24:00",
        ] {
            let e = Instant::parse("event.at", bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidDate, "{bad}");
            assert_eq!(e.field.as_deref(), Some("event.at"));
        }
    }

    #[test]
    fn day_bounds() {
        let s = Instant::start_of_day(d("2027-12-31"), Offset::CHINA);
        assert_eq!(s.format(), "2027-12-31T00:00:00+08:00");
        assert_eq!(Instant::end_of_day(d("2027-12-31"), Offset::CHINA).format(), "2027-12-31T23:59:59.999+08:00");
        assert_eq!(Offset::parse("o", "-05:30").unwrap().format(), "-05:30");
        assert!(Offset::parse("o", "+0800").is_err());
    }
}
