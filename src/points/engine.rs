//! The engine: the event log (per member, in timeline order), the accounts derived from it, and
//! the processing of each `apply`/`applyBatch` call in phases: classify → store → process in
//! order → replay the members late events touched → keep or forget refusals → results.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{Locale, Text};
use crate::order::{sort_idx, sort_vec};

use super::account::{Account, QUALIFIED};
use super::event::{self, EventType, Extra, Parsed, PointsEvent, NO_NAME};
use super::fxhash::FxBuild;
use super::ids::{Forgotten, Ids, Interner, Refused};
use super::model::{
    room_for_one, tag_accepted, tag_code, tag_reversible, Award, ChallengeIx, Ev, Here, IdRef, Key, Mem, Note, RewardIx, ACCEPTED,
    NEVER, NO_ARG,
};
use super::process::{self, receive_referral, Out, World};
use super::program::{self, Compiled, Program};
use super::shapes::{
    AdvanceResult, ApplyResult, AwardView, BatchResult, Change, CompactResult, EngineStats, EventOutcome, Expired, TierChange,
    Verdict,
};
use super::time::{fmt_instant, local_day};
use super::{msgs, time};

/// A member's slot: its open log, the qualifications of members it referred, its checkpoint
/// and its account.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slot {
    /// Events after the checkpoint, in timeline order.
    pub events: Vec<Ev>,
    /// Qualifying events of the members this member referred, after the checkpoint, in order.
    pub incoming: Vec<(Key, Mem)>,
    /// Members whose joins name this member as referrer.
    pub named_by: Vec<Mem>,
    /// The account at the checkpoint (history before `base_at` folded).
    pub base: Option<Box<Account>>,
    pub base_at: i64,
    /// The account after every event.
    pub acc: Account,
    /// To be replayed before the current call ends.
    pub dirty: bool,
}

impl Slot {
    /// The last timeline position processed into the account.
    pub fn last_key(&self, ids: &Ids) -> Option<Key> {
        let a = self.events.last().map(Ev::key);
        let b = self.incoming.last().map(|x| x.0);
        match (a, b) {
            (Some(a), Some(b)) => Some(if ids.less(a, b) { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// Index of the event with id `r`.
    pub fn find(&self, r: IdRef) -> Option<usize> {
        self.events.iter().rposition(|e| e.id == r)
    }

    /// Index of the event with id `r` at instant `at` (the log is in timeline order: a binary
    /// search, then the events of that instant).
    pub fn find_at(&self, at: i64, r: IdRef) -> Option<usize> {
        let from = self.events.partition_point(|e| e.at < at);
        self.events[from..].iter().take_while(|e| e.at == at).position(|e| e.id == r).map(|k| from + k)
    }

    pub fn pending(&self) -> usize {
        self.events.iter().filter(|e| !e.accepted()).count()
    }

    /// Whether the member has a join in its log or a checkpoint (it is, or may yet be, a member).
    pub fn has_join(&self) -> bool {
        self.base.is_some() || self.events.iter().any(|e| matches!(e.kind, EventType::Join | EventType::Referral))
    }
}

/// The use of one stocked reward: units taken (+1) and given back (−1) after the checkpoint.
#[derive(Debug, Clone, Default)]
pub(crate) struct StockLine {
    /// Units in use at the checkpoint.
    pub base: i64,
    pub entries: Vec<(Key, Mem, i64)>,
    /// `base` plus every entry.
    pub total: i64,
    /// Held redemptions refused after the stock was checked: for want of stock (`false`), or
    /// of points with a unit free (`true`). A change of the use before them can change them.
    pub waiting: Vec<(Key, Mem, bool)>,
}

impl StockLine {
    /// Units in use just before timeline position `k`, ignoring `skip`'s entries.
    pub fn used_before(&self, ids: &Ids, k: Key, skip: Mem) -> i64 {
        // Entries are in timeline order: those from `k` on are at the end.
        let from = self.entries.partition_point(|e| ids.less(e.0, k));
        let mut used = self.total - self.entries[from..].iter().map(|e| e.2).sum::<i64>();
        if !skip.is_none() {
            used -= self.entries[..from].iter().filter(|e| e.1 == skip).map(|e| e.2).sum::<i64>();
        }
        used
    }

    fn insert(&mut self, ids: &Ids, k: Key, m: Mem, delta: i64) {
        let pos = self.entries.partition_point(|e| ids.less(e.0, k));
        self.entries.insert(pos, (k, m, delta));
        self.total += delta;
    }
}

/// A walk's view of one processed event.
pub(crate) struct Step<'a> {
    pub ev: &'a Ev,
    pub result: std::result::Result<Option<Note>, Note>,
    pub out: &'a Out,
    pub acc: &'a Account,
}

/// Where a walk stops and what it settles at the end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WalkTo {
    /// Process timeline positions before this one (all when `None`).
    pub stop: Option<Key>,
    /// Then settle tier demotions up to this instant …
    pub settle_at: Option<i64>,
    /// … and write off points expired before this one.
    pub expire_at: Option<i64>,
    /// Build the ledger.
    pub journal: bool,
}

/// What a walk through a member's timeline produced.
pub(crate) struct Walked {
    pub acc: Account,
    /// New tag of each event of the log (in order), up to where the walk stopped.
    pub tags: Vec<u8>,
    /// Stock units taken and given back by the member's events.
    pub stock: Vec<(RewardIx, Key, i64)>,
}

/// What became of an input event of a call.
#[derive(Debug, Clone, Copy)]
enum Class {
    /// New and stored (processed).
    New(IdRef),
    /// The same event as a held one.
    Held(IdRef),
    /// The same event as an earlier input of this call.
    Repeat(usize),
    /// The same event as a remembered refusal.
    Remembered,
    /// Refused for good before processing (nothing stored).
    Final(Note),
}

/// A result captured while processing a new event of the call.
#[derive(Debug, Clone)]
struct Captured {
    result: std::result::Result<Option<Note>, Note>,
    awards: Vec<Award>,
    balance: i64,
    tier: u8,
    tier_change: Option<(u8, u8)>,
}

impl Captured {
    /// The result of `ev` just processed on `acc` (a refusal shows the tier at its instant).
    fn of(p: &Compiled, ev: &Ev, result: std::result::Result<Option<Note>, Note>, out: &Out, acc: &Account) -> Captured {
        Captured {
            result,
            awards: out.awards.clone(),
            balance: acc.balance,
            tier: if result.is_ok() { acc.tier } else { acc.tier_at(ev.at, p) },
            tier_change: out.tier_change,
        }
    }
}

/// The state of one `apply`/`applyBatch` call.
#[derive(Default)]
pub(crate) struct Call {
    /// New events of the call → input index.
    new: HashMap<IdRef, u32, FxBuild>,
    captured: Vec<Option<Captured>>,
    /// Tags of earlier events before this call changed them (first seen).
    changes: HashMap<IdRef, u32, FxBuild>,
}

/// At most this many held refusals per member …
pub(crate) const PENDING_PER_MEMBER: usize = 32;
/// … and in all: beyond, a refusal is final when decided.
pub(crate) const PENDING_TOTAL: usize = 50_000;

/// The points engine. See the module documentation of `points`.
#[derive(Debug, Clone)]
pub struct PointsEngine {
    pub(crate) program: Program,
    pub(crate) p: Compiled,
    pub(crate) titles: Vec<Text>,
    pub(crate) locale: Locale,
    pub(crate) ids: Ids,
    pub(crate) names: Interner,
    pub(crate) groups: Interner,
    pub(crate) slots: Vec<Slot>,
    pub(crate) extras: HashMap<IdRef, Extra, FxBuild>,
    pub(crate) stock: Vec<StockLine>,
    pub(crate) clock: Option<i64>,
    /// Events before this instant are refused `TOO_LATE`, and may be folded (`i64::MIN` before
    /// the first `advanceTo`).
    pub(crate) horizon: i64,
    pub(crate) forgotten: Forgotten,
    /// Tags events had when applied, for events whose outcome changed since.
    pub(crate) originals: HashMap<IdRef, u32, FxBuild>,
    /// Every held refusal (a stored event that is refused) in timeline order (instant, then id),
    /// and where it is: the latest are the ones the bound forgets; their number is `len()`.
    pub(crate) held: BTreeMap<(i64, Box<str>), (IdRef, Mem)>,
    pub(crate) events: usize,
    pub(crate) replays: (u64, u64),
    dirty: Vec<Mem>,
    /// Slots that may hold nothing any more.
    maybe_empty: Vec<Mem>,
    /// Processing the whole log in timeline order (import, full replay): every position is
    /// its member's latest.
    in_timeline_order: bool,
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

impl PointsEngine {
    /// An engine for `program` (validated: `INVALID_RULES` naming the path).
    pub fn new(program: Program) -> Result<PointsEngine> {
        let p = program::compile(&program)?;
        let titles = program.challenges.iter().map(|c| c.title.clone()).collect();
        let stock = vec![StockLine::default(); p.rewards.len()];
        Ok(PointsEngine {
            program,
            p,
            titles,
            locale: Locale::ZhCn,
            ids: Ids::default(),
            names: Interner::default(),
            groups: Interner::default(),
            slots: Vec::new(),
            extras: HashMap::default(),
            stock,
            clock: None,
            horizon: i64::MIN,
            forgotten: Forgotten::default(),
            originals: HashMap::default(),
            held: BTreeMap::new(),
            events: 0,
            replays: (0, 0),
            dirty: Vec::new(),
            maybe_empty: Vec::new(),
            in_timeline_order: false,
        })
    }

    /// An engine for the default program.
    pub fn with_default_program() -> PointsEngine {
        // The default program is covered by tests.
        PointsEngine::new(super::default_program()).expect("default program is valid")
    }

    /// An engine for a program given as JSON text (`INVALID_RULES` naming the path).
    pub fn from_program_json(json: &str) -> Result<PointsEngine> {
        let program = crate::read::read::<Program>(json, "program").map_err(program::as_rules_error)?;
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

    /// Number of events held in the log (the open tail, held refusals included).
    pub fn event_count(&self) -> usize {
        self.events
    }

    pub(crate) fn levels(&self) -> usize {
        self.p.level_ids.len()
    }

    pub(crate) fn name(&self, m: Mem) -> &str {
        if m.is_none() {
            ""
        } else {
            self.names.name(m.0)
        }
    }

    pub(crate) fn group_name(&self, g: u32) -> Option<&str> {
        (g != NO_NAME).then(|| self.groups.name(g))
    }

    /// A member's slot, interned on first use.
    pub(crate) fn slot_for(&mut self, name: &str) -> Mem {
        let (i, fresh) = self.names.intern(name);
        if fresh {
            let slot = Slot { acc: Account::new(self.levels()), base_at: i64::MIN, ..Slot::default() };
            if i as usize == self.slots.len() {
                // Grown by a quarter: a slot is about 440 bytes, and doubling left up to half
                // of a million members' slots unused.
                room_for_one(&mut self.slots);
                self.slots.push(slot);
            } else {
                self.slots[i as usize] = slot;
            }
        }
        Mem(i)
    }

    pub(crate) fn member_named(&self, name: &str) -> Option<Mem> {
        self.names.get(name).map(Mem)
    }

    fn is_final(&self, c: ChallengeIx) -> bool {
        self.clock.is_some_and(|t| t >= self.p.challenges[c.ix()].final_ms)
    }

    /// Ends of finalised challenges: joins and moves dated before the latest one would change a
    /// final roster.
    fn roster_cutoff(&self) -> i64 {
        let t = self.clock.unwrap_or(i64::MIN);
        self.p.challenges.iter().filter(|c| c.final_ms <= t).map(|c| c.end_ms).max().unwrap_or(i64::MIN)
    }

    /// The horizon for clock `t`: the clock minus the sync grace, but never after the start of a
    /// challenge that has started and is not final (its late check-ins still count).
    pub(crate) fn horizon_for(&self, t: i64) -> i64 {
        let mut h = t.saturating_sub(self.p.sync_grace_ms);
        for c in &self.p.challenges {
            if c.start_ms <= t && t < c.final_ms {
                h = h.min(c.start_ms);
            }
        }
        h
    }

    /// Refusals no other event can change (decided before storing; nothing is stored).
    fn static_check(&self, pe: &Parsed<'_>) -> Option<Note> {
        if pe.unknown_challenge {
            return Some(Note::UnknownChallenge);
        }
        if pe.unknown_reward {
            return Some(Note::UnknownReward);
        }
        let challenge = (pe.arg != NO_ARG && matches!(pe.kind, EventType::CheckIn | EventType::Makeup)).then_some(ChallengeIx(pe.arg));
        match (pe.kind, challenge) {
            (EventType::Join | EventType::Referral, _) if pe.referrer() == Some(&*pe.input.member_id) => {
                return Some(Note::SelfReferral)
            }
            (EventType::CheckIn, Some(c)) => {
                let ch = &self.p.challenges[c.ix()];
                if !ch.contains_day(local_day(pe.at, self.p.offset)) {
                    return Some(Note::NotRunning);
                }
                if self.is_final(c) {
                    return Some(Note::ChallengeFinal);
                }
            }
            (EventType::Makeup, Some(c)) => {
                let ch = &self.p.challenges[c.ix()];
                if !ch.contains_day(pe.day) {
                    return Some(Note::MakeupOutside);
                }
                if pe.day >= local_day(pe.at, self.p.offset) {
                    return Some(Note::MakeupNotPast);
                }
                if pe.at >= ch.final_ms {
                    return Some(Note::MakeupLate);
                }
                if self.is_final(c) {
                    return Some(Note::ChallengeFinal);
                }
            }
            _ => {}
        }
        let membership = matches!(pe.kind, EventType::Join | EventType::Referral);
        if pe.at < self.horizon || (membership && pe.at < self.roster_cutoff()) {
            return Some(Note::TooLate { horizon: self.horizon.max(if membership { self.roster_cutoff() } else { i64::MIN }) });
        }
        None
    }

    /// The fingerprint of a held event (see [`event::fingerprint`]).
    fn held_fingerprint(&self, r: IdRef) -> u64 {
        let m = self.ids.member(r);
        let Some(i) = self.slots[m.ix()].find(r) else { return 0 };
        let ev = self.slots[m.ix()].events[i];
        let e = self.to_event(m, &ev);
        event::fingerprint(&e.view(), ev.at)
    }

    /// A held event in the input shape.
    pub(crate) fn to_event(&self, m: Mem, ev: &Ev) -> PointsEvent {
        event::to_event(
            &self.p,
            self.ids.str(ev.id),
            self.name(m),
            ev.at,
            ev.kind,
            ev.arg,
            self.extras.get(&ev.id),
            &|r| self.name(Mem(r)).to_string(),
            &|g| self.group_name(g).map(str::to_string),
        )
    }

    /// Phase 1 of a call: what each input is. Nothing changes; an id used for other content is
    /// an error that rejects the whole call.
    fn classify(&self, parsed: &[Parsed<'_>], root: &dyn Fn(usize) -> String) -> Result<Vec<Class>> {
        // Repeats inside the call: each input's first occurrence of its id.
        let mut by_id: Vec<u32> = (0..parsed.len() as u32).collect();
        sort_idx(&mut by_id, &|a, b| parsed[a as usize].input.id.cmp(&parsed[b as usize].input.id).then(a.cmp(&b)));
        let mut first = vec![u32::MAX; parsed.len()];
        for w in by_id.windows(2) {
            if parsed[w[0] as usize].input.id == parsed[w[1] as usize].input.id {
                let f = if first[w[0] as usize] == u32::MAX { w[0] } else { first[w[0] as usize] };
                first[w[1] as usize] = f;
            }
        }
        let mut out = Vec::with_capacity(parsed.len());
        for (i, pe) in parsed.iter().enumerate() {
            let id: &str = &pe.input.id;
            let conflict = || id_conflict(&format!("{}.id", root(i)), id);
            if let Some(r) = self.ids.lookup(id) {
                if self.held_fingerprint(r) != event::fingerprint(&pe.input, pe.at) {
                    return Err(conflict());
                }
                out.push(Class::Held(r));
            } else if let Some(f) = self.forgotten.get(id) {
                if f.fingerprint != event::fingerprint(&pe.input, pe.at) {
                    return Err(conflict());
                }
                out.push(Class::Remembered);
            } else if first[i] != u32::MAX {
                let j = first[i] as usize;
                if event::fingerprint(&parsed[j].input, parsed[j].at) != event::fingerprint(&pe.input, pe.at) {
                    return Err(conflict());
                }
                out.push(Class::Repeat(j));
            } else {
                out.push(match self.static_check(pe) {
                    Some(note) => Class::Final(note),
                    None => Class::New(IdRef::NONE),
                });
            }
        }
        Ok(out)
    }

    /// Phase 2: stores a new event (interning its names); returns its member and event.
    fn store(&mut self, pe: &Parsed<'_>) -> (Mem, Ev) {
        let m = self.slot_for(&pe.input.member_id);
        let id = self.ids.insert(&pe.input.id, m);
        let extra = match pe.kind {
            EventType::Join | EventType::Referral => {
                let referrer = match pe.referrer() {
                    Some(r) => {
                        let rm = self.slot_for(r);
                        self.slots[rm.ix()].named_by.push(m);
                        rm.0
                    }
                    None => NO_NAME,
                };
                let (f, b) = pe.groups();
                let family = f.map(|f| self.groups.intern(f).0).unwrap_or(NO_NAME);
                let building = b.map(|b| self.groups.intern(b).0).unwrap_or(NO_NAME);
                Some(Extra::Join { referrer, family, building, has_groups: f.is_some() || b.is_some() })
            }
            EventType::Makeup => Some(Extra::Makeup { day: pe.day }),
            EventType::Refund => Some(Extra::Refund { redemption: pe.input.redemption_id.as_deref().unwrap_or("").into() }),
            EventType::Adjust => Some(Extra::Adjust {
                points: pe.points,
                reason: pe.input.reason.as_deref().map(Into::into),
                tier: pe.tier,
            }),
            _ => None,
        };
        if let Some(x) = extra {
            self.extras.insert(id, x);
        }
        self.events += 1;
        (m, Ev { at: pe.at, id, kind: pe.kind, tag: ACCEPTED, arg: pe.arg })
    }

    /// Applies validated events as one call.
    fn ingest(&mut self, parsed: Vec<Parsed<'_>>, root: &dyn Fn(usize) -> String) -> Result<(Vec<ApplyResult>, Vec<Change>)> {
        let mut classes = self.classify(&parsed, root)?;
        let mut call = Call { captured: vec![None; parsed.len()], ..Call::default() };

        // Store the new events, in timeline order.
        let mut order: Vec<u32> = (0..parsed.len() as u32).filter(|&i| matches!(classes[i as usize], Class::New(_))).collect();
        sort_idx(&mut order, &|a, b| {
            let (x, y) = (&parsed[a as usize], &parsed[b as usize]);
            (x.at, &*x.input.id).cmp(&(y.at, &*y.input.id))
        });
        for &i in &order {
            let (m, ev) = self.store(&parsed[i as usize]);
            classes[i as usize] = Class::New(ev.id);
            call.new.insert(ev.id, i);
            self.place(m, ev, &mut call);
        }
        self.settle_dirty(&mut call);
        self.refresh_referral_awards(&mut call);
        let changes = self.take_changes(&call);
        let held: Vec<IdRef> = classes.iter().filter_map(|c| if let Class::Held(r) = c { Some(*r) } else { None }).collect();
        let held = self.held_outcomes(&held);
        let results = (0..parsed.len()).map(|i| self.result(i, &parsed, &classes, &call, &held)).collect();

        // Refusals decided before storing are remembered (a resend is a duplicate; other content
        // under the id is a conflict).
        for (pe, class) in parsed.iter().zip(&classes) {
            if let Class::Final(note) = *class {
                self.forgotten.remember(Refused {
                    id: (*pe.input.id).into(),
                    member: (*pe.input.member_id).into(),
                    at: pe.at,
                    fingerprint: event::fingerprint(&pe.input, pe.at),
                    tag: note.tag(),
                    first: note.tag(),
                });
            }
        }

        // Refusals nothing can reverse are forgotten (new ones, and earlier events this call
        // refused for good); reversible new ones are held within bounds.
        let mut changed: Vec<(Key, IdRef)> = call
            .changes
            .keys()
            .filter_map(|&r| {
                let m = self.ids.member(r);
                self.slots[m.ix()].find(r).map(|k| (self.slots[m.ix()].events[k].key(), r))
            })
            .collect();
        sort_vec(&mut changed, &|a, b| self.ids.cmp(a.0, b.0));
        let fresh = order.iter().filter_map(|&i| if let Class::New(r) = classes[i as usize] { Some(r) } else { None });
        let candidates: Vec<IdRef> = fresh.chain(changed.into_iter().map(|(_, r)| r)).collect();
        let mut touched: Vec<Mem> = Vec::new();
        for r in candidates {
            let m = self.ids.member(r);
            let Some(k) = self.slots[m.ix()].find(r) else { continue };
            let tag = self.slots[m.ix()].events[k].tag;
            if tag_accepted(tag) {
                continue;
            }
            if tag_reversible(tag) {
                touched.push(m);
            } else {
                self.forget(m, k);
            }
        }
        sort_vec(&mut touched, &|a, b| a.cmp(b));
        touched.dedup();
        self.keep_held_within_bounds(Some(&touched));
        Ok((results, changes))
    }

    /// After an import: the held refusals within the bounds kept as events arrive (a version 1
    /// log holds every refusal; a hand-made document can hold any number).
    pub(crate) fn bound_held_after_import(&mut self) {
        self.keep_held_within_bounds(None);
    }

    /// Trims the held refusals of `members` (`None`: every member) to the bound per member,
    /// then all of them to the bound in all, and frees the slots left empty.
    fn keep_held_within_bounds(&mut self, members: Option<&[Mem]>) {
        for k in 0..members.map_or(self.slots.len(), <[Mem]>::len) {
            self.trim_held(members.map_or(Mem(k as u32), |list| list[k]));
        }
        if self.held.len() > PENDING_TOTAL {
            self.trim_all_held();
        }
        self.release_empty();
    }

    /// Keeps a member's earliest [`PENDING_PER_MEMBER`] held refusals on the timeline and forgets
    /// the later ones, so which are kept does not depend on the order they arrived in. A member's
    /// events refused for want of its join, when its join is in the log (waiting for its
    /// referrer, say), are not counted: they are held like accepted events, since the join
    /// arriving accepts them all.
    fn trim_held(&mut self, m: Mem) {
        let s = &self.slots[m.ix()];
        let joins = s.has_join();
        let held: Vec<usize> = (0..s.events.len())
            .filter(|&i| {
                let e = &s.events[i];
                !e.accepted() && !(joins && matches!(e.tag, 2 | 3))
            })
            .collect();
        for &k in held.iter().skip(PENDING_PER_MEMBER).rev() {
            self.forget(m, k);
        }
    }

    /// Keeps the earliest [`PENDING_TOTAL`] held refusals of the engine on the timeline and
    /// forgets the later ones (a flood of refusals; the same ones whatever the arrival order).
    /// They are the last ones of [`Self::held`]: the cost follows the ones forgotten (measured
    /// with `bench/points-scale.mjs --order phones`, where the bound is reached from about 5,000
    /// members: 10,000 members applied 63 k events/s in Node when each trim walked all 50,000
    /// held refusals).
    fn trim_all_held(&mut self) {
        while self.held.len() > PENDING_TOTAL {
            let Some((&(at, _), &(r, m))) = self.held.last_key_value() else { return };
            match self.slots[m.ix()].find_at(at, r) {
                Some(k) => self.forget(m, k),
                None => {
                    self.held.pop_last();
                }
            }
        }
    }

    /// Puts a new event in its member's log: processed at once when it is the member's latest
    /// (and not before the clock), otherwise the member is replayed.
    fn place(&mut self, m: Mem, ev: Ev, call: &mut Call) {
        let slot = &self.slots[m.ix()];
        let in_order = !self.slots[m.ix()].dirty
            && slot.last_key(&self.ids).is_none_or(|k| self.ids.less(k, ev.key()))
            && self.clock.is_none_or(|c| ev.at >= c);
        if in_order {
            room_for_one(&mut self.slots[m.ix()].events);
            self.slots[m.ix()].events.push(ev);
            let i = self.slots[m.ix()].events.len() - 1;
            self.process_live(m, i, call);
        } else {
            let ids = &self.ids;
            let list = &mut self.slots[m.ix()].events;
            let pos = list.partition_point(|e| ids.less(e.key(), ev.key()));
            room_for_one(list);
            list.insert(pos, ev);
            self.mark(m);
        }
    }

    fn clear_dirty(&mut self) {
        for m in std::mem::take(&mut self.dirty) {
            self.slots[m.ix()].dirty = false;
        }
    }

    fn mark(&mut self, m: Mem) {
        if !self.slots[m.ix()].dirty {
            self.slots[m.ix()].dirty = true;
            self.dirty.push(m);
        }
    }

    /// The world as the member `skip`'s walk sees it (`skip` none: live processing).
    fn world<'a>(
        &'a self,
        join_of: &'a dyn Fn(Mem) -> Option<Key>,
        out_of_stock: &'a dyn Fn(RewardIx, Key) -> bool,
        qualified_before: &'a dyn Fn(Mem, Key) -> u32,
    ) -> World<'a> {
        World { p: &self.p, ids: &self.ids, extras: &self.extras, join_of, out_of_stock, qualified_before }
    }

    pub(crate) fn join_key(&self, m: Mem) -> Option<Key> {
        let a = &self.slots[m.ix()].acc;
        a.joined().then_some(Key { at: a.joined, id: a.join_id })
    }

    /// A referrer's qualified referrals before `k` (its checkpoint's and its incoming ones).
    pub(crate) fn qualified_before(&self, r: Mem, k: Key) -> u32 {
        let s = &self.slots[r.ix()];
        let folded = s.base.as_ref().map(|b| b.qualified).unwrap_or(0);
        folded + s.incoming.partition_point(|x| self.ids.less(x.0, k)) as u32
    }

    /// Processes event `i` of `m`'s log on its live account (every earlier position of the
    /// member is processed) and applies what it changed for others.
    fn process_live(&mut self, m: Mem, i: usize, call: &mut Call) {
        let ev = self.slots[m.ix()].events[i];
        let here = Here { member: m, key: ev.key(), day: local_day(ev.at, self.p.offset) };
        let mut acc = std::mem::take(&mut self.slots[m.ix()].acc);
        let mut out = Out::default();
        let result = {
            let join_of = |x: Mem| self.join_key(x);
            let oos = |r: RewardIx, k: Key| self.stock_out(r, k, Mem::NONE, 0);
            let qb = |r: Mem, k: Key| self.qualified_before(r, k);
            let w = self.world(&join_of, &oos, &qb);
            process::process(&mut acc, &w, here, &ev, &mut out)
        };
        if let Some(&c) = call.new.get(&ev.id) {
            call.captured[c as usize] = Some(Captured::of(&self.p, &ev, result, &out, &acc));
        }
        self.slots[m.ix()].acc = acc;
        self.retag(m, i, tag_of(result), call);
        if let Some((r, delta)) = out.stock {
            self.stock[r.ix()].insert(&self.ids, ev.key(), m, delta);
            self.verify_stock(r, ev.key());
        }
        if let Some(r) = out.qualified {
            self.add_incoming(r, ev.key(), m);
        }
        if matches!(ev.kind, EventType::Join | EventType::Referral) && result.is_ok() {
            for x in self.slots[m.ix()].named_by.clone() {
                self.mark(x);
            }
        }
    }

    /// Sets the tag of event `i` of `m`, keeping the change feed, the held refusals and the
    /// stock waiting lists up to date.
    fn retag(&mut self, m: Mem, i: usize, tag: u8, call: &mut Call) {
        let ev = self.slots[m.ix()].events[i];
        if ev.tag == tag {
            return;
        }
        if !call.new.contains_key(&ev.id) {
            call.changes.entry(ev.id).or_insert(u32::from(ev.tag));
            self.originals.entry(ev.id).or_insert(u32::from(ev.tag));
        }
        match (tag_accepted(ev.tag), tag_accepted(tag)) {
            (true, false) => {
                self.held.insert((ev.at, self.ids.str(ev.id).into()), (ev.id, m));
            }
            (false, true) => {
                self.held.remove(&(ev.at, self.ids.str(ev.id).into()));
            }
            _ => {}
        }
        if let Some(r) = ev.reward().filter(|r| self.p.rewards[r.ix()].stock.is_some()) {
            let ids = &self.ids;
            let w = &mut self.stock[r.ix()].waiting;
            let pos = w.partition_point(|x| ids.less(x.0, ev.key()));
            let present = w.get(pos).is_some_and(|x| x.0 == ev.key());
            match (present, waits(tag)) {
                (true, Some(free)) => w[pos].2 = free,
                (true, None) => {
                    w.remove(pos);
                }
                (false, Some(free)) => w.insert(pos, (ev.key(), m, free)),
                (false, None) => {}
            }
        }
        self.slots[m.ix()].events[i].tag = tag;
    }

    /// Whether reward `r` is used up just before `k`: the units others use then, plus `own`.
    fn stock_out(&self, r: RewardIx, k: Key, skip: Mem, own: i64) -> bool {
        let limit = self.p.rewards[r.ix()].stock.unwrap_or(i64::MAX);
        self.stock[r.ix()].used_before(&self.ids, k, skip) + own >= limit
    }

    /// After the use of reward `r` changed from `from` on: members whose verdicts no longer hold
    /// (an accepted redemption beyond the stock, a waiting one with a unit free) are replayed.
    fn verify_stock(&mut self, r: RewardIx, from: Key) {
        let Some(limit) = self.p.rewards[r.ix()].stock else { return };
        let ids = &self.ids;
        let line = &self.stock[r.ix()];
        let mut marks = Vec::new();
        let start = line.entries.partition_point(|e| ids.less(e.0, from));
        let before = line.used_before(ids, from, Mem::NONE);
        let mut used = before;
        for e in &line.entries[start..] {
            if e.2 > 0 && used >= limit {
                marks.push(e.1);
            }
            used += e.2;
        }
        // The waiting ones and the uses are both in timeline order: one walk through the two
        // counts the units in use before each waiting one (not a search and a sum for each).
        let (mut used, mut next) = (before, start);
        let w = line.waiting.partition_point(|x| ids.less(x.0, from));
        for x in &line.waiting[w..] {
            while let Some(e) = line.entries.get(next).filter(|e| ids.less(e.0, x.0)) {
                used += e.2;
                next += 1;
            }
            if (used < limit) != x.2 {
                marks.push(x.1);
            }
        }
        for m in marks {
            self.mark(m);
        }
    }

    /// Records that member `m`'s event at `k` qualified its referral by `r`; the referrer's
    /// account is paid at once when that is its latest position, otherwise it is replayed.
    fn add_incoming(&mut self, r: Mem, k: Key, m: Mem) {
        let slot = &self.slots[r.ix()];
        let in_order = self.in_timeline_order
            || (!self.slots[r.ix()].dirty
                && slot.last_key(&self.ids).is_none_or(|l| self.ids.less(l, k))
                && self.clock.is_none_or(|c| k.at >= c));
        let ids = &self.ids;
        let list = &mut self.slots[r.ix()].incoming;
        let pos = list.partition_point(|x| ids.less(x.0, k));
        list.insert(pos, (k, m));
        if in_order {
            let here = Here { member: r, key: k, day: local_day(k.at, self.p.offset) };
            let mut out = Out::default();
            let acc = &mut self.slots[r.ix()].acc;
            if let Some(c) = self.clock {
                acc.expire(&self.p, k.at.min(c));
            }
            receive_referral(acc, &self.p, here, m, &mut out);
        } else {
            self.mark(r);
        }
    }

    fn remove_incoming(&mut self, r: Mem, k: Key, m: Mem) {
        let list = &mut self.slots[r.ix()].incoming;
        if let Some(i) = list.iter().position(|x| x.0 == k && x.1 == m) {
            list.remove(i);
        }
        self.mark(r);
    }

    /// Replays the members marked by late events until nothing else changes. A member replayed
    /// again and again (which correct processing never needs) ends in a full replay.
    fn settle_dirty(&mut self, call: &mut Call) {
        let limit = 10_000 + 64 * (self.dirty.len() + call.new.len());
        let mut n = 0;
        while let Some(m) = self.dirty.pop() {
            self.slots[m.ix()].dirty = false;
            n += 1;
            if n > limit {
                self.clear_dirty();
                self.replay_all(Some(call));
                return;
            }
            self.replay_member(m, call);
        }
    }

    /// The walk that rebuilds an account: everything, then the clock's demotions and expiries.
    pub(crate) fn to_clock(&self) -> WalkTo {
        WalkTo { stop: None, settle_at: self.clock, expire_at: self.clock, journal: false }
    }

    /// Walks member `m`'s timeline from its checkpoint: every event and incoming qualification
    /// in order (before `to.stop`), writing off expiries as the clock allows, then the demotions
    /// and expiries due at `to.settle_at` / `to.expire_at`. Reads the engine, changes nothing;
    /// `visit` sees each event.
    pub(crate) fn walk(&self, m: Mem, to: WalkTo, visit: &mut dyn FnMut(&Step<'_>)) -> Walked {
        let WalkTo { stop, settle_at, expire_at, journal } = to;
        let slot = &self.slots[m.ix()];
        let p = &self.p;
        let mut acc = match &slot.base {
            Some(b) => (**b).clone(),
            None => Account::new(self.levels()),
        };
        if journal {
            acc.journal = Some(Box::default());
            if slot.base.is_some() {
                acc.write(super::model::Entry {
                    at: slot.base_at,
                    class: 0,
                    kind: super::model::Kind::Carry,
                    event: IdRef::NONE,
                    rule: super::model::RuleRef::Carry,
                    points: acc.balance,
                    expires: NEVER,
                    day: local_day(slot.base_at, p.offset),
                    tier: (acc.tier, acc.tier),
                });
            }
        }
        let mut tags = Vec::with_capacity(slot.events.len());
        let mut own: Vec<(RewardIx, Key, i64)> = Vec::new();
        let mut out = Out::default();
        let (mut i, mut j) = (0, 0);
        loop {
            let ek = slot.events.get(i).map(Ev::key);
            let ik = slot.incoming.get(j).map(|x| x.0);
            let (key, is_event) = match (ek, ik) {
                (None, None) => break,
                (Some(a), None) => (a, true),
                (None, Some(b)) => (b, false),
                (Some(a), Some(b)) => {
                    if self.ids.less(a, b) {
                        (a, true)
                    } else {
                        (b, false)
                    }
                }
            };
            if stop.is_some_and(|s| !self.ids.less(key, s)) {
                break;
            }
            if let Some(c) = self.clock {
                acc.expire(p, key.at.min(c));
            }
            let here = Here { member: m, key, day: local_day(key.at, p.offset) };
            out.clear();
            if is_event {
                let ev = &slot.events[i];
                let result = {
                    let join_of = |x: Mem| self.join_key(x);
                    let oos = |r: RewardIx, k: Key| {
                        let mine: i64 = own.iter().filter(|o| o.0 == r).map(|o| o.2).sum();
                        self.stock_out(r, k, m, mine)
                    };
                    let qb = |r: Mem, k: Key| self.qualified_before(r, k);
                    let w = self.world(&join_of, &oos, &qb);
                    process::process(&mut acc, &w, here, ev, &mut out)
                };
                if let Some((r, d)) = out.stock {
                    own.push((r, key, d));
                }
                tags.push(tag_of(result));
                visit(&Step { ev, result, out: &out, acc: &acc });
                i += 1;
            } else {
                receive_referral(&mut acc, p, here, slot.incoming[j].1, &mut out);
                j += 1;
            }
        }
        if let Some(t) = settle_at {
            acc.settle(p, t);
        }
        if let Some(t) = expire_at {
            acc.expire(p, t);
        }
        Walked { acc, tags, stock: own }
    }

    /// The referral awards listed on a qualifying event depend on the referrer's earlier
    /// qualifications, which later processing in the same call may have changed.
    fn refresh_referral_awards(&self, call: &mut Call) {
        for (&r, &i) in &call.new {
            let Some(c) = call.captured[i as usize].as_mut() else { continue };
            let Some(pos) = c.awards.iter().position(|a| matches!(a.rule, super::model::RuleRef::Referral(_))) else { continue };
            let a = c.awards[pos];
            let super::model::RuleRef::Referral(referred) = a.rule else { continue };
            let m = self.ids.member(r);
            let Some(k) = self.slots[m.ix()].find(r) else { continue };
            let key = self.slots[m.ix()].events[k].key();
            let n = self.qualified_before(a.member, key) + 1;
            c.awards.retain(|x| !matches!(x.rule, super::model::RuleRef::Referral(_) | super::model::RuleRef::ReferralBonus(_)));
            for (rule, points) in process::referral_awards(&self.p, referred, n) {
                if points > 0 {
                    c.awards.push(Award { member: a.member, rule, points, capped: None });
                }
            }
        }
    }

    /// Member `m`'s stock entries (reward, key, units).
    fn stock_of(&self, m: Mem) -> Vec<(RewardIx, Key, i64)> {
        let mut v = Vec::new();
        for (r, line) in self.stock.iter().enumerate() {
            for e in line.entries.iter().filter(|e| e.1 == m) {
                v.push((RewardIx(r as u16), e.0, e.2));
            }
        }
        v
    }

    /// Replays member `m` alone and passes on what changed for others: its join (members it
    /// referred), its qualification (its referrer), its use of stock (other redeemers).
    fn replay_member(&mut self, m: Mem, call: &mut Call) {
        self.replays.0 += 1;
        let old_join = self.join_key(m);
        let a = &self.slots[m.ix()].acc;
        let old_q = a.has(QUALIFIED).then_some((a.referrer, a.qualified_by));
        let old_stock = self.stock_of(m);
        let walked = {
            let new = &call.new;
            let captured = &mut call.captured;
            self.walk(m, self.to_clock(), &mut |s: &Step<'_>| {
                if let Some(&c) = new.get(&s.ev.id) {
                    captured[c as usize] = Some(Captured::of(&self.p, s.ev, s.result, s.out, s.acc));
                }
            })
        };
        for (i, &tag) in walked.tags.iter().enumerate() {
            self.retag(m, i, tag, call);
        }
        self.slots[m.ix()].acc = walked.acc;

        if self.join_key(m) != old_join {
            for x in self.slots[m.ix()].named_by.clone() {
                self.mark(x);
            }
        }
        let a = &self.slots[m.ix()].acc;
        let new_q = a.has(QUALIFIED).then_some((a.referrer, a.qualified_by));
        if new_q != old_q {
            if let Some((r, k)) = old_q {
                self.remove_incoming(r, k, m);
            }
            if let Some((r, k)) = new_q {
                let ids = &self.ids;
                let list = &mut self.slots[r.ix()].incoming;
                let pos = list.partition_point(|x| ids.less(x.0, k));
                list.insert(pos, (k, m));
                self.mark(r);
            }
        }
        if old_stock != walked.stock {
            let mut touched: Vec<(RewardIx, Key)> = Vec::new();
            for &(r, k, _) in &old_stock {
                let line = &mut self.stock[r.ix()];
                if let Some(x) = line.entries.iter().position(|e| e.0 == k && e.1 == m) {
                    line.total -= line.entries[x].2;
                    line.entries.remove(x);
                }
                touched.push((r, k));
            }
            for &(r, k, d) in &walked.stock {
                self.stock[r.ix()].insert(&self.ids, k, m, d);
                touched.push((r, k));
            }
            sort_vec(&mut touched, &|a, b| a.0.cmp(&b.0).then_with(|| self.ids.cmp(a.1, b.1)));
            touched.dedup_by_key(|t| t.0);
            for (r, k) in touched {
                self.verify_stock(r, k);
            }
        }
    }

    /// Rebuilds every account from its checkpoint by processing the whole open log in
    /// timeline order (what `fromState` does, and the safety net of late processing).
    pub(crate) fn replay_all(&mut self, call: Option<&mut Call>) {
        self.replays.1 += 1;
        let mut scratch = Call::default();
        let call = call.unwrap_or(&mut scratch);
        let mut all: Vec<(Key, Mem, u32)> = Vec::with_capacity(self.events);
        for (m, s) in self.slots.iter().enumerate() {
            for (i, e) in s.events.iter().enumerate() {
                all.push((e.key(), Mem(m as u32), i as u32));
            }
        }
        sort_vec(&mut all, &|a, b| self.ids.cmp(a.0, b.0));
        let levels = self.levels();
        for line in &mut self.stock {
            line.entries.clear();
            line.total = line.base;
        }
        for (m, s) in self.slots.iter_mut().enumerate() {
            if self.names.name(m as u32).is_empty() {
                continue; // a freed slot
            }
            s.acc = match &s.base {
                Some(b) => (**b).clone(),
                None => Account::new(levels),
            };
            s.incoming.clear();
        }
        // Each member's log is rebuilt in order, so that every event is its member's latest.
        self.in_timeline_order = true;
        let mut logs: Vec<Vec<Ev>> = self.slots.iter_mut().map(|s| std::mem::take(&mut s.events)).collect();
        for (_, m, i) in all {
            let ev = logs[m.ix()][i as usize];
            self.process_next_in_order(m, ev, call);
        }
        logs.clear();
        self.in_timeline_order = false;
        self.settle_all_to_clock();
        // In timeline order nothing needs another pass.
        self.clear_dirty();
    }

    /// Appends `ev` to `m`'s log and processes it (whole-log processing in timeline order).
    fn process_next_in_order(&mut self, m: Mem, ev: Ev, call: &mut Call) {
        room_for_one(&mut self.slots[m.ix()].events);
        self.slots[m.ix()].events.push(ev);
        let k = self.slots[m.ix()].events.len() - 1;
        if let Some(c) = self.clock {
            self.slots[m.ix()].acc.expire(&self.p, ev.at.min(c));
        }
        self.process_live(m, k, call);
    }

    /// Settles tier demotions and writes off expiries of every account up to the clock.
    fn settle_all_to_clock(&mut self) {
        if let Some(c) = self.clock {
            for s in &mut self.slots {
                s.acc.settle(&self.p, c);
                s.acc.expire(&self.p, c);
            }
        }
    }

    /// Starts storing and processing a log read from a state document, one event at a time
    /// ([`Self::import_next`], in timeline order: every event its member's latest; no refusal
    /// is decided before processing and none is dropped), until [`Self::end_log`].
    pub(crate) fn begin_log(&mut self) -> Call {
        self.in_timeline_order = true;
        Call::default()
    }

    /// The next event of a log being imported (after every earlier one on the timeline).
    pub(crate) fn import_next(&mut self, pe: &Parsed<'_>, call: &mut Call) {
        let (m, ev) = self.store(pe);
        self.process_next_in_order(m, ev, call);
    }

    /// The end of a log's import: accounts settled to the clock.
    pub(crate) fn end_log(&mut self, _call: Call) {
        self.in_timeline_order = false;
        self.settle_all_to_clock();
        self.clear_dirty();
        self.originals.clear();
    }

    /// After importing a version 1 log: forgets the held refusals the horizon has passed.
    pub(crate) fn forget_settled_refusals_after_import(&mut self) {
        let finals: Vec<bool> = (0..self.p.challenges.len()).map(|c| self.is_final(ChallengeIx(c as u16))).collect();
        self.forget_settled_refusals(&finals);
        self.release_empty();
    }

    /// Removes held event `k` of `m` for good, remembering its id and code (a refusal that is
    /// final). Not its message's figures: they are what they were when it is forgotten, which
    /// depends on what has arrived by then (see [`Refused`]).
    fn forget(&mut self, m: Mem, k: usize) {
        let ev = self.slots[m.ix()].events[k];
        let input = self.to_event(m, &ev);
        let fingerprint = event::fingerprint(&input.view(), ev.at);
        let first = self.originals.get(&ev.id).map(|&t| t as u8).unwrap_or(ev.tag);
        self.forgotten.remember(Refused {
            id: self.ids.str(ev.id).into(),
            member: self.name(m).into(),
            at: ev.at,
            fingerprint,
            tag: ev.tag,
            first,
        });
        self.drop_event(m, k);
    }

    /// Removes held event `k` of `m` (a refusal that no longer matters, or folded history).
    fn drop_event(&mut self, m: Mem, k: usize) {
        let ev = self.slots[m.ix()].events.remove(k);
        self.release_event(m, ev, false);
    }

    /// What an event leaves elsewhere when it leaves its member's log. A `folded` event lives
    /// on in its member's checkpoint: a folded join keeps its member on the referrer's list (the
    /// checkpoint still names the referrer).
    fn release_event(&mut self, m: Mem, ev: Ev, folded: bool) {
        if !ev.accepted() {
            self.held.remove(&(ev.at, self.ids.str(ev.id).into()));
        }
        if let Some(r) = ev.reward() {
            // The waiting list is in timeline order (`retag` inserts in place).
            let ids = &self.ids;
            let w = &mut self.stock[r.ix()].waiting;
            let pos = w.partition_point(|x| ids.less(x.0, ev.key()));
            if w.get(pos).is_some_and(|x| x.0 == ev.key()) {
                w.remove(pos);
            }
        }
        if let Some(Extra::Join { referrer, .. }) = self.extras.remove(&ev.id) {
            if referrer != NO_NAME && !folded {
                let list = &mut self.slots[referrer as usize].named_by;
                if let Some(x) = list.iter().position(|&x| x == m) {
                    list.remove(x);
                }
                self.maybe_empty.push(Mem(referrer));
            }
        }
        self.maybe_empty.push(m);
        self.originals.remove(&ev.id);
        self.ids.remove(ev.id);
        self.events -= 1;
    }

    /// Frees the slots that hold nothing any more (members only ever seen in refusals).
    fn release_empty(&mut self) {
        let mut cands = std::mem::take(&mut self.maybe_empty);
        sort_vec(&mut cands, &|a, b| a.cmp(b));
        cands.dedup();
        for m in cands {
            let s = &self.slots[m.ix()];
            let empty = s.events.is_empty() && s.incoming.is_empty() && s.named_by.is_empty() && s.base.is_none();
            if empty && !s.acc.joined() && !self.names.name(m.0).is_empty() {
                self.names.release(m.0);
                self.slots[m.ix()] = Slot::default();
            }
        }
    }

    /// The standing (balance, tier) of member `name` at timeline position `(at, id)`: after its
    /// earlier events, with expiries written off up to there (as far as the clock goes). A
    /// position before the horizon (a `TOO_LATE` refusal, a resent folded id) answers at the
    /// horizon: the earliest instant the engine still answers for, compacted or not.
    fn standing(&self, name: &str, at: i64, id: &str) -> (i64, u8) {
        let Some(m) = self.member_named(name) else { return (0, 0) };
        let at = at.max(self.horizon);
        let slot = &self.slots[m.ix()];
        if !slot.acc.joined() || slot.acc.joined > at {
            return (0, 0);
        }
        let before = |k: Key| (k.at, self.ids.bytes_of(k.id)) < (at, id.as_bytes());
        let present = at >= slot.acc.settled && self.clock.is_none_or(|c| at >= c);
        if present && slot.last_key(&self.ids).is_none_or(before) {
            return (slot.acc.balance, slot.acc.tier_at(at, &self.p));
        }
        // Walk up to the first held position not before (at, id).
        let first_after = |keys: &mut dyn Iterator<Item = Key>| {
            for k in keys {
                if !before(k) {
                    return Some(k);
                }
            }
            None
        };
        let a = first_after(&mut slot.events.iter().map(Ev::key));
        let b = first_after(&mut slot.incoming.iter().map(|x| x.0));
        let stop = match (a, b) {
            (Some(a), Some(b)) => Some(if self.ids.less(a, b) { a } else { b }),
            (a, b) => a.or(b),
        };
        let to = WalkTo { stop, settle_at: Some(at), expire_at: self.clock.map(|c| c.min(at)), journal: false };
        let w = self.walk(m, to, &mut |_| {});
        (w.acc.balance, w.acc.tier)
    }

    /// The outcomes of held events (`duplicate` answers), walking each member once.
    fn held_outcomes(&self, held: &[IdRef]) -> Vec<(IdRef, Captured)> {
        let mut by_member: Vec<(Mem, IdRef)> = held.iter().map(|&r| (self.ids.member(r), r)).collect();
        sort_vec(&mut by_member, &|a, b| a.cmp(b));
        by_member.dedup();
        let mut out: Vec<(IdRef, Captured)> = Vec::new();
        let mut k = 0;
        while k < by_member.len() {
            let m = by_member[k].0;
            let want: Vec<IdRef> = by_member[k..].iter().take_while(|x| x.0 == m).map(|x| x.1).collect();
            k += want.len();
            self.walk(m, self.to_clock(), &mut |s: &Step<'_>| {
                if want.contains(&s.ev.id) {
                    out.push((s.ev.id, Captured::of(&self.p, s.ev, s.result, s.out, s.acc)));
                }
            });
        }
        sort_vec(&mut out, &|a, b| a.0.cmp(&b.0));
        out
    }

    /// The result of input `i` of a call.
    fn result(&self, i: usize, parsed: &[Parsed<'_>], classes: &[Class], call: &Call, held: &[(IdRef, Captured)]) -> ApplyResult {
        let e = &parsed[i].input;
        let cap = match classes[i] {
            Class::New(r) => call.captured[i].clone().map(|c| (c, false, r)),
            Class::Held(r) => held.binary_search_by(|x| x.0.cmp(&r)).ok().map(|k| (held[k].1.clone(), true, r)),
            Class::Repeat(j) => return ApplyResult { duplicate: true, ..self.result(j, parsed, classes, call, held) },
            Class::Remembered => None,
            Class::Final(_) => None,
        };
        let loc = self.locale;
        match cap {
            Some((c, duplicate, _)) => {
                let (accepted, note) = match c.result {
                    Ok(n) => (true, n),
                    Err(n) => (false, Some(n)),
                };
                ApplyResult {
                    event_id: e.id.to_string(),
                    accepted,
                    duplicate,
                    code: note.map(|n| n.code().to_string()),
                    message: note.map(|n| msgs::note_message(n, &self.note_args(e), loc)),
                    awards: c.awards.iter().map(|a| self.award_view(a)).collect(),
                    balance: c.balance,
                    tier: self.level_id(c.tier),
                    tier_change: c.tier_change.map(|t| self.tier_change(t)),
                    changed: None,
                }
            }
            None => {
                let (note, duplicate) = match classes[i] {
                    Class::Final(n) => (n, false),
                    _ => match self.forgotten.get(&e.id) {
                        Some(f) => (Note::of_tag(f.tag), true),
                        None => (Note::UnknownMember, false),
                    },
                };
                // A duplicate here is a remembered refusal: a message without figures.
                let message = if duplicate { msgs::remembered_message } else { msgs::note_message };
                let (balance, tier) = self.standing(&e.member_id, parsed[i].at, &e.id);
                ApplyResult {
                    event_id: e.id.to_string(),
                    accepted: false,
                    duplicate,
                    code: Some(note.code().to_string()),
                    message: Some(message(note, &self.note_args(e), loc)),
                    awards: Vec::new(),
                    balance,
                    tier: self.level_id(tier),
                    tier_change: None,
                    changed: None,
                }
            }
        }
    }

    pub(crate) fn level_id(&self, l: u8) -> String {
        self.p.level_ids[l as usize].clone()
    }

    pub(crate) fn tier_change(&self, c: (u8, u8)) -> TierChange {
        TierChange { from: self.level_id(c.0), to: self.level_id(c.1) }
    }

    pub(crate) fn award_view(&self, a: &Award) -> AwardView {
        let name = |m: Mem| self.name(m).to_string();
        AwardView {
            member_id: name(a.member),
            rule_id: msgs::rule_id(&self.p, a.rule),
            points: a.points,
            reason: msgs::award_reason(&self.p, &self.titles, a, &name, self.locale),
        }
    }

    /// What a message about event `e` names.
    pub(crate) fn note_args<'a>(&'a self, e: &'a event::EventIn<'_>) -> msgs::NoteArgs<'a> {
        msgs::NoteArgs {
            member: &e.member_id,
            referrer: e.referrer_id.as_deref().unwrap_or(""),
            reward: e.reward_id.as_deref().unwrap_or(""),
            challenge: match e.challenge_id.as_deref() {
                Some(c) => match self.p.challenge_index(c) {
                    Some(i) => self.titles[i as usize].get(self.locale),
                    None => c,
                },
                None => "",
            },
            redemption: e.redemption_id.as_deref().unwrap_or(""),
            offset: self.p.offset,
        }
    }

    /// The outcomes of earlier events this call changed, in timeline order.
    fn take_changes(&self, call: &Call) -> Vec<Change> {
        let mut out: Vec<(Key, Change)> = Vec::new();
        for (&r, &before) in &call.changes {
            let m = self.ids.member(r);
            let Some(i) = self.slots[m.ix()].find(r) else { continue };
            let ev = self.slots[m.ix()].events[i];
            if verdict(ev.tag) == verdict(before as u8) {
                continue;
            }
            out.push((
                ev.key(),
                Change {
                    event_id: self.ids.str(r).to_string(),
                    member_id: self.name(m).to_string(),
                    before: verdict(before as u8),
                    after: verdict(ev.tag),
                },
            ));
        }
        sort_vec(&mut out, &|a, b| self.ids.cmp(a.0, b.0));
        out.into_iter().map(|x| x.1).collect()
    }

    /// Applies one event. Malformed events are errors; refusals are `accepted: false`.
    pub fn apply(&mut self, event: &PointsEvent) -> Result<ApplyResult> {
        self.apply_in(event.view())
    }

    /// [`PointsEngine::apply`] of an event read from JSON.
    pub(crate) fn apply_in(&mut self, event: event::EventIn<'_>) -> Result<ApplyResult> {
        let parsed = event::parse(&self.p, event, &|| "event".to_string())?;
        let (mut results, changed) = self.ingest(vec![parsed], &|_| "event".to_string())?;
        let mut r = results.pop().unwrap_or_else(|| unreachable!());
        r.changed = Some(changed);
        Ok(r)
    }

    /// Applies events as if in timestamp order; results are in the input order. A malformed
    /// event (or an id conflict) rejects the whole batch, naming `events[i]`.
    pub fn apply_batch(&mut self, events: &[PointsEvent]) -> Result<BatchResult> {
        self.apply_batch_in(events.iter().map(PointsEvent::view).collect())
    }

    /// [`PointsEngine::apply_batch`] of events read from JSON.
    pub(crate) fn apply_batch_in(&mut self, events: Vec<event::EventIn<'_>>) -> Result<BatchResult> {
        let mut parsed = Vec::with_capacity(events.len());
        for (i, e) in events.into_iter().enumerate() {
            parsed.push(event::parse(&self.p, e, &|| format!("events[{i}]"))?);
        }
        let (results, changed) = self.ingest(parsed, &|i| format!("events[{i}]"))?;
        Ok(BatchResult { results, changed })
    }

    /// The outcome an event had when it was applied and its current one (`None` for an id the
    /// engine does not hold or remember).
    pub fn outcome(&self, event_id: &str) -> Option<EventOutcome> {
        if let Some(r) = self.ids.lookup(event_id) {
            let m = self.ids.member(r);
            let ev = self.slots[m.ix()].events[self.slots[m.ix()].find(r)?];
            return Some(EventOutcome {
                event_id: event_id.to_string(),
                member_id: self.name(m).to_string(),
                original: verdict(self.originals.get(&r).map(|&t| t as u8).unwrap_or(ev.tag)),
                current: verdict(ev.tag),
            });
        }
        let f = self.forgotten.get(event_id)?;
        Some(EventOutcome {
            event_id: event_id.to_string(),
            member_id: f.member.to_string(),
            original: verdict(f.first),
            current: verdict(f.tag),
        })
    }

    /// Advances the clock: writes off expired points and settles tier demotions up to
    /// `instant`, finalises challenges whose sync grace has passed, moves the horizon and
    /// forgets held refusals it passed. An instant not after the clock does nothing.
    pub fn advance_to(&mut self, instant: &str) -> Result<AdvanceResult> {
        let t = time::parse_instant("instant", instant)?;
        if self.clock.is_some_and(|c| t <= c) {
            return Ok(AdvanceResult { expired: Vec::new(), finalized: Vec::new() });
        }
        let was_final: Vec<bool> = (0..self.p.challenges.len()).map(|c| self.is_final(ChallengeIx(c as u16))).collect();
        self.clock = Some(t);
        self.horizon = self.horizon.max(self.horizon_for(t));
        let mut expired: Vec<(Mem, i64)> = Vec::new();
        for (m, s) in self.slots.iter_mut().enumerate() {
            s.acc.settle(&self.p, t);
            let n = s.acc.expire(&self.p, t);
            if n > 0 {
                expired.push((Mem(m as u32), n));
            }
        }
        sort_vec(&mut expired, &|a, b| self.name(a.0).cmp(self.name(b.0)));
        let mut finalized = Vec::new();
        for (ci, c) in self.p.challenges.iter().enumerate() {
            if !was_final[ci] && c.final_ms <= t {
                finalized.push(c.id.clone());
            }
        }
        self.forget_settled_refusals(&was_final);
        self.release_empty();
        Ok(AdvanceResult {
            expired: expired.into_iter().map(|(m, points)| Expired { member_id: self.name(m).to_string(), points }).collect(),
            finalized,
        })
    }

    /// Held refusals nothing can reverse any more (before the horizon, or of a challenge now
    /// final) are forgotten: their ids are remembered, their events leave the log.
    fn forget_settled_refusals(&mut self, was_final: &[bool]) {
        let mut gone: Vec<(Mem, IdRef)> = Vec::new();
        for (&(at, _), &(r, m)) in &self.held {
            let Some(i) = self.slots.get(m.ix()).and_then(|s| s.find_at(at, r)) else { continue };
            let ev = self.slots[m.ix()].events[i];
            let closed = ev.challenge().is_some_and(|c| !was_final[c.ix()] && self.is_final(c));
            if at < self.horizon || closed {
                gone.push((m, r));
            }
        }
        sort_vec(&mut gone, &|a, b| self.ids.str(a.1).cmp(self.ids.str(b.1)));
        gone.dedup();
        for (m, r) in gone {
            if let Some(i) = self.slots[m.ix()].find(r) {
                self.forget(m, i);
            }
        }
    }

    /// Folds every event before the horizon into its member's checkpoint (and the stock used
    /// before it into each reward's count). Views, outcomes of later events and everything
    /// the engine decides stay the same; ledgers start with the carried balance, and
    /// `member(id, { asOf })` answers from the checkpoint on.
    pub fn compact(&mut self) -> CompactResult {
        let h = self.horizon;
        if h == i64::MIN {
            return CompactResult { horizon: None, folded: 0, members: 0 };
        }
        let mut folded = 0u64;
        for m in 0..self.slots.len() {
            let m = Mem(m as u32);
            let s = &self.slots[m.ix()];
            let old = |k: &Key| k.at < h;
            let n = s.events.iter().take_while(|e| old(&e.key())).count();
            let q = s.incoming.iter().take_while(|x| old(&x.0)).count();
            if n == 0 && q == 0 {
                continue;
            }
            // The first position at or after the horizon.
            let stop = Key { at: h, id: IdRef::NONE };
            let to = WalkTo { stop: Some(stop), settle_at: Some(h), expire_at: Some(h), journal: false };
            let mut base = self.walk(m, to, &mut |_| {}).acc;
            Self::forget_folded_ids(&mut base, h);
            base.shrink_to_fit();
            let gone: Vec<Ev> = self.slots[m.ix()].events.drain(..n).collect();
            for ev in gone {
                self.release_event(m, ev, true);
            }
            let s = &mut self.slots[m.ix()];
            s.events.shrink_to_fit();
            s.incoming.drain(..q);
            s.incoming.shrink_to_fit();
            s.base = Some(Box::new(base));
            s.base_at = h;
            Self::forget_folded_ids(&mut s.acc, h);
            s.acc.shrink_to_fit();
            folded += n as u64;
        }
        for line in &mut self.stock {
            let n = line.entries.iter().take_while(|e| e.0.at < h).count();
            line.base += line.entries.drain(..n).map(|e| e.2).sum::<i64>();
        }
        if self.ids.worth_rebuilding() {
            self.rebuild_ids();
        }
        self.release_empty();
        let members = self.slots.iter().filter(|s| s.base.is_some()).count() as u64;
        CompactResult { horizon: Some(fmt_instant(h, self.p.offset)), folded, members }
    }

    /// Keys of an account that name folded events keep their instant only.
    fn forget_folded_ids(acc: &mut Account, h: i64) {
        if acc.joined < h {
            acc.join_id = IdRef::NONE;
        }
        if acc.qualified_by.at < h {
            acc.qualified_by.id = IdRef::NONE;
        }
    }

    /// Moves the ids still held into a fresh arena (after much was folded or forgotten).
    fn rebuild_ids(&mut self) {
        let mut live: Vec<IdRef> = Vec::with_capacity(self.events);
        for s in &self.slots {
            live.extend(s.events.iter().map(|e| e.id));
        }
        let fresh = self.ids.rebuild(&live);
        let mut map: Vec<(IdRef, IdRef)> = live.iter().copied().zip(fresh.iter().copied()).collect();
        sort_vec(&mut map, &|a, b| a.0.cmp(&b.0));
        let re = |r: IdRef| match map.binary_search_by(|x| x.0.cmp(&r)) {
            Ok(k) => map[k].1,
            Err(_) => IdRef::NONE,
        };
        let rekey = |k: Key| Key { at: k.at, id: re(k.id) };
        for s in &mut self.slots {
            for e in &mut s.events {
                e.id = re(e.id);
            }
            for x in &mut s.incoming {
                x.0 = rekey(x.0);
            }
            s.acc.join_id = re(s.acc.join_id);
            s.acc.qualified_by = rekey(s.acc.qualified_by);
        }
        for line in &mut self.stock {
            for e in &mut line.entries {
                e.0 = rekey(e.0);
            }
            for x in &mut line.waiting {
                x.0 = rekey(x.0);
            }
        }
        self.extras = std::mem::take(&mut self.extras).into_iter().map(|(k, v)| (re(k), v)).collect();
        self.originals = std::mem::take(&mut self.originals).into_iter().map(|(k, v)| (re(k), v)).collect();
        for v in self.held.values_mut() {
            v.0 = re(v.0);
        }
    }

    /// Compares every account with a replay of the whole log (a test aid): `Err` names the
    /// first difference.
    #[doc(hidden)]
    pub fn check_replay(&self) -> std::result::Result<(), String> {
        let mut full = self.clone();
        full.replay_all(None);
        for (m, (a, b)) in self.slots.iter().zip(&full.slots).enumerate() {
            if a.acc != b.acc {
                return Err(format!("member {}:\n{:?}\n{:?}", self.names.name(m as u32), a.acc, b.acc));
            }
            for (x, y) in a.events.iter().zip(&b.events) {
                if x != y {
                    return Err(format!("event {} of {}: {x:?} vs {y:?}", self.ids.str(x.id), self.names.name(m as u32)));
                }
            }
            if a.incoming != b.incoming {
                return Err(format!("incoming of {}", self.names.name(m as u32)));
            }
        }
        for (r, (a, b)) in self.stock.iter().zip(&full.stock).enumerate() {
            if a.entries != b.entries || a.total != b.total {
                return Err(format!("stock of reward {r}: {:?} vs {:?}", a.entries, b.entries));
            }
        }
        if self.held.len() != self.slots.iter().map(Slot::pending).sum::<usize>() {
            return Err("held refusals miscounted".into());
        }
        Ok(())
    }

    /// How many times members were replayed one at a time, and the whole log (diagnostics).
    #[doc(hidden)]
    pub fn replay_counts(&self) -> (u64, u64) {
        (self.replays.1, self.replays.0)
    }

    /// Figures of the engine's memory.
    pub fn stats(&self) -> EngineStats {
        let slots: usize = self
            .slots
            .iter()
            .map(|s| {
                s.events.capacity() * std::mem::size_of::<Ev>()
                    + s.incoming.capacity() * 16
                    + s.named_by.capacity() * 4
                    + s.acc.heap_bytes()
                    + s.base.as_ref().map(|b| std::mem::size_of::<Account>() + b.heap_bytes()).unwrap_or(0)
            })
            .sum::<usize>()
            + self.slots.capacity() * std::mem::size_of::<Slot>();
        let extras = self.extras.capacity() * (std::mem::size_of::<(IdRef, Extra)>() + 1)
            + self.originals.capacity() * (std::mem::size_of::<(IdRef, u32)>() + 1);
        let stock: usize = self.stock.iter().map(|l| l.entries.capacity() * 24 + l.waiting.capacity() * 24).sum();
        // A B-tree entry: the key (instant, boxed id), the value, a share of its node.
        let held: usize = self.held.keys().map(|k| 56 + k.1.len()).sum();
        EngineStats {
            events: self.events as u64,
            pending: self.held.len() as u64,
            members: self.slots.iter().filter(|s| !s.events.is_empty() || s.acc.joined() || s.base.is_some()).count() as u64,
            checkpoints: self.slots.iter().filter(|s| s.base.is_some()).count() as u64,
            forgotten: self.forgotten.len() as u64,
            bytes: (slots + extras + stock + held + self.ids.bytes() + self.names.bytes() + self.groups.bytes() + self.forgotten.bytes()) as u64,
            member_replays: self.replays.0,
            full_replays: self.replays.1,
        }
    }
}

fn verdict(tag: u8) -> Verdict {
    Verdict { accepted: tag_accepted(tag), code: tag_code(tag).map(str::to_string) }
}

/// Whether a held redemption with `tag` waits on the stock: `Some(unit free)` for a refusal
/// for want of points (a unit was free) or of stock (none was).
fn waits(tag: u8) -> Option<bool> {
    match tag {
        6 => Some(true),
        9 => Some(false),
        _ => None,
    }
}

fn tag_of(r: std::result::Result<Option<Note>, Note>) -> u8 {
    match r {
        Ok(None) => ACCEPTED,
        Ok(Some(n)) | Err(n) => n.tag(),
    }
}
