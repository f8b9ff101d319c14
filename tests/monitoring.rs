//! Home-monitoring alerts (docs/care-rules.md §8): every rule, local days in the resident's offset,
//! day averages, gaps, asOf, errors and ordering.

use health_steward::cards::{Card, Indicator};
use health_steward::monitoring::{evaluate_readings, EvaluateOptions, Reading};
use health_steward::risk::Profile;
use health_steward::i18n::Locale;
use health_steward::ErrorCode;
use serde_json::{json, Value};

fn profile(v: Value) -> Profile {
    health_steward::read::read_value(&v, "").expect("profile")
}

fn plain() -> Profile {
    profile(json!({ "sex": "female", "age": 68 }))
}

fn readings(v: Value) -> Vec<Reading> {
    health_steward::read::read_value(&v, "").expect("readings")
}

fn opts(as_of: &str) -> EvaluateOptions {
    EvaluateOptions { as_of: Some(as_of.to_string()), locale: Some("en".into()), utc_offset: None }
}

fn run(r: Value, p: &Profile, o: &EvaluateOptions) -> Vec<Card> {
    evaluate_readings(&readings(r), p, o).unwrap_or_else(|e| panic!("{e:?}")).alerts
}

fn codes(cards: &[Card]) -> Vec<&str> {
    cards.iter().map(|c| c.code.as_str()).collect()
}

fn ids(card: &Card) -> Vec<&str> {
    card.readings.as_deref().unwrap_or(&[]).iter().map(String::as_str).collect()
}

fn bp(id: &str, at: &str, sbp: f64, dbp: f64) -> Value {
    json!({ "id": id, "at": at, "kind": "bp", "sbp": sbp, "dbp": dbp })
}

fn val(id: &str, at: &str, kind: &str, v: f64) -> Value {
    json!({ "id": id, "at": at, "kind": kind, "value": v })
}

const AS_OF: &str = "2026-11-30T12:00:00+08:00";

// ---------------------------------------------------------------------------------------------
// Consecutive local days

#[test]
fn midnight_splits_days_in_the_residents_offset() {
    // 23:50 and 00:10 (+08:00) are different local days: three days in a row.
    let r = json!([
        bp("a", "2026-11-01T23:50:00+08:00", 140.0, 80.0),
        bp("b", "2026-11-02T00:10:00+08:00", 140.0, 80.0),
        bp("c", "2026-11-03T08:00:00+08:00", 138.0, 86.0),
    ]);
    let cards = run(r.clone(), &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["HOME_BP_ELEVATED"]);
    assert_eq!(cards[0].indicator, Indicator::Warning);
    assert_eq!(ids(&cards[0]), ["a", "b", "c"]);
    assert!(cards[0].summary.contains("3 days in a row"), "{}", cards[0].summary);

    // The same instants written in UTC fall on the same local days.
    let utc = json!([
        bp("a", "2026-11-01T15:50:00Z", 140.0, 80.0),
        bp("b", "2026-11-01T16:10:00Z", 140.0, 80.0),
        bp("c", "2026-11-03T00:00:00Z", 138.0, 86.0),
    ]);
    assert_eq!(codes(&run(utc.clone(), &plain(), &opts(AS_OF))), ["HOME_BP_ELEVATED"]);

    // In UTC as the resident's offset, a and b are both on 1 November: only two days.
    let o = EvaluateOptions { utc_offset: Some("+00:00".into()), ..opts(AS_OF) };
    assert!(run(utc, &plain(), &o).is_empty());
}

#[test]
fn a_gap_day_breaks_consecutive_days() {
    let mut r = vec![
        bp("d1", "2026-11-01T08:00:00+08:00", 150.0, 90.0),
        bp("d2", "2026-11-02T08:00:00+08:00", 150.0, 90.0),
        bp("d4", "2026-11-04T08:00:00+08:00", 150.0, 90.0),
        bp("d5", "2026-11-05T08:00:00+08:00", 150.0, 90.0),
    ];
    assert!(run(json!(r.clone()), &plain(), &opts(AS_OF)).is_empty());
    // A normal day in the middle breaks the run as well.
    r.push(bp("d3", "2026-11-03T08:00:00+08:00", 120.0, 75.0));
    assert!(run(json!(r.clone()), &plain(), &opts(AS_OF)).is_empty());
    // With a high day 3 the five days are one run, and the card lists every reading in time order.
    r.pop();
    r.push(bp("d3", "2026-11-03T08:00:00+08:00", 130.0, 85.0));
    let cards = run(json!(r), &plain(), &opts(AS_OF));
    assert_eq!(ids(&cards[0]), ["d1", "d2", "d3", "d4", "d5"]);
    assert!(cards[0].summary.contains("5 days"));
}

#[test]
fn several_readings_on_one_day_count_as_the_days_average() {
    let day = |d: u32, a: (f64, f64), b: (f64, f64)| {
        vec![
            bp(&format!("{d}m"), &format!("2026-11-{d:02}T07:00:00+08:00"), a.0, a.1),
            bp(&format!("{d}e"), &format!("2026-11-{d:02}T20:00:00+08:00"), b.0, b.1),
        ]
    };
    // 150/90 and 120/70 average 135/80: qualifies on systolic.
    let mut r: Vec<Value> = [1, 2, 3].iter().flat_map(|d| day(*d, (150.0, 90.0), (120.0, 70.0))).collect();
    let cards = run(json!(r.clone()), &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["HOME_BP_ELEVATED"]);
    assert_eq!(ids(&cards[0]).len(), 6);
    assert!(cards[0].detail.contains("135/80"), "{}", cards[0].detail);
    // 140/84 and 128/70 average 134/77: a single high reading does not make the day high.
    r.splice(2..4, day(2, (140.0, 84.0), (128.0, 70.0)));
    assert!(run(json!(r), &plain(), &opts(AS_OF)).is_empty());
    // Diastolic alone: 130/85 averages qualify.
    let r: Vec<Value> = [1, 2, 3].iter().flat_map(|d| day(*d, (130.0, 86.0), (130.0, 84.0))).collect();
    assert_eq!(codes(&run(json!(r), &plain(), &opts(AS_OF))), ["HOME_BP_ELEVATED"]);
}

#[test]
fn fasting_glucose_three_days() {
    let g = |id: &str, day: u32, v: f64, ctx: &str| {
        json!({ "id": id, "at": format!("2026-11-{day:02}T06:30:00+08:00"), "kind": "glucose", "value": v, "context": ctx })
    };
    let r = json!([g("g1", 1, 7.0, "fasting"), g("g2", 2, 7.4, "fasting"), g("g3", 3, 8.1, "fasting")]);
    let cards = run(r, &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["FASTING_GLUCOSE_ELEVATED"]);
    assert_eq!(ids(&cards[0]), ["g1", "g2", "g3"]);
    // 6.9 on one day breaks it; post-meal or unlabelled values do not count as fasting.
    let r = json!([g("g1", 1, 7.0, "fasting"), g("g2", 2, 6.9, "fasting"), g("g3", 3, 8.1, "fasting")]);
    assert!(run(r, &plain(), &opts(AS_OF)).is_empty());
    let r = json!([g("g1", 1, 9.0, "postprandial"), g("g2", 2, 9.0, "random"), g("g3", 3, 9.0, "fasting")]);
    assert!(run(r, &plain(), &opts(AS_OF)).is_empty());
}

#[test]
fn resting_heart_rate_three_days_either_side() {
    let hr = |d: u32, v: f64| val(&format!("h{d}"), &format!("2026-11-{d:02}T09:00:00+08:00"), "heart-rate", v);
    let cards = run(json!([hr(1, 101.0), hr(2, 110.0), hr(3, 104.0)]), &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["HEART_RATE_ABNORMAL"]);
    assert!(cards[0].summary.contains("above 100"), "{}", cards[0].summary);
    // 100 is not above 100; 50 is not below 50.
    assert!(run(json!([hr(1, 100.0), hr(2, 110.0), hr(3, 104.0)]), &plain(), &opts(AS_OF)).is_empty());
    let cards = run(json!([hr(1, 49.0), hr(2, 45.0), hr(3, 48.0)]), &plain(), &opts(AS_OF));
    assert!(cards[0].summary.contains("below 50"));
    assert!(run(json!([hr(1, 49.0), hr(2, 50.0), hr(3, 48.0)]), &plain(), &opts(AS_OF)).is_empty());
    // "> 100 or < 50" as written: a mixed run qualifies.
    let cards = run(json!([hr(1, 49.0), hr(2, 120.0), hr(3, 48.0)]), &plain(), &opts(AS_OF));
    assert!(cards[0].summary.contains("outside 50–100"));
}

#[test]
fn spo2_rules() {
    let s = |id: &str, at: &str, v: f64| val(id, at, "spo2", v);
    // < 90 in any reading: critical.
    let cards = run(json!([s("s1", "2026-11-01T09:00:00+08:00", 89.0)]), &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["SPO2_CRITICAL"]);
    assert_eq!(cards[0].indicator, Indicator::Critical);
    assert!(run(json!([s("s1", "2026-11-01T09:00:00+08:00", 90.0)]), &plain(), &opts(AS_OF)).is_empty());
    // 90–93 % on 2 consecutive days: warning (inclusive on both ends).
    let cards = run(
        json!([s("s1", "2026-11-01T09:00:00+08:00", 90.0), s("s2", "2026-11-02T09:00:00+08:00", 93.0)]),
        &plain(),
        &opts(AS_OF),
    );
    assert_eq!(codes(&cards), ["SPO2_LOW"]);
    assert_eq!(ids(&cards[0]), ["s1", "s2"]);
    // A day average below 94 is "90–93%": readings 93 and 94 on one day average 93.5.
    let r = json!([
        s("s1", "2026-11-01T09:00:00+08:00", 93.0), s("s2", "2026-11-01T10:00:00+08:00", 94.0),
        s("s3", "2026-11-02T09:00:00+08:00", 93.9),
    ]);
    assert_eq!(codes(&run(r, &plain(), &opts(AS_OF))), ["SPO2_LOW"]);
    let r = json!([s("s1", "2026-11-01T09:00:00+08:00", 93.5), s("s2", "2026-11-02T09:00:00+08:00", 94.0)]);
    assert!(run(r, &plain(), &opts(AS_OF)).is_empty(), "94 is not below 94");
    for pair in [(93.0, 94.0), (92.0, 95.0)] {
        let r = json!([s("s1", "2026-11-01T09:00:00+08:00", pair.0), s("s2", "2026-11-02T09:00:00+08:00", pair.1)]);
        assert!(run(r, &plain(), &opts(AS_OF)).is_empty(), "{pair:?}");
    }
    // Not consecutive.
    let r = json!([s("s1", "2026-11-01T09:00:00+08:00", 92.0), s("s2", "2026-11-03T09:00:00+08:00", 92.0)]);
    assert!(run(r, &plain(), &opts(AS_OF)).is_empty());
    // A day averaging 92 with one reading at 88: critical for the reading, and the day counts.
    let r = json!([
        s("s1", "2026-11-01T09:00:00+08:00", 88.0),
        s("s2", "2026-11-01T10:00:00+08:00", 96.0),
        s("s3", "2026-11-02T09:00:00+08:00", 91.0),
    ]);
    let cards = run(r, &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["SPO2_CRITICAL", "SPO2_LOW"]);
    assert_eq!(ids(&cards[0]), ["s1"]);
    assert_eq!(ids(&cards[1]), ["s1", "s2", "s3"]);
}

// ---------------------------------------------------------------------------------------------
// Critical single readings

#[test]
fn critical_blood_pressure_is_or() {
    let at = "2026-11-01T09:00:00+08:00";
    assert_eq!(codes(&run(json!([bp("x", at, 180.0, 100.0)]), &plain(), &opts(AS_OF))), ["BP_CRITICAL"]);
    assert_eq!(codes(&run(json!([bp("x", at, 150.0, 110.0)]), &plain(), &opts(AS_OF))), ["BP_CRITICAL"]);
    assert!(run(json!([bp("x", at, 179.0, 109.0)]), &plain(), &opts(AS_OF)).is_empty());
    // Several: one card naming all, quoting the latest.
    let cards = run(
        json!([bp("late", "2026-11-02T09:00:00+08:00", 192.0, 100.0), bp("early", at, 185.0, 112.0)]),
        &plain(),
        &opts(AS_OF),
    );
    assert_eq!(ids(&cards[0]), ["early", "late"]);
    assert!(cards[0].summary.contains("192/100"), "{}", cards[0].summary);
    assert!(cards[0].detail.contains("120"));
}

#[test]
fn critical_glucose_both_ways_inclusive() {
    let g = |id: &str, v: f64| val(id, "2026-11-01T09:00:00+08:00", "glucose", v);
    assert_eq!(codes(&run(json!([g("x", 16.7)]), &plain(), &opts(AS_OF))), ["GLUCOSE_HIGH_CRITICAL"]);
    assert!(run(json!([g("x", 16.6)]), &plain(), &opts(AS_OF)).is_empty());
    assert_eq!(codes(&run(json!([g("x", 3.9)]), &plain(), &opts(AS_OF))), ["GLUCOSE_LOW_CRITICAL"]);
    assert!(run(json!([g("x", 4.0)]), &plain(), &opts(AS_OF)).is_empty());
    let cards = run(json!([g("lo", 3.1), g("hi", 20.0)]), &plain(), &opts(AS_OF));
    assert_eq!(codes(&cards), ["GLUCOSE_HIGH_CRITICAL", "GLUCOSE_LOW_CRITICAL"]);
    assert!(cards[1].detail.contains("15–20 g"));
}

#[test]
fn fever_only_for_diabetes() {
    let t = |v: f64| json!([val("t", "2026-11-01T09:00:00+08:00", "temperature", v)]);
    let diabetic = profile(json!({ "sex": "male", "age": 60, "diabetes": true }));
    assert_eq!(codes(&run(t(39.1), &diabetic, &opts(AS_OF))), ["TEMPERATURE_DIABETES_CRITICAL"]);
    assert!(run(t(39.0), &diabetic, &opts(AS_OF)).is_empty());
    assert!(run(t(40.0), &plain(), &opts(AS_OF)).is_empty());
}

#[test]
fn heart_failure_weight_change_within_7_days() {
    let hf = profile(json!({ "sex": "male", "age": 75, "history": { "heartFailure": true } }));
    let w = |id: &str, day: u32, v: f64| val(id, &format!("2026-11-{day:02}T07:00:00+08:00"), "weight", v);
    let cards = run(json!([w("w1", 1, 70.3), w("w2", 4, 72.3)]), &hf, &opts(AS_OF));
    assert_eq!(codes(&cards), ["WEIGHT_CHANGE_HEART_FAILURE"]);
    assert_eq!(cards[0].indicator, Indicator::Warning);
    assert_eq!(ids(&cards[0]), ["w1", "w2"]);
    assert!(cards[0].summary.contains("went up by 2 kg in 3 days"), "{}", cards[0].summary);
    // 1.9 kg: no; 7 days apart: yes; 8 days apart: no; a loss counts too.
    assert!(run(json!([w("w1", 1, 70.0), w("w2", 4, 71.9)]), &hf, &opts(AS_OF)).is_empty());
    assert_eq!(run(json!([w("w1", 1, 70.0), w("w2", 8, 72.0)]), &hf, &opts(AS_OF)).len(), 1);
    assert!(run(json!([w("w1", 1, 70.0), w("w2", 9, 72.0)]), &hf, &opts(AS_OF)).is_empty());
    let cards = run(json!([w("w1", 1, 72.5), w("w2", 2, 70.0)]), &hf, &opts(AS_OF));
    assert!(cards[0].summary.contains("went down by 2.5 kg in 1 day —"), "{}", cards[0].summary);
    // Day averages: 70 and 71 on day 1 (70.5), 72.5 on day 3 → +2.0.
    let cards = run(json!([w("a", 1, 70.0), w("b", 1, 71.0), w("c", 3, 72.5), w("d", 20, 60.0)]), &hf, &opts(AS_OF));
    assert_eq!(ids(&cards[0]), ["a", "b", "c"]);
    // Without a heart-failure history, no card.
    assert!(run(json!([w("w1", 1, 70.0), w("w2", 4, 75.0)]), &plain(), &opts(AS_OF)).is_empty());
}

// ---------------------------------------------------------------------------------------------
// asOf, order, locale

#[test]
fn readings_after_as_of_are_refused() {
    let r = json!([
        bp("a", "2026-11-01T08:00:00+08:00", 150.0, 90.0),
        bp("b", "2026-11-02T08:00:00+08:00", 150.0, 90.0),
        bp("c", "2026-11-03T08:00:00+08:00", 150.0, 90.0),
        bp("late", "2026-11-03T21:00:00+08:00", 200.0, 120.0),
    ]);
    for as_of in ["2026-11-03T20:59:59+08:00", "2026-11-03T12:59:59Z", "2026-11-03T08:00:00Z"] {
        let e = evaluate_readings(&readings(r.clone()), &plain(), &opts(as_of)).expect_err("a reading after asOf");
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("readings[3].at")), "{as_of}");
        assert!(e.message(Locale::En).contains("Reading 4 is dated 2026-11-03T21:00:00+08:00, after"), "{}", e.message(Locale::En));
        assert!(!e.message(Locale::ZhCn).contains("readings["), "{}", e.message(Locale::ZhCn));
    }
    // At asOf exactly it counts; a date means the end of that local day.
    let cards = run(r.clone(), &plain(), &opts("2026-11-03T21:00:00+08:00"));
    assert_eq!(codes(&cards), ["BP_CRITICAL", "HOME_BP_ELEVATED"]);
    let cards = run(r, &plain(), &opts("2026-11-03"));
    assert_eq!(codes(&cards), ["BP_CRITICAL", "HOME_BP_ELEVATED"]);
}

#[test]
fn order_is_critical_first_then_table_order_and_input_order_does_not_matter() {
    let diabetic_hf = profile(json!({ "sex": "male", "age": 72, "diabetes": true, "history": { "heartFailure": true } }));
    let mut r = Vec::new();
    for d in 1..=3u32 {
        let at = |h: u32| format!("2026-11-{d:02}T{h:02}:00:00+08:00");
        r.push(bp(&format!("bp{d}"), &at(7), 150.0, 95.0));
        r.push(json!({ "id": format!("fg{d}"), "at": at(6), "kind": "glucose", "value": 8.0, "context": "fasting" }));
        r.push(val(&format!("hr{d}"), &at(8), "heart-rate", 105.0));
        r.push(val(&format!("sp{d}"), &at(9), "spo2", 92.0));
        r.push(val(&format!("w{d}"), &at(5), "weight", 70.0 + f64::from(d)));
    }
    r.push(bp("crit", "2026-11-03T10:00:00+08:00", 185.0, 100.0));
    r.push(val("hypo", "2026-11-03T11:00:00+08:00", "glucose", 3.5));
    r.push(val("hyper", "2026-11-03T12:00:00+08:00", "glucose", 17.0));
    r.push(val("sat", "2026-11-03T13:00:00+08:00", "spo2", 88.0));
    r.push(val("fever", "2026-11-03T14:00:00+08:00", "temperature", 39.5));
    let cards = run(json!(r.clone()), &diabetic_hf, &opts(AS_OF));
    assert_eq!(
        codes(&cards),
        [
            "BP_CRITICAL",
            "GLUCOSE_HIGH_CRITICAL",
            "GLUCOSE_LOW_CRITICAL",
            "SPO2_CRITICAL",
            "TEMPERATURE_DIABETES_CRITICAL",
            "HEART_RATE_DIABETES_CRITICAL",
            "HOME_BP_ELEVATED",
            "FASTING_GLUCOSE_ELEVATED",
            "HEART_RATE_ABNORMAL",
            "SPO2_LOW",
            "WEIGHT_CHANGE_HEART_FAILURE",
        ]
    );
    r.reverse();
    assert_eq!(run(json!(r.clone()), &diabetic_hf, &opts(AS_OF)), cards);
    for c in &cards {
        assert!(c.summary.chars().count() < 140, "{}", c.summary);
        assert!(!c.detail.is_empty() && !c.source.label.is_empty());
    }
    let zh = EvaluateOptions { locale: None, ..opts(AS_OF) };
    let zh_cards = run(json!(r), &diabetic_hf, &zh);
    assert_eq!(codes(&zh_cards), codes(&cards));
    for c in &zh_cards {
        assert!(c.summary.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)), "{}", c.summary);
        assert!(c.summary.chars().count() < 140);
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

fn error(r: Value, p: &Profile, o: &EvaluateOptions) -> (ErrorCode, Option<String>) {
    let e = evaluate_readings(&readings(r), p, o).expect_err("error");
    (e.code, e.field.clone())
}

#[test]
fn malformed_readings_are_errors_naming_the_reading() {
    let ok = bp("ok", "2026-11-01T08:00:00+08:00", 120.0, 80.0);
    let cases = [
        (json!({ "id": "x", "at": "2026-11-01T08:00:00+08:00", "kind": "steps", "value": 1 }), ErrorCode::InvalidInput, "readings[3].kind"),
        (bp("x", "2026-11-01 08:00", 120.0, 80.0), ErrorCode::InvalidDate, "readings[3].at"),
        (bp("x", "2026-11-01T08:00:00", 120.0, 80.0), ErrorCode::InvalidDate, "readings[3].at"),
        (json!({ "id": "x", "at": "2026-11-01T08:00:00+08:00", "kind": "bp", "sbp": 120 }), ErrorCode::MissingInput, "readings[3].dbp"),
        (json!({ "id": "x", "at": "2026-11-01T08:00:00+08:00", "kind": "glucose" }), ErrorCode::MissingInput, "readings[3].value"),
        // A glucose in mg/dL without its unit names the unit.
        (val("x", "2026-11-01T08:00:00+08:00", "glucose", 126.0), ErrorCode::InvalidInput, "readings[3].unit"),
        (val("x", "2026-11-01T08:00:00+08:00", "spo2", 101.0), ErrorCode::OutOfRange, "readings[3].value"),
        (val("x", "2026-11-01T08:00:00+08:00", "temperature", 101.0), ErrorCode::OutOfRange, "readings[3].value"),
        (json!({ "id": "x", "at": "2026-11-01T08:00:00+08:00", "kind": "glucose", "value": 5, "context": "bedtime" }), ErrorCode::InvalidInput, "readings[3].context"),
        (bp("ok", "2026-11-01T09:00:00+08:00", 120.0, 80.0), ErrorCode::InvalidInput, "readings[3].id"),
        (bp(" ", "2026-11-01T09:00:00+08:00", 120.0, 80.0), ErrorCode::InvalidInput, "readings[3].id"),
    ];
    for (bad, code, field) in cases {
        let r = json!([ok, bp("b", "2026-11-02T08:00:00+08:00", 120.0, 80.0), bp("c", "2026-11-03T08:00:00+08:00", 120.0, 80.0), bad]);
        assert_eq!(error(r, &plain(), &opts(AS_OF)), (code, Some(field.to_string())), "{bad}");
    }
    let mut nan = readings(json!([ok]));
    nan[0].sbp = Some(f64::NAN);
    let e = evaluate_readings(&nan, &plain(), &opts(AS_OF)).expect_err("NaN");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("readings[0].sbp")));
    // Malformed readings after asOf are still errors.
    let r = json!([bp("late", "2027-13-01T08:00:00+08:00", 120.0, 80.0)]);
    assert_eq!(error(r, &plain(), &opts(AS_OF)).1.as_deref(), Some("readings[0].at"));
}

#[test]
fn options_are_checked() {
    let r = json!([]);
    let none = EvaluateOptions::default();
    assert_eq!(error(r.clone(), &plain(), &none), (ErrorCode::MissingInput, Some("options.asOf".into())));
    let bad = EvaluateOptions { as_of: Some("yesterday".into()), ..Default::default() };
    assert_eq!(error(r.clone(), &plain(), &bad), (ErrorCode::InvalidDate, Some("options.asOf".into())));
    let bad = EvaluateOptions { utc_offset: Some("+0800".into()), ..opts(AS_OF) };
    assert_eq!(error(r.clone(), &plain(), &bad), (ErrorCode::InvalidInput, Some("options.utcOffset".into())));
    let bad = EvaluateOptions { locale: Some("fr".into()), ..opts(AS_OF) };
    assert_eq!(error(r.clone(), &plain(), &bad), (ErrorCode::InvalidInput, Some("options.locale".into())));
    assert!(run(r, &plain(), &opts("2026-11-30")).is_empty());
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn random_readings_never_panic(rs in proptest::collection::vec(
            (0usize..6, 0i64..20 * 24 * 60, prop_oneof![0.0..400.0f64, Just(f64::NAN), Just(-1.0)], 20.0..300.0f64, 0usize..4),
            0..60), hf in any::<bool>(), dm in any::<bool>(), off in -12i32..14)
        {
            let kinds = ["bp", "glucose", "heart-rate", "spo2", "temperature", "weight"];
            let ctx = ["fasting", "random", "postprandial", "fasting"];
            let list: Vec<Reading> = rs.iter().enumerate().map(|(i, (k, minute, v, w, c))| {
                let day = 1 + minute / (24 * 60);
                let (h, m) = ((minute / 60) % 24, minute % 60);
                Reading {
                    id: format!("r{i}"),
                    at: format!("2026-11-{day:02}T{h:02}:{m:02}:00+08:00"),
                    kind: kinds.get(*k).copied().unwrap_or("bp").to_string(),
                    sbp: Some(*w), dbp: Some(w / 2.0), value: Some(*v),
                    context: ctx.get(*c).map(|s| s.to_string()),
                    unit: None,
                }
            }).collect();
            let p = profile(json!({ "sex": "male", "diabetes": dm, "history": { "heartFailure": hf } }));
            let offset = format!("{}{:02}:00", if off < 0 { '-' } else { '+' }, off.abs());
            let o = EvaluateOptions { utc_offset: Some(offset), ..opts(AS_OF) };
            if let Ok(a) = evaluate_readings(&list, &p, &o) {
                for c in &a.alerts {
                    prop_assert!(!c.readings.as_deref().unwrap_or(&[]).is_empty());
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What a resident gets wrong

#[test]
fn a_diastolic_not_below_the_systolic_is_refused() {
    for (sbp, dbp) in [(88.0, 152.0), (120.0, 120.0)] {
        let e = evaluate_readings(&readings(json!([bp("x", "2026-11-01T08:00:00+08:00", sbp, dbp)])), &plain(), &opts(AS_OF))
            .expect_err("refused");
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("readings[0].dbp")), "{sbp}/{dbp}");
        assert!(e.message(Locale::En).contains("diastolic (lower) pressure"), "{}", e.message(Locale::En));
    }
    assert!(evaluate_readings(&readings(json!([bp("x", "2026-11-01T08:00:00+08:00", 120.0, 119.9)])), &plain(), &opts(AS_OF)).is_ok());
}

#[test]
fn glucose_readings_carry_a_unit_or_must_be_possible_in_mmol_per_litre() {
    let g = |v: f64, unit: Option<&str>| {
        let mut r = json!({ "id": "g", "at": "2026-11-01T08:00:00+08:00", "kind": "glucose", "value": v });
        if let Some(u) = unit {
            r["unit"] = json!(u);
        }
        evaluate_readings(&readings(json!([r])), &plain(), &opts(AS_OF))
    };
    // A 54 mg/dL low: refused without a unit (not "54 mmol/L, very high"), low with it.
    let e = g(54.0, None).expect_err("refused");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("readings[0].unit")));
    assert!(e.message(Locale::En).contains("not possible in mmol/L"), "{}", e.message(Locale::En));
    let cards = g(54.0, Some("mg/dL")).expect("mg/dL").alerts;
    assert_eq!(codes(&cards), ["GLUCOSE_LOW_CRITICAL"]);
    assert!(cards[0].summary.contains("3 mmol/L"), "{}", cards[0].summary); // 54 / 18.016 = 3.0
    // Without a unit: up to 33.3 mmol/L (a meter's top) is read in mmol/L.
    assert_eq!(codes(&g(33.3, None).expect("33.3").alerts), ["GLUCOSE_HIGH_CRITICAL"]);
    assert_eq!(g(33.4, None).expect_err("33.4").field.as_deref(), Some("readings[0].unit"));
    // With mmol/L: up to 60; mg/dL: 9–1081; other units are refused.
    assert!(g(40.0, Some("mmol/L")).is_ok());
    assert_eq!(g(60.1, Some("mmol/L")).expect_err("60.1").code, ErrorCode::OutOfRange);
    assert!(g(9.0, Some("mg/dL")).is_ok() && g(1081.0, Some("mg/dL")).is_ok());
    assert_eq!(g(1082.0, Some("mg/dL")).expect_err("1082").field.as_deref(), Some("readings[0].value"));
    assert_eq!(g(5.0, Some("mmol")).expect_err("unit").field.as_deref(), Some("readings[0].unit"));
    // 300 mg/dL (16.65 mmol/L) is just below the 16.7 critical line; 301 (16.71) is above.
    assert!(g(300.0, Some("mg/dL")).expect("300").alerts.is_empty());
    assert_eq!(codes(&g(301.0, Some("mg/dL")).expect("301").alerts), ["GLUCOSE_HIGH_CRITICAL"]);
}

#[test]
fn a_resting_heart_rate_above_100_is_critical_for_a_resident_with_diabetes() {
    let dm = profile(json!({ "sex": "female", "age": 66, "diabetes": true }));
    let hr = |v: f64| json!([val("h", "2026-11-01T09:00:00+08:00", "heart-rate", v)]);
    let cards = run(hr(101.0), &dm, &opts(AS_OF));
    assert_eq!(codes(&cards), ["HEART_RATE_DIABETES_CRITICAL"]);
    assert_eq!(cards[0].indicator, Indicator::Critical);
    assert!(run(hr(100.0), &dm, &opts(AS_OF)).is_empty(), "100 is not above 100");
    assert!(run(hr(101.0), &plain(), &opts(AS_OF)).is_empty(), "without diabetes: the three-day rule only");
}
