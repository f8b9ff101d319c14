//! GAD-7 anxiety severity (docs/risk-models.md §7).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::Result;
use crate::i18n::Msg;
use crate::risk::{InputInfo, ModelInfo, Outcome, Subject, ValueUnit};

// Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety
// disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–1097. Seven items scored 0–3, total
// 0–21. Bands (inclusive): 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
const ITEMS: usize = 7;
const BANDS: &[(u32, &str)] = &[(15, "severe"), (10, "moderate"), (5, "mild"), (0, "minimal")];

pub static INFO: ModelInfo = ModelInfo {
    id: "gad7",
    name: Msg::new("广泛性焦虑量表（GAD-7）", "Generalized Anxiety Disorder scale (GAD-7)"),
    unit: ValueUnit::Points,
    citation: "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–1097.",
    edition: "GAD-7 (2006); severity cut-offs 5/10/15",
    ages: (18.0, 130.0),
    inputs: &[InputInfo { field: "questionnaires.gad7", unit: "points", min: Some(0.0), max: Some(3.0), required: true }],
    categories: &[
        ("minimal", Msg::new("无或极轻微焦虑症状", "Minimal or no anxiety symptoms")),
        ("mild", Msg::new("轻度焦虑症状", "Mild anxiety symptoms")),
        ("moderate", Msg::new("中度焦虑症状", "Moderate anxiety symptoms")),
        ("severe", Msg::new("重度焦虑症状", "Severe anxiety symptoms")),
    ],
    checklists: &[],
};

const ITEM_LABELS: [Msg; ITEMS] = [
    Msg::new("感觉紧张、焦虑或急切", "Feeling nervous, anxious or on edge"),
    Msg::new("不能停止或控制担忧", "Not being able to stop or control worrying"),
    Msg::new("对各种各样的事情担忧过多", "Worrying too much about different things"),
    Msg::new("很难放松下来", "Trouble relaxing"),
    Msg::new("烦躁不安，难以静坐", "Being so restless that it is hard to sit still"),
    Msg::new("变得容易烦恼或急躁", "Becoming easily annoyed or irritable"),
    Msg::new("感到害怕，好像要发生可怕的事情", "Feeling afraid, as if something awful might happen"),
];

const SUMMARIES: &[(&str, Msg)] = &[
    ("minimal", Msg::new(
        "你的 GAD-7 得分为 {} 分，目前几乎没有焦虑情绪的表现，继续保持规律作息和适量运动。",
        "Your GAD-7 score is {}, which shows few or no signs of anxiety — keep up regular routines and exercise.",
    )),
    ("mild", Msg::new(
        "你的 GAD-7 得分为 {} 分，有轻度的焦虑情绪，放松练习、规律运动和与人倾诉会有帮助，两周后可以再测一次。",
        "Your GAD-7 score is {}, showing mild anxiety; relaxation, regular exercise and talking things through can help, and it is worth checking again in two weeks.",
    )),
    ("moderate", Msg::new(
        "你的 GAD-7 得分为 {} 分，有中度的焦虑情绪，建议和家庭医生聊一聊，获得支持和帮助。",
        "Your GAD-7 score is {}, showing moderate anxiety; it would help to talk this over with your family doctor.",
    )),
    ("severe", Msg::new(
        "你的 GAD-7 得分为 {} 分，焦虑情绪很明显，建议尽快就医，这是可以治疗的。",
        "Your GAD-7 score is {}, showing severe anxiety; please see a doctor soon — this can be treated.",
    )),
];

fn band(total: u32) -> &'static str {
    BANDS.iter().find(|(lo, _)| total >= *lo).map_or("minimal", |(_, c)| c)
}

pub fn assess(s: &Subject) -> Result<Outcome> {
    let field = "profile.questionnaires.gad7";
    let Some(raw) = s.profile.questionnaires.as_ref().and_then(|q| q.gad7.as_ref()) else {
        return Ok(Outcome::Missing(vec![field.to_string()]));
    };
    let items = common::item_scores(field, raw, ITEMS)?;
    let total: u32 = items.iter().sum();
    let category = band(total);
    let factors = common::item_factors(s, &items, &ITEM_LABELS);
    let summary = common::band_summary(SUMMARIES, category, total);
    let r = kit::result(
        &INFO,
        s,
        Parts {
            value: f64::from(total),
            category,
            summary,
            factors,
            what_if: Vec::new(),
            combined: None,
            details: Some(json!({ "items": items })),
            warnings: common::age_warning(s, &INFO).into_iter().collect(),
        },
    );
    Ok(Outcome::Scored(Box::new(r)))
}
