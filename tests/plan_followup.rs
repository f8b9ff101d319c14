//! Follow-up classification at every boundary (docs/care-rules.md §2).

use health_steward::plan::*;
use health_steward::ErrorCode;
use serde_json::{json, Value};

fn visit(v: Value) -> Visit {
    health_steward::read::read_value(&v, "").expect("visit")
}

fn classify(v: Value) -> FollowUp {
    classify_follow_up(&visit(v), &FollowUpOptions { locale: Some("en".into()), ..Default::default() }).unwrap()
}

fn htn(sbp: f64, dbp: f64, age: f64) -> FollowUp {
    classify(json!({ "condition": "hypertension", "date": "2026-03-10", "age": age, "sbp": sbp, "dbp": dbp }))
}

fn dm(glucose: f64) -> FollowUp {
    classify(json!({ "condition": "diabetes", "date": "2026-03-10", "glucose": glucose }))
}

#[test]
fn systolic_180_is_urgent_179_is_not() {
    let f = htn(179.0, 80.0, 50.0);
    assert_eq!((f.status, f.referral), (Status::UncontrolledFirst, Referral::None));
    assert_eq!(f.next_visit, "2026-03-24");
    let f = htn(180.0, 80.0, 50.0);
    assert_eq!((f.status, f.referral), (Status::Urgent, Referral::Urgent));
    assert_eq!(f.next_visit, "2026-03-24");
    assert_eq!(f.reasons, ["SBP 180 mmHg ≥ 180"]);
    assert_eq!(f.cards[0].indicator, health_steward::cards::Indicator::Critical);
}

#[test]
fn diastolic_110_is_urgent_109_is_not() {
    assert_eq!(htn(120.0, 109.0, 50.0).status, Status::UncontrolledFirst);
    assert_eq!(htn(120.0, 110.0, 50.0).status, Status::Urgent);
    // OR, not AND: either bound alone is enough.
    assert_eq!(htn(185.0, 70.0, 50.0).status, Status::Urgent);
    // A diabetes visit with a very high BP is urgent too.
    let f = classify(json!({ "condition": "diabetes", "date": "2026-03-10", "glucose": 6.0, "sbp": 181, "dbp": 95 }));
    assert_eq!(f.status, Status::Urgent);
}

#[test]
fn glucose_bounds_are_inclusive() {
    assert_eq!(dm(16.6).status, Status::UncontrolledFirst);
    assert_eq!(dm(16.7).status, Status::Urgent);
    assert_eq!(dm(3.9).status, Status::Urgent);
    let f = dm(4.0);
    assert_eq!((f.status, f.referral), (Status::Controlled, Referral::None));
    assert_eq!(f.next_visit, "2026-06-10");
    assert_eq!(dm(6.9).status, Status::Controlled);
    assert_eq!(dm(7.0).status, Status::UncontrolledFirst);
    // Glucose bounds apply to diabetes visits only.
    let f = classify(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 130, "dbp": 80, "glucose": 18.0 }));
    assert_eq!(f.status, Status::Controlled);
}

#[test]
fn blood_pressure_control_depends_on_age() {
    assert_eq!(htn(145.0, 85.0, 64.0).status, Status::UncontrolledFirst);
    let f = htn(145.0, 85.0, 65.0);
    assert_eq!(f.status, Status::Controlled);
    assert_eq!(f.next_visit, "2026-06-10");
    assert_eq!(htn(150.0, 85.0, 65.0).status, Status::UncontrolledFirst);
    assert_eq!(htn(145.0, 90.0, 65.0).status, Status::UncontrolledFirst);
    assert_eq!(htn(139.0, 89.0, 40.0).status, Status::Controlled);
    assert_eq!(htn(140.0, 89.0, 40.0).status, Status::UncontrolledFirst);
    // Without an age, the stricter (under-65) target applies.
    let f = classify(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 145, "dbp": 85 }));
    assert_eq!(f.status, Status::UncontrolledFirst);
}

#[test]
fn heart_rate_temperature_and_symptoms() {
    let base = |extra: Value| {
        let mut v = json!({ "condition": "diabetes", "date": "2026-03-10", "glucose": 6.0 });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        classify(v).status
    };
    assert_eq!(base(json!({ "heartRate": 100 })), Status::Controlled);
    assert_eq!(base(json!({ "heartRate": 101 })), Status::Urgent);
    assert_eq!(base(json!({ "temperature": 39.0 })), Status::Controlled);
    assert_eq!(base(json!({ "temperature": 39.1 })), Status::Urgent);
    assert_eq!(base(json!({ "dangerSymptoms": true })), Status::Urgent);
    assert_eq!(base(json!({ "adverseReaction": true })), Status::UncontrolledFirst);
    assert_eq!(base(json!({ "uncontrollableAdverseReaction": true })), Status::UncontrolledRepeat);
    assert_eq!(base(json!({ "newOrWorseComplication": true })), Status::UncontrolledRepeat);
    // Heart rate and temperature are diabetes criteria.
    let f = classify(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 130, "dbp": 80, "heartRate": 120 }));
    assert_eq!(f.status, Status::Controlled);
}

#[test]
fn a_second_uncontrolled_visit_is_a_planned_referral() {
    let now = visit(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 150, "dbp": 92, "age": 60 }));
    let before = |sbp: f64| visit(json!({ "condition": "hypertension", "date": "2026-02-24", "sbp": sbp, "dbp": 85, "age": 60 }));
    let opts = |p: Visit| FollowUpOptions { previous: Some(p), locale: Some("en".into()), ..Default::default() };
    let f = classify_follow_up(&now, &opts(before(150.0))).unwrap();
    assert_eq!((f.status, f.referral, f.next_visit.as_str()), (Status::UncontrolledRepeat, Referral::Planned, "2026-03-24"));
    assert!(f.reasons.iter().any(|r| r.contains("2026-02-24")), "{:?}", f.reasons);
    let f = classify_follow_up(&now, &opts(before(130.0))).unwrap();
    assert_eq!((f.status, f.referral), (Status::UncontrolledFirst, Referral::None));
    // Controlled now: the previous visit does not matter.
    let ok = visit(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 130, "dbp": 80 }));
    assert_eq!(classify_follow_up(&ok, &opts(before(150.0))).unwrap().status, Status::Controlled);
    // Urgent beats everything.
    let high = visit(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 190, "dbp": 80 }));
    assert_eq!(classify_follow_up(&high, &opts(before(150.0))).unwrap().referral, Referral::Urgent);
}

#[test]
fn next_visit_uses_calendar_months() {
    let f = classify(json!({ "condition": "diabetes", "date": "2026-01-31", "glucose": 5.5 }));
    assert_eq!(f.next_visit, "2026-04-30");
    let f = classify(json!({ "condition": "diabetes", "date": "2026-12-25", "glucose": 8.5 }));
    assert_eq!(f.next_visit, "2027-01-08");
}

#[test]
fn texts_follow_the_locale() {
    let v = visit(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 182, "dbp": 95 }));
    let zh = classify_follow_up(&v, &FollowUpOptions::default()).unwrap();
    assert_eq!(zh.reasons, ["收缩压 182 mmHg ≥ 180"]);
    assert!(zh.cards[0].summary.contains("紧急转诊") && zh.cards[0].summary.chars().count() < 140);
    assert!(zh.cards[0].source.label.contains("国家基本公共卫生服务规范"));
    let en = classify_follow_up(&v, &FollowUpOptions { locale: Some("en".into()), ..Default::default() }).unwrap();
    assert!(en.cards[0].summary.starts_with("Urgent referral"));
    assert!(en.cards[0].source.label.contains("National Basic Public Health Service"));
    assert_eq!(serde_json::to_value(&en).unwrap()["status"], "urgent");
    assert_eq!(serde_json::to_value(&en).unwrap()["referral"], "urgent");
}

#[test]
fn bad_visits_are_named() {
    let err = |v: Value, o: FollowUpOptions| classify_follow_up(&visit(v), &o).unwrap_err();
    let e = err(json!({ "condition": "hypertension", "date": "2026-03-10", "dbp": 80 }), FollowUpOptions::default());
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::MissingInput, Some("visit.sbp")));
    let e = err(json!({ "condition": "diabetes", "date": "2026-03-10" }), FollowUpOptions::default());
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::MissingInput, Some("visit.glucose")));
    let e = err(json!({ "condition": "hypertension", "date": "2026-3-10", "sbp": 1, "dbp": 2 }), FollowUpOptions::default());
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("visit.date")));
    let e = err(json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 400, "dbp": 80 }), FollowUpOptions::default());
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("visit.sbp")));
    let e = err(json!({ "condition": "diabetes", "date": "2026-03-10", "glucose": 9.0, "glucoseContext": "random" }), FollowUpOptions::default());
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("visit.glucoseContext")));
    // A random glucose in the danger range is still urgent.
    let f = classify(json!({ "condition": "diabetes", "date": "2026-03-10", "glucose": 20.0, "glucoseContext": "random" }));
    assert_eq!(f.status, Status::Urgent);
    let later = visit(json!({ "condition": "hypertension", "date": "2026-04-01", "sbp": 150, "dbp": 85 }));
    let e = err(
        json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 150, "dbp": 85 }),
        FollowUpOptions { previous: Some(later), ..Default::default() },
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("options.previous.date")));
    let other = visit(json!({ "condition": "diabetes", "date": "2026-02-01", "glucose": 8.0 }));
    let e = err(
        json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 150, "dbp": 85 }),
        FollowUpOptions { previous: Some(other), ..Default::default() },
    );
    assert_eq!(e.field.as_deref(), Some("options.previous.condition"));
    let e = err(
        json!({ "condition": "hypertension", "date": "2026-03-10", "sbp": 150, "dbp": 85 }),
        FollowUpOptions { rules: Some(json!({ "extends": "default", "classification": { "nextVisit": { "uncontrolledDays": 0 } } })), ..Default::default() },
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidRules, Some("options.rules.classification.nextVisit.uncontrolledDays")));
}
