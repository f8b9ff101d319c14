//! Points, membership tiers, referrals and check-in challenges: a deterministic engine
//! (points-rules.md). State is derived from the ordered event log.
