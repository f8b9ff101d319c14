//! The Chinese cardio-metabolic models (docs/risk-models.md §1–6): China-PAR, CDRS, hypertension
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
//!
//! The models are built with the kit of [`crate::risk::kit`], like the international ones.

use super::Model;

pub mod body;
pub mod cdrs;
pub mod china_par;
pub mod china_par_lifetime;
pub mod hypertension;
pub mod metabolic;
pub mod stroke;

/// The Chinese models, in the order of the catalogue (docs/api.md).
pub static MODELS: &[Model] = &[
    Model { info: &china_par::INFO, assess: china_par::assess, by_default: true },
    Model { info: &cdrs::INFO, assess: cdrs::assess, by_default: true },
    Model { info: &hypertension::INFO, assess: hypertension::assess, by_default: true },
    Model { info: &stroke::INFO, assess: stroke::assess, by_default: true },
    Model { info: &body::BMI_INFO, assess: body::assess_bmi, by_default: true },
    Model { info: &body::WAIST_INFO, assess: body::assess_waist, by_default: true },
    Model { info: &body::CHILD_BMI_INFO, assess: body::assess_child_bmi, by_default: true },
    Model { info: &metabolic::INFO, assess: metabolic::assess, by_default: true },
];
