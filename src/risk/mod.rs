//! Health risk scoring: the resident profile, the result shapes and the model registry.
//!
//! Each model is a [`Model`]: static catalogue information ([`ModelInfo`]: id, names, inputs with
//! units and accepted ranges, citation, edition) and a pure function from a validated
//! [`Subject`] to an [`Outcome`]. `assess_risk` runs every registered model and sorts the
//! outcomes into results and skipped entries; `assess_model` runs one and turns a skip into an
//! error. The Chinese models live in [`cn`], the questionnaires and international models in
//! [`intl`].
//!
//! Rules shared by all models:
//! - the profile is first checked for plausibility ([`Profile::validate`]): NaN, negative or
//!   physiologically impossible values are errors naming the field;
//! - a model whose inputs are absent is skipped (`missing-input`, naming the fields);
//! - a value outside a model's own accepted range is `OUT_OF_RANGE` from `assess_model` and a
//!   `not-applicable` skip (with that code and message) in `assess_risk`, so one model's range
//!   never hides the others.

use serde::Serialize;

use crate::calendar::{age_exact, age_in_years, format_date, parse_date, Date};
use crate::cards::Card;
use crate::error::{check_range, Error, ErrorCode, Result};
use crate::i18n::{msg, num, Locale, Msg, Text};
use crate::read::Read;

pub mod batch;
pub mod cn;
pub mod intl;
pub(crate) mod kit;
pub mod summary;

// ---------------------------------------------------------------------------------------------
// Profile

/// Sex, as the models use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    North,
    South,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "lowercase")]
pub enum Residence {
    Urban,
    Rural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "lowercase")]
pub enum Race {
    White,
    Black,
    Other,
}

/// Self-care level of one item of the elderly self-care ability scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Independent,
    Mild,
    Moderate,
    Dependent,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct FamilyHistory {
    pub ascvd: Option<bool>,
    pub premature_cvd: Option<bool>,
    pub diabetes: Option<bool>,
    pub stroke: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct History {
    pub stroke: Option<bool>,
    pub tia: Option<bool>,
    pub myocardial_infarction: Option<bool>,
    pub coronary_heart_disease: Option<bool>,
    pub heart_failure: Option<bool>,
    pub atrial_fibrillation: Option<bool>,
    pub valvular_heart_disease: Option<bool>,
    pub peripheral_artery_disease: Option<bool>,
    /// CKD stage 1–5.
    pub ckd_stage: Option<f64>,
    pub target_organ_damage: Option<bool>,
    pub diabetes_complications: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct Activity {
    pub sessions_per_week: Option<f64>,
    pub minutes_per_session: Option<f64>,
    pub heavy_labour: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Frail {
    pub fatigue: bool,
    pub resistance: bool,
    pub ambulation: bool,
    /// Number of the 11 named illnesses the resident has.
    pub illnesses: f64,
    pub weight_loss: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct SelfCare {
    pub eating: Level,
    pub grooming: Level,
    pub dressing: Level,
    pub toileting: Level,
    pub mobility: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum FamilyDiabetes {
    None,
    SecondDegree,
    FirstDegree,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Findrisc {
    pub daily_activity: bool,
    pub daily_vegetables: bool,
    pub ever_antihypertensives: bool,
    pub ever_high_glucose: bool,
    pub family_diabetes: FamilyDiabetes,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct Questionnaires {
    /// PHQ-9 item scores 0–3 (nine items).
    pub phq9: Option<Vec<f64>>,
    /// GAD-7 item scores 0–3 (seven items).
    pub gad7: Option<Vec<f64>>,
    pub frail: Option<Frail>,
    pub self_care: Option<SelfCare>,
    pub findrisc: Option<Findrisc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct Pregnancy {
    pub last_menstrual_period: Option<String>,
    pub due_date: Option<String>,
    pub delivery_date: Option<String>,
    pub discharge_date: Option<String>,
}

/// A resident's profile (docs/api.md, "Resident profile"; pkg/index.d.ts `Profile`). Units: mmHg, mmol/L, cm, kg, years.
/// Every field but `sex` is optional: partial profiles are normal.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub sex: Sex,
    #[serde(default)]
    pub age: Option<f64>,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub height_cm: Option<f64>,
    #[serde(default)]
    pub weight_kg: Option<f64>,
    #[serde(default)]
    pub waist_cm: Option<f64>,
    #[serde(default)]
    pub sbp: Option<f64>,
    #[serde(default)]
    pub dbp: Option<f64>,
    #[serde(default)]
    pub on_antihypertensives: Option<bool>,
    #[serde(default)]
    pub on_statin: Option<bool>,
    #[serde(default)]
    pub total_cholesterol: Option<f64>,
    #[serde(default)]
    pub hdl_cholesterol: Option<f64>,
    #[serde(default)]
    pub ldl_cholesterol: Option<f64>,
    #[serde(default)]
    pub triglycerides: Option<f64>,
    #[serde(default)]
    pub fasting_glucose: Option<f64>,
    #[serde(default)]
    pub post_load_glucose: Option<f64>,
    #[serde(default)]
    pub hba1c: Option<f64>,
    #[serde(default)]
    pub homocysteine: Option<f64>,
    #[serde(default)]
    pub egfr: Option<f64>,
    /// Urine albumin-to-creatinine ratio, mg/g (PREVENT's UACR model).
    #[serde(default)]
    pub uacr: Option<f64>,
    #[serde(default)]
    pub smoker: Option<bool>,
    #[serde(default)]
    pub diabetes: Option<bool>,
    #[serde(default)]
    pub hypertension: Option<bool>,
    #[serde(default)]
    pub dyslipidemia: Option<bool>,
    #[serde(default)]
    pub region: Option<Region>,
    #[serde(default)]
    pub residence: Option<Residence>,
    #[serde(default)]
    pub race: Option<Race>,
    #[serde(default)]
    pub family_history: Option<FamilyHistory>,
    #[serde(default)]
    pub history: Option<History>,
    #[serde(default)]
    pub activity: Option<Activity>,
    #[serde(default)]
    pub questionnaires: Option<Questionnaires>,
    #[serde(default)]
    pub pregnancy: Option<Pregnancy>,
    #[serde(default)]
    pub employed: Option<bool>,
    /// The resident's own answer to "clearly overweight or obese?" (明显超重或肥胖), used by the
    /// stroke screening when height and weight are not given.
    #[serde(default)]
    pub overweight: Option<bool>,
}

/// Plausibility limits applied to every profile before any model runs: values outside them are
/// data-entry errors (e.g. a height in metres, a glucose in mg/dL), not risk. Models check their
/// own, narrower accepted ranges.
pub const PLAUSIBLE: &[(&str, f64, f64, &str)] = &[
    ("age", 0.0, 130.0, "years"),
    ("heightCm", 30.0, 250.0, "cm"),
    ("weightKg", 1.0, 400.0, "kg"),
    ("waistCm", 20.0, 250.0, "cm"),
    ("sbp", 40.0, 300.0, "mmHg"),
    ("dbp", 20.0, 200.0, "mmHg"),
    ("totalCholesterol", 0.5, 30.0, "mmol/L"),
    ("hdlCholesterol", 0.1, 10.0, "mmol/L"),
    ("ldlCholesterol", 0.1, 20.0, "mmol/L"),
    ("triglycerides", 0.1, 60.0, "mmol/L"),
    ("fastingGlucose", 0.5, 60.0, "mmol/L"),
    ("postLoadGlucose", 0.5, 60.0, "mmol/L"),
    ("hba1c", 2.0, 25.0, "%"),
    ("homocysteine", 0.0, 500.0, "μmol/L"),
    ("egfr", 1.0, 250.0, "mL/min/1.73m²"),
    ("uacr", 0.0, 30000.0, "mg/g"),
];

impl Profile {
    /// The numeric fields, by their JSON name, in [`PLAUSIBLE`] order.
    fn numbers(&self) -> [Option<f64>; 16] {
        [
            self.age,
            self.height_cm,
            self.weight_kg,
            self.waist_cm,
            self.sbp,
            self.dbp,
            self.total_cholesterol,
            self.hdl_cholesterol,
            self.ldl_cholesterol,
            self.triglycerides,
            self.fasting_glucose,
            self.post_load_glucose,
            self.hba1c,
            self.homocysteine,
            self.egfr,
            self.uacr,
        ]
    }

    /// Checks every present value for NaN and plausibility, and every date; gives the birth
    /// date when there is one (the one parse of `birthDate`). Field paths are `profile.<name>`.
    pub fn validate(&self) -> Result<Option<Date>> {
        for ((name, lo, hi, unit), v) in PLAUSIBLE.iter().zip(self.numbers()) {
            match v {
                // The field path is built only for an error (NaN fails both comparisons).
                Some(v) if !(v >= *lo && v <= *hi) => check_range(&format!("profile.{name}"), v, *lo, *hi, unit).map(drop)?,
                _ => {}
            }
        }
        if let (Some(sbp), Some(dbp)) = (self.sbp, self.dbp) {
            check_bp_pair("profile.dbp", sbp, dbp)?;
        }
        if let Some(h) = &self.history {
            if let Some(stage) = h.ckd_stage {
                let field = "profile.history.ckdStage";
                check_range(field, stage, 1.0, 5.0, "")?;
                if stage.fract() != 0.0 {
                    return Err(Error::invalid(field, &crate::i18n::num(stage, 3), &msg::EXPECTED_INTEGER));
                }
            }
        }
        if let Some(a) = &self.activity {
            if let Some(v) = a.sessions_per_week {
                check_range("profile.activity.sessionsPerWeek", v, 0.0, 100.0, "")?;
            }
            if let Some(v) = a.minutes_per_session {
                check_range("profile.activity.minutesPerSession", v, 0.0, 1440.0, "min")?;
            }
        }
        let birth = match &self.birth_date {
            Some(d) => Some(parse_date("profile.birthDate", d)?),
            None => None,
        };
        if let Some(p) = &self.pregnancy {
            for (name, v) in [
                ("lastMenstrualPeriod", &p.last_menstrual_period),
                ("dueDate", &p.due_date),
                ("deliveryDate", &p.delivery_date),
                ("dischargeDate", &p.discharge_date),
            ] {
                if let Some(v) = v {
                    parse_date(&format!("profile.pregnancy.{name}"), v)?;
                }
            }
        }
        Ok(birth)
    }

    /// BMI rounded to one decimal (half away from zero), as clinical forms report it; `None`
    /// without height and weight. docs/risk-models.md, "Conventions for every model".
    pub fn bmi(&self) -> Option<f64> {
        let (h, w) = (self.height_cm?, self.weight_kg?);
        let raw = w / ((h / 100.0) * (h / 100.0));
        Some(round_half_away(raw, 1))
    }
}

/// A blood-pressure pair a person cannot have: the diastolic (lower) pressure must be below the
/// systolic (upper) one. `INVALID_INPUT` on `dbp_field` otherwise (a swapped pair such as 90/150
/// would be graded as hypertension and a home reading 88/152 would raise an emergency card).
pub fn check_bp_pair(dbp_field: &str, sbp: f64, dbp: f64) -> Result<()> {
    if dbp < sbp {
        return Ok(());
    }
    let (s, d) = (num(sbp, 1), num(dbp, 1));
    Err(Error::new(ErrorCode::InvalidInput, Some(dbp_field), msg_bp::DBP_NOT_BELOW_SBP.fill(&[&d, &s])))
}

mod msg_bp {
    use crate::i18n::Msg;

    pub const DBP_NOT_BELOW_SBP: Msg = Msg::new(
        "舒张压（低压）{} mmHg 不低于收缩压（高压）{} mmHg，这样的血压不可能出现；请检查两个数是否填反了。",
        "The diastolic (lower) pressure, {} mmHg, is not below the systolic (upper) pressure, {} mmHg, which cannot happen; please check whether the two numbers were swapped.",
    );
}

/// Rounds half away from zero to `decimals` places (4.95 → 5.0 at one decimal, as clinicians
/// round; binary representation error is absorbed by a relative epsilon).
pub fn round_half_away(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let scaled = x * f;
    let nudged = scaled + scaled.signum() * 1e-9 * scaled.abs().max(1.0);
    nudged.round() / f
}

/// Options of `assess_risk` / `assess_model`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct AssessOptions {
    /// Assessment date (`YYYY-MM-DD`), needed with `birthDate`.
    pub as_of: Option<String>,
    pub locale: Option<String>,
    /// Only these models (ids). By default the Chinese models and the questionnaires (every
    /// model with [`Model::by_default`]); PCE, PREVENT and Framingham only when named here.
    pub models: Option<Vec<String>>,
}

/// A validated profile with its derived age and the requested locale: what a model sees.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    pub profile: &'a Profile,
    /// Age in years: `profile.age`, or completed years from `birthDate` to `asOf`.
    pub age: Option<f64>,
    /// Exact fractional age from `birthDate` to `asOf` when both are given (else `profile.age`).
    pub age_exact: Option<f64>,
    pub locale: Locale,
    pub as_of: Option<String>,
    /// `profile.birthDate` and `options.asOf` as dates.
    pub birth: Option<Date>,
    pub on: Option<Date>,
}

impl<'a> Subject<'a> {
    /// Validates the profile and derives the age.
    pub fn new(profile: &'a Profile, options: &AssessOptions) -> Result<Subject<'a>> {
        let locale = Locale::parse(options.locale.as_deref(), "options.locale")?;
        let birth = profile.validate()?;
        let as_of = match &options.as_of {
            Some(s) => Some(parse_date("options.asOf", s)?),
            None => None,
        };
        Subject::of_valid(profile, birth, locale, as_of)
    }

    /// The subject of a profile already validated (`birth` is what validating it gave), as of
    /// `as_of`: derives the age.
    pub fn of_valid(profile: &'a Profile, birth: Option<Date>, locale: Locale, as_of: Option<Date>) -> Result<Subject<'a>> {
        let (mut age, mut exact) = (profile.age, profile.age);
        if profile.age.is_none() {
            if let (Some(birth), Some(b)) = (birth, &profile.birth_date) {
                let on = as_of.ok_or_else(|| Error::missing(&["options.asOf".to_string()]))?;
                let years = age_in_years(birth, on).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidDate,
                        Some("profile.birthDate"),
                        msg::BIRTH_AFTER_AS_OF.fill(&[b, &format_date(on)]),
                    )
                })?;
                age = Some(f64::from(years));
                exact = age_exact(birth, on);
                if let Some(a) = age {
                    check_range("profile.birthDate", a, 0.0, 130.0, "years")?;
                }
            }
        }
        Ok(Subject { profile, age, age_exact: exact, locale, as_of: as_of.map(format_date), birth, on: as_of })
    }

    /// Picks the string for the subject's locale.
    pub fn t(&self, m: &Msg) -> &'static str {
        m.get(self.locale)
    }
}

// ---------------------------------------------------------------------------------------------
// Results

/// The unit of a result's `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
pub enum ValueUnit {
    #[serde(rename = "percent")]
    Percent,
    #[serde(rename = "points")]
    Points,
    #[serde(rename = "kg/m2")]
    KgM2,
    #[serde(rename = "cm")]
    Cm,
    #[serde(rename = "count")]
    Count,
}

/// Something that pushed the score.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Factor {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    pub modifiable: bool,
}

/// The score if one modifiable factor were at target.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    pub id: String,
    pub label: String,
    pub value: f64,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub citation: String,
    pub edition: String,
}

/// One model's result.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct RiskResult {
    pub id: String,
    pub name: String,
    pub value: f64,
    pub unit: ValueUnit,
    pub category: String,
    pub label: String,
    pub summary: String,
    /// Not read back (a passed-back report is used for its values, categories, labels, sources
    /// and details; see [`RiskReport`]).
    #[serde(skip_deserializing)]
    pub factors: Vec<Factor>,
    #[serde(skip_deserializing)]
    pub what_if: Vec<WhatIf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    #[serde(skip_deserializing)]
    pub warnings: Vec<Warning>,
    pub source: Source,
    /// Safety alerts raised by this result (e.g. PHQ-9 item 9): in `assess_model`'s result;
    /// `assess_risk` moves them into `RiskReport.alerts`.
    #[serde(skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Card>,
    /// The three what-ifs that lower the value most, applied together (for the report summary).
    #[serde(skip)]
    pub combined: Option<CombinedWhatIf>,
    /// The yes/no answers that were absent and counted as "no" (profile paths).
    #[serde(skip)]
    pub assumed_no: Vec<&'static str>,
}

/// Several what-ifs of one result applied together.
#[derive(Debug, Clone, PartialEq)]
pub struct CombinedWhatIf {
    /// The ids of the what-ifs applied.
    pub ids: Vec<String>,
    pub value: f64,
    pub category: String,
}

/// Why a model was not scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    MissingInput,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub id: String,
    pub reason: SkipReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    pub message: String,
    /// The error code behind a `not-applicable` skip caused by a value outside the model's
    /// accepted range (`OUT_OF_RANGE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The report of `assess_risk`. A report passed back to the library (`generate_care_plan`'s
/// `report` option) is read for what a plan uses: `asOf`, `locale`, `age`, the results' ids,
/// names, values, units, categories, labels, summaries, details and sources, and `alerts`; the
/// summary, factors, what-ifs, warnings and skipped models are not read back (one schema less
/// of each in the Wasm).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct RiskReport {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub locale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<f64>,
    /// The one finding that matters most, the next step and how soon, the changes that lower
    /// risk most ([`summary`]). Not read back: a report passed back to the library (e.g. to
    /// `generate_care_plan`) is used for its results, with or without a summary.
    #[serde(skip_deserializing)]
    pub summary: summary::Summary,
    pub results: Vec<RiskResult>,
    #[serde(skip_deserializing)]
    pub skipped: Vec<Skipped>,
    pub alerts: Vec<Card>,
}

/// What a model function returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Scored(Box<RiskResult>),
    /// Inputs absent: the JSON paths (`profile.sbp`, `options.asOf`, …).
    Missing(Vec<String>),
    /// The model does not apply to this resident; the message says why.
    NotApplicable(Text),
}

// ---------------------------------------------------------------------------------------------
// Registry and catalogue

/// One input of a model, for the catalogue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputInfo {
    /// JSON path inside the profile, e.g. `sbp` or `questionnaires.phq9`.
    pub field: &'static str,
    pub unit: &'static str,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub required: bool,
}

/// Static information about a model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInfo {
    pub id: &'static str,
    pub name: Msg,
    pub unit: ValueUnit,
    pub citation: &'static str,
    pub edition: &'static str,
    /// Ages the model applies to (inclusive).
    pub ages: (f64, f64),
    pub inputs: &'static [InputInfo],
    /// Category codes with their labels.
    pub categories: &'static [(&'static str, Msg)],
    /// Lists an app can ask item by item (e.g. FRAIL's 11 illnesses), for the catalogue.
    pub checklists: &'static [Checklist],
}

/// A list of named items behind one input (the input holds how many apply).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checklist {
    /// The input, as in [`InputInfo::field`].
    pub field: &'static str,
    pub items: &'static [(&'static str, Msg)],
}

impl ModelInfo {
    /// The `source` of a result.
    pub fn source(&self) -> Source {
        Source { citation: self.citation.to_string(), edition: self.edition.to_string() }
    }

    /// The localized label of a category code (the code itself if unknown).
    pub fn label(&self, category: &str, locale: Locale) -> String {
        self.categories
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, m)| m.get(locale).to_string())
            .unwrap_or_else(|| category.to_string())
    }
}

/// A registered model.
pub struct Model {
    pub info: &'static ModelInfo,
    pub assess: fn(&Subject) -> Result<Outcome>,
    /// Scored by `assess_risk` without `options.models`: the Chinese models and the
    /// questionnaires. The international cardiovascular models (PCE, PREVENT, Framingham) run
    /// only when `options.models` names them, so that a Chinese resident sees one 10-year risk,
    /// China-PAR's, as the 2019 Chinese guideline recommends.
    pub by_default: bool,
}

/// Every model, in the order of the catalogue (docs/api.md).
pub fn models() -> impl Iterator<Item = &'static Model> {
    cn::MODELS.iter().chain(intl::MODELS.iter())
}

/// The model with this id.
pub fn find_model(id: &str) -> Option<&'static Model> {
    models().find(|m| m.info.id == id)
}

/// A catalogue entry (what `modelCatalog()` returns for one model).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogEntry {
    pub id: &'static str,
    pub name: &'static str,
    pub names: Text,
    pub unit: ValueUnit,
    pub inputs: Vec<CatalogInput>,
    pub citation: &'static str,
    pub edition: &'static str,
    pub ages: AgeRange,
    pub categories: Vec<CatalogCategory>,
    /// Scored by `assessRisk` unless `options.models` says otherwise.
    pub by_default: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checklists: Vec<CatalogChecklist>,
}

/// A checklist of the catalogue: the input and its items (ids with labels).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogChecklist {
    pub field: &'static str,
    pub items: Vec<CatalogCategory>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogInput {
    pub field: &'static str,
    pub unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeRange {
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogCategory {
    pub id: &'static str,
    pub label: &'static str,
}

/// Lists every model with its inputs, ranges, citation and edition.
pub fn model_catalog(locale: Locale) -> Vec<CatalogEntry> {
    models()
        .map(|m| {
            let i = m.info;
            CatalogEntry {
                id: i.id,
                name: i.name.get(locale),
                names: i.name.text(),
                unit: i.unit,
                inputs: i
                    .inputs
                    .iter()
                    .map(|x| CatalogInput { field: x.field, unit: x.unit, min: x.min, max: x.max, required: x.required })
                    .collect(),
                citation: i.citation,
                edition: i.edition,
                ages: AgeRange { min: i.ages.0, max: i.ages.1 },
                categories: i.categories.iter().map(|(id, l)| CatalogCategory { id, label: l.get(locale) }).collect(),
                by_default: m.by_default,
                checklists: i
                    .checklists
                    .iter()
                    .map(|c| CatalogChecklist {
                        field: c.field,
                        items: c.items.iter().map(|(id, l)| CatalogCategory { id, label: l.get(locale) }).collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Entry points

/// Scores every model whose inputs are present and applicable; lists the rest in `skipped`.
pub fn assess_risk(profile: &Profile, options: &AssessOptions) -> Result<RiskReport> {
    assess_subject(&Subject::new(profile, options)?, options.models.as_deref())
}

/// [`assess_risk`] of a subject (a validated profile): the models `model_ids` names, or the
/// default ones.
pub fn assess_subject(subject: &Subject, model_ids: Option<&[String]>) -> Result<RiskReport> {
    let selected: Vec<&'static Model> = match model_ids {
        None => models().filter(|m| m.by_default).collect(),
        Some(ids) => {
            let mut out = Vec::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                let m = find_model(id).ok_or_else(|| unknown_model(id, &format!("options.models[{i}]")))?;
                if !out.iter().any(|x: &&Model| x.info.id == m.info.id) {
                    out.push(m);
                }
            }
            out
        }
    };
    let mut report = RiskReport {
        as_of: subject.as_of.clone(),
        locale: subject.locale.tag().to_string(),
        age: subject.age,
        summary: summary::Summary::default(),
        results: Vec::new(),
        skipped: Vec::new(),
        alerts: Vec::new(),
    };
    for m in selected {
        match (m.assess)(&subject) {
            Ok(Outcome::Scored(mut r)) => {
                add_if_unanswered_yes(m, &subject, &mut r);
                report.alerts.append(&mut r.alerts);
                report.results.push(*r);
            }
            Ok(Outcome::Missing(fields)) => {
                let e = Error::missing(&fields);
                report.skipped.push(Skipped {
                    id: m.info.id.to_string(),
                    reason: SkipReason::MissingInput,
                    message: e.message(subject.locale).to_string(),
                    fields: Some(fields),
                    code: None,
                });
            }
            Ok(Outcome::NotApplicable(text)) => report.skipped.push(Skipped {
                id: m.info.id.to_string(),
                reason: SkipReason::NotApplicable,
                fields: None,
                message: text.get(subject.locale).to_string(),
                code: None,
            }),
            Err(e) if e.code == ErrorCode::OutOfRange => {
                // An age outside the model's ages is not a data error: say whom the model is for.
                let about_age = matches!(e.field.as_deref(), Some("profile.age" | "profile.birthDate"));
                let message = match (about_age, subject.age) {
                    (true, Some(age)) => {
                        let (lo, hi, a) = (num(m.info.ages.0, 1), num(m.info.ages.1, 1), num(age, 1));
                        msg::AGE_NOT_APPLICABLE.fill(&[m.info.name.get(subject.locale), &lo, &hi, &a]).get(subject.locale).to_string()
                    }
                    _ => e.message(subject.locale).to_string(),
                };
                report.skipped.push(Skipped {
                    id: m.info.id.to_string(),
                    reason: SkipReason::NotApplicable,
                    message,
                    fields: e.field.clone().map(|f| vec![f]),
                    code: Some(e.code.as_str().to_string()),
                })
            }
            Err(e) => return Err(e),
        }
    }
    report.summary = summary::summarize(&subject, &report);
    Ok(report)
}

/// Scores one model; a skip becomes an error (`MISSING_INPUT` naming the fields, or
/// `NOT_APPLICABLE`).
pub fn assess_model(model_id: &str, profile: &Profile, options: &AssessOptions) -> Result<RiskResult> {
    let m = find_model(model_id).ok_or_else(|| unknown_model(model_id, "modelId"))?;
    let subject = Subject::new(profile, options)?;
    match (m.assess)(&subject)? {
        Outcome::Scored(mut r) => {
            add_if_unanswered_yes(m, &subject, &mut r);
            Ok(*r)
        }
        Outcome::Missing(fields) => Err(Error::missing(&fields)),
        Outcome::NotApplicable(text) => Err(Error::new(ErrorCode::NotApplicable, None, text)),
    }
}

/// Adds `details.ifUnansweredYes` to a result that counted absent yes/no answers as "no" (the
/// answers a model asks with [`kit::Inputs::yes`]): the value and category the model gives with
/// every such answer "yes", and with each one alone, so a resident sees which answer matters.
/// The model is scored again on a copy of the profile; the result itself is kept as it is.
fn add_if_unanswered_yes(m: &Model, s: &Subject, r: &mut RiskResult) {
    if r.assumed_no.is_empty() {
        return;
    }
    let rescore = |fields: &[&str]| -> Option<serde_json::Value> {
        let mut profile = s.profile.clone();
        fields.iter().for_each(|f| answer_yes(&mut profile, f));
        let subject = Subject { profile: &profile, as_of: s.as_of.clone(), ..*s };
        match (m.assess)(&subject) {
            Ok(Outcome::Scored(x)) => Some(serde_json::json!({
                "value": x.value,
                "category": x.category,
                "label": x.label,
            })),
            _ => None,
        }
    };
    let Some(mut all) = rescore(&r.assumed_no) else { return };
    let questions: Vec<serde_json::Value> = r
        .assumed_no
        .iter()
        .filter_map(|f| {
            let mut q = rescore(&[f])?;
            q["field"] = (*f).into();
            q["question"] = kit::question_label(f).get(s.locale).into();
            Some(q)
        })
        .collect();
    all["questions"] = questions.into();
    let details = r.details.get_or_insert_with(|| serde_json::json!({}));
    if let Some(d) = details.as_object_mut() {
        d.insert("ifUnansweredYes".into(), all);
    }
}

/// Sets a yes/no answer of the profile to "yes" (for "little physical activity": no sessions).
fn answer_yes(p: &mut Profile, field: &str) {
    let yes = Some(true);
    match field {
        "profile.smoker" => p.smoker = yes,
        "profile.diabetes" => p.diabetes = yes,
        "profile.onAntihypertensives" => p.on_antihypertensives = yes,
        "profile.onStatin" => p.on_statin = yes,
        "profile.hypertension" => p.hypertension = yes,
        "profile.activity" => p.activity.get_or_insert_with(Activity::default).sessions_per_week = Some(0.0),
        _ => {
            if let Some(name) = field.strip_prefix("profile.familyHistory.") {
                let f = p.family_history.get_or_insert_with(FamilyHistory::default);
                match name {
                    "ascvd" => f.ascvd = yes,
                    "prematureCvd" => f.premature_cvd = yes,
                    "diabetes" => f.diabetes = yes,
                    "stroke" => f.stroke = yes,
                    _ => {}
                }
            }
        }
    }
}

fn unknown_model(id: &str, field: &str) -> Error {
    let shown: String = id.chars().take(40).collect();
    Error::new(ErrorCode::UnknownModel, Some(field), msg::UNKNOWN_MODEL.fill(&[&shown]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        crate::read::read(r#"{"sex":"male","age":60}"#, "profile").unwrap()
    }

    #[test]
    fn validation_names_the_field() {
        let mut p = profile();
        p.sbp = Some(f64::NAN);
        let e = assess_risk(&p, &AssessOptions::default()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("profile.sbp")));
        p.sbp = Some(-5.0);
        let e = assess_risk(&p, &AssessOptions::default()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("profile.sbp")));
    }

    #[test]
    fn birth_date_needs_as_of_and_must_precede_it() {
        let mut p = profile();
        p.age = None;
        p.birth_date = Some("1966-11-25".into());
        let e = Subject::new(&p, &AssessOptions::default()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::MissingInput, Some("options.asOf")));
        let o = AssessOptions { as_of: Some("2026-11-24".into()), ..Default::default() };
        assert_eq!(Subject::new(&p, &o).unwrap().age, Some(59.0));
        let o = AssessOptions { as_of: Some("1960-01-01".into()), ..Default::default() };
        let e = Subject::new(&p, &o).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("profile.birthDate")));
    }

    #[test]
    fn unknown_models_are_named() {
        let o = AssessOptions { models: Some(vec!["nope".into()]), ..Default::default() };
        let e = assess_risk(&profile(), &o).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::UnknownModel, Some("options.models[0]")));
        let e = assess_model("nope", &profile(), &AssessOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownModel);
    }

    #[test]
    fn a_model_for_other_ages_is_skipped_with_whom_it_is_for() {
        let mut p = profile();
        p.height_cm = Some(170.0);
        p.weight_kg = Some(70.0);
        let o = AssessOptions { locale: Some("en".into()), ..Default::default() };
        let r = assess_risk(&p, &o).unwrap();
        let s = r.skipped.iter().find(|s| s.id == "child-bmi").unwrap();
        assert_eq!(s.reason, SkipReason::NotApplicable);
        assert_eq!(s.code.as_deref(), Some("OUT_OF_RANGE"));
        assert!(s.message.contains("aged 6–18; your age, 60,"), "{}", s.message);
        // assess_model keeps the error.
        let e = assess_model("child-bmi", &p, &o).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("profile.age")));
    }

    #[test]
    fn every_question_a_model_may_assume_can_be_answered_yes() {
        for (field, _) in kit::QUESTION_LABELS {
            let mut p = profile();
            answer_yes(&mut p, field);
            assert_ne!(p, profile(), "{field}");
        }
    }

    #[test]
    fn bmi_rounds_half_away_from_zero() {
        assert_eq!(round_half_away(23.95, 1), 24.0);
        assert_eq!(round_half_away(4.95, 1), 5.0);
        assert_eq!(round_half_away(23.94, 1), 23.9);
        let mut p = profile();
        p.height_cm = Some(170.0);
        p.weight_kg = Some(69.4); // 24.0138…
        assert_eq!(p.bmi(), Some(24.0));
    }
}
