//! 2013 ACC/AHA Pooled Cohort Equations, 10-year hard ASCVD risk (docs/risk-models.md §8).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::{check_range, Result};
use crate::i18n::{num, Msg, Text};
use crate::risk::{InputInfo, ModelInfo, Outcome, Race, Sex, Subject, ValueUnit};

// Goff DC Jr, Lloyd-Jones DM, Bennett G, et al. 2013 ACC/AHA guideline on the assessment of
// cardiovascular risk. Circulation 2014;129(25 Suppl 2):S49–S73. Coefficients, means and S10 as
// in docs/risk-models.md §8 (the means and S10 at the precision of the ACC/AHA calculator).
// risk = 1 − S10^exp(IndSum − Mean); ln = natural log; TC and HDL-C in mg/dL.
// People who are neither white nor African-American use the white equations.

/// mmol/L per mg/dL of cholesterol for this model (mg/dL = mmol/L ÷ 0.02586).
pub const MMOL_PER_MG_DL: f64 = 0.02586;
/// Accepted ranges (inclusive): age 40–79 years; TC 130–320 mg/dL; HDL-C 20–100 mg/dL;
/// SBP 90–200 mmHg.
pub const AGES: (f64, f64) = (40.0, 79.0);
pub const TC_MG_DL: (f64, f64) = (130.0, 320.0);
pub const HDL_MG_DL: (f64, f64) = (20.0, 100.0);
pub const SBP: (f64, f64) = (90.0, 200.0);
/// Category cut-offs (%): < 5 low; 5–< 7.5 borderline; 7.5–< 20 intermediate; ≥ 20 high.
const BANDS: &[(f64, &str)] = &[(20.0, "high"), (7.5, "intermediate"), (5.0, "borderline"), (0.0, "low")];

/// LDL-C at or above which the equations are outside their use: the 2013 ACC/AHA guideline
/// treats LDL-C ≥ 190 mg/dL as a statin-benefit group of its own, without a risk estimate; the
/// Chinese guidelines write the same threshold as 4.9 mmol/L, the value used here.
pub const LDL_OUTSIDE_USE_FROM: f64 = 4.9;
const LDL_190: Msg = Msg::new(
    "低密度脂蛋白胆固醇达到 4.9 mmol/L（190 mg/dL）或以上时，指南建议直接考虑降脂治疗，不用风险方程来决定；这个估计超出了方程的适用范围，仅供参考，请找医生。",
    "With LDL cholesterol at 4.9 mmol/L (190 mg/dL) or more, the guideline advises cholesterol-lowering treatment without using a risk equation to decide; this estimate is outside the equations' use and only a guide — please see your doctor.",
);

/// One sex-race column of the coefficient table.
#[derive(Debug, Clone, Copy)]
pub struct Coefficients {
    pub ln_age: f64,
    pub ln_age_sq: f64,
    pub ln_tc: f64,
    pub ln_age_ln_tc: f64,
    pub ln_hdl: f64,
    pub ln_age_ln_hdl: f64,
    pub ln_treated_sbp: f64,
    pub ln_age_ln_treated_sbp: f64,
    pub ln_untreated_sbp: f64,
    pub ln_age_ln_untreated_sbp: f64,
    pub smoker: f64,
    pub ln_age_smoker: f64,
    pub diabetes: f64,
    pub mean: f64,
    pub s10: f64,
}

pub const WHITE_WOMEN: Coefficients = Coefficients {
    ln_age: -29.799,
    ln_age_sq: 4.884,
    ln_tc: 13.540,
    ln_age_ln_tc: -3.114,
    ln_hdl: -13.578,
    ln_age_ln_hdl: 3.149,
    ln_treated_sbp: 2.019,
    ln_age_ln_treated_sbp: 0.0,
    ln_untreated_sbp: 1.957,
    ln_age_ln_untreated_sbp: 0.0,
    smoker: 7.574,
    ln_age_smoker: -1.665,
    diabetes: 0.661,
    mean: -29.1817,
    s10: 0.96652,
};
pub const BLACK_WOMEN: Coefficients = Coefficients {
    ln_age: 17.114,
    ln_age_sq: 0.0,
    ln_tc: 0.940,
    ln_age_ln_tc: 0.0,
    ln_hdl: -18.920,
    ln_age_ln_hdl: 4.475,
    ln_treated_sbp: 29.291,
    ln_age_ln_treated_sbp: -6.432,
    ln_untreated_sbp: 27.820,
    ln_age_ln_untreated_sbp: -6.087,
    smoker: 0.691,
    ln_age_smoker: 0.0,
    diabetes: 0.874,
    mean: 86.6081,
    s10: 0.95334,
};
pub const WHITE_MEN: Coefficients = Coefficients {
    ln_age: 12.344,
    ln_age_sq: 0.0,
    ln_tc: 11.853,
    ln_age_ln_tc: -2.664,
    ln_hdl: -7.990,
    ln_age_ln_hdl: 1.769,
    ln_treated_sbp: 1.797,
    ln_age_ln_treated_sbp: 0.0,
    ln_untreated_sbp: 1.764,
    ln_age_ln_untreated_sbp: 0.0,
    smoker: 7.837,
    ln_age_smoker: -1.795,
    diabetes: 0.658,
    mean: 61.1816,
    s10: 0.91436,
};
pub const BLACK_MEN: Coefficients = Coefficients {
    ln_age: 2.469,
    ln_age_sq: 0.0,
    ln_tc: 0.302,
    ln_age_ln_tc: 0.0,
    ln_hdl: -0.307,
    ln_age_ln_hdl: 0.0,
    ln_treated_sbp: 1.916,
    ln_age_ln_treated_sbp: 0.0,
    ln_untreated_sbp: 1.809,
    ln_age_ln_untreated_sbp: 0.0,
    smoker: 0.549,
    ln_age_smoker: 0.0,
    diabetes: 0.645,
    mean: 19.5425,
    s10: 0.89536,
};

/// PceInputs of the equations, in the model's units (mg/dL).
#[derive(Debug, Clone, Copy)]
pub struct PceInputs {
    pub age: f64,
    pub tc_mg_dl: f64,
    pub hdl_mg_dl: f64,
    pub sbp: f64,
    pub treated: bool,
    pub smoker: bool,
    pub diabetes: bool,
}

/// 10-year risk in percent (unrounded).
pub fn risk(c: &Coefficients, x: &PceInputs) -> f64 {
    let la = x.age.ln();
    let lt = x.tc_mg_dl.ln();
    let lh = x.hdl_mg_dl.ln();
    let ls = x.sbp.ln();
    let smoker = if x.smoker { 1.0 } else { 0.0 };
    let diabetes = if x.diabetes { 1.0 } else { 0.0 };
    let sbp_terms = if x.treated {
        c.ln_treated_sbp * ls + c.ln_age_ln_treated_sbp * la * ls
    } else {
        c.ln_untreated_sbp * ls + c.ln_age_ln_untreated_sbp * la * ls
    };
    let sum = c.ln_age * la
        + c.ln_age_sq * la * la
        + c.ln_tc * lt
        + c.ln_age_ln_tc * la * lt
        + c.ln_hdl * lh
        + c.ln_age_ln_hdl * la * lh
        + sbp_terms
        + c.smoker * smoker
        + c.ln_age_smoker * la * smoker
        + c.diabetes * diabetes;
    (1.0 - c.s10.powf((sum - c.mean).exp())) * 100.0
}

/// Which equations a resident gets: African-American for `black`, white for everyone else.
pub fn coefficients(sex: Sex, race: Option<Race>) -> (&'static Coefficients, &'static str) {
    match (sex, race) {
        (Sex::Female, Some(Race::Black)) => (&BLACK_WOMEN, "african-american"),
        (Sex::Male, Some(Race::Black)) => (&BLACK_MEN, "african-american"),
        (Sex::Female, _) => (&WHITE_WOMEN, "white"),
        (Sex::Male, _) => (&WHITE_MEN, "white"),
    }
}

/// The ACC/AHA 10-year category of a risk in percent (also used by PREVENT).
pub fn category(value: f64) -> &'static str {
    BANDS.iter().find(|(lo, _)| value >= *lo).map_or("low", |(_, c)| c)
}

/// The categories of [`BANDS`] with their labels (also used by PREVENT).
pub const CATEGORIES: &[(&str, Msg)] = &[
    ("low", Msg::new("低危", "Low risk")),
    ("borderline", Msg::new("临界风险", "Borderline risk")),
    ("intermediate", Msg::new("中危", "Intermediate risk")),
    ("high", Msg::new("高危", "High risk")),
];

pub static INFO: ModelInfo = ModelInfo {
    id: "pce",
    name: Msg::new("汇集队列方程（PCE）10 年动脉粥样硬化性心血管病风险", "Pooled Cohort Equations 10-year ASCVD risk"),
    unit: ValueUnit::Percent,
    citation: "Goff DC Jr, Lloyd-Jones DM, Bennett G, et al. 2013 ACC/AHA guideline on the assessment of cardiovascular risk. Circulation 2014;129(25 Suppl 2):S49–S73.",
    edition: "2013 Pooled Cohort Equations (means and baseline survival at ACC/AHA calculator precision); cholesterol mg/dL = mmol/L ÷ 0.02586",
    ages: AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGES.0), max: Some(AGES.1), required: true },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: Some(TC_MG_DL.0 * MMOL_PER_MG_DL), max: Some(TC_MG_DL.1 * MMOL_PER_MG_DL), required: true },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: Some(HDL_MG_DL.0 * MMOL_PER_MG_DL), max: Some(HDL_MG_DL.1 * MMOL_PER_MG_DL), required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: Some(SBP.0), max: Some(SBP.1), required: true },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
        InputInfo { field: "race", unit: "", min: None, max: None, required: false },
        InputInfo { field: "ldlCholesterol", unit: "mmol/L", min: None, max: None, required: false },
    ],
    categories: CATEGORIES,
    checklists: &[],
};

const SUMMARY: Msg = Msg::new(
    "按美国汇集队列方程估算，你未来 10 年发生心梗、卒中等动脉粥样硬化性心血管病的风险约为 {}%，属于{}。",
    "By the US Pooled Cohort Equations, your estimated chance of a heart attack or stroke in the next 10 years is about {}% ({}).",
);
const EQUATIONS_WHITE: Msg = Msg::new(
    "使用了白人的方程（种族：白人）。",
    "The equations for white adults were used (race: white).",
);
const EQUATIONS_BLACK: Msg = Msg::new(
    "使用了非裔美国人的方程（种族：黑人）。",
    "The equations for African-American adults were used (race: black).",
);
const EQUATIONS_OTHER: Msg = Msg::new(
    "PCE 只有白人和非裔美国人两套方程；对其他种族或未填写种族的人，按 ACC/AHA 计算器的做法使用白人的方程。",
    "The PCE have equations only for white and African-American adults; as in the ACC/AHA calculator, the white equations were used for other or unstated race.",
);

pub fn assess(s: &Subject) -> Result<Outcome> {
    if common::has_ascvd(s) {
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
    let tc = inputs.need("profile.totalCholesterol", p.total_cholesterol);
    let hdl = inputs.need("profile.hdlCholesterol", p.hdl_cholesterol);
    let sbp = inputs.need("profile.sbp", p.sbp);
    let treated = inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
    let smoker = inputs.yes("profile.smoker", p.smoker);
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    let (Some(age), Some(tc), Some(hdl), Some(sbp)) = (s.age, tc, hdl, sbp) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let (tc_mg, hdl_mg) = (tc / MMOL_PER_MG_DL, hdl / MMOL_PER_MG_DL);

    let (coef, equations) = coefficients(p.sex, p.race);
    let x = PceInputs { age, tc_mg_dl: tc_mg, hdl_mg_dl: hdl_mg, sbp, treated, smoker, diabetes };
    let value = kit::round(risk(coef, &x), 2);
    let cat = category(value);

    let score = |y: &PceInputs| kit::round(risk(coef, y), 2);
    let (what_if, combined) = super::cv::what_ifs(s, x, value, MMOL_PER_MG_DL, &score, &category);
    let factors = super::cv::factors(s, age, tc, hdl, sbp, treated, smoker, diabetes);
    let eq_msg = match (equations, p.race) {
        ("african-american", _) => EQUATIONS_BLACK,
        (_, Some(Race::White)) => EQUATIONS_WHITE,
        _ => EQUATIONS_OTHER,
    };
    let mut warnings: Vec<_> = inputs.warnings(s).into_iter().collect();
    warnings.push(kit::warning(s, "RACE_EQUATIONS", &eq_msg.text()));
    warnings.push(kit::warning(s, "DERIVATION_POPULATION", &common::DERIVATION_POPULATION.text()));
    let ldl_190 = p.ldl_cholesterol.is_some_and(|v| v >= LDL_OUTSIDE_USE_FROM);
    if ldl_190 {
        warnings.insert(0, kit::warning(s, "LDL_190_OR_MORE", &LDL_190.text()));
    }
    let label = common::inline_label(&INFO, cat);
    let summary = Text {
        zh: SUMMARY.fill(&[&num(value, 1), &label.zh]).zh,
        en: SUMMARY.fill(&[&num(value, 1), &label.en]).en,
    };
    let race = p.race.map(|r| match r {
        Race::White => "white",
        Race::Black => "black",
        Race::Other => "other",
    });
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
                "equations": equations,
                "race": race,
                "totalCholesterolMgDl": kit::round(tc_mg, 1),
                "hdlCholesterolMgDl": kit::round(hdl_mg, 1),
                "mmolPerMgDl": MMOL_PER_MG_DL,
                "outsideIntendedUse": ldl_190,
            })),
            warnings,
        },
    ))
}

super::cv::changeable!(PceInputs);

