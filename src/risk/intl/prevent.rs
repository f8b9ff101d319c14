//! AHA PREVENT 10-year base model: total CVD (the value), ASCVD and heart failure
//! (risk-models.md §8).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::{check_range, Result};
use crate::i18n::{num, Msg, Text};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// Khan SS, Matsushita K, Sang Y, et al. Development and validation of the American Heart
// Association's PREVENT equations. Circulation 2024;149(6):430–449. 10-year base model,
// logistic: risk = e^x / (1 + e^x). Transformed predictors as in risk-models.md §8; lipids
// converted from mg/dL with × 0.02586.

/// mmol/L per mg/dL of cholesterol for this model.
pub const MMOL_PER_MG_DL: f64 = 0.02586;
/// Accepted ranges (inclusive): age 30–79; TC 130–320 mg/dL; HDL-C 20–100 mg/dL; SBP 90–180;
/// BMI 18.5–39.9; eGFR 15–140.
pub const AGES: (f64, f64) = (30.0, 79.0);
pub const TC_MG_DL: (f64, f64) = (130.0, 320.0);
pub const HDL_MG_DL: (f64, f64) = (20.0, 100.0);
pub const SBP: (f64, f64) = (90.0, 180.0);
pub const BMI: (f64, f64) = (18.5, 39.9);
pub const EGFR: (f64, f64) = (15.0, 140.0);

/// Total CVD and ASCVD coefficient order: age, nonHDL, HDL, SBP<110, SBP≥110, diabetes, smoker,
/// eGFR<60, eGFR≥60, antihypertensive, statin, SBP≥110×antihypertensive, nonHDL×statin,
/// age×nonHDL, age×HDL, age×SBP≥110, age×diabetes, age×smoker, age×eGFR<60, constant.
pub const CVD_FEMALE: [f64; 20] = [
    0.7939329, 0.0305239, -0.1606857, -0.2394003, 0.3600781, 0.8667604, 0.5360739, 0.6045917, 0.0433769, 0.3151672,
    -0.1477655, -0.0663612, 0.1197879, -0.0819715, 0.0306769, -0.0946348, -0.27057, -0.078715, -0.1637806, -3.307728,
];
pub const CVD_MALE: [f64; 20] = [
    0.7688528, 0.0736174, -0.0954431, -0.4347345, 0.3362658, 0.7692857, 0.4386871, 0.5378979, 0.0164827, 0.288879,
    -0.1337349, -0.0475924, 0.150273, -0.0517874, 0.0191169, -0.1049477, -0.2251948, -0.0895067, -0.1543702, -3.031168,
];
pub const ASCVD_FEMALE: [f64; 20] = [
    0.719883, 0.1176967, -0.151185, -0.0835358, 0.3592852, 0.8348585, 0.4831078, 0.4864619, 0.0397779, 0.2265309,
    -0.0592374, -0.0395762, 0.0844423, -0.0567839, 0.0325692, -0.1035985, -0.2417542, -0.0791142, -0.1671492, -3.819975,
];
pub const ASCVD_MALE: [f64; 20] = [
    0.7099847, 0.1658663, -0.1144285, -0.2837212, 0.3239977, 0.7189597, 0.3956973, 0.3690075, 0.0203619, 0.2036522,
    -0.0865581, -0.0322916, 0.114563, -0.0300005, 0.0232747, -0.0927024, -0.2018525, -0.0970527, -0.1217081, -3.500655,
];
/// Heart failure order: age, SBP<110, SBP≥110, diabetes, smoker, BMI<30, BMI≥30, eGFR<60,
/// eGFR≥60, antihypertensive, SBP≥110×antihypertensive, age×SBP≥110, age×diabetes, age×smoker,
/// age×BMI≥30, age×eGFR<60, constant.
pub const HF_FEMALE: [f64; 17] = [
    0.8998235, -0.4559771, 0.3576505, 1.038346, 0.583916, -0.0072294, 0.2997706, 0.7451638, 0.0557087, 0.3534442,
    -0.0981511, -0.0946663, -0.3581041, -0.1159453, -0.003878, -0.1884289, -4.310409,
];
pub const HF_MALE: [f64; 17] = [
    0.8972642, -0.6811466, 0.3634461, 0.923776, 0.5023736, -0.0485841, 0.3726929, 0.6926917, 0.0251827, 0.2980922,
    -0.0497731, -0.1289201, -0.3040924, -0.1401688, 0.0068126, -0.1797778, -3.946391,
];

// PREVENT itself publishes no categories; the result uses the ACC/AHA 10-year cut-offs of the
// PCE (< 5 low; 5–< 7.5 borderline; 7.5–< 20 intermediate; ≥ 20 high) on total CVD:
// `super::pce::category` and `super::pce::CATEGORIES`.

/// Inputs in the model's units (lipids in mg/dL).
#[derive(Debug, Clone, Copy)]
pub struct Inputs {
    pub sex: Sex,
    pub age: f64,
    pub tc_mg_dl: f64,
    pub hdl_mg_dl: f64,
    pub sbp: f64,
    pub diabetes: bool,
    pub smoker: bool,
    pub egfr: f64,
    pub treated: bool,
    pub statin: bool,
    pub bmi: f64,
}

/// The three 10-year risks in percent (unrounded): total CVD, ASCVD, heart failure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Risks {
    pub cvd: f64,
    pub ascvd: f64,
    pub heart_failure: f64,
}

fn logistic_percent(coef: &[f64], x: &[f64]) -> f64 {
    let sum: f64 = coef.iter().zip(x).map(|(c, v)| c * v).sum();
    100.0 / (1.0 + (-sum).exp())
}

fn b(v: bool) -> f64 {
    if v {
        1.0
    } else {
        0.0
    }
}

pub fn risks(x: &Inputs) -> Risks {
    let age = (x.age - 55.0) / 10.0;
    let non_hdl = (x.tc_mg_dl - x.hdl_mg_dl) * MMOL_PER_MG_DL - 3.5;
    let hdl = (x.hdl_mg_dl * MMOL_PER_MG_DL - 1.3) / 0.3;
    let sbp_lt = (x.sbp.min(110.0) - 110.0) / 20.0;
    let sbp_ge = (x.sbp.max(110.0) - 130.0) / 20.0;
    let egfr_lt = (x.egfr.min(60.0) - 60.0) / -15.0;
    let egfr_ge = (x.egfr.max(60.0) - 90.0) / -15.0;
    let bmi_lt = (x.bmi.min(30.0) - 25.0) / 5.0;
    let bmi_ge = (x.bmi.max(30.0) - 30.0) / 5.0;
    let (dm, smk, trt, stat) = (b(x.diabetes), b(x.smoker), b(x.treated), b(x.statin));
    let cvd_x = [
        age,
        non_hdl,
        hdl,
        sbp_lt,
        sbp_ge,
        dm,
        smk,
        egfr_lt,
        egfr_ge,
        trt,
        stat,
        sbp_ge * trt,
        non_hdl * stat,
        age * non_hdl,
        age * hdl,
        age * sbp_ge,
        age * dm,
        age * smk,
        age * egfr_lt,
        1.0,
    ];
    let hf_x = [
        age,
        sbp_lt,
        sbp_ge,
        dm,
        smk,
        bmi_lt,
        bmi_ge,
        egfr_lt,
        egfr_ge,
        trt,
        sbp_ge * trt,
        age * sbp_ge,
        age * dm,
        age * smk,
        age * bmi_ge,
        age * egfr_lt,
        1.0,
    ];
    let (cvd, ascvd, hf) = match x.sex {
        Sex::Female => (&CVD_FEMALE, &ASCVD_FEMALE, &HF_FEMALE),
        Sex::Male => (&CVD_MALE, &ASCVD_MALE, &HF_MALE),
    };
    Risks {
        cvd: logistic_percent(cvd, &cvd_x),
        ascvd: logistic_percent(ascvd, &cvd_x),
        heart_failure: logistic_percent(hf, &hf_x),
    }
}

fn category(value: f64) -> &'static str {
    super::pce::category(value)
}

pub static INFO: ModelInfo = ModelInfo {
    id: "prevent",
    name: Msg::new("AHA PREVENT 10 年心血管病风险", "AHA PREVENT 10-year cardiovascular risk"),
    unit: ValueUnit::Percent,
    citation: "Khan SS, Matsushita K, Sang Y, et al. Development and validation of the American Heart Association's PREVENT equations. Circulation 2024;149(6):430–449.",
    edition: "PREVENT base model, 10-year (2024); cholesterol mg/dL = mmol/L ÷ 0.02586; categories: ACC/AHA 5 / 7.5 / 20% cut-offs on total CVD",
    ages: AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGES.0), max: Some(AGES.1), required: true },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: Some(TC_MG_DL.0 * MMOL_PER_MG_DL), max: Some(TC_MG_DL.1 * MMOL_PER_MG_DL), required: true },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: Some(HDL_MG_DL.0 * MMOL_PER_MG_DL), max: Some(HDL_MG_DL.1 * MMOL_PER_MG_DL), required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: Some(SBP.0), max: Some(SBP.1), required: true },
        InputInfo { field: "egfr", unit: "mL/min/1.73m²", min: Some(EGFR.0), max: Some(EGFR.1), required: true },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: true },
        InputInfo { field: "bmi", unit: "kg/m2", min: Some(BMI.0), max: Some(BMI.1), required: true },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "onStatin", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
    ],
    categories: super::pce::CATEGORIES,
};

const SUMMARY: Msg = Msg::new(
    "按美国心脏协会 PREVENT 方程估算，你未来 10 年发生心血管病（包括心梗、卒中和心力衰竭）的风险约为 {}%，属于{}。",
    "By the American Heart Association PREVENT equations, your estimated chance of cardiovascular disease (heart attack, stroke or heart failure) in the next 10 years is about {}% ({}).",
);

pub fn assess(s: &Subject) -> Result<Outcome> {
    if common::has_ascvd(s) || common::has_heart_failure(s) {
        return Ok(Outcome::NotApplicable(common::KNOWN_CVD.text()));
    }
    let p = s.profile;
    // Order of checks (as in the Chinese models): age, then present values against the accepted
    // ranges, then absent measurements.
    let mut inputs = kit::Inputs::default();
    if let Some(a) = inputs.need("profile.age", s.age) {
        check_range(kit::age_field(s), a, AGES.0, AGES.1, "years")?;
    }
    if let Some(v) = p.total_cholesterol {
        common::check_mg_dl_range("profile.totalCholesterol", v, TC_MG_DL.0, TC_MG_DL.1, MMOL_PER_MG_DL)?;
    }
    if let Some(v) = p.hdl_cholesterol {
        common::check_mg_dl_range("profile.hdlCholesterol", v, HDL_MG_DL.0, HDL_MG_DL.1, MMOL_PER_MG_DL)?;
    }
    if let Some(v) = p.sbp {
        check_range("profile.sbp", v, SBP.0, SBP.1, "mmHg")?;
    }
    if let Some(v) = p.egfr {
        check_range("profile.egfr", v, EGFR.0, EGFR.1, "mL/min/1.73m²")?;
    }
    if let Some(v) = p.bmi() {
        // BMI is derived from heightCm and weightKg (rounded to one decimal); the error names
        // `profile.bmi` so that the message can say which value is outside the range.
        common::check_range_eps("profile.bmi", v, BMI.0, BMI.1, "kg/m² (heightCm, weightKg)")?;
    }
    let tc = inputs.need("profile.totalCholesterol", p.total_cholesterol);
    let hdl = inputs.need("profile.hdlCholesterol", p.hdl_cholesterol);
    let sbp = inputs.need("profile.sbp", p.sbp);
    let egfr = inputs.need("profile.egfr", p.egfr);
    inputs.need("profile.heightCm", p.height_cm);
    inputs.need("profile.weightKg", p.weight_kg);
    let treated = inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
    let statin = inputs.yes("profile.onStatin", p.on_statin);
    let smoker = inputs.yes("profile.smoker", p.smoker);
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    let (Some(age), Some(tc), Some(hdl), Some(sbp), Some(egfr), Some(bmi)) = (s.age, tc, hdl, sbp, egfr, p.bmi()) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let (tc_mg, hdl_mg) = (tc / MMOL_PER_MG_DL, hdl / MMOL_PER_MG_DL);

    let x = Inputs { sex: p.sex, age, tc_mg_dl: tc_mg, hdl_mg_dl: hdl_mg, sbp, diabetes, smoker, egfr, treated, statin, bmi };
    let r = risks(&x);
    let value = kit::round(r.cvd, 2);
    let cat = category(value);

    let mut factors = super::cv::factors(s, age, tc, hdl, sbp, treated, smoker, diabetes);
    factors.push(kit::factor(s, "egfr", &super::cv::EGFR, Some(json!(egfr)), None, false));
    factors.push(kit::factor(s, "bmi", &super::cv::BMI, Some(json!(bmi)), None, true));
    if statin {
        factors.push(kit::factor(s, "onStatin", &super::cv::STATIN, Some(json!(true)), None, false));
    }
    let label = common::inline_label(&INFO, cat);
    let summary = Text {
        zh: SUMMARY.fill(&[&num(value, 1), &label.zh]).zh,
        en: SUMMARY.fill(&[&num(value, 1), &label.en]).en,
    };
    let score = |y: &Inputs| kit::round(risks(y).cvd, 2);
    let (what_if, combined) = super::cv::what_ifs(s, x, value, MMOL_PER_MG_DL, &score, &category);
    Ok(kit::scored(
        &INFO,
        s,
        &inputs,
        Parts {
            value,
            category: cat,
            summary,
            factors,
            what_if,
            combined,
            details: Some(json!({
                "ascvd": kit::round(r.ascvd, 2),
                "heartFailure": kit::round(r.heart_failure, 2),
                "bmi": bmi,
                "totalCholesterolMgDl": kit::round(tc_mg, 1),
                "hdlCholesterolMgDl": kit::round(hdl_mg, 1),
                "mmolPerMgDl": MMOL_PER_MG_DL,
                "categoryCutoffs": [5.0, 7.5, 20.0],
            })),
            warnings: inputs
                .warnings(s)
                .into_iter()
                .chain([kit::warning(s, "DERIVATION_POPULATION", &common::DERIVATION_POPULATION.text())])
                .collect(),
        },
    ))
}

super::cv::changeable!(Inputs);

