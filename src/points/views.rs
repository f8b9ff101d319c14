//! What the engine shows: a member (now or as of an instant), a ledger, leaderboards.

use crate::calendar::Instant;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;

use super::account::Account;
use super::engine::{PointsEngine, WalkTo};
use crate::order::{sort_idx, sort_vec};
use super::event::NO_NAME;
use super::model::{Entry, IdRef, Key, Kind, Mem, NEVER};
use super::msgs;
use super::shapes::{
    ChallengeView, Expiring, LeaderRow, LeaderboardOptions, LedgerEntry, MemberOptions, MemberView, Metric, NextTier,
    Referrals, Scope,
};
use super::time::{fmt_day, fmt_instant, fmt_instant_s, local_day};

fn invalid_option(field: &str, en: &str, zh: &str) -> Error {
    Error::new(ErrorCode::InvalidInput, Some(field), Text::new(format!("{field}：{zh}"), format!("{field}: {en}")))
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

/// A member enrolled in a challenge, with its groups (interned names) for it.
pub(crate) struct Enrolled {
    pub member: Mem,
    pub family: u32,
    pub building: u32,
}

impl PointsEngine {
    fn member_index(&self, id: &str) -> Result<Mem> {
        match self.member_named(id) {
            Some(m) if self.slots[m.ix()].acc.joined() => Ok(m),
            _ => Err(Error::new(ErrorCode::UnknownMember, Some("memberId"), msgs::UNKNOWN_MEMBER.fill(&[id]))),
        }
    }

    /// The engine's "now": the later of the clock and the latest event.
    fn now_ms(&self) -> i64 {
        let last = self.slots.iter().filter_map(|s| s.events.last().map(|e| e.at)).max().unwrap_or(i64::MIN);
        self.clock.unwrap_or(i64::MIN).max(last)
    }

    /// Members who referred `m`'s way with an accepted join up to instant `t`.
    fn referred(&self, m: Mem, t: i64) -> u32 {
        let s = &self.slots[m.ix()];
        let mut named = s.named_by.clone();
        sort_vec(&mut named, &|a, b| a.cmp(b));
        named.dedup();
        named.iter().filter(|x| {
            let a = &self.slots[x.ix()].acc;
            a.referrer == m && a.joined <= t
        }).count() as u32
    }

    /// A member's view (`UNKNOWN_MEMBER` for one who has not joined). With `asOf`, every figure
    /// is as of that instant: the events up to it, and the expiries and tier changes due by it.
    pub fn member(&self, member_id: &str, options: &MemberOptions) -> Result<MemberView> {
        let m = self.member_index(member_id)?;
        let slot = &self.slots[m.ix()];
        let (acc, ref_ms, as_of) = match &options.as_of {
            None => (None, self.now_ms().max(slot.acc.joined), false),
            Some(s) => {
                let t = Instant::parse("options.asOf", s)?.utc_ms;
                if slot.base.is_some() && t < slot.base_at {
                    return Err(invalid_option(
                        "options.asOf",
                        &format!("is before this member's folded history (before {}).", fmt_instant(slot.base_at, self.p.offset)),
                        &format!("早于该成员已合并的历史（{} 之前）。", fmt_instant(slot.base_at, self.p.offset)),
                    ));
                }
                let stop = Key { at: t.saturating_add(1), id: IdRef::NONE };
                let to = WalkTo { stop: Some(stop), settle_at: Some(t), expire_at: Some(t), journal: false };
                let mut acc = self.walk(m, to, &mut |_| {}).acc;
                if !acc.joined() {
                    // Before its join: every figure is zero as of then; `joinedAt` says when
                    // the member joins (the host's clock may run behind the service's).
                    acc.joined = slot.acc.joined;
                    acc.groups = slot.acc.groups.iter().take(1).copied().collect();
                }
                (Some(acc), t, true)
            }
        };
        let x: &Account = acc.as_ref().unwrap_or(&slot.acc);
        let p = &self.p;
        let w = p.window_days;
        let day = local_day(ref_ms, p.offset);
        let earned = x.earned_window(day, w);
        let tier = x.tier_at(ref_ms, p);
        let next_tier = p.level_ids.get(tier as usize + 1).map(|id| NextTier {
            id: id.clone(),
            points_needed: (p.level_min[tier as usize + 1] - earned).max(0),
        });
        let mut expiring: Vec<Expiring> = Vec::new();
        for l in &x.lots[x.lots_expired as usize..] {
            if l.remaining > 0 && l.expires != NEVER {
                let date = fmt_day(local_day(l.expires, p.offset));
                match expiring.last_mut() {
                    Some(e) if e.date == date => e.points += l.remaining,
                    _ => expiring.push(Expiring { date, points: l.remaining }),
                }
            }
        }
        let mut challenges = Vec::new();
        for (ci, c) in p.challenges.iter().enumerate() {
            if x.joined >= c.end_ms {
                continue;
            }
            let pr = x.progress.get(ci);
            let (count, longest, cards_used, completed, points) =
                pr.map(|pr| (pr.count, pr.longest, pr.cards_used, pr.completed(), pr.points)).unwrap_or((0, 0, 0, false, 0));
            let current = match pr {
                None => 0,
                Some(_) if day < c.start_day => 0,
                Some(pr) => {
                    let r = day.min(c.last_day()) - c.start_day;
                    if pr.has(r) {
                        pr.run_ending(r)
                    } else if day <= c.last_day() {
                        pr.run_ending(r - 1)
                    } else {
                        0
                    }
                }
            };
            let is_final = self.clock.is_some_and(|t| t >= c.final_ms) && (!as_of || ref_ms >= c.final_ms);
            challenges.push(ChallengeView {
                id: c.id.clone(),
                days_completed: count,
                current_streak: current,
                longest_streak: longest,
                makeup_cards_left: c.cards.saturating_sub(cards_used),
                completed,
                is_final,
                points,
            });
        }
        let qualified = x.qualified;
        let referred = self.referred(m, if as_of { ref_ms } else { i64::MAX });
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
            referrals: Referrals { qualified, pending: referred.saturating_sub(qualified) },
            joined_at: fmt_instant(x.joined, p.offset),
            family: g.and_then(|g| self.group_name(g.family).map(str::to_string)),
            building: g.and_then(|g| self.group_name(g.building).map(str::to_string)),
        })
    }

    /// A member's ledger, in time order (a compacted member's starts with the balance carried
    /// from its checkpoint).
    pub fn ledger(&self, member_id: &str) -> Result<Vec<LedgerEntry>> {
        let m = self.member_index(member_id)?;
        let to = WalkTo { journal: true, ..self.to_clock() };
        let acc = self.walk(m, to, &mut |_| {}).acc;
        Ok(acc.journal.map(|j| j.iter().map(|e| self.entry_view(e)).collect()).unwrap_or_default())
    }

    fn entry_view(&self, e: &Entry) -> LedgerEntry {
        let p = &self.p;
        let event_id = if e.event != IdRef::NONE {
            self.ids.str(e.event).to_string()
        } else {
            let what = match e.kind {
                Kind::Expire => "expiry",
                Kind::Carry => "checkpoint",
                _ => "tier",
            };
            format!("{what}:{}", fmt_day(e.day))
        };
        LedgerEntry {
            event_id,
            rule_id: msgs::rule_id(p, e.rule),
            kind: e.kind.as_str().to_string(),
            points: e.points,
            at: if e.kind == Kind::Expire { fmt_instant_s(e.at, p.offset) } else { fmt_instant(e.at, p.offset) },
            local_date: fmt_day(e.day),
            expires_at: (matches!(e.kind, Kind::Earn | Kind::Adjust) && e.expires != NEVER).then(|| fmt_instant_s(e.expires, p.offset)),
            tier_change: (e.kind == Kind::Tier).then(|| self.tier_change(e.tier)),
        }
    }

    /// Members enrolled in challenge `ci`: joined before it ended, with their groups at its
    /// start (or at joining, for those who joined during it). Once the challenge is final, no
    /// join or move dated before its end is accepted, so this list is final too.
    pub(crate) fn roster(&self, ci: usize) -> Vec<Enrolled> {
        let c = &self.p.challenges[ci];
        let mut out = Vec::new();
        for (m, s) in self.slots.iter().enumerate() {
            let x = &s.acc;
            if x.joined() && x.joined < c.end_ms {
                let g = x.groups_at(c.start_ms.max(x.joined));
                out.push(Enrolled {
                    member: Mem(m as u32),
                    family: g.map(|g| g.family).unwrap_or(NO_NAME),
                    building: g.map(|g| g.building).unwrap_or(NO_NAME),
                });
            }
        }
        out
    }

    /// Rankings. Members by points; families and buildings by the average per enrolled member
    /// or by the participation rate. Ties: earlier completion, then lower id.
    pub fn leaderboard(&self, options: &LeaderboardOptions) -> Result<Vec<LeaderRow>> {
        let ch = match &options.challenge_id {
            None => None,
            Some(c) => Some(self.p.challenge_index(c).ok_or_else(|| {
                invalid_option("options.challengeId", &format!("unknown challenge \"{c}\"."), &format!("未知的挑战“{c}”。"))
            })?),
        };
        let limit = match options.limit {
            None => usize::MAX,
            Some(l) if l >= 1 => l as usize,
            Some(_) => return Err(invalid_option("options.limit", "must be a positive whole number.", "必须是正整数。")),
        };
        let metric = options.metric.unwrap_or_default();
        let roster: Vec<Enrolled> = match ch {
            Some(ci) => self.roster(ci as usize),
            None => self
                .slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.acc.joined())
                .map(|(m, s)| {
                    let g = s.acc.groups.last();
                    Enrolled {
                        member: Mem(m as u32),
                        family: g.map(|g| g.family).unwrap_or(NO_NAME),
                        building: g.map(|g| g.building).unwrap_or(NO_NAME),
                    }
                })
                .collect(),
        };
        struct Row<'a> {
            id: &'a str,
            num: i128,
            den: i128,
            members: u32,
            done: Option<(i64, &'a str)>,
        }
        // Per member: (points, took part, days credited, completion key).
        let member_stats = |m: Mem| -> (i64, bool, u32, Option<(i64, &str)>) {
            let x = &self.slots[m.ix()].acc;
            match ch {
                None => (x.lifetime, x.lifetime > 0, 0, None),
                Some(ci) => match x.progress.get(ci as usize) {
                    None => (0, false, 0, None),
                    Some(pr) => {
                        let done = pr.completed().then(|| (pr.completed_at, pr.completed_id.as_deref().unwrap_or("")));
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
                        (Metric::Participation, Some(ci)) => (i128::from(days) * 100, i128::from(self.p.challenges[ci as usize].days)),
                        (Metric::Participation, None) => (if took_part { 100 } else { 0 }, 1),
                    };
                    rows.push(Row { id: self.name(r.member), num, den, members: 1, done });
                }
            }
            Scope::Family | Scope::Building => {
                let family = options.scope == Scope::Family;
                let group = |r: &Enrolled| {
                    let g = if family { r.family } else { r.building };
                    self.group_name(g)
                };
                let mut idx: Vec<u32> = (0..roster.len() as u32).filter(|&i| group(&roster[i as usize]).is_some()).collect();
                sort_idx(&mut idx, &|a, b| group(&roster[a as usize]).cmp(&group(&roster[b as usize])));
                let mut k = 0;
                while k < idx.len() {
                    let g = group(&roster[idx[k] as usize]).unwrap_or("");
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
            .map(|(i, r)| LeaderRow { rank: i as u32 + 1, id: r.id.to_string(), score: round2(r.num, r.den), members: r.members })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::round2;

    #[test]
    fn rounding_is_exact() {
        assert_eq!(round2(1, 3), 0.33);
        assert_eq!(round2(2, 3), 0.67);
        assert_eq!(round2(5, 1000), 0.01);
        assert_eq!(round2(-5, 1000), -0.01);
        assert_eq!(round2(100, 1), 100.0);
    }
}
