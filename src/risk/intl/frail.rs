//! FRAIL frailty screen (docs/risk-models.md §7).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::{Error, Result};
use crate::i18n::{num, Msg};
use crate::risk::{Checklist, InputInfo, ModelInfo, Outcome, Subject, ValueUnit};

// Morley JE, Malmstrom TK, Miller DK. A simple frailty questionnaire (FRAIL) predicts outcomes in
// middle aged African Americans. J Nutr Health Aging 2012;16(7):601–608; as adopted by the 2017
// Chinese expert consensus on frailty in older patients. One point each: fatigue, resistance,
// ambulation, illnesses (≥ 5 of 11 named conditions), loss of weight (≥ 5% in a year).
// 0 robust, 1–2 pre-frail, 3–5 frail.
const ILLNESSES_POINT_AT: f64 = 5.0;
const ILLNESSES_LISTED: f64 = 11.0;
const BANDS: &[(u32, &str)] = &[(3, "frail"), (1, "pre-frail"), (0, "robust")];

pub static INFO: ModelInfo = ModelInfo {
    id: "frail",
    name: Msg::new("FRAIL 衰弱筛查量表", "FRAIL frailty scale"),
    unit: ValueUnit::Points,
    citation: "Morley JE, Malmstrom TK, Miller DK. A simple frailty questionnaire (FRAIL) predicts outcomes in middle aged African Americans. J Nutr Health Aging 2012;16(7):601–608. 中华医学会老年医学分会《老年患者衰弱评估与干预中国专家共识》, 中华老年医学杂志 2017.",
    edition: "FRAIL 5 items (2012), as in the 2017 Chinese expert consensus",
    ages: (60.0, 130.0),
    inputs: &[
        InputInfo { field: "questionnaires.frail.fatigue", unit: "", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.frail.resistance", unit: "", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.frail.ambulation", unit: "", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.frail.illnesses", unit: "count", min: Some(0.0), max: Some(ILLNESSES_LISTED), required: true },
        InputInfo { field: "questionnaires.frail.weightLoss", unit: "", min: None, max: None, required: true },
    ],
    categories: &[
        ("robust", Msg::new("无衰弱", "Robust")),
        ("pre-frail", Msg::new("衰弱前期", "Pre-frail")),
        ("frail", Msg::new("衰弱", "Frail")),
    ],
    checklists: &[Checklist { field: "questionnaires.frail.illnesses", items: ILLNESS_LIST }],
};

/// The 11 illnesses of the FRAIL scale (Morley 2012): `illnesses` is how many of them the
/// resident has; the catalogue lists them so an app can ask them one by one.
pub const ILLNESS_LIST: &[(&str, Msg)] = &[
    ("hypertension", Msg::new("高血压", "High blood pressure")),
    ("diabetes", Msg::new("糖尿病", "Diabetes")),
    ("cancer", Msg::new("癌症（轻微的皮肤癌除外）", "Cancer (other than a minor skin cancer)")),
    ("chronic-lung-disease", Msg::new("慢性肺病", "Chronic lung disease")),
    ("heart-attack", Msg::new("心肌梗死（心梗）", "Heart attack")),
    ("heart-failure", Msg::new("充血性心力衰竭", "Congestive heart failure")),
    ("angina", Msg::new("心绞痛", "Angina")),
    ("asthma", Msg::new("哮喘", "Asthma")),
    ("arthritis", Msg::new("关节炎", "Arthritis")),
    ("stroke", Msg::new("脑卒中（中风）", "Stroke")),
    ("kidney-disease", Msg::new("肾脏疾病", "Kidney disease")),
];

const FATIGUE: Msg = Msg::new("过去 4 周大部分或全部时间感到疲乏", "Tired most or all of the time in the past 4 weeks");
const RESISTANCE: Msg = Msg::new("不借助外力爬一层楼梯有困难", "Difficulty climbing one flight of stairs unaided");
const AMBULATION: Msg = Msg::new("不借助外力走完 100 米有困难", "Difficulty walking 100 m unaided");
const ILLNESSES: Msg = Msg::new("患有 11 种所列疾病中的 5 种及以上", "5 or more of the 11 listed illnesses");
const WEIGHT_LOSS: Msg = Msg::new("1 年内体重下降 5% 及以上", "Lost 5% or more of body weight in a year");

const SUMMARIES: &[(&str, Msg)] = &[
    ("robust", Msg::new(
        "你的衰弱筛查得分为 {} 分，目前没有衰弱，坚持活动和均衡饮食能帮你保持体力。",
        "Your FRAIL score is {}: not frail — staying active and eating well will help you keep your strength.",
    )),
    ("pre-frail", Msg::new(
        "你的衰弱筛查得分为 {} 分，处于衰弱前期，多做力量和平衡练习、吃够蛋白质，有助于恢复体力。",
        "Your FRAIL score is {}: pre-frail — strength and balance exercises and enough protein can help you regain strength.",
    )),
    ("frail", Msg::new(
        "你的衰弱筛查得分为 {} 分，提示衰弱，建议请家庭医生做一次全面评估，并注意预防跌倒。",
        "Your FRAIL score is {}, which suggests frailty; ask your family doctor for a full assessment and take care to prevent falls.",
    )),
];

pub fn assess(s: &Subject) -> Result<Outcome> {
    let field = "profile.questionnaires.frail";
    let Some(f) = s.profile.questionnaires.as_ref().and_then(|q| q.frail.as_ref()) else {
        return Ok(Outcome::Missing(vec![field.to_string()]));
    };
    let ill_field = "profile.questionnaires.frail.illnesses";
    if !f.illnesses.is_finite() {
        return Err(Error::not_a_number(ill_field));
    }
    if f.illnesses.fract() != 0.0 || !(0.0..=ILLNESSES_LISTED).contains(&f.illnesses) {
        return Err(Error::invalid(ill_field, &num(f.illnesses, 4), &common::EXPECTED_ILLNESSES));
    }
    let items: [(&str, &Msg, bool); 5] = [
        ("fatigue", &FATIGUE, f.fatigue),
        ("resistance", &RESISTANCE, f.resistance),
        ("ambulation", &AMBULATION, f.ambulation),
        ("illnesses", &ILLNESSES, f.illnesses >= ILLNESSES_POINT_AT),
        ("weightLoss", &WEIGHT_LOSS, f.weight_loss),
    ];
    let total = items.iter().filter(|(_, _, yes)| *yes).count() as u32;
    let category = BANDS.iter().find(|(lo, _)| total >= *lo).map_or("robust", |(_, c)| *c);
    let factors = items
        .iter()
        .filter(|(_, _, yes)| *yes)
        .map(|(id, label, _)| {
            let value = if *id == "illnesses" { Some(json!(f.illnesses)) } else { None };
            kit::factor(s, id, label, value, Some(1.0), false)
        })
        .collect();
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
            details: None,
            warnings: common::age_warning(s, &INFO).into_iter().collect(),
        },
    );
    Ok(Outcome::Scored(Box::new(r)))
}
