//! The Chinese cardio-metabolic models (risk-models.md §1–6): China-PAR, CDRS, hypertension
//! grading and stratification, stroke screening, body size, metabolic syndrome.

use super::Model;

/// The Chinese models, in API.md order.
pub static MODELS: &[Model] = &[];
