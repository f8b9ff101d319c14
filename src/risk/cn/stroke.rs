//! Stroke high-risk screening, 脑卒中高危人群筛查 (docs/risk-models.md §4), for residents aged ≥ 40.
//!
//! Eight factors, one point each; the value is the count (0–8). High: ≥ 3 factors, or a prior
//! stroke or TIA; medium: < 3 but hypertension, diabetes or atrial fibrillation / valvular
//! disease; low otherwise.
//!
//! Required: age; BP (sbp, dbp) unless item 1 is already known (`hypertension: true` or
//! `onAntihypertensives: true` is "yes", `hypertension: false` without BP is "no"); height and
//! weight unless item 7 is answered (`overweight`). A measurement, when present, decides its
//! item. Lipids: a diagnosis or the "raised/low" levels
//! count; no lipid value and no `dyslipidemia` answer counts as "lipids unknown" (a factor, with
//! a `LIPIDS_UNKNOWN` warning); `dyslipidemia: false` with no values is a known "no". Little
//! activity: heavy labour, or ≥ 3 sessions a week of ≥ 30 minutes, is active; a known value
//! below either is inactive; otherwise it counts as "no" with `ASSUMED_NO` (like the other
//! yes/no answers).

use serde_json::json;

use crate::risk::kit::{age, factor, family, history, jnum, scored, warning, Inputs, Parts, WhatIfs};
use crate::error::Result;
use crate::i18n::Msg;
use crate::risk::{InputInfo, ModelInfo, Outcome, Subject, ValueUnit};

// ---------------------------------------------------------------------------------------------
// Published rules: 国家卫生健康委脑卒中防治工程委员会, 脑卒中风险评估 (residents aged ≥ 40);
// lipid levels from 中国成人血脂异常防治指南（2016年修订版）.

/// Hypertension: ≥ 140/90 mmHg (or treated / diagnosed).
pub const SBP_FROM: f64 = 140.0;
pub const DBP_FROM: f64 = 90.0;
/// Dyslipidaemia: TC ≥ 6.2, LDL-C ≥ 4.1, TG ≥ 2.3, HDL-C < 1.0 mmol/L.
pub const TC_FROM: f64 = 6.2;
pub const LDL_FROM: f64 = 4.1;
pub const TG_FROM: f64 = 2.3;
pub const HDL_BELOW: f64 = 1.0;
/// Activity standard: ≥ 3 times a week, ≥ 30 minutes each (heavy labour counts as activity).
pub const SESSIONS_FROM: f64 = 3.0;
pub const MINUTES_FROM: f64 = 30.0;
/// Clearly overweight or obese: BMI ≥ 26 (rounded to one decimal).
pub const BMI_FROM: f64 = 26.0;
/// High risk from this many factors.
pub const HIGH_FROM: usize = 3;
/// Minimum age.
pub const MIN_AGE: f64 = 40.0;

pub static INFO: ModelInfo = ModelInfo {
    id: "stroke-screen",
    name: Msg::new("脑卒中高危人群筛查", "Stroke risk screening"),
    unit: ValueUnit::Count,
    citation: "国家卫生健康委员会脑卒中防治工程委员会. 脑卒中高危人群筛查和干预项目：脑卒中风险评估（8项危险因素）. Lipid levels: 中国成人血脂异常防治指南（2016年修订版）. 中国循环杂志 2016;31(10):937–953.",
    edition: "8-factor community screening rule (≥ 3 factors or prior stroke/TIA = high)",
    ages: (MIN_AGE, 130.0),
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(MIN_AGE), max: None, required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: None, max: None, required: false },
        InputInfo { field: "dbp", unit: "mmHg", min: None, max: None, required: false },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: false },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: false },
        InputInfo { field: "overweight", unit: "", min: None, max: None, required: false },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "hypertension", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
        InputInfo { field: "dyslipidemia", unit: "", min: None, max: None, required: false },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "ldlCholesterol", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "triglycerides", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "activity", unit: "", min: None, max: None, required: false },
        InputInfo { field: "familyHistory.stroke", unit: "", min: None, max: None, required: false },
        InputInfo { field: "history.stroke", unit: "", min: None, max: None, required: false },
        InputInfo { field: "history.tia", unit: "", min: None, max: None, required: false },
        InputInfo { field: "history.atrialFibrillation", unit: "", min: None, max: None, required: false },
        InputInfo { field: "history.valvularHeartDisease", unit: "", min: None, max: None, required: false },
    ],
    categories: &[
        ("low", Msg::new("低危", "Low risk")),
        ("medium", Msg::new("中危", "Medium risk")),
        ("high", Msg::new("高危", "High risk")),
    ],
    checklists: &[],
};

const F_HYPERTENSION: Msg =
    Msg::new("高血压（≥140/90 mmHg）或在服降压药", "High blood pressure (≥ 140/90 mmHg) or on blood-pressure medicine");
const F_AF: Msg = Msg::new("房颤或心脏瓣膜病", "Atrial fibrillation or heart valve disease");
const F_SMOKER: Msg = Msg::new("吸烟", "Smoking");
const F_LIPIDS: Msg = Msg::new("血脂异常", "Abnormal blood lipids");
const F_LIPIDS_UNKNOWN: Msg = Msg::new("不知道血脂情况", "Blood lipids not known");
const F_DIABETES: Msg = Msg::new("糖尿病", "Diabetes");
const F_INACTIVE: Msg = Msg::new("缺乏运动", "Little physical activity");
const F_OVERWEIGHT: Msg = Msg::new("明显超重或肥胖（BMI≥26）", "Clearly overweight (BMI ≥ 26)");
const F_FAMILY: Msg = Msg::new("家人患过脑卒中", "Stroke in the family");
const F_PRIOR: Msg = Msg::new("曾患脑卒中或短暂性脑缺血发作", "Previous stroke or mini-stroke (TIA)");

const W_SMOKER: Msg = Msg::new("戒烟", "Quit smoking");
const W_LIPIDS: Msg = Msg::new("血脂恢复正常", "Blood lipids back to normal");
const W_ACTIVE: Msg =
    Msg::new("每周运动3次以上、每次30分钟以上", "Exercise at least 3 times a week, 30 minutes or more each time");
const W_BMI: Msg = Msg::new("体重指数（BMI）降到 26 以下", "BMI below 26");

const SUMMARY_PRIOR: Msg = Msg::new(
    "您曾患脑卒中或短暂性脑缺血发作，属于脑卒中高危人群，请按医生的方案坚持治疗和复查。",
    "You have had a stroke or mini-stroke (TIA), which puts you in the high-risk group; please keep following your doctor's treatment and check-up plan.",
);
const SUMMARY_HIGH: Msg = Msg::new(
    "您有 {} 项脑卒中危险因素，属于脑卒中高危人群，建议到医院做进一步检查（如颈动脉超声）。",
    "You have {} of the 8 stroke risk factors, which puts you in the high-risk group; please ask your doctor about further checks such as a neck artery ultrasound.",
);
const SUMMARY_MEDIUM: Msg = Msg::new(
    "您有 {} 项脑卒中危险因素，属于中危，请控制好血压、血糖等并定期随访。",
    "You have {} of the 8 stroke risk factors, which is medium risk; keep your blood pressure and blood sugar under control and see your doctor regularly.",
);
const SUMMARY_LOW: Msg = Msg::new(
    "您有 {} 项脑卒中危险因素，属于低危，请继续保持健康的生活方式。",
    "You have {} of the 8 stroke risk factors, which is low risk; keep up your healthy lifestyle.",
);
const LIPIDS_UNKNOWN: Msg = Msg::new(
    "没有血脂结果，按筛查规则计为 1 项危险因素；查一次血脂可以让结果更准确。",
    "No blood lipid result was given, so it counts as one risk factor under the screening rule; a lipid test will make the result more accurate.",
);

/// The category from the factor count and the conditions.
pub fn category(count: usize, prior_stroke_or_tia: bool, key_condition: bool) -> &'static str {
    if count >= HIGH_FROM || prior_stroke_or_tia {
        "high"
    } else if key_condition {
        "medium"
    } else {
        "low"
    }
}

pub fn assess(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let mut inputs = Inputs::default();
    let age = age(s, &INFO, &mut inputs)?;
    // Item 1 is known without BP from a diagnosis or treatment ("yes") or from
    // `hypertension: false` ("no"); item 7 from `overweight`. The measurements are needed only
    // when the answer is not known either way; a measured value decides when present.
    let known_hypertensive = p.hypertension == Some(true) || p.on_antihypertensives == Some(true);
    let bp = if known_hypertensive || p.hypertension == Some(false) && (p.sbp.is_none() || p.dbp.is_none()) {
        p.sbp.zip(p.dbp)
    } else {
        let sbp = inputs.need("profile.sbp", p.sbp);
        let dbp = inputs.need("profile.dbp", p.dbp);
        sbp.zip(dbp)
    };
    let bmi = match p.bmi() {
        Some(b) => Some(b),
        None if p.overweight.is_some() => None,
        None => {
            inputs.need("profile.heightCm", p.height_cm);
            inputs.need("profile.weightKg", p.weight_kg);
            None
        }
    };
    if age.is_none() || !inputs.missing.is_empty() {
        return Ok(Outcome::Missing(inputs.missing));
    }

    let Card { found, hypertension, diabetes, af, lipids_unknown, mut warnings } = card_factors(s, bp, bmi, &mut inputs);
    let prior = history(s, |h| h.stroke) || history(s, |h| h.tia);
    let key = hypertension || diabetes || af;
    let count = found.len();
    let cat = category(count, prior, key);

    let mut factors: Vec<crate::risk::Factor> =
        found.iter().map(|(id, l, v, m, _)| factor(s, id, l, Some(v.clone()), Some(1.0), *m)).collect();
    if prior {
        factors.push(factor(s, "history.stroke", &F_PRIOR, Some(json!(true)), None, false));
    }
    // What-ifs: each modifiable factor brought to normal. Their inputs are the factors found
    // (bit i = `found[i]`), their value the count.
    let score = |present: &u16| f64::from(present.count_ones());
    let category_of = |n: f64| category(n as usize, prior, key);
    let mut w = WhatIfs::new((1u16 << count) - 1, count as f64, &score, &category_of);
    for (i, (id, _, _, _, change)) in found.iter().enumerate() {
        if let Some(label) = change {
            w.consider(id, s.t(label), move |present| *present &= !(1 << i));
        }
    }
    let (what_ifs, combined) = w.finish();

    let n = count.to_string();
    let summary = if prior {
        SUMMARY_PRIOR.text()
    } else {
        match cat {
            "high" => SUMMARY_HIGH,
            "medium" => SUMMARY_MEDIUM,
            _ => SUMMARY_LOW,
        }
        .fill(&[&n])
    };
    let mut all_warnings = inputs.warnings(s);
    all_warnings.append(&mut warnings);
    let details = json!({ "priorStrokeOrTia": prior, "lipidsUnknown": lipids_unknown });
    Ok(scored(&INFO, s, &inputs, Parts {
            value: count as f64,
            category: cat,
            summary,
            factors,
            what_if: what_ifs,
            combined,
            details: Some(details),
            warnings: all_warnings,
        },
    ))
}

/// A factor of the card found: (id, label, value, modifiable, what-if).
type Found = (&'static str, Msg, serde_json::Value, bool, Option<Msg>);

/// The factors of the 8-factor card found in the profile, and the three key ones.
struct Card {
    found: Vec<Found>,
    hypertension: bool,
    diabetes: bool,
    af: bool,
    lipids_unknown: bool,
    warnings: Vec<crate::risk::Warning>,
}

/// Goes through the card's items: BP or hypertension, atrial fibrillation, smoking, lipids,
/// diabetes, activity, overweight, family history (yes/no answers assumed "no" are noted in
/// `inputs`).
fn card_factors(s: &Subject, bp: Option<(f64, f64)>, bmi: Option<f64>, inputs: &mut Inputs) -> Card {
    let p = s.profile;
    let mut found: Vec<(&str, Msg, serde_json::Value, bool, Option<Msg>)> = Vec::new();
    let mut warnings = Vec::new();

    let bp_high = bp.is_some_and(|(sbp, dbp)| sbp >= SBP_FROM || dbp >= DBP_FROM);
    let hypertension = bp_high
        || inputs.yes("profile.onAntihypertensives", p.on_antihypertensives)
        || inputs.yes("profile.hypertension", p.hypertension);
    if hypertension {
        found.push(("hypertension", F_HYPERTENSION, json!(true), false, None));
    }
    let af = history(s, |h| h.atrial_fibrillation) || history(s, |h| h.valvular_heart_disease);
    if af {
        found.push(("atrialFibrillation", F_AF, json!(true), false, None));
    }
    if inputs.yes("profile.smoker", p.smoker) {
        found.push(("smoker", F_SMOKER, json!(true), true, Some(W_SMOKER)));
    }
    let (tc, ldl, tg, hdl) = (p.total_cholesterol, p.ldl_cholesterol, p.triglycerides, p.hdl_cholesterol);
    let measured_abnormal = tc.is_some_and(|v| v >= TC_FROM)
        || ldl.is_some_and(|v| v >= LDL_FROM)
        || tg.is_some_and(|v| v >= TG_FROM)
        || hdl.is_some_and(|v| v < HDL_BELOW);
    let lipids_unknown = tc.is_none() && ldl.is_none() && tg.is_none() && hdl.is_none() && p.dyslipidemia.is_none();
    if p.dyslipidemia == Some(true) || measured_abnormal {
        // A diagnosis stays a factor even with good values: offer the what-if only when the
        // measured values alone make the factor.
        let w = if p.dyslipidemia == Some(true) { None } else { Some(W_LIPIDS) };
        found.push(("dyslipidemia", F_LIPIDS, json!(true), true, w));
    } else if lipids_unknown {
        found.push(("dyslipidemia", F_LIPIDS_UNKNOWN, json!("unknown"), true, None));
        warnings.push(warning(s, "LIPIDS_UNKNOWN", &LIPIDS_UNKNOWN.text()));
    }
    let diabetes = inputs.yes("profile.diabetes", p.diabetes);
    if diabetes {
        found.push(("diabetes", F_DIABETES, json!(true), false, None));
    }
    if inactive(s, inputs) {
        found.push(("inactive", F_INACTIVE, json!(true), true, Some(W_ACTIVE)));
    }
    match bmi {
        Some(b) if b >= BMI_FROM => found.push(("bmi", F_OVERWEIGHT, jnum(b), true, Some(W_BMI))),
        None if p.overweight == Some(true) => found.push(("bmi", F_OVERWEIGHT, json!(true), true, Some(W_BMI))),
        _ => {}
    }
    if inputs.yes("profile.familyHistory.stroke", family(s, |f| f.stroke)) {
        found.push(("familyHistory.stroke", F_FAMILY, json!(true), false, None));
    }

    Card { found, hypertension, diabetes, af, lipids_unknown, warnings }
}

/// Little physical activity: heavy labour or ≥ 3 × ≥ 30 min a week is active; a known value
/// below either is inactive; anything else counts as "no" (recorded as assumed).
fn inactive(s: &Subject, inputs: &mut Inputs) -> bool {
    let a = s.profile.activity.as_ref();
    if a.and_then(|a| a.heavy_labour) == Some(true) {
        return false;
    }
    let sessions = a.and_then(|a| a.sessions_per_week).map(|v| v >= SESSIONS_FROM);
    let minutes = a.and_then(|a| a.minutes_per_session).map(|v| v >= MINUTES_FROM);
    match (sessions, minutes) {
        (Some(false), _) | (_, Some(false)) => true,
        (Some(true), Some(true)) => false,
        _ => inputs.yes("profile.activity", None),
    }
}
