//! A member's account: everything derived from its events (and from the qualifications of the
//! members it referred), processed in timeline order. The primitives here (credit, spend,
//! promote, settle, expire) are the only code that changes a balance or a tier.

use super::earnings::Earnings;
use super::model::{Entry, IdRef, Key, Kind, Mem, RewardIx, RuleIx, RuleRef, NEVER};
use super::program::Compiled;
use super::time::{local_day, start_of_day_ms, Period, MAX_SAFE};

/// Upper bound of the points one event can credit to one member (rules, bonuses, referral,
/// adjust): a member whose balance or lifetime points pass `MAX_SAFE − CREDIT_GUARD` is refused
/// further credits (`OUT_OF_RANGE`), so balances stay exact in JavaScript.
pub(crate) const CREDIT_GUARD: i64 = 2_000_000_000;

/// Points earned on days with the same expiry (lots are in expiry order, one per expiry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lot {
    pub expires: i64,
    pub remaining: i64,
}

/// A member's family and building (interned names, or `NO_NAME`) from an instant on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupAt {
    pub at: i64,
    pub family: u32,
    pub building: u32,
}

/// A member's progress in one challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Progress {
    pub bits: Box<[u64]>,
    pub count: u32,
    pub cards_used: u32,
    pub longest: u32,
    pub milestones_paid: u64,
    /// The instant and id of the event that credited the last day (`NEVER` while incomplete).
    pub completed_at: i64,
    pub completed_id: Option<Box<str>>,
    /// Points earned through this challenge (daily check-ins, milestones, completion).
    pub points: i64,
}

impl Progress {
    pub fn new(days: i32) -> Progress {
        Progress { bits: vec![0; (days as usize).div_ceil(64)].into(), completed_at: NEVER, ..Progress::default() }
    }
    pub fn has(&self, d: i32) -> bool {
        d >= 0 && (d as usize / 64) < self.bits.len() && self.bits[d as usize / 64] >> (d % 64) & 1 == 1
    }
    pub fn set(&mut self, d: i32) {
        self.bits[d as usize / 64] |= 1 << (d % 64);
    }
    /// Length of the run of credited days that contains `d`.
    pub fn run_at(&self, d: i32) -> u32 {
        if !self.has(d) {
            return 0;
        }
        let (mut lo, mut hi) = (d, d);
        while self.has(lo - 1) {
            lo -= 1;
        }
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
    pub fn completed(&self) -> bool {
        self.completed_at != NEVER
    }
}

/// A cap's count in its current period. `challenge` is the challenge index, `u16::MAX` for
/// check-ins without one, or `u16::MAX − 1` for a member-wide count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CapSlot {
    pub rule: RuleIx,
    pub challenge: u16,
    pub period: i32,
    pub count: u32,
}

/// An accepted redemption (it can be refunded once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Redemption {
    pub id: Box<str>,
    pub reward: RewardIx,
    /// (lot expiry, points) taken.
    pub parts: Vec<(i64, i64)>,
    pub refunded: bool,
}

pub(crate) const CHECKED_IN: u8 = 1;
pub(crate) const QUALIFIED: u8 = 2;
pub(crate) const BONUS_PAID: u8 = 4;

/// A member's derived state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Account {
    /// The accepted join: its instant (`NEVER` when not joined) and id.
    pub joined: i64,
    pub join_id: IdRef,
    pub referrer: Mem,
    /// The event that qualified this member's referral (its timeline key).
    pub qualified_by: Key,
    pub flags: u8,
    pub balance: i64,
    pub lifetime: i64,
    /// Time-driven tier demotions are settled up to this instant.
    pub settled: i64,
    pub tier: u8,
    /// As a referrer: qualified referrals so far.
    pub qualified: u32,
    pub lots: Vec<Lot>,
    /// Lots before this index are expired and written off.
    pub lots_expired: u32,
    /// Lots before this index are empty or expired (where spending starts looking).
    pub lots_spent: u32,
    /// Earned points by local day (days that left the tier window trimmed off).
    pub earned: Earnings,
    /// Per level: the last day on which the earned window reached it (`i32::MIN` never).
    pub last_qual: Vec<i32>,
    /// Manual tier floor: (level, last day).
    pub ovr: Option<(u8, i32)>,
    pub caps: Vec<CapSlot>,
    /// One per challenge, once the member has credited any challenge day.
    pub progress: Vec<Progress>,
    pub redeemed: Vec<(RewardIx, u32)>,
    pub redemptions: Vec<Redemption>,
    pub groups: Vec<GroupAt>,
    /// When building a ledger: its entries, in `(at, class)` order.
    pub journal: Option<Box<Vec<Entry>>>,
}

impl Default for Account {
    /// An empty placeholder (no tier levels): what a slot holds while its account is out.
    fn default() -> Account {
        Account::new(0)
    }
}

impl Account {
    pub fn new(levels: usize) -> Account {
        Account {
            joined: NEVER,
            join_id: IdRef::NONE,
            referrer: Mem::NONE,
            qualified_by: Key { at: NEVER, id: IdRef::NONE },
            flags: 0,
            balance: 0,
            lifetime: 0,
            settled: i64::MIN,
            tier: 0,
            qualified: 0,
            lots: Vec::new(),
            lots_expired: 0,
            lots_spent: 0,
            earned: Earnings::default(),
            last_qual: vec![i32::MIN; levels],
            ovr: None,
            caps: Vec::new(),
            progress: Vec::new(),
            redeemed: Vec::new(),
            redemptions: Vec::new(),
            groups: Vec::new(),
            journal: None,
        }
    }

    pub fn joined(&self) -> bool {
        self.joined != NEVER
    }

    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// Groups at instant `t` (the first known ones when `t` precedes them).
    pub fn groups_at(&self, t: i64) -> Option<&GroupAt> {
        let i = self.groups.partition_point(|g| g.at <= t);
        if i == 0 {
            self.groups.first()
        } else {
            self.groups.get(i - 1)
        }
    }

    /// Earned points on local days `(day − window, day]`.
    pub fn earned_window(&self, day: i32, window: i32) -> i64 {
        self.earned.window(day, window)
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

    /// The tier at instant `t` after every processed event, with the demotions due by then
    /// (pure: what `settle` would do).
    pub fn tier_at(&self, t: i64, p: &Compiled) -> u8 {
        let mut tier = self.tier;
        if t < self.settled {
            return tier;
        }
        while let Some((d, new)) = self.next_drop(tier, p.window_days) {
            if d != i32::MIN && start_of_day_ms(d, p.offset) > t {
                break;
            }
            tier = new;
        }
        tier
    }

    pub fn over_guard(&self) -> bool {
        self.balance > MAX_SAFE - CREDIT_GUARD || self.lifetime > MAX_SAFE - CREDIT_GUARD
    }

    /// Records a ledger entry when a ledger is being built.
    pub fn write(&mut self, e: Entry) {
        if let Some(j) = &mut self.journal {
            match j.last() {
                Some(l) if (l.at, l.class) > (e.at, e.class) => {
                    let pos = j.partition_point(|x| (x.at, x.class) <= (e.at, e.class));
                    j.insert(pos, e);
                }
                _ => j.push(e),
            }
        }
    }

    fn tier_entry(&mut self, at: i64, class: u8, event: IdRef, day: i32, from: u8, to: u8) {
        self.write(Entry {
            at,
            class,
            kind: Kind::Tier,
            event,
            rule: RuleRef::Tier,
            points: 0,
            expires: NEVER,
            day,
            tier: (from, to),
        });
    }

    /// Settles time-driven demotions up to instant `t`.
    pub fn settle(&mut self, p: &Compiled, t: i64) {
        if t <= self.settled || !self.joined() {
            return;
        }
        while let Some((day, new)) = self.next_drop(self.tier, p.window_days) {
            let at = if day == i32::MIN { self.settled } else { start_of_day_ms(day, p.offset) };
            if at > t {
                break;
            }
            let from = self.tier;
            self.tier = new;
            self.tier_entry(at, 0, IdRef::NONE, day, from, new);
        }
        self.settled = t;
    }

    /// Writes off points whose expiry is before `clock`; returns the points written off.
    pub fn expire(&mut self, p: &Compiled, clock: i64) -> i64 {
        let mut total = 0;
        while (self.lots_expired as usize) < self.lots.len() && self.lots[self.lots_expired as usize].expires < clock {
            let lot = self.lots[self.lots_expired as usize];
            if lot.remaining > 0 {
                total += lot.remaining;
                self.balance -= lot.remaining;
                self.write(Entry {
                    at: lot.expires,
                    class: 2,
                    kind: Kind::Expire,
                    event: IdRef::NONE,
                    rule: RuleRef::Expiry,
                    points: -lot.remaining,
                    expires: NEVER,
                    day: local_day(lot.expires, p.offset),
                    tier: (0, 0),
                });
            }
            self.lots[self.lots_expired as usize].remaining = 0;
            self.lots_expired += 1;
        }
        self.lots_spent = self.lots_spent.max(self.lots_expired);
        total
    }

    /// Credits points (a lot with the programme's expiry and a ledger entry); earnings count to
    /// the tier window and lifetime points, adjustments only to the balance.
    pub fn credit(&mut self, p: &Compiled, key: Key, day: i32, points: i64, kind: Kind, rule: RuleRef) {
        let exp = p.expires_ms(day);
        let live = self.lots.len() > self.lots_expired as usize;
        match self.lots.last_mut() {
            Some(l) if l.expires == exp && live => l.remaining += points,
            _ => self.lots.push(Lot { expires: exp, remaining: points }),
        }
        self.balance += points;
        if kind == Kind::Earn {
            self.lifetime += points;
            self.earned.add(day, points);
        }
        self.write(Entry { at: key.at, class: 1, kind, event: key.id, rule, points, expires: exp, day, tier: (0, 0) });
    }

    /// Re-evaluates the tier after earning on `day`; a promotion is a ledger entry of the event.
    pub fn promote(&mut self, p: &Compiled, key: Key, day: i32) {
        let earned = self.earned.advance_window(day, p.window_days);
        let reached = p.level_for(earned);
        for l in 1..=reached as usize {
            self.last_qual[l] = day;
        }
        if reached > self.tier {
            let from = self.tier;
            self.tier = reached;
            self.tier_entry(key.at, 1, key.id, day, from, reached);
        }
    }

    /// Points spendable at instant `t`: lots not yet expired at `t`.
    pub fn spendable(&mut self, t: i64) -> i64 {
        while (self.lots_spent as usize) < self.lots.len() && {
            let l = self.lots[self.lots_spent as usize];
            l.remaining == 0 || l.expires < t
        } {
            self.lots_spent += 1;
        }
        self.lots[self.lots_spent as usize..].iter().filter(|l| l.expires >= t).map(|l| l.remaining).sum()
    }

    /// Spends `cost` at instant `t`, earliest expiry first (the caller checked `spendable`);
    /// returns the parts taken.
    pub fn spend(&mut self, t: i64, cost: i64) -> Vec<(i64, i64)> {
        let mut left = cost;
        let mut parts = Vec::new();
        for lot in &mut self.lots[self.lots_spent as usize..] {
            if left == 0 {
                break;
            }
            if lot.expires < t || lot.remaining == 0 {
                continue;
            }
            let take = lot.remaining.min(left);
            lot.remaining -= take;
            left -= take;
            parts.push((lot.expires, take));
        }
        self.balance -= cost;
        parts
    }

    /// Puts refunded parts back into their lots, except points whose expiry has passed at `t`
    /// or was written off; returns the points restored.
    pub fn restore(&mut self, t: i64, parts: &[(i64, i64)]) -> i64 {
        let mut restored = 0;
        for &(exp, pts) in parts {
            if exp < t {
                continue;
            }
            let i = self.lots.partition_point(|l| l.expires < exp);
            if i < self.lots.len() && self.lots[i].expires == exp && i >= self.lots_expired as usize {
                self.lots[i].remaining += pts;
                restored += pts;
                self.lots_spent = self.lots_spent.min(i as u32);
            }
        }
        self.balance += restored;
        restored
    }

    /// Counts one use of a capped rule in the period of `day`; `false` when the cap is reached.
    pub fn take_cap(&mut self, rule: RuleIx, scope: u16, day: i32, cap: Option<(u32, Period)>) -> bool {
        let Some((times, per)) = cap else { return true };
        let key = super::time::period_key(day, per);
        let i = match self.caps.iter().position(|s| s.rule == rule && s.challenge == scope) {
            Some(i) => i,
            None => {
                self.caps.push(CapSlot { rule, challenge: scope, period: key, count: 0 });
                self.caps.len() - 1
            }
        };
        let slot = &mut self.caps[i];
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

    /// The progress of challenge `ch`, created on first use.
    pub fn progress_mut(&mut self, p: &Compiled, ch: usize) -> &mut Progress {
        if self.progress.is_empty() {
            self.progress = p.challenges.iter().map(|c| Progress::new(c.days)).collect();
        }
        &mut self.progress[ch]
    }

    pub fn redeemed(&self, r: RewardIx) -> u32 {
        self.redeemed.iter().find(|x| x.0 == r).map(|x| x.1).unwrap_or(0)
    }

    pub fn add_redeemed(&mut self, r: RewardIx, delta: i32) {
        match self.redeemed.iter_mut().find(|x| x.0 == r) {
            Some(x) => x.1 = x.1.saturating_add_signed(delta),
            None => self.redeemed.push((r, delta.max(0) as u32)),
        }
    }

    /// Gives back spare capacity: a checkpoint is not added to, and most of a compacted
    /// member's lists are complete.
    pub fn shrink_to_fit(&mut self) {
        self.lots.shrink_to_fit();
        self.earned.shrink_to_fit();
        self.last_qual.shrink_to_fit();
        self.caps.shrink_to_fit();
        self.progress.shrink_to_fit();
        self.redeemed.shrink_to_fit();
        self.redemptions.shrink_to_fit();
        for r in &mut self.redemptions {
            r.parts.shrink_to_fit();
        }
        self.groups.shrink_to_fit();
    }

    /// Approximate heap bytes (for the bench's memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.lots.capacity() * 16
            + self.earned.heap_bytes()
            + self.last_qual.capacity() * 4
            + self.caps.capacity() * 12
            + self.progress.iter().map(|p| 72 + p.bits.len() * 8).sum::<usize>()
            + self.redeemed.capacity() * 8
            + self.redemptions.iter().map(|r| 56 + r.id.len() + r.parts.capacity() * 16).sum::<usize>()
            + self.groups.capacity() * 16
    }
}
