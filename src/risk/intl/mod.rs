//! Questionnaires, elderly scales and international cardiovascular models (docs/risk-models.md §7–8):
//! PHQ-9, GAD-7, FRAIL, self-care, FINDRISC, PCE, PREVENT, Framingham.
//!
//! Every published constant lives in its model's file, next to its citation. Shared rules:
//! - questionnaire items that are not what the form allows (wrong number of items, a score that
//!   is not a whole number 0–3, an illness count outside 0–11) are `INVALID_INPUT` naming the
//!   item (`profile.questionnaires.phq9[8]`), from `assessRisk` as well as `assessModel`;
//! - the scales are scored at any age (a PHQ-9 safety alert is never hidden by an age rule);
//!   below the ages a scale was designed for, the result carries an `EXTRAPOLATED` warning;
//! - the cardiovascular models take lipids in mmol/L and convert to mg/dL with their own factor;
//!   out-of-range inputs are `OUT_OF_RANGE` with the range stated in mmol/L and mg/dL; they do
//!   not apply to people with known cardiovascular disease (`not-applicable`);
//! - as in the Chinese models: checks run history (not applicable) → age → present values
//!   against the accepted ranges → absent measurements (`Missing`); absent yes/no answers
//!   (`smoker`, `diabetes`, `onAntihypertensives`, `onStatin`) count as "no" with an
//!   `ASSUMED_NO` warning;
//! - what-ifs are offered only when they lower the score, and never stop a medicine.

use super::Model;

mod common;
mod cv;
pub mod findrisc;
pub mod frail;
pub mod framingham;
pub mod gad7;
pub mod pce;
pub mod phq9;
pub mod prevent;
pub mod self_care;

/// The questionnaire and international models, in the order of the catalogue (docs/api.md).
pub static MODELS: &[Model] = &[
    Model { info: &phq9::INFO, assess: phq9::assess, by_default: true },
    Model { info: &gad7::INFO, assess: gad7::assess, by_default: true },
    Model { info: &frail::INFO, assess: frail::assess, by_default: true },
    Model { info: &self_care::INFO, assess: self_care::assess, by_default: true },
    Model { info: &findrisc::INFO, assess: findrisc::assess, by_default: true },
    Model { info: &pce::INFO, assess: pce::assess, by_default: false },
    Model { info: &prevent::INFO, assess: prevent::assess, by_default: false },
    Model { info: &framingham::INFO, assess: framingham::assess, by_default: false },
];
