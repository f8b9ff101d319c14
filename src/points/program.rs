//! The program: the JSON a community group writes (earning rules, referral, tiers, expiry,
//! rewards, challenges), its default, and its validation into a compiled form.
//!
//! Validation errors are `INVALID_RULES` naming the path (`program.earning[1].cap.times`).

use serde::Serialize;

use crate::read::Read;

use crate::calendar::{parse_date, Offset};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Text;

pub use super::time::Period;
use super::time::{day_of, end_of_day_ms, start_of_day_ms, year_end_day, MAX_POINTS};

/// The default program (`defaultProgram()`), kept as data in `rules/points-program.v1.json`
/// (embedded without its layout by `build.rs`).
pub const DEFAULT_PROGRAM_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/points-program.v1.json"));

/// The default program (`defaultProgram()`), read from [`DEFAULT_PROGRAM_JSON`].
pub fn default_program() -> Program {
    // The embedded document is covered by tests; it cannot fail at run time.
    crate::read::read(DEFAULT_PROGRAM_JSON, ROOT).expect("embedded default program is valid")
}

/// The program a community group writes. Field names are the camelCase keys of docs/api.md.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Program {
    /// Format version of the program document: `1`.
    pub version: i64,
    /// Optional identifier of the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Optional display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// Fixed UTC offset of the program's local days, `+08:00`.
    pub utc_offset: String,
    /// How late (in hours behind the clock of `advanceTo`) an event may arrive and still count;
    /// older events are refused `TOO_LATE`. 168 (seven days) when absent. A challenge's own check-ins
    /// are accepted until its grace has passed whatever this says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_grace_hours: Option<i64>,
    pub earning: Vec<EarningRule>,
    pub referral: ReferralRule,
    pub tiers: Tiers,
    pub expiry: Expiry,
    pub rewards: Vec<Reward>,
    pub challenges: Vec<Challenge>,
}

/// The sync grace of programmes that do not set `syncGraceHours`.
pub const DEFAULT_SYNC_GRACE_HOURS: i64 = 168;

/// What an earning rule is triggered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum EarnOn {
    CheckIn,
    Activity,
    FollowUp,
    Share,
}

impl EarnOn {
    pub(crate) fn index(self) -> usize {
        match self {
            EarnOn::CheckIn => 0,
            EarnOn::Activity => 1,
            EarnOn::FollowUp => 2,
            EarnOn::Share => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EarningRule {
    pub id: String,
    pub on: EarnOn,
    pub points: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cap {
    pub times: i64,
    pub per: Period,
    /// Check-in rules: whether the cap counts each challenge's check-ins (and plain check-ins)
    /// separately (`challenge`, the default) or all of a member's check-ins together (`member`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<CapScope>,
}

/// What a check-in cap counts together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum CapScope {
    /// Each challenge's check-ins, and check-ins without a challenge, have their own count:
    /// a plain check-in and a challenge check-in on the same day each earn.
    Challenge,
    /// One count for all of a member's check-ins: the cap is per member and period.
    Member,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReferralRule {
    /// Points to the referrer per qualified referral.
    pub points: i64,
    /// One-time extra points when the referrer reaches `at` qualified referrals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<ReferralBonus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReferralBonus {
    pub at: i64,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tiers {
    /// Length of the trailing window of earned points, in local days.
    pub window_days: i64,
    /// Levels from the lowest (`minEarned: 0`) up, by strictly increasing `minEarned`.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Level {
    pub id: String,
    pub min_earned: i64,
    pub title: Text,
    #[serde(default)]
    pub benefits: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum ExpiryPolicy {
    /// Points expire at the end of the calendar year after the year they were earned.
    EndOfNextYear,
    /// Points expire at the end of the local day `days` after the day they were earned.
    AfterDays,
    /// Points never expire.
    Never,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expiry {
    pub policy: ExpiryPolicy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Reward {
    pub id: String,
    pub title: Text,
    pub cost: i64,
    /// Total number of redemptions available (refunds put one back); unlimited when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
    /// Redemptions per member (refunded ones do not count); unlimited when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_member_limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Challenge {
    pub id: String,
    pub title: Text,
    /// First local day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Number of local days.
    pub days: i64,
    /// Make-up cards per member.
    pub makeup_cards: i64,
    /// Points for crediting every day of the challenge (make-ups count).
    pub completion_bonus: i64,
    #[serde(default)]
    pub streak_milestones: Vec<Milestone>,
    /// Late (offline) check-ins are accepted until this many hours after the challenge ends.
    pub sync_grace_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Milestone {
    pub days: i64,
    pub points: i64,
}

// ---------------------------------------------------------------------------------------------
// Compiled form


#[derive(Debug, Clone)]
pub(crate) struct CRule {
    pub id: String,
    pub on: EarnOn,
    pub points: i64,
    pub cap: Option<(u32, Period)>,
    /// The cap counts all of the member's check-ins together (`scope: "member"`).
    pub member_wide: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct CReward {
    pub cost: i64,
    pub stock: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct CChallenge {
    pub id: String,
    pub start_day: i32,
    pub days: i32,
    pub cards: u32,
    pub bonus: i64,
    /// (days, points), in program order.
    pub milestones: Vec<(u32, i64)>,
    /// First instant of the first day.
    pub start_ms: i64,
    /// First instant after the last day.
    pub end_ms: i64,
    /// End plus the sync grace: from here on the results are final.
    pub final_ms: i64,
}

impl CChallenge {
    pub fn last_day(&self) -> i32 {
        self.start_day + self.days - 1
    }
    pub fn contains_day(&self, day: i32) -> bool {
        day >= self.start_day && day <= self.last_day()
    }
}

/// A validated program, with lookups.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub offset: Offset,
    pub rules: Vec<CRule>,
    /// Rule indexes by [`EarnOn::index`].
    pub rules_on: [Vec<u16>; 4],
    pub referral_points: i64,
    pub referral_bonus: Option<(u32, i64)>,
    pub window_days: i32,
    pub level_ids: Vec<String>,
    pub level_min: Vec<i64>,
    pub expiry: ExpiryPolicy,
    pub expiry_days: i32,
    pub rewards: Vec<CReward>,
    pub reward_ids: Vec<String>,
    pub challenges: Vec<CChallenge>,
    /// Events older than the clock minus this are refused `TOO_LATE`.
    pub sync_grace_ms: i64,
}

impl Compiled {
    pub fn challenge_index(&self, id: &str) -> Option<u16> {
        self.challenges.iter().position(|c| c.id == id).map(|i| i as u16)
    }

    pub fn reward_index(&self, id: &str) -> Option<u16> {
        self.reward_ids.iter().position(|r| r == id).map(|i| i as u16)
    }

    pub fn level_index(&self, id: &str) -> Option<u8> {
        self.level_ids.iter().position(|l| l == id).map(|i| i as u8)
    }

    /// Expiry instant (ms, inclusive) of points earned on local `day`; `i64::MAX` for never.
    pub fn expires_ms(&self, day: i32) -> i64 {
        match self.expiry {
            ExpiryPolicy::EndOfNextYear => end_of_day_ms(year_end_day(day, 1), self.offset),
            ExpiryPolicy::AfterDays => end_of_day_ms(day + self.expiry_days, self.offset),
            ExpiryPolicy::Never => i64::MAX,
        }
    }

    /// The highest level whose threshold `earned` reaches.
    pub fn level_for(&self, earned: i64) -> u8 {
        let mut l = 0;
        for (i, &m) in self.level_min.iter().enumerate() {
            if earned >= m {
                l = i;
            }
        }
        l as u8
    }
}

/// `base.key` (one function instead of a `format!` at every check).
fn at(base: &str, key: &str) -> String {
    let mut s = String::with_capacity(base.len() + key.len() + 1);
    s.push_str(base);
    s.push('.');
    s.push_str(key);
    s
}

fn rules_err(field: &str, en: &str, zh: &str) -> Error {
    Error::new(
        ErrorCode::InvalidRules,
        Some(field),
        Text::new(format!("积分方案无效：{field} {zh}"), format!("Invalid points program: {field} {en}")),
    )
}

fn check_int(field: &str, v: i64, min: i64, max: i64) -> Result<()> {
    if v < min || v > max {
        return Err(rules_err(
            field,
            &format!("is {v}, outside {min}–{max}."),
            &format!("为 {v}，超出范围 {min}–{max}。"),
        ));
    }
    Ok(())
}

fn check_id(field: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() || id.chars().count() > 100 {
        return Err(rules_err(field, "must be a non-empty id of at most 100 characters.", "必须是 1–100 个字符的标识。"));
    }
    Ok(())
}

fn check_text(field: &str, t: &Text) -> Result<()> {
    if t.zh.trim().is_empty() || t.en.trim().is_empty() {
        return Err(rules_err(field, "needs non-empty zh-CN and en texts.", "需要非空的 zh-CN 与 en 文本。"));
    }
    Ok(())
}

fn dup(field: &str, id: &str) -> Error {
    rules_err(field, &format!("repeats the id \"{id}\"."), &format!("的标识“{id}”重复。"))
}

/// Turns a serde error of a program document into `INVALID_RULES` on the same path.
pub(crate) fn as_rules_error(mut e: Error) -> Error {
    if matches!(e.code, ErrorCode::InvalidInput | ErrorCode::MissingInput | ErrorCode::InvalidDate) {
        e.code = ErrorCode::InvalidRules;
    }
    e
}

/// The path every program error starts with.
const ROOT: &str = "program";

/// Validates a program (paths are prefixed with `program`).
// Its phases are `#[inline(always)]`: compiled into this one function as before they were split
// out (out of line they added 1.5 KB to the speed build, over the tarball's size budget).
pub(crate) fn compile(p: &Program) -> Result<Compiled> {
    let r = ROOT;
    if p.version != 1 {
        return Err(rules_err(&at(r, "version"), "must be 1.", "必须为 1。"));
    }
    if let Some(id) = &p.id {
        check_id(&at(r, "id"), id)?;
    }
    let offset = Offset::parse(&at(r, "utcOffset"), &p.utc_offset).map_err(as_rules_error)?;
    let (rules, rules_on) = compile_earning(&p.earning)?;
    let referral_bonus = compile_referral(&p.referral)?;
    let (level_ids, level_min) = compile_tiers(&p.tiers)?;
    let expiry_days = compile_expiry(&p.expiry)?;
    let (rewards, reward_ids) = compile_rewards(&p.rewards)?;
    let challenges = compile_challenges(&p.challenges, offset)?;

    let grace = p.sync_grace_hours.unwrap_or(DEFAULT_SYNC_GRACE_HOURS);
    check_int(&at(r, "syncGraceHours"), grace, 0, 24 * 3660)?;

    Ok(Compiled {
        sync_grace_ms: grace * 3_600_000,
        offset,
        rules,
        rules_on,
        referral_points: p.referral.points,
        referral_bonus,
        window_days: p.tiers.window_days as i32,
        level_ids,
        level_min,
        expiry: p.expiry.policy,
        expiry_days,
        rewards,
        reward_ids,
        challenges,
    })
}

/// Validates the earning rules: the compiled rules and their indexes by trigger.
#[inline(always)]
fn compile_earning(earning: &[EarningRule]) -> Result<(Vec<CRule>, [Vec<u16>; 4])> {
    let r = ROOT;
    let mut rules = Vec::new();
    let mut rules_on: [Vec<u16>; 4] = Default::default();
    let mut seen: Vec<&str> = Vec::new();
    if earning.len() > 64 {
        return Err(rules_err(&at(r, "earning"), "has more than 64 rules.", "规则超过 64 条。"));
    }
    for (i, e) in earning.iter().enumerate() {
        let f = format!("program.earning[{i}]");
        check_id(&at(&f, "id"), &e.id)?;
        if seen.contains(&e.id.as_str()) {
            return Err(dup(&at(&f, "id"), &e.id));
        }
        seen.push(&e.id);
        check_int(&at(&f, "points"), e.points, 0, MAX_POINTS)?;
        let cap = match &e.cap {
            None => None,
            Some(c) => {
                check_int(&at(&f, "cap.times"), c.times, 1, 100_000)?;
                Some((c.times as u32, c.per))
            }
        };
        let scope = e.cap.as_ref().and_then(|c| c.scope);
        if scope.is_some() && e.on != EarnOn::CheckIn {
            return Err(rules_err(
                &at(&f, "cap.scope"),
                "only applies to check-in rules.",
                "仅适用于打卡规则。",
            ));
        }
        rules_on[e.on.index()].push(rules.len() as u16);
        rules.push(CRule { id: e.id.clone(), on: e.on, points: e.points, cap, member_wide: scope == Some(CapScope::Member) });
    }
    Ok((rules, rules_on))
}

/// Validates the referral rule: its bonus `(at, points)`, if any.
#[inline(always)]
fn compile_referral(referral: &ReferralRule) -> Result<Option<(u32, i64)>> {
    let r = ROOT;
    check_int(&at(r, "referral.points"), referral.points, 0, MAX_POINTS)?;
    Ok(match &referral.bonus {
        None => None,
        Some(b) => {
            check_int(&at(r, "referral.bonus.at"), b.at, 1, 100_000)?;
            check_int(&at(r, "referral.bonus.points"), b.points, 0, MAX_POINTS)?;
            Some((b.at as u32, b.points))
        }
    })
}

/// Validates the tiers: the level ids and their thresholds, from the lowest.
#[inline(always)]
fn compile_tiers(tiers: &Tiers) -> Result<(Vec<String>, Vec<i64>)> {
    let r = ROOT;
    check_int(&at(r, "tiers.windowDays"), tiers.window_days, 1, 3660)?;
    if tiers.levels.is_empty() || tiers.levels.len() > 32 {
        return Err(rules_err(&at(r, "tiers.levels"), "needs 1–32 levels.", "需要 1–32 个等级。"));
    }
    let mut level_ids: Vec<String> = Vec::new();
    let mut level_min = Vec::new();
    for (i, l) in tiers.levels.iter().enumerate() {
        let f = format!("program.tiers.levels[{i}]");
        check_id(&at(&f, "id"), &l.id)?;
        if level_ids.contains(&l.id) {
            return Err(dup(&at(&f, "id"), &l.id));
        }
        if i == 0 && l.min_earned != 0 {
            return Err(rules_err(&at(&f, "minEarned"), "of the first level must be 0.", "（第一个等级）必须为 0。"));
        }
        check_int(&at(&f, "minEarned"), l.min_earned, 0, 1_000_000_000_000)?;
        if i > 0 && l.min_earned <= level_min[i - 1] {
            return Err(rules_err(
                &at(&f, "minEarned"),
                "must be greater than the previous level's.",
                "必须大于上一等级。",
            ));
        }
        check_text(&at(&f, "title"), &l.title)?;
        for (j, b) in l.benefits.iter().enumerate() {
            check_text(&format!("{f}.benefits[{j}]"), b)?;
        }
        level_ids.push(l.id.clone());
        level_min.push(l.min_earned);
    }
    Ok((level_ids, level_min))
}

/// Validates the expiry: the days of the after-days policy (0 for the others).
#[inline(always)]
fn compile_expiry(expiry: &Expiry) -> Result<i32> {
    let r = ROOT;
    Ok(match expiry.policy {
        ExpiryPolicy::AfterDays => match expiry.days {
            None => {
                return Err(rules_err(
                    &at(r, "expiry.days"),
                    "is required with the after-days policy.",
                    "在 after-days 策略下必填。",
                ))
            }
            Some(d) => {
                check_int(&at(r, "expiry.days"), d, 1, 36_600)?;
                d as i32
            }
        },
        _ => {
            if expiry.days.is_some() {
                return Err(rules_err(
                    &at(r, "expiry.days"),
                    "is only allowed with the after-days policy.",
                    "仅在 after-days 策略下使用。",
                ));
            }
            0
        }
    })
}

/// Validates the rewards: the compiled rewards and their ids.
#[inline(always)]
fn compile_rewards(list: &[Reward]) -> Result<(Vec<CReward>, Vec<String>)> {
    let r = ROOT;
    if list.len() > 1000 {
        return Err(rules_err(&at(r, "rewards"), "has more than 1000 rewards.", "超过 1000 项。"));
    }
    let mut rewards = Vec::new();
    let mut reward_ids: Vec<String> = Vec::new();
    for (i, w) in list.iter().enumerate() {
        let f = format!("program.rewards[{i}]");
        check_id(&at(&f, "id"), &w.id)?;
        if reward_ids.contains(&w.id) {
            return Err(dup(&at(&f, "id"), &w.id));
        }
        check_text(&at(&f, "title"), &w.title)?;
        check_int(&at(&f, "cost"), w.cost, 0, MAX_POINTS * 1000)?;
        if let Some(s) = w.stock {
            check_int(&at(&f, "stock"), s, 0, 1_000_000_000)?;
        }
        if let Some(l) = w.per_member_limit {
            check_int(&at(&f, "perMemberLimit"), l, 1, 1_000_000)?;
        }
        reward_ids.push(w.id.clone());
        rewards.push(CReward { cost: w.cost, stock: w.stock, limit: w.per_member_limit });
    }
    Ok((rewards, reward_ids))
}

/// Validates the challenges, their days placed in the program's `offset`.
#[inline(always)]
fn compile_challenges(list: &[Challenge], offset: Offset) -> Result<Vec<CChallenge>> {
    let r = ROOT;
    if list.len() > 200 {
        return Err(rules_err(&at(r, "challenges"), "has more than 200 challenges.", "超过 200 个。"));
    }
    let mut challenges = Vec::new();
    let mut challenge_ids: Vec<&str> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let f = format!("program.challenges[{i}]");
        check_id(&at(&f, "id"), &c.id)?;
        if challenge_ids.contains(&c.id.as_str()) {
            return Err(dup(&at(&f, "id"), &c.id));
        }
        challenge_ids.push(&c.id);
        check_text(&at(&f, "title"), &c.title)?;
        let start = parse_date(&at(&f, "startDate"), &c.start_date).map_err(as_rules_error)?;
        check_int(&at(&f, "days"), c.days, 1, 366)?;
        check_int(&at(&f, "makeupCards"), c.makeup_cards, 0, c.days)?;
        check_int(&at(&f, "completionBonus"), c.completion_bonus, 0, MAX_POINTS)?;
        check_int(&at(&f, "syncGraceHours"), c.sync_grace_hours, 0, 24 * 90)?;
        let milestones = compile_milestones(&f, c)?;
        let start_day = day_of(start);
        let days = c.days as i32;
        let start_ms = start_of_day_ms(start_day, offset);
        let end_ms = start_of_day_ms(start_day + days, offset);
        challenges.push(CChallenge {
            id: c.id.clone(),
            start_day,
            days,
            cards: c.makeup_cards as u32,
            bonus: c.completion_bonus,
            milestones,
            start_ms,
            end_ms,
            final_ms: end_ms + c.sync_grace_hours * 3_600_000,
        });
    }
    Ok(challenges)
}

/// Validates the streak milestones of challenge `c` (at path `f`): `(days, points)` in order.
#[inline(always)]
fn compile_milestones(f: &str, c: &Challenge) -> Result<Vec<(u32, i64)>> {
    if c.streak_milestones.len() > 32 {
        return Err(rules_err(&at(f, "streakMilestones"), "has more than 32 milestones.", "超过 32 个。"));
    }
    let mut milestones = Vec::new();
    for (j, m) in c.streak_milestones.iter().enumerate() {
        let g = format!("{f}.streakMilestones[{j}]");
        check_int(&at(&g, "days"), m.days, 1, c.days)?;
        check_int(&at(&g, "points"), m.points, 0, MAX_POINTS)?;
        if milestones.iter().any(|&(d, _)| d == m.days as u32) {
            return Err(rules_err(&at(&g, "days"), "repeats a milestone.", "与其他里程碑重复。"));
        }
        milestones.push((m.days as u32, m.points));
    }
    Ok(milestones)
}
