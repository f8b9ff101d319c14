//! Framingham 2008 general cardiovascular risk, lipid version (risk-models.md §8).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::{check_range, Result};
use crate::i18n::{num, Msg, Text};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// D'Agostino RB Sr, Vasan RS, Pencina MJ, et al. General cardiovascular risk profile for use in
// primary care: the Framingham Heart Study. Circulation 2008;117(6):743–753. Lipid model:
// risk = 1 − S0^exp(Σ − mean); ln = natural log; TC and HDL-C in mg/dL. Ages 30–74.

/// mmol/L per mg/dL of cholesterol for this model (risk-models.md names no factor for
/// Framingham; the library uses the PCE/PREVENT factor so that the three US models read the same
/// mmol/L input identically).
pub const MMOL_PER_MG_DL: f64 = 0.02586;
/// Accepted ages (inclusive). risk-models.md states no other ranges for this model: other inputs
/// are only checked for plausibility by the profile validation.
pub const AGES: (f64, f64) = (30.0, 74.0);
/// Category cut-offs (%): < 10 low; 10–< 20 intermediate; ≥ 20 high.
const BANDS: &[(f64, &str)] = &[(20.0, "high"), (10.0, "intermediate"), (0.0, "low")];

#[derive(Debug, Clone, Copy)]
pub struct Coefficients {
    pub ln_age: f64,
    pub ln_tc: f64,
    pub ln_hdl: f64,
    pub ln_untreated_sbp: f64,
    pub ln_treated_sbp: f64,
    pub smoker: f64,
    pub diabetes: f64,
    pub mean: f64,
    pub s0: f64,
}

pub const MEN: Coefficients = Coefficients {
    ln_age: 3.06117,
    ln_tc: 1.12370,
    ln_hdl: -0.93263,
    ln_untreated_sbp: 1.93303,
    ln_treated_sbp: 1.99881,
    smoker: 0.65451,
    diabetes: 0.57367,
    mean: 23.9802,
    s0: 0.88936,
};
pub const WOMEN: Coefficients = Coefficients {
    ln_age: 2.32888,
    ln_tc: 1.20904,
    ln_hdl: -0.70833,
    ln_untreated_sbp: 2.76157,
    ln_treated_sbp: 2.82263,
    smoker: 0.52873,
    diabetes: 0.69154,
    mean: 26.1931,
    s0: 0.95012,
};

#[derive(Debug, Clone, Copy)]
pub struct Inputs {
    pub sex: Sex,
    pub age: f64,
    pub tc_mg_dl: f64,
    pub hdl_mg_dl: f64,
    pub sbp: f64,
    pub treated: bool,
    pub smoker: bool,
    pub diabetes: bool,
}

/// 10-year risk in percent (unrounded).
pub fn risk(x: &Inputs) -> f64 {
    let c = match x.sex {
        Sex::Male => &MEN,
        Sex::Female => &WOMEN,
    };
    let sbp = if x.treated { c.ln_treated_sbp } else { c.ln_untreated_sbp } * x.sbp.ln();
    let sum = c.ln_age * x.age.ln()
        + c.ln_tc * x.tc_mg_dl.ln()
        + c.ln_hdl * x.hdl_mg_dl.ln()
        + sbp
        + if x.smoker { c.smoker } else { 0.0 }
        + if x.diabetes { c.diabetes } else { 0.0 };
    (1.0 - c.s0.powf((sum - c.mean).exp())) * 100.0
}

fn category(value: f64) -> &'static str {
    BANDS.iter().find(|(lo, _)| value >= *lo).map_or("low", |(_, c)| c)
}

pub static INFO: ModelInfo = ModelInfo {
    id: "framingham",
    name: Msg::new("Framingham 10 年总体心血管病风险（2008）", "Framingham 10-year general cardiovascular risk (2008)"),
    unit: ValueUnit::Percent,
    citation: "D'Agostino RB Sr, Vasan RS, Pencina MJ, et al. General cardiovascular risk profile for use in primary care: the Framingham Heart Study. Circulation 2008;117(6):743–753.",
    edition: "2008 general CVD, lipid model; cholesterol mg/dL = mmol/L ÷ 0.02586; categories < 10 / 10–< 20 / ≥ 20%",
    ages: AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGES.0), max: Some(AGES.1), required: true },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: None, max: None, required: true },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: None, max: None, required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: None, max: None, required: true },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
    ],
    categories: &[
        ("low", Msg::new("低危", "Low risk")),
        ("intermediate", Msg::new("中危", "Intermediate risk")),
        ("high", Msg::new("高危", "High risk")),
    ],
};

const SUMMARY: Msg = Msg::new(
    "按美国 Framingham 心脏研究的方程估算，你未来 10 年发生心血管病（心梗、卒中、心力衰竭等）的风险约为 {}%，属于{}。",
    "By the US Framingham Heart Study equations, your estimated chance of cardiovascular disease (heart attack, stroke, heart failure and others) in the next 10 years is about {}% ({}).",
);

pub fn assess(s: &Subject) -> Result<Outcome> {
    if common::has_ascvd(s) || common::has_heart_failure(s) {
        return Ok(Outcome::NotApplicable(common::KNOWN_CVD.text()));
    }
    let p = s.profile;
    let mut inputs = kit::Inputs::default();
    if let Some(a) = inputs.need("profile.age", s.age) {
        check_range(kit::age_field(s), a, AGES.0, AGES.1, "years")?;
    }
    let tc = inputs.need("profile.totalCholesterol", p.total_cholesterol);
    let hdl = inputs.need("profile.hdlCholesterol", p.hdl_cholesterol);
    let sbp = inputs.need("profile.sbp", p.sbp);
    let treated = inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
    let smoker = inputs.yes("profile.smoker", p.smoker);
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    let (Some(age), Some(tc), Some(hdl), Some(sbp)) = (s.age, tc, hdl, sbp) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let x = Inputs {
        sex: p.sex,
        age,
        tc_mg_dl: tc / MMOL_PER_MG_DL,
        hdl_mg_dl: hdl / MMOL_PER_MG_DL,
        sbp,
        treated,
        smoker,
        diabetes,
    };
    let value = kit::round(risk(&x), 2);
    let cat = category(value);
    let label = common::inline_label(&INFO, cat);
    let summary = Text {
        zh: SUMMARY.fill(&[&num(value, 1), &label.zh]).zh,
        en: SUMMARY.fill(&[&num(value, 1), &label.en]).en,
    };
    let score = |y: &Inputs| kit::round(risk(y), 2);
    let (what_if, combined) = super::cv::what_ifs(s, x, value, MMOL_PER_MG_DL, &score, &category);
    Ok(kit::scored(
        &INFO,
        s,
        &inputs,
        Parts {
            value,
            category: cat,
            summary,
            factors: super::cv::factors(s, age, tc, hdl, sbp, treated, smoker, diabetes),
            what_if,
            combined,
            details: Some(json!({
                "totalCholesterolMgDl": kit::round(x.tc_mg_dl, 1),
                "hdlCholesterolMgDl": kit::round(x.hdl_mg_dl, 1),
                "mmolPerMgDl": MMOL_PER_MG_DL,
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

