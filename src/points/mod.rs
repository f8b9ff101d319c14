//! Points, membership tiers, referrals and check-in challenges: a deterministic engine whose
//! rules, choices and guarantees are written down in `docs/points-rules.md`.
//!
//! # Design
//!
//! - **The log is the state.** Each member's events are kept in timeline order (`(at, id)`);
//!   its account (balance, lots, tier, caps, challenge progress, redemptions) is derived by
//!   processing them in that order, together with the qualifications of the members it
//!   referred. Ledgers and past views are derived again when asked for.
//! - **Late events replay what they touch.** An event that is its member's latest is processed
//!   on the account at once. A late one replays its member; what that changes for others is
//!   passed on: a changed join replays the members it referred, a changed qualification its
//!   referrer, a changed use of a stocked reward the members whose verdicts no longer hold.
//! - **Refusals.** Malformed events are errors. Refusals nothing can reverse are not stored
//!   (their ids are remembered, boundedly); refusals a late event can reverse are held, within
//!   bounds per member and in all, until the horizon passes them.
//! - **Time.** The engine never reads the clock. `advanceTo(instant)` writes off expired
//!   points, settles tier demotions, finalises challenges and moves the horizon (the clock
//!   minus the sync grace, held back by open challenges): older events are refused
//!   `TOO_LATE`, and `compact()` may fold them into per-member checkpoints.
//!
//! Module map (no cycles): `time` ← `program` ← `event` ← `model`, `earnings` ← `account` ← `process` ←
//! `engine` ← `views`, `doc`; `json` reads documents into the types of `program`, `event` and
//! `shapes`.

mod account;
mod checkpoint;
mod doc;
mod earnings;
mod engine;
mod event;
mod fxhash;
mod ids;
pub(crate) mod json;
mod model;
mod msgs;
mod process;
mod program;
mod shapes;
mod time;
mod views;

pub use doc::{reseal_state, MAX_JS_STRING, MEMORY_LIMIT, STATE_VERSION};
pub use engine::PointsEngine;
pub use event::{EventType, Groups, PointsEvent};
pub use program::default_program;
pub use program::{
    Cap, CapScope, Challenge, EarnOn, EarningRule, Expiry, ExpiryPolicy, Level, Milestone, Period, Program, ReferralBonus,
    ReferralRule, Reward, Tiers, DEFAULT_PROGRAM_JSON, DEFAULT_SYNC_GRACE_HOURS,
};
pub use shapes::{
    AdvanceResult, ApplyResult, AwardView, BatchResult, Change, ChallengeView, CompactResult, EngineOptions, EngineStats,
    EventOutcome, Expired, Expiring, LeaderRow, LeaderboardOptions, LedgerEntry, MemberOptions, MemberView, Metric,
    NextTier, Referrals, Scope, StateOptions, TierChange, Verdict,
};

#[cfg(target_arch = "wasm32")]
pub(crate) use program::as_rules_error;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_program_is_valid_and_round_trips() {
        let p = default_program();
        assert!(PointsEngine::new(p.clone()).is_ok());
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(crate::read::read::<Program>(&json, "program").unwrap(), p);
        assert_eq!(p.earning.len(), 4);
        assert_eq!(p.tiers.levels[1].min_earned, 500);
    }
}
