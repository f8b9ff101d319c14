//! The report as a whole: which models run by default, the validation of blood-pressure pairs,
//! and the summary that opens the report.

use health_steward::error::ErrorCode;
use health_steward::i18n::Locale;
use health_steward::risk::{assess_model, assess_risk, model_catalog, AssessOptions, Profile, RiskReport};
use serde_json::{json, Value};

fn profile(v: Value) -> Profile {
    health_steward::read::read_value(&v, "").expect("profile")
}

fn opts(locale: &str) -> AssessOptions {
    AssessOptions { locale: Some(locale.to_string()), ..Default::default() }
}

fn asking(locale: &str, ids: &[&str]) -> AssessOptions {
    AssessOptions { models: Some(ids.iter().map(|s| s.to_string()).collect()), ..opts(locale) }
}

fn report(v: Value, locale: &str) -> RiskReport {
    assess_risk(&profile(v), &opts(locale)).expect("report")
}

fn merge(base: &Value, extra: Value) -> Value {
    let mut out = base.clone();
    for (k, v) in extra.as_object().expect("object") {
        out[k] = v.clone();
    }
    out
}

/// The man of the clinical audit: 68, hypertension on treatment, diabetes, smoker, lipids high.
fn audit_man() -> Value {
    json!({
        "sex": "male", "age": 68, "heightCm": 170, "weightKg": 80, "waistCm": 96,
        "sbp": 152, "dbp": 88, "hypertension": true, "onAntihypertensives": true, "onStatin": false,
        "totalCholesterol": 6.2, "hdlCholesterol": 0.95, "ldlCholesterol": 4.1, "triglycerides": 2.0,
        "fastingGlucose": 7.8, "diabetes": true, "smoker": true, "dyslipidemia": true, "egfr": 75,
        "region": "north", "residence": "urban",
        "familyHistory": { "ascvd": false, "prematureCvd": false, "diabetes": false, "stroke": false },
        "activity": { "sessionsPerWeek": 1, "minutesPerSession": 20 }
    })
}

/// Texts a resident reads hold words: no JSON path, no field or code name.
fn assert_words(text: &str) {
    const NAMES: &[&str] = &[
        "profile.", "options.", "readings[", "totalCholesterol", "hdlCholesterol", "onAntihypertensives", "onStatin",
        "familyHistory", "questionnaires", "waistCm", "heightCm", "weightKg", "birthDate", "asOf", "fastingGlucose",
        "china-par", "stroke-screen", "not-applicable", "missing-input", "medium-high", "high-very-high",
    ];
    for n in NAMES {
        assert!(!text.contains(n), "{n:?} in {text:?}");
    }
    let screaming = text.split(|c: char| !(c.is_ascii_uppercase() || c == '_')).any(|w| w.contains('_') && w.len() > 2);
    assert!(!screaming, "code name in {text:?}");
}

// ---------------------------------------------------------------------------------------------
// Models by default

#[test]
fn chinese_models_and_questionnaires_by_default_international_ones_when_asked() {
    let r = report(audit_man(), "en");
    let ids: Vec<&str> = r.results.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["china-par", "hypertension", "stroke-screen", "bmi", "waist", "metabolic-syndrome"]);
    assert!(r.skipped.iter().all(|s| !["pce", "prevent", "framingham"].contains(&s.id.as_str())), "{:?}", r.skipped);
    // One 10-year risk: China-PAR's.
    assert_eq!(r.results.iter().filter(|x| x.unit == health_steward::risk::ValueUnit::Percent).count(), 1);

    let asked = assess_risk(&profile(audit_man()), &asking("en", &["pce", "prevent", "framingham"])).expect("report");
    let ids: Vec<&str> = asked.results.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["pce", "prevent", "framingham"], "{:?}", asked.skipped);

    let catalog = model_catalog(Locale::En);
    let on_request: Vec<&str> = catalog.iter().filter(|c| !c.by_default).map(|c| c.id).collect();
    assert_eq!(on_request, ["pce", "prevent", "framingham"]);
}

// ---------------------------------------------------------------------------------------------
// Blood-pressure pairs

#[test]
fn a_diastolic_not_below_the_systolic_is_refused_naming_the_diastolic() {
    let base = json!({ "sex": "female", "age": 60 });
    for (sbp, dbp) in [(150.0, 150.0), (90.0, 150.0), (88.0, 152.0), (120.0, 120.0001)] {
        let p = profile(merge(&base, json!({ "sbp": sbp, "dbp": dbp })));
        for (locale, words) in [("zh-CN", "舒张压（低压）"), ("en", "diastolic (lower) pressure")] {
            let e = assess_risk(&p, &opts(locale)).expect_err("refused");
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("profile.dbp")), "{sbp}/{dbp}");
            let m = e.message(if locale == "en" { Locale::En } else { Locale::ZhCn });
            assert!(m.contains(words) && m.contains(&health_steward::i18n::num(sbp, 1)), "{m}");
            assert_words(&m);
            let e = assess_model("hypertension", &p, &opts(locale)).expect_err("refused");
            assert_eq!(e.field.as_deref(), Some("profile.dbp"));
        }
    }
    // Just below is a real (if unusual) pair; one value alone is not a pair.
    for v in [json!({ "sbp": 150, "dbp": 149.9 }), json!({ "sbp": 150 }), json!({ "dbp": 150 })] {
        assert!(assess_risk(&profile(merge(&base, v.clone())), &opts("en")).is_ok(), "{v}");
    }
}

// ---------------------------------------------------------------------------------------------
// The summary

#[test]
fn the_audit_man_reads_one_finding_a_next_step_and_three_changes() {
    for locale in ["zh-CN", "en"] {
        let r = report(audit_man(), locale);
        let s = &r.summary;
        // Diabetes with grade-1 BP: high risk in the 2018 stratification, before China-PAR's high.
        let htn = r.results.iter().find(|x| x.id == "hypertension").expect("hypertension");
        assert_eq!(htn.category, "high");
        assert_eq!(s.next_step.within.as_deref(), Some("P14D"), "{locale}");
        if locale == "en" {
            assert_eq!(s.headline, "Blood pressure 152/88 mmHg: high risk of heart attack or stroke.");
            assert!(s.next_step.text.contains("within 2 weeks"), "{}", s.next_step.text);
        } else {
            assert_eq!(s.headline, "血压 152/88 mmHg，心脑血管病风险为高危。");
            assert!(s.next_step.text.contains("2 周内"), "{}", s.next_step.text);
        }
        // The changes are China-PAR's, best first, and their combined what-if is China-PAR's
        // value with the three applied together.
        let cp = r.results.iter().find(|x| x.id == "china-par").expect("china-par");
        let ids: Vec<&str> = s.top_changes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 3, "{:?}", cp.what_if);
        let mut by_value: Vec<_> = cp.what_if.iter().collect();
        by_value.sort_by(|a, b| a.value.total_cmp(&b.value));
        let best: Vec<&str> = by_value.iter().take(3).map(|w| w.id.as_str()).collect();
        assert_eq!(ids, best);
        for c in &s.top_changes {
            assert_eq!(Some(&c.label), cp.what_if.iter().find(|w| w.id == c.id).map(|w| &w.label));
        }
        let combined = s.combined_what_if.as_ref().expect("combined");
        assert_eq!(combined.model_id, "china-par");
        let mut changed = audit_man();
        for id in &ids {
            match *id {
                "smoker" => changed["smoker"] = json!(false),
                "sbp" => changed["sbp"] = json!(120),
                "totalCholesterol" => changed["totalCholesterol"] = json!(5.2),
                "hdlCholesterol" => changed["hdlCholesterol"] = json!(1.04),
                "waistCm" => changed["waistCm"] = json!(90),
                other => panic!("unexpected change {other}"),
            }
        }
        changed["dbp"] = json!(70);
        let direct = assess_model("china-par", &profile(changed), &opts(locale)).expect("china-par");
        assert_eq!((combined.value, combined.category.as_str()), (direct.value, direct.category.as_str()));
        assert!(combined.value < by_value[0].value, "together lower than the best one alone");
        for t in [&s.headline, &s.next_step.text] {
            assert_words(t);
        }
    }
}

#[test]
fn the_most_urgent_finding_leads() {
    let calm = json!({ "sex": "female", "age": 45, "heightCm": 160, "weightKg": 55, "waistCm": 72,
        "sbp": 118, "dbp": 76, "totalCholesterol": 4.6, "hdlCholesterol": 1.5, "region": "south",
        "smoker": false, "diabetes": false, "onAntihypertensives": false, "hypertension": false,
        "familyHistory": { "diabetes": false, "stroke": false, "prematureCvd": false },
        "activity": { "heavyLabour": true } });
    let case = |extra: Value| report(merge(&calm, extra), "en").summary;

    let s = case(json!({}));
    assert_eq!((s.headline.as_str(), s.next_step.within.as_deref()), ("This assessment found no high risk that needs attention.", Some("P1Y")));
    // China-PAR offers no change (every value at its target); the next model with one does.
    assert_eq!(s.combined_what_if.as_ref().map(|c| c.model_id.as_str()), Some("cdrs"));
    assert_eq!(s.top_changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["waistCm"]);

    // A PHQ-9 answer above 0 on item 9 comes before anything else, now.
    let s = case(json!({ "sbp": 185, "dbp": 100, "questionnaires": { "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1] } }));
    assert_eq!(s.next_step.within.as_deref(), Some("P0D"));
    assert!(s.headline.contains("hurting yourself") && s.next_step.text.contains("12356"), "{s:?}");

    // Grade-3 blood pressure (≥ 180 or ≥ 110): today. 179/109 is grade 2.
    let s = case(json!({ "sbp": 180, "dbp": 100 }));
    assert_eq!((s.headline.as_str(), s.next_step.within.as_deref()), ("Your blood pressure of 180/100 mmHg is very high (grade 3).", Some("P0D")));
    assert_eq!(case(json!({ "sbp": 150, "dbp": 110 })).next_step.within.as_deref(), Some("P0D"));
    let s = case(json!({ "sbp": 179, "dbp": 109, "waistCm": null }));
    assert_eq!(s.next_step.within.as_deref(), Some("P1M"), "{s:?}");
    assert!(s.headline.starts_with("Blood pressure 179/109 mmHg: medium"), "{}", s.headline);

    // Known cardiovascular disease: very high risk by definition.
    let s = case(json!({ "history": { "myocardialInfarction": true } }));
    assert_eq!(s.next_step.within.as_deref(), Some("P3M"));
    assert!(s.headline.contains("very high cardiovascular risk"), "{}", s.headline);

    // No lipids: China-PAR cannot run; the next step is to have them tested.
    let s = case(json!({ "totalCholesterol": null, "hdlCholesterol": null }));
    assert_eq!(s.next_step.within.as_deref(), Some("P3M"));
    assert!(s.next_step.text.contains("lipids tested"), "{}", s.next_step.text);

    // Nothing to score.
    let s = report(json!({ "sex": "male" }), "zh-CN").summary;
    assert_eq!((s.headline.as_str(), s.next_step.within), ("信息还不够，暂时无法评估风险。", None));
}

#[test]
fn every_rule_reads_in_words() {
    // A spread of profiles reaching most rules, in both languages.
    let many = [
        audit_man(),
        merge(&audit_man(), json!({ "sbp": 185, "dbp": 115 })),
        merge(&audit_man(), json!({ "questionnaires": { "phq9": [3, 3, 3, 3, 3, 0, 0, 0, 0], "gad7": [3, 3, 3, 3, 3, 0, 0] } })),
        json!({ "sex": "female", "age": 50, "heightCm": 155, "weightKg": 75, "waistCm": 95, "sbp": 132, "dbp": 84,
                "familyHistory": { "diabetes": true } }),
        json!({ "sex": "male", "age": 80, "questionnaires": { "frail": { "fatigue": true, "resistance": true, "ambulation": true,
                "illnesses": 6, "weightLoss": true } } }),
    ];
    for v in many {
        for locale in ["zh-CN", "en"] {
            let r = report(v.clone(), locale);
            assert_words(&r.summary.headline);
            assert_words(&r.summary.next_step.text);
            for c in &r.summary.top_changes {
                assert_words(&c.label);
            }
            for x in &r.results {
                assert_words(&x.summary);
                x.warnings.iter().for_each(|w| assert_words(&w.message));
                x.what_if.iter().for_each(|w| assert_words(&w.label));
                x.factors.iter().for_each(|f| assert_words(&f.label));
            }
        }
    }
}

#[test]
fn summaries_of_reports_written_before_them_still_read() {
    let old = json!({ "locale": "en", "results": [], "skipped": [], "alerts": [] });
    let r: RiskReport = health_steward::read::read_value(&old, "").expect("reads");
    assert!(r.summary.headline.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Words, not paths

/// Every model's errors and skip reasons name what is missing or wrong in words, in both
/// languages (the path stays in `field` / `fields`).
#[test]
fn every_model_names_what_is_missing_or_wrong_in_words() {
    let thin = json!({ "sex": "male", "age": 50 });
    let wrong = json!({ "sex": "male", "age": 50, "questionnaires": { "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 7], "gad7": [1, 1], "frail": { "fatigue": false, "resistance": false, "ambulation": false, "weightLoss": false, "illnesses": 12 } },
                        "activity": { "sessionsPerWeek": -1 } });
    for locale in ["zh-CN", "en"] {
        let loc = if locale == "en" { Locale::En } else { Locale::ZhCn };
        for entry in model_catalog(loc) {
            for p in [&thin, &wrong] {
                if let Err(e) = assess_model(entry.id, &profile(p.clone()), &opts(locale)) {
                    assert_words(&e.message(loc));
                }
            }
        }
        let all: Vec<String> = model_catalog(loc).iter().map(|c| c.id.to_string()).collect();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let r = assess_risk(&profile(thin.clone()), &asking(locale, &all)).expect("report");
        assert!(!r.skipped.is_empty());
        for s in &r.skipped {
            assert_words(&s.message);
        }
        assert_words(&r.summary.headline);
        assert_words(&r.summary.next_step.text);
    }
}
