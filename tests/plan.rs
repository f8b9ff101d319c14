//! Care plan scenarios: segments, dated activities, goals, cards, packages, rules as
//! data, and the round trip of a plan through JSON.

use health_steward::cards::Indicator;
use health_steward::plan::*;
use health_steward::risk::{assess_risk, AssessOptions, Profile, RiskReport};
use health_steward::{ErrorCode, Locale};
use serde_json::{json, Value};

fn profile(v: Value) -> Profile {
    health_steward::read::read_value(&v, "").expect("profile")
}

fn options(start: &str, locale: &str) -> PlanOptions {
    let mut o = PlanOptions::new(start);
    o.locale = Some(locale.to_string());
    o
}

fn report(as_of: Option<&str>, results: Value) -> RiskReport {
    let mut v = json!({ "locale": "en", "results": results, "skipped": [], "alerts": [] });
    if let Some(a) = as_of {
        v["asOf"] = json!(a);
    }
    health_steward::read::read_value(&v, "").expect("report")
}

fn result(id: &str, category: &str, value: f64, unit: &str) -> Value {
    json!({
        "id": id, "name": format!("{id} model"), "value": value, "unit": unit,
        "category": category, "label": category, "summary": format!("{id} is {category}"),
        "factors": [], "whatIf": [], "warnings": [],
        "source": { "citation": format!("{id} citation"), "edition": "2019" }
    })
}

fn segment_ids(p: &CarePlan) -> Vec<&str> {
    p.segments.iter().map(|s| s.id.as_str()).collect()
}

/// Due dates of the activities whose id starts with `rule` + "-2" (ids are `<rule>-<date>`).
fn dues(p: &CarePlan, rule: &str) -> Vec<String> {
    let prefix = format!("{rule}-");
    p.activities
        .iter()
        .filter(|a| a.id.strip_prefix(&prefix).is_some_and(|rest| rest.len() == 10 && rest.starts_with('2')))
        .map(|a| a.due.clone())
        .collect()
}

fn window(p: &CarePlan, id: &str) -> Option<(String, String, String)> {
    p.activities
        .iter()
        .find(|a| a.id == id)
        .map(|a| {
            let w = a.window.clone().expect("window");
            (a.due.clone(), w.start, w.end)
        })
}

/// Checks the invariants every plan must satisfy.
fn check_plan(p: &CarePlan) {
    let mut prev = String::new();
    let mut ids = std::collections::BTreeSet::new();
    for a in &p.activities {
        assert!(a.due >= prev, "activities sorted by due date: {} after {}", a.due, prev);
        prev = a.due.clone();
        assert!(ids.insert(a.id.clone()), "duplicate activity id {}", a.id);
        assert!(a.due >= p.start_date && a.due <= p.end_date, "{} inside the plan", a.id);
        assert!(!a.title.is_empty() && !a.reason.is_empty());
        assert!(!a.source.label.is_empty(), "{} cites a source", a.id);
        assert!(a.source.clause.as_deref().is_some_and(|c| !c.is_empty()), "{} cites a clause", a.id);
        if let Some(w) = &a.window {
            assert_eq!(w.start, a.due);
            assert!(w.end >= w.start);
        }
    }
    for c in &p.cards {
        assert!(c.summary.chars().count() < 140, "summary under 140 characters: {}", c.summary);
        assert!(!c.source.label.is_empty(), "card {} cites a source", c.code);
    }
    for w in p.cards.windows(2) {
        assert!(w[0].indicator >= w[1].indicator, "critical cards first");
    }
    for s in &p.segments {
        assert!(!s.reason.is_empty() && !s.label.is_empty());
    }
    for g in &p.goals {
        assert!(!g.measure.is_empty() && !g.label.is_empty());
        assert!(g.target.get("components").and_then(Value::as_array).is_some_and(|c| !c.is_empty()));
    }
    // The plan deserialises back from its JSON.
    let json = serde_json::to_string(p).unwrap();
    let back: CarePlan = health_steward::read::read(&json, "plan").unwrap();
    assert_eq!(&back, p);
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

// ---------------------------------------------------------------------------------------------
// Scenario 1: a 68-year-old man with hypertension and diabetes

fn older_man() -> Profile {
    profile(json!({
        "sex": "male", "age": 68, "hypertension": true, "diabetes": true,
        "sbp": 150, "dbp": 85, "fastingGlucose": 7.8, "smoker": true,
        "heightCm": 170, "weightKg": 72, "waistCm": 92
    }))
}

#[test]
fn older_man_with_hypertension_and_diabetes() {
    let mut o = options("2026-03-01", "en");
    o.report = Some(report(Some("2025-09-15"), json!([result("china-par", "high", 14.2, "percent")])));
    let p = generate_care_plan(&older_man(), &o).unwrap();
    check_plan(&p);
    assert_eq!(p.end_date, "2027-02-28");
    assert_eq!(segment_ids(&p), ["elderly", "hypertension", "diabetes"]);

    let quarterly = ["2026-03-01", "2026-06-01", "2026-09-01", "2026-12-01"];
    assert_eq!(dues(&p, "htn-follow-up"), quarterly, "≥ 4 hypertension follow-ups a year");
    assert_eq!(dues(&p, "dm-follow-up"), quarterly);
    assert_eq!(dues(&p, "dm-glucose-test"), quarterly, "4 fasting glucose tests a year");
    assert_eq!(dues(&p, "elderly-annual"), ["2026-03-01"]);
    assert_eq!(dues(&p, "elderly-tcm"), ["2026-03-01"]);
    assert!(dues(&p, "chronic-health-check").is_empty(), "the elderly annual check covers it");
    // China-PAR high → yearly reassessment, a year after the report's asOf.
    assert_eq!(dues(&p, "cv-reassess-high"), ["2026-09-15"]);
    let r = p.reassessment.as_ref().unwrap();
    assert_eq!((r.id.as_str(), r.interval_months, r.due.as_str()), ("cv-reassess-high", 12, "2026-09-15"));
    assert_eq!(p.activities.len(), 15);
    assert_eq!(p.activities[0].id, "htn-follow-up-2026-03-01");

    let goal_ids: Vec<&str> = p.goals.iter().map(|g| g.id.as_str()).collect();
    assert!(goal_ids.contains(&"bp-elderly") && !goal_ids.contains(&"bp"), "{goal_ids:?}");
    assert!(goal_ids.contains(&"fasting-glucose") && goal_ids.contains(&"smoking"));
    assert!(goal_ids.contains(&"waist-men") && goal_ids.contains(&"salt") && goal_ids.contains(&"oil"));
    let bp = p.goals.iter().find(|g| g.id == "bp-elderly").unwrap();
    assert_eq!(bp.target["components"][0]["code"], "8480-6");
    assert_eq!(bp.target["components"][0]["value"], 150.0);
    assert_eq!(bp.target["components"][1]["code"], "8462-4");
    assert_eq!(bp.due.as_deref(), Some("2027-02-28"));
    let fg = p.goals.iter().find(|g| g.id == "fasting-glucose").unwrap();
    assert_eq!(fg.target["components"][0]["code"], "1558-6");

    let package_ids: Vec<&str> = p.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        package_ids,
        ["basic-contract", "elderly-annual", "hypertension-package", "diabetes-package", "home-basic", "home-standard", "home-premium"]
    );
    let tiers: Vec<_> = p.packages.iter().filter(|p| p.optional).map(|p| p.tier.clone().unwrap()).collect();
    assert_eq!(tiers, ["basic", "standard", "premium"]);

    let codes: Vec<&str> = p.cards.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"china-par-high") && codes.contains(&"smoking") && codes.contains(&"central-obesity"), "{codes:?}");
    let par = p.cards.iter().find(|c| c.code == "china-par-high").unwrap();
    assert!(par.summary.contains("14.2%"), "{}", par.summary);
    assert_eq!(par.indicator, Indicator::Warning);
    assert_eq!(p.risks.len(), 1);
    assert!(p.activities.iter().all(|a| !has_cjk(&a.title) && !has_cjk(&a.reason)), "English plan");

    // The same plan in Chinese: same ids and dates, Chinese text.
    let mut zh = o.clone();
    zh.locale = None;
    let pz = generate_care_plan(&older_man(), &zh).unwrap();
    check_plan(&pz);
    assert_eq!(pz.locale, "zh-CN");
    assert_eq!(
        pz.activities.iter().map(|a| (&a.id, &a.due)).collect::<Vec<_>>(),
        p.activities.iter().map(|a| (&a.id, &a.due)).collect::<Vec<_>>()
    );
    assert_eq!(pz.segments[0].label, "老年人");
    assert!(pz.segments[0].reason.contains("68 岁"));
    assert!(pz.activities.iter().all(|a| has_cjk(&a.title)));
    assert!(pz.cards.iter().all(|c| has_cjk(&c.summary)));

    // Same inputs, same plan.
    assert_eq!(generate_care_plan(&older_man(), &o).unwrap(), p);
}

#[test]
fn visits_move_the_next_follow_up() {
    let mut o = options("2026-03-01", "en");
    o.report = Some(report(None, json!([])));
    o.visits = Some(health_steward::read::read_value(&json!([
        // Hypertension: 152/92 at 68 is above the elderly target (< 150/90): 14 days.
        { "condition": "hypertension", "date": "2026-02-20", "sbp": 152, "dbp": 92 },
        // Diabetes: fasting 6.5 is controlled: 3 months.
        { "condition": "diabetes", "date": "2026-02-10", "glucose": 6.5 }
    ]), "").unwrap());
    let p = generate_care_plan(&older_man(), &o).unwrap();
    check_plan(&p);
    assert_eq!(dues(&p, "htn-follow-up"), ["2026-03-06", "2026-06-06", "2026-09-06", "2026-12-06"]);
    assert_eq!(dues(&p, "dm-follow-up"), ["2026-05-10", "2026-08-10", "2026-11-10", "2027-02-10"]);
    assert_eq!(dues(&p, "dm-glucose-test"), dues(&p, "dm-follow-up"));
    let first = p.activities.iter().find(|a| a.id == "htn-follow-up-2026-03-06").unwrap();
    assert!(first.reason.contains("2026-02-20") && first.reason.contains("not controlled"), "{}", first.reason);
    assert_eq!(p.follow_ups.len(), 2);
    let htn = p.follow_ups.iter().find(|f| f.condition == Some(Condition::Hypertension)).unwrap();
    assert_eq!((htn.status, htn.next_visit.as_str()), (Status::UncontrolledFirst, "2026-03-06"));
    assert!(p.cards.iter().any(|c| c.code == "follow-up-hypertension-uncontrolled-first"));

    // Two uncontrolled visits in a row: planned referral, still 14 days.
    let mut o2 = o.clone();
    o2.visits = Some(health_steward::read::read_value(&json!([
        { "condition": "hypertension", "date": "2026-02-20", "sbp": 160, "dbp": 95 },
        { "condition": "hypertension", "date": "2026-02-06", "sbp": 158, "dbp": 96 }
    ]), "").unwrap());
    let p2 = generate_care_plan(&older_man(), &o2).unwrap();
    let f = &p2.follow_ups[0];
    assert_eq!((f.status, f.referral), (Status::UncontrolledRepeat, Referral::Planned));
    assert_eq!(dues(&p2, "htn-follow-up")[0], "2026-03-06");

    // An urgent visit long before the start: the follow-up is overdue, so due at the start.
    let mut o3 = o.clone();
    o3.visits = Some(health_steward::read::read_value(&json!([
        { "condition": "hypertension", "date": "2025-12-01", "sbp": 185, "dbp": 100 }
    ]), "").unwrap());
    let p3 = generate_care_plan(&older_man(), &o3).unwrap();
    assert_eq!(p3.follow_ups[0].referral, Referral::Urgent);
    assert_eq!(dues(&p3, "htn-follow-up")[0], "2026-03-01");
    assert_eq!(p3.cards[0].indicator, Indicator::Critical);

    // A malformed visit is named by its index.
    let mut bad = o.clone();
    bad.visits = Some(health_steward::read::read_value(&json!([
        { "condition": "diabetes", "date": "2026-02-10", "glucose": 6.5 },
        { "condition": "hypertension", "date": "2026-02-30", "sbp": 150, "dbp": 90 }
    ]), "").unwrap());
    let e = generate_care_plan(&older_man(), &bad).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("options.visits[1].date")));
}

// ---------------------------------------------------------------------------------------------
// Scenario 2: a pregnant woman given only her last menstrual period

#[test]
fn pregnant_woman_with_only_her_lmp() {
    let woman = profile(json!({ "sex": "female", "pregnancy": { "lastMenstrualPeriod": "2026-01-10" } }));
    let p = generate_care_plan(&woman, &options("2026-03-01", "en")).unwrap();
    check_plan(&p);
    assert_eq!(segment_ids(&p), ["maternal"]);
    assert!(p.segments[0].reason.contains("week 7") && p.segments[0].reason.contains("2026-10-17"), "{}", p.segments[0].reason);
    // Visit 1 (before week 13) is already open on the start date.
    assert_eq!(window(&p, "prenatal-1-2026-01-10").unwrap(), ("2026-03-01".into(), "2026-03-01".into(), "2026-04-10".into()));
    assert_eq!(window(&p, "prenatal-2-2026-05-02").unwrap(), ("2026-05-02".into(), "2026-05-02".into(), "2026-06-05".into()));
    assert_eq!(window(&p, "prenatal-3-2026-06-06").unwrap().2, "2026-07-03");
    assert_eq!(window(&p, "prenatal-4-2026-07-25").unwrap().2, "2026-09-25");
    assert_eq!(window(&p, "prenatal-5-2026-09-26").unwrap().2, "2026-10-23");
    // Postpartum visits from the due date (LMP + 280 days = 2026-10-17): days 3–7 and day 42.
    let home = window(&p, "postpartum-home-visit-2026-10-20").unwrap();
    assert_eq!((home.1.as_str(), home.2.as_str()), ("2026-10-20", "2026-10-24"));
    assert_eq!(window(&p, "postpartum-42-2026-11-28").unwrap().2, "2026-11-28");
    let pp = p.activities.iter().find(|a| a.id == "postpartum-42-2026-11-28").unwrap();
    assert!(pp.reason.contains("estimated from the due date 2026-10-17"), "{}", pp.reason);
    assert_eq!(p.activities.len(), 7);
    assert!(p.activities.iter().all(|a| a.window.is_some()), "maternal visits are windows");
    assert!(p.packages.iter().any(|k| k.id == "maternal-package"));

    // The same pregnancy given by its due date.
    let by_due = profile(json!({ "sex": "female", "pregnancy": { "dueDate": "2026-10-17" } }));
    let q = generate_care_plan(&by_due, &options("2026-03-01", "en")).unwrap();
    assert_eq!(
        q.activities.iter().map(|a| (&a.id, &a.window)).collect::<Vec<_>>(),
        p.activities.iter().map(|a| (&a.id, &a.window)).collect::<Vec<_>>()
    );

    // After delivery: discharge date drives the home visit; prenatal visits are gone.
    let delivered = profile(json!({ "sex": "female", "age": 29, "pregnancy": {
        "lastMenstrualPeriod": "2026-01-10", "deliveryDate": "2026-10-10", "dischargeDate": "2026-10-13" } }));
    let d = generate_care_plan(&delivered, &options("2026-10-15", "en")).unwrap();
    check_plan(&d);
    assert_eq!(segment_ids(&d), ["maternal"]);
    assert!(d.segments[0].reason.contains("5 days after delivery"), "{}", d.segments[0].reason);
    assert_eq!(window(&d, "postpartum-home-visit-2026-10-14").unwrap(), ("2026-10-15".into(), "2026-10-15".into(), "2026-10-20".into()));
    assert_eq!(dues(&d, "postpartum-42"), ["2026-11-21"]);
    assert!(dues(&d, "prenatal-5").is_empty());

    // An LMP after the start date is an error naming the field.
    let e = generate_care_plan(&woman, &options("2025-12-01", "en")).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("profile.pregnancy.lastMenstrualPeriod")));
}

// ---------------------------------------------------------------------------------------------
// Scenario 3: a 2-year-old child born on the 31st

#[test]
fn two_year_old_born_on_the_31st() {
    let child = profile(json!({ "sex": "female", "birthDate": "2024-08-31" }));
    let p = generate_care_plan(&child, &options("2026-09-01", "en")).unwrap();
    check_plan(&p);
    assert_eq!(segment_ids(&p), ["child"]);
    assert!(p.segments[0].reason.contains("Aged 2"));
    // 24 months (2026-08-31) is before the start; 30 months clamps to 28 February.
    assert!(dues(&p, "child-24m").is_empty());
    assert_eq!(dues(&p, "child-30m"), ["2027-02-28"]);
    assert_eq!(dues(&p, "child-hb-30m"), ["2027-02-28"]);
    assert_eq!(dues(&p, "child-36m"), ["2027-08-31"]);
    assert_eq!(p.end_date, "2027-08-31");
    assert_eq!(p.activities.len(), 3);
    assert!(p.goals.is_empty(), "no adult lifestyle goals for a toddler");
    assert!(p.cards.iter().any(|c| c.code == "child-checks"));

    // Over five years the yearly checks come on the 31st or the month's last day.
    let mut o = options("2026-09-01", "zh-CN");
    o.horizon_months = Some(60.0);
    let long = generate_care_plan(&child, &o).unwrap();
    check_plan(&long);
    assert_eq!(dues(&long, "child-4y"), ["2028-08-31"]);
    assert_eq!(dues(&long, "child-6y"), ["2030-08-31"]);
}

#[test]
fn newborn_born_on_the_31st() {
    let baby = profile(json!({ "sex": "male", "birthDate": "2026-01-31" }));
    let p = generate_care_plan(&baby, &options("2026-02-01", "en")).unwrap();
    check_plan(&p);
    assert_eq!(window(&p, "newborn-home-visit-2026-02-03").unwrap().2, "2026-02-07");
    assert_eq!(window(&p, "child-1m-2026-02-28").unwrap().2, "2026-03-02");
    assert_eq!(dues(&p, "child-3m"), ["2026-04-30"]);
    assert_eq!(dues(&p, "child-6m"), ["2026-07-31"]);
    assert_eq!(dues(&p, "child-8m"), ["2026-09-30"]);
    assert_eq!(dues(&p, "child-12m"), ["2027-01-31"]);
    assert_eq!(window(&p, "child-hb-6-8m-2026-07-31").unwrap().2, "2026-09-30");
    assert_eq!(p.activities.len(), 7);

    // A child known only by age cannot be scheduled: the plan asks for the birth date.
    let aged = profile(json!({ "sex": "male", "age": 3 }));
    let q = generate_care_plan(&aged, &options("2026-02-01", "en")).unwrap();
    assert_eq!(segment_ids(&q), ["child"]);
    assert!(q.activities.is_empty());
    assert!(q.cards.iter().any(|c| c.code == "plan-birth-date-needed"));
}

// ---------------------------------------------------------------------------------------------
// Scenario 4: a 35-year-old office worker with high-normal BP and central obesity

#[test]
fn office_worker_with_high_normal_bp_and_central_obesity() {
    let worker = profile(json!({
        "sex": "male", "age": 35, "employed": true, "sbp": 132, "dbp": 84,
        "waistCm": 93, "heightCm": 175, "weightKg": 80,
        "activity": { "sessionsPerWeek": 1, "minutesPerSession": 30 }
    }));
    let p = generate_care_plan(&worker, &options("2026-04-15", "en")).unwrap();
    check_plan(&p);
    assert_eq!(segment_ids(&p), ["pre-chronic", "workplace"]);
    let reason = &p.segments[0].reason;
    assert!(reason.contains("132/84") && reason.contains("waist 93 cm"), "{reason}");
    assert_eq!(dues(&p, "bp-screening"), ["2026-04-15"]);
    assert_eq!(dues(&p, "glucose-screening"), ["2026-04-15"]);
    assert_eq!(dues(&p, "lifestyle-review"), ["2026-07-15", "2026-10-15", "2027-01-15"]);
    // No lipids, so no China-PAR: the 2019 guideline's assessment is due on the start date.
    assert_eq!(dues(&p, "cv-assess"), ["2026-04-15"]);
    let a = p.activities.iter().find(|a| a.id == "cv-assess-2026-04-15").unwrap();
    assert_eq!(a.kind, ActivityKind::Reassessment);
    assert_eq!(a.title, "Get blood lipids tested and assess heart risk");
    assert!(a.reason.contains("lipid"), "{}", a.reason);
    assert_eq!(p.activities.len(), 6);
    // Aged 35 with risk factors: assessed now, then every year (after this plan).
    let r = p.reassessment.as_ref().unwrap();
    assert_eq!((r.id.as_str(), r.due.as_str(), r.interval_months), ("cv-reassess-35-risk", "2026-04-15", 12));
    assert!(dues(&p, "cv-reassess-35-risk").is_empty());
    // Over two years the yearly reassessment follows the first assessment.
    let mut two_years = options("2026-04-15", "en");
    two_years.horizon_months = Some(24.0);
    let p2 = generate_care_plan(&worker, &two_years).unwrap();
    assert_eq!(dues(&p2, "cv-assess"), ["2026-04-15"]);
    assert_eq!(dues(&p2, "cv-reassess-35-risk"), ["2027-04-15"]);
    // With lipids China-PAR is scored as of the start date: no first assessment, the
    // reassessment a year later.
    let with_lipids = profile(json!({
        "sex": "male", "age": 35, "employed": true, "sbp": 132, "dbp": 84,
        "waistCm": 93, "heightCm": 175, "weightKg": 80, "totalCholesterol": 5.2, "hdlCholesterol": 1.3,
        "region": "south", "residence": "urban",
        "activity": { "sessionsPerWeek": 1, "minutesPerSession": 30 }
    }));
    let p3 = generate_care_plan(&with_lipids, &two_years).unwrap();
    assert!(p3.risks.iter().any(|r| r.id == "china-par"), "{:?}", p3.risks.iter().map(|r| &r.id).collect::<Vec<_>>());
    assert!(dues(&p3, "cv-assess").is_empty());
    assert_eq!(dues(&p3, "cv-reassess-35-risk"), ["2027-04-15"]);
    assert_eq!(p3.reassessment.as_ref().unwrap().due, "2027-04-15");
    // Known cardiovascular disease: already at high risk, no first assessment (reassessed yearly).
    let survivor = profile(json!({ "sex": "male", "age": 60, "sbp": 150, "dbp": 95, "history": { "stroke": true } }));
    let p4 = generate_care_plan(&survivor, &two_years).unwrap();
    assert!(dues(&p4, "cv-assess").is_empty());
    assert_eq!(p4.reassessment.as_ref().unwrap().id, "cv-reassess-high");

    let goal_ids: Vec<&str> = p.goals.iter().map(|g| g.id.as_str()).collect();
    for g in ["bp", "weight", "waist-men", "salt", "oil", "activity", "sleep", "stress"] {
        assert!(goal_ids.contains(&g), "{g} in {goal_ids:?}");
    }
    assert!(!goal_ids.contains(&"smoking"));
    let bp = p.goals.iter().find(|g| g.id == "bp").unwrap();
    assert_eq!(bp.target["components"][0]["value"], 140.0);
    let sleep = p.goals.iter().find(|g| g.id == "sleep").unwrap();
    assert_eq!((sleep.target["components"][0]["low"].as_f64(), sleep.target["components"][0]["high"].as_f64()), (Some(7.0), Some(8.0)));

    let codes: Vec<&str> = p.cards.iter().map(|c| c.code.as_str()).collect();
    for c in ["bp-high-normal", "central-obesity", "overweight", "activity-low", "salt-oil", "workplace-sleep-stress"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let package_ids: Vec<&str> = p.packages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(package_ids, ["basic-contract", "prevention-package", "workplace-package"]);
}

// ---------------------------------------------------------------------------------------------
// Scenario 5: a resident with only sex and age

#[test]
fn resident_with_only_sex_and_age() {
    let resident = profile(json!({ "sex": "female", "age": 50 }));
    let p = generate_care_plan(&resident, &options("2026-05-20", "zh-CN")).unwrap();
    check_plan(&p);
    assert_eq!(segment_ids(&p), ["general"]);
    assert!(p.segments[0].reason.contains("基础签约服务"));
    assert_eq!(dues(&p, "bp-screening"), ["2026-05-20"]);
    assert_eq!(dues(&p, "health-education"), ["2026-05-20"]);
    // Aged 50 and never assessed: the cardiovascular risk assessment is due now.
    assert_eq!(dues(&p, "cv-assess"), ["2026-05-20"]);
    assert_eq!(p.activities.iter().find(|a| a.id == "cv-assess-2026-05-20").unwrap().title, "检测血脂并评估心血管病风险");
    assert_eq!(p.activities.len(), 3);
    let goal_ids: Vec<&str> = p.goals.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(goal_ids, ["salt", "oil", "activity"]);
    assert_eq!(p.packages.len(), 1);
    assert_eq!(p.packages[0].id, "basic-contract");
    assert_eq!(p.packages[0].label, "基础性签约服务");
    let r = p.reassessment.as_ref().unwrap();
    // Never assessed: the assessment is now, and the next one two years after it.
    assert_eq!((r.id.as_str(), r.interval_months, r.due.as_str()), ("cv-reassess-35", 24, "2026-05-20"));
    // The report was computed here (no options.report): the plan carries its results.
    let computed = assess_risk(&resident, &AssessOptions { as_of: Some("2026-05-20".into()), ..Default::default() }).unwrap();
    assert_eq!(p.risks.len(), computed.results.len());

    // A 24-month plan lists the reassessment as an activity.
    let mut o = options("2026-05-20", "en");
    o.horizon_months = Some(24.0);
    let long = generate_care_plan(&resident, &o).unwrap();
    check_plan(&long);
    assert_eq!(long.end_date, "2028-05-19");
    assert!(dues(&long, "cv-reassess-35").is_empty(), "due the day after the plan ends");
    o.horizon_months = Some(25.0);
    assert_eq!(dues(&generate_care_plan(&resident, &o).unwrap(), "cv-reassess-35"), ["2028-05-20"]);
}

#[test]
fn options_are_validated() {
    let r = profile(json!({ "sex": "male", "age": 40 }));
    let e = generate_care_plan(&r, &options("2026-02-30", "en")).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("options.startDate")));
    let mut o = options("2026-02-01", "en");
    o.horizon_months = Some(0.0);
    assert_eq!(generate_care_plan(&r, &o).unwrap_err().field.as_deref(), Some("options.horizonMonths"));
    o.horizon_months = Some(6.5);
    assert_eq!(generate_care_plan(&r, &o).unwrap_err().code, ErrorCode::InvalidInput);
    let e = generate_care_plan(&r, &options("2026-02-01", "fr")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("options.locale"));
    let bad = profile(json!({ "sex": "male", "age": 40, "sbp": 400 }));
    let e = generate_care_plan(&bad, &options("2026-02-01", "en")).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("profile.sbp")));
    let future = profile(json!({ "sex": "male", "birthDate": "2027-01-01" }));
    let e = generate_care_plan(&future, &options("2026-02-01", "en")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("profile.birthDate"));
}

#[test]
fn critical_values_raise_critical_cards() {
    let r = profile(json!({ "sex": "male", "age": 55, "sbp": 186, "dbp": 100, "fastingGlucose": 17.2 }));
    let p = generate_care_plan(&r, &options("2026-02-01", "en")).unwrap();
    check_plan(&p);
    assert_eq!(p.cards[0].indicator, Indicator::Critical);
    let codes: Vec<&str> = p.cards.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"bp-critical") && codes.contains(&"glucose-critical") && codes.contains(&"bp-confirm"), "{codes:?}");
    assert!(p.cards.iter().find(|c| c.code == "bp-critical").unwrap().summary.contains("186/100"));
}

// ---------------------------------------------------------------------------------------------
// Rules as data

#[test]
fn default_rules_document_is_versioned_and_cited() {
    let doc = default_care_rules();
    assert_eq!(doc["version"], "1.0.0");
    for section in ["segments", "schedules", "reassessment", "goals", "advice", "packages"] {
        for (i, rule) in doc[section].as_array().unwrap().iter().enumerate() {
            assert!(rule["source"].is_string(), "{section}[{i}] has a source");
            assert!(!rule["clause"].is_null(), "{section}[{i}] has a clause");
        }
    }
    let segs: Vec<&str> = doc["segments"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(segs, ["elderly", "hypertension", "diabetes", "pre-chronic", "maternal", "child", "workplace", "general"]);
    let pkgs: Vec<&str> = doc["packages"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    for p in ["home-basic", "home-standard", "home-premium", "hypertension-package", "diabetes-package", "maternal-package", "workplace-package"] {
        assert!(pkgs.contains(&p), "{p}");
    }
    // The document itself is a valid full replacement.
    let mut o = options("2026-03-01", "en");
    o.rules = Some(doc);
    let p = generate_care_plan(&older_man(), &o).unwrap();
    assert_eq!(p, generate_care_plan(&older_man(), &options("2026-03-01", "en")).unwrap());
}

#[test]
fn extending_the_rules_changes_the_plan() {
    let mut o = options("2026-03-01", "en");
    o.rules = Some(json!({
        "extends": "default",
        "version": "centre-7",
        "schedules": [ { "id": "htn-follow-up", "intervalMonths": 2 } ],
        "advice": [
            { "id": "salt-oil", "remove": true },
            { "id": "centre-walk", "indicator": "info", "when": { "segment": "elderly" },
              "summary": { "zh-CN": "每周三上午社区健步走。", "en": "Community walk every Wednesday morning." },
              "detail": { "zh-CN": "在社区卫生服务中心门口集合。", "en": "Meet at the health centre." },
              "source": "policy", "clause": "centre programme" }
        ]
    }));
    let p = generate_care_plan(&older_man(), &o).unwrap();
    check_plan(&p);
    assert_eq!(p.rules_version, "centre-7");
    assert_eq!(
        dues(&p, "htn-follow-up"),
        ["2026-03-01", "2026-05-01", "2026-07-01", "2026-09-01", "2026-11-01", "2027-01-01"]
    );
    assert_eq!(dues(&p, "dm-follow-up").len(), 4, "other rules unchanged");
    let codes: Vec<&str> = p.cards.iter().map(|c| c.code.as_str()).collect();
    assert!(codes.contains(&"centre-walk") && !codes.contains(&"salt-oil"), "{codes:?}");
    let walk = p.cards.iter().find(|c| c.code == "centre-walk").unwrap();
    assert_eq!(walk.source.clause.as_deref(), Some("centre programme"));

    // Without a version the patch is marked as custom.
    o.rules = Some(json!({ "extends": "default", "classification": { "urgent": { "sbp": 170 } } }));
    let p = generate_care_plan(&older_man(), &o).unwrap();
    assert_eq!(p.rules_version, "1.0.0+custom");

    // Classification thresholds are rules too.
    let visit: Visit = health_steward::read::read_value(&json!({ "condition": "hypertension", "date": "2026-03-01", "sbp": 175, "dbp": 80 }), "").unwrap();
    let opts = FollowUpOptions { rules: o.rules.clone(), ..Default::default() };
    assert_eq!(classify_follow_up(&visit, &opts).unwrap().status, Status::Urgent);
    assert_eq!(classify_follow_up(&visit, &FollowUpOptions::default()).unwrap().status, Status::UncontrolledFirst);
}

#[test]
fn replacing_the_rules_changes_the_plan() {
    let mut doc = default_care_rules();
    doc["version"] = json!("centre-2026");
    let schedules = doc["schedules"].as_array_mut().unwrap();
    let htn = schedules.iter_mut().find(|s| s["id"] == "htn-follow-up").unwrap();
    htn["intervalMonths"] = json!(1);
    let mut o = options("2026-03-01", "en");
    o.rules = Some(doc);
    let p = generate_care_plan(&older_man(), &o).unwrap();
    assert_eq!(p.rules_version, "centre-2026");
    assert_eq!(dues(&p, "htn-follow-up").len(), 12);
}

fn rules_error(rules: Value) -> health_steward::Error {
    let mut o = options("2026-03-01", "en");
    o.rules = Some(rules);
    let e = generate_care_plan(&older_man(), &o).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidRules, "{e:?}");
    e
}

#[test]
fn broken_rules_name_the_bad_path() {
    // A full document with a bad interval.
    let mut doc = default_care_rules();
    doc["schedules"][2]["intervalMonths"] = json!("three");
    let e = rules_error(doc);
    assert_eq!(e.field.as_deref(), Some("options.rules.schedules[2].intervalMonths"));
    // The message names the rule in words, never by its path (the path stays in `field`).
    assert_eq!(e.message(Locale::En), "Interval in months of schedule 3 in the rule set has the wrong type or format. Expected a number.");
    assert_eq!(e.message(Locale::ZhCn), "规则集第 3 条日程的间隔月数的类型或格式不正确。");

    let mut doc = default_care_rules();
    doc["schedules"][2]["intervalMonths"] = json!(0);
    assert_eq!(rules_error(doc).field.as_deref(), Some("options.rules.schedules[2].intervalMonths"));

    let mut doc = default_care_rules();
    doc["schedules"][4].as_object_mut().unwrap().remove("title");
    assert_eq!(rules_error(doc).field.as_deref(), Some("options.rules.schedules[4].title"));

    let mut doc = default_care_rules();
    doc["segments"][0]["criteria"][0]["when"]["fact"] = json!("agee");
    let e = rules_error(doc);
    assert_eq!(e.field.as_deref(), Some("options.rules.segments[0].criteria[0].when.fact"));
    assert!(e.message(Locale::En).contains("agee"));

    let mut doc = default_care_rules();
    doc["goals"][0]["source"] = json!("nowhere");
    assert_eq!(rules_error(doc).field.as_deref(), Some("options.rules.goals[0].source"));

    let mut doc = default_care_rules();
    doc["advice"][0]["summary"]["en"] = json!("x".repeat(140));
    assert_eq!(rules_error(doc).field.as_deref(), Some("options.rules.advice[0].summary.en"));

    let mut doc = default_care_rules();
    doc.as_object_mut().unwrap().remove("version");
    assert_eq!(rules_error(doc).field.as_deref(), Some("options.rules.version"));

    // A patch names its own index.
    let e = rules_error(json!({
        "extends": "default",
        "schedules": [ { "id": "dm-follow-up", "intervalMonths": 3 }, { "id": "htn-follow-up", "intervalMonths": -1 } ]
    }));
    assert_eq!(e.field.as_deref(), Some("options.rules.schedules[1].intervalMonths"));
    let e = rules_error(json!({ "extends": "default", "schedules": [ { "id": "new-one", "kind": "screening" } ] }));
    assert_eq!(e.field.as_deref(), Some("options.rules.schedules[0].segments"));
    let e = rules_error(json!({ "extends": "default", "schedules": [ { "id": "htn-follow-up", "anchor": "birth" } ] }));
    assert_eq!(e.field.as_deref(), Some("options.rules.schedules[0].anchor"));
    let e = rules_error(json!({ "extends": "default", "advice": [ { "id": "nope", "remove": true } ] }));
    assert_eq!(e.field.as_deref(), Some("options.rules.advice[0].id"));
    let e = rules_error(json!({ "extends": "other" }));
    assert_eq!(e.field.as_deref(), Some("options.rules.extends"));
    // The first assessment names models the library has, and merges field by field.
    let e = rules_error(json!({ "extends": "default", "firstAssessment": { "assessedBy": ["china-par", "nope"] } }));
    assert_eq!(e.field.as_deref(), Some("options.rules.firstAssessment.assessedBy[1]"));
    assert!(e.message(Locale::En).contains("\"nope\"") && !e.message(Locale::En).contains("options."), "{}", e.message(Locale::En));
    assert!(e.message(Locale::ZhCn).contains("评估所用模型"), "{}", e.message(Locale::ZhCn));
    let e = rules_error(json!({ "extends": "default", "firstAssessment": { "assessedBy": [] } }));
    assert_eq!(e.field.as_deref(), Some("options.rules.firstAssessment.assessedBy"));
    let e = rules_error(json!({ "extends": "default", "classification": { "urgent": { "glucoseLow": 20 } } }));
    assert_eq!(e.field.as_deref(), Some("options.rules.classification.urgent.glucoseLow"));
    let e = rules_error(json!({ "extends": "default", "segments": [ { "id": "workplace", "unless": { "segment": "general" } } ] }));
    assert_eq!(e.field.as_deref(), Some("options.rules.segments[0].unless.segment"));
    // Removing a segment a default schedule needs: reported in the merged document, naming it.
    let e = rules_error(json!({ "extends": "default", "segments": [ { "id": "child", "remove": true } ] }));
    assert!(e.field.as_deref().unwrap().starts_with("options.rules.schedules["), "{:?}", e.field);
    assert!(e.message(Locale::En).contains("\"child\""), "{}", e.message(Locale::En));
    assert_eq!(rules_error(json!([1, 2])).field.as_deref(), Some("options.rules"));
}

// ---------------------------------------------------------------------------------------------
// Exports

#[test]
fn ics_export_is_rfc_5545() {
    let woman = profile(json!({ "sex": "female", "pregnancy": { "lastMenstrualPeriod": "2026-01-10" } }));
    let plan = generate_care_plan(&woman, &options("2026-03-01", "zh-CN")).unwrap();
    let opts = IcsOptions { calendar_name: Some("王丽的健康计划, 2026; 孕期".into()), uid_namespace: None };
    let ics = care_plan_to_ics(&plan, &opts).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//health-steward//"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n') && !ics.replace("\r\n", "").contains('\r'), "CRLF only");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("X-WR-CALNAME:王丽的健康计划\\, 2026\\; 孕期\r\n"));
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), plan.activities.len());
    // Windows are all-day events with an exclusive end.
    // (UIDs: `<activity id>.<hash of the plan>@health-steward`, see src/plan/ics.rs.)
    assert!(unfolded.contains("@health-steward\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;VALUE=DATE:20260502\r\nDTEND;VALUE=DATE:20260606\r\n"));
    assert!(unfolded.contains("UID:prenatal-2-2026-05-02."));
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20261128\r\nDTEND;VALUE=DATE:20261129\r\n"));
    assert!(unfolded.contains("SUMMARY:第 2 次产前检查（孕 16–20 周）\r\n"));
    // Deterministic: no clock.
    assert_eq!(care_plan_to_ics(&plan, &opts).unwrap(), ics);
    // A namespace keeps two residents' UIDs apart.
    let a = care_plan_to_ics(&plan, &IcsOptions { uid_namespace: Some("member-1".into()), ..Default::default() }).unwrap();
    let b = care_plan_to_ics(&plan, &IcsOptions { uid_namespace: Some("member-2".into()), ..Default::default() }).unwrap();
    assert_ne!(a, b);
    assert!(!a.contains("member-1"));

    // A plan with a broken date is named.
    let mut bad = plan.clone();
    bad.activities[1].window.as_mut().unwrap().end = "2026-13-01".into();
    let e = care_plan_to_ics(&bad, &IcsOptions::default()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("plan.activities[1].window.end"));
}

#[test]
fn fhir_export_is_a_deterministic_r4_bundle() {
    let mut o = options("2026-03-01", "en");
    o.report = Some(report(
        Some("2026-02-20"),
        json!([result("china-par", "high", 14.2, "percent"), result("cdrs", "high", 31.0, "points")]),
    ));
    let plan = generate_care_plan(&older_man(), &o).unwrap();
    let opts = FhirOptions { patient_reference: Some("Patient/123".into()) };
    let b = care_plan_to_fhir(&plan, &opts).unwrap();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    let entries = b["entry"].as_array().unwrap();
    let of = |t: &str| entries.iter().filter(|e| e["resource"]["resourceType"] == t).count();
    assert_eq!(of("CarePlan"), 1);
    assert_eq!(of("Goal"), plan.goals.len());
    assert_eq!(of("RiskAssessment"), 2);
    for e in entries {
        let url = e["fullUrl"].as_str().unwrap();
        assert_eq!(url, format!("urn:uuid:{}", e["resource"]["id"].as_str().unwrap()));
    }
    let cp = &entries[0]["resource"];
    assert_eq!((cp["status"].as_str(), cp["intent"].as_str()), (Some("active"), Some("plan")));
    assert_eq!(cp["subject"]["reference"], "Patient/123");
    assert_eq!(cp["period"]["start"], "2026-03-01");
    assert_eq!(cp["activity"].as_array().unwrap().len(), plan.activities.len());
    assert_eq!(cp["activity"][0]["detail"]["status"], "scheduled");
    assert_eq!(cp["goal"].as_array().unwrap().len(), plan.goals.len());
    let text = b.to_string();
    for code in ["8480-6", "8462-4", "1558-6"] {
        assert!(text.contains(&format!("\"code\":\"{code}\"")), "{code}");
    }
    let par = entries.iter().find(|e| e["resource"]["method"]["coding"][0]["code"] == "china-par").unwrap();
    assert_eq!(par["resource"]["status"], "final");
    assert_eq!(par["resource"]["prediction"][0]["probabilityDecimal"], 0.142);
    assert_eq!(par["resource"]["prediction"][0]["qualitativeRisk"]["coding"][0]["code"], "high");
    // Deterministic, and different for another patient.
    assert_eq!(care_plan_to_fhir(&plan, &opts).unwrap(), b);
    let other = care_plan_to_fhir(&plan, &FhirOptions { patient_reference: Some("Patient/456".into()) }).unwrap();
    assert_ne!(other["id"], b["id"]);
    // The patient reference is required.
    let e = care_plan_to_fhir(&plan, &FhirOptions::default()).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::MissingInput, Some("options.patientReference")));
}

#[test]
fn risk_results_drive_cards_and_segments() {
    let worker = profile(json!({ "sex": "female", "age": 42, "employed": true }));
    let mut o = options("2026-06-01", "en");
    o.report = Some(report(
        Some("2026-05-30"),
        json!([
            result("gad7", "moderate", 12.0, "points"),
            result("phq9", "moderately-severe", 16.0, "points"),
            result("metabolic-syndrome", "present", 3.0, "count"),
            result("cdrs", "high", 28.0, "points"),
            result("china-par", "medium", 6.4, "percent")
        ]),
    ));
    let p = generate_care_plan(&worker, &o).unwrap();
    check_plan(&p);
    assert_eq!(segment_ids(&p), ["pre-chronic", "workplace"]);
    assert!(p.segments[0].reason.contains("Diabetes Risk Score") && p.segments[0].reason.contains("China-PAR"));
    let codes: Vec<&str> = p.cards.iter().map(|c| c.code.as_str()).collect();
    for c in ["anxiety", "depression", "metabolic-syndrome", "cdrs-high", "china-par-medium"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let anxiety = p.cards.iter().find(|c| c.code == "anxiety").unwrap();
    assert!(anxiety.summary.contains("12"), "{}", anxiety.summary);
    // China-PAR medium at 42: yearly reassessment a year after the report.
    assert_eq!(p.reassessment.as_ref().unwrap().due, "2027-05-30");
    assert_eq!(dues(&p, "cv-reassess-35-risk"), ["2027-05-30"]);
    assert_eq!(p.risks.len(), 5);
}
