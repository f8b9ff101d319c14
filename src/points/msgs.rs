//! Points messages in zh-CN and en: refusal messages and award reasons.

use crate::i18n::{Locale, Msg};

use crate::calendar::Offset;

use super::model::{Award, Mem, Note, RuleRef};
use super::program::{Compiled, EarnOn, Period};
use super::time::fmt_instant;

pub(crate) const UNKNOWN_MEMBER: Msg = Msg::new("成员 {} 尚未加入积分计划。", "Member {} has not joined the points program.");
const UNKNOWN_REFERRER: Msg = Msg::new("推荐人 {} 尚未加入积分计划。", "The referrer {} has not joined the points program.");
const UNKNOWN_REWARD: Msg = Msg::new("未知的兑换项目：{}。", "Unknown reward: {}.");
pub(crate) const UNKNOWN_CHALLENGE: Msg = Msg::new("未知的挑战：{}。", "Unknown challenge: {}.");
const INSUFFICIENT: Msg = Msg::new(
    "积分不足：需要 {} 分，当前可用 {} 分。",
    "Not enough points: {} needed, {} available.",
);
const REDEEM_LIMIT: Msg = Msg::new("已达到该项目每人兑换上限（{} 次）。", "The per-member limit of {} for this reward is reached.");
const MAKEUP_LIMIT: Msg = Msg::new("补签卡已用完（每人 {} 张）。", "No make-up cards left ({} per member).");
const OUT_OF_STOCK: Msg = Msg::new("该兑换项目已兑完。", "This reward is out of stock.");
const ALREADY_MEMBER: Msg = Msg::new("成员 {} 已加入积分计划。", "Member {} has already joined.");
const SELF_REFERRAL: Msg = Msg::new("不能推荐自己。", "A member cannot refer themselves.");
const REFER_EXISTING: Msg = Msg::new(
    "{} 已是会员，不能再被推荐。",
    "{} is already a member and cannot be referred.",
);
const NOT_RUNNING: Msg = Msg::new("挑战“{}”在当天未进行。", "The challenge \"{}\" is not running on that day.");
const FINAL: Msg = Msg::new(
    "挑战“{}”已结束并结算，不再接受补传的打卡。",
    "The challenge \"{}\" has ended and its results are final; late check-ins are no longer accepted.",
);
const MAKEUP_OUTSIDE: Msg = Msg::new("补签日期不在挑战“{}”的日期内。", "The make-up day is not a day of the challenge \"{}\".");
const MAKEUP_NOT_PAST: Msg = Msg::new("只能补签已经过去的日期。", "Only a past day can be made up.");
const MAKEUP_LATE: Msg = Msg::new(
    "挑战“{}”已结束，不能再补签。",
    "The challenge \"{}\" is over; make-up cards can no longer be used.",
);
const MAKEUP_CREDITED: Msg = Msg::new("这一天已经打过卡，无需补签。", "That day is already credited; no make-up needed.");
const UNKNOWN_REDEMPTION: Msg = Msg::new("找不到该成员的兑换记录 {}。", "No redemption {} of this member to refund.");
const ALREADY_REFUNDED: Msg = Msg::new("兑换记录 {} 已退还。", "The redemption {} was already refunded.");
const TOO_LATE: Msg = Msg::new(
    "这条记录的时间早于补传截止时间（{}），不再计入。",
    "This event is dated before the sync cut-off ({}) and can no longer count.",
);
const TOO_LARGE: Msg = Msg::new("积分余额超出可表示的范围。", "The points balance would exceed the supported range.");
const CAPPED: Msg = Msg::new(
    "已达上限（每{} {} 次），本次不计分。",
    "Cap reached ({} per {}); no points this time.",
);

// A remembered refusal's message (a resend of an event the engine no longer holds) has no
// figures: they were those of the moment it was forgotten, which depends on the arrival order.
const INSUFFICIENT_KEPT: Msg = Msg::new(
    "积分不足，未能兑换（当时所需和可用的积分数未保留）。",
    "Not enough points for this redemption (the points needed and available at the time were not kept).",
);
const REDEEM_LIMIT_KEPT: Msg = Msg::new("已达到该项目每人兑换上限。", "The per-member limit for this reward is reached.");
const MAKEUP_LIMIT_KEPT: Msg = Msg::new("补签卡已用完。", "No make-up cards left.");
const TOO_LATE_KEPT: Msg = Msg::new(
    "这条记录的时间早于补传截止时间，不再计入。",
    "This event is dated before the sync cut-off and can no longer count.",
);

/// Texts a note's message needs.
pub(crate) struct NoteArgs<'a> {
    pub member: &'a str,
    pub referrer: &'a str,
    pub reward: &'a str,
    pub challenge: &'a str,
    pub redemption: &'a str,
    /// The programme's offset (instants in messages).
    pub offset: Offset,
}

fn per(per: Period, locale: Locale) -> &'static str {
    match (per, locale) {
        (Period::Day, Locale::ZhCn) => "日",
        (Period::Week, Locale::ZhCn) => "周",
        (Period::Month, Locale::ZhCn) => "月",
        (Period::Day, Locale::En) => "day",
        (Period::Week, Locale::En) => "week",
        (Period::Month, Locale::En) => "month",
    }
}

pub(crate) fn note_message(note: Note, a: &NoteArgs<'_>, locale: Locale) -> String {
    let t = match note {
        Note::UnknownMember => UNKNOWN_MEMBER.fill(&[a.member]),
        Note::UnknownReferrer => UNKNOWN_REFERRER.fill(&[a.referrer]),
        Note::UnknownReward => UNKNOWN_REWARD.fill(&[a.reward]),
        Note::UnknownChallenge => UNKNOWN_CHALLENGE.fill(&[a.challenge]),
        Note::Insufficient { need, have } => INSUFFICIENT.fill(&[&need.to_string(), &have.to_string()]),
        Note::RedeemLimit { limit } => REDEEM_LIMIT.fill(&[&limit.to_string()]),
        Note::MakeupLimit { cards } => MAKEUP_LIMIT.fill(&[&cards.to_string()]),
        Note::OutOfStock => OUT_OF_STOCK.text(),
        Note::AlreadyMember => ALREADY_MEMBER.fill(&[a.member]),
        Note::SelfReferral => SELF_REFERRAL.text(),
        Note::ReferExisting => REFER_EXISTING.fill(&[a.member]),
        Note::NotRunning => NOT_RUNNING.fill(&[a.challenge]),
        Note::ChallengeFinal => FINAL.fill(&[a.challenge]),
        Note::MakeupOutside => MAKEUP_OUTSIDE.fill(&[a.challenge]),
        Note::MakeupNotPast => MAKEUP_NOT_PAST.text(),
        Note::MakeupLate => MAKEUP_LATE.fill(&[a.challenge]),
        Note::MakeupCredited => MAKEUP_CREDITED.text(),
        Note::UnknownRedemption => UNKNOWN_REDEMPTION.fill(&[a.redemption]),
        Note::TooLate { horizon } => TOO_LATE.fill(&[&fmt_instant(horizon, a.offset)]),
        Note::AlreadyRefunded => ALREADY_REFUNDED.fill(&[a.redemption]),
        Note::TooLarge => TOO_LARGE.text(),
        Note::Capped { times, per: p } => {
            let n = times.to_string();
            return match locale {
                Locale::ZhCn => crate::i18n::fill(CAPPED.zh, &[per(p, locale), &n]),
                Locale::En => crate::i18n::fill(CAPPED.en, &[&n, per(p, locale)]),
            };
        }
    };
    t.get(locale).to_string()
}

/// The message of a remembered refusal (its note from [`Note::of_tag`]): a refusal's message
/// without its figures; names come from the resent event, as for any refusal.
pub(crate) fn remembered_message(note: Note, a: &NoteArgs<'_>, locale: Locale) -> String {
    let m = match note {
        Note::Insufficient { .. } => INSUFFICIENT_KEPT,
        Note::RedeemLimit { .. } => REDEEM_LIMIT_KEPT,
        Note::MakeupLimit { .. } => MAKEUP_LIMIT_KEPT,
        Note::TooLate { .. } => TOO_LATE_KEPT,
        _ => return note_message(note, a, locale),
    };
    m.get(locale).to_string()
}

const CHECK_IN: Msg = Msg::new("每日打卡", "Daily check-in");
const ACTIVITY: Msg = Msg::new("参加社区健康活动", "Joined a community health activity");
const FOLLOW_UP: Msg = Msg::new("完成随访或年度体检", "Completed a follow-up or annual check");
const SHARE: Msg = Msg::new("分享健康知识", "Shared health knowledge");
const REFERRAL: Msg = Msg::new("成功推荐 {}（已加入并完成首次打卡）", "Referred {} (joined and checked in)");
const REFERRAL_BONUS: Msg = Msg::new("累计成功推荐 {} 人奖励", "Bonus for {} qualified referrals");
const COMPLETION: Msg = Msg::new("完成挑战“{}”", "Completed the challenge \"{}\"");
const MILESTONE: Msg = Msg::new("“{}”连续打卡 {} 天", "{}: {}-day streak");
const ADJUST: Msg = Msg::new("人工调整", "Manual adjustment");

/// The reason shown with an award.
pub(crate) fn award_reason(
    p: &Compiled,
    titles: &[crate::i18n::Text],
    a: &Award,
    name: &dyn Fn(Mem) -> String,
    locale: Locale,
) -> String {
    if let Some(n) = a.capped {
        let none = NoteArgs { member: "", referrer: "", reward: "", challenge: "", redemption: "", offset: p.offset };
        return note_message(n, &none, locale);
    }
    let fill = |m: Msg, args: &[&str]| crate::i18n::fill(m.get(locale), args);
    match a.rule {
        RuleRef::Earn(ri) => match p.rules[ri.ix()].on {
            EarnOn::CheckIn => CHECK_IN.get(locale).to_string(),
            EarnOn::Activity => ACTIVITY.get(locale).to_string(),
            EarnOn::FollowUp => FOLLOW_UP.get(locale).to_string(),
            EarnOn::Share => SHARE.get(locale).to_string(),
        },
        RuleRef::Referral(m) => fill(REFERRAL, &[&name(m)]),
        RuleRef::ReferralBonus(n) => fill(REFERRAL_BONUS, &[&n.to_string()]),
        RuleRef::Completion(c) => fill(COMPLETION, &[titles[c.ix()].get(locale)]),
        RuleRef::Milestone(c, i) => {
            let days = p.challenges[c.ix()].milestones[i as usize].0.to_string();
            fill(MILESTONE, &[titles[c.ix()].get(locale), &days])
        }
        RuleRef::Adjust => ADJUST.get(locale).to_string(),
        RuleRef::Reward(_) | RuleRef::Expiry | RuleRef::Tier | RuleRef::Carry => String::new(),
    }
}

/// The id of a rule as shown in awards and ledger entries.
pub(crate) fn rule_id(p: &Compiled, r: RuleRef) -> String {
    match r {
        RuleRef::Earn(i) => p.rules[i.ix()].id.clone(),
        RuleRef::Referral(_) => "referral".into(),
        RuleRef::ReferralBonus(_) => "referral-bonus".into(),
        RuleRef::Completion(c) => format!("{}:completion", p.challenges[c.ix()].id),
        RuleRef::Milestone(c, i) => {
            let ch = &p.challenges[c.ix()];
            format!("{}:streak-{}", ch.id, ch.milestones[i as usize].0)
        }
        RuleRef::Reward(w) => p.reward_ids[w.ix()].clone(),
        RuleRef::Adjust => "adjust".into(),
        RuleRef::Expiry => "expiry".into(),
        RuleRef::Tier => "tier".into(),
        RuleRef::Carry => "carry".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_refusals_have_messages_without_figures() {
        let a = NoteArgs { member: "m", referrer: "r", reward: "w", challenge: "c", redemption: "x", offset: Offset::CHINA };
        for tag in 2..=23 {
            for locale in [Locale::ZhCn, Locale::En] {
                let m = remembered_message(Note::of_tag(tag), &a, locale);
                assert!(!m.is_empty() && !m.chars().any(|c| c.is_ascii_digit()), "tag {tag}: {m}");
            }
        }
    }
}
