//! Body size (docs/risk-models.md §5): adult BMI and waist (WS/T 428-2013, ≥ 18 years) and school-age
//! BMI (WS/T 586-2018, 6–18 years).
//!
//! BMI is rounded to one decimal before any cut-off ([`crate::risk::Profile::bmi`]); waist is
//! compared unrounded. For children the age is floored to the half-year step: from `birthDate`
//! and `asOf` the step is counted in completed calendar months (6 years 6 months = 6.5, as
//! growth standards count it; a day-based fraction would put the 6-month birthday a few days
//! late), from `age` the given (possibly fractional) years are floored to the half year. Ages
//! 18.x use the 18.0 row.

use serde_json::json;

use crate::risk::kit::{age, age_field, factor, jnum, out_of_range, scored, what_if, Inputs, Parts};
use crate::calendar::months_between;
use crate::error::Result;
use crate::i18n::{num, Msg};
use crate::risk::{InputInfo, ModelInfo, Outcome, Sex, Subject, ValueUnit};

// ---------------------------------------------------------------------------------------------
// Published cut-offs

/// WS/T 428-2013 成人体重判定: BMI < 18.5 underweight; 18.5–< 24.0 normal; 24.0–< 28.0
/// overweight; ≥ 28.0 obese (kg/m², rounded to one decimal).
pub const BMI_NORMAL_FROM: f64 = 18.5;
pub const BMI_OVERWEIGHT_FROM: f64 = 24.0;
pub const BMI_OBESE_FROM: f64 = 28.0;
/// WS/T 428-2013 waist (cm): men < 85 normal, 85–< 90 pre-central obesity, ≥ 90 central obesity;
/// women < 80, 80–< 85, ≥ 85.
pub const WAIST_PRE_MEN: f64 = 85.0;
pub const WAIST_CENTRAL_MEN: f64 = 90.0;
pub const WAIST_PRE_WOMEN: f64 = 80.0;
pub const WAIST_CENTRAL_WOMEN: f64 = 85.0;
/// Adult ages.
pub const ADULT_AGES: (f64, f64) = (18.0, 130.0);

/// WS/T 586-2018 学龄儿童青少年超重与肥胖筛查, Table 1: (age step, boys overweight, boys obese,
/// girls overweight, girls obese), BMI kg/m², "≥" the value.
pub const CHILD_BMI: [(f64, f64, f64, f64, f64); 25] = [
    (6.0, 16.4, 17.7, 16.2, 17.5),
    (6.5, 16.7, 18.1, 16.5, 18.0),
    (7.0, 17.0, 18.7, 16.8, 18.5),
    (7.5, 17.4, 19.2, 17.2, 19.0),
    (8.0, 17.8, 19.7, 17.6, 19.4),
    (8.5, 18.1, 20.3, 18.1, 19.9),
    (9.0, 18.5, 20.8, 18.5, 20.4),
    (9.5, 18.9, 21.4, 19.0, 21.0),
    (10.0, 19.2, 21.9, 19.5, 21.5),
    (10.5, 19.6, 22.5, 20.0, 22.1),
    (11.0, 19.9, 23.0, 20.5, 22.7),
    (11.5, 20.3, 23.6, 21.1, 23.3),
    (12.0, 20.7, 24.1, 21.5, 23.9),
    (12.5, 21.0, 24.7, 21.9, 24.5),
    (13.0, 21.4, 25.2, 22.2, 25.0),
    (13.5, 21.9, 25.7, 22.6, 25.6),
    (14.0, 22.3, 26.1, 22.8, 25.9),
    (14.5, 22.6, 26.4, 23.0, 26.3),
    (15.0, 22.9, 26.6, 23.2, 26.6),
    (15.5, 23.1, 26.9, 23.4, 26.9),
    (16.0, 23.3, 27.1, 23.6, 27.1),
    (16.5, 23.5, 27.4, 23.7, 27.4),
    (17.0, 23.7, 27.6, 23.8, 27.6),
    (17.5, 23.8, 27.8, 23.9, 27.8),
    (18.0, 24.0, 28.0, 24.0, 28.0),
];
/// Ages of WS/T 586 (completed years).
pub const CHILD_AGES: (f64, f64) = (6.0, 18.0);

// ---------------------------------------------------------------------------------------------
// Catalogue

pub static BMI_INFO: ModelInfo = ModelInfo {
    id: "bmi",
    name: Msg::new("体重指数（BMI）", "Body mass index (BMI)"),
    unit: ValueUnit::KgM2,
    citation: "中华人民共和国卫生行业标准 WS/T 428-2013 成人体重判定.",
    edition: "WS/T 428-2013",
    ages: ADULT_AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(ADULT_AGES.0), max: None, required: true },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: true },
    ],
    categories: &[
        ("underweight", Msg::new("体重过低", "Underweight")),
        ("normal", Msg::new("体重正常", "Normal weight")),
        ("overweight", Msg::new("超重", "Overweight")),
        ("obese", Msg::new("肥胖", "Obese")),
    ],
    checklists: &[],
};

pub static WAIST_INFO: ModelInfo = ModelInfo {
    id: "waist",
    name: Msg::new("腰围", "Waist circumference"),
    unit: ValueUnit::Cm,
    citation: "中华人民共和国卫生行业标准 WS/T 428-2013 成人体重判定.",
    edition: "WS/T 428-2013",
    ages: ADULT_AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(ADULT_AGES.0), max: None, required: true },
        InputInfo { field: "waistCm", unit: "cm", min: None, max: None, required: true },
    ],
    categories: &[
        ("normal", Msg::new("腰围正常", "Normal")),
        ("pre-central-obesity", Msg::new("中心型肥胖前期", "Pre-central obesity")),
        ("central-obesity", Msg::new("中心型肥胖", "Central obesity")),
    ],
    checklists: &[],
};

pub static CHILD_BMI_INFO: ModelInfo = ModelInfo {
    id: "child-bmi",
    name: Msg::new("儿童青少年超重肥胖筛查", "Child and teen overweight screening"),
    unit: ValueUnit::KgM2,
    citation: "中华人民共和国卫生行业标准 WS/T 586-2018 学龄儿童青少年超重与肥胖筛查.",
    edition: "WS/T 586-2018",
    ages: CHILD_AGES,
    inputs: &[
        InputInfo { field: "age", unit: "years", min: Some(CHILD_AGES.0), max: Some(CHILD_AGES.1), required: true },
        InputInfo { field: "heightCm", unit: "cm", min: None, max: None, required: true },
        InputInfo { field: "weightKg", unit: "kg", min: None, max: None, required: true },
    ],
    categories: &[
        ("normal", Msg::new("未超重", "Not overweight")),
        ("overweight", Msg::new("超重", "Overweight")),
        ("obese", Msg::new("肥胖", "Obese")),
    ],
    checklists: &[],
};

// ---------------------------------------------------------------------------------------------
// Adult BMI

/// The WS/T 428 category of a (rounded) BMI.
pub fn bmi_category(bmi: f64) -> &'static str {
    if bmi >= BMI_OBESE_FROM {
        "obese"
    } else if bmi >= BMI_OVERWEIGHT_FROM {
        "overweight"
    } else if bmi >= BMI_NORMAL_FROM {
        "normal"
    } else {
        "underweight"
    }
}

const F_WEIGHT: Msg = Msg::new("体重", "Weight");
const F_HEIGHT: Msg = Msg::new("身高", "Height");
const F_WAIST: Msg = Msg::new("腰围", "Waist");
const F_BMI: Msg = Msg::new("体重指数（BMI）", "BMI");
const F_AGE: Msg = Msg::new("年龄", "Age");

const BMI_SUMMARY: [(&str, Msg); 4] = [
    (
        "underweight",
        Msg::new(
            "您的体重指数（BMI）为 {}，属于体重过低，请注意营养，如果体重在下降请找医生看看原因。",
            "Your BMI is {}, which is underweight; eat well, and if you are losing weight, ask your doctor to find out why.",
        ),
    ),
    (
        "normal",
        Msg::new("您的体重指数（BMI）为 {}，体重正常，请继续保持。", "Your BMI is {}, a healthy weight; keep it up."),
    ),
    (
        "overweight",
        Msg::new(
            "您的体重指数（BMI）为 {}，属于超重，建议少吃油腻和甜食、多活动，把体重慢慢降下来。",
            "Your BMI is {}, which is overweight; eating less fatty and sugary food and moving more will bring your weight down slowly.",
        ),
    ),
    (
        "obese",
        Msg::new(
            "您的体重指数（BMI）为 {}，属于肥胖，建议在医生指导下调整饮食、增加运动来减重。",
            "Your BMI is {}, which is in the obese range; ask your doctor to help you plan healthier eating and more activity to lose weight.",
        ),
    ),
];
const W_WEIGHT: Msg = Msg::new("体重降到 {} 公斤（BMI 低于 24）", "Weight down to {} kg (BMI below 24)");

fn summary(table: &[(&str, Msg)], cat: &str, value: &str) -> crate::i18n::Text {
    table.iter().find(|(c, _)| *c == cat).map(|(_, m)| m.fill(&[value])).unwrap_or_default()
}

pub fn assess_bmi(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let locale = s.locale;
    let mut inputs = Inputs::default();
    let age = age(s, &BMI_INFO, &mut inputs)?;
    let height = inputs.need("profile.heightCm", p.height_cm);
    let weight = inputs.need("profile.weightKg", p.weight_kg);
    let (Some(_), Some(height), Some(weight), Some(bmi)) = (age, height, weight, p.bmi()) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let cat = bmi_category(bmi);
    let h2 = (height / 100.0) * (height / 100.0);
    // The heaviest weight (to 0.1 kg) whose rounded BMI is still normal.
    let top_normal = ((BMI_OVERWEIGHT_FROM - 0.1) * h2 * 10.0).floor() / 10.0;
    let bottom_normal = (BMI_NORMAL_FROM * h2 * 10.0).ceil() / 10.0;
    let mut what_ifs = Vec::new();
    if bmi >= BMI_OVERWEIGHT_FROM {
        let new_bmi = crate::risk::round_half_away(top_normal / h2, 1);
        let label = crate::i18n::fill(W_WEIGHT.get(locale), &[&num(top_normal, 1)]);
        what_ifs.push(what_if("weightKg", label, new_bmi, bmi_category(new_bmi)));
    }
    let factors = vec![
        factor(s, "weightKg", &F_WEIGHT, Some(jnum(weight)), None, true),
        factor(s, "heightCm", &F_HEIGHT, Some(jnum(height)), None, false),
    ];
    let details = json!({ "healthyWeightKg": { "min": bottom_normal, "max": top_normal } });
    Ok(scored(&BMI_INFO, s, &inputs, Parts {
            value: bmi,
            category: cat,
            summary: summary(&BMI_SUMMARY, cat, &format!("{bmi:.1}")),
            factors,
            what_if: what_ifs,
            combined: None,
            details: Some(details),
            warnings: Vec::new(),
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Adult waist

/// The WS/T 428 waist category.
pub fn waist_category(male: bool, waist: f64) -> &'static str {
    let (pre, central) = if male { (WAIST_PRE_MEN, WAIST_CENTRAL_MEN) } else { (WAIST_PRE_WOMEN, WAIST_CENTRAL_WOMEN) };
    if waist >= central {
        "central-obesity"
    } else if waist >= pre {
        "pre-central-obesity"
    } else {
        "normal"
    }
}

const WAIST_SUMMARY: [(&str, Msg); 3] = [
    ("normal", Msg::new("您的腰围为 {} 厘米，属于正常，请继续保持。", "Your waist is {} cm, which is normal; keep it up.")),
    (
        "pre-central-obesity",
        Msg::new(
            "您的腰围为 {} 厘米，肚子上的脂肪开始偏多（中心型肥胖前期），建议少吃多动，别让腰围再增加。",
            "Your waist is {} cm, so fat is starting to build up around your belly (pre-central obesity); eating a little less and moving more will stop it growing.",
        ),
    ),
    (
        "central-obesity",
        Msg::new(
            "您的腰围为 {} 厘米，属于中心型肥胖，肚子上的脂肪会增加心脑血管病和糖尿病的风险，建议控制饮食、多运动。",
            "Your waist is {} cm, which is central obesity: belly fat raises the risk of heart disease, stroke and diabetes, so eating less and moving more will help.",
        ),
    ),
];
const W_WAIST: Msg = Msg::new("腰围减到 {} 厘米以下", "Waist below {} cm");

pub fn assess_waist(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let locale = s.locale;
    let mut inputs = Inputs::default();
    let age = age(s, &WAIST_INFO, &mut inputs)?;
    let waist = inputs.need("profile.waistCm", p.waist_cm);
    let (Some(_), Some(waist)) = (age, waist) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let male = p.sex == Sex::Male;
    let cat = waist_category(male, waist);
    let pre = if male { WAIST_PRE_MEN } else { WAIST_PRE_WOMEN };
    let mut what_ifs = Vec::new();
    if waist >= pre {
        // The top of the normal band, written "< 85" (84.9 in the "a–b.9" notation).
        let target = pre - 0.1;
        let label = crate::i18n::fill(W_WAIST.get(locale), &[&num(pre, 0)]);
        what_ifs.push(what_if("waistCm", label, target, waist_category(male, target)));
    }
    let factors = vec![factor(s, "waistCm", &F_WAIST, Some(jnum(waist)), None, true)];
    Ok(scored(&WAIST_INFO, s, &inputs, Parts {
            value: waist,
            category: cat,
            summary: summary(&WAIST_SUMMARY, cat, &num(waist, 1)),
            factors,
            what_if: what_ifs,
            combined: None,
            details: None,
            warnings: Vec::new(),
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Children and adolescents

/// The half-year step of an age in years (floor), e.g. 6.49 → 6.0, 6.5 → 6.5.
pub fn half_year_step(age_years: f64) -> f64 {
    (age_years * 2.0).floor() / 2.0
}

/// The WS/T 586 row for a half-year step (`None` outside 6–18.x; 18.x uses the 18.0 row).
pub fn child_row(step: f64, male: bool) -> Option<(f64, f64, f64)> {
    if !(CHILD_AGES.0..CHILD_AGES.1 + 1.0).contains(&step) {
        return None;
    }
    let idx = (((step - CHILD_AGES.0) * 2.0) as usize).min(CHILD_BMI.len() - 1);
    CHILD_BMI.get(idx).map(|r| if male { (r.0, r.1, r.2) } else { (r.0, r.3, r.4) })
}

/// The WS/T 586 category of a (rounded) BMI.
pub fn child_category(bmi: f64, overweight_from: f64, obese_from: f64) -> &'static str {
    if bmi >= obese_from {
        "obese"
    } else if bmi >= overweight_from {
        "overweight"
    } else {
        "normal"
    }
}

/// The child's age for the table: completed months from `birthDate` to `asOf` when the age came
/// from them, else the given years.
fn child_age(s: &Subject) -> Option<f64> {
    if s.profile.age.is_none() {
        if let (Some(birth), Some(on)) = (s.birth, s.on) {
            return months_between(birth, on).map(|m| f64::from(m) / 12.0);
        }
    }
    s.age_exact.or(s.age)
}

const CHILD_SUMMARY: [(&str, Msg); 3] = [
    (
        "normal",
        Msg::new(
            "孩子的体重指数（BMI）为 {}，按同龄同性别标准没有超重，请继续保持均衡饮食和每天运动。",
            "Your child's BMI is {}, which is not overweight for their age and sex; keep up balanced meals and daily activity.",
        ),
    ),
    (
        "overweight",
        Msg::new(
            "孩子的体重指数（BMI）为 {}，按同龄同性别标准属于超重，建议少喝含糖饮料、少吃零食，每天至少运动1小时。",
            "Your child's BMI is {}, which is overweight for their age and sex; fewer sugary drinks and snacks and at least an hour of activity a day will help.",
        ),
    ),
    (
        "obese",
        Msg::new(
            "孩子的体重指数（BMI）为 {}，按同龄同性别标准属于肥胖，建议带孩子咨询医生，在指导下调整饮食和运动。",
            "Your child's BMI is {}, which is in the obese range for their age and sex; please talk to a doctor about a plan for eating and activity.",
        ),
    ),
];
const W_CHILD: Msg = Msg::new("BMI 降到 {} 以下（控制体重增长）", "BMI below {} (by slowing weight gain)");

pub fn assess_child_bmi(s: &Subject) -> Result<Outcome> {
    let p = s.profile;
    let locale = s.locale;
    let mut inputs = Inputs::default();
    let age = match child_age(s) {
        None => {
            inputs.missing.push("profile.age".into());
            None
        }
        Some(a) => {
            crate::error::check_range(age_field(s), a, 0.0, 130.0, "years")?;
            // Completed years 6–18: 18 years and some months still uses the 18.0 row.
            if a < CHILD_AGES.0 || a.floor() > CHILD_AGES.1 {
                return Err(out_of_range(age_field(s), a.floor(), CHILD_AGES.0, CHILD_AGES.1, "years"));
            }
            Some(a)
        }
    };
    let height = inputs.need("profile.heightCm", p.height_cm);
    let weight = inputs.need("profile.weightKg", p.weight_kg);
    let (Some(age), Some(height), Some(weight), Some(bmi)) = (age, height, weight, p.bmi()) else {
        return Ok(Outcome::Missing(inputs.missing));
    };
    let male = p.sex == Sex::Male;
    let step = half_year_step(age);
    let Some((row_age, overweight_from, obese_from)) = child_row(step, male) else {
        return Err(out_of_range(age_field(s), age, CHILD_AGES.0, CHILD_AGES.1, "years"));
    };
    let cat = child_category(bmi, overweight_from, obese_from);
    let mut what_ifs = Vec::new();
    if bmi >= overweight_from {
        let target = crate::risk::round_half_away(overweight_from - 0.1, 1);
        let label = crate::i18n::fill(W_CHILD.get(locale), &[&num(overweight_from, 1)]);
        what_ifs.push(what_if("bmi", label, target, child_category(target, overweight_from, obese_from)));
    }
    let factors = vec![
        factor(s, "bmi", &F_BMI, Some(jnum(bmi)), None, true),
        factor(s, "age", &F_AGE, Some(jnum(row_age)), None, false),
        factor(s, "weightKg", &F_WEIGHT, Some(jnum(weight)), None, true),
        factor(s, "heightCm", &F_HEIGHT, Some(jnum(height)), None, false),
    ];
    let details = json!({ "ageStep": row_age, "overweightFrom": overweight_from, "obeseFrom": obese_from });
    Ok(scored(&CHILD_BMI_INFO, s, &inputs, Parts {
            value: bmi,
            category: cat,
            summary: summary(&CHILD_SUMMARY, cat, &format!("{bmi:.1}")),
            factors,
            what_if: what_ifs,
            combined: None,
            details: Some(details),
            warnings: Vec::new(),
        },
    ))
}
