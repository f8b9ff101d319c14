//! Events, and the event log and checkpoints of state documents, read straight from JSON text by
//! [`Scan`], on the one reader's tokenizer ([`crate::read::Reader`]): a batch or a log is one pass
//! over its text, without a tree, its strings borrowed. Everything else the engine is given
//! (programmes, options, the other parts of a state document) is read by [`crate::read`] itself
//! (`#[derive(Read)]`). Errors name the JSON path.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::read::{Number, Reader};

use super::event::{EventIn, EventType};

/// `path.key` (`key` at the root).
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) const EVENT_TYPES: [&str; 10] =
    ["join", "check-in", "makeup", "activity", "follow-up", "share", "referral", "redeem", "refund", "adjust"];

// ---------------------------------------------------------------------------------------------
// Events straight from JSON text

/// Events and state documents read value by value, without building a tree (a batch of 10,000
/// events is one pass over its text), on the one reader's tokenizer ([`Reader`]): strings are
/// borrowed from the text when they have no escapes. Errors name `path`.
pub(crate) struct Scan<'a> {
    r: Reader<'a>,
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
        Scan { r: Reader::new(s) }
    }

    /// Where the scanning is (a byte offset into the text).
    pub fn pos(&self) -> usize {
        self.r.pos()
    }

    /// A scanner of the same text from byte offset `start` (a value boundary).
    pub(crate) fn from_offset(&self, start: usize) -> Scan<'a> {
        Scan::new(&self.r.text()[start..])
    }

    pub fn peek(&mut self) -> Option<u8> {
        self.r.peek_byte()
    }

    fn eat(&mut self, c: u8) -> bool {
        self.r.eat(c)
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

    /// A string (the opening quote is next).
    pub fn string(&mut self, path: &str) -> Result<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return Err(not_json(path));
        }
        self.r.string().map_err(|_| not_json(path))
    }

    fn number(&mut self, path: &str) -> Result<Raw<'a>> {
        Ok(match self.r.number().map_err(|_| not_json(path))? {
            Number::I(n) => Raw::Int(n),
            Number::U(n) => i64::try_from(n).map_or(Raw::Num, Raw::Int),
            Number::F(_) => Raw::Num,
        })
    }

    fn literal(&mut self, word: &str, path: &str) -> Result<()> {
        self.r.literal(word).map_err(|_| not_json(path))
    }

    /// Skips a value of any kind; returns the text it spans.
    pub fn skip(&mut self, path: &str) -> Result<&'a str> {
        if self.peek().is_none() {
            return Err(not_json(path));
        }
        let start = self.r.pos();
        self.r.skip().map_err(|_| not_json(path))?;
        Ok(&self.r.text()[start..self.r.pos()])
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
        let mut first = true;
        while let Some(key) = self.next_key(path, &mut first)? {
            f(&key, self)?;
        }
        Ok(())
    }

    /// The next key of an object (its value is next), or `None` after its closing brace. Start
    /// with `first` true at the opening brace; the caller reads or skips each value.
    pub fn next_key(&mut self, path: &str, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        if *first {
            self.expect(b'{', path)?;
        }
        match self.r.next_key(std::mem::take(first)).map_err(|_| not_json(path))? {
            Some(key) => Ok(Some(key)),
            None => self.expect(b'}', path).map(|_| None),
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

/// A string field `key` of the object at `path` (its name is only written for an error).
#[inline]
fn opt_str<'a>(r: Raw<'a>, path: &str, key: &str) -> Result<Option<Cow<'a, str>>> {
    match r {
        Raw::Null => Ok(None),
        Raw::Str(s) => Ok(Some(s)),
        r => Err(raw_wrong(&join(path, key), "a string", &r)),
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
    let groups_path = || join(path, "groups");
    // Key by key in this loop, each key matched by a `match` (its length, then its bytes) rather
    // than looked for in a list of keys.
    let mut first = true;
    while let Some(key) = sc.next_key(path, &mut first)? {
        let i = match &*key {
            "type" => 0,
            "id" => 1,
            "memberId" => 2,
            "at" => 3,
            "challengeId" => 4,
            "date" => 5,
            "referrerId" => 6,
            "rewardId" => 7,
            "redemptionId" => 8,
            "points" => 9,
            "reason" => 10,
            "tier" => 11,
            "until" => 12,
            "groups" if sc.peek() == Some(b'{') => {
                groups = Raw::Object;
                family = Raw::Null;
                building = Raw::Null;
                let gp = groups_path();
                let mut first = true;
                while let Some(k) = sc.next_key(&gp, &mut first)? {
                    match &*k {
                        "family" => family = sc.raw(&gp)?,
                        "building" => building = sc.raw(&gp)?,
                        _ => {
                            sc.skip(&gp)?;
                        }
                    }
                }
                continue;
            }
            "groups" => {
                groups = sc.raw(path)?;
                continue;
            }
            _ => {
                sc.skip(path)?;
                continue;
            }
        };
        fields[i] = sc.raw(path)?;
    }
    let [kind, id, member_id, at, challenge_id, date, referrer_id, reward_id, redemption_id, points, reason, tier, until] = fields;
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
        Raw::Object => (opt_str(family, path, "groups.family")?, opt_str(building, path, "groups.building")?),
        r => return Err(raw_wrong(&groups_path(), "an object", &r)),
    };
    let req = |r: Raw<'a>, k: &'static str| -> Result<Cow<'a, str>> {
        opt_str(r, path, k)?.ok_or_else(|| Error::missing(&[join(path, k)]))
    };
    let id = req(id, "id")?;
    let member_id = req(member_id, "memberId")?;
    let at = req(at, "at")?;
    Ok(EventIn {
        id,
        member_id,
        at,
        kind,
        challenge_id: opt_str(challenge_id, path, "challengeId")?,
        date: opt_str(date, path, "date")?,
        family,
        building,
        referrer_id: opt_str(referrer_id, path, "referrerId")?,
        reward_id: opt_str(reward_id, path, "rewardId")?,
        redemption_id: opt_str(redemption_id, path, "redemptionId")?,
        points: match points {
            Raw::Null => None,
            Raw::Int(n) => Some(n),
            Raw::Num => return Err(Error::wrong_type(&join(path, "points"), "Expected a whole number, found a number.")),
            r => return Err(raw_wrong(&join(path, "points"), "a whole number", &r)),
        },
        reason: opt_str(reason, path, "reason")?,
        tier: opt_str(tier, path, "tier")?,
        until: opt_str(until, path, "until")?,
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
    let mut out = Vec::new();
    each_event(sc, path, &mut |_, e| {
        out.push(e);
        Ok(())
    })?;
    Ok(out)
}

/// Reads an array of events at the scanner, handing each to `f` with its index as it is read
/// (a state document's log: no list of them is built).
pub(crate) fn each_event<'a>(sc: &mut Scan<'a>, path: &str, f: &mut dyn FnMut(usize, EventIn<'a>) -> Result<()>) -> Result<()> {
    if sc.peek() != Some(b'[') {
        let k = sc.kind_ahead();
        return Err(Error::wrong_type(path, &format!("Expected an array, found {k}.")));
    }
    sc.array(path, &mut |i, sc| {
        // The path of an element is only written for an error: the element is read again with
        // it (formatting it for each of a log's million events was 6% of `fromState`).
        let start = sc.pos();
        match event_at(sc, "") {
            Ok(e) => f(i, e),
            Err(quiet) => Err(event_at(&mut sc.from_offset(start), &format!("{path}[{i}]")).err().unwrap_or(quiet)),
        }
    })
}

impl super::event::PointsEvent {
    /// An event from JSON text, read as `apply` reads it (errors name `event.…`).
    pub fn from_json(text: &str) -> Result<super::event::PointsEvent> {
        event_text(text, "event").map(|e| e.into_event())
    }
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
