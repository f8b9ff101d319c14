//! The summary that opens a risk report: the one finding that matters most, the next step and
//! how soon, the changes that lower risk most and their combined effect.
//!
//! - **Headline and next step** come from the first rule of [`RULES`] that a result matches
//!   (rules are in order of urgency: a safety alert, very high blood pressure, known
//!   cardiovascular disease, high risks, then medium ones). `within` is an ISO 8601 duration
//!   (`P0D` now, `P14D`, `P1M`, `P3M`, `P1Y`); `text` says it in words. Without a matching
//!   finding the resident is told no high risk was found and to assess again in a year (or, when
//!   China-PAR could not be scored for lack of lipids, to have them tested).
//! - **Top changes**: the what-ifs of the first scored model in [`CHANGE_MODELS`] that offers any
//!   (a 10-year cardiovascular risk first: China-PAR, or the international model asked for)
//!   that lower its value most, at most [`COMBINED_CHANGES`]; **combined what-if**: that
//!   model's value with those changes applied together (computed by the model itself, not added
//!   up).

use serde::Serialize;

use super::kit::COMBINED_CHANGES;
use super::{RiskReport, RiskResult, SkipReason, Subject, ValueUnit};
use crate::i18n::{num, Locale, Msg};
use crate::order::sort_vec;

/// The summary of a report (`RiskReport.summary`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The one finding that matters most, in one sentence.
    pub headline: String,
    pub next_step: NextStep,
    /// The changes that lower risk most (at most three), best first.
    pub top_changes: Vec<TopChange>,
    /// `top_changes` applied together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combined_what_if: Option<CombinedSummary>,
}

/// What to do next and how soon.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    pub text: String,
    /// ISO 8601 duration: `P0D` (now), `P14D`, `P1M`, `P3M`, `P1Y`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
}

/// One change: the id and label of a what-if of the model the changes come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopChange {
    pub id: String,
    pub label: String,
}

/// The value and category of a model with the top changes applied together.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CombinedSummary {
    pub model_id: String,
    pub value: f64,
    pub category: String,
}

/// What makes a finding.
#[derive(Debug, Clone, Copy)]
enum When {
    /// The model's result is in one of these categories.
    Category(&'static [&'static str]),
    /// The hypertension result's BP is grade 3 (≥ 180 and/or ≥ 110 mmHg).
    BpGrade3,
    /// The PHQ-9 result raised its safety alert (item 9 above 0).
    SafetyAlert,
    /// A prior stroke, myocardial infarction or coronary heart disease (China-PAR does not apply:
    /// very high risk by definition, 2019 Chinese guideline).
    KnownCvd,
}

/// What fills the headline's `{}` placeholders, in order.
#[derive(Debug, Clone, Copy)]
enum Arg {
    /// The result's value with its unit (`12.3%`, `27`).
    Value,
    /// The profile's blood pressure (`152/96`).
    Bp,
    /// The category label, lower-case inside an English sentence.
    Label,
    /// The model's name.
    Name,
}

struct Rule {
    model: &'static str,
    when: When,
    headline: Msg,
    args: &'static [Arg],
    next: Msg,
    within: &'static str,
}

const SEE_DOCTOR_2_WEEKS: Msg = Msg::new(
    "请在 2 周内找家庭医生，商量如何降低风险。",
    "Please see your family doctor within 2 weeks to talk about lowering it.",
);
const GENERIC: Msg = Msg::new("{}：{}（{}）。", "{}: {} ({}).");
const GENERIC_ARGS: &[Arg] = &[Arg::Name, Arg::Value, Arg::Label];
const HTN_HEADLINE: Msg =
    Msg::new("血压 {} mmHg，心脑血管病风险为{}。", "Blood pressure {} mmHg: {} of heart attack or stroke.");
const MOOD_2_WEEKS: Msg = Msg::new(
    "请在 2 周内看医生（家庭医生或精神心理科），这是可以治疗的。",
    "Please see a doctor (your family doctor or a mental-health clinic) within 2 weeks; this can be treated.",
);
const MOOD_1_MONTH: Msg = Msg::new(
    "请在 1 个月内和家庭医生聊一聊，获得支持和帮助。",
    "Please talk it over with your family doctor within a month.",
);
const WEIGHT_3_MONTHS: Msg = Msg::new(
    "请少吃多动、控制体重，3 个月后复查体重和腰围。",
    "Eat a little less and move more; check your weight and waist again in 3 months.",
);
const CV_3_MONTHS: Msg = Msg::new(
    "请改善生活习惯，并在 3 个月内复查血压和血脂。",
    "Adopt healthier habits and have your blood pressure and cholesterol rechecked within 3 months.",
);

/// The findings a summary can lead with, most urgent first.
const RULES: &[Rule] = &[
    Rule {
        model: "phq9",
        when: When::SafetyAlert,
        headline: Msg::new(
            "你提到最近有伤害自己的念头，这是现在最需要关注的事。",
            "You mentioned thoughts of hurting yourself: this matters most right now.",
        ),
        args: &[],
        next: Msg::new(
            "请现在就告诉一位信任的人，或拨打心理援助热线 12356；如有紧急危险，请拨打 120。",
            "Please tell someone you trust now, or call the psychological assistance hotline 12356; in immediate danger, call 120.",
        ),
        within: "P0D",
    },
    Rule {
        model: "hypertension",
        when: When::BpGrade3,
        headline: Msg::new("血压 {} mmHg 很高（3级高血压）。", "Your blood pressure of {} mmHg is very high (grade 3)."),
        args: &[Arg::Bp],
        next: Msg::new(
            "请今天就去看医生；如有剧烈头痛、胸痛、气短、说话不清或一侧手脚无力，请立即拨打 120。",
            "Please see a doctor today; if you have a severe headache, chest pain, shortness of breath, slurred speech or weakness on one side, call 120 now.",
        ),
        within: "P0D",
    },
    Rule {
        model: "china-par",
        when: When::KnownCvd,
        headline: Msg::new(
            "您已患过心脑血管病，属于心血管病极高危人群。",
            "You have had a stroke, heart attack or coronary heart disease, which puts you at very high cardiovascular risk.",
        ),
        args: &[],
        next: Msg::new(
            "请按医生的方案坚持治疗，3 个月内复诊。",
            "Keep to your doctor's treatment plan and see your doctor again within 3 months.",
        ),
        within: "P3M",
    },
    Rule {
        model: "hypertension",
        when: When::Category(&["very-high", "high-very-high", "high"]),
        headline: HTN_HEADLINE,
        args: &[Arg::Bp, Arg::Label],
        next: Msg::new(
            "请在 2 周内找家庭医生，商量开始或调整降压治疗。",
            "Please see your family doctor within 2 weeks to start or adjust blood-pressure treatment.",
        ),
        within: "P14D",
    },
    Rule {
        model: "china-par",
        when: When::Category(&["high"]),
        headline: Msg::new(
            "未来 10 年发生心梗、脑卒中的风险为 {}，属于高危。",
            "Your 10-year chance of a heart attack or stroke is {}: high.",
        ),
        args: &[Arg::Value],
        next: SEE_DOCTOR_2_WEEKS,
        within: "P14D",
    },
    Rule { model: "prevent", when: When::Category(&["high"]), headline: GENERIC, args: GENERIC_ARGS, next: SEE_DOCTOR_2_WEEKS, within: "P14D" },
    Rule { model: "pce", when: When::Category(&["high"]), headline: GENERIC, args: GENERIC_ARGS, next: SEE_DOCTOR_2_WEEKS, within: "P14D" },
    Rule { model: "framingham", when: When::Category(&["high"]), headline: GENERIC, args: GENERIC_ARGS, next: SEE_DOCTOR_2_WEEKS, within: "P14D" },
    Rule {
        model: "phq9",
        when: When::Category(&["moderately-severe", "severe"]),
        headline: GENERIC,
        args: GENERIC_ARGS,
        next: MOOD_2_WEEKS,
        within: "P14D",
    },
    Rule { model: "gad7", when: When::Category(&["severe"]), headline: GENERIC, args: GENERIC_ARGS, next: MOOD_2_WEEKS, within: "P14D" },
    Rule {
        model: "stroke-screen",
        when: When::Category(&["high"]),
        headline: Msg::new("脑卒中筛查结果为高危（{} 项危险因素）。", "Stroke screening: high risk ({} risk factors)."),
        args: &[Arg::Value],
        next: Msg::new(
            "请在 1 个月内到医院做进一步检查（如颈动脉超声）。",
            "Please have further checks, such as a neck artery ultrasound, within a month.",
        ),
        within: "P1M",
    },
    Rule {
        model: "cdrs",
        when: When::Category(&["high"]),
        headline: Msg::new("糖尿病风险评分 {} 分，属于高风险。", "Diabetes risk score {}: high."),
        args: &[Arg::Value],
        next: Msg::new(
            "请在 1 个月内做一次糖耐量检查（喝糖水前后各测一次血糖）。",
            "Please have a glucose tolerance test (blood sugar before and after a sugary drink) within a month.",
        ),
        within: "P1M",
    },
    Rule {
        model: "findrisc",
        when: When::Category(&["high", "very-high"]),
        headline: GENERIC,
        args: GENERIC_ARGS,
        next: Msg::new("请在 1 个月内查一次血糖。", "Please have your blood sugar tested within a month."),
        within: "P1M",
    },
    Rule {
        model: "frail",
        when: When::Category(&["frail"]),
        headline: GENERIC,
        args: GENERIC_ARGS,
        next: Msg::new(
            "请在 1 个月内请家庭医生做一次全面评估，并注意预防跌倒。",
            "Please ask your family doctor for a full assessment within a month, and take care to prevent falls.",
        ),
        within: "P1M",
    },
    Rule {
        model: "self-care",
        when: When::Category(&["moderate-dependence", "dependent"]),
        headline: GENERIC,
        args: GENERIC_ARGS,
        next: Msg::new(
            "请在 1 个月内联系家庭医生或社区，安排日常照护的帮助。",
            "Please contact your family doctor or community centre within a month to arrange help with daily care.",
        ),
        within: "P1M",
    },
    Rule {
        model: "hypertension",
        when: When::Category(&["medium-high", "medium"]),
        headline: HTN_HEADLINE,
        args: &[Arg::Bp, Arg::Label],
        next: Msg::new(
            "请在 1 个月内找家庭医生复查血压，并开始改善生活方式。",
            "Please have your blood pressure rechecked by your family doctor within a month, and start healthier habits.",
        ),
        within: "P1M",
    },
    Rule { model: "phq9", when: When::Category(&["moderate"]), headline: GENERIC, args: GENERIC_ARGS, next: MOOD_1_MONTH, within: "P1M" },
    Rule { model: "gad7", when: When::Category(&["moderate"]), headline: GENERIC, args: GENERIC_ARGS, next: MOOD_1_MONTH, within: "P1M" },
    Rule {
        model: "china-par",
        when: When::Category(&["medium"]),
        headline: Msg::new(
            "未来 10 年发生心梗、脑卒中的风险为 {}，属于中危。",
            "Your 10-year chance of a heart attack or stroke is {}: medium.",
        ),
        args: &[Arg::Value],
        next: CV_3_MONTHS,
        within: "P3M",
    },
    Rule { model: "prevent", when: When::Category(&["intermediate"]), headline: GENERIC, args: GENERIC_ARGS, next: CV_3_MONTHS, within: "P3M" },
    Rule { model: "pce", when: When::Category(&["intermediate"]), headline: GENERIC, args: GENERIC_ARGS, next: CV_3_MONTHS, within: "P3M" },
    Rule { model: "framingham", when: When::Category(&["intermediate"]), headline: GENERIC, args: GENERIC_ARGS, next: CV_3_MONTHS, within: "P3M" },
    Rule {
        model: "metabolic-syndrome",
        when: When::Category(&["present"]),
        headline: Msg::new("符合代谢综合征（{} 项指标异常）。", "Metabolic syndrome ({} measures out of range)."),
        args: &[Arg::Value],
        next: Msg::new(
            "请在 3 个月内找医生评估，并通过控制体重、合理饮食和运动来改善。",
            "Please see your doctor within 3 months; weight control, healthy eating and exercise will help.",
        ),
        within: "P3M",
    },
    Rule {
        model: "stroke-screen",
        when: When::Category(&["medium"]),
        headline: GENERIC,
        args: GENERIC_ARGS,
        next: Msg::new(
            "请控制好血压、血糖，3 个月内找家庭医生随访。",
            "Keep your blood pressure and blood sugar under control and see your family doctor within 3 months.",
        ),
        within: "P3M",
    },
    Rule {
        model: "hypertension",
        when: When::Category(&["low"]),
        headline: HTN_HEADLINE,
        args: &[Arg::Bp, Arg::Label],
        next: Msg::new(
            "请改善生活方式，3 个月内复查血压。",
            "Start healthier habits and have your blood pressure rechecked within 3 months.",
        ),
        within: "P3M",
    },
    Rule { model: "bmi", when: When::Category(&["obese"]), headline: GENERIC, args: GENERIC_ARGS, next: WEIGHT_3_MONTHS, within: "P3M" },
    Rule { model: "waist", when: When::Category(&["central-obesity"]), headline: GENERIC, args: GENERIC_ARGS, next: WEIGHT_3_MONTHS, within: "P3M" },
    Rule { model: "child-bmi", when: When::Category(&["obese"]), headline: GENERIC, args: GENERIC_ARGS, next: WEIGHT_3_MONTHS, within: "P3M" },
];

/// Where the top changes come from: the first of these models scored with a what-if.
pub const CHANGE_MODELS: &[&str] = &[
    "china-par",
    "prevent",
    "pce",
    "framingham",
    "cdrs",
    "hypertension",
    "stroke-screen",
    "metabolic-syndrome",
    "findrisc",
    "bmi",
    "waist",
    "child-bmi",
];

const NOTHING_HIGH: Msg = Msg::new(
    "本次评估没有发现需要特别关注的高风险。",
    "This assessment found no high risk that needs attention.",
);
const ASSESS_IN_A_YEAR: Msg =
    Msg::new("请保持健康的生活方式，1 年后再评估一次。", "Keep up healthy habits and assess again in a year.");
const TEST_LIPIDS: Msg = Msg::new(
    "请在 3 个月内测一次血脂，以便评估未来 10 年心脑血管病的风险。",
    "Please have your blood lipids tested within 3 months so that your 10-year heart risk can be assessed.",
);
const NOTHING_SCORED: Msg = Msg::new(
    "信息还不够，暂时无法评估风险。",
    "There is not enough information to assess your risk yet.",
);
const ADD_MEASUREMENTS: Msg = Msg::new(
    "请补充年龄、血压、身高、体重、腰围和血脂等信息后再评估。",
    "Add your age, blood pressure, height, weight, waist and blood lipids, then assess again.",
);

/// Builds the summary of a report whose results and skips are complete.
pub fn summarize(s: &Subject, report: &RiskReport) -> Summary {
    let locale = s.locale;
    let find = |id: &str| report.results.iter().find(|r| r.id == id);
    let matched = RULES.iter().find_map(|rule| {
        let result = find(rule.model);
        let hit = match rule.when {
            When::Category(cats) => result.is_some_and(|r| cats.contains(&r.category.as_str())),
            When::BpGrade3 => result.is_some_and(|r| detail_str(r, "bpCategory") == Some("grade-3")),
            When::SafetyAlert => result.is_some_and(|r| r.details.as_ref().and_then(|d| d.get("safetyAlert")) == Some(&true.into())),
            When::KnownCvd => {
                let h = s.profile.history.as_ref();
                h.is_some_and(|h| [h.stroke, h.myocardial_infarction, h.coronary_heart_disease].contains(&Some(true)))
            }
        };
        hit.then_some((rule, result))
    });

    let (headline, next, within) = match matched {
        Some((rule, result)) => (headline(rule, result, s), rule.next.get(locale), Some(rule.within)),
        None if report.results.is_empty() => (NOTHING_SCORED.get(locale).to_string(), ADD_MEASUREMENTS.get(locale), None),
        None if lipids_missing(report) => (NOTHING_HIGH.get(locale).to_string(), TEST_LIPIDS.get(locale), Some("P3M")),
        None => (NOTHING_HIGH.get(locale).to_string(), ASSESS_IN_A_YEAR.get(locale), Some("P1Y")),
    };

    let source =
        CHANGE_MODELS.iter().filter_map(|id| find(id)).find(|r| r.what_if.iter().any(|w| w.value < r.value));
    let (top_changes, combined_what_if) = match source {
        None => (Vec::new(), None),
        Some(r) => changes(r),
    };
    Summary {
        headline,
        next_step: NextStep { text: next.to_string(), within: within.map(str::to_string) },
        top_changes,
        combined_what_if,
    }
}

/// The top changes of a result and, when the model scored them together, the combined value.
fn changes(r: &RiskResult) -> (Vec<TopChange>, Option<CombinedSummary>) {
    let label = |id: &str| r.what_if.iter().find(|w| w.id == id).map(|w| w.label.clone()).unwrap_or_default();
    if let Some(c) = &r.combined {
        let top = c.ids.iter().map(|id| TopChange { id: id.clone(), label: label(id) }).collect();
        let combined = CombinedSummary { model_id: r.id.clone(), value: c.value, category: c.category.clone() };
        return (top, Some(combined));
    }
    let mut order: Vec<_> = r.what_if.iter().filter(|w| w.value < r.value).collect();
    sort_vec(&mut order, &|a, b| a.value.total_cmp(&b.value));
    let top = order.iter().take(COMBINED_CHANGES).map(|w| TopChange { id: w.id.clone(), label: w.label.clone() }).collect();
    (top, None)
}

fn detail_str<'a>(r: &'a RiskResult, key: &str) -> Option<&'a str> {
    r.details.as_ref()?.get(key)?.as_str()
}

/// China-PAR was not scored because a lipid value is absent.
fn lipids_missing(report: &RiskReport) -> bool {
    report.skipped.iter().any(|k| {
        k.id == "china-par"
            && k.reason == SkipReason::MissingInput
            && k.fields.as_ref().is_some_and(|f| f.iter().any(|f| f.ends_with("Cholesterol")))
    })
}

/// The headline of a rule for a result, in the subject's locale.
fn headline(rule: &Rule, result: Option<&RiskResult>, s: &Subject) -> String {
    let arg = |a: Arg| -> String {
        let Some(r) = result else { return String::new() };
        match a {
            Arg::Value if r.unit == ValueUnit::Percent => format!("{}%", num(r.value, 1)),
            Arg::Value => num(r.value, 1),
            Arg::Bp => match (s.profile.sbp, s.profile.dbp) {
                (Some(sbp), Some(dbp)) => format!("{}/{}", num(sbp, 1), num(dbp, 1)),
                _ => String::new(),
            },
            Arg::Label if s.locale == Locale::En => r.label.to_ascii_lowercase(),
            Arg::Label => r.label.clone(),
            Arg::Name => r.name.clone(),
        }
    };
    let args: Vec<String> = rule.args.iter().map(|a| arg(*a)).collect();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    crate::i18n::fill(rule.headline.get(s.locale), &refs)
}
