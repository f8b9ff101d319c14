//! PHQ-9 depression severity (docs/risk-models.md §7), with the item-9 safety alert.

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::cards::{Card, CardSource, Indicator};
use crate::error::Result;
use crate::i18n::{Msg, Text};
use crate::risk::{InputInfo, ModelInfo, Outcome, Subject, ValueUnit};

// Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity
// measure. J Gen Intern Med 2001;16(9):606–613. Nine items scored 0–3, total 0–27.
// Bands (inclusive): 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe,
// 20–27 severe. Item 9 (thoughts of being better off dead or of self-harm) > 0 raises a critical
// safety alert whatever the total. Free to use (Pfizer).
const ITEMS: usize = 9;
const BANDS: &[(u32, &str)] = &[(20, "severe"), (15, "moderately-severe"), (10, "moderate"), (5, "mild"), (0, "minimal")];
/// Index of item 9 in the array.
const SELF_HARM_ITEM: usize = 8;

pub static INFO: ModelInfo = ModelInfo {
    id: "phq9",
    name: Msg::new("患者健康问卷抑郁量表（PHQ-9）", "Patient Health Questionnaire depression scale (PHQ-9)"),
    unit: ValueUnit::Points,
    citation: "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606–613.",
    edition: "PHQ-9 (2001); severity cut-offs 5/10/15/20",
    ages: (18.0, 130.0),
    inputs: &[InputInfo { field: "questionnaires.phq9", unit: "points", min: Some(0.0), max: Some(3.0), required: true }],
    categories: &[
        ("minimal", Msg::new("无或极轻微抑郁症状", "Minimal or no depressive symptoms")),
        ("mild", Msg::new("轻度抑郁症状", "Mild depressive symptoms")),
        ("moderate", Msg::new("中度抑郁症状", "Moderate depressive symptoms")),
        ("moderately-severe", Msg::new("中重度抑郁症状", "Moderately severe depressive symptoms")),
        ("severe", Msg::new("重度抑郁症状", "Severe depressive symptoms")),
    ],
    checklists: &[],
};

const ITEM_LABELS: [Msg; ITEMS] = [
    Msg::new("做事时提不起劲或没有兴趣", "Little interest or pleasure in doing things"),
    Msg::new("感到心情低落、沮丧或绝望", "Feeling down, depressed or hopeless"),
    Msg::new("入睡困难、睡不安稳或睡眠过多", "Trouble falling or staying asleep, or sleeping too much"),
    Msg::new("感觉疲倦或没有活力", "Feeling tired or having little energy"),
    Msg::new("食欲不振或吃得太多", "Poor appetite or overeating"),
    Msg::new("觉得自己很糟、很失败，或让自己和家人失望", "Feeling bad about yourself, or that you have let yourself or your family down"),
    Msg::new("很难集中注意力，比如读报或看电视时", "Trouble concentrating, for example when reading or watching TV"),
    Msg::new("动作或说话慢到别人能察觉，或者相反，烦躁、坐立不安", "Moving or speaking slowly, or being fidgety and restless"),
    Msg::new("有不如死掉或用某种方式伤害自己的念头", "Thoughts that you would be better off dead, or of hurting yourself"),
];

const SUMMARIES: &[(&str, Msg)] = &[
    ("minimal", Msg::new(
        "你的 PHQ-9 得分为 {} 分，目前几乎没有抑郁情绪的表现，继续保持规律作息，多和亲友交流。",
        "Your PHQ-9 score is {}, which shows few or no signs of low mood — keep up your routines and time with people you care about.",
    )),
    ("mild", Msg::new(
        "你的 PHQ-9 得分为 {} 分，有轻度的情绪低落，多活动、多和亲友聊聊会有帮助，两周后可以再测一次。",
        "Your PHQ-9 score is {}, showing mild low mood; staying active and talking with people close to you can help, and it is worth checking again in two weeks.",
    )),
    ("moderate", Msg::new(
        "你的 PHQ-9 得分为 {} 分，有中度的抑郁情绪，建议和家庭医生聊一聊，获得支持和帮助。",
        "Your PHQ-9 score is {}, showing moderate depressive symptoms; it would help to talk this over with your family doctor.",
    )),
    ("moderately-severe", Msg::new(
        "你的 PHQ-9 得分为 {} 分，抑郁情绪比较明显，建议近期就诊，医生可以提供有效的帮助。",
        "Your PHQ-9 score is {}, showing marked depressive symptoms; please see a doctor soon — effective help is available.",
    )),
    ("severe", Msg::new(
        "你的 PHQ-9 得分为 {} 分，抑郁情绪很明显，请尽快就医，这是可以治疗的。",
        "Your PHQ-9 score is {}, showing severe depressive symptoms; please see a doctor as soon as possible — this can be treated.",
    )),
];

/// The card raised when item 9 is above 0. Wording: warm, direct, no judgement; tells the
/// resident to talk to someone now, names the national psychological assistance hotline 12356
/// (全国统一心理援助热线, nationwide since 2025) and 120 / the emergency department for
/// immediate danger.
pub const ALERT_CODE: &str = "PHQ9_SELF_HARM_THOUGHTS";
const ALERT_SUMMARY: Msg = Msg::new(
    "你提到最近有过“不如死掉”或伤害自己的念头。请现在就找人聊一聊，你不必独自承受。",
    "You mentioned thoughts of being better off dead or of hurting yourself. Please talk to someone now — you don't have to carry this alone.",
);
const ALERT_DETAIL: Msg = Msg::new(
    "谢谢你如实回答，这需要勇气。请现在就告诉一位你信任的人——家人、朋友或你的家庭医生；也可以拨打全国心理援助热线 12356，和专业人员谈一谈。如果你觉得自己可能马上会伤害自己，请立即拨打 120 或去最近医院的急诊，并请人陪在你身边。这样的感受是可以得到帮助的，你值得被好好照顾。",
    "Thank you for answering honestly; that takes courage. Please tell someone you trust right now — a family member, a friend or your family doctor. In mainland China you can also call the national psychological assistance hotline 12356 to talk with a trained counsellor. If you feel you might act on these thoughts, call 120 or go to the nearest hospital emergency department now, and ask someone to stay with you. Help is available, and these feelings can get better.",
);
const ALERT_SOURCE: Msg = Msg::new("PHQ-9 第 9 题（Kroenke 等，2001）", "PHQ-9 item 9 (Kroenke et al., 2001)");
const ALERT_WARNING: Msg = Msg::new(
    "{} 可拨打全国心理援助热线 12356；如有紧急危险，请拨打 120 或去急诊。",
    "{} You can call the national psychological assistance hotline 12356; in immediate danger, call 120 or go to an emergency department.",
);

fn band(total: u32) -> &'static str {
    BANDS.iter().find(|(lo, _)| total >= *lo).map_or("minimal", |(_, c)| c)
}

pub fn assess(s: &Subject) -> Result<Outcome> {
    let field = "profile.questionnaires.phq9";
    let Some(raw) = s.profile.questionnaires.as_ref().and_then(|q| q.phq9.as_ref()) else {
        return Ok(Outcome::Missing(vec![field.to_string()]));
    };
    let items = common::item_scores(field, raw, ITEMS)?;
    let total: u32 = items.iter().sum();
    let category = band(total);
    let item9 = items.get(SELF_HARM_ITEM).copied().unwrap_or(0);

    let factors = common::item_factors(s, &items, &ITEM_LABELS);
    let summary = common::band_summary(SUMMARIES, category, total);

    let mut warnings: Vec<_> = common::age_warning(s, &INFO).into_iter().collect();
    let mut alerts = Vec::new();
    if item9 > 0 {
        let card = alert_card(s);
        warnings.insert(0, kit::warning(s, "SAFETY_ALERT", &ALERT_WARNING.fill(&[s.t(&ALERT_SUMMARY)])));
        alerts.push(card);
    }
    let mut r = kit::result(
        &INFO,
        s,
        Parts {
            value: f64::from(total),
            category,
            summary,
            factors,
            what_if: Vec::new(),
            combined: None,
            details: Some(json!({ "items": items, "selfHarmItem": item9, "safetyAlert": item9 > 0 })),
            warnings,
        },
    );
    r.alerts = alerts;
    Ok(Outcome::Scored(Box::new(r)))
}

fn alert_card(s: &Subject) -> Card {
    Card {
        code: ALERT_CODE.to_string(),
        indicator: Indicator::Critical,
        summary: s.t(&ALERT_SUMMARY).to_string(),
        detail: s.t(&ALERT_DETAIL).to_string(),
        source: CardSource { label: s.t(&ALERT_SOURCE).to_string(), clause: None },
        readings: None,
    }
}

/// Both language versions of the alert (for review of the wording).
pub fn alert_text() -> (Text, Text) {
    (ALERT_SUMMARY.text(), ALERT_DETAIL.text())
}
