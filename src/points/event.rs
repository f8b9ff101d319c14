//! Events: the input shape, its validation (malformed events are errors) and the compact,
//! normalised form kept in the log.

use std::borrow::Cow;

use serde::Serialize;

use crate::calendar::{parse_date, Instant};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{msg, Text};

use super::fxhash::Fnv;
use super::program::Compiled;
use super::time::{day_of, fmt_day, fmt_instant, local_day, MAX_ADJUST};

/// No challenge or reward in a parsed or stored event's `arg`.
pub(crate) const NO_ARG: u16 = u16::MAX;

/// The type of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[repr(u8)]
pub enum EventType {
    Join,
    CheckIn,
    Makeup,
    Activity,
    FollowUp,
    Share,
    /// A join with a (required) `referrerId`.
    Referral,
    Redeem,
    Refund,
    Adjust,
}

/// A member's family and building.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Groups {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

/// An event (docs/api.md `PointsEvent`). Fields that do not apply to the type are ignored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsEvent {
    pub id: String,
    pub member_id: String,
    /// RFC 3339 instant with an offset.
    pub at: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    /// `check-in` (optional) and `makeup` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_id: Option<String>,
    /// `makeup`: the missed local day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `join`/`referral`: the member's family and building (a later `join` of a member moves it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Groups>,
    /// `join` (optional) and `referral` (required): who referred this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_id: Option<String>,
    /// `redeem`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_id: Option<String>,
    /// `refund`: the id of the `redeem` event to reverse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redemption_id: Option<String>,
    /// `adjust`: points to credit (a positive whole number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// `adjust`: why (kept in the log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `adjust`: a manual tier override (a floor) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// … until this local day (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// An event as read: the fields of [`PointsEvent`], borrowed from the input where possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EventIn<'a> {
    pub id: Cow<'a, str>,
    pub member_id: Cow<'a, str>,
    pub at: Cow<'a, str>,
    pub kind: EventType,
    pub challenge_id: Option<Cow<'a, str>>,
    pub date: Option<Cow<'a, str>>,
    pub family: Option<Cow<'a, str>>,
    pub building: Option<Cow<'a, str>>,
    pub referrer_id: Option<Cow<'a, str>>,
    pub reward_id: Option<Cow<'a, str>>,
    pub redemption_id: Option<Cow<'a, str>>,
    pub points: Option<i64>,
    pub reason: Option<Cow<'a, str>>,
    pub tier: Option<Cow<'a, str>>,
    pub until: Option<Cow<'a, str>>,
}

impl EventIn<'_> {
    /// The event as an owned [`PointsEvent`].
    pub(crate) fn into_event(self) -> PointsEvent {
        let own = |s: Option<Cow<'_, str>>| s.map(Cow::into_owned);
        let groups = (self.family.is_some() || self.building.is_some())
            .then(|| Groups { family: own(self.family), building: own(self.building) });
        PointsEvent {
            id: self.id.into_owned(),
            member_id: self.member_id.into_owned(),
            at: self.at.into_owned(),
            kind: self.kind,
            challenge_id: own(self.challenge_id),
            date: own(self.date),
            groups,
            referrer_id: own(self.referrer_id),
            reward_id: own(self.reward_id),
            redemption_id: own(self.redemption_id),
            points: self.points,
            reason: own(self.reason),
            tier: own(self.tier),
            until: own(self.until),
        }
    }
}

impl PointsEvent {
    /// The event as the engine reads it (borrowed).
    pub(crate) fn view(&self) -> EventIn<'_> {
        fn b(s: &Option<String>) -> Option<Cow<'_, str>> {
            s.as_deref().map(Cow::Borrowed)
        }
        let g = self.groups.as_ref();
        EventIn {
            id: Cow::Borrowed(&self.id),
            member_id: Cow::Borrowed(&self.member_id),
            at: Cow::Borrowed(&self.at),
            kind: self.kind,
            challenge_id: b(&self.challenge_id),
            date: b(&self.date),
            family: g.and_then(|g| b(&g.family)),
            building: g.and_then(|g| b(&g.building)),
            referrer_id: b(&self.referrer_id),
            reward_id: b(&self.reward_id),
            redemption_id: b(&self.redemption_id),
            points: self.points,
            reason: b(&self.reason),
            tier: b(&self.tier),
            until: b(&self.until),
        }
    }

    /// A bare event of `kind` (other fields empty), for building events in Rust.
    pub fn new(id: &str, member_id: &str, at: &str, kind: EventType) -> PointsEvent {
        PointsEvent {
            id: id.into(),
            member_id: member_id.into(),
            at: at.into(),
            kind,
            challenge_id: None,
            date: None,
            groups: None,
            referrer_id: None,
            reward_id: None,
            redemption_id: None,
            points: None,
            reason: None,
            tier: None,
            until: None,
        }
    }
}

/// Rarely used fields of a stored event (kept beside the log, keyed by the event's id). Names
/// are interned by the engine: `referrer` is a member slot, `family`/`building` group names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Extra {
    Join { referrer: u32, family: u32, building: u32, has_groups: bool },
    Makeup { day: i32 },
    Refund { redemption: Box<str> },
    Adjust { points: i64, reason: Option<Box<str>>, tier: Option<(u8, i32)> },
}

/// No interned name.
pub(crate) const NO_NAME: u32 = u32::MAX;

/// A validated event, before its names are interned.
pub(crate) struct Parsed<'a> {
    pub input: EventIn<'a>,
    pub at: i64,
    pub kind: EventType,
    /// Challenge (`check-in`, `makeup`) or reward (`redeem`) index, or [`NO_ARG`].
    pub arg: u16,
    /// A challenge or reward name the programme does not have (a static refusal).
    pub unknown_challenge: bool,
    pub unknown_reward: bool,
    /// `makeup`: the day made up.
    pub day: i32,
    /// `adjust`: points (0 when none) and the tier override (level, last day).
    pub points: i64,
    pub tier: Option<(u8, i32)>,
}

impl Parsed<'_> {
    pub fn referrer(&self) -> Option<&str> {
        match self.kind {
            EventType::Join | EventType::Referral => self.input.referrer_id.as_deref(),
            _ => None,
        }
    }

    /// The fields of `groups` that are set (a join without them does not move a member).
    pub fn groups(&self) -> (Option<&str>, Option<&str>) {
        match self.kind {
            EventType::Join | EventType::Referral => (self.input.family.as_deref(), self.input.building.as_deref()),
            _ => (None, None),
        }
    }
}

/// The path of the event being parsed (`event`, `events[3]`), built only for errors.
pub(crate) type Root<'r> = &'r dyn Fn() -> String;

fn field(root: Root<'_>, name: &str) -> String {
    format!("{}.{name}", root())
}

fn bad(field: &str, en: &str, zh: &str) -> Error {
    Error::new(
        ErrorCode::InvalidInput,
        Some(field),
        Text::new(format!("{field} 无效：{zh}"), format!("{field} is invalid: {en}")),
    )
}

fn check_name(root: Root<'_>, name: &str, s: &str) -> Result<()> {
    // Characters are only counted past 200 bytes (fewer bytes cannot be more characters).
    if s.len() > 800 || (s.len() > 200 && s.chars().count() > 200) {
        return Err(bad(&field(root, name), "longer than 200 characters.", "超过 200 个字符。"));
    }
    // A name starting with a visible ASCII character is not blank (most do).
    let visible_first = s.as_bytes().first().is_some_and(u8::is_ascii_graphic);
    if !visible_first && s.trim().is_empty() {
        return Err(Error::invalid(&field(root, name), s, &msg::EXPECTED_NON_EMPTY));
    }
    Ok(())
}

fn required<'a>(root: Root<'_>, name: &str, v: &'a Option<Cow<'_, str>>) -> Result<&'a str> {
    match v {
        Some(s) => {
            check_name(root, name, s)?;
            Ok(s)
        }
        None => Err(Error::missing(&[field(root, name)])),
    }
}

fn optional<'a>(root: Root<'_>, name: &str, v: &'a Option<Cow<'_, str>>) -> Result<Option<&'a str>> {
    match v {
        Some(s) => {
            check_name(root, name, s)?;
            Ok(Some(s))
        }
        None => Ok(None),
    }
}

fn date(root: Root<'_>, name: &str, s: &str) -> Result<i32> {
    parse_date("", s).map(day_of).map_err(|_| Error::invalid_date(&field(root, name), s))
}

/// Validates an event (fields are reported under `root()`, e.g. `event` or `events[3]`).
/// Malformed events are errors; names are resolved against the programme but not interned.
pub(crate) fn parse<'a>(p: &Compiled, e: EventIn<'a>, root: Root<'_>) -> Result<Parsed<'a>> {
    check_name(root, "id", &e.id)?;
    check_name(root, "memberId", &e.member_id)?;
    let at = match Instant::parse("", &e.at) {
        Ok(i) if super::time::instant_in_range(i.utc_ms) => i.utc_ms,
        Ok(_) => {
            return Err(super::time::parse_instant(&field(root, "at"), &e.at)
                .err()
                .unwrap_or_else(|| Error::invalid_instant(&field(root, "at"), &e.at)))
        }
        Err(_) => return Err(Error::invalid_instant(&field(root, "at"), &e.at)),
    };
    // The event moves into its result once (it is large), and is checked there.
    let kind = e.kind;
    let mut out = Parsed {
        input: e,
        at,
        kind,
        arg: NO_ARG,
        unknown_challenge: false,
        unknown_reward: false,
        day: 0,
        points: 0,
        tier: None,
    };
    let e = &out.input;
    match e.kind {
        EventType::Join | EventType::Referral => {
            if e.kind == EventType::Referral {
                required(root, "referrerId", &e.referrer_id)?;
            } else {
                optional(root, "referrerId", &e.referrer_id)?;
            }
            optional(root, "groups.family", &e.family)?;
            optional(root, "groups.building", &e.building)?;
        }
        EventType::CheckIn => {
            if let Some(c) = optional(root, "challengeId", &e.challenge_id)? {
                match p.challenge_index(c) {
                    Some(i) => out.arg = i,
                    None => out.unknown_challenge = true,
                }
            }
        }
        EventType::Makeup => {
            let c = required(root, "challengeId", &e.challenge_id)?;
            match p.challenge_index(c) {
                Some(i) => out.arg = i,
                None => out.unknown_challenge = true,
            }
            out.day = date(root, "date", required(root, "date", &e.date)?)?;
        }
        EventType::Activity | EventType::FollowUp | EventType::Share => {}
        EventType::Redeem => {
            let r = required(root, "rewardId", &e.reward_id)?;
            match p.reward_index(r) {
                Some(i) => out.arg = i,
                None => out.unknown_reward = true,
            }
        }
        EventType::Refund => {
            required(root, "redemptionId", &e.redemption_id)?;
        }
        EventType::Adjust => {
            optional(root, "reason", &e.reason)?;
            if let Some(pts) = e.points {
                if pts <= 0 {
                    return Err(bad(&field(root, "points"), "must be a positive whole number.", "必须是正整数。"));
                }
                if pts > MAX_ADJUST {
                    return Err(Error::out_of_range(&field(root, "points"), pts as f64, 1.0, MAX_ADJUST as f64, ""));
                }
                out.points = pts;
            }
            match (&e.tier, &e.until) {
                (Some(t), until) => {
                    let level = p.level_index(t).ok_or_else(|| {
                        bad(&field(root, "tier"), &format!("unknown tier \"{t}\"."), &format!("未知的等级“{t}”。"))
                    })?;
                    let until_day = date(root, "until", required(root, "until", until)?)?;
                    if until_day < local_day(at, p.offset) {
                        return Err(bad(&field(root, "until"), "is before the event's day.", "早于事件当天。"));
                    }
                    out.tier = Some((level, until_day));
                }
                (None, Some(_)) => return Err(Error::missing(&[field(root, "tier")])),
                (None, None) => {
                    if e.points.is_none() {
                        return Err(Error::missing(&[field(root, "points")]));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// A fingerprint of an event's content after normalisation: the fields that apply to its type,
/// the instant (not its spelling), days (not their spelling). Two events with the same id are
/// the same event exactly when their fingerprints are equal.
pub(crate) fn fingerprint(e: &EventIn<'_>, at: i64) -> u64 {
    let mut h = Fnv::new();
    let opt = |h: &mut Fnv, s: &Option<Cow<'_, str>>| match s {
        Some(s) => {
            h.bytes(&[1]);
            h.str(s);
        }
        None => h.bytes(&[0]),
    };
    let day = |h: &mut Fnv, s: &Option<Cow<'_, str>>| {
        h.int(s.as_deref().and_then(|d| parse_date("", d).ok()).map(|d| i64::from(day_of(d))).unwrap_or(i64::MIN));
    };
    h.str(&e.member_id);
    h.bytes(&[e.kind as u8]);
    h.int(at);
    match e.kind {
        EventType::Join | EventType::Referral => {
            opt(&mut h, &e.referrer_id);
            opt(&mut h, &e.family);
            opt(&mut h, &e.building);
        }
        EventType::CheckIn => opt(&mut h, &e.challenge_id),
        EventType::Makeup => {
            opt(&mut h, &e.challenge_id);
            day(&mut h, &e.date);
        }
        EventType::Activity | EventType::FollowUp | EventType::Share => {}
        EventType::Redeem => opt(&mut h, &e.reward_id),
        EventType::Refund => opt(&mut h, &e.redemption_id),
        EventType::Adjust => {
            h.int(e.points.unwrap_or(0));
            opt(&mut h, &e.reason);
            opt(&mut h, &e.tier);
            day(&mut h, &e.until);
        }
    }
    h.0
}

/// A stored event back in the input shape (normalised: `at` in the programme's offset, fields
/// that do not apply dropped). `names` gives member and group names.
#[allow(clippy::too_many_arguments)]
pub(crate) fn to_event(
    p: &Compiled,
    id: &str,
    member: &str,
    at: i64,
    kind: EventType,
    arg: u16,
    extra: Option<&Extra>,
    name: &dyn Fn(u32) -> String,
    group: &dyn Fn(u32) -> Option<String>,
) -> PointsEvent {
    let mut e = PointsEvent::new(id, member, &fmt_instant(at, p.offset), kind);
    match (kind, extra) {
        (EventType::CheckIn, _) if arg != NO_ARG => e.challenge_id = Some(p.challenges[arg as usize].id.clone()),
        (EventType::Makeup, Some(Extra::Makeup { day })) => {
            e.challenge_id = Some(p.challenges[arg as usize].id.clone());
            e.date = Some(fmt_day(*day));
        }
        (EventType::Join | EventType::Referral, Some(Extra::Join { referrer, family, building, has_groups })) => {
            e.referrer_id = (*referrer != NO_NAME).then(|| name(*referrer));
            if *has_groups {
                e.groups = Some(Groups { family: group(*family), building: group(*building) });
            }
        }
        (EventType::Redeem, _) => e.reward_id = Some(p.reward_ids[arg as usize].clone()),
        (EventType::Refund, Some(Extra::Refund { redemption })) => e.redemption_id = Some(redemption.to_string()),
        (EventType::Adjust, Some(Extra::Adjust { points, reason, tier })) => {
            e.points = (*points > 0).then_some(*points);
            e.reason = reason.as_deref().map(str::to_string);
            if let Some((l, until)) = tier {
                e.tier = Some(p.level_ids[*l as usize].clone());
                e.until = Some(fmt_day(*until));
            }
        }
        _ => {}
    }
    e
}
