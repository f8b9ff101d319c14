//! Questionnaires, elderly scales and international cardiovascular models (risk-models.md §7–8):
//! PHQ-9, GAD-7, FRAIL, self-care, FINDRISC, PCE, PREVENT, Framingham.

use super::Model;

/// The questionnaire and international models, in API.md order.
pub static MODELS: &[Model] = &[];
