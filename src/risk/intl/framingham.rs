//! Framingham 2008 general cardiovascular risk: the laboratory (lipid) model, and the paper's
//! office-based model (BMI instead of lipids) for residents without a lipid result
//! (docs/risk-models.md §8).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::Result;
use crate::i18n::{num, Msg, Text};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// D'Agostino RB Sr, Vasan RS, Pencina MJ, et al. General cardiovascular risk profile for use in
// primary care: the Framingham Heart Study. Circulation 2008;117(6):743–753. Both models:
// risk = 1 − S0^exp(Σ − mean); ln = natural log; TC and HDL-C in mg/dL, BMI in kg/m². Ages 30–74.

/// mmol/L per mg/dL of cholesterol for this model (the paper works in mg/dL and names no factor;
/// the library uses the PCE/PREVENT factor so that the three US models read the same mmol/L input
/// identically).
pub const MMOL_PER_MG_DL: f64 = 0.02586;
/// Accepted ages (inclusive), those of the paper.
pub const AGES: (f64, f64) = (30.0, 74.0);
/// Accepted ranges of the other inputs. The paper states none; the library applies those the
/// 2013 ACC/AHA guideline set for the Pooled Cohort Equations, whose pooled data include the
/// Framingham cohorts (TC 130–320 mg/dL, HDL-C 20–100 mg/dL, SBP 90–200 mmHg), and, for the
/// office model, BMI 15–50 kg/m² (a plausibility limit of the library).
pub const TC_MG_DL: (f64, f64) = super::pce::TC_MG_DL;
pub const HDL_MG_DL: (f64, f64) = super::pce::HDL_MG_DL;
pub const SBP: (f64, f64) = super::pce::SBP;
pub const BMI: (f64, f64) = (15.0, 50.0);
/// Category cut-offs (%): < 10 low; 10–< 20 intermediate; ≥ 20 high.
const BANDS: &[(f64, &str)] = &[(20.0, "high"), (10.0, "intermediate"), (0.0, "low")];

#[derive(Debug, Clone, Copy)]
pub struct Coefficients {
    pub ln_age: f64,
    /// ln TC (laboratory model) or ln BMI (office model).
    pub ln_tc_or_bmi: f64,
    /// ln HDL-C (laboratory model; 0 in the office model).
    pub ln_hdl: f64,
    pub ln_untreated_sbp: f64,
    pub ln_treated_sbp: f64,
    pub smoker: f64,
    pub diabetes: f64,
    pub mean: f64,
    pub s0: f64,
}

/// Laboratory model, men (the paper's Table 2).
pub const MEN: Coefficients = Coefficients {
    ln_age: 3.06117,
    ln_tc_or_bmi: 1.12370,
    ln_hdl: -0.93263,
    ln_untreated_sbp: 1.93303,
    ln_treated_sbp: 1.99881,
    smoker: 0.65451,
    diabetes: 0.57367,
    mean: 23.9802,
    s0: 0.88936,
};
/// Laboratory model, women.
pub const WOMEN: Coefficients = Coefficients {
    ln_age: 2.32888,
    ln_tc_or_bmi: 1.20904,
    ln_hdl: -0.70833,
    ln_untreated_sbp: 2.76157,
    ln_treated_sbp: 2.82263,
    smoker: 0.52873,
    diabetes: 0.69154,
    mean: 26.1931,
    s0: 0.95012,
};
/// Office-based model (BMI, no lipids), men (the paper's Table 3).
pub const OFFICE_MEN: Coefficients = Coefficients {
    ln_age: 3.11296,
    ln_tc_or_bmi: 0.79277,
    ln_hdl: 0.0,
    ln_untreated_sbp: 1.85508,
    ln_treated_sbp: 1.92672,
    smoker: 0.70953,
    diabetes: 0.53160,
    mean: 23.9388,
    s0: 0.88431,
};
/// Office-based model, women.
pub const OFFICE_WOMEN: Coefficients = Coefficients {
    ln_age: 2.72107,
    ln_tc_or_bmi: 0.51125,
    ln_hdl: 0.0,
    ln_untreated_sbp: 2.81291,
    ln_treated_sbp: 2.88267,
    smoker: 0.61868,
    diabetes: 0.77763,
    mean: 26.0145,
    s0: 0.94833,
};

/// What the equation reads besides age, SBP and the yes/no answers.
#[derive(Debug, Clone, Copy)]
pub enum Measures {
    /// Total and HDL cholesterol, mg/dL.
    Lipids { tc_mg_dl: f64, hdl_mg_dl: f64 },
    /// BMI, kg/m².
    Bmi(f64),
}

#[derive(Debug, Clone, Copy)]
pub struct FraminghamInputs {
    pub sex: Sex,
    pub age: f64,
    pub measures: Measures,
    pub sbp: f64,
    pub treated: bool,
    pub smoker: bool,
    pub diabetes: bool,
}

/// 10-year risk in percent (unrounded), by the laboratory or the office model.
pub fn risk(x: &FraminghamInputs) -> f64 {
    let (c, first, ln_hdl) = match (x.sex, x.measures) {
        (Sex::Male, Measures::Lipids { tc_mg_dl, hdl_mg_dl }) => (&MEN, tc_mg_dl, hdl_mg_dl.ln()),
        (Sex::Female, Measures::Lipids { tc_mg_dl, hdl_mg_dl }) => (&WOMEN, tc_mg_dl, hdl_mg_dl.ln()),
        (Sex::Male, Measures::Bmi(bmi)) => (&OFFICE_MEN, bmi, 0.0),
        (Sex::Female, Measures::Bmi(bmi)) => (&OFFICE_WOMEN, bmi, 0.0),
    };
    let sbp = if x.treated { c.ln_treated_sbp } else { c.ln_untreated_sbp } * x.sbp.ln();
    let sum = c.ln_age * x.age.ln()
        + c.ln_tc_or_bmi * first.ln()
        + c.ln_hdl * ln_hdl
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
    edition: "2008 general CVD: laboratory model, or the office-based (BMI) model without lipids; cholesterol mg/dL = mmol/L ÷ 0.02586; ranges of the ACC/AHA Pooled Cohort Equations; categories < 10 / 10–< 20 / ≥ 20%",
    ages: AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGES.0), max: Some(AGES.1), required: true },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: Some(TC_MG_DL.0 * MMOL_PER_MG_DL), max: Some(TC_MG_DL.1 * MMOL_PER_MG_DL), required: false },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: Some(HDL_MG_DL.0 * MMOL_PER_MG_DL), max: Some(HDL_MG_DL.1 * MMOL_PER_MG_DL), required: false },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: false },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: false },
        InputInfo { field: "bmi", unit: "kg/m2", min: Some(BMI.0), max: Some(BMI.1), required: false },
        InputInfo { field: "sbp", unit: "mmHg", min: Some(SBP.0), max: Some(SBP.1), required: true },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
    ],
    categories: &[
        ("low", Msg::new("低危", "Low risk")),
        ("intermediate", Msg::new("中危", "Intermediate risk")),
        ("high", Msg::new("高危", "High risk")),
    ],
    checklists: &[],
};

const SUMMARY: Msg = Msg::new(
    "按美国 Framingham 心脏研究的方程估算，你未来 10 年发生心血管病（心梗、卒中、心力衰竭等）的风险约为 {}%，属于{}。",
    "By the US Framingham Heart Study equations, your estimated chance of cardiovascular disease (heart attack, stroke, heart failure and others) in the next 10 years is about {}% ({}).",
);
const OFFICE_MODEL: Msg = Msg::new(
    "没有血脂结果，用的是不需要化验的版本（以体重指数代替血脂）；查一次血脂可以让结果更准确。",
    "Without a lipid result, the office version of the equations was used (BMI instead of cholesterol); a lipid test will make the result more accurate.",
);

pub fn assess(s: &Subject) -> Result<Outcome> {
    if common::has_ascvd(s) || common::has_heart_failure(s) {
        return Ok(Outcome::NotApplicable(common::KNOWN_CVD.text()));
    }
    let p = s.profile;
    let mut inputs = kit::Inputs::default();
    kit::age(s, &INFO, &mut inputs)?;
    if let Some(v) = p.total_cholesterol {
        common::check_mg_dl_range("profile.totalCholesterol", v, TC_MG_DL.0, TC_MG_DL.1, MMOL_PER_MG_DL)?;
    }
    if let Some(v) = p.hdl_cholesterol {
        common::check_mg_dl_range("profile.hdlCholesterol", v, HDL_MG_DL.0, HDL_MG_DL.1, MMOL_PER_MG_DL)?;
    }
    kit::in_range("profile.sbp", p.sbp, SBP.0, SBP.1, "mmHg")?;
    // The laboratory model when both lipids are given, else the office model when BMI is.
    let lipids = p.total_cholesterol.zip(p.hdl_cholesterol);
    let bmi = if lipids.is_none() { p.bmi() } else { None };
    if let Some(v) = bmi {
        common::check_range_eps("profile.bmi", v, BMI.0, BMI.1, "kg/m²")?;
    }
    if lipids.is_none() && bmi.is_none() {
        inputs.need("profile.totalCholesterol", p.total_cholesterol);
        inputs.need("profile.hdlCholesterol", p.hdl_cholesterol);
    }
    let sbp = inputs.need("profile.sbp", p.sbp);
    let treated = inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
    let smoker = inputs.yes("profile.smoker", p.smoker);
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    let (Some(age), Some(sbp)) = (s.age, sbp) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let measures = match (lipids, bmi) {
        (Some((tc, hdl)), _) => Measures::Lipids { tc_mg_dl: tc / MMOL_PER_MG_DL, hdl_mg_dl: hdl / MMOL_PER_MG_DL },
        (None, Some(b)) => Measures::Bmi(b),
        (None, None) => return Ok(Outcome::Missing(inputs.missing)),
    };
    let x = FraminghamInputs { sex: p.sex, age, measures, sbp, treated, smoker, diabetes };
    let value = kit::round(risk(&x), 2);
    let cat = category(value);
    let label = common::inline_label(&INFO, cat);
    let summary = Text {
        zh: SUMMARY.fill(&[&num(value, 1), &label.zh]).zh,
        en: SUMMARY.fill(&[&num(value, 1), &label.en]).en,
    };
    let score = |y: &FraminghamInputs| kit::round(risk(y), 2);
    let (what_if, combined) = super::cv::what_ifs(s, x, value, MMOL_PER_MG_DL, &score, &category);
    let mut warnings = inputs.warnings(s);
    let (factors, details) = match measures {
        Measures::Lipids { tc_mg_dl, hdl_mg_dl } => {
            let (tc, hdl) = lipids.unwrap_or_default();
            (
                super::cv::factors(s, age, tc, hdl, sbp, treated, smoker, diabetes),
                json!({
                    "equation": "laboratory",
                    "totalCholesterolMgDl": kit::round(tc_mg_dl, 1),
                    "hdlCholesterolMgDl": kit::round(hdl_mg_dl, 1),
                    "mmolPerMgDl": MMOL_PER_MG_DL,
                }),
            )
        }
        Measures::Bmi(b) => {
            warnings.push(kit::warning(s, "OFFICE_MODEL", &OFFICE_MODEL.text()));
            let mut f = super::cv::factors_without_lipids(s, age, sbp, treated, smoker, diabetes);
            f.insert(1, kit::factor(s, "bmi", &super::cv::BMI, Some(json!(b)), None, true));
            (f, json!({ "equation": "office", "bmi": b }))
        }
    };
    warnings.push(kit::warning(s, "DERIVATION_POPULATION", &common::DERIVATION_POPULATION.text()));
    Ok(kit::scored(
        &INFO,
        s,
        &inputs,
        Parts { value, category: cat, summary, factors, what_if, combined, details: Some(details), warnings },
    ))
}

impl super::cv::Changeable for FraminghamInputs {
    fn smoker(&mut self) -> &mut bool {
        &mut self.smoker
    }
    fn sbp(&mut self) -> &mut f64 {
        &mut self.sbp
    }
    fn tc_mg_dl(&mut self) -> Option<&mut f64> {
        match &mut self.measures {
            Measures::Lipids { tc_mg_dl, .. } => Some(tc_mg_dl),
            Measures::Bmi(_) => None,
        }
    }
}
