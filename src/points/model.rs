//! The engine's internal vocabulary: indices as newtypes, timeline keys, the stored event (16
//! bytes), outcome notes, awards and ledger entries.

use super::event::EventType;
use super::time::Period;

/// Never / not yet (an instant).
pub(crate) const NEVER: i64 = i64::MAX;

/// A member: the index of its slot (member ids are interned).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Mem(pub u32);

impl Mem {
    pub const NONE: Mem = Mem(u32::MAX);
    pub fn ix(self) -> usize {
        self.0 as usize
    }
    pub fn is_none(self) -> bool {
        self == Mem::NONE
    }
}

/// An event id: its offset in the engine's id arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct IdRef(pub u32);

impl IdRef {
    /// The id of an event folded into a checkpoint (its instant alone orders it).
    pub const NONE: IdRef = IdRef(u32::MAX);
}

/// A challenge of the compiled programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ChallengeIx(pub u16);

/// A reward of the compiled programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RewardIx(pub u16);

/// An earning rule of the compiled programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RuleIx(pub u16);

impl ChallengeIx {
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}
impl RewardIx {
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}
impl RuleIx {
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}

/// No challenge or reward in [`Ev::arg`] (defined where events are parsed).
pub(crate) use super::event::NO_ARG;

/// A position on the timeline: events are processed in `(at, id)` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub at: i64,
    pub id: IdRef,
}

/// A stored event. Rarely used fields (groups, referrer, make-up day, refund target, adjust
/// amounts) live in the engine's side table, keyed by the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ev {
    pub at: i64,
    pub id: IdRef,
    pub kind: EventType,
    /// The outcome: [`Note::tag`] of its note, [`ACCEPTED`] when accepted without one.
    pub tag: u8,
    /// The challenge (`check-in`, `makeup`) or reward (`redeem`), or [`NO_ARG`].
    pub arg: u16,
}

impl Ev {
    pub fn key(&self) -> Key {
        Key { at: self.at, id: self.id }
    }
    pub fn challenge(&self) -> Option<ChallengeIx> {
        (self.arg != NO_ARG && matches!(self.kind, EventType::CheckIn | EventType::Makeup)).then_some(ChallengeIx(self.arg))
    }
    pub fn reward(&self) -> Option<RewardIx> {
        (self.arg != NO_ARG && self.kind == EventType::Redeem).then_some(RewardIx(self.arg))
    }
    pub fn accepted(&self) -> bool {
        tag_accepted(self.tag)
    }
}

/// The tag of an accepted event without a note.
pub(crate) const ACCEPTED: u8 = 0;

/// Why an event was refused, or a notice on an accepted one, with what its message needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    /// Accepted, earns 0: the rule's cap is reached.
    Capped { times: u32, per: Period },
    UnknownMember,
    UnknownReferrer,
    UnknownReward,
    UnknownChallenge,
    Insufficient { need: i64, have: i64 },
    RedeemLimit { limit: i64 },
    MakeupLimit { cards: u32 },
    OutOfStock,
    AlreadyMember,
    SelfReferral,
    ReferExisting,
    NotRunning,
    ChallengeFinal,
    MakeupOutside,
    MakeupNotPast,
    MakeupLate,
    MakeupCredited,
    UnknownRedemption,
    AlreadyRefunded,
    TooLarge,
    /// Older than the sync cut-off (the horizon) when it arrived.
    TooLate { horizon: i64 },
}

/// Codes by tag (tag 0 is an acceptance without a note; tag 20 is unused).
const CODES: [&str; 24] = [
    "",
    "CAP_REACHED",
    "UNKNOWN_MEMBER",
    "UNKNOWN_MEMBER",
    "UNKNOWN_REWARD",
    "UNKNOWN_CHALLENGE",
    "INSUFFICIENT_POINTS",
    "LIMIT_REACHED",
    "LIMIT_REACHED",
    "OUT_OF_STOCK",
    "ALREADY_MEMBER",
    "INVALID_REFERRAL",
    "INVALID_REFERRAL",
    "CHALLENGE_CLOSED",
    "CHALLENGE_CLOSED",
    "INVALID_MAKEUP",
    "INVALID_MAKEUP",
    "CHALLENGE_CLOSED",
    "INVALID_MAKEUP",
    "UNKNOWN_REDEMPTION",
    "UNKNOWN_REDEMPTION",
    "ALREADY_REFUNDED",
    "OUT_OF_RANGE",
    "TOO_LATE",
];

impl Note {
    /// A small number naming the note's kind (what the log keeps).
    pub fn tag(self) -> u8 {
        match self {
            Note::Capped { .. } => 1,
            Note::UnknownMember => 2,
            Note::UnknownReferrer => 3,
            Note::UnknownReward => 4,
            Note::UnknownChallenge => 5,
            Note::Insufficient { .. } => 6,
            Note::RedeemLimit { .. } => 7,
            Note::MakeupLimit { .. } => 8,
            Note::OutOfStock => 9,
            Note::AlreadyMember => 10,
            Note::SelfReferral => 11,
            Note::ReferExisting => 12,
            Note::NotRunning => 13,
            Note::ChallengeFinal => 14,
            Note::MakeupOutside => 15,
            Note::MakeupNotPast => 16,
            Note::MakeupLate => 17,
            Note::MakeupCredited => 18,
            Note::UnknownRedemption => 19,
            Note::AlreadyRefunded => 21,
            Note::TooLarge => 22,
            Note::TooLate { .. } => 23,
        }
    }

    pub fn code(self) -> &'static str {
        CODES[self.tag() as usize]
    }

    /// The note of a remembered refusal's tag. A remembered refusal keeps no figures (they
    /// depended on what had arrived when it was forgotten), so the note's are zero: its message
    /// is `msgs::remembered_message`, which shows none.
    pub fn of_tag(tag: u8) -> Note {
        match tag {
            1 => Note::Capped { times: 0, per: Period::Day },
            2 => Note::UnknownMember,
            3 => Note::UnknownReferrer,
            4 => Note::UnknownReward,
            5 => Note::UnknownChallenge,
            6 => Note::Insufficient { need: 0, have: 0 },
            7 => Note::RedeemLimit { limit: 0 },
            8 => Note::MakeupLimit { cards: 0 },
            9 => Note::OutOfStock,
            10 => Note::AlreadyMember,
            11 => Note::SelfReferral,
            12 => Note::ReferExisting,
            13 => Note::NotRunning,
            14 => Note::ChallengeFinal,
            15 => Note::MakeupOutside,
            16 => Note::MakeupNotPast,
            17 => Note::MakeupLate,
            18 => Note::MakeupCredited,
            19 => Note::UnknownRedemption,
            20 => Note::UnknownRedemption,
            21 => Note::AlreadyRefunded,
            22 => Note::TooLarge,
            _ => Note::TooLate { horizon: 0 },
        }
    }
}

/// The code of a tag (`None` for an acceptance without a note).
pub(crate) fn tag_code(tag: u8) -> Option<&'static str> {
    CODES.get(tag as usize).copied().filter(|c| !c.is_empty())
}

/// The tag of a code (the first tag with that code), for documents that store codes.
pub(crate) fn code_tag(code: &str) -> Option<u8> {
    CODES.iter().position(|c| *c == code && !c.is_empty()).map(|i| i as u8)
}

pub(crate) fn tag_accepted(tag: u8) -> bool {
    tag <= 1
}

/// Refusals a late event can still change (an earlier join, an earlier earning, a freed unit
/// of stock, a card freed by a refused make-up …; a refund refused as already refunded becomes
/// `UNKNOWN_REDEMPTION` when its redemption is refused). The others are final when decided.
pub(crate) fn tag_reversible(tag: u8) -> bool {
    matches!(tag, 2 | 3 | 6 | 7 | 8 | 9 | 18 | 19 | 21 | 22)
}

/// Which rule an award or ledger entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleRef {
    Earn(RuleIx),
    /// Referral of this member.
    Referral(Mem),
    /// One-time bonus at this many qualified referrals.
    ReferralBonus(u32),
    Completion(ChallengeIx),
    Milestone(ChallengeIx, u16),
    Reward(RewardIx),
    Adjust,
    Expiry,
    Tier,
    /// The balance carried from a checkpoint (history folded by `compact()`).
    Carry,
}

/// An award of an event (`points: 0` with the cap's note when a cap is reached).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Award {
    pub member: Mem,
    pub rule: RuleRef,
    pub points: i64,
    pub capped: Option<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Earn,
    Spend,
    Expire,
    Adjust,
    Reverse,
    Tier,
    Carry,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Earn => "earn",
            Kind::Spend => "spend",
            Kind::Expire => "expire",
            Kind::Adjust => "adjust",
            Kind::Reverse => "reverse",
            Kind::Tier => "tier",
            Kind::Carry => "carry",
        }
    }
}

/// A ledger entry, built when a ledger is asked for. Entries of a member are ordered by
/// `(at, class)`: time-driven demotions (0) at the start of a day, event entries (1), expiries
/// (2) at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub at: i64,
    pub class: u8,
    pub kind: Kind,
    /// The event, or [`IdRef::NONE`] for time-driven entries.
    pub event: IdRef,
    pub rule: RuleRef,
    pub points: i64,
    /// Earnings: expiry instant (inclusive) or [`NEVER`].
    pub expires: i64,
    /// Local day of `at`.
    pub day: i32,
    /// Tier entries: (from, to).
    pub tier: (u8, u8),
}

/// The event being processed: whose, when, which.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Here {
    pub member: Mem,
    pub key: Key,
    /// Local day of `key.at`.
    pub day: i32,
}

impl Here {
    pub fn at(&self) -> i64 {
        self.key.at
    }
}

/// Makes room for one more item in a list that grows by a quarter (at least 4) instead of
/// doubling: per-member lists are many and long-lived, so their slack is most of their memory.
pub(crate) fn room_for_one<T>(v: &mut Vec<T>) {
    if v.len() == v.capacity() {
        v.reserve_exact((v.len() / 4).max(4));
    }
}
