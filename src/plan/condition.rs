//! The chronic conditions the national follow-up schedules manage. Shared by the care rules
//! (which schedule and classify per condition) and the follow-up classification.

use serde::Serialize;

use crate::read::Read;

/// A managed condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    Hypertension,
    Diabetes,
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Hypertension => "hypertension",
            Condition::Diabetes => "diabetes",
        }
    }
}
