//! Advice and alerts in the CDS Hooks card shape, shared by risk alerts, home-monitoring alerts
//! and care plans.

use serde::Serialize;

use crate::read::Read;

/// How urgent a card is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Indicator {
    Info,
    Warning,
    Critical,
}

/// Where a card's advice comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct CardSource {
    /// The guideline or specification cited.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

/// A CDS-Hooks-shaped card: `summary` is under 140 characters.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// Stable machine code of the rule that raised the card.
    pub code: String,
    pub indicator: Indicator,
    pub summary: String,
    pub detail: String,
    pub source: CardSource,
    /// Ids of the readings that triggered the card (home monitoring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readings: Option<Vec<String>>,
}
