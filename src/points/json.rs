//! Hand-written readers from `serde_json::Value` for the documents the engine reads (program,
//! events, options, state). One small reader instead of serde derives instantiated for several
//! deserializers keeps the Wasm small; errors name the JSON path.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::i18n::Text;

use super::event::EventType;
use super::program::{
    Cap, CapScope, Challenge, EarnOn, EarningRule, Expiry, ExpiryPolicy, Level, Milestone, Period, Program, ReferralBonus,
    ReferralRule, Reward, Tiers, DEFAULT_PROGRAM_JSON,
};
use super::shapes::{LeaderboardOptions, MemberOptions, Metric, Scope};

/// The default program (`defaultProgram()`), kept as data in `rules/points-program.v1.json`.
pub fn default_program() -> Program {
    // The embedded document is covered by tests; it cannot fail at run time.
    let v: Value = crate::read::read(DEFAULT_PROGRAM_JSON, "program").unwrap_or_default();
    program(&v, "program").expect("embedded default program is valid")
}

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

pub(crate) fn wrong(field: &str, expected: &str, v: &Value) -> Error {
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
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) const EVENT_TYPES: [&str; 10] =
    ["join", "check-in", "makeup", "activity", "follow-up", "share", "referral", "redeem", "refund", "adjust"];

/// Reads a program document (errors are `INVALID_INPUT`/`MISSING_INPUT`; the caller turns them
/// into `INVALID_RULES`).
pub(crate) fn program(v: &Value, path: &str) -> Result<Program> {
    let o = Obj::new(v, path)?;
    o.only(&["version", "id", "name", "utcOffset", "syncGraceHours", "earning", "referral", "tiers", "expiry", "rewards", "challenges"])?;
    let mut earning = Vec::new();
    for e in o.each("earning", true)? {
        e.only(&["id", "on", "points", "cap"])?;
        let on = [EarnOn::CheckIn, EarnOn::Activity, EarnOn::FollowUp, EarnOn::Share][e.req_choice("on", &EARN_ON)?];
        let cap = match e.opt_obj("cap")? {
            None => None,
            Some(c) => {
                c.only(&["times", "per", "scope"])?;
                Some(Cap {
                    times: c.int("times")?,
                    per: [Period::Day, Period::Week, Period::Month][c.req_choice("per", &PERIODS)?],
                    scope: c.choice("scope", &["challenge", "member"])?.map(|i| [CapScope::Challenge, CapScope::Member][i]),
                })
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
        sync_grace_hours: o.opt_int("syncGraceHours")?,
        earning,
        referral: ReferralRule { points: r.int("points")?, bonus },
        tiers: Tiers { window_days: t.int("windowDays")?, levels },
        expiry: Expiry { policy, days: x.opt_int("days")? },
        rewards,
        challenges,
    })
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

/// `{ key }` of `exportState` / `fromState` (a `locale` is allowed beside it).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn state_options(v: &Value, path: &str) -> Result<super::shapes::StateOptions> {
    if v.is_null() {
        return Ok(super::shapes::StateOptions::default());
    }
    let o = Obj::new(v, path)?;
    o.only(&["key", "locale"])?;
    Ok(super::shapes::StateOptions { key: o.opt_str("key")? })
}

/// `{ locale }` of the engine options.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn locale_option(v: &Value, path: &str) -> Result<Option<String>> {
    if v.is_null() {
        return Ok(None);
    }
    Obj::new(v, path)?.opt_str("locale")
}

// ---------------------------------------------------------------------------------------------
// Events straight from JSON text

use std::borrow::Cow;

use super::event::EventIn;

/// A scanner over JSON text that borrows strings without escapes (events are read without
/// building a tree: a batch of 10,000 is one pass over its text).
pub(crate) struct Scan<'a> {
    s: &'a str,
    b: &'a [u8],
    pub pos: usize,
}

/// A scalar or the kind of a compound value, as an event field holds it.
enum Raw<'a> {
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    /// A number that is not a whole number in range.
    Num,
    Bool,
    /// An array or object that was skipped.
    Array,
    Object,
}

impl Raw<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Str(_) => "a string",
            Raw::Int(_) | Raw::Num => "a number",
            Raw::Bool => "a boolean",
            Raw::Array => "an array",
            Raw::Object => "an object",
        }
    }
}

fn not_json(path: &str) -> Error {
    Error::wrong_type(path, "Expected JSON text.")
}

impl<'a> Scan<'a> {
    pub fn new(s: &'a str) -> Scan<'a> {
        Scan { s, b: s.as_bytes(), pos: 0 }
    }

    fn ws(&mut self) {
        while self.pos < self.b.len() && matches!(self.b[self.pos], b' ' | b'\n' | b'\r' | b'\t') {
            self.pos += 1;
        }
    }

    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub fn expect(&mut self, c: u8, path: &str) -> Result<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(not_json(path))
        }
    }

    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    fn hex4(&mut self, path: &str) -> Result<u32> {
        let h = self.s.get(self.pos..self.pos + 4).ok_or_else(|| not_json(path))?;
        self.pos += 4;
        u32::from_str_radix(h, 16).map_err(|_| not_json(path))
    }

    /// A string (the opening quote is next).
    pub fn string(&mut self, path: &str) -> Result<Cow<'a, str>> {
        self.expect(b'"', path)?;
        let start = self.pos;
        while self.pos < self.b.len() {
            match self.b[self.pos] {
                b'"' => {
                    let s = &self.s[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                b'\\' => break,
                c if c < 0x20 => return Err(not_json(path)),
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(&self.s[start..self.pos]);
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            self.pos += 1;
            match c {
                b'"' => return Ok(Cow::Owned(out)),
                b'\\' => {
                    let e = *self.b.get(self.pos).ok_or_else(|| not_json(path))?;
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut u = self.hex4(path)?;
                            if (0xd800..0xdc00).contains(&u) && self.b.get(self.pos) == Some(&b'\\') && self.b.get(self.pos + 1) == Some(&b'u') {
                                self.pos += 2;
                                let lo = self.hex4(path)?;
                                u = 0x10000 + ((u - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff);
                            }
                            out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(not_json(path)),
                    }
                }
                c if c < 0x20 => return Err(not_json(path)),
                _ => {
                    // Copy the rest of a UTF-8 sequence as is.
                    let start = self.pos - 1;
                    let mut end = self.pos;
                    while end < self.b.len() && self.b[end] & 0xc0 == 0x80 {
                        end += 1;
                    }
                    out.push_str(&self.s[start..end]);
                    self.pos = end;
                }
            }
        }
        Err(not_json(path))
    }

    fn number(&mut self, path: &str) -> Result<Raw<'a>> {
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.pos < self.b.len() && self.b[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        if self.pos == digits {
            return Err(not_json(path));
        }
        let mut whole = true;
        if self.b.get(self.pos) == Some(&b'.') {
            whole = false;
            self.pos += 1;
            while self.pos < self.b.len() && self.b[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            whole = false;
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            while self.pos < self.b.len() && self.b[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
        }
        let text = &self.s[start..self.pos];
        Ok(match (whole, text.parse::<i64>()) {
            (true, Ok(n)) => Raw::Int(n),
            _ => Raw::Num,
        })
    }

    fn literal(&mut self, word: &str, path: &str) -> Result<()> {
        if self.s[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(not_json(path))
        }
    }

    /// Skips a value of any kind; returns the text it spans.
    pub fn skip(&mut self, path: &str) -> Result<&'a str> {
        self.ws();
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {
                self.string(path)?;
            }
            Some(b'{') | Some(b'[') => {
                let mut depth = 0usize;
                while self.pos < self.b.len() {
                    match self.b[self.pos] {
                        b'"' => {
                            self.string(path)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Ok(&self.s[start..self.pos]);
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
                return Err(not_json(path));
            }
            Some(b't') => self.literal("true", path)?,
            Some(b'f') => self.literal("false", path)?,
            Some(b'n') => self.literal("null", path)?,
            Some(_) => {
                self.number(path)?;
            }
            None => return Err(not_json(path)),
        }
        Ok(&self.s[start..self.pos])
    }

    fn raw(&mut self, path: &str) -> Result<Raw<'a>> {
        Ok(match self.peek() {
            Some(b'"') => Raw::Str(self.string(path)?),
            Some(b'n') => {
                self.literal("null", path)?;
                Raw::Null
            }
            Some(b't') | Some(b'f') => {
                self.skip(path)?;
                Raw::Bool
            }
            Some(b'[') => {
                self.skip(path)?;
                Raw::Array
            }
            Some(b'{') => {
                self.skip(path)?;
                Raw::Object
            }
            Some(_) => self.number(path)?,
            None => return Err(not_json(path)),
        })
    }

    /// The members of an object, one key at a time: `f(key, scanner)` reads or skips the value.
    pub fn object(&mut self, path: &str, f: &mut dyn FnMut(&str, &mut Scan<'a>) -> Result<()>) -> Result<()> {
        self.expect(b'{', path)?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.string(path)?;
            self.expect(b':', path)?;
            f(&key, self)?;
            if self.eat(b',') {
                continue;
            }
            return self.expect(b'}', path);
        }
    }

    /// The elements of an array: `f(index, scanner)` reads or skips each.
    pub fn array(&mut self, path: &str, f: &mut dyn FnMut(usize, &mut Scan<'a>) -> Result<()>) -> Result<()> {
        self.expect(b'[', path)?;
        if self.eat(b']') {
            return Ok(());
        }
        let mut i = 0;
        loop {
            f(i, self)?;
            i += 1;
            if self.eat(b',') {
                continue;
            }
            return self.expect(b']', path);
        }
    }

    /// A whole number, or `None` for `null`.
    pub fn int(&mut self, path: &str) -> Result<Option<i64>> {
        match self.raw(path)? {
            Raw::Null => Ok(None),
            Raw::Int(n) => Ok(Some(n)),
            r => Err(raw_wrong(path, "a whole number", &r)),
        }
    }

    /// A string, or `None` for `null`.
    pub fn opt_string(&mut self, path: &str) -> Result<Option<Cow<'a, str>>> {
        match self.raw(path)? {
            Raw::Null => Ok(None),
            Raw::Str(s) => Ok(Some(s)),
            r => Err(raw_wrong(path, "a string", &r)),
        }
    }

    pub fn boolean(&mut self, path: &str) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal("true", path).map(|_| true),
            Some(b'f') => self.literal("false", path).map(|_| false),
            _ => {
                let r = self.raw(path)?;
                Err(raw_wrong(path, "true or false", &r))
            }
        }
    }

    /// The kind of the next value, for type errors (nothing is consumed).
    fn kind_ahead(&mut self) -> &'static str {
        match self.peek() {
            Some(b'"') => "a string",
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b't') | Some(b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        }
    }
}

fn raw_wrong(field: &str, expected: &str, r: &Raw<'_>) -> Error {
    Error::wrong_type(field, &format!("Expected {expected}, found {}.", r.kind()))
}

fn opt_str<'a>(r: Raw<'a>, field: &dyn Fn() -> String) -> Result<Option<Cow<'a, str>>> {
    match r {
        Raw::Null => Ok(None),
        Raw::Str(s) => Ok(Some(s)),
        r => Err(raw_wrong(&field(), "a string", &r)),
    }
}

/// Reads one event (the same fields and errors as [`event`]).
pub(crate) fn event_at<'a>(sc: &mut Scan<'a>, path: &str) -> Result<EventIn<'a>> {
    if sc.peek() != Some(b'{') {
        let k = sc.kind_ahead();
        return Err(Error::wrong_type(path, &format!("Expected an object, found {k}.")));
    }
    let mut fields: [Raw<'a>; 13] = std::array::from_fn(|_| Raw::Null);
    let mut groups: Raw<'a> = Raw::Null;
    let (mut family, mut building) = (Raw::Null, Raw::Null);
    const KEYS: [&str; 13] = [
        "type", "id", "memberId", "at", "challengeId", "date", "referrerId", "rewardId", "redemptionId", "points",
        "reason", "tier", "until",
    ];
    let groups_path = || join(path, "groups");
    sc.object(path, &mut |key, sc| {
        if key == "groups" {
            if sc.peek() == Some(b'{') {
                groups = Raw::Object;
                family = Raw::Null;
                building = Raw::Null;
                let gp = groups_path();
                sc.object(&gp, &mut |k, sc| {
                    match k {
                        "family" => family = sc.raw(&gp)?,
                        "building" => building = sc.raw(&gp)?,
                        _ => {
                            sc.skip(&gp)?;
                        }
                    }
                    Ok(())
                })
            } else {
                groups = sc.raw(path)?;
                Ok(())
            }
        } else {
            match KEYS.iter().position(|k| *k == key) {
                Some(i) => fields[i] = sc.raw(path)?,
                None => {
                    sc.skip(path)?;
                }
            }
            Ok(())
        }
    })?;
    let [kind, id, member_id, at, challenge_id, date, referrer_id, reward_id, redemption_id, points, reason, tier, until] = fields;
    fn at_key<'k>(path: &'k str, k: &'k str) -> impl Fn() -> String + 'k {
        move || join(path, k)
    }
    let f = |k: &'static str| at_key(path, k);
    let kind = match kind {
        Raw::Null => return Err(Error::missing(&[join(path, "type")])),
        Raw::Str(s) => match EVENT_TYPES.iter().position(|n| *n == s) {
            Some(i) => [
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
            ][i],
            None => {
                return Err(Error::wrong_type(
                    &join(path, "type"),
                    &format!("Unknown value \"{s}\"; expected one of: {}.", EVENT_TYPES.join(", ")),
                ))
            }
        },
        r => return Err(raw_wrong(&join(path, "type"), "a string", &r)),
    };
    let (family, building) = match groups {
        Raw::Null => (None, None),
        Raw::Object => (opt_str(family, &f("groups.family"))?, opt_str(building, &f("groups.building"))?),
        r => return Err(raw_wrong(&groups_path(), "an object", &r)),
    };
    let req = |r: Raw<'a>, k: &'static str| -> Result<Cow<'a, str>> {
        opt_str(r, &f(k))?.ok_or_else(|| Error::missing(&[join(path, k)]))
    };
    let id = req(id, "id")?;
    let member_id = req(member_id, "memberId")?;
    let at = req(at, "at")?;
    Ok(EventIn {
        id,
        member_id,
        at,
        kind,
        challenge_id: opt_str(challenge_id, &f("challengeId"))?,
        date: opt_str(date, &f("date"))?,
        family,
        building,
        referrer_id: opt_str(referrer_id, &f("referrerId"))?,
        reward_id: opt_str(reward_id, &f("rewardId"))?,
        redemption_id: opt_str(redemption_id, &f("redemptionId"))?,
        points: match points {
            Raw::Null => None,
            Raw::Int(n) => Some(n),
            Raw::Num => return Err(Error::wrong_type(&join(path, "points"), "Expected a whole number, found a number.")),
            r => return Err(raw_wrong(&join(path, "points"), "a whole number", &r)),
        },
        reason: opt_str(reason, &f("reason"))?,
        tier: opt_str(tier, &f("tier"))?,
        until: opt_str(until, &f("until"))?,
    })
}

/// Reads an array of events from JSON text (`path[i]` in errors).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn events_text<'a>(text: &'a str, path: &str) -> Result<Vec<EventIn<'a>>> {
    let mut sc = Scan::new(text);
    let out = events_at(&mut sc, path)?;
    if !sc.at_end() {
        return Err(not_json(path));
    }
    Ok(out)
}

/// Reads an array of events at the scanner.
pub(crate) fn events_at<'a>(sc: &mut Scan<'a>, path: &str) -> Result<Vec<EventIn<'a>>> {
    if sc.peek() != Some(b'[') {
        let k = sc.kind_ahead();
        return Err(Error::wrong_type(path, &format!("Expected an array, found {k}.")));
    }
    let mut out = Vec::new();
    sc.array(path, &mut |i, sc| {
        out.push(event_at(sc, &format!("{path}[{i}]"))?);
        Ok(())
    })?;
    Ok(out)
}

/// Reads one event from JSON text.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn event_text<'a>(text: &'a str, path: &str) -> Result<EventIn<'a>> {
    let mut sc = Scan::new(text);
    let e = event_at(&mut sc, path)?;
    if !sc.at_end() {
        return Err(not_json(path));
    }
    Ok(e)
}
