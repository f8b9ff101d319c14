//! The kit every risk model is built with, Chinese and international alike.
//!
//! - [`Inputs`] collects what a model reads: required measurements that are absent (named as
//!   missing, never assumed) and yes/no answers that are absent (counted as "no", named in an
//!   `ASSUMED_NO` warning in plain words from the one [`QUESTION_LABELS`] table, and kept on the
//!   result so the report can show what the answers could change).
//! - [`Parts`] and [`result`] / [`scored`] assemble a result: name, unit, category label and
//!   source come from the model's catalogue entry, the rest from the model.
//! - [`WhatIfs`] scores the "what if" scenarios of a model computed by an equation: each change
//!   is applied to the model's inputs and offered only when it lowers the value; the three that
//!   lower it most are also scored together (the report summary's combined what-if).
//! - Small helpers shared by every model: factors, warnings, the age check, range checks of
//!   present values, history and family-history flags.

use serde_json::Value;

use super::{CombinedWhatIf, Factor, FamilyHistory, History, ModelInfo, Outcome, RiskResult, Subject, Warning, WhatIf};
use crate::error::{check_range, Error, Result};
use crate::i18n::{msg, Msg, Text};
use crate::order::sort_vec;

// ---------------------------------------------------------------------------------------------
// Inputs and the label table of the yes/no questions

/// Plain-word names of the yes/no questions a model may count as "no", for the `ASSUMED_NO`
/// warning a resident reads (one table for every model).
pub const QUESTION_LABELS: &[(&str, Msg)] = &[
    ("profile.smoker", Msg::new("是否吸烟", "smoking")),
    ("profile.diabetes", Msg::new("是否患糖尿病", "diabetes")),
    ("profile.onAntihypertensives", Msg::new("是否在服降压药", "blood-pressure medicine")),
    ("profile.onStatin", Msg::new("是否在服他汀", "statin")),
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

/// The plain-word name of a yes/no question (the field path itself only for a field missing
/// from [`QUESTION_LABELS`], which a test rules out).
pub fn question_label(field: &str) -> Text {
    QUESTION_LABELS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| m.text())
        .unwrap_or_else(|| crate::i18n::field_label(field))
}

const ASSUMED_NO: Msg = Msg::new(
    "以下问题未填写，已按“否”计算：{}。如实际为“是”，结果会不同。",
    "Not answered, counted as \"no\": {}. If any is actually \"yes\", the result will differ.",
);

/// Collects the required inputs that are absent and the yes/no answers counted as "no".
#[derive(Debug, Default)]
pub struct Inputs {
    pub missing: Vec<String>,
    assumed_no: Vec<&'static str>,
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
        v.unwrap_or_else(|| {
            self.assumed_no.push(field);
            false
        })
    }

    /// The `ASSUMED_NO` warning, when any answer was assumed.
    pub fn warnings(&self, s: &Subject) -> Vec<Warning> {
        if self.assumed_no.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> = self.assumed_no.iter().map(|f| question_label(f).get(s.locale).to_string()).collect();
        let list = names.join(msg::AND.get(s.locale));
        vec![warning(s, "ASSUMED_NO", &ASSUMED_NO.fill(&[&list]))]
    }
}

// ---------------------------------------------------------------------------------------------
// Age and ranges

/// The field an age error names: `profile.age`, or `profile.birthDate` when the age came from it.
pub fn age_field(s: &Subject) -> &'static str {
    if s.profile.age.is_none() && s.profile.birth_date.is_some() {
        "profile.birthDate"
    } else {
        "profile.age"
    }
}

/// The subject's age checked against the model's accepted ages; `None` when absent (the field
/// `profile.age` is then recorded as missing).
pub fn age(s: &Subject, info: &ModelInfo, inputs: &mut Inputs) -> Result<Option<f64>> {
    match inputs.need("profile.age", s.age) {
        None => Ok(None),
        Some(a) => check_range(age_field(s), a, info.ages.0, info.ages.1, "years").map(Some),
    }
}

/// Checks a present value against the model's accepted range.
pub fn in_range(field: &str, v: Option<f64>, min: f64, max: f64, unit: &str) -> Result<()> {
    if let Some(v) = v {
        check_range(field, v, min, max, unit)?;
    }
    Ok(())
}

/// An `OUT_OF_RANGE` error (see [`Error::out_of_range`]).
pub fn out_of_range(field: &str, value: f64, min: f64, max: f64, unit: &str) -> Error {
    Error::out_of_range(field, value, min, max, unit)
}

/// A history flag (absent = not recorded = false).
pub fn history(s: &Subject, f: impl Fn(&History) -> Option<bool>) -> bool {
    s.profile.history.as_ref().and_then(f).unwrap_or(false)
}

/// A family-history answer (`None` when absent).
pub fn family(s: &Subject, f: impl Fn(&FamilyHistory) -> Option<bool>) -> Option<bool> {
    s.profile.family_history.as_ref().and_then(f)
}

// ---------------------------------------------------------------------------------------------
// Result pieces

/// `value` rounded half away from zero to `decimals`.
pub fn round(value: f64, decimals: i32) -> f64 {
    super::round_half_away(value, decimals)
}

/// JSON number (finite by construction: every input passed its range check).
pub fn jnum(x: f64) -> Value {
    serde_json::Number::from_f64(x).map(Value::Number).unwrap_or(Value::Null)
}

/// A factor labelled in the subject's locale.
pub fn factor(s: &Subject, id: &str, label: &Msg, value: Option<Value>, points: Option<f64>, modifiable: bool) -> Factor {
    Factor { id: id.to_string(), label: s.t(label).to_string(), value, points, modifiable }
}

/// A warning in the subject's locale.
pub fn warning(s: &Subject, code: &str, text: &Text) -> Warning {
    Warning { code: code.to_string(), message: text.get(s.locale).to_string() }
}

/// A what-if entry.
pub fn what_if(id: &str, label: impl Into<String>, value: f64, category: &str) -> WhatIf {
    WhatIf { id: id.to_string(), label: label.into(), value, category: category.to_string() }
}

/// Fills a template whose zh and en arguments differ (e.g. localized words inside).
pub fn fill2(m: &Msg, zh: &[&str], en: &[&str]) -> Text {
    Text { zh: crate::i18n::fill(m.zh, zh), en: crate::i18n::fill(m.en, en) }
}

/// The parts of a result that vary by model.
pub struct Parts {
    pub value: f64,
    pub category: &'static str,
    /// One sentence, picked in the subject's locale.
    pub summary: Text,
    pub factors: Vec<Factor>,
    pub what_if: Vec<WhatIf>,
    /// The what-ifs that lower the value most, together (see [`WhatIfs::finish`]).
    pub combined: Option<CombinedWhatIf>,
    pub details: Option<Value>,
    pub warnings: Vec<Warning>,
}

/// Assembles a result: name, unit, category label and source from the catalogue entry.
pub fn result(info: &ModelInfo, s: &Subject, p: Parts) -> RiskResult {
    RiskResult {
        id: info.id.to_string(),
        name: s.t(&info.name).to_string(),
        value: p.value,
        unit: info.unit,
        category: p.category.to_string(),
        label: info.label(p.category, s.locale),
        summary: p.summary.get(s.locale).to_string(),
        factors: p.factors,
        what_if: p.what_if,
        details: p.details,
        warnings: p.warnings,
        source: info.source(),
        alerts: Vec::new(),
        combined: p.combined,
        assumed_no: Vec::new(),
    }
}

/// [`result`] as a scored [`Outcome`], keeping the answers `inputs` counted as "no".
pub fn scored(info: &ModelInfo, s: &Subject, inputs: &Inputs, p: Parts) -> Outcome {
    let mut r = result(info, s, p);
    r.assumed_no = inputs.assumed_no.clone();
    Outcome::Scored(Box::new(r))
}

// ---------------------------------------------------------------------------------------------
// What-ifs of an equation

/// How many of the changes that lower a value most are scored together.
pub const COMBINED_CHANGES: usize = 3;

/// A change a what-if applies to a model's inputs.
type Change<'a, X> = Box<dyn Fn(&mut X) + 'a>;

/// Builds the what-ifs of a model whose value is computed from inputs `X` by `score` (the value
/// as the result shows it, e.g. rounded): every change considered is applied to the resident's
/// inputs, scored, and offered only when it lowers the value (a change that raises it, such as a
/// smaller waist in the men's China-PAR equation, is not offered). Changes never stop a medicine:
/// the models do not consider such changes.
pub struct WhatIfs<'a, X: Copy> {
    base: X,
    value: f64,
    score: &'a dyn Fn(&X) -> f64,
    category: &'a dyn Fn(f64) -> &'static str,
    offered: Vec<(WhatIf, Change<'a, X>)>,
}

impl<'a, X: Copy> WhatIfs<'a, X> {
    pub fn new(
        base: X,
        value: f64,
        score: &'a dyn Fn(&X) -> f64,
        category: &'a dyn Fn(f64) -> &'static str,
    ) -> WhatIfs<'a, X> {
        WhatIfs { base, value, score, category, offered: Vec::new() }
    }

    /// Scores `change` applied to the resident's inputs; offers it when it lowers the value.
    pub fn consider(&mut self, id: &str, label: impl Into<String>, change: impl Fn(&mut X) + 'a) {
        let mut x = self.base;
        change(&mut x);
        let v = (self.score)(&x);
        if v < self.value {
            self.offered.push((what_if(id, label, v, (self.category)(v)), Box::new(change)));
        }
    }

    /// The what-ifs offered (in the order considered) and, when any was, the value with the
    /// [`COMBINED_CHANGES`] that lower it most applied together.
    pub fn finish(self) -> (Vec<WhatIf>, Option<CombinedWhatIf>) {
        let mut order: Vec<usize> = (0..self.offered.len()).collect();
        sort_vec(&mut order, &|&a, &b| self.offered[a].0.value.total_cmp(&self.offered[b].0.value));
        order.truncate(COMBINED_CHANGES);
        let combined = (!order.is_empty()).then(|| {
            let mut x = self.base;
            for &i in &order {
                (self.offered[i].1)(&mut x);
            }
            let value = (self.score)(&x);
            CombinedWhatIf {
                ids: order.iter().map(|&i| self.offered[i].0.id.clone()).collect(),
                value,
                category: (self.category)(value).to_string(),
            }
        });
        (self.offered.into_iter().map(|(w, _)| w).collect(), combined)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_a_model_asks_has_words() {
        for (field, m) in QUESTION_LABELS {
            assert!(field.starts_with("profile.") && !m.zh.is_empty() && !m.en.is_empty());
        }
        assert_eq!(question_label("profile.onStatin").en, "statin");
    }

    #[test]
    fn what_ifs_offer_only_what_lowers_and_combine_the_best_three() {
        let score = |x: &[f64; 4]| x.iter().sum::<f64>();
        let category = |v: f64| if v >= 10.0 { "high" } else { "low" };
        let mut w = WhatIfs::new([4.0, 3.0, 2.0, 1.0], 10.0, &score, &category);
        w.consider("a", "A", |x| x[0] = 0.0);
        w.consider("raise", "R", |x| x[1] = 9.0);
        w.consider("b", "B", |x| x[1] = 0.0);
        w.consider("c", "C", |x| x[2] = 0.0);
        w.consider("d", "D", |x| x[3] = 0.0);
        let (offered, combined) = w.finish();
        let ids: Vec<&str> = offered.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        let c = combined.unwrap();
        assert_eq!((c.ids.clone(), c.value, c.category.as_str()), (vec!["a".into(), "b".into(), "c".into()], 1.0, "low"));
    }
}
