//! Hand-written readers from `serde_json::Value` for the documents the engine reads (program,
//! events, options, state). One small reader instead of serde derives instantiated for several
//! deserializers keeps the Wasm small; errors name the JSON path.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::i18n::Text;

use super::event::{EventType, Groups, PointsEvent};
use super::program::{
    Cap, Challenge, EarnOn, EarningRule, Expiry, ExpiryPolicy, Level, Milestone, Period, Program, ReferralBonus,
    ReferralRule, Reward, Tiers,
};
use super::{LeaderboardOptions, MemberOptions, Metric, Scope};

/// An object being read, with its path.
pub(crate) struct Obj<'a> {
    pub m: &'a Map<String, Value>,
    pub path: String,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(field: &str, expected: &str, v: &Value) -> Error {
    Error::wrong_type(field, &format!("Expected {expected}, found {}.", kind(v)))
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> Obj<'a> {
    pub fn new(v: &'a Value, path: &str) -> Result<Obj<'a>> {
        match v {
            Value::Object(m) => Ok(Obj { m, path: path.to_string() }),
            _ => Err(wrong(path, "an object", v)),
        }
    }

    pub fn field(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Rejects keys not in `known` (typos in programs and state documents).
    pub fn only(&self, known: &[&str]) -> Result<()> {
        for k in self.m.keys() {
            if !known.contains(&k.as_str()) {
                let f = self.field(k);
                return Err(Error::wrong_type(&f, &format!("Unknown field; expected one of: {}.", known.join(", "))));
            }
        }
        Ok(())
    }

    /// A present, non-null value.
    pub fn opt(&self, key: &str) -> Option<&'a Value> {
        self.m.get(key).filter(|v| !v.is_null())
    }

    pub fn req(&self, key: &str) -> Result<&'a Value> {
        self.opt(key).ok_or_else(|| Error::missing(&[self.field(key)]))
    }

    pub fn opt_str(&self, key: &str) -> Result<Option<String>> {
        match self.opt(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(wrong(&self.field(key), "a string", v)),
        }
    }

    pub fn str(&self, key: &str) -> Result<String> {
        self.opt_str(key)?.ok_or_else(|| Error::missing(&[self.field(key)]))
    }

    pub fn opt_int(&self, key: &str) -> Result<Option<i64>> {
        match self.opt(key) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Ok(Some(i)),
                None => Err(wrong(&self.field(key), "a whole number", &Value::Number(n.clone()))),
            },
            Some(v) => Err(wrong(&self.field(key), "a whole number", v)),
        }
    }

    pub fn int(&self, key: &str) -> Result<i64> {
        self.opt_int(key)?.ok_or_else(|| Error::missing(&[self.field(key)]))
    }

    pub fn arr(&self, key: &str) -> Result<&'a [Value]> {
        match self.req(key)? {
            Value::Array(a) => Ok(a),
            v => Err(wrong(&self.field(key), "an array", v)),
        }
    }

    pub fn opt_arr(&self, key: &str) -> Result<&'a [Value]> {
        match self.opt(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(v) => Err(wrong(&self.field(key), "an array", v)),
        }
    }

    pub fn obj(&self, key: &str) -> Result<Obj<'a>> {
        Obj::new(self.req(key)?, &self.field(key))
    }

    pub fn opt_obj(&self, key: &str) -> Result<Option<Obj<'a>>> {
        self.opt(key).map(|v| Obj::new(v, &self.field(key))).transpose()
    }

    pub fn text(&self, key: &str) -> Result<Text> {
        text(self.req(key)?, &self.field(key))
    }

    /// A string among `names` (index).
    pub fn choice(&self, key: &str, names: &[&str]) -> Result<Option<usize>> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(s) => match names.iter().position(|n| *n == s) {
                Some(i) => Ok(Some(i)),
                None => Err(Error::wrong_type(
                    &self.field(key),
                    &format!("Unknown value \"{s}\"; expected one of: {}.", names.join(", ")),
                )),
            },
        }
    }

    pub fn req_choice(&self, key: &str, names: &[&str]) -> Result<usize> {
        self.choice(key, names)?.ok_or_else(|| Error::missing(&[self.field(key)]))
    }

    /// Each element of an array field as an object, with its path.
    pub fn each(&self, key: &str, required: bool) -> Result<Vec<Obj<'a>>> {
        let mut out = Vec::new();
        for (v, path) in if required { self.each_value_req(key)? } else { self.each_value(key)? } {
            out.push(Obj::new(v, &path)?);
        }
        Ok(out)
    }

    /// Each element of an optional array field, with its path.
    pub fn each_value(&self, key: &str) -> Result<Vec<(&'a Value, String)>> {
        let base = self.field(key);
        Ok(self.opt_arr(key)?.iter().enumerate().map(|(i, v)| (v, format!("{base}[{i}]"))).collect())
    }

    fn each_value_req(&self, key: &str) -> Result<Vec<(&'a Value, String)>> {
        self.arr(key)?;
        self.each_value(key)
    }
}

fn text(v: &Value, path: &str) -> Result<Text> {
    let o = Obj::new(v, path)?;
    o.only(&["zh-CN", "en"])?;
    Ok(Text { zh: o.str("zh-CN")?, en: o.str("en")? })
}

const EARN_ON: [&str; 4] = ["check-in", "activity", "follow-up", "share"];
const PERIODS: [&str; 3] = ["day", "week", "month"];
const POLICIES: [&str; 3] = ["end-of-next-year", "after-days", "never"];
pub(crate) const EVENT_TYPES: [&str; 10] =
    ["join", "check-in", "makeup", "activity", "follow-up", "share", "referral", "redeem", "refund", "adjust"];

/// Reads a program document (errors are `INVALID_INPUT`/`MISSING_INPUT`; the caller turns them
/// into `INVALID_RULES`).
pub(crate) fn program(v: &Value, path: &str) -> Result<Program> {
    let o = Obj::new(v, path)?;
    o.only(&["version", "id", "name", "utcOffset", "earning", "referral", "tiers", "expiry", "rewards", "challenges"])?;
    let mut earning = Vec::new();
    for e in o.each("earning", true)? {
        e.only(&["id", "on", "points", "cap"])?;
        let on = [EarnOn::CheckIn, EarnOn::Activity, EarnOn::FollowUp, EarnOn::Share][e.req_choice("on", &EARN_ON)?];
        let cap = match e.opt_obj("cap")? {
            None => None,
            Some(c) => {
                c.only(&["times", "per"])?;
                Some(Cap { times: c.int("times")?, per: [Period::Day, Period::Week, Period::Month][c.req_choice("per", &PERIODS)?] })
            }
        };
        earning.push(EarningRule { id: e.str("id")?, on, points: e.int("points")?, cap });
    }
    let r = o.obj("referral")?;
    r.only(&["points", "bonus"])?;
    let bonus = match r.opt_obj("bonus")? {
        None => None,
        Some(b) => {
            b.only(&["at", "points"])?;
            Some(ReferralBonus { at: b.int("at")?, points: b.int("points")? })
        }
    };
    let t = o.obj("tiers")?;
    t.only(&["windowDays", "levels"])?;
    let mut levels = Vec::new();
    for l in t.each("levels", true)? {
        l.only(&["id", "minEarned", "title", "benefits"])?;
        let mut benefits = Vec::new();
        for b in l.each_value("benefits")? {
            benefits.push(text(b.0, &b.1)?);
        }
        levels.push(Level { id: l.str("id")?, min_earned: l.int("minEarned")?, title: l.text("title")?, benefits });
    }
    let x = o.obj("expiry")?;
    x.only(&["policy", "days"])?;
    let policy = [ExpiryPolicy::EndOfNextYear, ExpiryPolicy::AfterDays, ExpiryPolicy::Never][x.req_choice("policy", &POLICIES)?];
    let mut rewards = Vec::new();
    for w in o.each("rewards", true)? {
        w.only(&["id", "title", "cost", "stock", "perMemberLimit"])?;
        rewards.push(Reward {
            id: w.str("id")?,
            title: w.text("title")?,
            cost: w.int("cost")?,
            stock: w.opt_int("stock")?,
            per_member_limit: w.opt_int("perMemberLimit")?,
        });
    }
    let mut challenges = Vec::new();
    for c in o.each("challenges", true)? {
        {
            c.only(&[
                "id",
                "title",
                "startDate",
                "days",
                "makeupCards",
                "completionBonus",
                "streakMilestones",
                "syncGraceHours",
            ])?;
            let mut streak_milestones = Vec::new();
            for m in c.each("streakMilestones", false)? {
                m.only(&["days", "points"])?;
                streak_milestones.push(Milestone { days: m.int("days")?, points: m.int("points")? });
            }
            challenges.push(Challenge {
                id: c.str("id")?,
                title: c.text("title")?,
                start_date: c.str("startDate")?,
                days: c.int("days")?,
                makeup_cards: c.int("makeupCards")?,
                completion_bonus: c.int("completionBonus")?,
                streak_milestones,
                sync_grace_hours: c.int("syncGraceHours")?,
            });
        }
    }
    Ok(Program {
        version: o.int("version")?,
        id: o.opt_str("id")?,
        name: o.opt("name").map(|v| text(v, &o.field("name"))).transpose()?,
        utc_offset: o.str("utcOffset")?,
        earning,
        referral: ReferralRule { points: r.int("points")?, bonus },
        tiers: Tiers { window_days: t.int("windowDays")?, levels },
        expiry: Expiry { policy, days: x.opt_int("days")? },
        rewards,
        challenges,
    })
}

/// Reads an event (fields that do not apply are ignored).
pub(crate) fn event(v: &Value, path: &str) -> Result<PointsEvent> {
    let o = Obj::new(v, path)?;
    let kind = [
        EventType::Join,
        EventType::CheckIn,
        EventType::Makeup,
        EventType::Activity,
        EventType::FollowUp,
        EventType::Share,
        EventType::Referral,
        EventType::Redeem,
        EventType::Refund,
        EventType::Adjust,
    ][o.req_choice("type", &EVENT_TYPES)?];
    let groups = match o.opt_obj("groups")? {
        None => None,
        Some(g) => Some(Groups { family: g.opt_str("family")?, building: g.opt_str("building")? }),
    };
    Ok(PointsEvent {
        id: o.str("id")?,
        member_id: o.str("memberId")?,
        at: o.str("at")?,
        kind,
        challenge_id: o.opt_str("challengeId")?,
        date: o.opt_str("date")?,
        groups,
        referrer_id: o.opt_str("referrerId")?,
        reward_id: o.opt_str("rewardId")?,
        redemption_id: o.opt_str("redemptionId")?,
        points: o.opt_int("points")?,
        reason: o.opt_str("reason")?,
        tier: o.opt_str("tier")?,
        until: o.opt_str("until")?,
    })
}

/// Reads an array of events.
pub(crate) fn events(v: &Value, path: &str) -> Result<Vec<PointsEvent>> {
    match v {
        Value::Array(a) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, e) in a.iter().enumerate() {
                out.push(event(e, &format!("{path}[{i}]"))?);
            }
            Ok(out)
        }
        _ => Err(wrong(path, "an array", v)),
    }
}


#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn member_options(v: &Value, path: &str) -> Result<MemberOptions> {
    if v.is_null() {
        return Ok(MemberOptions::default());
    }
    let o = Obj::new(v, path)?;
    Ok(MemberOptions { as_of: o.opt_str("asOf")? })
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn leaderboard_options(v: &Value, path: &str) -> Result<LeaderboardOptions> {
    if v.is_null() {
        return Ok(LeaderboardOptions::default());
    }
    let o = Obj::new(v, path)?;
    Ok(LeaderboardOptions {
        challenge_id: o.opt_str("challengeId")?,
        scope: [Scope::Member, Scope::Family, Scope::Building][o.choice("scope", &["member", "family", "building"])?.unwrap_or(0)],
        metric: o.choice("metric", &["points", "participation"])?.map(|i| [Metric::Points, Metric::Participation][i]),
        limit: o.opt_int("limit")?,
    })
}

/// `{ locale }` of the engine options.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn locale_option(v: &Value, path: &str) -> Result<Option<String>> {
    if v.is_null() {
        return Ok(None);
    }
    Obj::new(v, path)?.opt_str("locale")
}
