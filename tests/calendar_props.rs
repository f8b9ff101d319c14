//! Property tests of the clock-free calendar parsers: arbitrary input never panics, and what
//! is formatted parses back to the same value.

use health_steward::calendar::{add_months, format_date, parse_date, Instant, Offset};
use health_steward::ErrorCode;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic_on_arbitrary_strings(s in any::<String>()) {
        if let Err(e) = parse_date("d", &s) { prop_assert_eq!(e.code, ErrorCode::InvalidDate); }
        if let Err(e) = Instant::parse("at", &s) { prop_assert_eq!(e.code, ErrorCode::InvalidDate); }
        let _ = Offset::parse("o", &s);
    }

    #[test]
    fn parsers_never_panic_on_near_misses(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?(Z|[+-][0-9]{2}:[0-9]{2})?") {
        let _ = Instant::parse("at", &s);
    }

    #[test]
    fn dates_round_trip(days in -200_000i64..200_000) {
        let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::TimeDelta::days(days);
        let s = format_date(d);
        if (0..=9999).contains(&chrono::Datelike::year(&d)) {
            prop_assert_eq!(parse_date("d", &s).unwrap(), d);
        }
    }

    #[test]
    fn instants_round_trip_in_their_offset(ms in -2_000_000_000_000i64..4_000_000_000_000, off in -1439i32..=1439) {
        let i = Instant { utc_ms: ms, offset: Offset(off) };
        let back = Instant::parse("at", &i.format()).unwrap();
        prop_assert_eq!(back.utc_ms, ms);
        prop_assert_eq!(back.offset, Offset(off));
        // The local date is the date written in the string.
        prop_assert_eq!(format_date(back.local_date(Offset(off))), i.format()[..10].to_string());
    }

    #[test]
    fn month_arithmetic_never_overshoots(days in 0i64..100_000, months in 0i32..1200) {
        let d = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::TimeDelta::days(days);
        let later = add_months(d, months).unwrap();
        // Same or earlier day of month (clamped), never spilling into the following month.
        prop_assert!(chrono::Datelike::day(&later) <= chrono::Datelike::day(&d));
        let expected_month0 = (chrono::Datelike::month0(&d) as i32 + months) % 12;
        prop_assert_eq!(chrono::Datelike::month0(&later) as i32, expected_month0);
    }
}
