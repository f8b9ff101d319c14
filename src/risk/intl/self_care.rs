//! 老年人生活自理能力评估表: the elderly self-care ability scale of the National Basic Public
//! Health Service Specification (docs/risk-models.md §7).

use serde_json::json;

use super::common;
use crate::risk::kit::{self, Parts};
use crate::error::Result;
use crate::i18n::Msg;
use crate::risk::{InputInfo, Level, ModelInfo, Outcome, Subject, ValueUnit};

// 国家基本公共卫生服务规范（第三版）, 国家卫生计生委 2017, 老年人生活自理能力评估表.
// Points per level (independent / mild / moderate / dependent):
// eating 0/0/3/5; grooming 0/1/3/7; dressing 0/0/3/5; toileting 0/1/5/10; mobility 0/1/5/10.
// Closed total bands: 0–3 independent 可自理; 4–8 mild dependence 轻度依赖;
// 9–18 moderate dependence 中度依赖; ≥ 19 dependent 不能自理. Maximum 37.
const EATING: [u32; 4] = [0, 0, 3, 5];
const GROOMING: [u32; 4] = [0, 1, 3, 7];
const DRESSING: [u32; 4] = [0, 0, 3, 5];
const TOILETING: [u32; 4] = [0, 1, 5, 10];
const MOBILITY: [u32; 4] = [0, 1, 5, 10];
const BANDS: &[(u32, &str)] = &[(19, "dependent"), (9, "moderate-dependence"), (4, "mild-dependence"), (0, "independent")];

pub static INFO: ModelInfo = ModelInfo {
    id: "self-care",
    name: Msg::new("老年人生活自理能力评估", "Self-care ability assessment for older people"),
    unit: ValueUnit::Points,
    citation: "国家卫生计生委《国家基本公共卫生服务规范（第三版）》2017：老年人生活自理能力评估表。National Basic Public Health Service Specification, 3rd ed. (2017): self-care ability assessment form for older people.",
    edition: "NBPHS 3rd ed. (2017)",
    ages: (65.0, 130.0),
    inputs: &[
        InputInfo { field: "questionnaires.selfCare.eating", unit: "level", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.selfCare.grooming", unit: "level", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.selfCare.dressing", unit: "level", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.selfCare.toileting", unit: "level", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.selfCare.mobility", unit: "level", min: None, max: None, required: true },
    ],
    categories: &[
        ("independent", Msg::new("可自理", "Independent")),
        ("mild-dependence", Msg::new("轻度依赖", "Mild dependence")),
        ("moderate-dependence", Msg::new("中度依赖", "Moderate dependence")),
        ("dependent", Msg::new("不能自理", "Dependent")),
    ],
    checklists: &[],
};

const SUMMARIES: &[(&str, Msg)] = &[
    ("independent", Msg::new(
        "生活自理能力评分为 {} 分，日常生活可以自理。",
        "The self-care score is {}: able to manage daily life independently.",
    )),
    ("mild-dependence", Msg::new(
        "生活自理能力评分为 {} 分，属于轻度依赖，部分日常活动需要一些帮助。",
        "The self-care score is {}: mild dependence — some help with a few daily activities is needed.",
    )),
    ("moderate-dependence", Msg::new(
        "生活自理能力评分为 {} 分，属于中度依赖，日常生活需要家人或照护人员经常帮助。",
        "The self-care score is {}: moderate dependence — regular help from family or carers is needed.",
    )),
    ("dependent", Msg::new(
        "生活自理能力评分为 {} 分，属于不能自理，需要全面照护，可以向社区了解照护服务。",
        "The self-care score is {}: dependent — full-time care is needed; the community health centre can advise on care services.",
    )),
];

fn level_index(l: Level) -> usize {
    match l {
        Level::Independent => 0,
        Level::Mild => 1,
        Level::Moderate => 2,
        Level::Dependent => 3,
    }
}

fn level_code(l: Level) -> &'static str {
    match l {
        Level::Independent => "independent",
        Level::Mild => "mild",
        Level::Moderate => "moderate",
        Level::Dependent => "dependent",
    }
}

pub fn assess(s: &Subject) -> Result<Outcome> {
    let Some(sc) = s.profile.questionnaires.as_ref().and_then(|q| q.self_care.as_ref()) else {
        return Ok(Outcome::Missing(vec!["profile.questionnaires.selfCare".to_string()]));
    };
    let items: [(&str, Msg, &[u32; 4], Level); 5] = [
        ("eating", Msg::new("进餐", "Eating"), &EATING, sc.eating),
        ("grooming", Msg::new("梳洗", "Grooming"), &GROOMING, sc.grooming),
        ("dressing", Msg::new("穿衣", "Dressing"), &DRESSING, sc.dressing),
        ("toileting", Msg::new("如厕", "Toileting"), &TOILETING, sc.toileting),
        ("mobility", Msg::new("活动", "Mobility"), &MOBILITY, sc.mobility),
    ];
    let mut total = 0;
    let mut factors = Vec::new();
    for (id, label, points, level) in &items {
        let p = points.get(level_index(*level)).copied().unwrap_or(0);
        total += p;
        if p > 0 {
            factors.push(kit::factor(s, id, label, Some(json!(level_code(*level))), Some(f64::from(p)), false));
        }
    }
    let category = BANDS.iter().find(|(lo, _)| total >= *lo).map_or("independent", |(_, c)| *c);
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
