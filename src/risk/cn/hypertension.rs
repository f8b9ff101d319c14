//! Hypertension: BP category and the cardiovascular risk stratification of the 2018 Chinese
//! guideline (docs/risk-models.md §3).
//!
//! - BP category from office SBP/DBP; when they fall in different grades the higher wins;
//!   isolated systolic = SBP ≥ 140 and DBP < 90.
//! - The value is the number of *other* risk factors counted (0–7), each listed in `factors`
//!   with `modifiable`. Target-organ damage, CKD, diabetes and clinical conditions (from the
//!   `history` flags, `diabetes`, `egfr` and glucose) choose the row but are not counted in the
//!   value; they are listed in `factors` too.
//! - The category is the guideline cell; the two-level cells are their own codes
//!   (`medium-high`, `high-very-high`). Below 130/85 with no diagnosis and no antihypertensives
//!   (and in the "130–139/85–89 with no other risk factor" cell, printed "—" in the guideline)
//!   no stratum applies: `not-elevated`. A diagnosed or treated patient below grade 1 is
//!   stratified in the grade-1 column with a `TREATED_BP` warning.
//!
//! Decisions where the reference is silent: a diagnosed dyslipidaemia (`dyslipidemia: true`)
//! counts as dyslipidaemia; fasting glucose ≥ 7.0 or 2-h glucose ≥ 11.1 counts as diabetes (the
//! guideline's own definition) and IFG/IGT are 6.1 ≤ FPG < 7.0 and 7.8 ≤ 2hPG < 11.1 (no gap
//! below the diabetes thresholds); eGFR 30–59 is target-organ damage and < 30 a clinical
//! condition. A risk factor whose data are absent is not counted; when that could move the
//! resident to a higher row, a warning `UNCHECKED_FACTORS` names it.

use serde_json::json;

use crate::risk::kit::{age, factor, family, fill2, history, jnum, scored, warning, Inputs, Parts, WhatIfs};
use crate::error::Result;
use crate::i18n::{num, Msg, Text};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// ---------------------------------------------------------------------------------------------
// Published cut-offs: 中国高血压防治指南（2018年修订版）. 中国心血管杂志 2019;24(1):24–56.

/// BP categories in order of severity.
pub const BP_CATEGORIES: [&str; 5] = ["normal", "high-normal", "grade-1", "grade-2", "grade-3"];
/// SBP lower bounds of high-normal, grade 1, 2, 3 (mmHg).
pub const SBP_GRADE_FROM: [f64; 4] = [120.0, 140.0, 160.0, 180.0];
/// DBP lower bounds of high-normal, grade 1, 2, 3 (mmHg).
pub const DBP_GRADE_FROM: [f64; 4] = [80.0, 90.0, 100.0, 110.0];
/// Isolated systolic: SBP ≥ 140 and DBP < 90.
pub const ISOLATED_SBP_FROM: f64 = 140.0;
pub const ISOLATED_DBP_BELOW: f64 = 90.0;
/// The first stratification column: SBP 130–139 and/or DBP 85–89.
pub const ELEVATED_SBP_FROM: f64 = 130.0;
pub const ELEVATED_DBP_FROM: f64 = 85.0;

/// Risk factors: age (men > 55, women > 65).
pub const AGE_OVER_MEN: f64 = 55.0;
pub const AGE_OVER_WOMEN: f64 = 65.0;
/// Impaired fasting glucose 6.1–6.9 and impaired glucose tolerance 7.8–11.0 (mmol/L); diabetes
/// from 7.0 fasting / 11.1 post-load.
pub const IFG_FROM: f64 = 6.1;
pub const DIABETES_FPG_FROM: f64 = 7.0;
pub const IGT_FROM: f64 = 7.8;
pub const DIABETES_2H_FROM: f64 = 11.1;
/// Dyslipidaemia: TC ≥ 5.2, LDL-C ≥ 3.4, HDL-C < 1.0 (mmol/L).
pub const TC_FROM: f64 = 5.2;
pub const LDL_FROM: f64 = 3.4;
pub const HDL_BELOW: f64 = 1.0;
/// Abdominal obesity (waist ≥ 90 men, ≥ 85 women) or obesity (BMI ≥ 28).
pub const WAIST_FROM_MEN: f64 = 90.0;
pub const WAIST_FROM_WOMEN: f64 = 85.0;
pub const BMI_FROM: f64 = 28.0;
/// Homocysteine ≥ 15 μmol/L.
pub const HCY_FROM: f64 = 15.0;
/// eGFR 30–59: target-organ damage; < 30: clinical condition (mL/min/1.73 m²).
pub const EGFR_TOD_BELOW: f64 = 60.0;
pub const EGFR_CLINICAL_BELOW: f64 = 30.0;
/// CKD stage 3 → row 3 (TOD level); stage ≥ 4 → clinical.
pub const CKD_TOD_STAGE: f64 = 3.0;
pub const CKD_CLINICAL_STAGE: f64 = 4.0;

/// The stratification table: rows (0 none; 1: 1–2 risk factors; 2: ≥ 3 risk factors, TOD,
/// CKD 3 or diabetes without complications; 3: clinical conditions, CKD ≥ 4 or diabetes with
/// complications) × columns (130–139/85–89, grade 1, grade 2, grade 3). `not-elevated` stands
/// for the guideline's "—".
pub const STRATA: [[&str; 4]; 4] = [
    ["not-elevated", "low", "medium", "high"],
    ["low", "medium", "medium-high", "very-high"],
    ["medium-high", "high", "high", "very-high"],
    ["high-very-high", "very-high", "very-high", "very-high"],
];
/// Risk factors from which row 2 applies.
pub const ROW2_FACTORS: usize = 3;

pub static INFO: ModelInfo = ModelInfo {
    id: "hypertension",
    name: Msg::new("高血压分级与心血管风险分层", "Blood pressure grade and cardiovascular risk"),
    unit: ValueUnit::Count,
    citation: "中国高血压防治指南修订委员会. 中国高血压防治指南（2018年修订版）. 中国心血管杂志 2019;24(1):24–56. doi:10.3969/j.issn.1007-5410.2019.01.002.",
    edition: "2018 revision (not the 2022 中国高血压临床实践指南, which uses 130/80 and high / non-high risk)",
    ages: (18.0, 130.0),
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(18.0), max: None, required: true },
        InputInfo { field: "sbp", unit: "mmHg", min: None, max: None, required: true },
        InputInfo { field: "dbp", unit: "mmHg", min: None, max: None, required: true },
        InputInfo { field: "hypertension", unit: "", min: None, max: None, required: false },
        InputInfo { field: "onAntihypertensives", unit: "", min: None, max: None, required: false },
        InputInfo { field: "smoker", unit: "", min: None, max: None, required: false },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
        InputInfo { field: "dyslipidemia", unit: "", min: None, max: None, required: false },
        InputInfo { field: "fastingGlucose", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "postLoadGlucose", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "totalCholesterol", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "ldlCholesterol", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "hdlCholesterol", unit: "mmol/L", min: None, max: None, required: false },
        InputInfo { field: "waistCm", unit: "cm", min: None, max: None, required: false },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: false },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: false },
        InputInfo { field: "homocysteine", unit: "μmol/L", min: None, max: None, required: false },
        InputInfo { field: "egfr", unit: "mL/min/1.73m²", min: None, max: None, required: false },
        InputInfo { field: "familyHistory.prematureCvd", unit: "", min: None, max: None, required: false },
        InputInfo { field: "history", unit: "", min: None, max: None, required: false },
    ],
    categories: &[
        ("not-elevated", Msg::new("血压未达分层标准", "Not elevated")),
        ("low", Msg::new("低危", "Low risk")),
        ("medium", Msg::new("中危", "Medium risk")),
        ("medium-high", Msg::new("中/高危", "Medium-to-high risk")),
        ("high", Msg::new("高危", "High risk")),
        ("high-very-high", Msg::new("高/很高危", "High-to-very-high risk")),
        ("very-high", Msg::new("很高危", "Very high risk")),
    ],
    checklists: &[],
};

/// Localized names of the BP categories.
const BP_LABELS: [Msg; 5] = [
    Msg::new("正常血压", "normal"),
    Msg::new("正常高值", "high-normal"),
    Msg::new("1级高血压", "grade 1 high blood pressure"),
    Msg::new("2级高血压", "grade 2 high blood pressure"),
    Msg::new("3级高血压", "grade 3 high blood pressure"),
];

/// Risk words used inside the summary sentence.
const RISK_WORDS: &[(&str, Msg)] = &[
    ("low", Msg::new("低危", "low")),
    ("medium", Msg::new("中危", "medium")),
    ("medium-high", Msg::new("中/高危", "medium to high")),
    ("high", Msg::new("高危", "high")),
    ("high-very-high", Msg::new("高/很高危", "high to very high")),
    ("very-high", Msg::new("很高危", "very high")),
];

/// BP grade index 0–4 (into [`BP_CATEGORIES`]); the higher of the SBP and DBP grades.
pub fn bp_grade(sbp: f64, dbp: f64) -> usize {
    let s = SBP_GRADE_FROM.iter().filter(|lo| sbp >= **lo).count();
    let d = DBP_GRADE_FROM.iter().filter(|lo| dbp >= **lo).count();
    s.max(d)
}

/// Isolated systolic hypertension.
pub fn isolated_systolic(sbp: f64, dbp: f64) -> bool {
    sbp >= ISOLATED_SBP_FROM && dbp < ISOLATED_DBP_BELOW
}

/// The stratum of a row and column (column `None` = no stratum).
pub fn stratum(row: usize, column: Option<usize>) -> &'static str {
    match column {
        None => "not-elevated",
        Some(c) => STRATA.get(row.min(3)).and_then(|r| r.get(c.min(3))).copied().unwrap_or("not-elevated"),
    }
}

/// The row for a number of risk factors and the conditions.
pub fn row(risk_factors: usize, level2: bool, level3: bool) -> usize {
    if level3 {
        3
    } else if level2 || risk_factors >= ROW2_FACTORS {
        2
    } else if risk_factors > 0 {
        1
    } else {
        0
    }
}

const SUMMARY_NOT_ELEVATED: Msg = Msg::new(
    "您的血压 {}/{} mmHg，属于{}，还不需要做风险分层；请保持健康的生活方式，每年至少量一次血压。",
    "Your blood pressure is {} ({}/{} mmHg), not high enough to need a risk assessment; keep up healthy habits and check it at least once a year.",
);
const SUMMARY_STRATIFIED: Msg = Msg::new(
    "您的血压 {}/{} mmHg，属于{}；结合{}个其他危险因素和病史，您的心脑血管病风险为{}。",
    "Your blood pressure is {} ({}/{} mmHg); taking into account {} other risk factor(s) and your medical history, your risk of heart attack or stroke is {}.",
);
const TREATED_BP: Msg = Msg::new(
    "您已确诊高血压或正在服降压药，目前血压低于1级；指南按治疗前的血压分层，这里按1级高血压估计。",
    "You have diagnosed or treated high blood pressure and your current reading is below grade 1; the guideline stratifies by blood pressure before treatment, so this uses the grade 1 column.",
);
const UNCHECKED: Msg = Msg::new(
    "以下危险因素缺少数据，未能判断，实际风险可能更高：{}。",
    "These risk factors could not be checked for lack of data, so your risk may be higher: {}.",
);

const F_AGE: Msg = Msg::new("年龄（男性>55岁，女性>65岁）", "Age (men over 55, women over 65)");
const F_SMOKER: Msg = Msg::new("吸烟", "Smoking");
const F_GLUCOSE: Msg = Msg::new("血糖偏高（糖调节受损）", "Raised blood sugar (prediabetes)");
const F_LIPIDS: Msg = Msg::new("血脂异常", "Abnormal blood lipids");
const F_FAMILY: Msg = Msg::new("直系亲属早发心脑血管病", "Early heart disease or stroke in close family");
const F_OBESITY: Msg = Msg::new("腹型肥胖或肥胖", "Belly fat or obesity");
const F_HCY: Msg = Msg::new("同型半胱氨酸升高", "Raised homocysteine");
const F_DIABETES: Msg = Msg::new("糖尿病", "Diabetes");
const F_TOD: Msg = Msg::new("靶器官损害", "Organ damage from high blood pressure");
const F_CKD: Msg = Msg::new("慢性肾脏病", "Chronic kidney disease");
const F_CLINICAL: Msg = Msg::new("已有心脑血管、肾脏等并发症", "Existing heart, brain, kidney or artery disease");
const F_DIABETES_COMPLICATIONS: Msg = Msg::new("糖尿病伴并发症", "Diabetes with complications");

const W_SMOKER: Msg = Msg::new("戒烟", "Quit smoking");
const W_GLUCOSE: Msg = Msg::new("血糖恢复正常", "Blood sugar back to normal");
const W_LIPIDS: Msg = Msg::new("血脂达到正常水平", "Blood lipids back to normal");
const W_OBESITY: Msg = Msg::new("腰围和体重恢复正常", "Waist and weight back to normal");
const W_HCY: Msg = Msg::new("同型半胱氨酸降到 15 μmol/L 以下", "Homocysteine below 15 μmol/L");

const U_GLUCOSE: Msg = Msg::new("血糖", "blood sugar");
const U_LIPIDS: Msg = Msg::new("血脂", "blood lipids");
const U_OBESITY: Msg = Msg::new("腰围或体重", "waist or weight");
const U_HCY: Msg = Msg::new("同型半胱氨酸", "homocysteine");

/// One counted risk factor.
struct RiskFactor {
    id: &'static str,
    label: Msg,
    value: serde_json::Value,
    modifiable: bool,
    what_if: Option<Msg>,
}

/// Where the resident's blood pressure puts them: the BP grade (index into [`BP_CATEGORIES`]),
/// isolated systolic hypertension, and the stratification column (`None`: no stratum).
struct BpPlace {
    grade: usize,
    isolated: bool,
    column: Option<usize>,
    /// A diagnosed or treated resident below grade 1, stratified in the grade-1 column.
    treated_below_grade_1: bool,
}

/// The other risk factors counted, and those that could not be checked for lack of data.
struct RiskFactors {
    found: Vec<RiskFactor>,
    unchecked: Vec<Msg>,
    /// Diabetes, from the answer or from a glucose in the diabetes range.
    diabetes: bool,
}

/// Target-organ damage, CKD, diabetes complications and clinical conditions: they choose the row.
struct Conditions {
    tod: bool,
    ckd_stage: Option<f64>,
    complications: bool,
    clinical: bool,
}

pub fn assess(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let mut inputs = Inputs::default();
    let age = age(s, &INFO, &mut inputs)?;
    let sbp = inputs.need("profile.sbp", p.sbp);
    let dbp = inputs.need("profile.dbp", p.dbp);
    let (Some(age), Some(sbp), Some(dbp)) = (age, sbp, dbp) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let place = place_bp(s, sbp, dbp, &mut inputs);
    let rf = count_risk_factors(s, age, &mut inputs);
    let cond = conditions(s);
    let level2 = cond.tod || rf.diabetes;
    let level3 = cond.clinical || cond.complications;
    let count = rf.found.len();
    let r = row(count, level2, level3);
    let cat = stratum(r, place.column);

    let factors = list_factors(s, &rf, &cond);
    // What-ifs: each modifiable risk factor brought to normal (one fewer risk factor). Their
    // inputs are the risk factors found (bit i = `found[i]`), their value the count.
    let score = |present: &u16| f64::from(present.count_ones());
    let category_of = |n: f64| stratum(row(n as usize, level2, level3), place.column);
    let mut w = WhatIfs::new((1u16 << count) - 1, count as f64, &score, &category_of);
    for (i, f) in rf.found.iter().enumerate() {
        if let Some(label) = f.what_if {
            w.consider(f.id, s.t(&label), move |present| *present &= !(1 << i));
        }
    }
    let (what_ifs, combined) = w.finish();

    let mut warnings = inputs.warnings(s);
    if place.treated_below_grade_1 {
        warnings.push(warning(s, "TREATED_BP", &TREATED_BP.text()));
    }
    if place.column.is_some() && r < 2 && !rf.unchecked.is_empty() {
        let names: Vec<&str> = rf.unchecked.iter().map(|m| s.t(m)).collect();
        let text = UNCHECKED.fill(&[&names.join(crate::i18n::msg::AND.get(s.locale))]);
        warnings.push(warning(s, "UNCHECKED_FACTORS", &text));
    }

    let bp_label = BP_LABELS.get(place.grade).copied().unwrap_or(BP_LABELS[4]);
    let summary = summary(sbp, dbp, bp_label, count, cat);
    let column_code =
        place.column.map(|c| ["130-139/85-89", "grade-1", "grade-2", "grade-3"].get(c).copied().unwrap_or("grade-3"));
    let details = json!({
        "bpCategory": BP_CATEGORIES.get(place.grade).copied().unwrap_or("grade-3"),
        "bpLabel": s.t(&bp_label),
        "isolatedSystolic": place.isolated,
        "column": column_code,
        "riskFactors": count,
        "targetOrganDamage": cond.tod,
        "diabetes": rf.diabetes,
        "clinicalConditions": level3,
    });
    Ok(scored(
        &INFO,
        s,
        &inputs,
        Parts {
            value: count as f64,
            category: cat,
            summary,
            factors,
            what_if: what_ifs,
            combined,
            details: Some(details),
            warnings,
        },
    ))
}

/// Phase 1: the BP grade and the stratification column. Below grade 1 the diagnosis and the
/// treatment are asked (a diagnosed or treated resident goes to the grade-1 column).
fn place_bp(s: &Subject, sbp: f64, dbp: f64, inputs: &mut Inputs) -> BpPlace {
    let p = s.profile;
    let grade = bp_grade(sbp, dbp);
    let mut treated_below_grade_1 = false;
    let column = match grade {
        4 => Some(3),
        3 => Some(2),
        2 => Some(1),
        _ => {
            let diagnosed = inputs.yes("profile.hypertension", p.hypertension);
            if diagnosed || inputs.yes("profile.onAntihypertensives", p.on_antihypertensives) {
                treated_below_grade_1 = true;
                Some(1)
            } else if sbp >= ELEVATED_SBP_FROM || dbp >= ELEVATED_DBP_FROM {
                Some(0)
            } else {
                None
            }
        }
    };
    BpPlace { grade, isolated: isolated_systolic(sbp, dbp), column, treated_below_grade_1 }
}

/// Phase 2: the other risk factors of the guideline, in its order.
fn count_risk_factors(s: &Subject, age: f64, inputs: &mut Inputs) -> RiskFactors {
    let p = s.profile;
    let male = p.sex == Sex::Male;
    let mut found: Vec<RiskFactor> = Vec::new();
    let mut unchecked: Vec<Msg> = Vec::new();
    let mut push = |id, label, value, modifiable, what_if| found.push(RiskFactor { id, label, value, modifiable, what_if });
    if age > if male { AGE_OVER_MEN } else { AGE_OVER_WOMEN } {
        push("age", F_AGE, jnum(age), false, None);
    }
    if inputs.yes("profile.smoker", p.smoker) {
        push("smoker", F_SMOKER, json!(true), true, Some(W_SMOKER));
    }
    let (fpg, ppg) = (p.fasting_glucose, p.post_load_glucose);
    let diabetes_range = fpg.is_some_and(|g| g >= DIABETES_FPG_FROM) || ppg.is_some_and(|g| g >= DIABETES_2H_FROM);
    let diabetes = diabetes_range || inputs.yes("profile.diabetes", p.diabetes);
    let ifg = fpg.is_some_and(|g| (IFG_FROM..DIABETES_FPG_FROM).contains(&g));
    let igt = ppg.is_some_and(|g| (IGT_FROM..DIABETES_2H_FROM).contains(&g));
    if !diabetes && (ifg || igt) {
        let v = if ifg { fpg } else { ppg };
        push("glucose", F_GLUCOSE, v.map(jnum).unwrap_or(json!(true)), true, Some(W_GLUCOSE));
    } else if !diabetes && fpg.is_none() && ppg.is_none() {
        unchecked.push(U_GLUCOSE);
    }
    let (tc, ldl, hdl) = (p.total_cholesterol, p.ldl_cholesterol, p.hdl_cholesterol);
    let lipids_abnormal = p.dyslipidemia == Some(true)
        || tc.is_some_and(|v| v >= TC_FROM)
        || ldl.is_some_and(|v| v >= LDL_FROM)
        || hdl.is_some_and(|v| v < HDL_BELOW);
    if lipids_abnormal {
        push("dyslipidemia", F_LIPIDS, json!(true), true, Some(W_LIPIDS));
    } else if tc.is_none() && ldl.is_none() && hdl.is_none() && p.dyslipidemia.is_none() {
        unchecked.push(U_LIPIDS);
    }
    if inputs.yes("profile.familyHistory.prematureCvd", family(s, |f| f.premature_cvd)) {
        push("familyHistory.prematureCvd", F_FAMILY, json!(true), false, None);
    }
    let waist_from = if male { WAIST_FROM_MEN } else { WAIST_FROM_WOMEN };
    let bmi = p.bmi();
    if p.waist_cm.is_some_and(|w| w >= waist_from) || bmi.is_some_and(|b| b >= BMI_FROM) {
        push("obesity", F_OBESITY, json!({ "waistCm": p.waist_cm, "bmi": bmi }), true, Some(W_OBESITY));
    } else if p.waist_cm.is_none() && bmi.is_none() {
        unchecked.push(U_OBESITY);
    }
    match p.homocysteine {
        Some(h) if h >= HCY_FROM => push("homocysteine", F_HCY, jnum(h), true, Some(W_HCY)),
        Some(_) => {}
        None => unchecked.push(U_HCY),
    }
    RiskFactors { found, unchecked, diabetes }
}

/// Phase 3: target-organ damage, CKD and clinical conditions from the history, eGFR and CKD stage.
fn conditions(s: &Subject) -> Conditions {
    let ckd_stage = s.profile.history.as_ref().and_then(|h| h.ckd_stage);
    let egfr = s.profile.egfr;
    let tod = history(s, |h| h.target_organ_damage)
        || egfr.is_some_and(|e| (EGFR_CLINICAL_BELOW..EGFR_TOD_BELOW).contains(&e))
        || ckd_stage.is_some_and(|c| c == CKD_TOD_STAGE);
    let clinical = history(s, |h| h.stroke)
        || history(s, |h| h.tia)
        || history(s, |h| h.myocardial_infarction)
        || history(s, |h| h.coronary_heart_disease)
        || history(s, |h| h.heart_failure)
        || history(s, |h| h.atrial_fibrillation)
        || history(s, |h| h.peripheral_artery_disease)
        || ckd_stage.is_some_and(|c| c >= CKD_CLINICAL_STAGE)
        || egfr.is_some_and(|e| e < EGFR_CLINICAL_BELOW);
    Conditions { tod, ckd_stage, complications: history(s, |h| h.diabetes_complications), clinical }
}

/// Phase 4: the factors of the result: the risk factors counted, then what chose the row.
fn list_factors(s: &Subject, rf: &RiskFactors, cond: &Conditions) -> Vec<crate::risk::Factor> {
    let yes = Some(json!(true));
    let mut factors: Vec<crate::risk::Factor> =
        rf.found.iter().map(|f| factor(s, f.id, &f.label, Some(f.value.clone()), None, f.modifiable)).collect();
    if rf.diabetes && !cond.complications {
        factors.push(factor(s, "diabetes", &F_DIABETES, yes.clone(), None, false));
    }
    if cond.complications {
        factors.push(factor(s, "diabetesComplications", &F_DIABETES_COMPLICATIONS, yes.clone(), None, false));
    }
    if cond.tod {
        factors.push(factor(s, "targetOrganDamage", &F_TOD, yes.clone(), None, false));
    }
    if let Some(c) = cond.ckd_stage.filter(|c| *c >= CKD_TOD_STAGE) {
        factors.push(factor(s, "ckdStage", &F_CKD, Some(jnum(c)), None, false));
    }
    if cond.clinical {
        factors.push(factor(s, "clinicalConditions", &F_CLINICAL, yes, None, false));
    }
    factors
}

/// Phase 5: the sentence for the resident.
fn summary(sbp: f64, dbp: f64, bp_label: Msg, count: usize, cat: &str) -> Text {
    let (s_txt, d_txt) = (num(sbp, 1), num(dbp, 1));
    if cat == "not-elevated" {
        fill2(&SUMMARY_NOT_ELEVATED, &[&s_txt, &d_txt, bp_label.zh], &[bp_label.en, &s_txt, &d_txt])
    } else {
        let word = RISK_WORDS.iter().find(|(c, _)| *c == cat).map(|(_, m)| *m).unwrap_or(Msg::new("", ""));
        let n = count.to_string();
        fill2(
            &SUMMARY_STRATIFIED,
            &[&s_txt, &d_txt, bp_label.zh, &n, word.zh],
            &[bp_label.en, &s_txt, &d_txt, &n, word.en],
        )
    }
}
