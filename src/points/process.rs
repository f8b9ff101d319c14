//! The processing of one event on its member's account, in named phases.
//!
//! An account is a function of its member's events and of the qualifications of the members it
//! referred, processed in `(at, id)` order. What processing needs from other members (a
//! referrer's join, the use of a reward's stock before an instant, a referrer's earlier
//! qualifications) it reads from [`World`]; what it changes for them (a unit of stock, a
//! qualification) it reports in [`Out`], and the engine applies it.

use std::collections::HashMap;

use super::account::{Account, Redemption, BONUS_PAID, CHECKED_IN, QUALIFIED};
use super::event::{EventType, Extra, NO_NAME};
use super::fxhash::FxBuild;
use super::ids::Ids;
use super::model::{Award, ChallengeIx, Ev, Here, IdRef, Key, Kind, Mem, Note, RewardIx, RuleIx, RuleRef, NEVER};
use super::program::{Compiled, EarnOn};
use super::time::Period;

/// What processing reads about the rest of the engine.
pub(crate) struct World<'a> {
    pub p: &'a Compiled,
    pub ids: &'a Ids,
    pub extras: &'a HashMap<IdRef, Extra, FxBuild>,
    /// The accepted join of a member, if any.
    pub join_of: &'a dyn Fn(Mem) -> Option<Key>,
    /// Whether a stocked reward is used up before a timeline position.
    pub out_of_stock: &'a dyn Fn(RewardIx, Key) -> bool,
    /// A referrer's qualified referrals before a timeline position.
    pub qualified_before: &'a dyn Fn(Mem, Key) -> u32,
}

/// What processing one event changed beyond its member's account, and its awards.
#[derive(Debug, Default)]
pub(crate) struct Out {
    pub awards: Vec<Award>,
    /// A unit of a stocked reward taken (+1) or given back (−1).
    pub stock: Option<(RewardIx, i64)>,
    /// This event qualified its member's referral: the referrer.
    pub qualified: Option<Mem>,
    /// The tier change of the event's member.
    pub tier_change: Option<(u8, u8)>,
    /// The member's tier when the event began to change its account.
    tier_before: u8,
}

impl Out {
    pub fn clear(&mut self) {
        self.awards.clear();
        self.stock = None;
        self.qualified = None;
        self.tier_change = None;
    }
}

/// An accepted event starts to change the account: tier demotions due by its instant happen
/// first. (A refusal changes nothing, not even that: its checks come before this.)
fn begin(acc: &mut Account, p: &Compiled, here: Here, out: &mut Out) {
    acc.settle(p, here.at());
    out.tier_before = acc.tier;
}

/// Processes event `ev` of `acc`'s member (every earlier event of the member is processed).
/// `Ok` is an acceptance (with a note when a cap was reached), `Err` a refusal; a refusal
/// leaves the account as it was.
pub(crate) fn process(acc: &mut Account, w: &World<'_>, here: Here, ev: &Ev, out: &mut Out) -> Result<Option<Note>, Note> {
    if matches!(ev.kind, EventType::Join | EventType::Referral) {
        return join(acc, w, here, ev);
    }
    if !acc.joined() {
        return Err(Note::UnknownMember);
    }
    let credits = !matches!(ev.kind, EventType::Redeem | EventType::Refund);
    if credits && acc.over_guard() {
        return Err(Note::TooLarge);
    }
    let result = match ev.kind {
        EventType::Join | EventType::Referral => Ok(None),
        EventType::CheckIn => check_in(acc, w, here, ev.challenge(), out),
        EventType::Makeup => makeup(acc, w, here, ev, out),
        EventType::Activity => earn(acc, w.p, here, EarnOn::Activity, out),
        EventType::FollowUp => earn(acc, w.p, here, EarnOn::FollowUp, out),
        EventType::Share => earn(acc, w.p, here, EarnOn::Share, out),
        EventType::Redeem => redeem(acc, w, here, ev, out),
        EventType::Refund => refund(acc, w, here, ev, out),
        EventType::Adjust => adjust(acc, w, here, ev, out),
    };
    if result.is_ok() && acc.tier != out.tier_before {
        out.tier_change = Some((out.tier_before, acc.tier));
    }
    result
}

/// A join: the member's first accepted join, or a move to new groups.
fn join(acc: &mut Account, w: &World<'_>, here: Here, ev: &Ev) -> Result<Option<Note>, Note> {
    let Some(Extra::Join { referrer, family, building, has_groups }) = w.extras.get(&ev.id) else {
        return Err(Note::AlreadyMember);
    };
    let referrer = Mem(*referrer);
    if acc.joined() {
        if !referrer.is_none() {
            return Err(Note::ReferExisting);
        }
        if !has_groups {
            return Err(Note::AlreadyMember);
        }
        begin(acc, w.p, here, &mut Out::default());
        let prev = acc.groups.last().copied();
        let keep = |new: u32, old: Option<u32>| if new != NO_NAME { new } else { old.unwrap_or(NO_NAME) };
        acc.groups.push(super::account::GroupAt {
            at: here.at(),
            family: keep(*family, prev.map(|g| g.family)),
            building: keep(*building, prev.map(|g| g.building)),
        });
        return Ok(None);
    }
    if !referrer.is_none() {
        let before = (w.join_of)(referrer).is_some_and(|k| w.ids.less(k, here.key));
        if !before {
            return Err(Note::UnknownReferrer);
        }
    }
    acc.joined = here.at();
    acc.join_id = here.key.id;
    acc.settled = here.at();
    if *has_groups {
        acc.groups.push(super::account::GroupAt { at: here.at(), family: *family, building: *building });
    }
    acc.referrer = referrer;
    Ok(None)
}

/// Credits the earning rules triggered by `on`; caps that are reached give a 0-point award
/// with the reason. Returns the note of a reached cap and whether anything was earned.
fn earn_rules(acc: &mut Account, p: &Compiled, here: Here, on: EarnOn, challenge: Option<ChallengeIx>, out: &mut Out) -> (Option<Note>, bool) {
    let mut note = None;
    let mut earned = false;
    for &ri in &p.rules_on[on.index()] {
        let rule = &p.rules[ri as usize];
        let scope = match (rule.member_wide, challenge) {
            (true, _) => u16::MAX - 1,
            (false, Some(c)) => c.0,
            (false, None) => u16::MAX,
        };
        if acc.take_cap(RuleIx(ri), scope, here.day, rule.cap) {
            earned |= rule.points > 0;
            award(acc, p, here, rule.points, RuleRef::Earn(RuleIx(ri)), challenge, out);
        } else {
            let (times, per) = rule.cap.unwrap_or((0, Period::Day));
            let n = Note::Capped { times, per };
            note = Some(n);
            out.awards.push(Award { member: here.member, rule: RuleRef::Earn(RuleIx(ri)), points: 0, capped: Some(n) });
        }
    }
    (note, earned)
}

/// An earned award: credit it, record it, count it to the challenge.
fn award(acc: &mut Account, p: &Compiled, here: Here, points: i64, rule: RuleRef, challenge: Option<ChallengeIx>, out: &mut Out) {
    if points <= 0 {
        return;
    }
    acc.credit(p, here.key, here.day, points, Kind::Earn, rule);
    if let Some(c) = challenge {
        acc.progress_mut(p, c.ix()).points += points;
    }
    out.awards.push(Award { member: here.member, rule, points, capped: None });
}

fn check_in(acc: &mut Account, w: &World<'_>, here: Here, challenge: Option<ChallengeIx>, out: &mut Out) -> Result<Option<Note>, Note> {
    let p = w.p;
    begin(acc, p, here, out);
    let new_day = challenge.and_then(|c| credit_day(acc, p, c, here.day - p.challenges[c.ix()].start_day));
    let (note, mut earned) = earn_rules(acc, p, here, EarnOn::CheckIn, challenge, out);
    if let (Some(c), Some(d)) = (challenge, new_day) {
        earned |= challenge_bonuses(acc, w, here, c, d, out);
    }
    if earned {
        acc.promote(p, here.key, here.day);
    }
    if !acc.has(CHECKED_IN) {
        acc.flags |= CHECKED_IN;
        qualify_referral(acc, w, here, out);
    }
    Ok(note)
}

/// Credits day `d` (from the start) of a challenge; `Some(d)` when it was not credited yet.
fn credit_day(acc: &mut Account, p: &Compiled, c: ChallengeIx, d: i32) -> Option<i32> {
    let pr = acc.progress_mut(p, c.ix());
    if pr.has(d) {
        return None;
    }
    pr.set(d);
    pr.count += 1;
    Some(d)
}

/// A member's first check-in qualifies its referral: the referrer is paid (in its own account,
/// see [`receive_referral`]); the awards are listed on this event.
fn qualify_referral(acc: &mut Account, w: &World<'_>, here: Here, out: &mut Out) {
    let r = acc.referrer;
    if r.is_none() || acc.has(QUALIFIED) {
        return;
    }
    acc.flags |= QUALIFIED;
    acc.qualified_by = here.key;
    out.qualified = Some(r);
    let n = (w.qualified_before)(r, here.key) + 1;
    for (rule, points) in referral_awards(w.p, here.member, n) {
        if points > 0 {
            out.awards.push(Award { member: r, rule, points, capped: None });
        }
    }
}

/// The awards of a referrer's `n`-th qualified referral (of member `referred`).
pub(crate) fn referral_awards(p: &Compiled, referred: Mem, n: u32) -> impl Iterator<Item = (RuleRef, i64)> {
    let bonus = p.referral_bonus.filter(|&(at, _)| at == n).map(|(_, pts)| (RuleRef::ReferralBonus(n), pts));
    std::iter::once((RuleRef::Referral(referred), p.referral_points)).chain(bonus)
}

/// The referrer's side of a qualification: its `qualified`-th referral pays, at the instant of
/// the referred member's qualifying event.
pub(crate) fn receive_referral(acc: &mut Account, p: &Compiled, here: Here, referred: Mem, out: &mut Out) {
    acc.settle(p, here.at());
    acc.qualified += 1;
    let n = acc.qualified;
    let mut earned = false;
    for (rule, points) in referral_awards(p, referred, n) {
        if matches!(rule, RuleRef::ReferralBonus(_)) {
            if acc.has(BONUS_PAID) {
                continue;
            }
            acc.flags |= BONUS_PAID;
        }
        if points > 0 {
            earned = true;
            award(acc, p, here, points, rule, None, out);
        }
    }
    if earned {
        acc.promote(p, here.key, here.day);
    }
}

fn makeup(acc: &mut Account, w: &World<'_>, here: Here, ev: &Ev, out: &mut Out) -> Result<Option<Note>, Note> {
    let p = w.p;
    let (Some(c), Some(Extra::Makeup { day })) = (ev.challenge(), w.extras.get(&ev.id)) else {
        return Err(Note::UnknownChallenge);
    };
    let ch = &p.challenges[c.ix()];
    let cards = ch.cards;
    let d = day - ch.start_day;
    let pr = acc.progress_mut(p, c.ix());
    if pr.has(d) {
        return Err(Note::MakeupCredited);
    }
    if pr.cards_used >= cards {
        return Err(Note::MakeupLimit { cards });
    }
    begin(acc, p, here, out);
    let pr = acc.progress_mut(p, c.ix());
    pr.set(d);
    pr.count += 1;
    pr.cards_used += 1;
    if challenge_bonuses(acc, w, here, c, d, out) {
        acc.promote(p, here.key, here.day);
    }
    Ok(None)
}

/// After day `d` of challenge `c` was credited: streak milestones and the completion bonus,
/// once each. Returns whether anything was earned.
fn challenge_bonuses(acc: &mut Account, w: &World<'_>, here: Here, c: ChallengeIx, d: i32, out: &mut Out) -> bool {
    let p = w.p;
    let ch = &p.challenges[c.ix()];
    let pr = acc.progress_mut(p, c.ix());
    let run = pr.run_at(d);
    pr.longest = pr.longest.max(run);
    let longest = pr.longest;
    let mut pay: Vec<(RuleRef, i64)> = Vec::new();
    for (i, &(days, pts)) in ch.milestones.iter().enumerate() {
        if longest >= days && pr.milestones_paid >> i & 1 == 0 {
            pr.milestones_paid |= 1 << i;
            pay.push((RuleRef::Milestone(c, i as u16), pts));
        }
    }
    if pr.count == ch.days as u32 && !pr.completed() {
        pr.completed_at = here.at();
        pr.completed_id = Some(w.ids.str(here.key.id).into());
        pay.push((RuleRef::Completion(c), ch.bonus));
    }
    let n = out.awards.len();
    for (rule, pts) in pay {
        award(acc, p, here, pts, rule, Some(c), out);
    }
    out.awards.len() > n
}

fn earn(acc: &mut Account, p: &Compiled, here: Here, on: EarnOn, out: &mut Out) -> Result<Option<Note>, Note> {
    begin(acc, p, here, out);
    let (note, earned) = earn_rules(acc, p, here, on, None, out);
    if earned {
        acc.promote(p, here.key, here.day);
    }
    Ok(note)
}

fn redeem(acc: &mut Account, w: &World<'_>, here: Here, ev: &Ev, out: &mut Out) -> Result<Option<Note>, Note> {
    let Some(r) = ev.reward() else { return Err(Note::UnknownReward) };
    let rw = &w.p.rewards[r.ix()];
    if let Some(limit) = rw.limit {
        if i64::from(acc.redeemed(r)) >= limit {
            return Err(Note::RedeemLimit { limit });
        }
    }
    if rw.stock.is_some() && (w.out_of_stock)(r, here.key) {
        return Err(Note::OutOfStock);
    }
    let have = acc.spendable(here.at());
    if have < rw.cost {
        return Err(Note::Insufficient { need: rw.cost, have });
    }
    begin(acc, w.p, here, out);
    let parts = acc.spend(here.at(), rw.cost);
    acc.add_redeemed(r, 1);
    acc.write(super::model::Entry {
        at: here.at(),
        class: 1,
        kind: Kind::Spend,
        event: here.key.id,
        rule: RuleRef::Reward(r),
        points: -rw.cost,
        expires: NEVER,
        day: here.day,
        tier: (0, 0),
    });
    acc.redemptions.push(Redemption { id: w.ids.str(here.key.id).into(), reward: r, parts, refunded: false });
    if rw.stock.is_some() {
        out.stock = Some((r, 1));
    }
    Ok(None)
}

fn refund(acc: &mut Account, w: &World<'_>, here: Here, ev: &Ev, out: &mut Out) -> Result<Option<Note>, Note> {
    let Some(Extra::Refund { redemption }) = w.extras.get(&ev.id) else { return Err(Note::UnknownRedemption) };
    let Some(i) = acc.redemptions.iter().position(|x| x.id == *redemption) else {
        return Err(Note::UnknownRedemption);
    };
    if acc.redemptions[i].refunded {
        return Err(Note::AlreadyRefunded);
    }
    begin(acc, w.p, here, out);
    acc.redemptions[i].refunded = true;
    let r = acc.redemptions[i].reward;
    let parts = std::mem::take(&mut acc.redemptions[i].parts);
    let restored = acc.restore(here.at(), &parts);
    acc.redemptions[i].parts = parts;
    acc.add_redeemed(r, -1);
    acc.write(super::model::Entry {
        at: here.at(),
        class: 1,
        kind: Kind::Reverse,
        event: here.key.id,
        rule: RuleRef::Reward(r),
        points: restored,
        expires: NEVER,
        day: here.day,
        tier: (0, 0),
    });
    if w.p.rewards[r.ix()].stock.is_some() {
        out.stock = Some((r, -1));
    }
    Ok(None)
}

fn adjust(acc: &mut Account, w: &World<'_>, here: Here, ev: &Ev, out: &mut Out) -> Result<Option<Note>, Note> {
    begin(acc, w.p, here, out);
    let Some(Extra::Adjust { points, tier, .. }) = w.extras.get(&ev.id) else { return Ok(None) };
    if *points > 0 {
        acc.credit(w.p, here.key, here.day, *points, Kind::Adjust, RuleRef::Adjust);
    }
    if let Some((level, until)) = *tier {
        acc.ovr = Some((level, until));
        let new = acc.tier_on(here.day, w.p.window_days);
        if new != acc.tier {
            let from = acc.tier;
            acc.tier = new;
            acc.write(super::model::Entry {
                at: here.at(),
                class: 1,
                kind: Kind::Tier,
                event: here.key.id,
                rule: RuleRef::Tier,
                points: 0,
                expires: NEVER,
                day: here.day,
                tier: (from, new),
            });
        }
    }
    Ok(None)
}
