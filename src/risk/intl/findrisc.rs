//! FINDRISC, the Finnish type 2 diabetes risk score, 8-item form (docs/risk-models.md §7). It
//! screens for diabetes to come, so it does not apply to a resident with diabetes (as the CDRS).

use serde_json::json;

use super::common::{self, EPS};
use crate::risk::kit::{self, Parts};
use crate::error::Result;
use crate::i18n::{num, Msg, Text};
use crate::risk::{FamilyDiabetes, InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// Lindström J, Tuomilehto J. The diabetes risk score: a practical tool to predict type 2
// diabetes risk. Diabetes Care 2003;26(3):725–731. 8-item form, total 0–26. The reference's
// literal wording, applied as written (closed ranges inclusive):
// - age (completed years) < 45: 0; 45–54: 2; 55–64: 3; > 64: 4;
// - BMI (rounded to one decimal) < 25: 0; 25–30: 1; > 30: 3;
// - waist (cm, unrounded) men < 94: 0, 94–102: 3, > 102: 4; women < 80: 0, 80–88: 3, > 88: 4;
// - ≥ 30 min physical activity daily, no: 2; vegetables/fruit daily, no: 1;
// - ever antihypertensives, yes: 2; ever high glucose, yes: 5;
// - family diabetes: grandparent, aunt, uncle or first cousin 3; parent, sibling or child 5.
// Bands: < 7 low; 7–11 slightly elevated; 12–14 moderate; 15–20 high; > 20 very high.
const AGE_POINTS: &[(f64, u32)] = &[(65.0, 4), (55.0, 3), (45.0, 2)]; // lower bound → points
const BMI_1: f64 = 25.0; // 25–30 → 1
const BMI_3: f64 = 30.0; // > 30 → 3
const WAIST_MEN: (f64, f64) = (94.0, 102.0);
const WAIST_WOMEN: (f64, f64) = (80.0, 88.0);
const NO_DAILY_ACTIVITY: u32 = 2;
const NO_DAILY_VEGETABLES: u32 = 1;
const EVER_ANTIHYPERTENSIVES: u32 = 2;
const EVER_HIGH_GLUCOSE: u32 = 5;
const FAMILY_SECOND_DEGREE: u32 = 3;
const FAMILY_FIRST_DEGREE: u32 = 5;
const BANDS: &[(u32, &str)] = &[(21, "very-high"), (15, "high"), (12, "moderate"), (7, "slightly-elevated"), (0, "low")];
/// Adults only.
const AGES: (f64, f64) = (18.0, 130.0);

pub static INFO: ModelInfo = ModelInfo {
    id: "findrisc",
    name: Msg::new("芬兰糖尿病风险评分（FINDRISC）", "Finnish Diabetes Risk Score (FINDRISC)"),
    unit: ValueUnit::Points,
    citation: "Lindström J, Tuomilehto J. The diabetes risk score: a practical tool to predict type 2 diabetes risk. Diabetes Care 2003;26(3):725–731.",
    edition: "FINDRISC 8-item form",
    ages: AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(AGES.0), max: Some(AGES.1), required: true },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: true },
        InputInfo { field: "waistCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "questionnaires.findrisc", unit: "", min: None, max: None, required: true },
        InputInfo { field: "diabetes", unit: "", min: None, max: None, required: false },
    ],
    categories: &[
        ("low", Msg::new("低风险", "Low risk")),
        ("slightly-elevated", Msg::new("风险稍高", "Slightly elevated risk")),
        ("moderate", Msg::new("中等风险", "Moderate risk")),
        ("high", Msg::new("高风险", "High risk")),
        ("very-high", Msg::new("很高风险", "Very high risk")),
    ],
    checklists: &[],
};

const SUMMARIES: &[(&str, Msg)] = &[
    ("low", Msg::new(
        "你的糖尿病风险评分为 {} 分，未来 10 年患 2 型糖尿病的风险低，继续保持健康的生活方式。",
        "Your diabetes risk score is {}: a low chance of type 2 diabetes in the next 10 years — keep up your healthy habits.",
    )),
    ("slightly-elevated", Msg::new(
        "你的糖尿病风险评分为 {} 分，未来 10 年患 2 型糖尿病的风险稍高，注意饮食、多活动会有帮助。",
        "Your diabetes risk score is {}: a slightly raised chance of type 2 diabetes in the next 10 years — a healthy diet and more activity help.",
    )),
    ("moderate", Msg::new(
        "你的糖尿病风险评分为 {} 分，未来 10 年患 2 型糖尿病的风险中等，建议改善饮食和运动，并定期查血糖。",
        "Your diabetes risk score is {}: a moderate chance of type 2 diabetes in the next 10 years — improve diet and activity and have your blood sugar checked regularly.",
    )),
    ("high", Msg::new(
        "你的糖尿病风险评分为 {} 分，未来 10 年患 2 型糖尿病的风险高，建议到社区卫生服务中心查一次血糖。",
        "Your diabetes risk score is {}: a high chance of type 2 diabetes in the next 10 years — please have your blood sugar tested at your community health centre.",
    )),
    ("very-high", Msg::new(
        "你的糖尿病风险评分为 {} 分，未来 10 年患 2 型糖尿病的风险很高，请尽快去医院检查血糖。",
        "Your diabetes risk score is {}: a very high chance of type 2 diabetes in the next 10 years — please have your blood sugar tested soon.",
    )),
];

const AGE: Msg = Msg::new("年龄", "Age");
const BMI: Msg = Msg::new("体重指数（BMI）", "Body mass index (BMI)");
const WAIST: Msg = Msg::new("腰围", "Waist");
const ACTIVITY: Msg = Msg::new("每天活动不足 30 分钟", "Less than 30 minutes of activity a day");
const VEGETABLES: Msg = Msg::new("不是每天吃蔬菜水果", "Not eating vegetables or fruit every day");
const ANTIHYPERTENSIVES: Msg = Msg::new("曾服用降压药", "Has taken blood pressure medicine");
const HIGH_GLUCOSE: Msg = Msg::new("曾查出血糖偏高", "Has had high blood sugar found");
const FAMILY: Msg = Msg::new("家人患糖尿病", "Family members with diabetes");

const IF_ACTIVE: Msg = Msg::new("每天活动至少 30 分钟", "Be active at least 30 minutes every day");
const IF_VEGETABLES: Msg = Msg::new("每天吃蔬菜、水果", "Eat vegetables or fruit every day");
const IF_WEIGHT: Msg = Msg::new("BMI 降到 25 以下、腰围降到 {} cm 以下", "BMI below 25 and waist below {} cm");

fn age_points(age_years: f64) -> u32 {
    AGE_POINTS.iter().find(|(lo, _)| age_years >= *lo).map_or(0, |(_, p)| *p)
}

fn bmi_points(bmi: f64) -> u32 {
    if bmi > BMI_3 + EPS {
        3
    } else if bmi >= BMI_1 - EPS {
        1
    } else {
        0
    }
}

fn waist_points(sex: Sex, waist: f64) -> u32 {
    let (lo, hi) = if sex == Sex::Male { WAIST_MEN } else { WAIST_WOMEN };
    if waist > hi {
        4
    } else if waist >= lo {
        3
    } else {
        0
    }
}

fn band(total: u32) -> &'static str {
    BANDS.iter().find(|(lo, _)| total >= *lo).map_or("low", |(_, c)| c)
}

const DIAGNOSED: Msg = Msg::new(
    "您已确诊糖尿病；芬兰糖尿病风险评分用于发现将来可能患 2 型糖尿病的人，不适用于您。请继续按医生的方案控制血糖。",
    "You already have diabetes; the FINDRISC score looks for people who may develop type 2 diabetes, so it does not apply to you. Please keep following your doctor's plan for your blood sugar.",
);

pub fn assess(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    if p.diabetes == Some(true) {
        return Ok(Outcome::NotApplicable(DIAGNOSED.text()));
    }
    let q = p.questionnaires.as_ref().and_then(|q| q.findrisc.as_ref());
    let mut inputs = kit::Inputs::default();
    kit::age(s, &INFO, &mut inputs)?;
    inputs.need("profile.heightCm", p.height_cm);
    inputs.need("profile.weightKg", p.weight_kg);
    inputs.need("profile.waistCm", p.waist_cm);
    inputs.need("profile.questionnaires.findrisc", q);
    let (Some(age), Some(bmi), Some(waist), Some(q)) = (s.age, p.bmi(), p.waist_cm, q) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let years = age.floor();

    let a = age_points(years);
    let b = bmi_points(bmi);
    let w = waist_points(p.sex, waist);
    let act = if q.daily_activity { 0 } else { NO_DAILY_ACTIVITY };
    let veg = if q.daily_vegetables { 0 } else { NO_DAILY_VEGETABLES };
    let bp = if q.ever_antihypertensives { EVER_ANTIHYPERTENSIVES } else { 0 };
    let glu = if q.ever_high_glucose { EVER_HIGH_GLUCOSE } else { 0 };
    let fam = match q.family_diabetes {
        FamilyDiabetes::None => 0,
        FamilyDiabetes::SecondDegree => FAMILY_SECOND_DEGREE,
        FamilyDiabetes::FirstDegree => FAMILY_FIRST_DEGREE,
    };
    let total = a + b + w + act + veg + bp + glu + fam;
    let category = band(total);

    let family_code = match q.family_diabetes {
        FamilyDiabetes::None => "none",
        FamilyDiabetes::SecondDegree => "second-degree",
        FamilyDiabetes::FirstDegree => "first-degree",
    };
    let all = [
        ("age", &AGE, a, Some(json!(years)), false),
        ("bmi", &BMI, b, Some(json!(bmi)), true),
        ("waist", &WAIST, w, Some(json!(waist)), true),
        ("dailyActivity", &ACTIVITY, act, None, true),
        ("dailyVegetables", &VEGETABLES, veg, None, true),
        ("everAntihypertensives", &ANTIHYPERTENSIVES, bp, None, false),
        ("everHighGlucose", &HIGH_GLUCOSE, glu, None, false),
        ("familyDiabetes", &FAMILY, fam, Some(json!(family_code)), false),
    ];
    let factors = all
        .iter()
        .filter(|x| x.2 > 0)
        .map(|(id, label, pts, value, modifiable)| kit::factor(s, id, label, value.clone(), Some(f64::from(*pts)), *modifiable))
        .collect();

    let mut what_if = Vec::new();
    let mut add = |id: &str, label: Text, minus: u32| {
        if minus > 0 {
            let v = total - minus.min(total);
            what_if.push(kit::what_if(id, label.get(s.locale), f64::from(v), band(v)));
        }
    };
    add("daily-activity", IF_ACTIVE.text(), act);
    add("daily-vegetables", IF_VEGETABLES.text(), veg);
    let waist_target = if p.sex == Sex::Male { WAIST_MEN.0 } else { WAIST_WOMEN.0 };
    add("healthy-weight", IF_WEIGHT.fill(&[&num(waist_target, 0)]), b + w);

    let summary = common::band_summary(SUMMARIES, category, total);
    let r = kit::result(
        &INFO,
        s,
        Parts {
            value: f64::from(total),
            category,
            summary,
            factors,
            what_if,
            combined: None,
            details: Some(json!({ "bmi": bmi, "points": {
                "age": a, "bmi": b, "waist": w, "dailyActivity": act, "dailyVegetables": veg,
                "everAntihypertensives": bp, "everHighGlucose": glu, "familyDiabetes": fam } })),
            warnings: Vec::new(),
        },
    );
    Ok(Outcome::Scored(Box::new(r)))
}
