//! The shapes the engine returns and the options it takes (the camelCase JSON of the API).

use serde::Serialize;

use crate::read::Read;

/// One award of an event (`points: 0` with the reason when a cap is reached).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AwardView {
    pub member_id: String,
    pub rule_id: String,
    pub points: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierChange {
    pub from: String,
    pub to: String,
}

/// The outcome of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyResult {
    pub event_id: String,
    pub accepted: bool,
    pub duplicate: bool,
    /// Refusal code, or `CAP_REACHED` on an accepted event that earned 0 for its cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub awards: Vec<AwardView>,
    /// The member's balance right after this event in timestamp order.
    pub balance: i64,
    /// The member's tier right after this event.
    pub tier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_change: Option<TierChange>,
    /// `apply` only: outcomes of events applied in earlier calls that this call changed (a
    /// late event can turn an earlier acceptance into a refusal and back). Absent on the
    /// results of `applyBatch`, whose `changed` is on the batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<Vec<Change>>,
}

/// Whether an event is accepted, and its code (a refusal code, or `CAP_REACHED`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub accepted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// An outcome of an event applied in an earlier call that a later call changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub event_id: String,
    pub member_id: String,
    pub before: Verdict,
    pub after: Verdict,
}

/// `outcome(eventId)`: the outcome an event had when it was applied, and the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventOutcome {
    pub event_id: String,
    pub member_id: String,
    pub original: Verdict,
    pub current: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchResult {
    pub results: Vec<ApplyResult>,
    /// Outcomes of events applied in earlier calls that this batch changed.
    pub changed: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextTier {
    pub id: String,
    pub points_needed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expiring {
    pub date: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeView {
    pub id: String,
    pub days_completed: u32,
    pub current_streak: u32,
    pub longest_streak: u32,
    pub makeup_cards_left: u32,
    pub completed: bool,
    #[serde(rename = "final")]
    pub is_final: bool,
    /// Points earned through this challenge.
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referrals {
    pub qualified: u32,
    pub pending: u32,
}

/// A member as of an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub member_id: String,
    pub balance: i64,
    pub earned_in_window: i64,
    pub lifetime_earned: i64,
    pub tier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_tier: Option<NextTier>,
    pub expiring: Vec<Expiring>,
    pub challenges: Vec<ChallengeView>,
    pub referrals: Referrals,
    pub joined_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Read)]
#[serde(rename_all = "camelCase")]
pub struct MemberOptions {
    /// Every figure as of this instant: the events up to it, the expiries and tier changes due
    /// by it (default: the engine's present state, its tier evaluated at the later of the clock
    /// and the latest event).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// An immutable ledger entry. Balance = sum of `points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub event_id: String,
    pub rule_id: String,
    pub kind: String,
    pub points: i64,
    pub at: String,
    pub local_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Tier entries: the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_change: Option<TierChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Member,
    Family,
    Building,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Points (members) or average points per enrolled member (groups).
    #[default]
    Points,
    /// Percentage of challenge days credited (members) or of enrolled members who took part
    /// (groups).
    Participation,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Read)]
#[serde(rename_all = "camelCase")]
pub struct LeaderboardOptions {
    #[serde(default)]
    pub challenge_id: Option<String>,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub metric: Option<Metric>,
    #[serde(default)]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderRow {
    pub rank: u32,
    pub id: String,
    pub score: f64,
    pub members: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Expired {
    pub member_id: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvanceResult {
    pub expired: Vec<Expired>,
    pub finalized: Vec<String>,
}

/// Engine options (`new PointsEngine(program, { locale })`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Read)]
#[serde(rename_all = "camelCase")]
pub struct EngineOptions {
    #[serde(default)]
    pub locale: Option<String>,
}


/// `compact()`: what was folded into checkpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompactResult {
    /// The instant before which history is folded (`null` before the first `advanceTo`).
    pub horizon: Option<String>,
    /// Events folded by this call.
    pub folded: u64,
    /// Members with a checkpoint.
    pub members: u64,
}

/// Figures of an engine's memory (`stats()`): what the bench reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineStats {
    /// Events held in the log (the open tail; folded events are not counted).
    pub events: u64,
    /// Refused events held because a late event could still reverse them.
    pub pending: u64,
    /// Members (joined or holding events).
    pub members: u64,
    /// Members with a checkpoint.
    pub checkpoints: u64,
    /// Remembered ids of refusals that were not kept.
    pub forgotten: u64,
    /// Approximate bytes of memory the engine holds.
    pub bytes: u64,
    /// Replays of one member, and of the whole log, since the engine was built.
    pub member_replays: u64,
    pub full_replays: u64,
}

/// Options of `exportState` / `fromState`: `{ key, locale }`. Any other key is refused (a
/// misspelt `key` must not leave a document unsealed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Read)]
#[serde(deny_unknown_fields)]
pub struct StateOptions {
    /// A secret of the host (at least 16 bytes): the document is sealed with HMAC-SHA-256 under
    /// it on export, and must carry a valid seal under it on import.
    #[serde(default)]
    pub key: Option<String>,
    /// The language of messages (read by the bindings; the engine's own is `set_locale`).
    #[serde(default)]
    pub locale: Option<String>,
}
