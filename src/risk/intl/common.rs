//! Helpers shared by the questionnaire and international models (beyond the kit of
//! [`crate::risk::kit`]): item validation, mg/dL range checks, tolerant comparisons and common
//! wording.


use crate::error::{check_range, Error, ErrorCode, Result};
use crate::i18n::{num, Locale, Msg, Text};
use crate::risk::kit::{factor, warning};
use crate::risk::{Factor, ModelInfo, Subject, Warning};

/// Tolerance for comparisons of computed values with cut-offs, so that binary representation
/// error (e.g. 5.508 / 0.02586 = 212.99999999999997) never moves a value across a boundary.
pub const EPS: f64 = 1e-9;

pub const ITEM_COUNT: Msg = Msg::new(
    "{} 应有 {} 个条目得分，实际为 {} 个。",
    "{} must have {} item scores, got {}.",
);
pub const EXPECTED_ITEM: Msg = Msg::new("应为 0–3 的整数", "expected a whole number from 0 to 3");
pub const EXPECTED_ILLNESSES: Msg = Msg::new("应为 0–11 的整数", "expected a whole number from 0 to 11");

pub const EXTRAPOLATED: &str = "EXTRAPOLATED";

/// Validates a questionnaire's item scores: exactly `n` whole numbers 0–3. Errors are
/// `INVALID_INPUT` naming the array (`profile.questionnaires.phq9`) or the item
/// (`profile.questionnaires.phq9[8]`).
pub fn item_scores(field: &str, items: &[f64], n: usize) -> Result<Vec<u32>> {
    if items.len() != n {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            Some(field),
            ITEM_COUNT.fill(&[field, &n.to_string(), &items.len().to_string()]),
        ));
    }
    let mut out = Vec::with_capacity(n);
    for (i, &v) in items.iter().enumerate() {
        let f = format!("{field}[{i}]");
        if !v.is_finite() {
            return Err(Error::not_a_number(&f));
        }
        if v.fract() != 0.0 || !(0.0..=3.0).contains(&v) {
            return Err(Error::invalid(&f, &num(v, 4), &EXPECTED_ITEM));
        }
        out.push(v as u32);
    }
    Ok(out)
}

/// Checks that a concentration given in mmol/L is inside a range published in mg/dL, using the
/// model's own factor (mmol/L = mg/dL × `factor`). The error states the range in mmol/L, with
/// the published mg/dL range beside it.
pub fn check_mg_dl_range(field: &str, mmol: f64, lo_mg: f64, hi_mg: f64, factor: f64) -> Result<f64> {
    if !mmol.is_finite() {
        return Err(Error::not_a_number(field));
    }
    let (lo, hi) = (lo_mg * factor, hi_mg * factor);
    if mmol < lo - EPS || mmol > hi + EPS {
        let unit = format!("mmol/L ({}–{} mg/dL)", num(lo_mg, 1), num(hi_mg, 1));
        return Err(Error::out_of_range(field, mmol, lo, hi, &unit));
    }
    Ok(mmol / factor)
}

/// A range check that tolerates representation error at the bounds.
pub fn check_range_eps(field: &str, value: f64, lo: f64, hi: f64, unit: &str) -> Result<f64> {
    if value.is_finite() && value >= lo - EPS && value <= hi + EPS {
        return Ok(value);
    }
    check_range(field, value, lo, hi, unit)
}

/// The questionnaire items answered above 0, as factors (`item-1`, …) labelled with the item.
pub fn item_factors(s: &Subject, items: &[u32], labels: &[Msg]) -> Vec<Factor> {
    items
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .map(|(i, v)| {
            let label = labels.get(i).copied().unwrap_or(Msg::new("", ""));
            factor(s, &format!("item-{}", i + 1), &label, None, Some(f64::from(*v)), false)
        })
        .collect()
}

/// The summary of a score band (`summaries` maps category codes to templates), filled with the total.
pub fn band_summary(summaries: &[(&str, Msg)], category: &str, total: u32) -> Text {
    summaries
        .iter()
        .find(|(c, _)| *c == category)
        .map(|(_, m)| m.fill(&[&total.to_string()]))
        .unwrap_or_default()
}

/// A category label for use inside an English sentence ("Borderline risk" → "borderline risk");
/// Chinese labels are used as they are.
pub fn inline_label(info: &ModelInfo, category: &str) -> Text {
    Text { zh: info.label(category, Locale::ZhCn), en: info.label(category, Locale::En).to_ascii_lowercase() }
}

/// A warning for an age below the ages a scale was designed for (the scale is scored anyway:
/// its items do not depend on age, and a safety alert must never be hidden by an age rule).
pub fn age_warning(s: &Subject, info: &ModelInfo) -> Option<Warning> {
    let age = s.age?;
    if age >= info.ages.0 && age <= info.ages.1 {
        return None;
    }
    let (lo, hi, age) = (num(info.ages.0, 0), num(info.ages.1, 0), num(age, 1));
    let text = if info.ages.1 >= 120.0 {
        AGE_BELOW.fill(&[&lo, &age])
    } else {
        AGE_OUTSIDE.fill(&[&lo, &hi, &age])
    };
    Some(warning(s, EXTRAPOLATED, &text))
}

const AGE_BELOW: Msg = Msg::new(
    "该量表适用于 {} 岁及以上人群，你的年龄为 {} 岁，结果仅供参考，请结合医生的意见。",
    "This scale was designed for people aged {} and over; at {} the result is only a guide — discuss it with your doctor.",
);
const AGE_OUTSIDE: Msg = Msg::new(
    "该量表适用于 {}–{} 岁人群，你的年龄为 {} 岁，结果仅供参考，请结合医生的意见。",
    "This scale was designed for ages {}–{}; at {} the result is only a guide — discuss it with your doctor.",
);

/// Clinical ASCVD in the history (stroke, TIA, MI, coronary heart disease, PAD): primary-
/// prevention equations do not apply.
pub fn has_ascvd(s: &Subject) -> bool {
    s.profile.history.as_ref().is_some_and(|h| {
        [h.stroke, h.tia, h.myocardial_infarction, h.coronary_heart_disease, h.peripheral_artery_disease]
            .contains(&Some(true))
    })
}

/// Heart failure in the history.
pub fn has_heart_failure(s: &Subject) -> bool {
    s.profile.history.as_ref().is_some_and(|h| h.heart_failure == Some(true))
}

pub const KNOWN_CVD: Msg = Msg::new(
    "已患心脑血管疾病（如卒中、心梗、冠心病、外周动脉疾病或心力衰竭）的人不做一级预防风险评估，已属于需要规范治疗和随访的人群，请遵医嘱管理。",
    "People who already have cardiovascular disease (such as stroke, heart attack, coronary or peripheral artery disease, or heart failure) are not scored with primary-prevention equations; they already need treatment and regular follow-up from their doctor.",
);

pub const DERIVATION_POPULATION: Msg = Msg::new(
    "该模型来自美国人群，未在中国人群中校准；为中国居民评估心血管风险请以 China-PAR 为准（《中国心血管病风险评估和管理指南》2019）。",
    "This model was developed in US populations and is not calibrated for China; for Chinese residents, China-PAR is the recommended model (Chinese CVD risk guideline 2019).",
);
