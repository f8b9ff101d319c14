//! No input makes plan generation or the exports panic.

use health_steward::plan::*;
use health_steward::risk::Profile;
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn plans_and_exports_never_panic(
        age in proptest::option::of(0.0f64..110.0),
        birth_offset in proptest::option::of(0i64..40_000),
        sbp in proptest::option::of(60.0f64..260.0),
        dbp in proptest::option::of(30.0f64..150.0),
        glucose in proptest::option::of(1.0f64..40.0),
        waist in proptest::option::of(40.0f64..160.0),
        flags in proptest::collection::vec(any::<bool>(), 6),
        lmp_offset in proptest::option::of(-400i64..400),
        start_day in 0i64..4000,
        horizon in 1u32..60,
        visit_sbp in 60.0f64..260.0,
        visit_days in -400i64..100,
    ) {
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(start_day as u64);
        let fmt = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut p = json!({ "sex": if flags[0] { "male" } else { "female" } });
        if let Some(a) = age { p["age"] = json!(a); }
        if let Some(o) = birth_offset { p["birthDate"] = json!(fmt(start - chrono::Duration::days(o))); }
        if let Some(v) = sbp { p["sbp"] = json!(v); }
        if let Some(v) = dbp { p["dbp"] = json!(v); }
        if let Some(v) = glucose { p["fastingGlucose"] = json!(v); }
        if let Some(v) = waist { p["waistCm"] = json!(v); }
        p["hypertension"] = json!(flags[1]);
        p["diabetes"] = json!(flags[2]);
        p["employed"] = json!(flags[3]);
        p["smoker"] = json!(flags[4]);
        if let Some(o) = lmp_offset { p["pregnancy"] = json!({ "lastMenstrualPeriod": fmt(start - chrono::Duration::days(o)) }); }
        let profile: Profile = health_steward::read::read_value(&p, "").unwrap();
        let mut o = PlanOptions::new(&fmt(start));
        o.horizon_months = Some(f64::from(horizon));
        o.locale = Some(if flags[5] { "en" } else { "zh-CN" }.into());
        o.visits = Some(health_steward::read::read_value(&json!([
            { "condition": "hypertension", "date": fmt(start + chrono::Duration::days(visit_days)), "sbp": visit_sbp, "dbp": 85 }
        ]), "").unwrap());
        if let Ok(plan) = generate_care_plan(&profile, &o) {
            for a in &plan.activities {
                prop_assert!(a.due >= plan.start_date && a.due <= plan.end_date);
            }
            let ics = care_plan_to_ics(&plan, &IcsOptions::default()).unwrap();
            prop_assert!(ics.split("\r\n").all(|l| l.len() <= 75));
            care_plan_to_fhir(&plan, &FhirOptions { patient_reference: Some("Patient/1".into()) }).unwrap();
        }
    }
}
