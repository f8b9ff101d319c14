//! Points, membership tiers, referrals and check-in challenges: a deterministic engine
//! (docs/points-rules.md). State is derived from the ordered event log.
//!
//! # Design
//!
//! - **The log is the state.** Every well-formed event whose outcome could depend on other
//!   events is kept in a log sorted by `(at, id)` — refused ones too, because a late event
//!   with an earlier instant can change their outcome (a redemption refused for insufficient
//!   points becomes valid when an earlier check-in arrives). Balances, ledgers, tiers,
//!   challenge progress and referrals are *derived* by processing the log in order, so the
//!   state is a pure function of the event set (and of the `advanceTo` clock): any permutation
//!   of the same events, in single `apply` calls or batches, gives the same `exportState()`.
//! - **Incremental when in order.** An event later than every logged event (and not before the
//!   clock) is processed on top of the current state. A late event of one member (a phone
//!   syncing) replays only that member's events when nothing of other members can depend on
//!   them (no join, no move of a referral qualification, no binding reward stock; verified
//!   after the replay); any other insert replays the whole log. All paths run the same code.
//! - **Refusals.** Malformed events are errors (nothing stored). Events the rules refuse return
//!   `accepted: false` with a code. Refusals that no other event can ever change (unknown
//!   reward or challenge, self-referral, a day outside the challenge, a finalised challenge)
//!   are not stored; the others stay in the log with no effect until a replay accepts them.
//! - **Idempotency.** An id already in the log returns that event's outcome with
//!   `duplicate: true`; the same id with different content is an `INVALID_INPUT` error on
//!   `event.id` (content is compared after normalisation: the instant, not its spelling).
//! - **Time.** The engine never reads the clock. Local days use the program's fixed offset.
//!   `advanceTo(instant)` materialises expiries and tier demotions up to the instant and
//!   finalises challenges whose sync grace has passed. Spending at an instant never uses points
//!   already expired at that instant, whether or not their expiry is materialised yet.
//!
//! # Rules where docs/points-rules.md leaves a choice
//!
//! - Refusal codes besides those of docs/api.md: `ALREADY_MEMBER` (a second join without groups),
//!   `INVALID_REFERRAL` (self-referral, referring an existing member), `UNKNOWN_CHALLENGE`,
//!   `CHALLENGE_CLOSED` (a day outside the challenge, a make-up after its end and grace, a
//!   finalised challenge), `INVALID_MAKEUP` (today or a future day, a day outside the
//!   challenge, a day already credited), `UNKNOWN_REDEMPTION`, `ALREADY_REFUNDED`,
//!   `OUT_OF_RANGE` (a balance that would pass 2^53 − 1). An accepted event that earns 0 for a
//!   cap carries `code: 'CAP_REACHED'`, a message and a 0-point award with the reason.
//! - `join` of an existing member with `groups` (no referrer) moves it from that instant;
//!   `referral` is a `join` that requires `referrerId`. A referral qualifies at the referred
//!   member's first accepted check-in (any check-in, in a challenge or not).
//! - Check-in points follow the earning rules; a check-in with `challengeId` also credits that
//!   day of the challenge, and caps count per challenge (a check-in without one is its own).
//! - Tiers: the level on a day is the highest reached by the earned points of the trailing
//!   window on any day in the last `windowDays` days (so a level is kept a full window after it
//!   was last reached), or the manual floor: `adjust` with `tier` and `until` (a local day).
//!   Earned points are earnings, bonuses and referrals; `adjust` points count to the balance
//!   only. Promotions are ledger entries of the event; demotions are entries at the start of the
//!   day they happen, written when an event of the member or `advanceTo` passes that day.
//! - Expiry: end of the local day (23:59:59.999) of the policy; spending at an instant skips
//!   points expired by then; `advanceTo` writes the expiry entries. Refunds restore the points
//!   to the lots they came from, except points already expired at the refund.
//! - Enrolment in a challenge: members who joined before it ended, with their groups at its
//!   start (or at joining, if they joined during it); fixed when the challenge is finalised.
//!   Participation is the share of enrolled members with a credited day (groups) or of
//!   challenge days credited (members). Group ties: the later completion of their members, when
//!   all completed, then the group id.
//! - Late check-ins are accepted until `advanceTo` passes the challenge end plus its grace;
//!   then refused events of that challenge leave the log and its roster is frozen.
//!
//! See `ApplyResult`, `MemberView`, `LedgerEntry` for the shapes of docs/api.md.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Instant;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{Locale, Text};

mod engine;
mod event;
mod fxhash;
pub(crate) mod json;
mod msgs;
mod program;
mod state;
mod time;

pub use event::{EventType, Groups, PointsEvent};
pub use program::{
    default_program, Cap, Challenge, EarnOn, EarningRule, Expiry, ExpiryPolicy, Level, Milestone, Period, Program,
    ReferralBonus, ReferralRule, Reward, Tiers, DEFAULT_PROGRAM_JSON,
};
pub use state::STATE_VERSION;

#[cfg(target_arch = "wasm32")]
pub(crate) use program::as_rules_error;

use engine::{Ctx, Derived, Kind, Note, Outcome, NEVER};
use event::{Ev, Parsed, NONE32};
use fxhash::FxBuild;
use program::{Compiled, NONE16};
use time::{fmt_day, fmt_instant, fmt_instant_s, local_day, start_of_day_ms};

// ---------------------------------------------------------------------------------------------
// Public shapes

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

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberOptions {
    /// Instant at which tier, window and streaks are evaluated (default: the later of the clock
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Member,
    Family,
    Building,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Points (members) or average points per enrolled member (groups).
    #[default]
    Points,
    /// Percentage of challenge days credited (members) or of enrolled members who took part
    /// (groups).
    Participation,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngineOptions {
    #[serde(default)]
    pub locale: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The engine

/// Who was enrolled in a challenge, with their groups (fixed at the challenge start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RosterEntry {
    pub member: u32,
    pub family: Option<Box<str>>,
    pub building: Option<Box<str>>,
}

/// What became of one event of an `apply`/`applyBatch` call.
#[derive(Debug, Clone, Copy)]
enum Applied {
    Stored { idx: u32, duplicate: bool },
    Refused { input: usize, member: u32, note: Note },
}

/// The points engine. See the module documentation.
#[derive(Debug, Clone)]
pub struct PointsEngine {
    program: Program,
    p: Compiled,
    titles: Vec<Text>,
    locale: Locale,
    events: Vec<Ev>,
    outcomes: Vec<Outcome>,
    /// Stored events in `(at, id)` order (arrival indexes).
    order: Vec<u32>,
    by_id: HashMap<Box<str>, u32, FxBuild>,
    clock: Option<i64>,
    finals: Vec<Option<Vec<RosterEntry>>>,
    names: Vec<Box<str>>,
    name_index: HashMap<Box<str>, u32, FxBuild>,
    /// Stored events of each member, in timeline order.
    by_member: Vec<Vec<u32>>,
    st: Derived,
    /// Award slots of the arena no longer referenced (after member-local replays).
    garbage: usize,
    replays: (u64, u64),
    /// The verdict of each stored event when it was applied (arrival index).
    originals: Vec<Code>,
    /// Verdicts of earlier events before the replays of the current call (first seen).
    changes: HashMap<u32, Code, FxBuild>,
}

/// Accepted, and the note's code: what the change feed compares.
type Code = (bool, Option<&'static str>);

fn code_of(o: &Outcome) -> Code {
    (o.accepted, o.note.map(Note::code))
}

fn verdict(c: Code) -> Verdict {
    Verdict { accepted: c.0, code: c.1.map(str::to_string) }
}

fn id_conflict(field: &str, id: &str) -> Error {
    Error::new(
        ErrorCode::InvalidInput,
        Some(field),
        Text::new(
            format!("事件编号“{id}”已用于另一条内容不同的事件。"),
            format!("The event id \"{id}\" was already used for a different event."),
        ),
    )
}

fn invalid_option(field: &str, en: &str, zh: &str) -> Error {
    Error::new(ErrorCode::InvalidInput, Some(field), Text::new(format!("{field}：{zh}"), format!("{field}: {en}")))
}

/// Sorts indexes with a comparator (one sort instantiation for the whole module keeps the Wasm
/// small).
pub(crate) fn sort_idx(v: &mut [u32], cmp: &dyn Fn(u32, u32) -> std::cmp::Ordering) {
    v.sort_by(|a, b| cmp(*a, *b));
}

fn round2(num: i128, den: i128) -> f64 {
    if den == 0 {
        return 0.0;
    }
    // Exact rounding half away from zero to 2 decimals.
    let scaled = num * 100;
    let q = scaled / den;
    let r = scaled % den;
    let q = if 2 * r.abs() >= den.abs() { q + scaled.signum() * den.signum() } else { q };
    q as f64 / 100.0
}

impl PointsEngine {
    /// An engine for `program` (validated: `INVALID_RULES` naming the path).
    pub fn new(program: Program) -> Result<PointsEngine> {
        let p = program::compile(&program)?;
        let titles = program.challenges.iter().map(|c| c.title.clone()).collect();
        let st = Derived::new(&p, 0);
        Ok(PointsEngine {
            finals: vec![None; p.challenges.len()],
            program,
            p,
            titles,
            locale: Locale::ZhCn,
            events: Vec::new(),
            outcomes: Vec::new(),
            order: Vec::new(),
            by_id: HashMap::default(),
            clock: None,
            names: Vec::new(),
            name_index: HashMap::default(),
            by_member: Vec::new(),
            st,
            garbage: 0,
            replays: (0, 0),
            originals: Vec::new(),
            changes: HashMap::default(),
        })
    }

    /// An engine for the default program.
    pub fn with_default_program() -> PointsEngine {
        // The default program is covered by tests.
        PointsEngine::new(default_program()).expect("default program is valid")
    }

    /// An engine for a program given as JSON (`INVALID_RULES` naming the path).
    pub fn from_program_json(json: &str) -> Result<PointsEngine> {
        let v: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| program::as_rules_error(Error::wrong_type("program", &e.to_string())))?;
        PointsEngine::from_program_value(&v)
    }

    /// An engine for a program given as a JSON value (`INVALID_RULES` naming the path).
    pub fn from_program_value(v: &serde_json::Value) -> Result<PointsEngine> {
        let program = json::program(v, "program").map_err(program::as_rules_error)?;
        PointsEngine::new(program)
    }

    /// The locale of messages (zh-CN by default).
    pub fn set_locale(&mut self, locale: Locale) {
        self.locale = locale;
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Number of events in the log.
    pub fn event_count(&self) -> usize {
        self.order.len()
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        let b: Box<str> = name.into();
        self.names.push(b.clone());
        self.name_index.insert(b, i);
        self.st.add_member();
        self.by_member.push(Vec::new());
        i
    }

    fn key_less(&self, a: u32, b: u32) -> bool {
        let (x, y) = (&self.events[a as usize], &self.events[b as usize]);
        (x.at_ms, &*x.id) < (y.at_ms, &*y.id)
    }

    /// Refusals no other event can change: not stored.
    fn static_check(&self, ev: &Ev, unknown: (bool, bool), importing: bool) -> Option<Note> {
        if unknown.0 {
            return Some(Note::UnknownChallenge);
        }
        if unknown.1 {
            return Some(Note::UnknownReward);
        }
        match ev.kind {
            EventType::Join | EventType::Referral if ev.referrer == ev.member => Some(Note::SelfReferral),
            EventType::CheckIn if ev.challenge != NONE16 => {
                let c = &self.p.challenges[ev.challenge as usize];
                if !c.contains_day(local_day(ev.at_ms, self.p.offset)) {
                    Some(Note::NotRunning)
                } else if !importing && self.finals[ev.challenge as usize].is_some() {
                    Some(Note::ChallengeFinal)
                } else {
                    None
                }
            }
            EventType::Makeup if ev.challenge != NONE16 => {
                let c = &self.p.challenges[ev.challenge as usize];
                if !c.contains_day(ev.day) {
                    Some(Note::MakeupOutside)
                } else if ev.day >= local_day(ev.at_ms, self.p.offset) {
                    Some(Note::MakeupNotPast)
                } else if ev.at_ms >= c.final_ms {
                    Some(Note::MakeupLate)
                } else if !importing && self.finals[ev.challenge as usize].is_some() {
                    Some(Note::ChallengeFinal)
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Stores validated events (one call = one `apply` or `applyBatch`), atomically: an id
    /// conflict rejects the whole call before anything changes.
    fn ingest(&mut self, parsed: Vec<Parsed<'_>>, root: &dyn Fn(usize) -> String, importing: bool) -> Result<(Vec<Applied>, Vec<Change>)> {
        let base = self.events.len();
        let mut out = Vec::with_capacity(parsed.len());
        for (i, pe) in parsed.into_iter().enumerate() {
            let unknown = (pe.unknown_challenge, pe.unknown_reward);
            let mut ev = pe.ev;
            ev.member = self.intern(pe.member_id);
            if let Some(r) = pe.referrer_id {
                ev.referrer = self.intern(r);
            }
            if let Some(&j) = self.by_id.get(&*ev.id) {
                if self.events[j as usize] != ev {
                    // Undo this call's inserts: nothing changes.
                    for k in base..self.events.len() {
                        self.by_id.remove(&self.events[k].id);
                    }
                    self.events.truncate(base);
                    self.outcomes.truncate(base);
                    self.originals.truncate(base);
                    return Err(id_conflict(&format!("{}.id", root(i)), &ev.id));
                }
                out.push(Applied::Stored { idx: j, duplicate: true });
            } else if let Some(note) = self.static_check(&ev, unknown, importing) {
                out.push(Applied::Refused { input: i, member: ev.member, note });
            } else {
                let idx = self.events.len() as u32;
                self.by_id.insert(ev.id.clone(), idx);
                self.events.push(ev);
                self.outcomes.push(Outcome::default());
                self.originals.push((false, None));
                out.push(Applied::Stored { idx, duplicate: false });
            }
        }

        if self.events.len() > base {
            let mut new: Vec<u32> = (base as u32..self.events.len() as u32).collect();
            sort_idx(&mut new, &|a, b| {
                let (x, y) = (&self.events[a as usize], &self.events[b as usize]);
                (x.at_ms, &*x.id).cmp(&(y.at_ms, &*y.id))
            });
            let first = new[0];
            let after_log = self.order.last().is_none_or(|&l| self.key_less(l, first));
            let after_clock = self.clock.is_none_or(|c| self.events[first as usize].at_ms >= c);
            if after_log && after_clock {
                self.order.reserve(new.len());
                for &i in &new {
                    self.order.push(i);
                    self.by_member[self.events[i as usize].member as usize].push(i);
                    let cx = Ctx { p: &self.p, events: &self.events, by_id: &self.by_id };
                    self.outcomes[i as usize] = self.st.process(&cx, i);
                }
            } else {
                let local = self.local_member(&new);
                for &i in &new {
                    let m = self.events[i as usize].member as usize;
                    let pos = self.by_member[m].partition_point(|&j| self.key_less(j, i));
                    let mut list = std::mem::take(&mut self.by_member[m]);
                    list.insert(pos, i);
                    self.by_member[m] = list;
                }
                let mut merged = Vec::with_capacity(self.order.len() + new.len());
                let (mut a, mut b) = (0, 0);
                while a < self.order.len() || b < new.len() {
                    if b == new.len() || (a < self.order.len() && self.key_less(self.order[a], new[b])) {
                        merged.push(self.order[a]);
                        a += 1;
                    } else {
                        merged.push(new[b]);
                        b += 1;
                    }
                }
                self.order = merged;
                match local {
                    Some(m) => self.replay_member(m, &new),
                    None => self.replay(),
                }
            }
            for i in base..self.events.len() {
                self.originals[i] = code_of(&self.outcomes[i]);
            }
        }
        Ok((out, self.take_changes(base as u32)))
    }

    /// Records the verdict an earlier event had before a replay gives it a new outcome.
    fn note_change(changes: &mut HashMap<u32, Code, FxBuild>, i: u32, old: &Outcome, new: &Outcome) {
        if code_of(old) != code_of(new) {
            changes.entry(i).or_insert_with(|| code_of(old));
        }
    }

    /// The changed outcomes of events stored before `base` (arrival index), in timeline order.
    fn take_changes(&mut self, base: u32) -> Vec<Change> {
        let mut idx: Vec<u32> = self
            .changes
            .iter()
            .filter(|&(&i, &before)| i < base && !self.outcomes[i as usize].dropped && code_of(&self.outcomes[i as usize]) != before)
            .map(|(&i, _)| i)
            .collect();
        sort_idx(&mut idx, &|a, b| {
            let (x, y) = (&self.events[a as usize], &self.events[b as usize]);
            (x.at_ms, &*x.id).cmp(&(y.at_ms, &*y.id))
        });
        let out = idx
            .iter()
            .map(|&i| {
                let e = &self.events[i as usize];
                Change {
                    event_id: e.id.to_string(),
                    member_id: self.names[e.member as usize].to_string(),
                    before: verdict(self.changes[&i]),
                    after: verdict(code_of(&self.outcomes[i as usize])),
                }
            })
            .collect();
        self.changes.clear();
        out
    }

    /// The outcome an event had when it was applied and its current one (`None` for an id the
    /// engine does not hold).
    pub fn outcome(&self, event_id: &str) -> Option<EventOutcome> {
        let &i = self.by_id.get(event_id)?;
        let e = &self.events[i as usize];
        Some(EventOutcome {
            event_id: e.id.to_string(),
            member_id: self.names[e.member as usize].to_string(),
            original: verdict(self.originals[i as usize]),
            current: verdict(code_of(&self.outcomes[i as usize])),
        })
    }

    /// The member whose state alone a late insert of `new` can change, if there is one: every
    /// event is that member's; none is a join; none can move a referral qualification; a new
    /// redemption or refund of a stocked reward cannot make its stock binding; balances are far
    /// from the numeric guard. (Changed outcomes of the member's earlier redemptions are caught
    /// after the replay, see [`PointsEngine::replay_member`].)
    fn local_member(&self, new: &[u32]) -> Option<u32> {
        let m = self.events[new[0] as usize].member;
        let x = &self.st.members[m as usize];
        if x.balance > time::MAX_SAFE / 4 || x.lifetime > time::MAX_SAFE / 4 {
            return None;
        }
        if x.referrer != NONE32 && !x.referral_qualified {
            return None;
        }
        let mut fresh = vec![0i64; self.p.rewards.len()];
        for &i in new {
            let e = &self.events[i as usize];
            if e.member != m || matches!(e.kind, EventType::Join | EventType::Referral) {
                return None;
            }
            if e.kind == EventType::CheckIn && x.referrer != NONE32 && !self.key_less(x.qualified_by, i) {
                return None;
            }
            if let Some(r) = self.stocked_reward_of(e) {
                let binding = self.st.peak_used[r as usize] + fresh[r as usize] + 1
                    >= self.p.rewards[r as usize].stock.unwrap_or(i64::MAX);
                if binding {
                    return None;
                }
                fresh[r as usize] += 1;
            }
        }
        Some(m)
    }

    /// The stocked reward a redemption or refund is about.
    fn stocked_reward_of(&self, e: &Ev) -> Option<u16> {
        let r = match e.kind {
            EventType::Redeem => e.reward,
            EventType::Refund => {
                let j = *self.by_id.get(e.extra().redemption.as_deref().unwrap_or(""))?;
                let t = &self.events[j as usize];
                if t.kind != EventType::Redeem {
                    return None;
                }
                t.reward
            }
            _ => return None,
        };
        self.p.rewards[r as usize].stock.map(|_| r)
    }

    /// Replays the events of member `m` alone (see [`PointsEngine::local_member`]); the
    /// qualifying events of members it referred are replayed for their effect on `m` only. If
    /// the acceptance of one of its earlier redemptions or refunds of a stocked reward changes
    /// (others' stock depends on it), the whole log is replayed instead.
    fn replay_member(&mut self, m: u32, new: &[u32]) {
        self.replays.1 += 1;
        let own = std::mem::take(&mut self.by_member[m as usize]);
        let mut watch: Vec<(u32, bool)> = Vec::new();
        let mut verdicts: Vec<(u32, bool)> = Vec::new();
        for &j in &own {
            let e = &self.events[j as usize];
            if !new.contains(&j) && self.stocked_reward_of(e).is_some() {
                let o = &self.outcomes[j as usize];
                watch.push((j, o.accepted));
                if e.kind == EventType::Redeem {
                    verdicts.push((j, o.note == Some(Note::OutOfStock)));
                }
            }
            self.garbage += self.outcomes[j as usize].awards_len as usize;
        }
        verdicts.sort_unstable();
        // Awards to the referrer on this member's qualifying event stay as they are.
        let x = &self.st.members[m as usize];
        let qualified_by = if x.referral_qualified { x.qualified_by } else { NONE32 };
        let foreign: Vec<engine::Award> = if qualified_by == NONE32 {
            Vec::new()
        } else {
            let o = &self.outcomes[qualified_by as usize];
            self.st.awards[o.awards_start as usize..(o.awards_start + o.awards_len) as usize]
                .iter()
                .filter(|a| a.member != m)
                .copied()
                .collect()
        };
        self.st.reset_member(m, &own);
        let incoming = self.st.members[m as usize].incoming.clone();
        self.st.local = true;
        self.st.stock_verdicts = verdicts;
        let cx = Ctx { p: &self.p, events: &self.events, by_id: &self.by_id };
        let (mut a, mut b) = (0, 0);
        while a < own.len() || b < incoming.len() {
            let take_own = b == incoming.len() || (a < own.len() && {
                let (x, y) = (&self.events[own[a] as usize], &self.events[incoming[b] as usize]);
                (x.at_ms, &*x.id) < (y.at_ms, &*y.id)
            });
            if take_own {
                let mut o = self.st.process(&cx, own[a]);
                if own[a] == qualified_by {
                    self.st.awards.extend_from_slice(&foreign);
                    o.awards_len += foreign.len() as u32;
                }
                Self::note_change(&mut self.changes, own[a], &self.outcomes[own[a] as usize], &o);
                self.outcomes[own[a] as usize] = o;
                a += 1;
            } else {
                let j = incoming[b];
                let e = &self.events[j as usize];
                let mark = self.st.awards.len();
                self.st.qualify(&self.p, m, e.member, e.at_ms, local_day(e.at_ms, self.p.offset), j);
                self.st.awards.truncate(mark);
                b += 1;
            }
        }
        self.st.local = false;
        self.st.stock_verdicts = Vec::new();
        self.by_member[m as usize] = own;
        if watch.iter().any(|&(j, accepted)| self.outcomes[j as usize].accepted != accepted) {
            // Other members' stock verdicts may change: replay everything.
            self.replay();
            return;
        }
        if let Some(c) = self.clock {
            self.st.settle(&self.p, m, c);
            self.st.expire_member(&self.p, m, c);
        }
        if self.garbage > 4096 && self.garbage > self.st.awards.len() / 2 {
            self.compact_awards();
        }
    }

    /// Drops unreferenced award slots.
    fn compact_awards(&mut self) {
        let mut arena = Vec::with_capacity(self.st.awards.len() - self.garbage.min(self.st.awards.len()));
        for &i in &self.order {
            let o = &mut self.outcomes[i as usize];
            let start = o.awards_start as usize;
            o.awards_start = arena.len() as u32;
            arena.extend_from_slice(&self.st.awards[start..start + o.awards_len as usize]);
        }
        self.st.awards = arena;
        self.garbage = 0;
    }

    /// Compares the derived state with a full replay of the log (a test aid): `Err` names the
    /// first difference.
    #[doc(hidden)]
    pub fn check_replay(&self) -> std::result::Result<(), String> {
        let mut full = self.clone();
        full.replay();
        for (k, (a, b)) in self.st.members.iter().zip(&full.st.members).enumerate() {
            if a != b {
                return Err(format!("member {}:\n{a:?}\n{b:?}", self.names[k]));
            }
        }
        if self.st.stock_used != full.st.stock_used || self.st.redemptions != full.st.redemptions {
            return Err("stock or redemptions differ".into());
        }
        for &i in &self.order {
            let (x, y) = (&self.outcomes[i as usize], &full.outcomes[i as usize]);
            let aw = |e: &PointsEngine, o: &Outcome| {
                e.st.awards[o.awards_start as usize..(o.awards_start + o.awards_len) as usize].to_vec()
            };
            if (x.accepted, x.note, x.tier, x.tier_change) != (y.accepted, y.note, y.tier, y.tier_change)
                || aw(self, x) != aw(&full, y)
            {
                return Err(format!("outcome of {}: {x:?} vs {y:?}", self.events[i as usize].id));
            }
        }
        Ok(())
    }

    /// How many times the log was replayed in full and for one member (diagnostics).
    #[doc(hidden)]
    pub fn replay_counts(&self) -> (u64, u64) {
        self.replays
    }

    /// Rebuilds the derived state from the log.
    fn replay(&mut self) {
        self.replays.0 += 1;
        self.garbage = 0;
        let mut st = Derived::new(&self.p, self.names.len());
        let cx = Ctx { p: &self.p, events: &self.events, by_id: &self.by_id };
        for &i in &self.order {
            let o = st.process(&cx, i);
            Self::note_change(&mut self.changes, i, &self.outcomes[i as usize], &o);
            self.outcomes[i as usize] = o;
        }
        if let Some(c) = self.clock {
            for m in 0..st.members.len() {
                st.settle(&self.p, m as u32, c);
            }
            st.expire(&self.p, c);
        }
        self.st = st;
    }

    /// Applies one event. Malformed events are errors; refusals are `accepted: false`.
    pub fn apply(&mut self, event: &PointsEvent) -> Result<ApplyResult> {
        let parsed = event::parse(&self.p, event, &|| "event".to_string())?;
        let (applied, changed) = self.ingest(vec![parsed], &|_| "event".to_string(), false)?;
        let mut r = self.result(applied[0], std::slice::from_ref(event));
        r.changed = Some(changed);
        Ok(r)
    }

    /// Applies events as if in timestamp order; results are in the input order. A malformed
    /// event (or an id conflict) rejects the whole batch, naming `events[i]`.
    pub fn apply_batch(&mut self, events: &[PointsEvent]) -> Result<BatchResult> {
        let mut parsed = Vec::with_capacity(events.len());
        for (i, e) in events.iter().enumerate() {
            parsed.push(event::parse(&self.p, e, &|| format!("events[{i}]"))?);
        }
        let (applied, changed) = self.ingest(parsed, &|i| format!("events[{i}]"), false)?;
        let results = applied.into_iter().map(|a| self.result(a, events)).collect();
        Ok(BatchResult { results, changed })
    }

    fn level_id(&self, l: u8) -> String {
        self.p.level_ids[l as usize].clone()
    }

    fn tier_change(&self, c: (u8, u8)) -> TierChange {
        TierChange { from: self.level_id(c.0), to: self.level_id(c.1) }
    }

    fn note_args<'a>(&'a self, ev: &'a Ev, input: Option<&'a PointsEvent>) -> msgs::NoteArgs<'a> {
        let name = |i: u32| if i == NONE32 { "" } else { &*self.names[i as usize] };
        msgs::NoteArgs {
            member: name(ev.member),
            referrer: name(ev.referrer),
            reward: if ev.reward != NONE16 {
                &self.p.reward_ids[ev.reward as usize]
            } else {
                input.and_then(|e| e.reward_id.as_deref()).unwrap_or("")
            },
            challenge: if ev.challenge != NONE16 {
                self.titles[ev.challenge as usize].get(self.locale)
            } else {
                input.and_then(|e| e.challenge_id.as_deref()).unwrap_or("")
            },
            redemption: ev.extra().redemption.as_deref().unwrap_or(""),
        }
    }

    /// Number of ledger entries of `m` at or before the timeline position `(at_ms, id)` of an
    /// event (its own entries included).
    fn ledger_pos(&self, m: u32, at_ms: i64, id: &str) -> usize {
        use std::cmp::Ordering::*;
        let x = &self.st.members[m as usize];
        let mut pos = x.ledger.len();
        for e in x.ledger.iter().rev() {
            let after = match (e.at_ms.cmp(&at_ms), e.class.cmp(&1)) {
                (Greater, _) => true,
                (Less, _) => false,
                (_, Greater) => true,
                (_, Less) => false,
                _ => *self.events[e.event as usize].id > *id,
            };
            if !after {
                break;
            }
            pos -= 1;
        }
        pos
    }

    /// Balance and tier of `m` right after the timeline position `(at_ms, id)`.
    fn standing_at(&self, m: u32, at_ms: i64, id: &str) -> (i64, u8) {
        let x = &self.st.members[m as usize];
        if x.joined_ms > at_ms {
            return (0, 0);
        }
        let pos = self.ledger_pos(m, at_ms, id);
        let balance = x.balance - x.ledger[pos..].iter().map(|e| e.points).sum::<i64>();
        let tier = if pos == x.ledger.len() && at_ms >= x.settled_ms {
            let mut t = x.tier;
            while let Some((d, new)) = x.next_drop(t, self.p.window_days) {
                if d != i32::MIN && start_of_day_ms(d, self.p.offset) > at_ms {
                    break;
                }
                t = new;
            }
            t
        } else {
            x.ledger[..pos].iter().rev().find(|e| e.kind == Kind::Tier).map(|e| e.tier.1).unwrap_or(0)
        };
        (balance, tier)
    }

    fn result(&self, a: Applied, inputs: &[PointsEvent]) -> ApplyResult {
        let loc = self.locale;
        match a {
            Applied::Refused { input, member, note } => {
                let e = &inputs[input];
                let at_ms = Instant::parse("event.at", &e.at).map(|i| i.utc_ms).unwrap_or(i64::MAX);
                let (balance, tier) = self.standing_at(member, at_ms, &e.id);
                // Build a throwaway Ev for the message arguments.
                let ev = Ev {
                    id: e.id.as_str().into(),
                    member,
                    at_ms: 0,
                    kind: e.kind,
                    challenge: e
                        .challenge_id
                        .as_deref()
                        .and_then(|c| self.p.challenge_index(c))
                        .unwrap_or(NONE16),
                    reward: NONE16,
                    referrer: NONE32,
                    day: 0,
                    points: 0,
                    extra: None,
                };
                ApplyResult {
                    event_id: e.id.clone(),
                    accepted: false,
                    duplicate: false,
                    code: Some(note.code().to_string()),
                    message: Some(msgs::note_message(note, &self.note_args(&ev, Some(e)), loc)),
                    awards: Vec::new(),
                    balance,
                    tier: self.level_id(tier),
                    tier_change: None,
                    changed: None,
                }
            }
            Applied::Stored { idx, duplicate } => {
                let ev = &self.events[idx as usize];
                let o = &self.outcomes[idx as usize];
                let name = |m: u32| self.names[m as usize].to_string();
                let awards = self.st.awards[o.awards_start as usize..(o.awards_start + o.awards_len) as usize]
                    .iter()
                    .map(|aw| AwardView {
                        member_id: name(aw.member),
                        rule_id: msgs::rule_id(&self.p, aw.rule),
                        points: aw.points,
                        reason: msgs::award_reason(&self.p, &self.titles, aw, &name, loc),
                    })
                    .collect();
                ApplyResult {
                    event_id: ev.id.to_string(),
                    accepted: o.accepted,
                    duplicate,
                    code: o.note.map(|n| n.code().to_string()),
                    message: o.note.map(|n| msgs::note_message(n, &self.note_args(ev, None), loc)),
                    awards,
                    balance: self.standing_at(ev.member, ev.at_ms, &ev.id).0,
                    tier: self.level_id(o.tier),
                    tier_change: o.tier_change.map(|c| self.tier_change(c)),
                    changed: None,
                }
            }
        }
    }

    /// Advances the clock: materialises expiries and tier demotions up to `instant` and
    /// finalises challenges whose sync grace has passed. An instant not after the clock does
    /// nothing.
    pub fn advance_to(&mut self, instant: &str) -> Result<AdvanceResult> {
        let t = time::parse_instant("instant", instant)?;
        if self.clock.is_some_and(|c| t <= c) {
            return Ok(AdvanceResult { expired: Vec::new(), finalized: Vec::new() });
        }
        self.clock = Some(t);
        for m in 0..self.st.members.len() {
            self.st.settle(&self.p, m as u32, t);
        }
        let exp = self.st.expire(&self.p, t);
        let mut ord: Vec<u32> = (0..exp.len() as u32).collect();
        sort_idx(&mut ord, &|a, b| self.names[exp[a as usize].0 as usize].cmp(&self.names[exp[b as usize].0 as usize]));
        let expired = ord
            .iter()
            .map(|&i| {
                let (m, points) = exp[i as usize];
                Expired { member_id: self.names[m as usize].to_string(), points }
            })
            .collect();
        let mut finalized = Vec::new();
        for ci in 0..self.p.challenges.len() {
            if self.finals[ci].is_none() && self.p.challenges[ci].final_ms <= t {
                self.finals[ci] = Some(self.live_roster(ci as u16));
                // Refused events of a final challenge can never be accepted: drop them.
                let (events, outcomes, by_id) = (&self.events, &mut self.outcomes, &mut self.by_id);
                self.order.retain(|&i| {
                    let e = &events[i as usize];
                    if e.challenge as usize == ci && !outcomes[i as usize].accepted {
                        outcomes[i as usize].dropped = true;
                        by_id.remove(&e.id);
                        false
                    } else {
                        true
                    }
                });
                let outcomes = &self.outcomes;
                for list in &mut self.by_member {
                    list.retain(|&i| !outcomes[i as usize].dropped);
                }
                finalized.push(self.p.challenges[ci].id.clone());
            }
        }
        Ok(AdvanceResult { expired, finalized })
    }

    /// Members enrolled in a challenge (joined before it ended), with their groups at its start
    /// (or at joining, for those who joined during it).
    fn live_roster(&self, ci: u16) -> Vec<RosterEntry> {
        let c = &self.p.challenges[ci as usize];
        let mut out = Vec::new();
        for (m, x) in self.st.members.iter().enumerate() {
            if x.joined() && x.joined_ms < c.end_ms {
                let g = x.groups_at(c.start_ms.max(x.joined_ms));
                out.push(RosterEntry {
                    member: m as u32,
                    family: g.and_then(|g| g.family.clone()),
                    building: g.and_then(|g| g.building.clone()),
                });
            }
        }
        out
    }

    fn roster(&self, ci: u16) -> Vec<RosterEntry> {
        match &self.finals[ci as usize] {
            Some(r) => r.clone(),
            None => self.live_roster(ci),
        }
    }

    fn member_index(&self, id: &str) -> Result<u32> {
        match self.name_index.get(id) {
            Some(&m) if self.st.members[m as usize].joined() => Ok(m),
            _ => Err(Error::new(ErrorCode::UnknownMember, Some("memberId"), msgs::UNKNOWN_MEMBER.fill(&[id]))),
        }
    }

    /// The engine's "now": the later of the clock and the latest event.
    fn now_ms(&self) -> i64 {
        let last = self.order.last().map(|&i| self.events[i as usize].at_ms).unwrap_or(i64::MIN);
        self.clock.unwrap_or(i64::MIN).max(last)
    }

    /// A member's view (`UNKNOWN_MEMBER` for one who has not joined).
    pub fn member(&self, member_id: &str, options: &MemberOptions) -> Result<MemberView> {
        let m = self.member_index(member_id)?;
        let x = &self.st.members[m as usize];
        let p = &self.p;
        let w = p.window_days;
        let ref_ms = match &options.as_of {
            Some(s) => Instant::parse("options.asOf", s)?.utc_ms,
            None => self.now_ms().max(x.joined_ms),
        };
        let day = local_day(ref_ms, p.offset);
        let earned = x.earned_window(day, w);
        let tier = if ref_ms >= x.settled_ms {
            let mut t = x.tier;
            while let Some((d, new)) = x.next_drop(t, w) {
                if d != i32::MIN && start_of_day_ms(d, p.offset) > ref_ms {
                    break;
                }
                t = new;
            }
            t
        } else {
            x.ledger.iter().rev().find(|e| e.kind == Kind::Tier && e.at_ms <= ref_ms).map(|e| e.tier.1).unwrap_or(0)
        };
        let next_tier = p.level_ids.get(tier as usize + 1).map(|id| NextTier {
            id: id.clone(),
            points_needed: (p.level_min[tier as usize + 1] - earned).max(0),
        });
        let mut expiring: Vec<Expiring> = Vec::new();
        for l in &x.lots[x.expired_upto..] {
            if l.remaining > 0 && l.expires_ms != NEVER {
                let date = fmt_day(local_day(l.expires_ms, p.offset));
                match expiring.last_mut() {
                    Some(e) if e.date == date => e.points += l.remaining,
                    _ => expiring.push(Expiring { date, points: l.remaining }),
                }
            }
        }
        let mut challenges = Vec::new();
        for (ci, c) in p.challenges.iter().enumerate() {
            let enrolled = match &self.finals[ci] {
                Some(r) => r.iter().any(|e| e.member == m),
                None => x.joined_ms < c.end_ms,
            };
            if !enrolled {
                continue;
            }
            let pr = x.progress.get(ci);
            let (count, longest, cards_used, completed, points) = pr
                .map(|pr| (pr.count, pr.longest, pr.cards_used, pr.completed_by != NONE32, pr.points))
                .unwrap_or((0, 0, 0, false, 0));
            let current = match pr {
                None => 0,
                Some(pr) => {
                    if day < c.start_day {
                        0
                    } else {
                        let r = day.min(c.last_day()) - c.start_day;
                        if pr.has(r) {
                            pr.run_ending(r)
                        } else if day <= c.last_day() {
                            pr.run_ending(r - 1)
                        } else {
                            0
                        }
                    }
                }
            };
            challenges.push(ChallengeView {
                id: c.id.clone(),
                days_completed: count,
                current_streak: current,
                longest_streak: longest,
                makeup_cards_left: c.cards.saturating_sub(cards_used),
                completed,
                is_final: self.finals[ci].is_some(),
                points,
            });
        }
        let g = x.groups.last();
        Ok(MemberView {
            member_id: member_id.to_string(),
            balance: x.balance,
            earned_in_window: earned,
            lifetime_earned: x.lifetime,
            tier: self.level_id(tier),
            next_tier,
            expiring,
            challenges,
            referrals: Referrals { qualified: x.qualified, pending: x.referred.saturating_sub(x.qualified) },
            joined_at: fmt_instant(x.joined_ms, p.offset),
            family: g.and_then(|g| g.family.as_deref().map(str::to_string)),
            building: g.and_then(|g| g.building.as_deref().map(str::to_string)),
        })
    }

    /// A member's ledger, in time order.
    pub fn ledger(&self, member_id: &str) -> Result<Vec<LedgerEntry>> {
        let m = self.member_index(member_id)?;
        let x = &self.st.members[m as usize];
        Ok(x.ledger.iter().map(|e| self.entry_view(e)).collect())
    }

    fn entry_view(&self, e: &engine::Entry) -> LedgerEntry {
        let p = &self.p;
        let event_id = if e.event != NONE32 {
            self.events[e.event as usize].id.to_string()
        } else if e.kind == Kind::Expire {
            format!("expiry:{}", fmt_day(e.day))
        } else {
            format!("tier:{}", fmt_day(e.day))
        };
        LedgerEntry {
            event_id,
            rule_id: msgs::rule_id(p, e.rule),
            kind: e.kind.as_str().to_string(),
            points: e.points,
            at: if e.kind == Kind::Expire { fmt_instant_s(e.at_ms, p.offset) } else { fmt_instant(e.at_ms, p.offset) },
            local_date: fmt_day(e.day),
            expires_at: (matches!(e.kind, Kind::Earn | Kind::Adjust) && e.expires_ms != NEVER)
                .then(|| fmt_instant_s(e.expires_ms, p.offset)),
            tier_change: (e.kind == Kind::Tier).then(|| self.tier_change(e.tier)),
        }
    }

    /// Rankings. Members by points; families and buildings by the average per enrolled member
    /// or by the participation rate. Ties: earlier completion, then lower id.
    pub fn leaderboard(&self, options: &LeaderboardOptions) -> Result<Vec<LeaderRow>> {
        let ch = match &options.challenge_id {
            None => None,
            Some(c) => Some(self.p.challenge_index(c).ok_or_else(|| {
                invalid_option(
                    "options.challengeId",
                    &format!("unknown challenge \"{c}\"."),
                    &format!("未知的挑战“{c}”。"),
                )
            })?),
        };
        let limit = match options.limit {
            None => usize::MAX,
            Some(l) if l >= 1 => l as usize,
            Some(_) => {
                return Err(invalid_option("options.limit", "must be a positive whole number.", "必须是正整数。"))
            }
        };
        let metric = options.metric.unwrap_or_default();
        // (member, family, building)
        let roster: Vec<RosterEntry> = match ch {
            Some(ci) => self.roster(ci),
            None => self
                .st
                .members
                .iter()
                .enumerate()
                .filter(|(_, x)| x.joined())
                .map(|(m, x)| {
                    let g = x.groups.last();
                    RosterEntry {
                        member: m as u32,
                        family: g.and_then(|g| g.family.clone()),
                        building: g.and_then(|g| g.building.clone()),
                    }
                })
                .collect(),
        };
        // Per member: (points, took part, days credited, completion key).
        struct Row<'a> {
            id: &'a str,
            num: i128,
            den: i128,
            members: u32,
            done: Option<(i64, &'a str)>,
        }
        let member_stats = |m: u32| -> (i64, bool, u32, Option<(i64, &str)>) {
            let x = &self.st.members[m as usize];
            match ch {
                None => (x.lifetime, x.lifetime > 0, 0, None),
                Some(ci) => match x.progress.get(ci as usize) {
                    None => (0, false, 0, None),
                    Some(pr) => {
                        let done = (pr.completed_by != NONE32).then(|| {
                            let e = &self.events[pr.completed_by as usize];
                            (e.at_ms, &*e.id)
                        });
                        (pr.points, pr.count > 0, pr.count, done)
                    }
                },
            }
        };
        let mut rows: Vec<Row<'_>> = Vec::new();
        match options.scope {
            Scope::Member => {
                for r in &roster {
                    let (points, took_part, days, done) = member_stats(r.member);
                    let (num, den) = match (metric, ch) {
                        (Metric::Points, _) => (points as i128, 1),
                        (Metric::Participation, Some(ci)) => {
                            (i128::from(days) * 100, i128::from(self.p.challenges[ci as usize].days))
                        }
                        (Metric::Participation, None) => (if took_part { 100 } else { 0 }, 1),
                    };
                    rows.push(Row { id: &self.names[r.member as usize], num, den, members: 1, done });
                }
            }
            Scope::Family | Scope::Building => {
                fn group_of(family: bool, r: &RosterEntry) -> Option<&str> {
                    if family {
                        r.family.as_deref()
                    } else {
                        r.building.as_deref()
                    }
                }
                let family = options.scope == Scope::Family;
                let group = |r| group_of(family, r);
                let mut idx: Vec<u32> = (0..roster.len() as u32).filter(|&i| group(&roster[i as usize]).is_some()).collect();
                sort_idx(&mut idx, &|a, b| group(&roster[a as usize]).cmp(&group(&roster[b as usize])));
                let mut k = 0;
                while k < idx.len() {
                    let g = group(&roster[idx[k] as usize]).unwrap_or("");
                    // (points, participants, members, completion key, all completed)
                    let (mut points, mut part, mut n, mut done, mut all) = (0i128, 0i128, 0u32, None, true);
                    while k < idx.len() && group(&roster[idx[k] as usize]) == Some(g) {
                        let (p, took_part, _, d) = member_stats(roster[idx[k] as usize].member);
                        points += p as i128;
                        part += i128::from(took_part);
                        n += 1;
                        match d {
                            Some(d) if all => done = Some(done.map_or(d, |x: (i64, &str)| x.max(d))),
                            _ => {
                                all = false;
                                done = None;
                            }
                        }
                        k += 1;
                    }
                    let (num, den) = match metric {
                        Metric::Points => (points, i128::from(n)),
                        Metric::Participation => (part * 100, i128::from(n)),
                    };
                    rows.push(Row { id: g, num, den, members: n, done });
                }
            }
        }
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        sort_idx(&mut order, &|i, j| {
            let (a, b) = (&rows[i as usize], &rows[j as usize]);
            (b.num * a.den)
                .cmp(&(a.num * b.den))
                .then_with(|| match (a.done, b.done) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| a.id.cmp(b.id))
        });
        Ok(order
            .iter()
            .map(|&i| &rows[i as usize])
            .take(limit)
            .enumerate()
            .map(|(i, r)| LeaderRow {
                rank: i as u32 + 1,
                id: r.id.to_string(),
                score: round2(r.num, r.den),
                members: r.members,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_program_is_valid_and_round_trips() {
        let p = default_program();
        assert!(PointsEngine::new(p.clone()).is_ok());
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Program>(&json).unwrap(), p);
        assert_eq!(p.earning.len(), 4);
        assert_eq!(p.tiers.levels[1].min_earned, 500);
    }

    #[test]
    fn rounding_is_exact() {
        assert_eq!(round2(1, 3), 0.33);
        assert_eq!(round2(2, 3), 0.67);
        assert_eq!(round2(5, 1000), 0.01);
        assert_eq!(round2(-5, 1000), -0.01);
        assert_eq!(round2(100, 1), 100.0);
    }
}
