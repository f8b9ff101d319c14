//! Checkpoints in the state document: a compacted member's account as one JSON array, fields by
//! position (listed in docs/points-rules.md). Instants are milliseconds since 1970-01-01T00:00Z,
//! days are local day numbers since 1970-01-01, tiers, rules, challenges and rewards are indexes
//! into the document's programme. Read straight from the text (10,000 checkpoints of 10,000
//! members × 100 events, 9.2 MB, in 90 ms natively), and checked: names and indexes exist,
//! numbers are in range, the balance is the sum of the lots and the lifetime points the sum of
//! the earnings.

use serde_json::Value;

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;

use super::account::{Account, CapSlot, GroupAt, Lot, Redemption, BONUS_PAID, CHECKED_IN, QUALIFIED};
use super::engine::PointsEngine;
use super::event::NO_NAME;
use super::json::Scan;
use super::model::{IdRef, Key, Mem, RewardIx, RuleIx, NEVER};
use super::program::Compiled;
use super::time::MAX_SAFE;

/// Number of fields of a checkpoint.
const FIELDS: usize = 21;

fn bad(path: &str, en: &str, zh: &str) -> Error {
    Error::new(
        ErrorCode::InvalidState,
        Some(path),
        // The path stays in `field`; the text never names it (resident-readable text).
        Text::new(format!("积分状态文档无效：其中一项{zh}"), format!("Invalid points state document: one of its entries {en}")),
    )
}

fn out_of_range(path: &str) -> Error {
    bad(path, "is out of range.", "超出范围。")
}

fn num(v: i64) -> Value {
    Value::from(v)
}

fn opt_num(v: Option<i64>) -> Value {
    v.map(Value::from).unwrap_or(Value::Null)
}

fn instant(t: i64) -> Value {
    opt_num((t != NEVER).then_some(t))
}

fn name(s: Option<&str>) -> Value {
    s.map(Value::from).unwrap_or(Value::Null)
}

/// The checkpoint of member `m` (its account `a` at instant `at`).
pub(crate) fn encode(eng: &PointsEngine, m: Mem, at: i64, a: &Account) -> Value {
    let arr = Value::Array;
    let group = |g: u32| name(eng.group_name(g));
    let fields: [Value; FIELDS] = [
        Value::from(eng.name(m)),
        num(at),
        instant(a.joined),
        arr(a.groups.iter().map(|g| arr(vec![num(g.at), group(g.family), group(g.building)])).collect()),
        name((!a.referrer.is_none()).then(|| eng.name(a.referrer))),
        opt_num(a.has(QUALIFIED).then_some(a.qualified_by.at)),
        num(i64::from(a.flags)),
        num(i64::from(a.qualified)),
        num(a.balance),
        num(a.lifetime),
        num(i64::from(a.tier)),
        num(a.settled),
        arr(a.lots[a.lots_expired as usize..].iter().map(|l| arr(vec![instant(l.expires), num(l.remaining)])).collect()),
        num(a.earned.base()),
        {
            let mut days = Vec::new();
            a.earned.each_day(&mut |d, c| days.push(arr(vec![num(i64::from(d)), num(c)])));
            arr(days)
        },
        arr(a.last_qual.iter().map(|&d| opt_num((d != i32::MIN).then_some(i64::from(d)))).collect()),
        a.ovr.map(|(l, d)| arr(vec![num(i64::from(l)), num(i64::from(d))])).unwrap_or(Value::Null),
        arr(a.caps.iter().map(|c| arr(vec![num(i64::from(c.rule.0)), num(scope_out(c.challenge)), num(i64::from(c.period)), num(i64::from(c.count))])).collect()),
        arr(a
            .progress
            .iter()
            .enumerate()
            .filter(|(_, p)| p.count > 0 || p.cards_used > 0 || p.points > 0)
            .map(|(ci, p)| {
                let days = (0..p.bits.len() as i32 * 64).filter(|&d| p.has(d)).map(|d| num(i64::from(d))).collect();
                arr(vec![
                    num(ci as i64),
                    arr(days),
                    num(i64::from(p.cards_used)),
                    num(i64::from(p.longest)),
                    num(p.milestones_paid as i64),
                    instant(p.completed_at),
                    name(p.completed_id.as_deref()),
                    num(p.points),
                ])
            })
            .collect()),
        arr(a.redeemed.iter().filter(|r| r.1 > 0).map(|r| arr(vec![num(i64::from(r.0 .0)), num(i64::from(r.1))])).collect()),
        arr(a
            .redemptions
            .iter()
            .map(|r| {
                let parts = r.parts.iter().map(|&(e, p)| arr(vec![instant(e), num(p)])).collect();
                arr(vec![Value::from(&*r.id), num(i64::from(r.reward.0)), Value::from(r.refunded), arr(parts)])
            })
            .collect()),
    ];
    arr(fields.into())
}

fn scope_out(c: u16) -> i64 {
    match c {
        u16::MAX => -1,
        x if x == u16::MAX - 1 => -2,
        x => i64::from(x),
    }
}

/// Reads number fields with their paths.
struct Reader<'p> {
    path: &'p str,
}

/// The path of element `i` of `path`; none (an empty path) when `path` is empty: a checkpoint
/// is read without paths first, and again with them only for an error.
// Out of line, as is `decode_checkpoint` (called twice): inlined, the two added 0.9 KB to the
// speed build.
#[inline(never)]
fn element(path: &str, i: usize) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}[{i}]")
    }
}

impl Reader<'_> {
    fn at(&self, i: usize) -> String {
        element(self.path, i)
    }

    fn int(&self, sc: &mut Scan<'_>, i: usize, min: i64, max: i64) -> Result<i64> {
        let p = self.at(i);
        let v = sc.int(&p)?.ok_or_else(|| bad(&p, "must be a number.", "必须是数字。"))?;
        if v < min || v > max {
            return Err(out_of_range(&p));
        }
        Ok(v)
    }

    fn opt_int(&self, sc: &mut Scan<'_>, i: usize, min: i64, max: i64) -> Result<Option<i64>> {
        let p = self.at(i);
        match sc.int(&p)? {
            None => Ok(None),
            Some(v) if v < min || v > max => Err(out_of_range(&p)),
            Some(v) => Ok(Some(v)),
        }
    }
}

/// Instants the engine accepts (milliseconds).
const MS: (i64, i64) = (-62_135_510_400_000, 253_370_678_400_000);
/// Local day numbers of those instants (with a margin for offsets).
const DAYS: (i64, i64) = (-719_200, 2_932_900);

/// The error of a record with more fields than its kind has.
fn too_many_fields(path: &str) -> Error {
    bad(path, "has too many fields.", "字段过多。")
}

/// The error of a record that does not follow the one before it.
fn out_of_order(path: &str) -> Error {
    bad(path, "is out of order.", "顺序错误。")
}

/// Reads the array at `here`, each element by `read` with the element's path.
fn each_record<'a>(sc: &mut Scan<'a>, here: &str, read: &mut dyn FnMut(&str, &mut Scan<'a>) -> Result<()>) -> Result<()> {
    sc.array(here, &mut |j, sc| read(&element(here, j), sc))
}

/// Reads a record `[x, y]` of two numbers at `path`, `x` within `xs` and `y` within `ys`.
fn int_pair(sc: &mut Scan<'_>, path: &str, xs: (i64, i64), ys: (i64, i64)) -> Result<(i64, i64)> {
    let r = Reader { path };
    let (mut x, mut y) = (0, 0);
    sc.array(path, &mut |k, sc| {
        match k {
            0 => x = r.int(sc, k, xs.0, xs.1)?,
            1 => y = r.int(sc, k, ys.0, ys.1)?,
            _ => return Err(too_many_fields(path)),
        }
        Ok(())
    })?;
    Ok((x, y))
}

/// Reads a record `[expires or null, points]` at `path`, its fields named by index or `fixed_ix`.
fn expiring_points(sc: &mut Scan<'_>, path: &str, fixed_ix: Option<usize>) -> Result<(i64, i64)> {
    let r = Reader { path };
    let (mut expires, mut points) = (NEVER, 0);
    sc.array(path, &mut |k, sc| {
        let i = fixed_ix.unwrap_or(k);
        match k {
            0 => expires = r.opt_int(sc, i, MS.0, MS.1)?.unwrap_or(NEVER),
            1 => points = r.int(sc, i, 0, MAX_SAFE)?,
            _ => return Err(too_many_fields(path)),
        }
        Ok(())
    })?;
    Ok((expires, points))
}

/// Field 12: the unexpired lots, by increasing expiry.
fn read_lots(sc: &mut Scan<'_>, here: &str, a: &mut Account) -> Result<()> {
    each_record(sc, here, &mut |lp, sc| {
        let (expires, remaining) = expiring_points(sc, lp, None)?;
        if a.lots.last().is_some_and(|x| x.expires >= expires) {
            return Err(out_of_order(lp));
        }
        a.lots.push(Lot { expires, remaining });
        Ok(())
    })
}

/// Field 14: the cumulative earnings by day, after `earned_base`.
fn read_earnings(sc: &mut Scan<'_>, here: &str, a: &mut Account) -> Result<()> {
    each_record(sc, here, &mut |ep, sc| {
        let (d, c) = int_pair(sc, ep, DAYS, (0, MAX_SAFE))?;
        if !a.earned.add_cumulative(d as i32, c) {
            return Err(out_of_order(ep));
        }
        Ok(())
    })
}

/// Field 15: per level, the last day the earned window reached it (null: never).
fn read_last_qualified(sc: &mut Scan<'_>, here: &str, a: &mut Account) -> Result<()> {
    sc.array(here, &mut |j, sc| {
        let v = Reader { path: here }.opt_int(sc, j, DAYS.0, DAYS.1)?;
        match a.last_qual.get_mut(j) {
            Some(q) => *q = v.map(|d| d as i32).unwrap_or(i32::MIN),
            None => return Err(bad(here, "has more levels than the program.", "等级多于方案。")),
        }
        Ok(())
    })
}

/// Field 16: the manual tier floor `[level, last day]`, or null.
fn read_tier_override(sc: &mut Scan<'_>, here: &str, levels: i64, a: &mut Account) -> Result<()> {
    if sc.peek() == Some(b'n') {
        sc.skip(here)?;
    } else {
        let (l, d) = int_pair(sc, here, (0, levels - 1), DAYS)?;
        a.ovr = Some((l as u8, d as i32));
    }
    Ok(())
}

/// Field 17: the cap counters `[rule, challenge scope, period, count]`.
fn read_caps(sc: &mut Scan<'_>, here: &str, p: &Compiled, a: &mut Account) -> Result<()> {
    each_record(sc, here, &mut |cp, sc| {
        let c = Reader { path: cp };
        let mut slot = CapSlot { rule: RuleIx(0), challenge: u16::MAX, period: 0, count: 0 };
        sc.array(cp, &mut |k, sc| {
            match k {
                0 => slot.rule = RuleIx(c.int(sc, k, 0, p.rules.len() as i64 - 1)? as u16),
                1 => {
                    slot.challenge = match c.int(sc, k, -2, p.challenges.len() as i64 - 1)? {
                        -1 => u16::MAX,
                        -2 => u16::MAX - 1,
                        x => x as u16,
                    }
                }
                2 => slot.period = c.int(sc, k, i64::from(i32::MIN), i64::from(i32::MAX))? as i32,
                3 => slot.count = c.int(sc, k, 0, i64::from(u32::MAX))? as u32,
                _ => return Err(too_many_fields(cp)),
            }
            Ok(())
        })?;
        a.caps.push(slot);
        Ok(())
    })
}

/// Field 18: the progress in challenges, `[challenge, days, cards, longest, milestones, …]` each.
fn read_challenge_progress(sc: &mut Scan<'_>, here: &str, p: &Compiled, a: &mut Account) -> Result<()> {
    each_record(sc, here, &mut |pp, sc| {
        let c = Reader { path: pp };
        let mut ci = 0usize;
        sc.array(pp, &mut |k, sc| {
            if k == 0 {
                ci = c.int(sc, k, 0, p.challenges.len() as i64 - 1)? as usize;
                return Ok(());
            }
            let ch = &p.challenges[ci];
            let pr = a.progress_mut(p, ci);
            match k {
                1 => sc.array(&c.at(k), &mut |_, sc| {
                    let d = c.int(sc, k, 0, i64::from(ch.days) - 1)? as i32;
                    if pr.has(d) {
                        return Err(bad(pp, "repeats a day.", "日期重复。"));
                    }
                    pr.set(d);
                    pr.count += 1;
                    Ok(())
                })?,
                2 => pr.cards_used = c.int(sc, k, 0, i64::from(ch.cards))? as u32,
                3 => pr.longest = c.int(sc, k, 0, i64::from(ch.days))? as u32,
                4 => pr.milestones_paid = c.int(sc, k, 0, i64::MAX)? as u64,
                5 => pr.completed_at = c.opt_int(sc, k, MS.0, MS.1)?.unwrap_or(NEVER),
                6 => pr.completed_id = sc.opt_string(pp)?.map(|s| s.as_ref().into()),
                7 => pr.points = c.int(sc, k, 0, MAX_SAFE)?,
                _ => return Err(too_many_fields(pp)),
            }
            Ok(())
        })
    })
}

/// Field 19: the redemption counts `[reward, count]` per reward.
fn read_redeemed(sc: &mut Scan<'_>, here: &str, p: &Compiled, a: &mut Account) -> Result<()> {
    each_record(sc, here, &mut |rp, sc| {
        let (w, n) = int_pair(sc, rp, (0, p.rewards.len() as i64 - 1), (0, i64::from(u32::MAX)))?;
        a.redeemed.push((RewardIx(w as u16), n as u32));
        Ok(())
    })
}

/// Field 20: the redemptions `[id, reward, refunded, parts]`, each part `[expires, points]`.
fn read_redemptions(sc: &mut Scan<'_>, here: &str, p: &Compiled, a: &mut Account) -> Result<()> {
    each_record(sc, here, &mut |rp, sc| {
        let c = Reader { path: rp };
        let mut red = Redemption { id: "".into(), reward: RewardIx(0), parts: Vec::new(), refunded: false };
        sc.array(rp, &mut |k, sc| {
            match k {
                0 => red.id = sc.string(rp)?.as_ref().into(),
                1 => red.reward = RewardIx(c.int(sc, k, 0, p.rewards.len() as i64 - 1)? as u16),
                2 => red.refunded = sc.boolean(rp)?,
                // A part's fields are named by this field's index (`rp[3]`), as they always were.
                3 => sc.array(rp, &mut |_, sc| {
                    red.parts.push(expiring_points(sc, rp, Some(k))?);
                    Ok(())
                })?,
                _ => return Err(too_many_fields(rp)),
            }
            Ok(())
        })?;
        a.redemptions.push(red);
        Ok(())
    })
}

impl PointsEngine {
    /// Reads a checkpoint: its member, instant and account, field by field, then checks them.
    #[inline(never)]
    pub(crate) fn decode_checkpoint(&mut self, p: &Compiled, sc: &mut Scan<'_>, path: &str) -> Result<(Mem, i64, Account)> {
        let r = Reader { path };
        let levels = p.level_ids.len() as i64;
        let mut a = Account::new(levels as usize);
        let (mut member, mut at, mut n) = (None, 0, 0);
        let mut failed: Option<Error> = None;
        sc.array(path, &mut |i, sc| {
            n = i + 1;
            let here = r.at(i);
            match i {
                0 => member = Some(sc.string(&here)?.into_owned()),
                1 => at = r.int(sc, i, MS.0, MS.1)?,
                2 => a.joined = r.opt_int(sc, i, MS.0, MS.1)?.unwrap_or(NEVER),
                3 => self.read_group_history(sc, &here, &mut a)?,
                4 => {
                    if let Some(name) = sc.opt_string(&here)? {
                        a.referrer = self.checkpoint_member(&name);
                    }
                }
                5 => {
                    if let Some(t) = r.opt_int(sc, i, MS.0, MS.1)? {
                        a.qualified_by = Key { at: t, id: IdRef::NONE };
                    }
                }
                6 => a.flags = r.int(sc, i, 0, 7)? as u8,
                7 => a.qualified = r.int(sc, i, 0, i64::from(u32::MAX))? as u32,
                8 => a.balance = r.int(sc, i, 0, MAX_SAFE)?,
                9 => a.lifetime = r.int(sc, i, 0, MAX_SAFE)?,
                10 => a.tier = r.int(sc, i, 0, levels - 1)? as u8,
                11 => a.settled = r.int(sc, i, i64::MIN, MS.1)?,
                12 => read_lots(sc, &here, &mut a)?,
                13 => a.earned.set_base(r.int(sc, i, 0, MAX_SAFE)?),
                14 => read_earnings(sc, &here, &mut a)?,
                15 => read_last_qualified(sc, &here, &mut a)?,
                16 => read_tier_override(sc, &here, levels, &mut a)?,
                17 => read_caps(sc, &here, p, &mut a)?,
                18 => read_challenge_progress(sc, &here, p, &mut a)?,
                19 => read_redeemed(sc, &here, p, &mut a)?,
                20 => read_redemptions(sc, &here, p, &mut a)?,
                _ => failed = Some(bad(path, "has too many fields.", "字段过多。")),
            }
            Ok(())
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if n != FIELDS {
            return Err(bad(path, &format!("must have {FIELDS} fields."), &format!("必须有 {FIELDS} 个字段。")));
        }
        let name = member.unwrap_or_default();
        self.check_checkpoint(&r, &name, at, &a)?;
        let m = self.checkpoint_member(&name);
        Ok((m, at, a))
    }

    /// Field 3: the group history `[at, family, building]`, by instant.
    fn read_group_history(&mut self, sc: &mut Scan<'_>, here: &str, a: &mut Account) -> Result<()> {
        each_record(sc, here, &mut |gp, sc| {
            let (mut t, mut f, mut b) = (0, NO_NAME, NO_NAME);
            sc.array(gp, &mut |k, sc| {
                match k {
                    0 => t = Reader { path: gp }.int(sc, k, MS.0, MS.1)?,
                    1 | 2 => {
                        let g = sc.opt_string(gp)?.map(|s| self.groups.intern(&s).0).unwrap_or(NO_NAME);
                        if k == 1 {
                            f = g
                        } else {
                            b = g
                        }
                    }
                    _ => return Err(too_many_fields(gp)),
                }
                Ok(())
            })?;
            if a.groups.last().is_some_and(|x| x.at > t) {
                return Err(out_of_order(gp));
            }
            a.groups.push(GroupAt { at: t, family: f, building: b });
            Ok(())
        })
    }

    /// Checks that a read checkpoint of member `name` (fields named by `r`) is consistent.
    fn check_checkpoint(&self, r: &Reader<'_>, name: &str, at: i64, a: &Account) -> Result<()> {
        if a.joined != NEVER && a.joined >= at {
            return Err(bad(&r.at(2), "is not before the checkpoint.", "不早于检查点。"));
        }
        if a.lots.iter().map(|l| l.remaining).sum::<i64>() != a.balance {
            return Err(bad(&r.at(8), "is not the sum of the lots.", "不等于各批积分之和。"));
        }
        if a.earned.total() != a.lifetime {
            return Err(bad(&r.at(9), "is not the sum of the earnings.", "不等于各日所得之和。"));
        }
        if a.has(QUALIFIED) && a.referrer.is_none() || a.flags & !(CHECKED_IN | QUALIFIED | BONUS_PAID) != 0 {
            return Err(bad(&r.at(6), "is inconsistent.", "不一致。"));
        }
        if !a.referrer.is_none() && self.name(a.referrer) == name {
            return Err(bad(&r.at(4), "is the member itself.", "是成员本人。"));
        }
        Ok(())
    }

    /// The slot of a member named in a checkpoint (interned on first use).
    pub(crate) fn checkpoint_member(&mut self, name: &str) -> Mem {
        self.slot_for(name)
    }
}
