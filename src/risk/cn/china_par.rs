//! China-PAR 10-year and lifetime ASCVD risk (docs/risk-models.md §1).
//!
//! `risk10 = 1 − S10 ^ exp(IndSum − MeanSum)`, sex-specific, TC and HDL-C in mg/dL
//! (`mg/dL = mmol/L / 0.0259`). The value is the risk in percent rounded to one decimal (half
//! away from zero) as the official calculator shows it, and the category is read off that
//! rounded value (4.95 → 5.0 → medium).
//!
//! Inputs: `age`, `sbp`, `totalCholesterol`, `hdlCholesterol`, `waistCm`, `region` are required
//! for everyone, `residence` for men only (the women's equation has no urban term). `smoker`,
//! `diabetes`, `onAntihypertensives` and, for men, `familyHistory.ascvd` count as "no" when
//! absent, with an `ASSUMED_NO` warning (see [`super`]). Residents with a prior stroke, MI or
//! coronary heart disease are not scored: they are very high risk by definition.
//!
//! Lifetime risk (to age 85) is given for ages 20–59 in `details.lifetime`, with the ideal
//! lifetime risk, as the official calculator shows them: the form and coefficients of Liu F et
//! al. 2018, and a baseline by age that is not published: it is derived from the official
//! calculator's outputs by `scripts/china-par-lifetime.mjs` and validated on recordings the
//! derivation did not use ([`super::china_par_lifetime`], docs/risk-models.md §1).

use serde_json::json;

use crate::risk::kit::{age, factor, family, history, in_range, jnum, scored, warning, Inputs, Parts};
use crate::error::Result;
use crate::i18n::{num, Msg, Text};
use crate::risk::kit::WhatIfs;
use super::china_par_lifetime as baseline;
use crate::risk::{round_half_away, CombinedWhatIf, InputInfo, WhatIf, ModelInfo, Outcome, Region, Residence, Sex, Subject, ValueUnit};

// ---------------------------------------------------------------------------------------------
// Published constants

/// Coefficients of one sex's equation.
#[derive(Debug, Clone, Copy)]
pub struct Coefficients {
    pub ln_age: f64,
    pub ln_sbp_treated: f64,
    pub ln_sbp_untreated: f64,
    pub ln_tc: f64,
    pub ln_hdl: f64,
    pub ln_waist: f64,
    pub smoker: f64,
    pub diabetes: f64,
    pub north: f64,
    pub urban: f64,
    pub family_history: f64,
    pub ln_age_ln_sbp_treated: f64,
    pub ln_age_ln_sbp_untreated: f64,
    pub ln_age_smoker: f64,
    pub ln_age_family_history: f64,
    pub mean_sum: f64,
    pub s10: f64,
}

/// Men: the three-decimal coefficients of 江苏省预防医学会团体标准 T/JPMA 024—2024
/// 《社区人群心血管病风险筛查技术规范》, Appendix C, which reproduce the official calculator; the
/// equation, MeanSum and S10 are those of Yang X et al., Circulation 2016;134:1430–1440 (Data
/// Supplement Table 1).
pub const MEN: Coefficients = Coefficients {
    ln_age: 31.967,
    ln_sbp_treated: 27.388,
    ln_sbp_untreated: 26.148,
    ln_tc: 0.621,
    ln_hdl: -0.695,
    ln_waist: -0.712,
    smoker: 3.955,
    diabetes: 0.357,
    north: 0.475,
    urban: -0.164,
    family_history: 6.221,
    ln_age_ln_sbp_treated: -6.018,
    ln_age_ln_sbp_untreated: -5.731,
    ln_age_smoker: -0.939,
    ln_age_family_history: -1.534,
    mean_sum: 140.68,
    s10: 0.9707,
};

/// Women: T/JPMA 024—2024, Appendix D. No urban and no family-history term.
/// - MeanSum is printed to two decimals (117.26); 117.258 lies inside its rounding interval
///   [117.255, 117.265) and is the value used (a choice inside the printed precision, no other
///   constant is chosen): with it the rounded 10-year and ideal risks of all 212 recorded women
///   equal the official calculator's (docs/risk-models.md §1).
/// - S10 0.9851: the paper prints 0.99, which does not reproduce its own women's example; 0.9851
///   is solved from that example (IndSum 119.22 → 10.1%) and is the standard's value.
pub const WOMEN: Coefficients = Coefficients {
    ln_age: 24.874,
    ln_sbp_treated: 20.709,
    ln_sbp_untreated: 19.982,
    ln_tc: 0.058,
    ln_hdl: -0.217,
    ln_waist: 1.475,
    smoker: 0.495,
    diabetes: 0.567,
    north: 0.544,
    urban: 0.0,
    family_history: 0.0,
    ln_age_ln_sbp_treated: -4.528,
    ln_age_ln_sbp_untreated: -4.360,
    ln_age_smoker: 0.0,
    ln_age_family_history: 0.0,
    mean_sum: 117.258,
    s10: 0.9851,
};

/// China-PAR's own lipid conversion: mg/dL = mmol/L / 0.0259 (the paper's Data Supplement).
pub const MMOL_PER_MG_DL: f64 = 0.0259;

/// Accepted ranges: those of the official calculator (www.cvdrisk.com.cn, China-PAR project).
pub const AGE_RANGE: (f64, f64) = (20.0, 85.0);
pub const SBP_RANGE: (f64, f64) = (70.0, 200.0);
pub const TC_RANGE: (f64, f64) = (2.0, 11.0);
pub const HDL_RANGE: (f64, f64) = (0.5, 4.0);
pub const WAIST_RANGE: (f64, f64) = (50.0, 130.0);
/// Ages of the derivation cohorts; outside them the result is extrapolated.
pub const DERIVATION_AGES: (f64, f64) = (35.0, 74.0);

/// Categories of the 2019 Chinese guideline (中国心血管病风险评估和管理指南), on the rounded
/// value: `< 5.0` low, `5.0–9.9` medium, `≥ 10.0` high.
pub const MEDIUM_FROM: f64 = 5.0;
pub const HIGH_FROM: f64 = 10.0;

/// The official calculator's "ideal" state: TC 200 mg/dL, HDL-C 40 mg/dL,
/// SBP 120 untreated, waist 90 cm (men) / 85 cm (women), no diabetes, non-smoker, no family
/// history; same age, sex, region and residence.
pub const IDEAL_TC_MG_DL: f64 = 200.0;
pub const IDEAL_HDL_MG_DL: f64 = 40.0;
pub const IDEAL_SBP: f64 = 120.0;
pub const IDEAL_WAIST_MEN: f64 = 90.0;
pub const IDEAL_WAIST_WOMEN: f64 = 85.0;

/// Lifetime risk (to age 85): Liu F, Li J, Chen J, et al. Predicting lifetime risk for developing
/// atherosclerotic cardiovascular disease in Chinese population: the China-PAR project. Sci Bull
/// 2018;63(12):779–787. doi:10.1016/j.scib.2018.05.020. `lifetime = 1 − exp(−exp(Σβx + g(age)))`
/// over the terms of the 10-year equation without age (age is the time scale: no age term, no
/// interactions) and without MeanSum or S10: the baseline by age `g(age)` of
/// [`super::china_par_lifetime`] takes their place (`mean_sum` 0 and `s10` 1 are unused).
pub const LIFETIME_MEN: Coefficients = Coefficients {
    ln_sbp_treated: 3.21,
    ln_sbp_untreated: 3.14,
    ln_tc: 0.61,
    ln_hdl: -0.65,
    ln_waist: -0.38,
    smoker: 0.19,
    diabetes: 0.25,
    north: 0.53,
    urban: -0.16,
    family_history: 0.22,
    ..NO_AGE_TERMS
};

/// Women's lifetime coefficients (Liu F et al. 2018): no urban and no family-history term.
pub const LIFETIME_WOMEN: Coefficients = Coefficients {
    ln_sbp_treated: 2.58,
    ln_sbp_untreated: 2.53,
    ln_tc: 0.07,
    ln_hdl: -0.20,
    ln_waist: 1.58,
    smoker: 0.49,
    diabetes: 0.51,
    north: 0.57,
    ..NO_AGE_TERMS
};

/// The terms the lifetime equation does not have, zero.
const NO_AGE_TERMS: Coefficients = Coefficients {
    ln_age: 0.0,
    ln_sbp_treated: 0.0,
    ln_sbp_untreated: 0.0,
    ln_tc: 0.0,
    ln_hdl: 0.0,
    ln_waist: 0.0,
    smoker: 0.0,
    diabetes: 0.0,
    north: 0.0,
    urban: 0.0,
    family_history: 0.0,
    ln_age_ln_sbp_treated: 0.0,
    ln_age_ln_sbp_untreated: 0.0,
    ln_age_smoker: 0.0,
    ln_age_family_history: 0.0,
    mean_sum: 0.0,
    s10: 1.0,
};

/// High lifetime risk (终生高危): a shown lifetime risk ≥ 32.8% (2019 Chinese guideline).
pub const LIFETIME_HIGH_FROM: f64 = 32.8;

/// What-if targets: SBP 120 with the same treatment status; TC 5.2 mmol/L (the
/// guideline's "suitable" level); HDL-C 1.04 mmol/L; waist 90 / 85 cm.
pub const TARGET_SBP: f64 = 120.0;
pub const TARGET_TC: f64 = 5.2;
pub const TARGET_HDL: f64 = 1.04;
pub const TARGET_WAIST_MEN: f64 = 90.0;
pub const TARGET_WAIST_WOMEN: f64 = 85.0;

pub static INFO: ModelInfo = ModelInfo {
    id: "china-par",
    name: Msg::new("China-PAR 10年心血管病风险", "China-PAR 10-year cardiovascular risk"),
    unit: ValueUnit::Percent,
    citation: "Yang X, Li J, Hu D, et al. Predicting the 10-Year Risks of Atherosclerotic Cardiovascular Disease in Chinese Population: The China-PAR Project. Circulation 2016;134(19):1430–1440. doi:10.1161/CIRCULATIONAHA.116.022367. Coefficients: T/JPMA 024—2024 社区人群心血管病风险筛查技术规范, Appendices C–D. Categories: 中国心血管病风险评估和管理指南. 中国循环杂志 2019;34(1):4–28. Lifetime risk: Liu F, Li J, Chen J, et al. Predicting lifetime risk for developing atherosclerotic cardiovascular disease in Chinese population: the China-PAR project. Sci Bull 2018;63(12):779–787. doi:10.1016/j.scib.2018.05.020.",
    edition: "China-PAR 2016 with the three-decimal coefficients of T/JPMA 024—2024 (Appendices C, D; women's MeanSum 117.258 within the printed 117.26, S10 0.9851); categories per the 2019 Chinese guideline. Lifetime risk (ages 20–59): the form and coefficients of Liu F et al. 2018 with a baseline by age derived from the official calculator's outputs — it reproduces the official calculator (www.cvdrisk.com.cn), it is not a published table",
    ages: AGE_RANGE,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGE_RANGE.0), max: Some(AGE_RANGE.1), required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: Some(SBP_RANGE.0), max: Some(SBP_RANGE.1), required: true },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: Some(TC_RANGE.0), max: Some(TC_RANGE.1), required: true },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: Some(HDL_RANGE.0), max: Some(HDL_RANGE.1), required: true },
        InputInfo { field: "waistCm", unit: "cm", min: Some(WAIST_RANGE.0), max: Some(WAIST_RANGE.1), required: true },
        InputInfo { field: "region", unit: "", min: None, max: None, required: true },
        InputInfo { field: "residence", unit: "", min: None, max: None, required: true },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "familyHistory.ascvd", unit: "", min: None, max: None, required: false },
    ],
    categories: &[
        ("low", Msg::new("低危", "Low risk")),
        ("medium", Msg::new("中危", "Medium risk")),
        ("high", Msg::new("高危", "High risk")),
    ],
    checklists: &[],
};

// ---------------------------------------------------------------------------------------------
// The equation

/// One resident's inputs in the model's own units (lipids in mg/dL).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChinaParInputs {
    pub male: bool,
    pub age: f64,
    pub sbp: f64,
    pub treated: bool,
    pub tc_mg_dl: f64,
    pub hdl_mg_dl: f64,
    pub waist_cm: f64,
    pub smoker: bool,
    pub diabetes: bool,
    pub north: bool,
    pub urban: bool,
    pub family_history: bool,
}

fn b(x: bool) -> f64 {
    if x {
        1.0
    } else {
        0.0
    }
}

/// The terms of the equation: natural logarithms of the measurements (lipids in mg/dL) and the
/// 0/1 answers. The women's equation has no urban and no family-history term (their
/// coefficients are 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terms {
    pub ln_age: f64,
    pub ln_sbp: f64,
    pub ln_tc: f64,
    pub ln_hdl: f64,
    pub ln_waist: f64,
    pub smoker: f64,
    pub diabetes: f64,
    pub north: f64,
    pub urban: f64,
    pub family_history: f64,
}

/// The equation: the unrounded 10-year risk in percent, `100 · (1 − S10^exp(IndSum − MeanSum))`
/// with `S10^x` evaluated as `exp(x · ln S10)`; `ln_s10` is `c.s10.ln()`, passed in so that a
/// caller scoring many rows computes it once ([`crate::risk::batch`]). Every China-PAR 10-year
/// value of the library comes from here.
#[inline(always)]
pub fn risk_of_terms(c: &Coefficients, ln_s10: f64, treated: bool, t: &Terms) -> f64 {
    100.0 * (1.0 - ((ind_sum(c, treated, t) - c.mean_sum).exp() * ln_s10).exp())
}

/// IndSum: the sum of the coefficients times the terms.
#[inline(always)]
fn ind_sum(c: &Coefficients, treated: bool, t: &Terms) -> f64 {
    // The treatment status selects BOTH the SBP coefficient and the matching interaction.
    let sbp_terms = if treated {
        c.ln_sbp_treated * t.ln_sbp + c.ln_age_ln_sbp_treated * t.ln_age * t.ln_sbp
    } else {
        c.ln_sbp_untreated * t.ln_sbp + c.ln_age_ln_sbp_untreated * t.ln_age * t.ln_sbp
    };
    c.ln_age * t.ln_age
        + sbp_terms
        + c.ln_tc * t.ln_tc
        + c.ln_hdl * t.ln_hdl
        + c.ln_waist * t.ln_waist
        + c.smoker * t.smoker
        + c.diabetes * t.diabetes
        + c.north * t.north
        + c.urban * t.urban
        + c.family_history * t.family_history
        + c.ln_age_smoker * t.ln_age * t.smoker
        + c.ln_age_family_history * t.ln_age * t.family_history
}

/// The coefficients of a sex.
pub fn coefficients(male: bool) -> &'static Coefficients {
    if male {
        &MEN
    } else {
        &WOMEN
    }
}

/// The terms of a resident's inputs.
fn terms(x: &ChinaParInputs) -> Terms {
    Terms {
        ln_age: x.age.ln(),
        ln_sbp: x.sbp.ln(),
        ln_tc: x.tc_mg_dl.ln(),
        ln_hdl: x.hdl_mg_dl.ln(),
        ln_waist: x.waist_cm.ln(),
        smoker: b(x.smoker),
        diabetes: b(x.diabetes),
        north: b(x.north),
        urban: b(x.urban),
        family_history: b(x.family_history),
    }
}

/// The unrounded 10-year risk in percent. Inputs must be positive (the caller checks ranges).
pub fn ten_year_risk(x: &ChinaParInputs) -> f64 {
    let c = coefficients(x.male);
    risk_of_terms(c, c.s10.ln(), x.treated, &terms(x))
}

/// The risk as shown: percent rounded to one decimal, half away from zero.
pub fn shown_risk(x: &ChinaParInputs) -> f64 {
    round_half_away(ten_year_risk(x), 1)
}

/// The category of a shown (rounded) risk.
pub fn category(shown: f64) -> &'static str {
    if shown >= HIGH_FROM {
        "high"
    } else if shown >= MEDIUM_FROM {
        "medium"
    } else {
        "low"
    }
}

/// The official calculator's ideal-state inputs for this resident.
pub fn ideal_inputs(x: &ChinaParInputs) -> ChinaParInputs {
    ChinaParInputs {
        sbp: IDEAL_SBP,
        treated: false,
        tc_mg_dl: IDEAL_TC_MG_DL,
        hdl_mg_dl: IDEAL_HDL_MG_DL,
        waist_cm: if x.male { IDEAL_WAIST_MEN } else { IDEAL_WAIST_WOMEN },
        smoker: false,
        diabetes: false,
        family_history: false,
        ..*x
    }
}

/// The unrounded lifetime risk (to age 85) in percent, for ages 20–59 (whole years completed:
/// the baseline is by whole age, as the official calculator takes it); `None` from 60, where the
/// official calculator shows none.
pub fn lifetime_risk(x: &ChinaParInputs) -> Option<f64> {
    let years = x.age.floor();
    if !(baseline::FIRST_AGE..=baseline::LAST_AGE).contains(&years) {
        return None;
    }
    let (c, table) = if x.male { (&LIFETIME_MEN, &baseline::MEN) } else { (&LIFETIME_WOMEN, &baseline::WOMEN) };
    let g = table[(years - baseline::FIRST_AGE) as usize];
    Some(100.0 * (1.0 - (-(ind_sum(c, x.treated, &terms(x)) + g).exp()).exp()))
}

/// The lifetime risk as shown: percent rounded to one decimal, half away from zero.
pub fn shown_lifetime_risk(x: &ChinaParInputs) -> Option<f64> {
    lifetime_risk(x).map(|v| round_half_away(v, 1))
}

/// The lifetime category of a shown lifetime risk: `high` from 32.8%, else `not-high`.
pub fn lifetime_category(shown: f64) -> &'static str {
    if shown >= LIFETIME_HIGH_FROM {
        "high"
    } else {
        "not-high"
    }
}

// ---------------------------------------------------------------------------------------------
// Messages

const PRIOR_ASCVD: Msg = Msg::new(
    "您曾患脑卒中、心肌梗死或冠心病，已属于心血管病极高危人群，不再用 China-PAR 评估；请按医生制定的二级预防方案坚持治疗和复查。",
    "You have had a stroke, heart attack or coronary heart disease, so you are already at very high risk (极高危) by definition and China-PAR does not apply; please keep following your doctor's secondary-prevention plan.",
);

const SUMMARY_LOW: Msg = Msg::new(
    "您未来10年发生心梗、脑卒中等心脑血管病的风险约为 {}%，属于低危，请继续保持健康的生活习惯。",
    "Your chance of having a heart attack or stroke in the next 10 years is about {}%, which is low; keep up your healthy habits.",
);
const SUMMARY_MEDIUM: Msg = Msg::new(
    "您未来10年发生心梗、脑卒中等心脑血管病的风险约为 {}%，属于中危，建议改善生活习惯，并定期复查血压和血脂。",
    "Your chance of having a heart attack or stroke in the next 10 years is about {}%, which is medium; healthier habits and regular blood pressure and cholesterol checks will help.",
);
const SUMMARY_HIGH: Msg = Msg::new(
    "您未来10年发生心梗、脑卒中等心脑血管病的风险约为 {}%，属于高危，请尽快找社区医生商量如何降低风险。",
    "Your chance of having a heart attack or stroke in the next 10 years is about {}%, which is high; please see your community doctor soon to talk about lowering it.",
);

const LIFETIME_HIGH: Msg = Msg::new(
    "按目前的情况，您一生中（到85岁）发生心脑血管病的风险约为 {}%，属于终生高危；越早改善血压、血脂、腰围和吸烟等情况，获益越大。",
    "At your current levels, your chance of a heart attack or stroke over your lifetime (to age 85) is about {}%, which is high; the sooner blood pressure, cholesterol, waist and smoking improve, the more you gain.",
);

const EXTRAPOLATED: Msg = Msg::new(
    "China-PAR 模型来自 35–74 岁人群，{} 岁时的结果是外推估计，仅供参考。",
    "China-PAR was developed in people aged 35–74; at age {} the result is an extrapolation, so treat it as a rough guide.",
);

const F_AGE: Msg = Msg::new("年龄", "Age");
const F_SBP: Msg = Msg::new("收缩压（高压）", "Systolic (upper) blood pressure");
const F_TC: Msg = Msg::new("总胆固醇", "Total cholesterol");
const F_HDL: Msg = Msg::new("高密度脂蛋白胆固醇（“好胆固醇”）", "HDL (\"good\") cholesterol");
const F_WAIST: Msg = Msg::new("腰围", "Waist");
const F_SMOKER: Msg = Msg::new("吸烟", "Smoking");
const F_DIABETES: Msg = Msg::new("糖尿病", "Diabetes");
const F_NORTH: Msg = Msg::new("居住在北方", "Living in northern China");
const F_FAMILY: Msg = Msg::new("父母或兄弟姐妹患过心梗或脑卒中", "A parent or sibling had a heart attack or stroke");
const F_TREATED: Msg = Msg::new("正在服降压药", "Taking blood-pressure medicine");

const W_QUIT: Msg = Msg::new("戒烟", "Quit smoking");
const W_SBP: Msg = Msg::new("收缩压（高压）降到 {} mmHg", "Systolic (upper) blood pressure down to {} mmHg");
const W_TC: Msg = Msg::new("总胆固醇降到 {} mmol/L", "Total cholesterol down to {} mmol/L");
const W_HDL: Msg = Msg::new("“好胆固醇”（HDL-C）升到 {} mmol/L", "\"Good\" cholesterol (HDL-C) up to {} mmol/L");
const W_WAIST: Msg = Msg::new("腰围减到 {} 厘米", "Waist down to {} cm");

// ---------------------------------------------------------------------------------------------
// The model

pub fn assess(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    if history(s, |h| h.stroke) || history(s, |h| h.myocardial_infarction) || history(s, |h| h.coronary_heart_disease) {
        return Ok(Outcome::NotApplicable(PRIOR_ASCVD.text()));
    }
    let male = p.sex == Sex::Male;
    let mut inputs = Inputs::default();
    let age = age(s, &INFO, &mut inputs)?;
    in_range("profile.sbp", p.sbp, SBP_RANGE.0, SBP_RANGE.1, "mmHg")?;
    in_range("profile.totalCholesterol", p.total_cholesterol, TC_RANGE.0, TC_RANGE.1, "mmol/L")?;
    in_range("profile.hdlCholesterol", p.hdl_cholesterol, HDL_RANGE.0, HDL_RANGE.1, "mmol/L")?;
    in_range("profile.waistCm", p.waist_cm, WAIST_RANGE.0, WAIST_RANGE.1, "cm")?;
    let sbp = inputs.need("profile.sbp", p.sbp);
    let tc = inputs.need("profile.totalCholesterol", p.total_cholesterol);
    let hdl = inputs.need("profile.hdlCholesterol", p.hdl_cholesterol);
    let waist = inputs.need("profile.waistCm", p.waist_cm);
    let region = inputs.need("profile.region", p.region);
    // The women's equation has no urban term: residence is needed for men only.
    let residence = if male { inputs.need("profile.residence", p.residence) } else { p.residence };
    let (Some(age), Some(sbp), Some(tc), Some(hdl), Some(waist), Some(region)) = (age, sbp, tc, hdl, waist, region)
    else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    if male && residence.is_none() {
        return Ok(Outcome::Missing(inputs.missing));
    }
    let smoker = inputs.yes("profile.smoker", p.smoker);
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    let treated = inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
    let family_history = if male { inputs.yes("profile.familyHistory.ascvd", family(s, |f| f.ascvd)) } else { false };

    let x = ChinaParInputs {
        male,
        age,
        sbp,
        treated,
        tc_mg_dl: tc / MMOL_PER_MG_DL,
        hdl_mg_dl: hdl / MMOL_PER_MG_DL,
        waist_cm: waist,
        smoker,
        diabetes,
        north: region == Region::North,
        urban: male && residence == Some(Residence::Urban),
        family_history,
    };
    let value = shown_risk(&x);
    let cat = category(value);
    let ideal = shown_risk(&ideal_inputs(&x));
    let lifetime = shown_lifetime_risk(&x);
    let ideal_lifetime = shown_lifetime_risk(&ideal_inputs(&x));
    let extrapolated = age < DERIVATION_AGES.0 || age > DERIVATION_AGES.1;

    let summary = match cat {
        "high" => SUMMARY_HIGH,
        "medium" => SUMMARY_MEDIUM,
        _ => SUMMARY_LOW,
    }
    .fill(&[&format!("{value:.1}")]);
    let summary = match lifetime {
        Some(l) if l >= LIFETIME_HIGH_FROM => {
            let more = LIFETIME_HIGH.fill(&[&format!("{l:.1}")]);
            Text { zh: summary.zh + &more.zh, en: summary.en + " " + &more.en }
        }
        _ => summary,
    };

    let mut factors = vec![
        factor(s, "age", &F_AGE, Some(jnum(age)), None, false),
        factor(s, "sbp", &F_SBP, Some(jnum(sbp)), None, true),
        factor(s, "totalCholesterol", &F_TC, Some(jnum(tc)), None, true),
        factor(s, "hdlCholesterol", &F_HDL, Some(jnum(hdl)), None, true),
        factor(s, "waistCm", &F_WAIST, Some(jnum(waist)), None, true),
    ];
    if smoker {
        factors.push(factor(s, "smoker", &F_SMOKER, Some(json!(true)), None, true));
    }
    if diabetes {
        factors.push(factor(s, "diabetes", &F_DIABETES, Some(json!(true)), None, false));
    }
    if x.north {
        factors.push(factor(s, "region", &F_NORTH, Some(json!("north")), None, false));
    }
    if family_history {
        factors.push(factor(s, "familyHistory.ascvd", &F_FAMILY, Some(json!(true)), None, false));
    }
    if treated {
        factors.push(factor(s, "onAntihypertensives", &F_TREATED, Some(json!(true)), None, false));
    }

    let (what_if, combined) = what_ifs(s, &x, tc, hdl, value);

    let mut warnings = inputs.warnings(s);
    if extrapolated {
        warnings.push(warning(s, "EXTRAPOLATED", &EXTRAPOLATED.fill(&[&num(age, 1)])));
    }
    let mut details = json!({
        "ideal": ideal,
        "idealCategory": category(ideal),
        "extrapolated": extrapolated,
    });
    if let (Some(l), Some(il)) = (lifetime, ideal_lifetime) {
        details["lifetime"] = json!(l);
        details["lifetimeCategory"] = json!(lifetime_category(l));
        details["idealLifetime"] = json!(il);
    }
    Ok(scored(&INFO, s, &inputs, Parts { value, category: cat, summary, factors, what_if, combined, details: Some(details), warnings }))
}

/// One what-if per modifiable factor off target, kept only when it lowers the shown risk (a
/// smaller waist raises men's risk in the published model, and quitting smoking raises it for
/// men past about 67 because of the age interaction: such changes are not offered). The
/// treatment status is never changed.
fn what_ifs(s: &Subject, x: &ChinaParInputs, tc_mmol: f64, hdl_mmol: f64, value: f64) -> (Vec<WhatIf>, Option<CombinedWhatIf>) {
    let locale = s.locale;
    let score = shown_risk;
    let mut w = WhatIfs::new(*x, value, &score, &category);
    if x.smoker {
        w.consider("smoker", W_QUIT.get(locale), |y| y.smoker = false);
    }
    if x.sbp > TARGET_SBP {
        let label = W_SBP.fill(&[&num(TARGET_SBP, 0)]).get(locale).to_string();
        w.consider("sbp", label, |y| y.sbp = TARGET_SBP);
    }
    if tc_mmol > TARGET_TC {
        let label = W_TC.fill(&[&num(TARGET_TC, 1)]).get(locale).to_string();
        w.consider("totalCholesterol", label, |y| y.tc_mg_dl = TARGET_TC / MMOL_PER_MG_DL);
    }
    if hdl_mmol < TARGET_HDL {
        let label = W_HDL.fill(&[&num(TARGET_HDL, 2)]).get(locale).to_string();
        w.consider("hdlCholesterol", label, |y| y.hdl_mg_dl = TARGET_HDL / MMOL_PER_MG_DL);
    }
    let target_waist = if x.male { TARGET_WAIST_MEN } else { TARGET_WAIST_WOMEN };
    if x.waist_cm > target_waist {
        let label = W_WAIST.fill(&[&num(target_waist, 0)]).get(locale).to_string();
        w.consider("waistCm", label, move |y| y.waist_cm = target_waist);
    }
    w.finish()
}
