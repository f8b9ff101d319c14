//! Chinese Diabetes Risk Score, CDRS (docs/risk-models.md §2).
//!
//! Points for age, sex, SBP, BMI (rounded to one decimal), waist and family history of
//! diabetes; total 0–51; `≥ 25` high (recommend an OGTT). Ages 20–74, not for diagnosed
//! diabetes (`diabetes: true` → not applicable). Required: age, sbp, heightCm, weightKg, waistCm;
//! `familyHistory.diabetes` counts as "no" when absent (`ASSUMED_NO`). All bands are half-open
//! on the upper side.

use serde_json::json;

use crate::risk::kit::{age, factor, family, jnum, scored, Inputs, Parts, WhatIfs};
use crate::error::Result;
use crate::i18n::{num, Locale, Msg};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// ---------------------------------------------------------------------------------------------
// Published points (Zhou X et al., Diabetes Care 2013;36:3944–3952; 中国2型糖尿病防治指南
// 2017/2020). Each table is (lower bound inclusive, points), ascending: the points of the last
// row whose bound is ≤ the value.

/// Age in years: 20–24: 0; 25–34: 4; 35–39: 8; 40–44: 11; 45–49: 12; 50–54: 13; 55–59: 15;
/// 60–64: 16; 65–74: 18.
pub const AGE_POINTS: &[(f64, f64)] = &[
    (20.0, 0.0),
    (25.0, 4.0),
    (35.0, 8.0),
    (40.0, 11.0),
    (45.0, 12.0),
    (50.0, 13.0),
    (55.0, 15.0),
    (60.0, 16.0),
    (65.0, 18.0),
];
/// SBP mmHg: <110: 0; 110–119: 1; 120–129: 3; 130–139: 6; 140–149: 7; 150–159: 8; ≥160: 10.
pub const SBP_POINTS: &[(f64, f64)] =
    &[(0.0, 0.0), (110.0, 1.0), (120.0, 3.0), (130.0, 6.0), (140.0, 7.0), (150.0, 8.0), (160.0, 10.0)];
/// BMI kg/m²: <22.0: 0; 22.0–23.9: 1; 24.0–29.9: 3; ≥30.0: 5.
pub const BMI_POINTS: &[(f64, f64)] = &[(0.0, 0.0), (22.0, 1.0), (24.0, 3.0), (30.0, 5.0)];
/// Waist cm, men: <75: 0; 75–79.9: 3; 80–84.9: 5; 85–89.9: 7; 90–94.9: 8; ≥95: 10.
pub const WAIST_POINTS_MEN: &[(f64, f64)] =
    &[(0.0, 0.0), (75.0, 3.0), (80.0, 5.0), (85.0, 7.0), (90.0, 8.0), (95.0, 10.0)];
/// Waist cm, women: <70: 0; 70–74.9: 3; 75–79.9: 5; 80–84.9: 7; 85–89.9: 8; ≥90: 10.
pub const WAIST_POINTS_WOMEN: &[(f64, f64)] =
    &[(0.0, 0.0), (70.0, 3.0), (75.0, 5.0), (80.0, 7.0), (85.0, 8.0), (90.0, 10.0)];
/// Family history of diabetes (parent, sibling or child).
pub const FAMILY_POINTS: f64 = 6.0;
/// Male sex.
pub const MALE_POINTS: f64 = 2.0;
/// Total at or above which the risk is high.
pub const HIGH_FROM: f64 = 25.0;
/// Ages the score applies to.
pub const AGE_RANGE: (f64, f64) = (20.0, 74.0);
/// What-if target for SBP: "< 120" (the 110–119 band).
pub const TARGET_SBP_BELOW: f64 = 120.0;

pub static INFO: ModelInfo = ModelInfo {
    id: "cdrs",
    name: Msg::new("中国糖尿病风险评分", "Chinese Diabetes Risk Score"),
    unit: ValueUnit::Points,
    citation: "Zhou X, Qiao Q, Ji L, et al. Non-laboratory-based risk assessment algorithm for undiagnosed type 2 diabetes developed on a nation-wide diabetes survey. Diabetes Care 2013;36(12):3944–3952. Adopted in 中国2型糖尿病防治指南 (2017, 2020).",
    edition: "CDRS 2013 as adopted by the Chinese type 2 diabetes guideline, 2020 edition",
    ages: AGE_RANGE,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGE_RANGE.0), max: Some(AGE_RANGE.1), required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: None, max: None, required: true },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: true },
        InputInfo { field: "waistCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "familyHistory.diabetes", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
    ],
    categories: &[("low", Msg::new("低风险", "Low risk")), ("high", Msg::new("高风险", "High risk"))],
    checklists: &[],
};

/// Index and points of the band that holds `x`.
fn band(table: &[(f64, f64)], x: f64) -> (usize, f64) {
    let mut found = (0, 0.0);
    for (i, (lo, pts)) in table.iter().enumerate() {
        if x >= *lo {
            found = (i, *pts);
        }
    }
    found
}

/// Points of `x` in `table`.
pub fn points(table: &[(f64, f64)], x: f64) -> f64 {
    band(table, x).1
}

/// The category of a total.
pub fn category(total: f64) -> &'static str {
    if total >= HIGH_FROM {
        "high"
    } else {
        "low"
    }
}

const DIAGNOSED: Msg = Msg::new(
    "您已确诊糖尿病，这个评分用于发现尚未确诊的糖尿病，不适用于您；请继续按医生的方案控制血糖。",
    "You already have diabetes; this score looks for undiagnosed diabetes, so it does not apply to you. Please keep following your doctor's plan for your blood sugar.",
);
const SUMMARY_HIGH: Msg = Msg::new(
    "您的糖尿病风险评分为 {} 分（满分 51 分），属于高风险，建议到社区医院做一次糖耐量检查（喝糖水前后各测一次血糖）。",
    "Your diabetes risk score is {} out of 51, which is high; please ask your community clinic for a glucose tolerance test (a blood sugar test before and after a sugary drink).",
);
const SUMMARY_LOW: Msg = Msg::new(
    "您的糖尿病风险评分为 {} 分（满分 51 分），属于低风险，请继续保持健康的饮食和运动习惯。",
    "Your diabetes risk score is {} out of 51, which is low; keep up healthy eating and regular exercise.",
);

const F_AGE: Msg = Msg::new("年龄", "Age");
const F_SEX: Msg = Msg::new("男性", "Male sex");
const F_SBP: Msg = Msg::new("收缩压（高压）", "Systolic (upper) blood pressure");
const F_BMI: Msg = Msg::new("体重指数（BMI）", "Body mass index (BMI)");
const F_WAIST: Msg = Msg::new("腰围", "Waist");
const F_FAMILY: Msg = Msg::new("家人（父母、兄弟姐妹或子女）患糖尿病", "Diabetes in a parent, sibling or child");

const W_WAIST: Msg = Msg::new("腰围减到 {} 厘米以下", "Waist below {} cm");
const W_BMI: Msg = Msg::new("体重指数（BMI）降到 {} 以下", "BMI below {}");
const W_SBP: Msg = Msg::new("收缩压（高压）降到 {} mmHg 以下", "Systolic (upper) blood pressure below {} mmHg");

pub fn assess(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let locale = s.locale;
    if p.diabetes == Some(true) {
        return Ok(Outcome::NotApplicable(DIAGNOSED.text()));
    }
    let mut inputs = Inputs::default();
    let age = age(s, &INFO, &mut inputs)?;
    let sbp = inputs.need("profile.sbp", p.sbp);
    let height = inputs.need("profile.heightCm", p.height_cm);
    let weight = inputs.need("profile.weightKg", p.weight_kg);
    let waist = inputs.need("profile.waistCm", p.waist_cm);
    let (Some(age), Some(sbp), Some(_), Some(_), Some(waist), Some(bmi)) = (age, sbp, height, weight, waist, p.bmi())
    else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let male = p.sex == Sex::Male;
    let family_history = inputs.yes("profile.familyHistory.diabetes", family(s, |f| f.diabetes));
    let waist_table = if male { WAIST_POINTS_MEN } else { WAIST_POINTS_WOMEN };

    let age_pts = points(AGE_POINTS, age);
    let sex_pts = if male { MALE_POINTS } else { 0.0 };
    let sbp_pts = points(SBP_POINTS, sbp);
    let (bmi_band, bmi_pts) = band(BMI_POINTS, bmi);
    let (waist_band, waist_pts) = band(waist_table, waist);
    let fam_pts = if family_history { FAMILY_POINTS } else { 0.0 };
    let total = age_pts + sex_pts + sbp_pts + bmi_pts + waist_pts + fam_pts;
    let cat = category(total);

    let mut factors = vec![factor(s, "age", &F_AGE, Some(jnum(age)), Some(age_pts), false)];
    if male {
        factors.push(factor(s, "sex", &F_SEX, Some(json!("male")), Some(sex_pts), false));
    }
    factors.push(factor(s, "sbp", &F_SBP, Some(jnum(sbp)), Some(sbp_pts), true));
    factors.push(factor(s, "bmi", &F_BMI, Some(jnum(bmi)), Some(bmi_pts), true));
    factors.push(factor(s, "waistCm", &F_WAIST, Some(jnum(waist)), Some(waist_pts), true));
    if family_history {
        factors.push(factor(s, "familyHistory.diabetes", &F_FAMILY, Some(json!(true)), Some(fam_pts), false));
    }

    // What-ifs: waist and BMI to the next lower band, SBP to < 120. The inputs of the what-ifs
    // are the points of each item (age, sex, SBP, BMI, waist, family history).
    let score = |x: &[f64; 6]| x.iter().sum::<f64>();
    let mut w = WhatIfs::new([age_pts, sex_pts, sbp_pts, bmi_pts, waist_pts, fam_pts], total, &score, &category);
    if let (Some(lower), Some((bound, _))) =
        (waist_band.checked_sub(1).and_then(|i| waist_table.get(i)), waist_table.get(waist_band))
    {
        w.consider("waistCm", fill(&W_WAIST, *bound, locale), move |x| x[4] = lower.1);
    }
    if let (Some(lower), Some((bound, _))) =
        (bmi_band.checked_sub(1).and_then(|i| BMI_POINTS.get(i)), BMI_POINTS.get(bmi_band))
    {
        w.consider("bmi", fill(&W_BMI, *bound, locale), move |x| x[3] = lower.1);
    }
    if sbp >= TARGET_SBP_BELOW {
        let target = points(SBP_POINTS, TARGET_SBP_BELOW - 1.0);
        w.consider("sbp", fill(&W_SBP, TARGET_SBP_BELOW, locale), move |x| x[2] = target);
    }
    let (what_ifs, combined) = w.finish();
    let summary = if cat == "high" { SUMMARY_HIGH } else { SUMMARY_LOW }.fill(&[&num(total, 0)]);
    let details = json!({ "highFrom": HIGH_FROM, "recommendOgtt": cat == "high" });
    Ok(scored(&INFO, s, &inputs, Parts {
            value: total,
            category: cat,
            summary,
            factors,
            what_if: what_ifs,
            combined,
            details: Some(details),
            warnings: inputs.warnings(s),
        },
    ))
}

fn fill(m: &Msg, x: f64, locale: Locale) -> String {
    crate::i18n::fill(m.get(locale), &[&num(x, 1)])
}
