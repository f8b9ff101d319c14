//! PREVENT against its published coefficient tables and test vectors (`tests/fixtures/prevent/`),
//! an independent computation of the full model, its accepted ranges at their boundaries, and
//! the CKD-EPI 2021 eGFR.

use health_steward::error::ErrorCode;
use health_steward::risk::intl::prevent::{coefficient, estimate_egfr, EgfrInput, Variant, TERMS};
use health_steward::risk::{assess_model, AssessOptions, Profile, RiskResult, Sex};
use serde_json::{json, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/prevent/");
const MG: f64 = 0.02586; // PREVENT: mmol/L per mg/dL

/// The CSV rows the library uses, in the order of its terms (the SDI deciles are left out).
const ROWS: [&str; TERMS] = [
    "Age",
    "Age squared",
    "non-HDL-C per 1 mmol/L",
    "HDL-C per 0.3 mmol/L",
    "SBP <110 per 20 mmHg",
    "SBP ≥110 per 20 mmHg",
    "Diabetes",
    "Current smoking",
    "BMI <30, per 5 kg/m2",
    "BMI 30+, per 5 kg/m2",
    "eGFR <60, per -15 ml",
    "eGFR 60+, per -15 ml",
    "Anti-hypertensive use",
    "Statin use",
    "Treated SBP ≥110 mm Hg per 20 mm Hg",
    "Treated non-HDL-C",
    "Age per 10yr * non-HDL-C per 1 mmol/L",
    "Age per 10yr * HDL-C per 0.3 mmol/L",
    "Age per 10yr * SBP ≥110 mm Hg per 20 mmHg",
    "Age per 10yr * diabetes",
    "Age per 10yr * current smoking",
    "Age per 10yr * BMI 30+ per 5 kg/m2",
    "Age per 10yr * eGFR <60, per -15 ml",
    "Missing SDI",
    "ln-ACR, mg/g, per 1 ln unit",
    "Missing ACR/PCR/Dipstick",
    "HbA1c in DM, per 1%",
    "HbA1c no DM, per 1%",
    "Missing HbA1c",
    "Constant",
];
const COLUMNS: [&str; 6] =
    ["female_total_cvd", "male_total_cvd", "female_ascvd", "male_ascvd", "female_heart_failure", "male_heart_failure"];

/// Splits one CSV line (quoted fields may hold commas).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// A table as (row label → values by column name).
fn table(name: &str) -> Vec<(String, Vec<(String, f64)>)> {
    let text = std::fs::read_to_string(format!("{FIXTURES}{name}.csv")).expect(name);
    let mut lines = text.lines();
    let header = fields(lines.next().expect("header"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f = fields(l);
            let values = header.iter().zip(&f).skip(1).map(|(h, v)| (h.clone(), v.parse::<f64>().expect(v))).collect();
            (f[0].clone(), values)
        })
        .collect()
}

/// The published coefficient of a row, 0 when the table has no such row.
fn published(t: &[(String, Vec<(String, f64)>)], row: &str, column: &str) -> f64 {
    let matches = |label: &str| label == row || (row == "Age" && label.starts_with("Age, ") && label.contains("10 years"));
    t.iter()
        .find(|(label, _)| matches(label))
        .map(|(_, values)| values.iter().find(|(c, _)| c == column).map(|(_, v)| *v).expect(column))
        .unwrap_or(0.0)
}

const VARIANTS: [(Variant, &str); 4] =
    [(Variant::Base, "base"), (Variant::Hba1c, "hba1c"), (Variant::Uacr, "uacr"), (Variant::Full, "full")];

#[test]
fn every_coefficient_is_the_published_one() {
    let mut checked = 0;
    for (variant, name) in VARIANTS {
        for (horizon, years) in [(0, "10yr"), (1, "30yr")] {
            let t = table(&format!("{name}_{years}"));
            // Every row of the table is used, but the SDI deciles (0 outside the US).
            for (label, _) in &t {
                let used = ROWS.contains(&label.as_str()) || label.starts_with("Age, ");
                assert!(used || label.starts_with("SDI decile"), "{name} {years}: row {label} unused");
            }
            for (term, row) in ROWS.iter().enumerate() {
                for (column, col) in COLUMNS.iter().enumerate() {
                    let want = published(&t, row, col);
                    let got = coefficient(variant, horizon, term, column);
                    assert_eq!(got.to_bits(), want.to_bits(), "{name} {years} {row} {col}: {got} vs {want}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * 2 * TERMS * 6);
}

fn profile(v: Value) -> Profile {
    health_steward::read::read_value(&v, "").expect("profile")
}

fn prevent(v: Value) -> RiskResult {
    assess_model("prevent", &profile(v), &AssessOptions { locale: Some("en".into()), ..Default::default() })
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn prevent_err(v: Value) -> (ErrorCode, Option<String>) {
    let e = assess_model("prevent", &profile(v), &AssessOptions::default()).expect_err("refused");
    (e.code, e.field.clone())
}

/// Proportion rounded half up to three decimals, as preventr reports it.
fn as_published(percent: f64) -> f64 {
    health_steward::risk::round_half_away(percent / 100.0, 3)
}

fn detail(r: &RiskResult, path: &[&str]) -> f64 {
    let mut v = r.details.as_ref().expect("details");
    for k in path {
        v = v.get(*k).unwrap_or_else(|| panic!("{path:?}"));
    }
    v.as_f64().expect("number")
}

/// The published example: woman or man, 50, SBP 160 treated, TC 200 mg/dL, HDL-C 45 mg/dL,
/// diabetic, non-smoker, no statin, eGFR 90, BMI 35 (89.6 kg at 160 cm).
fn example(sex: &str) -> Value {
    json!({ "sex": sex, "age": 50, "sbp": 160, "onAntihypertensives": true, "totalCholesterol": 200.0 * MG,
            "hdlCholesterol": 45.0 * MG, "onStatin": false, "diabetes": true, "smoker": false, "egfr": 90,
            "heightCm": 160, "weightKg": 89.6 })
}

#[test]
fn the_published_test_vectors() {
    let text = std::fs::read_to_string(format!("{FIXTURES}vectors.csv")).expect("vectors");
    let mut lines = text.lines();
    let header = fields(lines.next().expect("header"));
    let col = |row: &[String], name: &str| row[header.iter().position(|h| h == name).expect(name)].clone();
    let mut n = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let row = fields(line);
        let num = |name: &str| col(&row, name).parse::<f64>().expect(name);
        let mut v = example(&col(&row, "sex"));
        assert_eq!((num("age"), num("sbp"), num("egfr"), num("bmi")), (50.0, 160.0, 90.0, 35.0));
        if !col(&row, "hba1c").is_empty() {
            v["hba1c"] = json!(num("hba1c"));
        }
        if !col(&row, "uacr").is_empty() {
            v["uacr"] = json!(num("uacr"));
        }
        let r = prevent(v);
        assert_eq!(r.details.as_ref().and_then(|d| d.get("model")), Some(&json!(col(&row, "model"))));
        let got = if num("years") == 10.0 {
            [r.value, detail(&r, &["ascvd"]), detail(&r, &["heartFailure"])]
        } else {
            ["totalCvd", "ascvd", "heartFailure"].map(|k| detail(&r, &["thirtyYear", k]))
        };
        let want = [num("total_cvd"), num("ascvd"), num("heart_failure")];
        assert_eq!(got.map(as_published), want, "{line}");
        n += 1;
    }
    assert_eq!(n, 12);
}

/// The full model (HbA1c and UACR, social deprivation unknown), computed here from the published
/// tables term by term, independently of the library's code.
#[test]
fn the_full_model_matches_an_independent_computation() {
    for (sex, column_offset) in [("female", 0), ("male", 1)] {
        let mut v = example(sex);
        v["hba1c"] = json!(9.2);
        v["uacr"] = json!(92);
        v["age"] = json!(57);
        v["egfr"] = json!(52);
        v["smoker"] = json!(true);
        v["onStatin"] = json!(true);
        let r = prevent(v);
        assert_eq!(r.details.as_ref().and_then(|d| d.get("model")), Some(&json!("full")));
        let (age, tc, hdl, sbp, bmi, egfr): (f64, f64, f64, f64, f64, f64) = (57.0, 200.0, 45.0, 160.0, 35.0, 52.0);
        let a = (age - 55.0) / 10.0;
        let non_hdl = (tc * MG - hdl * MG) - 3.5;
        let h = (hdl * MG - 1.3) / 0.3;
        let s_ge = (sbp - 130.0) / 20.0;
        let b_ge = (bmi - 30.0) / 5.0;
        let e_lt = (egfr - 60.0) / -15.0;
        let x = |row: &str, horizon: usize| -> f64 {
            match row {
                "Age" => a,
                "Age squared" if horizon == 1 => a * a,
                "non-HDL-C per 1 mmol/L" => non_hdl,
                "HDL-C per 0.3 mmol/L" => h,
                "SBP ≥110 per 20 mmHg" => s_ge,
                "Diabetes" | "Current smoking" | "Anti-hypertensive use" | "Statin use" => 1.0,
                "BMI <30, per 5 kg/m2" => 1.0,
                "BMI 30+, per 5 kg/m2" => b_ge,
                "eGFR <60, per -15 ml" => e_lt,
                "eGFR 60+, per -15 ml" => 2.0,
                "Treated SBP ≥110 mm Hg per 20 mm Hg" => s_ge,
                "Treated non-HDL-C" => non_hdl,
                "Age per 10yr * non-HDL-C per 1 mmol/L" => a * non_hdl,
                "Age per 10yr * HDL-C per 0.3 mmol/L" => a * h,
                "Age per 10yr * SBP ≥110 mm Hg per 20 mmHg" => a * s_ge,
                "Age per 10yr * diabetes" | "Age per 10yr * current smoking" => a,
                "Age per 10yr * BMI 30+ per 5 kg/m2" => a * b_ge,
                "Age per 10yr * eGFR <60, per -15 ml" => a * e_lt,
                "Missing SDI" | "Constant" => 1.0,
                "ln-ACR, mg/g, per 1 ln unit" => 92f64.ln(),
                "HbA1c in DM, per 1%" => 9.2 - 5.3,
                _ => 0.0,
            }
        };
        for (horizon, years) in [(0, "10yr"), (1, "30yr")] {
            let t = table(&format!("full_{years}"));
            let risk = |outcome: usize| {
                let col = COLUMNS[outcome * 2 + column_offset];
                let sum: f64 = t.iter().map(|(label, _)| {
                    let row = if label.starts_with("Age, ") { "Age" } else { label.as_str() };
                    published(&t, label, col) * x(row, horizon)
                }).sum();
                100.0 / (1.0 + (-sum).exp())
            };
            let got = if horizon == 0 {
                [r.value, detail(&r, &["ascvd"]), detail(&r, &["heartFailure"])]
            } else {
                ["totalCvd", "ascvd", "heartFailure"].map(|k| detail(&r, &["thirtyYear", k]))
            };
            for (o, g) in got.iter().enumerate() {
                let want = health_steward::risk::round_half_away(risk(o), 2);
                assert!((g - want).abs() < 1e-9, "{sex} {years} outcome {o}: {g} vs {want}");
            }
        }
    }
}

#[test]
fn accepted_ranges_at_their_boundaries_as_preventr_accepts_them() {
    let with = |k: &str, v: Value| {
        let mut p = example("female");
        p[k] = v;
        p
    };
    // Cholesterol in mmol/L: the mmol/L bounds as written are inside.
    for (k, v) in [("totalCholesterol", 3.36), ("totalCholesterol", 8.28), ("hdlCholesterol", 0.52), ("hdlCholesterol", 2.59)] {
        prevent(with(k, json!(v)));
    }
    for (k, v) in [("totalCholesterol", 3.35), ("totalCholesterol", 8.29), ("hdlCholesterol", 0.51), ("hdlCholesterol", 2.6)] {
        assert_eq!(prevent_err(with(k, json!(v))), (ErrorCode::OutOfRange, Some(format!("profile.{k}"))), "{k} {v}");
    }
    for (k, lo, hi, below, above) in [("hba1c", 4.5, 15.0, 4.4, 15.1), ("uacr", 0.1, 25_000.0, 0.09, 25_000.1)] {
        prevent(with(k, json!(lo)));
        prevent(with(k, json!(hi)));
        for bad in [below, above] {
            assert_eq!(prevent_err(with(k, json!(bad))), (ErrorCode::OutOfRange, Some(format!("profile.{k}"))), "{k} {bad}");
        }
    }
    // 30-year risks for ages 30–59 only.
    assert!(prevent(with("age", json!(59))).details.as_ref().and_then(|d| d.get("thirtyYear")).is_some());
    assert!(prevent(with("age", json!(60))).details.as_ref().and_then(|d| d.get("thirtyYear")).is_none());
    assert!(prevent(with("age", json!(30))).details.as_ref().and_then(|d| d.get("thirtyYear")).is_some());
}

#[test]
fn categories_are_said_to_be_borrowed_from_the_pce() {
    let r = prevent(example("female"));
    let w = r.warnings.iter().find(|w| w.code == "CATEGORIES_BORROWED").expect("warning");
    assert!(w.message.contains("5%, 7.5% and 20%") && w.message.contains("Pooled Cohort Equations"), "{}", w.message);
    assert!(r.source.edition.contains("borrowed"));
    assert_eq!(r.category, "intermediate"); // 14.7%
    assert!(r.summary.contains("Over 30 years it is about 53%"), "{}", r.summary);
}

fn egfr(creatinine: f64, unit: &str, age: f64, sex: Sex) -> Result<f64, health_steward::error::Error> {
    estimate_egfr(&EgfrInput { creatinine, unit: unit.into(), age, sex })
}

/// Values computed by hand from the CKD-EPI 2021 equation (Inker 2021):
/// woman 50, 0.7 mg/dL: 142 × 1 × 1 × 0.9938^50 × 1.012 = 105.30 → 105;
/// man 60, 1.2 mg/dL: 142 × (1.2/0.9)^−1.2 × 0.9938^60 = 69.23 → 69 (106.08 μmol/L the same);
/// woman 30, 0.5 mg/dL: 142 × (0.5/0.7)^−0.241 × 0.9938^30 × 1.012 = 129.32 → 129;
/// man 75, 2.5 mg/dL: 26.14 → 26.
#[test]
fn egfr_by_ckd_epi_2021() {
    assert_eq!(egfr(0.7, "mg/dL", 50.0, Sex::Female).unwrap(), 105.0);
    assert_eq!(egfr(1.2, "mg/dL", 60.0, Sex::Male).unwrap(), 69.0);
    assert_eq!(egfr(106.08, "umol/L", 60.0, Sex::Male).unwrap(), 69.0);
    assert_eq!(egfr(106.08, "μmol/L", 60.0, Sex::Male).unwrap(), 69.0);
    assert_eq!(egfr(0.5, "mg/dL", 30.0, Sex::Female).unwrap(), 129.0);
    assert_eq!(egfr(2.5, "mg/dL", 75.0, Sex::Male).unwrap(), 26.0);
    // Boundaries: creatinine 0.1–30 mg/dL, ages 18–100.
    assert!(egfr(0.1, "mg/dL", 18.0, Sex::Male).is_ok() && egfr(30.0, "mg/dL", 100.0, Sex::Female).is_ok());
    for (c, u, a, field) in [
        (0.09, "mg/dL", 50.0, "input.creatinine"),
        (30.1, "mg/dL", 50.0, "input.creatinine"),
        (8.0, "umol/L", 50.0, "input.creatinine"),
        (1.0, "mg/dL", 17.0, "input.age"),
        (1.0, "mg/dL", 101.0, "input.age"),
    ] {
        let e = egfr(c, u, a, Sex::Male).expect_err("refused");
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some(field)), "{c} {u} {a}");
    }
    let e = egfr(1.0, "mmol/L", 50.0, Sex::Male).expect_err("refused");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("input.unit")));
    let e = egfr(f64::NAN, "mg/dL", 50.0, Sex::Male).expect_err("refused");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("input.creatinine")));
}
