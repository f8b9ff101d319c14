//! Metabolic syndrome, Chinese Diabetes Society criteria (docs/risk-models.md §6).
//!
//! Five components; each is `met`, `not-met` or `unknown` (its inputs are absent), listed in
//! `details.components`. The value is the number met.
//! - `present` when ≥ 3 are met (whatever the unknown ones are);
//! - `absent` when fewer than 3 could be met even if every unknown one were (a warning
//!   `UNKNOWN_COMPONENTS` names the unchecked ones);
//! - otherwise the answer depends on the missing data and the model is not scored: it is
//!   skipped as `missing-input` naming the fields of the unknown components (`assessModel`
//!   throws `MISSING_INPUT`), so no one is told "absent" on incomplete data.
//!
//! A component: waist ≥ 90 (men) / ≥ 85 cm (women); glucose: fasting ≥ 6.1 or 2-h ≥ 7.8 mmol/L
//! or diagnosed diabetes (not met when a measured glucose is below its cut-off: the fasting
//! value is the community standard, the 2-h value needs an OGTT); BP ≥ 130 and/or ≥ 85 mmHg or
//! on antihypertensives (not met only with both SBP and DBP below); TG ≥ 1.70; HDL-C < 1.04.
//! An absent `diabetes` / `onAntihypertensives` answer counts as "no" when a measurement
//! decides the component (`ASSUMED_NO`).

use serde_json::json;

use crate::risk::kit::{age, factor, fill2, scored, warning, what_if, Inputs, Parts};
use crate::error::Result;
use crate::i18n::{msg, Msg};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// ---------------------------------------------------------------------------------------------
// Published criteria: 中华医学会糖尿病学分会. 中国2型糖尿病防治指南（2017年版/2020年版）,
// 代谢综合征诊断标准.

pub const WAIST_FROM_MEN: f64 = 90.0;
pub const WAIST_FROM_WOMEN: f64 = 85.0;
pub const FPG_FROM: f64 = 6.1;
pub const PPG_FROM: f64 = 7.8;
pub const SBP_FROM: f64 = 130.0;
pub const DBP_FROM: f64 = 85.0;
pub const TG_FROM: f64 = 1.70;
pub const HDL_BELOW: f64 = 1.04;
/// Present from this many components.
pub const PRESENT_FROM: usize = 3;

pub static INFO: ModelInfo = ModelInfo {
    id: "metabolic-syndrome",
    name: Msg::new("代谢综合征", "Metabolic syndrome"),
    unit: ValueUnit::Count,
    citation: "中华医学会糖尿病学分会. 中国2型糖尿病防治指南（2020年版）. 中华糖尿病杂志 2021;13(4):315–409. 代谢综合征诊断标准 (unchanged from the 2017 edition).",
    edition: "CDS 2017/2020 criteria",
    ages: (18.0, 130.0),
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(18.0), max: None, required: true },
        InputInfo { field: "waistCm", unit: "cm", min: None, max: None, required: false },
        InputInfo { field: "fastingGlucose", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "postLoadGlucose", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
        InputInfo { field: "sbp", unit: "mmHg", min: None, max: None, required: false },
        InputInfo { field: "dbp", unit: "mmHg", min: None, max: None, required: false },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "triglycerides", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: None, max: None, required: false },
    ],
    categories: &[("absent", Msg::new("不符合代谢综合征", "Absent")), ("present", Msg::new("代谢综合征", "Present"))],
    checklists: &[],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    Unknown,
}

impl Status {
    fn code(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::Unknown => "unknown",
        }
    }
}

struct Component {
    id: &'static str,
    label: Msg,
    short: Msg,
    status: Status,
    /// Fields whose absence makes it unknown.
    fields: Vec<String>,
    /// Met through something a what-if may change (not a diagnosis or a medication).
    modifiable: bool,
    what_if: Msg,
}

/// The category for `met` components with `unknown` ones, `None` when the unknowns decide.
pub fn category(met: usize, unknown: usize) -> Option<&'static str> {
    if met >= PRESENT_FROM {
        Some("present")
    } else if met + unknown < PRESENT_FROM {
        Some("absent")
    } else {
        None
    }
}

const C_WAIST: Msg = Msg::new("腰围偏大", "Large waist");
const C_GLUCOSE: Msg = Msg::new("血糖偏高或糖尿病", "Raised blood sugar or diabetes");
const C_BP: Msg =
    Msg::new("血压偏高（≥130/85 mmHg）或在服降压药", "Blood pressure ≥ 130/85 mmHg or on blood-pressure medicine");
const C_TG: Msg = Msg::new("甘油三酯偏高（≥1.70 mmol/L）", "Raised triglycerides (≥ 1.70 mmol/L)");
const C_HDL: Msg = Msg::new("“好胆固醇”偏低（HDL-C<1.04 mmol/L）", "Low \"good\" cholesterol (HDL-C < 1.04 mmol/L)");

const S_WAIST: Msg = Msg::new("腰围", "waist");
const S_GLUCOSE: Msg = Msg::new("血糖", "blood sugar");
const S_BP: Msg = Msg::new("血压", "blood pressure");
const S_TG: Msg = Msg::new("甘油三酯", "triglycerides");
const S_HDL: Msg = Msg::new("高密度脂蛋白胆固醇", "HDL cholesterol");

const W_WAIST: Msg =
    Msg::new("腰围减到正常（男<90厘米，女<85厘米）", "Waist back to normal (men < 90 cm, women < 85 cm)");
const W_GLUCOSE: Msg = Msg::new("血糖恢复正常", "Blood sugar back to normal");
const W_BP: Msg = Msg::new("血压降到 130/85 mmHg 以下", "Blood pressure below 130/85 mmHg");
const W_TG: Msg = Msg::new("甘油三酯降到 1.70 mmol/L 以下", "Triglycerides below 1.70 mmol/L");
const W_HDL: Msg = Msg::new("“好胆固醇”升到 1.04 mmol/L 以上", "\"Good\" cholesterol up to 1.04 mmol/L or more");

const SUMMARY_PRESENT: Msg = Msg::new(
    "您检查的 {} 项代谢指标中有 {} 项异常，符合代谢综合征，建议找医生进一步评估，并通过控制体重、合理饮食和运动来改善。",
    "Your check found {} of {} metabolic measures out of the healthy range, which means metabolic syndrome; please see your doctor, and weight control, healthy eating and exercise will help.",
);
const SUMMARY_ABSENT: Msg = Msg::new(
    "您检查的 {} 项代谢指标中有 {} 项异常，目前不属于代谢综合征，请继续保持健康的生活方式。",
    "Your check found {} of {} metabolic measures out of the healthy range, so you do not have metabolic syndrome; keep up your healthy lifestyle.",
);
const UNKNOWN_COMPONENTS: Msg =
    Msg::new("以下指标缺少数据，未能判断：{}。", "These measures could not be checked for lack of data: {}.");

pub fn assess(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let locale = s.locale;
    let mut inputs = Inputs::default();
    let Some(_) = age(s, &INFO, &mut inputs)? else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let components = judge_components(p, &mut inputs);
    let met = components.iter().filter(|c| c.status == Status::Met).count();
    let unknown: Vec<&Component> = components.iter().filter(|c| c.status == Status::Unknown).collect();
    let Some(cat) = category(met, unknown.len()) else {
        // The unknown components decide: name what is needed.
        let fields = unknown.iter().flat_map(|c| c.fields.iter().cloned()).collect();
        return Ok(Outcome::Missing(fields));
    };

    let factors = components
        .iter()
        .filter(|c| c.status == Status::Met)
        .map(|c| factor(s, c.id, &c.label, Some(json!(true)), None, c.modifiable))
        .collect();
    let what_ifs = components
        .iter()
        .filter(|c| c.status == Status::Met && c.modifiable)
        .filter_map(|c| {
            let n = met - 1;
            category(n, unknown.len()).map(|k| what_if(c.id, c.what_if.get(locale).to_string(), n as f64, k))
        })
        .collect();
    let mut warnings = inputs.warnings(s);
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|c| c.short.get(locale)).collect();
        let text = UNKNOWN_COMPONENTS.fill(&[&names.join(msg::AND.get(locale))]);
        warnings.push(warning(s, "UNKNOWN_COMPONENTS", &text));
    }
    let checked = (components.len() - unknown.len()).to_string();
    let met_s = met.to_string();
    let template = if cat == "present" { SUMMARY_PRESENT } else { SUMMARY_ABSENT };
    // The English sentence puts the count met first.
    let summary = fill2(&template, &[&checked, &met_s], &[&met_s, &checked]);
    let details = json!({
        "components": components
            .iter()
            .map(|c| json!({ "id": c.id, "status": c.status.code(), "label": c.label.get(locale) }))
            .collect::<Vec<_>>(),
        "met": met,
        "unknown": unknown.len(),
    });
    Ok(scored(&INFO, s, &inputs, Parts {
            value: met as f64,
            category: cat,
            summary,
            factors,
            what_if: what_ifs,
            combined: None,
            details: Some(details),
            warnings,
        },
    ))
}

/// The five components of the criteria, each met, not met or unknown from the profile; a
/// component judged "not met" from numbers alone notes the yes/no answer (diagnosed diabetes, BP
/// treatment) it assumed.
fn judge_components(p: &crate::risk::Profile, inputs: &mut Inputs) -> [Component; 5] {
    let male = p.sex == Sex::Male;

    let waist_from = if male { WAIST_FROM_MEN } else { WAIST_FROM_WOMEN };
    let waist = match p.waist_cm {
        Some(w) if w >= waist_from => Status::Met,
        Some(_) => Status::NotMet,
        None => Status::Unknown,
    };

    let (fpg, ppg) = (p.fasting_glucose, p.post_load_glucose);
    let glucose_high = fpg.is_some_and(|g| g >= FPG_FROM) || ppg.is_some_and(|g| g >= PPG_FROM);
    let diagnosed = p.diabetes == Some(true);
    let glucose = if glucose_high || diagnosed {
        Status::Met
    } else if fpg.is_some() || ppg.is_some() {
        inputs.yes("profile.diabetes", p.diabetes);
        Status::NotMet
    } else {
        Status::Unknown
    };

    let (sbp, dbp) = (p.sbp, p.dbp);
    let bp_high = sbp.is_some_and(|v| v >= SBP_FROM) || dbp.is_some_and(|v| v >= DBP_FROM);
    let treated = p.on_antihypertensives == Some(true);
    let bp = if bp_high || treated {
        Status::Met
    } else if sbp.is_some() && dbp.is_some() {
        inputs.yes("profile.onAntihypertensives", p.on_antihypertensives);
        Status::NotMet
    } else {
        Status::Unknown
    };
    let mut bp_fields = Vec::new();
    if sbp.is_none() {
        bp_fields.push("profile.sbp".to_string());
    }
    if dbp.is_none() {
        bp_fields.push("profile.dbp".to_string());
    }

    let tg = match p.triglycerides {
        Some(v) if v >= TG_FROM => Status::Met,
        Some(_) => Status::NotMet,
        None => Status::Unknown,
    };
    let hdl = match p.hdl_cholesterol {
        Some(v) if v < HDL_BELOW => Status::Met,
        Some(_) => Status::NotMet,
        None => Status::Unknown,
    };

    [
        Component {
            id: "waist",
            label: C_WAIST,
            short: S_WAIST,
            status: waist,
            fields: vec!["profile.waistCm".into()],
            modifiable: true,
            what_if: W_WAIST,
        },
        Component {
            id: "glucose",
            label: C_GLUCOSE,
            short: S_GLUCOSE,
            status: glucose,
            fields: vec!["profile.fastingGlucose".into()],
            modifiable: !diagnosed,
            what_if: W_GLUCOSE,
        },
        Component {
            id: "bloodPressure",
            label: C_BP,
            short: S_BP,
            status: bp,
            fields: bp_fields,
            modifiable: !treated,
            what_if: W_BP,
        },
        Component {
            id: "triglycerides",
            label: C_TG,
            short: S_TG,
            status: tg,
            fields: vec!["profile.triglycerides".into()],
            modifiable: true,
            what_if: W_TG,
        },
        Component {
            id: "hdlCholesterol",
            label: C_HDL,
            short: S_HDL,
            status: hdl,
            fields: vec!["profile.hdlCholesterol".into()],
            modifiable: true,
            what_if: W_HDL,
        },
    ]
}
