//! Events: the input shape, its validation (malformed events are errors) and the compact,
//! normalised form kept in the log.

use serde::{Deserialize, Serialize};

use crate::calendar::{parse_date, Instant};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{msg, Text};

use super::program::{Compiled, NONE16};
use super::time::{day_of, fmt_day, fmt_instant, local_day, MAX_ADJUST};

/// The type of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Groups {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

/// An event (docs/api.md `PointsEvent`). Fields that do not apply to the type are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

impl PointsEvent {
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

pub(crate) const NONE32: u32 = u32::MAX;

/// Rarely used fields of a stored event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Extra {
    pub family: Option<Box<str>>,
    pub building: Option<Box<str>>,
    pub has_groups: bool,
    pub redemption: Option<Box<str>>,
    pub reason: Option<Box<str>>,
    /// Tier override: level and last day.
    pub tier: Option<(u8, i32)>,
}

/// A validated, normalised event. Member ids are interned by the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ev {
    pub id: Box<str>,
    pub member: u32,
    pub at_ms: i64,
    pub kind: EventType,
    /// Challenge index or [`NONE16`].
    pub challenge: u16,
    /// Reward index or [`NONE16`]; unknown rewards never reach the log.
    pub reward: u16,
    /// Referrer (interned) or [`NONE32`].
    pub referrer: u32,
    /// `makeup`: the day made up.
    pub day: i32,
    /// `adjust`: points (0 when none).
    pub points: i64,
    pub extra: Option<Box<Extra>>,
}

/// What a validated event refers to by name, before interning and static checks.
pub(crate) struct Parsed<'a> {
    pub ev: Ev,
    pub member_id: &'a str,
    pub referrer_id: Option<&'a str>,
    /// Unknown challenge / reward names (a static refusal).
    pub unknown_challenge: bool,
    pub unknown_reward: bool,
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
    if s.len() > 800 || s.chars().count() > 200 {
        return Err(bad(&field(root, name), "longer than 200 characters.", "超过 200 个字符。"));
    }
    if s.trim().is_empty() {
        return Err(Error::invalid(&field(root, name), s, &msg::EXPECTED_NON_EMPTY));
    }
    Ok(())
}

fn required<'a>(root: Root<'_>, name: &str, v: &'a Option<String>) -> Result<&'a str> {
    match v {
        Some(s) => {
            check_name(root, name, s)?;
            Ok(s)
        }
        None => Err(Error::missing(&[field(root, name)])),
    }
}

fn optional<'a>(root: Root<'_>, name: &str, v: &'a Option<String>) -> Result<Option<&'a str>> {
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
/// Malformed events are errors; names are resolved but not yet interned (`member`/`referrer`
/// are left as placeholders).
pub(crate) fn parse<'a>(p: &Compiled, e: &'a PointsEvent, root: Root<'_>) -> Result<Parsed<'a>> {
    check_name(root, "id", &e.id)?;
    check_name(root, "memberId", &e.member_id)?;
    let at_ms = match Instant::parse("", &e.at) {
        Ok(i) if super::time::instant_in_range(i.utc_ms) => i.utc_ms,
        Ok(_) => return Err(super::time::parse_instant(&field(root, "at"), &e.at).err().unwrap_or_else(|| Error::invalid_instant(&field(root, "at"), &e.at))),
        Err(_) => return Err(Error::invalid_instant(&field(root, "at"), &e.at)),
    };
    let mut ev = Ev {
        id: e.id.as_str().into(),
        member: NONE32,
        at_ms,
        kind: e.kind,
        challenge: NONE16,
        reward: NONE16,
        referrer: NONE32,
        day: 0,
        points: 0,
        extra: None,
    };
    let (mut referrer_id, mut unknown_challenge, mut unknown_reward) = (None, false, false);
    let mut extra = Extra::default();
    match e.kind {
        EventType::Join | EventType::Referral => {
            referrer_id = if e.kind == EventType::Referral {
                Some(required(root, "referrerId", &e.referrer_id)?)
            } else {
                optional(root, "referrerId", &e.referrer_id)?
            };
            if let Some(g) = &e.groups {
                extra.family = optional(root, "groups.family", &g.family)?.map(Into::into);
                extra.building = optional(root, "groups.building", &g.building)?.map(Into::into);
                extra.has_groups = extra.family.is_some() || extra.building.is_some();
            }
        }
        EventType::CheckIn => {
            if let Some(c) = optional(root, "challengeId", &e.challenge_id)? {
                match p.challenge_index(c) {
                    Some(i) => ev.challenge = i,
                    None => unknown_challenge = true,
                }
            }
        }
        EventType::Makeup => {
            let c = required(root, "challengeId", &e.challenge_id)?;
            match p.challenge_index(c) {
                Some(i) => ev.challenge = i,
                None => unknown_challenge = true,
            }
            ev.day = date(root, "date", required(root, "date", &e.date)?)?;
        }
        EventType::Activity | EventType::FollowUp | EventType::Share => {}
        EventType::Redeem => {
            let r = required(root, "rewardId", &e.reward_id)?;
            match p.reward_index(r) {
                Some(i) => ev.reward = i,
                None => unknown_reward = true,
            }
        }
        EventType::Refund => {
            extra.redemption = Some(required(root, "redemptionId", &e.redemption_id)?.into());
        }
        EventType::Adjust => {
            extra.reason = optional(root, "reason", &e.reason)?.map(Into::into);
            if let Some(pts) = e.points {
                if pts <= 0 {
                    return Err(bad(&field(root, "points"), "must be a positive whole number.", "必须是正整数。"));
                }
                if pts > MAX_ADJUST {
                    return Err(Error::out_of_range(&field(root, "points"), pts as f64, 1.0, MAX_ADJUST as f64, ""));
                }
                ev.points = pts;
            }
            match (&e.tier, &e.until) {
                (Some(t), until) => {
                    let level = p.level_index(t).ok_or_else(|| {
                        bad(&field(root, "tier"), &format!("unknown tier \"{t}\"."), &format!("未知的等级“{t}”。"))
                    })?;
                    let until_day = date(root, "until", required(root, "until", until)?)?;
                    if until_day < local_day(at_ms, p.offset) {
                        return Err(bad(&field(root, "until"), "is before the event's day.", "早于事件当天。"));
                    }
                    extra.tier = Some((level, until_day));
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
    if extra != Extra::default() {
        ev.extra = Some(Box::new(extra));
    }
    Ok(Parsed { ev, member_id: &e.member_id, referrer_id, unknown_challenge, unknown_reward })
}

impl Ev {
    pub fn extra(&self) -> &Extra {
        static EMPTY: Extra =
            Extra { family: None, building: None, has_groups: false, redemption: None, reason: None, tier: None };
        self.extra.as_deref().unwrap_or(&EMPTY)
    }

    /// Back to the input shape (normalised: `at` in the program offset, irrelevant fields dropped).
    pub fn to_event(&self, p: &Compiled, member: &str, referrer: Option<&str>) -> PointsEvent {
        let mut e = PointsEvent::new(&self.id, member, &fmt_instant(self.at_ms, p.offset), self.kind);
        let x = self.extra();
        if self.challenge != NONE16 {
            e.challenge_id = Some(p.challenges[self.challenge as usize].id.clone());
        }
        match self.kind {
            EventType::Makeup => e.date = Some(fmt_day(self.day)),
            EventType::Join | EventType::Referral => {
                e.referrer_id = referrer.map(str::to_string);
                if x.has_groups {
                    e.groups = Some(Groups {
                        family: x.family.as_deref().map(str::to_string),
                        building: x.building.as_deref().map(str::to_string),
                    });
                }
            }
            EventType::Redeem => e.reward_id = Some(p.reward_ids[self.reward as usize].clone()),
            EventType::Refund => e.redemption_id = x.redemption.as_deref().map(str::to_string),
            EventType::Adjust => {
                e.points = (self.points > 0).then_some(self.points);
                e.reason = x.reason.as_deref().map(str::to_string);
                if let Some((l, until)) = x.tier {
                    e.tier = Some(p.level_ids[l as usize].clone());
                    e.until = Some(fmt_day(until));
                }
            }
            _ => {}
        }
        e
    }
}
