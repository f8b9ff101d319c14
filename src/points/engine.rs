//! Derived state and the processing of one event in timeline order.
//!
//! Everything here is a function of the events processed so far, in `(at, id)` order, and of
//! the clock (`advanceTo`). The engine keeps the accepted-or-refused event log sorted and either
//! processes a new latest event incrementally or replays the log from scratch; both paths run
//! exactly this code, so they give the same state.

use std::collections::HashMap;

use super::event::{Ev, EventType, NONE32};
use super::fxhash::FxBuild;
use super::program::{Compiled, Period, NONE16};
use super::time::{local_day, period_key, start_of_day_ms, MAX_SAFE};

/// Never / not yet.
pub(crate) const NEVER: i64 = i64::MAX;
/// Upper bound of the points one event can credit to one member (rules, bonuses, referral,
/// adjust); credits that could pass 2^53 − 1 are refused.
const CREDIT_GUARD: i64 = 2_000_000_000;

/// Why an event was refused, or a notice on an accepted one. Carries what messages need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    UnknownMember,
    UnknownReferrer,
    UnknownReward,
    UnknownChallenge,
    Insufficient { need: i64, have: i64 },
    RedeemLimit { limit: i64 },
    MakeupLimit { cards: u32 },
    OutOfStock,
    AlreadyMember,
    SelfReferral,
    ReferExisting,
    NotRunning,
    ChallengeFinal,
    MakeupOutside,
    MakeupNotPast,
    MakeupLate,
    MakeupCredited,
    UnknownRedemption,
    AlreadyRefunded,
    TooLarge,
    /// Accepted, earns 0: the rule's cap is reached.
    Capped { times: u32, per: Period },
}

impl Note {
    pub fn code(self) -> &'static str {
        match self {
            Note::UnknownMember | Note::UnknownReferrer => "UNKNOWN_MEMBER",
            Note::UnknownReward => "UNKNOWN_REWARD",
            Note::UnknownChallenge => "UNKNOWN_CHALLENGE",
            Note::Insufficient { .. } => "INSUFFICIENT_POINTS",
            Note::RedeemLimit { .. } | Note::MakeupLimit { .. } => "LIMIT_REACHED",
            Note::OutOfStock => "OUT_OF_STOCK",
            Note::AlreadyMember => "ALREADY_MEMBER",
            Note::SelfReferral | Note::ReferExisting => "INVALID_REFERRAL",
            Note::NotRunning | Note::ChallengeFinal | Note::MakeupLate => "CHALLENGE_CLOSED",
            Note::MakeupOutside | Note::MakeupNotPast | Note::MakeupCredited => "INVALID_MAKEUP",
            Note::UnknownRedemption => "UNKNOWN_REDEMPTION",
            Note::AlreadyRefunded => "ALREADY_REFUNDED",
            Note::TooLarge => "OUT_OF_RANGE",
            Note::Capped { .. } => "CAP_REACHED",
        }
    }
}

/// Which rule an award or ledger entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleRef {
    Earn(u16),
    /// Referral of this (interned) member.
    Referral(u32),
    /// One-time bonus at this many qualified referrals.
    ReferralBonus(u32),
    Completion(u16),
    Milestone(u16, u16),
    Reward(u16),
    Adjust,
    Expiry,
    Tier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Award {
    pub member: u32,
    pub rule: RuleRef,
    pub points: i64,
    pub capped: Option<Note>,
}

/// The outcome of one stored event (messages are built when shown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub accepted: bool,
    pub note: Option<Note>,
    pub awards_start: u32,
    pub awards_len: u32,
    /// The member's tier right after the event.
    pub tier: u8,
    pub tier_change: Option<(u8, u8)>,
    /// Removed from the log when its challenge was finalised (it had been refused).
    pub dropped: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Earn,
    Spend,
    Expire,
    Adjust,
    Reverse,
    Tier,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Earn => "earn",
            Kind::Spend => "spend",
            Kind::Expire => "expire",
            Kind::Adjust => "adjust",
            Kind::Reverse => "reverse",
            Kind::Tier => "tier",
        }
    }
}

/// Ledger entries of a member are kept sorted by `(at_ms, class)`: time-driven demotions (0)
/// at the start of a day, event entries (1), expiries (2) at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub at_ms: i64,
    pub class: u8,
    pub kind: Kind,
    /// The event (arrival index) or [`NONE32`] for time-driven entries.
    pub event: u32,
    pub rule: RuleRef,
    pub points: i64,
    /// Earnings: expiry instant (inclusive) or [`NEVER`].
    pub expires_ms: i64,
    /// Local day of `at_ms`.
    pub day: i32,
    /// Tier entries: (from, to).
    pub tier: (u8, u8),
}

/// Points earned on days with the same expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lot {
    pub expires_ms: i64,
    pub remaining: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GroupAt {
    pub at_ms: i64,
    pub family: Option<Box<str>>,
    pub building: Option<Box<str>>,
}

/// A member's progress in one challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Progress {
    pub bits: Vec<u64>,
    pub count: u32,
    pub cards_used: u32,
    pub longest: u32,
    pub milestones_paid: u64,
    /// The event that credited the last day, or [`NONE32`].
    pub completed_by: u32,
    /// Points earned through this challenge (daily check-ins, milestones, completion).
    pub points: i64,
}

impl Progress {
    pub fn has(&self, d: i32) -> bool {
        d >= 0 && (d as usize / 64) < self.bits.len() && self.bits[d as usize / 64] >> (d % 64) & 1 == 1
    }
    fn set(&mut self, d: i32) {
        self.bits[d as usize / 64] |= 1 << (d % 64);
    }
    /// Length of the run of credited days that contains `d`.
    pub fn run_at(&self, d: i32) -> u32 {
        if !self.has(d) {
            return 0;
        }
        let mut lo = d;
        while self.has(lo - 1) {
            lo -= 1;
        }
        let mut hi = d;
        while self.has(hi + 1) {
            hi += 1;
        }
        (hi - lo + 1) as u32
    }
    /// Length of the run of credited days ending at `d`.
    pub fn run_ending(&self, d: i32) -> u32 {
        let mut n = 0;
        let mut x = d;
        while self.has(x) {
            n += 1;
            x -= 1;
        }
        n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CapSlot {
    rule: u16,
    challenge: u16,
    period: i32,
    count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub joined_ms: i64,
    /// The accepted join event, or [`NONE32`].
    pub join_event: u32,
    pub groups: Vec<GroupAt>,
    pub referrer: u32,
    pub referral_qualified: bool,
    /// The event (of this member) that qualified its referral, or [`NONE32`].
    pub qualified_by: u32,
    pub checked_in: bool,
    pub referred: u32,
    /// As a referrer: the referred members' qualifying events, in timeline order.
    pub incoming: Vec<u32>,
    pub qualified: u32,
    pub bonus_paid: bool,
    pub balance: i64,
    pub lifetime: i64,
    pub lots: Vec<Lot>,
    /// Lots before this index are expired and settled in the ledger.
    pub expired_upto: usize,
    spend_from: usize,
    /// (local day, cumulative earned points up to and including that day).
    pub earn_days: Vec<(i32, i64)>,
    win_from: usize,
    pub tier: u8,
    /// Per level: the last day on which the earned window reached it (`i32::MIN` never).
    pub last_qual: Vec<i32>,
    /// Manual tier floor: (level, last day).
    pub ovr: Option<(u8, i32)>,
    /// Tier demotions are settled up to this instant.
    pub settled_ms: i64,
    caps: Vec<CapSlot>,
    pub progress: Vec<Progress>,
    pub redeemed: Vec<i64>,
    pub ledger: Vec<Entry>,
}

impl Member {
    fn new(levels: usize) -> Member {
        Member {
            joined_ms: NEVER,
            join_event: NONE32,
            groups: Vec::new(),
            referrer: NONE32,
            referral_qualified: false,
            qualified_by: NONE32,
            checked_in: false,
            referred: 0,
            incoming: Vec::new(),
            qualified: 0,
            bonus_paid: false,
            balance: 0,
            lifetime: 0,
            lots: Vec::new(),
            expired_upto: 0,
            spend_from: 0,
            earn_days: Vec::new(),
            win_from: 0,
            tier: 0,
            last_qual: vec![i32::MIN; levels],
            ovr: None,
            settled_ms: i64::MIN,
            caps: Vec::new(),
            progress: Vec::new(),
            redeemed: Vec::new(),
            ledger: Vec::new(),
        }
    }

    pub fn joined(&self) -> bool {
        self.joined_ms != NEVER
    }

    /// Groups at instant `t` (the first known ones when `t` precedes them).
    pub fn groups_at(&self, t: i64) -> Option<&GroupAt> {
        let i = self.groups.partition_point(|g| g.at_ms <= t);
        if i == 0 {
            self.groups.first()
        } else {
            self.groups.get(i - 1)
        }
    }

    /// Earned points on local days `(day − window, day]`.
    pub fn earned_window(&self, day: i32, window: i32) -> i64 {
        let cum = |d: i32| -> i64 {
            let i = self.earn_days.partition_point(|&(x, _)| x <= d);
            if i == 0 {
                0
            } else {
                self.earn_days[i - 1].1
            }
        };
        cum(day) - cum(day - window)
    }

    /// Tier on local `day` from the qualification marks and the override (pure).
    pub fn tier_on(&self, day: i32, window: i32) -> u8 {
        let mut t = 0u8;
        for (l, &q) in self.last_qual.iter().enumerate() {
            if q != i32::MIN && i64::from(q) + i64::from(window) > i64::from(day) {
                t = l as u8;
            }
        }
        if let Some((l, until)) = self.ovr {
            if day <= until && l > t {
                t = l;
            }
        }
        t
    }

    /// The next demotion of tier `cur` after the marks: (day, new tier), or `None` at level 0.
    pub fn next_drop(&self, cur: u8, window: i32) -> Option<(i32, u8)> {
        if cur == 0 {
            return None;
        }
        let q = self.last_qual[cur as usize];
        let mut drop = if q == i32::MIN { i32::MIN } else { q.saturating_add(window) };
        if let Some((l, until)) = self.ovr {
            if l >= cur {
                drop = drop.max(until.saturating_add(1));
            }
        }
        if drop == i32::MIN {
            // Held by nothing (cannot happen for a reached tier); drop at once.
            return Some((i32::MIN, 0));
        }
        Some((drop, self.tier_on(drop, window)))
    }

    /// Inserts keeping `(at_ms, class)` order (appends in the common case).
    fn push_entry(&mut self, e: Entry) {
        match self.ledger.last() {
            Some(l) if (l.at_ms, l.class) > (e.at_ms, e.class) => {
                let pos = self.ledger.partition_point(|x| (x.at_ms, x.class) <= (e.at_ms, e.class));
                self.ledger.insert(pos, e);
            }
            _ => self.ledger.push(e),
        }
    }
}

/// A redemption that can be refunded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redemption {
    pub member: u32,
    pub reward: u16,
    /// (lot index, points) consumed.
    pub parts: Vec<(u32, i64)>,
    pub refunded: bool,
}

/// Everything derived from the log.
#[derive(Debug, Clone)]
pub(crate) struct Derived {
    pub members: Vec<Member>,
    pub stock_used: Vec<i64>,
    pub redemptions: HashMap<u32, Redemption, FxBuild>,
    pub awards: Vec<Award>,
    /// Highest stock use seen per reward (an upper bound after member-local replays).
    pub peak_used: Vec<i64>,
    /// Replaying one member: effects on other members are already in place.
    pub local: bool,
    /// Replaying one member: (redeem event, was out of stock), sorted.
    pub stock_verdicts: Vec<(u32, bool)>,
    levels: usize,
}

/// Read-only context of one event's processing.
pub(crate) struct Ctx<'a> {
    pub p: &'a Compiled,
    pub events: &'a [Ev],
    pub by_id: &'a HashMap<Box<str>, u32, FxBuild>,
}

impl Derived {
    pub fn new(p: &Compiled, members: usize) -> Derived {
        let levels = p.level_ids.len();
        Derived {
            members: (0..members).map(|_| Member::new(levels)).collect(),
            stock_used: vec![0; p.rewards.len()],
            redemptions: HashMap::default(),
            awards: Vec::new(),
            peak_used: vec![0; p.rewards.len()],
            local: false,
            stock_verdicts: Vec::new(),
            levels,
        }
    }

    pub fn add_member(&mut self) {
        self.members.push(Member::new(self.levels));
    }

    fn over_guard(&self, m: u32) -> bool {
        let x = &self.members[m as usize];
        x.balance > MAX_SAFE - CREDIT_GUARD || x.lifetime > MAX_SAFE - CREDIT_GUARD
    }

    /// Settles time-driven demotions of `m` up to instant `t`.
    pub fn settle(&mut self, p: &Compiled, m: u32, t: i64) {
        let w = p.window_days;
        let x = &mut self.members[m as usize];
        if t <= x.settled_ms || !x.joined() {
            return;
        }
        while let Some((day, new)) = x.next_drop(x.tier, w) {
            let at = if day == i32::MIN { x.settled_ms } else { start_of_day_ms(day, p.offset) };
            if at > t {
                break;
            }
            let e = Entry {
                at_ms: at,
                class: 0,
                kind: Kind::Tier,
                event: NONE32,
                rule: RuleRef::Tier,
                points: 0,
                expires_ms: NEVER,
                day,
                tier: (x.tier, new),
            };
            x.tier = new;
            x.push_entry(e);
        }
        x.settled_ms = t;
    }

    /// Materialises expiries before `clock`; returns the points expired per member.
    pub fn expire(&mut self, p: &Compiled, clock: i64) -> Vec<(u32, i64)> {
        let mut out = Vec::new();
        for m in 0..self.members.len() {
            let total = self.expire_member(p, m as u32, clock);
            if total > 0 {
                out.push((m as u32, total));
            }
        }
        out
    }

    /// Materialises the expiries of `m` before `clock`; returns the points expired.
    pub fn expire_member(&mut self, p: &Compiled, m: u32, clock: i64) -> i64 {
        {
            let x = &mut self.members[m as usize];
            let mut total = 0;
            while x.expired_upto < x.lots.len() && x.lots[x.expired_upto].expires_ms < clock {
                let lot = x.lots[x.expired_upto];
                if lot.remaining > 0 {
                    total += lot.remaining;
                    x.balance -= lot.remaining;
                    x.push_entry(Entry {
                        at_ms: lot.expires_ms,
                        class: 2,
                        kind: Kind::Expire,
                        event: NONE32,
                        rule: RuleRef::Expiry,
                        points: -lot.remaining,
                        expires_ms: NEVER,
                        day: local_day(lot.expires_ms, p.offset),
                        tier: (0, 0),
                    });
                }
                x.lots[x.expired_upto].remaining = 0;
                x.expired_upto += 1;
            }
            x.spend_from = x.spend_from.max(x.expired_upto);
            total
        }
    }

    /// Resets `m` for a member-local replay, keeping what other members' events put there.
    pub fn reset_member(&mut self, m: u32, own_events: &[u32]) {
        let old = std::mem::replace(&mut self.members[m as usize], Member::new(self.levels));
        for &j in own_events {
            if let Some(red) = self.redemptions.remove(&j) {
                if !red.refunded {
                    self.stock_used[red.reward as usize] -= 1;
                }
            }
        }
        let x = &mut self.members[m as usize];
        x.referred = old.referred;
        x.incoming = old.incoming;
        x.referral_qualified = old.referral_qualified;
        x.qualified_by = old.qualified_by;
    }

    /// Credits `points` to `m` (a lot with the program's expiry and a ledger entry).
    #[allow(clippy::too_many_arguments)]
    fn credit(&mut self, p: &Compiled, m: u32, t: i64, day: i32, points: i64, kind: Kind, rule: RuleRef, event: u32) {
        let exp = p.expires_ms(day);
        let x = &mut self.members[m as usize];
        let live = x.lots.len() > x.expired_upto;
        match x.lots.last_mut() {
            Some(l) if l.expires_ms == exp && live => l.remaining += points,
            _ => x.lots.push(Lot { expires_ms: exp, remaining: points }),
        }
        x.balance += points;
        if kind == Kind::Earn {
            x.lifetime += points;
            match x.earn_days.last_mut() {
                Some(l) if l.0 == day => l.1 += points,
                last => {
                    let cum = last.map(|l| l.1).unwrap_or(0) + points;
                    x.earn_days.push((day, cum));
                }
            }
        }
        x.push_entry(Entry {
            at_ms: t,
            class: 1,
            kind,
            event,
            rule,
            points,
            expires_ms: exp,
            day,
            tier: (0, 0),
        });
    }

    /// An earned award: credit, record it, count it to the challenge.
    #[allow(clippy::too_many_arguments)]
    fn award(&mut self, p: &Compiled, m: u32, t: i64, day: i32, points: i64, rule: RuleRef, event: u32, ch: u16) {
        if points <= 0 {
            return;
        }
        self.credit(p, m, t, day, points, Kind::Earn, rule, event);
        if ch != NONE16 {
            self.members[m as usize].progress[ch as usize].points += points;
        }
        self.awards.push(Award { member: m, rule, points, capped: None });
    }

    /// Re-evaluates the tier of `m` after it earned at `t`; promotions are ledger entries.
    fn promote(&mut self, p: &Compiled, m: u32, t: i64, day: i32, event: u32) {
        let w = p.window_days;
        let x = &mut self.members[m as usize];
        while x.win_from < x.earn_days.len() && x.earn_days[x.win_from].0 <= day - w {
            x.win_from += 1;
        }
        let before = if x.win_from == 0 { 0 } else { x.earn_days[x.win_from - 1].1 };
        let earned = x.earn_days.last().map(|l| l.1).unwrap_or(0) - before;
        let reached = p.level_for(earned);
        for l in 1..=reached as usize {
            x.last_qual[l] = day;
        }
        if reached > x.tier {
            let from = x.tier;
            x.tier = reached;
            x.push_entry(Entry {
                at_ms: t,
                class: 1,
                kind: Kind::Tier,
                event,
                rule: RuleRef::Tier,
                points: 0,
                expires_ms: NEVER,
                day,
                tier: (from, reached),
            });
        }
    }

    fn take_cap(&mut self, m: u32, rule: u16, ch: u16, day: i32, cap: Option<(u32, Period)>) -> bool {
        let Some((times, per)) = cap else { return true };
        let key = period_key(day, per);
        let x = &mut self.members[m as usize];
        let slot = match x.caps.iter_mut().position(|s| s.rule == rule && s.challenge == ch) {
            Some(i) => &mut x.caps[i],
            None => {
                x.caps.push(CapSlot { rule, challenge: ch, period: key, count: 0 });
                x.caps.last_mut().unwrap_or_else(|| unreachable!())
            }
        };
        if slot.period != key {
            slot.period = key;
            slot.count = 0;
        }
        if slot.count < times {
            slot.count += 1;
            true
        } else {
            false
        }
    }

    fn progress(&mut self, p: &Compiled, m: u32, ch: u16) -> &mut Progress {
        let x = &mut self.members[m as usize];
        if x.progress.is_empty() {
            x.progress = p
                .challenges
                .iter()
                .map(|c| Progress {
                    bits: vec![0; (c.days as usize).div_ceil(64)],
                    completed_by: NONE32,
                    ..Progress::default()
                })
                .collect();
        }
        &mut x.progress[ch as usize]
    }

    /// After a day of `ch` was credited: streak milestones and the completion bonus, once.
    #[allow(clippy::too_many_arguments)]
    fn challenge_bonuses(&mut self, p: &Compiled, m: u32, ch: u16, d: i32, t: i64, day: i32, idx: u32) {
        let c = &p.challenges[ch as usize];
        let pr = self.progress(p, m, ch);
        let run = pr.run_at(d);
        pr.longest = pr.longest.max(run);
        let longest = pr.longest;
        let mut pay = Vec::new();
        for (i, &(md, pts)) in c.milestones.iter().enumerate() {
            if longest >= md && pr.milestones_paid >> i & 1 == 0 {
                pr.milestones_paid |= 1 << i;
                pay.push((RuleRef::Milestone(ch, i as u16), pts));
            }
        }
        if pr.count == c.days as u32 && pr.completed_by == NONE32 {
            pr.completed_by = idx;
            pay.push((RuleRef::Completion(ch), c.bonus));
        }
        for (rule, pts) in pay {
            self.award(p, m, t, day, pts, rule, idx, ch);
        }
    }

    /// Processes the stored event `idx` (all earlier events in timeline order are processed).
    pub fn process(&mut self, cx: &Ctx<'_>, idx: u32) -> Outcome {
        let p = cx.p;
        let e = &cx.events[idx as usize];
        let m = e.member;
        let t = e.at_ms;
        let day = local_day(t, p.offset);
        let start = self.awards.len();
        let mut o = Outcome { awards_start: start as u32, ..Outcome::default() };

        let result = if matches!(e.kind, EventType::Join | EventType::Referral) {
            self.join(cx, e, idx, t)
        } else if !self.members[m as usize].joined() {
            Err(Note::UnknownMember)
        } else {
            self.settle(p, m, t);
            let x = &self.members[m as usize];
            let referrer = if x.referral_qualified { NONE32 } else { x.referrer };
            let credits = !matches!(e.kind, EventType::Redeem | EventType::Refund);
            if credits && (self.over_guard(m) || (referrer != NONE32 && self.over_guard(referrer))) {
                Err(Note::TooLarge)
            } else {
                let before = self.members[m as usize].tier;
                let r = self.act(cx, e, idx, m, t, day);
                let after = self.members[m as usize].tier;
                if r.is_ok() && after != before {
                    o.tier_change = Some((before, after));
                }
                r
            }
        };
        match result {
            Ok(note) => {
                o.accepted = true;
                o.note = note;
            }
            Err(note) => {
                self.awards.truncate(start);
                o.note = Some(note);
            }
        }
        o.awards_len = (self.awards.len() - start) as u32;
        o.tier = self.members[m as usize].tier;
        o
    }

    fn join(&mut self, cx: &Ctx<'_>, e: &Ev, idx: u32, t: i64) -> Result<Option<Note>, Note> {
        let p = cx.p;
        let m = e.member;
        let x = e.extra();
        if self.members[m as usize].joined() {
            // The outcome shows the tier at `t`.
            self.settle(p, m, t);
            if e.referrer != NONE32 {
                return Err(Note::ReferExisting);
            }
            if !x.has_groups {
                return Err(Note::AlreadyMember);
            }
            let mem = &mut self.members[m as usize];
            let prev = mem.groups.last().cloned();
            mem.groups.push(GroupAt {
                at_ms: t,
                family: x.family.clone().or_else(|| prev.as_ref().and_then(|g| g.family.clone())),
                building: x.building.clone().or_else(|| prev.as_ref().and_then(|g| g.building.clone())),
            });
            return Ok(None);
        }
        if e.referrer != NONE32 {
            // Joined before this event in timeline order (also when replaying one member, where
            // other members' state is already final).
            let r = &self.members[e.referrer as usize];
            let before = r.joined() && {
                let j = &cx.events[r.join_event as usize];
                (j.at_ms, &*j.id) < (e.at_ms, &*e.id)
            };
            if !before {
                return Err(Note::UnknownReferrer);
            }
        }
        let mem = &mut self.members[m as usize];
        mem.joined_ms = t;
        mem.join_event = idx;
        mem.settled_ms = t;
        if x.has_groups {
            mem.groups.push(GroupAt { at_ms: t, family: x.family.clone(), building: x.building.clone() });
        }
        mem.referrer = e.referrer;
        if e.referrer != NONE32 && !self.local {
            self.members[e.referrer as usize].referred += 1;
        }
        Ok(None)
    }

    fn act(&mut self, cx: &Ctx<'_>, e: &Ev, idx: u32, m: u32, t: i64, day: i32) -> Result<Option<Note>, Note> {
        let p = cx.p;
        match e.kind {
            EventType::Join | EventType::Referral => Ok(None),
            EventType::CheckIn => {
                let ch = e.challenge;
                let mut new_day = None;
                if ch != NONE16 {
                    let d = day - p.challenges[ch as usize].start_day;
                    let pr = self.progress(p, m, ch);
                    if !pr.has(d) {
                        pr.set(d);
                        pr.count += 1;
                        new_day = Some(d);
                    }
                }
                let mut note = None;
                let mut earned = false;
                for &ri in &p.rules_on[0] {
                    let rule = &p.rules[ri as usize];
                    if self.take_cap(m, ri, ch, day, rule.cap) {
                        earned |= rule.points > 0;
                        self.award(p, m, t, day, rule.points, RuleRef::Earn(ri), idx, ch);
                    } else {
                        let (times, per) = rule.cap.unwrap_or((0, Period::Day));
                        let n = Note::Capped { times, per };
                        note = Some(n);
                        self.awards.push(Award { member: m, rule: RuleRef::Earn(ri), points: 0, capped: Some(n) });
                    }
                }
                if let Some(d) = new_day {
                    let n = self.awards.len();
                    self.challenge_bonuses(p, m, ch, d, t, day, idx);
                    earned |= self.awards.len() > n;
                }
                if earned {
                    self.promote(p, m, t, day, idx);
                }
                let x = &mut self.members[m as usize];
                if !x.checked_in {
                    x.checked_in = true;
                    if x.referrer != NONE32 && !x.referral_qualified {
                        x.referral_qualified = true;
                        x.qualified_by = idx;
                        let r = x.referrer;
                        self.qualify(p, r, m, t, day, idx);
                    }
                }
                Ok(note)
            }
            EventType::Makeup => {
                let ch = e.challenge;
                let c = &p.challenges[ch as usize];
                let cards = c.cards;
                let d = e.day - c.start_day;
                let pr = self.progress(p, m, ch);
                if pr.has(d) {
                    return Err(Note::MakeupCredited);
                }
                if pr.cards_used >= cards {
                    return Err(Note::MakeupLimit { cards });
                }
                pr.set(d);
                pr.count += 1;
                pr.cards_used += 1;
                let n = self.awards.len();
                self.challenge_bonuses(p, m, ch, d, t, day, idx);
                if self.awards.len() > n {
                    self.promote(p, m, t, day, idx);
                }
                Ok(None)
            }
            EventType::Activity | EventType::FollowUp | EventType::Share => {
                let on = match e.kind {
                    EventType::Activity => 1,
                    EventType::FollowUp => 2,
                    _ => 3,
                };
                let mut note = None;
                let mut earned = false;
                for &ri in &p.rules_on[on] {
                    let rule = &p.rules[ri as usize];
                    if self.take_cap(m, ri, NONE16, day, rule.cap) {
                        earned |= rule.points > 0;
                        self.award(p, m, t, day, rule.points, RuleRef::Earn(ri), idx, NONE16);
                    } else {
                        let (times, per) = rule.cap.unwrap_or((0, Period::Day));
                        let n = Note::Capped { times, per };
                        note = Some(n);
                        self.awards.push(Award { member: m, rule: RuleRef::Earn(ri), points: 0, capped: Some(n) });
                    }
                }
                if earned {
                    self.promote(p, m, t, day, idx);
                }
                Ok(note)
            }
            EventType::Redeem => {
                let r = e.reward as usize;
                let rw = &p.rewards[r];
                let x = &mut self.members[m as usize];
                if x.redeemed.is_empty() {
                    x.redeemed = vec![0; p.rewards.len()];
                }
                if let Some(limit) = rw.limit {
                    if x.redeemed[r] >= limit {
                        return Err(Note::RedeemLimit { limit });
                    }
                }
                if let Some(stock) = rw.stock {
                    // Replaying one member, the stock use of the others at `t` is not at hand:
                    // keep this redemption's earlier verdict (the replay is verified after).
                    let out = if self.local {
                        self.stock_verdicts.binary_search_by_key(&idx, |v| v.0).map(|i| self.stock_verdicts[i].1).unwrap_or(false)
                    } else {
                        self.stock_used[r] >= stock
                    };
                    if out {
                        return Err(Note::OutOfStock);
                    }
                }
                // Points usable at `t`: lots not yet expired at `t`, earliest expiry first.
                while x.spend_from < x.lots.len()
                    && (x.lots[x.spend_from].remaining == 0 || x.lots[x.spend_from].expires_ms < t)
                {
                    x.spend_from += 1;
                }
                let have: i64 = x.lots[x.spend_from..].iter().filter(|l| l.expires_ms >= t).map(|l| l.remaining).sum();
                if have < rw.cost {
                    return Err(Note::Insufficient { need: rw.cost, have });
                }
                let mut left = rw.cost;
                let mut parts = Vec::new();
                for i in x.spend_from..x.lots.len() {
                    if left == 0 {
                        break;
                    }
                    let lot = &mut x.lots[i];
                    if lot.expires_ms < t || lot.remaining == 0 {
                        continue;
                    }
                    let take = lot.remaining.min(left);
                    lot.remaining -= take;
                    left -= take;
                    parts.push((i as u32, take));
                }
                x.balance -= rw.cost;
                x.redeemed[r] += 1;
                x.push_entry(Entry {
                    at_ms: t,
                    class: 1,
                    kind: Kind::Spend,
                    event: idx,
                    rule: RuleRef::Reward(r as u16),
                    points: -rw.cost,
                    expires_ms: NEVER,
                    day,
                    tier: (0, 0),
                });
                self.stock_used[r] += 1;
                self.peak_used[r] = self.peak_used[r].max(self.stock_used[r]);
                self.redemptions.insert(idx, Redemption { member: m, reward: r as u16, parts, refunded: false });
                Ok(None)
            }
            EventType::Refund => {
                let key = e.extra().redemption.as_deref().unwrap_or("");
                let Some(&j) = cx.by_id.get(key) else { return Err(Note::UnknownRedemption) };
                let Some(red) = self.redemptions.get_mut(&j) else { return Err(Note::UnknownRedemption) };
                if red.member != m {
                    return Err(Note::UnknownRedemption);
                }
                if red.refunded {
                    return Err(Note::AlreadyRefunded);
                }
                red.refunded = true;
                let r = red.reward as usize;
                let x = &mut self.members[m as usize];
                let mut restored = 0;
                for &(lot, pts) in &red.parts {
                    let l = &mut x.lots[lot as usize];
                    // Points whose expiry has passed are not reinstated.
                    if l.expires_ms >= t && (lot as usize) >= x.expired_upto {
                        l.remaining += pts;
                        restored += pts;
                        x.spend_from = x.spend_from.min(lot as usize);
                    }
                }
                x.balance += restored;
                x.redeemed[r] -= 1;
                x.push_entry(Entry {
                    at_ms: t,
                    class: 1,
                    kind: Kind::Reverse,
                    event: idx,
                    rule: RuleRef::Reward(r as u16),
                    points: restored,
                    expires_ms: NEVER,
                    day,
                    tier: (0, 0),
                });
                self.stock_used[r] -= 1;
                Ok(None)
            }
            EventType::Adjust => {
                if e.points > 0 {
                    self.credit(p, m, t, day, e.points, Kind::Adjust, RuleRef::Adjust, idx);
                }
                if let Some((level, until)) = e.extra().tier {
                    let x = &mut self.members[m as usize];
                    x.ovr = Some((level, until));
                    let new = x.tier_on(day, p.window_days);
                    if new != x.tier {
                        let from = x.tier;
                        x.tier = new;
                        x.push_entry(Entry {
                            at_ms: t,
                            class: 1,
                            kind: Kind::Tier,
                            event: idx,
                            rule: RuleRef::Tier,
                            points: 0,
                            expires_ms: NEVER,
                            day,
                            tier: (from, new),
                        });
                    }
                }
                Ok(None)
            }
        }
    }

    /// The referred member `referred` completed a first check-in: pay the referrer.
    pub fn qualify(&mut self, p: &Compiled, r: u32, referred: u32, t: i64, day: i32, idx: u32) {
        self.settle(p, r, t);
        let x = &mut self.members[r as usize];
        if !self.local {
            x.incoming.push(idx);
        }
        x.qualified += 1;
        let n = x.qualified;
        let bonus = match p.referral_bonus {
            Some((at, pts)) if n == at && !x.bonus_paid => {
                x.bonus_paid = true;
                Some(pts)
            }
            _ => None,
        };
        let before = self.awards.len();
        self.award(p, r, t, day, p.referral_points, RuleRef::Referral(referred), idx, NONE16);
        if let Some(b) = bonus {
            self.award(p, r, t, day, b, RuleRef::ReferralBonus(n), idx, NONE16);
        }
        if self.awards.len() > before {
            self.promote(p, r, t, day, idx);
        }
    }
}
