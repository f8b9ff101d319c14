//! Follow-up visits of hypertension and type 2 diabetes patients and their four-way NBPHS
//! classification (docs/care-rules.md §2).

use serde::Serialize;
use serde_json::Value;

pub use super::condition::Condition;
use super::rules::{load_rules, CareRules, Classification};
use crate::calendar::{add_days, add_months, format_date, parse_date, Date};
use crate::cards::{Card, CardSource, Indicator};
use crate::error::{check_range, Error, ErrorCode, Result};
use crate::i18n::{num, Locale, Msg, Text};
use crate::read::Read;

/// How a glucose value was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum GlucoseContext {
    Fasting,
    Random,
}

/// One follow-up visit.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    pub condition: Condition,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbp: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dbp: Option<f64>,
    /// mmol/L; fasting unless `glucoseContext` says `random`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glucose: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glucose_context: Option<GlucoseContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heart_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adverse_reaction: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncontrollable_adverse_reaction: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_or_worse_complication: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub danger_symptoms: Option<bool>,
}

/// The outcome class of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Controlled,
    UncontrolledFirst,
    UncontrolledRepeat,
    Urgent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum Referral {
    None,
    Planned,
    Urgent,
}

/// The classification of a visit (docs/api.md `FollowUp`).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub status: Status,
    pub referral: Referral,
    pub next_visit: String,
    pub reasons: Vec<String>,
    pub cards: Vec<Card>,
    /// The visit's condition and date (added for plans, which hold one per condition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_date: Option<String>,
}

/// Options of [`classify_follow_up`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpOptions {
    /// The previous visit of the same condition.
    pub previous: Option<Visit>,
    pub locale: Option<String>,
    /// A rule set (replaces or extends the default, see [`super::rules`]); its `classification`
    /// thresholds are used.
    pub rules: Option<Value>,
}

mod m {
    use crate::i18n::Msg;
    pub const SBP_URGENT: Msg = Msg::new("收缩压 {} mmHg ≥ {}", "SBP {} mmHg ≥ {}");
    pub const DBP_URGENT: Msg = Msg::new("舒张压 {} mmHg ≥ {}", "DBP {} mmHg ≥ {}");
    pub const GLU_HIGH: Msg = Msg::new("血糖 {} mmol/L ≥ {}", "Glucose {} mmol/L ≥ {}");
    pub const GLU_LOW: Msg = Msg::new("血糖 {} mmol/L ≤ {}", "Glucose {} mmol/L ≤ {}");
    pub const HR: Msg = Msg::new("心率 {} 次/分 > {}", "Heart rate {}/min > {}");
    pub const TEMP: Msg = Msg::new("体温 {} °C > {}", "Temperature {} °C > {}");
    pub const DANGER: Msg = Msg::new("有危急症状", "Danger symptoms reported");
    pub const BP_UNCONTROLLED: Msg = Msg::new(
        "血压 {}/{} mmHg 未达标（目标 < {}/{}）",
        "BP {}/{} mmHg above target (< {}/{})",
    );
    pub const BP_CONTROLLED: Msg = Msg::new("血压 {}/{} mmHg 达标（< {}/{}）", "BP {}/{} mmHg on target (< {}/{})");
    pub const GLU_UNCONTROLLED: Msg = Msg::new(
        "空腹血糖 {} mmol/L 未达标（目标 < {}）",
        "Fasting glucose {} mmol/L above target (< {})",
    );
    pub const GLU_CONTROLLED: Msg = Msg::new("空腹血糖 {} mmol/L 达标（< {}）", "Fasting glucose {} mmol/L on target (< {})");
    pub const PREVIOUS_UNCONTROLLED: Msg = Msg::new("上次随访（{}）也未达标", "Also above target at the previous visit ({})");
    pub const ADVERSE: Msg = Msg::new("出现药物不良反应", "Adverse drug reaction");
    pub const ADVERSE_UNCONTROLLABLE: Msg = Msg::new("药物不良反应难以控制", "Adverse drug reaction that cannot be controlled");
    pub const COMPLICATION: Msg = Msg::new("出现新的并发症或原有并发症加重", "New or worse complications");

    pub const CARD_URGENT: Msg = Msg::new(
        "需要紧急转诊：请立即到上级医院就诊，{} 前复诊。",
        "Urgent referral: go to hospital now and follow up by {}.",
    );
    pub const CARD_URGENT_DETAIL: Msg = Msg::new(
        "{}。处理后紧急转诊，2 周内主动随访转诊情况。",
        "{}. Treat, refer urgently, and check on the referral within 2 weeks.",
    );
    pub const CARD_REPEAT: Msg = Msg::new(
        "连续两次未达标或出现并发症：建议转诊，{} 前复诊。",
        "Not controlled twice or complications: referral advised; follow up by {}.",
    );
    pub const CARD_REPEAT_DETAIL: Msg = Msg::new(
        "{}。建议转诊到上级医院，2 周内主动随访转诊情况。",
        "{}. Refer to a hospital and check on the referral within 2 weeks.",
    );
    pub const CARD_FIRST: Msg = Msg::new(
        "未达标：调整用药和生活方式，{} 前复诊。",
        "Not controlled: adjust treatment and lifestyle; follow up by {}.",
    );
    pub const CARD_FIRST_DETAIL: Msg = Msg::new(
        "{}。调整药物种类或剂量，2 周内随访。",
        "{}. Adjust the drugs or doses and follow up within 2 weeks.",
    );
    pub const CARD_CONTROLLED: Msg = Msg::new("控制满意：继续治疗，下次随访 {}。", "Controlled: keep going; next follow-up {}.");
    pub const CARD_CONTROLLED_DETAIL: Msg = Msg::new("{}。维持原方案，预约下次随访。", "{}. Keep the current treatment and book the next visit.");
    pub const RANDOM_GLUCOSE: Msg = Msg::new(
        "{} 为随机血糖：判断糖尿病控制情况需要空腹血糖。",
        "{} is a random glucose: judging diabetes control needs a fasting value.",
    );
    pub const PREVIOUS_AFTER: Msg = Msg::new("{} 应早于本次随访日期 {}。", "{} must be before the visit date {}.");
    pub const PREVIOUS_CONDITION: Msg = Msg::new("{} 应与本次随访的病种相同。", "{} must be for the same condition as the visit.");
}

/// Classifies a follow-up visit (docs/care-rules.md §2): `urgent`, `uncontrolled-repeat`,
/// `uncontrolled-first` or `controlled`, with the referral and the next visit date.
pub fn classify_follow_up(visit: &Visit, options: &FollowUpOptions) -> Result<FollowUp> {
    let locale = Locale::parse(options.locale.as_deref(), "options.locale")?;
    let rules = load_rules(options.rules.as_ref(), "options.rules")?;
    classify_with(visit, options.previous.as_ref(), &rules, locale, "visit", "options.previous")
}

/// A validated visit.
struct Checked {
    date: Date,
}

fn check_visit(v: &Visit, path: &str) -> Result<Checked> {
    let date = parse_date(&format!("{path}.date"), &v.date)?;
    let fields: [(&str, Option<f64>, f64, f64, &str); 6] = [
        ("age", v.age, 0.0, 130.0, "years"),
        ("sbp", v.sbp, 40.0, 300.0, "mmHg"),
        ("dbp", v.dbp, 20.0, 200.0, "mmHg"),
        ("glucose", v.glucose, 0.5, 60.0, "mmol/L"),
        ("heartRate", v.heart_rate, 20.0, 300.0, "/min"),
        ("temperature", v.temperature, 30.0, 45.0, "°C"),
    ];
    for (name, value, lo, hi, unit) in fields {
        if let Some(x) = value {
            check_range(&format!("{path}.{name}"), x, lo, hi, unit)?;
        }
    }
    let mut missing = Vec::new();
    match v.condition {
        Condition::Hypertension => {
            if v.sbp.is_none() {
                missing.push(format!("{path}.sbp"));
            }
            if v.dbp.is_none() {
                missing.push(format!("{path}.dbp"));
            }
        }
        Condition::Diabetes => {
            if v.glucose.is_none() {
                missing.push(format!("{path}.glucose"));
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::missing(&missing));
    }
    Ok(Checked { date })
}

/// Whether the visit's values are outside the control targets; the reasons say why (or why
/// they are on target). `Err` when control cannot be judged (random glucose only).
fn control(v: &Visit, c: &Classification, path: &str, locale: Locale) -> Result<(bool, Vec<String>)> {
    let mut reasons = Vec::new();
    match v.condition {
        Condition::Hypertension => {
            let h = &c.control.hypertension;
            let elderly = v.age.is_some_and(|a| a >= h.elderly_age);
            let (ts, td) = if elderly { (h.elderly_sbp, h.elderly_dbp) } else { (h.sbp, h.dbp) };
            let (s, d) = (v.sbp.unwrap_or(f64::NAN), v.dbp.unwrap_or(f64::NAN));
            let ok = s < ts && d < td;
            let msg = if ok { m::BP_CONTROLLED } else { m::BP_UNCONTROLLED };
            reasons.push(fill(&msg, &[&num(s, 0), &num(d, 0), &num(ts, 0), &num(td, 0)], locale));
            Ok((!ok, reasons))
        }
        Condition::Diabetes => {
            if v.glucose_context == Some(GlucoseContext::Random) {
                let field = format!("{path}.glucoseContext");
                return Err(Error::new(ErrorCode::InvalidInput, Some(&field), m::RANDOM_GLUCOSE.fill(&[&format!("{path}.glucose")])));
            }
            let g = v.glucose.unwrap_or(f64::NAN);
            let t = c.control.diabetes.fasting_glucose;
            let ok = g < t;
            let msg = if ok { m::GLU_CONTROLLED } else { m::GLU_UNCONTROLLED };
            reasons.push(fill(&msg, &[&num(g, 1), &num(t, 1)], locale));
            Ok((!ok, reasons))
        }
    }
}

fn fill(msg: &Msg, args: &[&str], locale: Locale) -> String {
    crate::i18n::fill(msg.get(locale), args)
}

/// The urgent criteria met by a visit (empty when none).
fn urgent_reasons(v: &Visit, c: &Classification, locale: Locale) -> Vec<String> {
    let u = &c.urgent;
    let mut out = Vec::new();
    if let Some(s) = v.sbp.filter(|s| *s >= u.sbp) {
        out.push(fill(&m::SBP_URGENT, &[&num(s, 0), &num(u.sbp, 0)], locale));
    }
    if let Some(d) = v.dbp.filter(|d| *d >= u.dbp) {
        out.push(fill(&m::DBP_URGENT, &[&num(d, 0), &num(u.dbp, 0)], locale));
    }
    if v.condition == Condition::Diabetes {
        if let Some(g) = v.glucose {
            if g >= u.glucose_high {
                out.push(fill(&m::GLU_HIGH, &[&num(g, 1), &num(u.glucose_high, 1)], locale));
            }
            if g <= u.glucose_low {
                out.push(fill(&m::GLU_LOW, &[&num(g, 1), &num(u.glucose_low, 1)], locale));
            }
        }
        if let Some(hr) = v.heart_rate.filter(|h| *h > u.heart_rate) {
            out.push(fill(&m::HR, &[&num(hr, 0), &num(u.heart_rate, 0)], locale));
        }
        if let Some(t) = v.temperature.filter(|t| *t > u.temperature) {
            out.push(fill(&m::TEMP, &[&num(t, 1), &num(u.temperature, 1)], locale));
        }
    }
    if v.danger_symptoms == Some(true) {
        out.push(m::DANGER.get(locale).to_string());
    }
    out
}

/// Classification with a compiled rule set. `path` / `prev_path` name the visits in errors.
pub(crate) fn classify_with(
    visit: &Visit,
    previous: Option<&Visit>,
    rules: &CareRules,
    locale: Locale,
    path: &str,
    prev_path: &str,
) -> Result<FollowUp> {
    let c = &rules.classification;
    let checked = check_visit(visit, path)?;
    let prev_uncontrolled = match previous {
        Some(p) => {
            let pc = check_visit(p, prev_path)?;
            if p.condition != visit.condition {
                let f = format!("{prev_path}.condition");
                return Err(Error::new(ErrorCode::InvalidInput, Some(&f), m::PREVIOUS_CONDITION.fill(&[&f])));
            }
            if pc.date >= checked.date {
                let f = format!("{prev_path}.date");
                return Err(Error::new(ErrorCode::InvalidDate, Some(&f), m::PREVIOUS_AFTER.fill(&[&f, &visit.date])));
            }
            let urgent = !urgent_reasons(p, c, locale).is_empty();
            // A previous visit whose control cannot be judged does not count as uncontrolled.
            let unc = control(p, c, prev_path, locale).map(|(u, _)| u).unwrap_or(false);
            Some((urgent || unc, p.date.clone()))
        }
        None => None,
    };

    let urgent = urgent_reasons(visit, c, locale);
    let adverse = visit.adverse_reaction == Some(true);
    let adverse_hard = visit.uncontrollable_adverse_reaction == Some(true);
    let complication = visit.new_or_worse_complication == Some(true);

    let (status, mut reasons) = if !urgent.is_empty() {
        (Status::Urgent, urgent)
    } else {
        let (uncontrolled, mut reasons) = control(visit, c, path, locale)?;
        let repeat = uncontrolled && prev_uncontrolled.as_ref().is_some_and(|(u, _)| *u);
        if repeat {
            if let Some((_, d)) = &prev_uncontrolled {
                reasons.push(fill(&m::PREVIOUS_UNCONTROLLED, &[d], locale));
            }
        }
        if adverse_hard {
            reasons.push(m::ADVERSE_UNCONTROLLABLE.get(locale).to_string());
        } else if adverse {
            reasons.push(m::ADVERSE.get(locale).to_string());
        }
        if complication {
            reasons.push(m::COMPLICATION.get(locale).to_string());
        }
        let status = if repeat || adverse_hard || complication {
            Status::UncontrolledRepeat
        } else if uncontrolled || adverse {
            Status::UncontrolledFirst
        } else {
            Status::Controlled
        };
        (status, reasons)
    };
    reasons.dedup();

    let next = match status {
        Status::Controlled => add_months(checked.date, c.next_visit.controlled_months as i32),
        _ => add_days(checked.date, c.next_visit.uncontrolled_days as i64),
    }
    .ok_or_else(|| Error::invalid_date(&format!("{path}.date"), &visit.date))?;
    let next_visit = format_date(next);
    let referral = match status {
        Status::Urgent => Referral::Urgent,
        Status::UncontrolledRepeat => Referral::Planned,
        _ => Referral::None,
    };

    let joined = reasons.join(if locale == Locale::ZhCn { "；" } else { "; " });
    let (indicator, summary, detail) = match status {
        Status::Urgent => (Indicator::Critical, m::CARD_URGENT, m::CARD_URGENT_DETAIL),
        Status::UncontrolledRepeat => (Indicator::Warning, m::CARD_REPEAT, m::CARD_REPEAT_DETAIL),
        Status::UncontrolledFirst => (Indicator::Warning, m::CARD_FIRST, m::CARD_FIRST_DETAIL),
        Status::Controlled => (Indicator::Info, m::CARD_CONTROLLED, m::CARD_CONTROLLED_DETAIL),
    };
    let card = Card {
        code: format!("follow-up-{}-{}", visit.condition.as_str(), status_code(status)),
        indicator,
        summary: super::clip_summary(&fill(&summary, &[&next_visit], locale)),
        detail: fill(&detail, &[&joined], locale),
        source: CardSource { label: rules.source_label(&c.source, locale), clause: Some(c.clause.text().get(locale).to_string()) },
        readings: None,
    };
    Ok(FollowUp {
        status,
        referral,
        next_visit,
        reasons,
        cards: vec![card],
        condition: Some(visit.condition),
        visit_date: Some(format_date(checked.date)),
    })
}

pub(crate) fn status_code(s: Status) -> &'static str {
    match s {
        Status::Controlled => "controlled",
        Status::UncontrolledFirst => "uncontrolled-first",
        Status::UncontrolledRepeat => "uncontrolled-repeat",
        Status::Urgent => "urgent",
    }
}

/// The localized name of a status (for plan texts).
pub(crate) fn status_text(s: Status) -> Text {
    match s {
        Status::Controlled => Text::new("控制满意", "controlled"),
        Status::UncontrolledFirst => Text::new("控制不满意", "not controlled"),
        Status::UncontrolledRepeat => Text::new("连续控制不满意", "not controlled again"),
        Status::Urgent => Text::new("危急", "urgent"),
    }
}
