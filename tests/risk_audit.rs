//! What a clinical audit of the models found, each at its boundaries: stroke screening of a
//! known hypertensive without numbers, FINDRISC and diabetes, Framingham's ranges and office
//! model, the PCE's LDL-C limit, FRAIL's illness list, PHQ-9's card from `assessModel`, and the
//! range an unanswered yes/no question could move a result (`details.ifUnansweredYes`).

use health_steward::error::ErrorCode;
use health_steward::i18n::Locale;
use health_steward::risk::{assess_model, assess_risk, model_catalog, AssessOptions, Profile, RiskResult, SkipReason};
use serde_json::{json, Value};

fn profile(v: Value) -> Profile {
    health_steward::read::read_value(&v, "").expect("profile")
}

fn en() -> AssessOptions {
    AssessOptions { locale: Some("en".into()), ..Default::default() }
}

fn run(id: &str, v: Value) -> RiskResult {
    assess_model(id, &profile(v), &en()).unwrap_or_else(|e| panic!("{id}: {e:?}"))
}

fn fail(id: &str, v: Value) -> health_steward::error::Error {
    assess_model(id, &profile(v), &en()).expect_err("an error")
}

fn merge(base: &Value, extra: Value) -> Value {
    let mut out = base.clone();
    for (k, v) in extra.as_object().expect("object") {
        out[k] = v.clone();
    }
    out
}

fn factor_ids(r: &RiskResult) -> Vec<&str> {
    r.factors.iter().map(|f| f.id.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Stroke screening: items 1 and 7 answered yes/no

/// A 62-year-old known hypertensive, smoker, with dyslipidaemia, diabetes, a family history of
/// stroke and no exercise, and no BP, height or weight recorded.
fn hypertensive_without_numbers() -> Value {
    json!({ "sex": "male", "age": 62, "hypertension": true, "smoker": true, "dyslipidemia": true, "diabetes": true,
            "familyHistory": { "stroke": true }, "activity": { "sessionsPerWeek": 0 } })
}

#[test]
fn stroke_screening_scores_a_known_hypertensive_without_numbers() {
    // Item 7 unknown: height and weight are needed (the BP is not).
    let e = fail("stroke-screen", hypertensive_without_numbers());
    assert_eq!(e.code, ErrorCode::MissingInput);
    let report = assess_risk(&profile(hypertensive_without_numbers()), &en()).expect("report");
    let skip = report.skipped.iter().find(|s| s.id == "stroke-screen").expect("skipped");
    assert_eq!(skip.fields.as_deref(), Some(&["profile.heightCm".to_string(), "profile.weightKg".to_string()][..]));

    // Answered: scored without any measurement.
    let r = run("stroke-screen", merge(&hypertensive_without_numbers(), json!({ "overweight": false })));
    assert_eq!((r.value, r.category.as_str()), (6.0, "high"));
    assert_eq!(factor_ids(&r), ["hypertension", "smoker", "dyslipidemia", "diabetes", "inactive", "familyHistory.stroke"]);
    let r = run("stroke-screen", merge(&hypertensive_without_numbers(), json!({ "overweight": true })));
    assert_eq!(r.value, 7.0);
    assert!(r.factors.iter().any(|f| f.id == "bmi" && f.value == Some(json!(true))));
    // On antihypertensives counts as item 1 too.
    let treated = json!({ "sex": "female", "age": 50, "onAntihypertensives": true, "overweight": false, "smoker": false,
                          "diabetes": false, "dyslipidemia": false, "familyHistory": { "stroke": false }, "activity": { "heavyLabour": true } });
    let r = run("stroke-screen", treated.clone());
    assert_eq!((r.value, r.category.as_str()), (1.0, "medium"));
    // A known "no" to hypertension without BP: item 1 is no.
    let r = run("stroke-screen", merge(&treated, json!({ "onAntihypertensives": false, "hypertension": false })));
    assert_eq!((r.value, r.category.as_str()), (0.0, "low"));
    // Unknown either way: the BP is needed.
    let e = fail("stroke-screen", merge(&treated, json!({ "onAntihypertensives": null })));
    assert_eq!(e.field.as_deref(), Some("profile.sbp"));
}

#[test]
fn stroke_screening_measurements_decide_when_present() {
    let base = json!({ "sex": "male", "age": 55, "hypertension": false, "onAntihypertensives": false, "smoker": false,
                       "diabetes": false, "dyslipidemia": false, "familyHistory": { "stroke": false },
                       "activity": { "heavyLabour": true } });
    // BP at 140/90 (≥) is item 1 even with "no" to the diagnosis; 139/89 is not.
    for (sbp, dbp, item1) in [(140.0, 80.0, true), (130.0, 90.0, true), (139.0, 89.0, false)] {
        let r = run("stroke-screen", merge(&base, json!({ "sbp": sbp, "dbp": dbp, "overweight": false })));
        assert_eq!(factor_ids(&r).contains(&"hypertension"), item1, "{sbp}/{dbp}");
    }
    // Measured BMI, rounded to one decimal, decides over the answer: ≥ 26 is item 7
    // (170 cm: 75.0 kg is 25.95 → 26.0, in; 74.9 kg is 25.92 → 25.9, out).
    let r = run("stroke-screen", merge(&base, json!({ "sbp": 120, "dbp": 80, "heightCm": 170, "weightKg": 75.0, "overweight": false })));
    assert!(factor_ids(&r).contains(&"bmi"), "26.0 is item 7 whatever the answer");
    let r = run("stroke-screen", merge(&base, json!({ "sbp": 120, "dbp": 80, "heightCm": 170, "weightKg": 74.9, "overweight": true })));
    assert!(!factor_ids(&r).contains(&"bmi"), "25.9 is below 26 whatever the answer");
    let r = run("stroke-screen", merge(&base, json!({ "sbp": 120, "dbp": 80, "heightCm": 170, "weightKg": 75.2, "overweight": false })));
    assert!(factor_ids(&r).contains(&"bmi"), "26.0 is item 7 whatever the answer");
}

// ---------------------------------------------------------------------------------------------
// FINDRISC, Framingham, PCE, FRAIL, PHQ-9

fn findrisc_profile() -> Value {
    json!({ "sex": "female", "age": 58, "heightCm": 160, "weightKg": 70, "waistCm": 90,
            "questionnaires": { "findrisc": { "dailyActivity": false, "dailyVegetables": true, "everAntihypertensives": true,
                                               "everHighGlucose": false, "familyDiabetes": "first-degree" } } })
}

#[test]
fn findrisc_does_not_apply_with_diabetes() {
    let e = fail("findrisc", merge(&findrisc_profile(), json!({ "diabetes": true })));
    assert_eq!(e.code, ErrorCode::NotApplicable);
    assert!(e.message(Locale::En).contains("already have diabetes"));
    let report = assess_risk(&profile(merge(&findrisc_profile(), json!({ "diabetes": true }))), &en()).expect("report");
    let s = report.skipped.iter().find(|s| s.id == "findrisc").expect("skipped");
    assert_eq!(s.reason, SkipReason::NotApplicable);
    run("findrisc", merge(&findrisc_profile(), json!({ "diabetes": false })));
    run("findrisc", findrisc_profile());
}

const MG: f64 = 0.02586;

fn framingham_lab() -> Value {
    json!({ "sex": "male", "age": 55, "totalCholesterol": 213.0 * MG, "hdlCholesterol": 50.0 * MG, "sbp": 140,
            "onAntihypertensives": false, "smoker": false, "diabetes": false })
}

#[test]
fn framingham_checks_its_ranges() {
    // The paper's example: 13.53% (laboratory model).
    let r = run("framingham", framingham_lab());
    assert_eq!((r.value, r.details.as_ref().and_then(|d| d.get("equation"))), (13.53, Some(&json!("laboratory"))));
    // TC 130–320 mg/dL, HDL-C 20–100 mg/dL, SBP 90–200 mmHg, inclusive.
    for (k, ok, bad) in [
        ("totalCholesterol", [130.0 * MG, 320.0 * MG], [1.0, 8.3]),
        ("hdlCholesterol", [20.0 * MG, 100.0 * MG], [0.2, 2.6]),
        ("sbp", [90.0, 200.0], [89.0, 260.0]),
    ] {
        for v in ok {
            run("framingham", merge(&framingham_lab(), json!({ k: v })));
        }
        for v in bad {
            let e = fail("framingham", merge(&framingham_lab(), json!({ k: v })));
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some(format!("profile.{k}").as_str())), "{k} {v}");
        }
    }
}

#[test]
fn framingham_office_model_without_lipids() {
    // Man 55, BMI 30, SBP 140 untreated, non-smoker, no diabetes: 16.75% (hand-checked:
    // 3.11296·ln 55 + 0.79277·ln 30 + 1.85508·ln 140 − 23.9388 = 0.3994; 1 − 0.88431^e^0.3994).
    let office = json!({ "sex": "male", "age": 55, "heightCm": 170, "weightKg": 86.7, "sbp": 140,
                         "onAntihypertensives": false, "smoker": false, "diabetes": false });
    let r = run("framingham", office.clone());
    assert_eq!(r.details.as_ref().and_then(|d| d.get("bmi")), Some(&json!(30.0)));
    assert_eq!((r.value, r.category.as_str()), (16.75, "intermediate"));
    assert_eq!(r.details.as_ref().and_then(|d| d.get("equation")), Some(&json!("office")));
    assert!(r.warnings.iter().any(|w| w.code == "OFFICE_MODEL"));
    assert!(r.what_if.iter().all(|w| w.id != "cholesterol-to-target"));
    // Lipids, when given, take precedence.
    let both = merge(&office, json!({ "totalCholesterol": 213.0 * MG, "hdlCholesterol": 50.0 * MG }));
    assert_eq!(run("framingham", both).value, 13.53);
    // BMI 15–50.
    let e = fail("framingham", merge(&office, json!({ "weightKg": 150 })));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("profile.bmi")));
    // Neither lipids nor height and weight: the lipids are named.
    let e = fail("framingham", json!({ "sex": "male", "age": 55, "sbp": 140 }));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::MissingInput, Some("profile.totalCholesterol")));
}

#[test]
fn pce_flags_ldl_of_4_9_or_more_as_outside_its_use() {
    let base = json!({ "sex": "male", "age": 55, "race": "white", "totalCholesterol": 213.0 * MG, "hdlCholesterol": 50.0 * MG,
                       "sbp": 140, "onAntihypertensives": false, "smoker": false, "diabetes": false });
    for (ldl, flagged) in [(Some(4.89), false), (Some(4.9), true), (Some(6.0), true), (None, false)] {
        let r = run("pce", merge(&base, json!({ "ldlCholesterol": ldl })));
        assert_eq!(r.warnings.iter().any(|w| w.code == "LDL_190_OR_MORE"), flagged, "{ldl:?}");
        assert_eq!(r.details.as_ref().and_then(|d| d.get("outsideIntendedUse")), Some(&json!(flagged)));
        assert_eq!(r.value, 7.0, "the estimate is still given");
    }
}

#[test]
fn frail_lists_its_eleven_illnesses_in_the_catalogue() {
    for locale in [Locale::ZhCn, Locale::En] {
        let catalog = model_catalog(locale);
        let frail = catalog.iter().find(|c| c.id == "frail").expect("frail");
        assert_eq!(frail.checklists.len(), 1);
        let list = &frail.checklists[0];
        assert_eq!(list.field, "questionnaires.frail.illnesses");
        assert_eq!(list.items.len(), 11);
        assert!(list.items.iter().all(|i| !i.label.is_empty()));
        let max = frail.inputs.iter().find(|i| i.field == list.field).and_then(|i| i.max);
        assert_eq!(max, Some(11.0));
        assert!(catalog.iter().filter(|c| c.id != "frail").all(|c| c.checklists.is_empty()));
    }
}

#[test]
fn phq9_item_9_gives_the_crisis_card_from_assess_model_too() {
    let p = json!({ "sex": "female", "age": 72, "questionnaires": { "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    let r = run("phq9", p.clone());
    assert_eq!(r.alerts.len(), 1);
    assert_eq!(r.alerts[0].code, "PHQ9_SELF_HARM_THOUGHTS");
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["alerts"][0]["indicator"], json!("critical"));
    // In a report the card is in the report's alerts, once.
    let report = assess_risk(&profile(p), &en()).expect("report");
    assert_eq!(report.alerts.len(), 1);
    let phq9 = serde_json::to_value(report.results.iter().find(|x| x.id == "phq9").expect("phq9")).expect("json");
    assert!(phq9.get("alerts").is_none());
    // Item 9 at 0: no card.
    let r = run("phq9", json!({ "sex": "female", "age": 72, "questionnaires": { "phq9": [3, 3, 3, 3, 3, 3, 3, 3, 0] } }));
    assert!(r.alerts.is_empty() && serde_json::to_value(&r).expect("json").get("alerts").is_none());
}

// ---------------------------------------------------------------------------------------------
// Unanswered yes/no questions

#[test]
fn unanswered_questions_show_what_a_yes_would_change() {
    // China-PAR, a man with every yes/no question unanswered.
    let v = json!({ "sex": "male", "age": 50, "sbp": 140, "totalCholesterol": 5.5, "hdlCholesterol": 1.1, "waistCm": 92,
                    "region": "north", "residence": "urban" });
    let r = run("china-par", v.clone());
    let d = r.details.as_ref().expect("details");
    let all = &d["ifUnansweredYes"];
    let fields: Vec<&str> = all["questions"].as_array().expect("questions").iter().map(|q| q["field"].as_str().unwrap_or("")).collect();
    assert_eq!(fields, ["profile.smoker", "profile.diabetes", "profile.onAntihypertensives", "profile.familyHistory.ascvd"]);
    // Each value is what the model gives with that answer "yes" (checked by scoring it).
    let yes = json!({ "smoker": true, "diabetes": true, "onAntihypertensives": true, "familyHistory": { "ascvd": true } });
    let every = run("china-par", merge(&v, yes.clone()));
    assert_eq!((all["value"].as_f64(), all["category"].as_str()), (Some(every.value), Some(every.category.as_str())));
    for q in all["questions"].as_array().expect("questions") {
        let field = q["field"].as_str().unwrap_or("");
        let key = field.trim_start_matches("profile.");
        let one = if key == "familyHistory.ascvd" {
            run("china-par", merge(&v, json!({ "familyHistory": { "ascvd": true } })))
        } else {
            run("china-par", merge(&v, json!({ key: true })))
        };
        assert_eq!(q["value"].as_f64(), Some(one.value), "{field}");
        assert!(!q["question"].as_str().unwrap_or("").contains("profile."), "{q}");
    }
    // The result itself is unchanged and still says which answers were assumed.
    assert!(r.warnings.iter().any(|w| w.code == "ASSUMED_NO"));
    assert!(every.value > r.value);
    // Answered: nothing to add.
    let answered = run("china-par", merge(&v, json!({ "smoker": false, "diabetes": false, "onAntihypertensives": false, "familyHistory": { "ascvd": false } })));
    assert!(answered.details.as_ref().and_then(|d| d.get("ifUnansweredYes")).is_none());
    assert_eq!(answered.value, r.value);
}

#[test]
fn unanswered_questions_of_counting_models_too() {
    // Stroke screening: each unanswered question is one more factor.
    let v = json!({ "sex": "male", "age": 60, "sbp": 120, "dbp": 70, "heightCm": 170, "weightKg": 60, "totalCholesterol": 4 });
    let r = run("stroke-screen", v);
    assert_eq!((r.value, r.category.as_str()), (0.0, "low"));
    let all = &r.details.as_ref().expect("details")["ifUnansweredYes"];
    let n = all["questions"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(n, 6, "{all}"); // antihypertensives, hypertension, smoking, diabetes, activity, family
    assert_eq!(all["category"], json!("high"));
    for q in all["questions"].as_array().expect("questions") {
        assert_eq!(q["value"].as_f64(), Some(1.0), "{q}");
        assert_eq!(q["category"], json!(if ["profile.smoker", "profile.activity", "profile.familyHistory.stroke"].contains(&q["field"].as_str().unwrap_or("")) { "low" } else { "medium" }), "{q}");
    }
    // Through a report as well, in Chinese words.
    let report = assess_risk(&profile(json!({ "sex": "female", "age": 45, "sbp": 125, "dbp": 80, "heightCm": 160,
        "weightKg": 60, "waistCm": 80 })), &AssessOptions::default()).expect("report");
    let cdrs = report.results.iter().find(|x| x.id == "cdrs").expect("cdrs");
    let q = &cdrs.details.as_ref().expect("details")["ifUnansweredYes"]["questions"][0];
    assert_eq!((q["field"].as_str(), q["question"].as_str()), (Some("profile.familyHistory.diabetes"), Some("家人是否患糖尿病")));
    assert_eq!(q["value"].as_f64(), Some(cdrs.value + 6.0));
}
