//! The Chinese cardio-metabolic models (risk-models.md §1–6): China-PAR, CDRS, hypertension
//! grading and stratification, stroke screening, body size, metabolic syndrome.
//!
//! Conventions shared by these models (beyond those of [`crate::risk`]):
//! - **Order of checks**: a model that does not apply because of the resident's history (e.g.
//!   China-PAR after a stroke) is `NotApplicable` first; then the age is checked against the
//!   model's accepted ages (`OUT_OF_RANGE` on `profile.age`, or `profile.birthDate` when the age
//!   came from it); then every present value against the model's accepted range; then absent
//!   required inputs are named (`Missing`).
//! - **Yes/no answers** (`smoker`, `diabetes`, `onAntihypertensives`, `familyHistory.*`,
//!   `activity`) that are absent count as "no", and the result carries a warning `ASSUMED_NO`
//!   naming them in plain words, so the app can ask. Measurements (BP, lipids, waist, height,
//!   weight, glucose) are never assumed: a required one that is absent is named as missing.
//! - **History flags** (`history.*`) describe known diagnoses: an absent flag means none
//!   recorded, without a warning.
//! - Results never suggest stopping a medication, and a what-if is offered only when it lowers
//!   the result's value.

use serde_json::Value;

use super::{Factor, Model, ModelInfo, Outcome, RiskResult, Subject, Warning, WhatIf};
use crate::error::{check_range, Error, Result};
use crate::i18n::{Locale, Msg, Text};

pub mod body;
pub mod cdrs;
pub mod china_par;
pub mod hypertension;
pub mod metabolic;
pub mod stroke;

/// The Chinese models, in API.md order.
pub static MODELS: &[Model] = &[
    Model { info: &china_par::INFO, assess: china_par::assess },
    Model { info: &cdrs::INFO, assess: cdrs::assess },
    Model { info: &hypertension::INFO, assess: hypertension::assess },
    Model { info: &stroke::INFO, assess: stroke::assess },
    Model { info: &body::BMI_INFO, assess: body::assess_bmi },
    Model { info: &body::WAIST_INFO, assess: body::assess_waist },
    Model { info: &body::CHILD_BMI_INFO, assess: body::assess_child_bmi },
    Model { info: &metabolic::INFO, assess: metabolic::assess },
];

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Plain-word names of the inputs, for warnings a resident reads.
const FIELD_LABELS: &[(&str, Msg)] = &[
    ("profile.smoker", Msg::new("是否吸烟", "smoking")),
    ("profile.diabetes", Msg::new("是否患糖尿病", "diabetes")),
    ("profile.onAntihypertensives", Msg::new("是否在服降压药", "blood-pressure medicine")),
    ("profile.hypertension", Msg::new("是否确诊高血压", "diagnosed high blood pressure")),
    (
        "profile.familyHistory.ascvd",
        Msg::new("父母或兄弟姐妹是否患过心梗或脑卒中", "a parent or sibling with a heart attack or stroke"),
    ),
    ("profile.familyHistory.diabetes", Msg::new("家人是否患糖尿病", "diabetes in the family")),
    (
        "profile.familyHistory.prematureCvd",
        Msg::new("直系亲属是否早发心脑血管病", "early heart disease or stroke in close family"),
    ),
    ("profile.familyHistory.stroke", Msg::new("家人是否患过脑卒中", "stroke in the family")),
    ("profile.activity", Msg::new("是否缺乏运动", "little physical activity")),
];

fn field_label(field: &str, locale: Locale) -> String {
    FIELD_LABELS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| m.get(locale).to_string())
        .unwrap_or_else(|| field.to_string())
}

const ASSUMED_NO: Msg = Msg::new(
    "以下问题未填写，已按“否”计算：{}。如实际为“是”，结果会不同。",
    "Not answered, counted as \"no\": {}. If any is actually \"yes\", the result will differ.",
);

/// Collects required inputs that are absent and yes/no answers counted as "no".
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    pub missing: Vec<String>,
    pub assumed_no: Vec<&'static str>,
}

impl Inputs {
    /// A required value: `None` (and the field is recorded as missing) when absent.
    pub fn need<T: Copy>(&mut self, field: &str, v: Option<T>) -> Option<T> {
        if v.is_none() {
            self.missing.push(field.to_string());
        }
        v
    }

    /// A yes/no answer: absent counts as no (recorded for the `ASSUMED_NO` warning).
    pub fn yes(&mut self, field: &'static str, v: Option<bool>) -> bool {
        match v {
            Some(b) => b,
            None => {
                self.assumed_no.push(field);
                false
            }
        }
    }

    /// The `ASSUMED_NO` warning, when any answer was assumed.
    pub fn warnings(&self, locale: Locale) -> Vec<Warning> {
        if self.assumed_no.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> = self.assumed_no.iter().map(|f| field_label(f, locale)).collect();
        let list = names.join(crate::i18n::msg::AND.get(locale));
        vec![Warning { code: "ASSUMED_NO".into(), message: crate::i18n::fill(ASSUMED_NO.get(locale), &[&list]) }]
    }
}

/// The subject's age checked against the model's accepted ages; `None` when absent (the field
/// `profile.age` is then recorded as missing).
pub(crate) fn age(s: &Subject, info: &ModelInfo, inputs: &mut Inputs) -> Result<Option<f64>> {
    match s.age {
        None => {
            inputs.missing.push("profile.age".into());
            Ok(None)
        }
        Some(a) => {
            check_range(age_field(s), a, info.ages.0, info.ages.1, "years")?;
            Ok(Some(a))
        }
    }
}

/// The field an age error names: `profile.age`, or `profile.birthDate` when the age came from it.
pub(crate) fn age_field(s: &Subject) -> &'static str {
    if s.profile.age.is_none() && s.profile.birth_date.is_some() {
        "profile.birthDate"
    } else {
        "profile.age"
    }
}

/// Checks a present value against the model's accepted range.
pub(crate) fn in_range(field: &str, v: Option<f64>, min: f64, max: f64, unit: &str) -> Result<()> {
    if let Some(v) = v {
        check_range(field, v, min, max, unit)?;
    }
    Ok(())
}

/// A warning with a localized message.
pub(crate) fn warning(code: &str, text: &Text, locale: Locale) -> Warning {
    Warning { code: code.to_string(), message: text.get(locale).to_string() }
}

/// A factor with a catalogue label.
pub(crate) fn factor(
    id: &str,
    label: &Msg,
    locale: Locale,
    value: Option<Value>,
    points: Option<f64>,
    modifiable: bool,
) -> Factor {
    Factor { id: id.to_string(), label: label.get(locale).to_string(), value, points, modifiable }
}

/// A what-if entry.
pub(crate) fn what_if(id: &str, label: String, value: f64, category: &str) -> WhatIf {
    WhatIf { id: id.to_string(), label, value, category: category.to_string() }
}

/// JSON number (finite by construction: every input passed `check_range`).
pub(crate) fn jnum(x: f64) -> Value {
    serde_json::Number::from_f64(x).map(Value::Number).unwrap_or(Value::Null)
}

/// The parts of a scored result that vary by model.
pub(crate) struct Scored {
    pub value: f64,
    pub category: &'static str,
    pub summary: Text,
    pub factors: Vec<Factor>,
    pub what_if: Vec<WhatIf>,
    pub details: Option<Value>,
    pub warnings: Vec<Warning>,
}

/// Assembles a result (name, unit, label and source from the catalogue).
pub(crate) fn scored(info: &ModelInfo, s: &Subject, r: Scored) -> Outcome {
    let locale = s.locale;
    Outcome::Scored(Box::new(RiskResult {
        id: info.id.to_string(),
        name: info.name.get(locale).to_string(),
        value: r.value,
        unit: info.unit,
        category: r.category.to_string(),
        label: info.label(r.category, locale),
        summary: r.summary.get(locale).to_string(),
        factors: r.factors,
        what_if: r.what_if,
        details: r.details,
        warnings: r.warnings,
        source: info.source(),
        alerts: Vec::new(),
    }))
}

/// A history flag (absent = not recorded = false).
pub(crate) fn history(s: &Subject, f: impl Fn(&super::History) -> Option<bool>) -> bool {
    s.profile.history.as_ref().and_then(f).unwrap_or(false)
}

/// A family-history answer (`None` when absent).
pub(crate) fn family(s: &Subject, f: impl Fn(&super::FamilyHistory) -> Option<bool>) -> Option<bool> {
    s.profile.family_history.as_ref().and_then(f)
}

/// Fills a template whose zh and en arguments differ (e.g. localized words inside).
pub(crate) fn fill2(m: &Msg, zh: &[&str], en: &[&str]) -> Text {
    Text { zh: crate::i18n::fill(m.zh, zh), en: crate::i18n::fill(m.en, en) }
}

/// An `OUT_OF_RANGE` error is built by [`Error::out_of_range`]; re-exported for the model files.
pub(crate) fn out_of_range(field: &str, value: f64, min: f64, max: f64, unit: &str) -> Error {
    Error::out_of_range(field, value, min, max, unit)
}
