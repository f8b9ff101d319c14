//! Personalised care plans ("一人一策"): segments, national schedules, follow-up classification,
//! goals and advice, service packages, and ICS / FHIR exports. Rules are data (docs/care-rules.md).
//!
//! - [`generate_care_plan`] turns a profile (and its risk report, computed when absent) into a
//!   dated plan from `startDate` over `horizonMonths` (default 12): the plan covers
//!   `startDate ..= endDate` with `endDate = startDate + horizonMonths − 1 day`.
//! - Activities with a window (maternal visits, the month-1 check, …) have `due` = the first day
//!   of the window that lies in the plan (a window already open at `startDate` starts there);
//!   single-day activities have no window. Activities are sorted by `due`, then rule order, then
//!   id. Ids are `<rule id>-<YYYY-MM-DD>` of the occurrence's own (unclamped) date, so the same
//!   inputs always give the same ids.
//! - Chronic follow-ups: without visits the first is due on `startDate`, then every
//!   `intervalMonths`; with `options.visits`, the latest visit of the condition is classified
//!   ([`classify_follow_up`]) and the chain starts at its `nextVisit` (14 days after an
//!   uncontrolled or urgent visit, 3 months after a controlled one; never before `startDate`).
//! - Cardiovascular reassessment: the first matching tier of `reassessment`; the next one is due
//!   `intervalMonths` after the report's `asOf` (or `startDate` when the report is computed here
//!   or has no `asOf`), never before `startDate`. It is listed as an activity when it falls in
//!   the plan and always summarised in `plan.reassessment`.
//! - Rules: see [`rules`] for the document and how `options.rules` replaces or extends it.

pub mod cond;
pub mod condition;
pub mod fhir;
pub mod followup;
pub mod ics;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Value};

use crate::calendar::{add_days, add_months, age_in_years, days_between, format_date, months_between, parse_date, Date};
use crate::cards::{Card, CardSource, Indicator};
use crate::error::{check_range, Error, ErrorCode, Result};
use crate::i18n::{msg, num, Locale, Msg};
use crate::order::sort_vec;
use crate::read::Read;
use crate::risk::{assess_subject, Profile, RiskReport, Sex, Subject};

use cond::{fill_template, Ctx, Facts};
pub use followup::{classify_follow_up, Condition, FollowUp, FollowUpOptions, GlucoseContext, Referral, Status, Visit};
pub use rules::{default_care_rules, load_rules, CareRules, PriceDef};
use rules::{Anchor, AnchoredTiming, Cite, Timing};

pub use fhir::{care_plan_to_fhir, FhirOptions};
pub use ics::{care_plan_to_ics, IcsOptions};

/// Card summaries are shorter than this many characters (CDS Hooks).
pub const SUMMARY_MAX: usize = 140;

/// Shortens a summary to under [`SUMMARY_MAX`] characters (with an ellipsis when cut).
pub(crate) fn clip_summary(s: &str) -> String {
    if s.chars().count() < SUMMARY_MAX {
        return s.to_string();
    }
    let mut out: String = s.chars().take(SUMMARY_MAX - 2).collect();
    out.push('…');
    out
}

// ---------------------------------------------------------------------------------------------
// Plan shapes (docs/api.md "Care plans")

/// What an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Read)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityKind {
    FollowUp,
    HealthCheck,
    Screening,
    PrenatalVisit,
    PostpartumVisit,
    ChildCheck,
    Reassessment,
    Lifestyle,
    Education,
}

impl ActivityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::FollowUp => "follow-up",
            ActivityKind::HealthCheck => "health-check",
            ActivityKind::Screening => "screening",
            ActivityKind::PrenatalVisit => "prenatal-visit",
            ActivityKind::PostpartumVisit => "postpartum-visit",
            ActivityKind::ChildCheck => "child-check",
            ActivityKind::Reassessment => "reassessment",
            ActivityKind::Lifestyle => "lifestyle",
            ActivityKind::Education => "education",
        }
    }
}

/// A cited rule: the source's label and the clause.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct PlanSource {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

/// A date window (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Read)]
pub struct Window {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub id: String,
    pub kind: ActivityKind,
    pub title: String,
    pub due: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    pub reason: String,
    pub source: PlanSource,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct PlanSegment {
    pub id: String,
    pub label: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PlanSource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct PlanService {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct PlanPackage {
    pub id: String,
    pub label: String,
    pub services: Vec<PlanService>,
    /// `basic` / `standard` / `premium` for the home-service tiers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Offered to the resident, not part of the plan until chosen.
    #[serde(default)]
    pub optional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<PriceDef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PlanSource>,
}

/// A goal: `target` is `{ text, components: [{ metric, system?, code?, display?, comparator?,
/// value?, low?, high?, unit, ucum? }] }` (LOINC codes where one exists).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub id: String,
    pub measure: String,
    pub label: String,
    pub target: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PlanSource>,
}

/// A risk result carried by the plan (one FHIR RiskAssessment each).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct PlanRisk {
    pub id: String,
    pub name: String,
    pub value: f64,
    pub unit: String,
    pub category: String,
    pub label: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PlanSource>,
}

/// The next cardiovascular reassessment.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Reassessment {
    pub id: String,
    pub interval_months: u32,
    pub due: String,
    pub reason: String,
    pub source: PlanSource,
}

/// A care plan (docs/api.md `CarePlan`, plus `risks`, `reassessment` and `followUps`).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct CarePlan {
    pub start_date: String,
    pub end_date: String,
    pub locale: String,
    pub rules_version: String,
    #[serde(default)]
    pub segments: Vec<PlanSegment>,
    #[serde(default)]
    pub packages: Vec<PlanPackage>,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub cards: Vec<Card>,
    #[serde(default)]
    pub risks: Vec<PlanRisk>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassessment: Option<Reassessment>,
    /// The classification of the latest visit of each condition in `options.visits`.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
}

/// Options of [`generate_care_plan`].
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct PlanOptions {
    pub start_date: String,
    #[serde(default)]
    pub horizon_months: Option<f64>,
    #[serde(default)]
    pub locale: Option<String>,
    /// A rule set replacing or extending the default (see [`rules`]).
    #[serde(default)]
    pub rules: Option<Value>,
    /// A report from `assess_risk`; computed when absent.
    #[serde(default)]
    pub report: Option<RiskReport>,
    #[serde(default)]
    pub visits: Option<Vec<Visit>>,
}

impl PlanOptions {
    /// Options with a start date and everything else default.
    pub fn new(start_date: &str) -> PlanOptions {
        PlanOptions {
            start_date: start_date.to_string(),
            horizon_months: None,
            locale: None,
            rules: None,
            report: None,
            visits: None,
        }
    }
}

mod m {
    use crate::i18n::Msg;
    pub const JOIN: Msg = Msg::new("；", "; ");
    pub const ESTIMATED_DELIVERY: Msg = Msg::new("（按预产期 {} 估算）", " (estimated from the due date {})");
    pub const AFTER_VISIT: Msg = Msg::new(
        "{}：{} 随访结果为{}，{} 前复诊",
        "{}: the visit on {} was {}, next visit by {}",
    );
    pub const BIRTH_DATE_NEEDED: Msg = Msg::new(
        "请补充孩子的出生日期，以便按月龄安排健康检查。",
        "Add the child's birth date to schedule the age-based checks.",
    );
    pub const BIRTH_DATE_NEEDED_DETAIL: Msg = Msg::new(
        "0–6 岁儿童健康检查按出生日期的月龄计算。",
        "Child checks from 0 to 6 are timed from the birth date.",
    );
    pub const LMP_AFTER_START: Msg = Msg::new(
        "末次月经日期 {} 晚于计划开始日期 {}。",
        "The last menstrual period {} is after the plan start {}.",
    );
    pub const DUE_DATE_LMP_AFTER_START: Msg = Msg::new(
        "按预产期推算的末次月经 {} 晚于计划开始日期 {}。",
        "The due date gives a last menstrual period {} after the plan start {}.",
    );
    pub const BIRTH_AFTER_START: Msg = Msg::new(
        "出生日期 {} 晚于计划开始日期 {}。",
        "The birth date {} is after the plan start {}.",
    );
}

fn t(msg: &Msg, locale: Locale) -> &'static str {
    msg.get(locale)
}

// ---------------------------------------------------------------------------------------------
// Generation

/// Dates of a pregnancy, derived at the plan's start.
#[derive(Debug, Clone, Default)]
struct PregnancyDates {
    lmp: Option<Date>,
    due: Option<Date>,
    delivery: Option<Date>,
    delivery_estimated: bool,
    discharge: Option<Date>,
}

/// Generates a care plan (see the module documentation for the date rules), in named phases:
/// read the setting, classify the visits, gather the facts, match the segments, schedule the
/// activities and the reassessment, then goals, cards, packages and risks.
pub fn generate_care_plan(profile: &Profile, options: &PlanOptions) -> Result<CarePlan> {
    let set = read_setting(profile, options)?;
    let visits = classify_visits(profile, options, &set)?;
    let ev = gather_facts(profile, &set, &visits);
    let (segments, segs) = match_segments(&set, &ev);
    let ctx = Ctx { facts: &ev.facts, segments: &segs, named: &set.rules.named };
    let (mut acts, missing_birth) = schedule_activities(&set, &ev, &ctx, &visits);
    let reassessment = schedule_reassessment(&set, &ev, &ctx, &mut acts);
    let activities = in_date_order(acts);
    let goals = plan_goals(&set, &ev, &ctx);
    let cards = plan_cards(&set, &ev, &ctx, &visits, missing_birth && segs.contains("child"));
    let packages = plan_packages(&set, &segments);
    Ok(CarePlan {
        start_date: format_date(set.start),
        end_date: format_date(set.end),
        locale: set.locale.tag().to_string(),
        rules_version: set.rules.version.clone(),
        segments,
        packages,
        goals,
        activities,
        cards,
        risks: plan_risks(&set.report),
        reassessment,
        follow_ups: visits.follow_ups.into_values().collect(),
    })
}

/// What a plan is generated from, read and validated once: the options, the rules, the risk
/// report and the resident's dates.
struct Setting {
    locale: Locale,
    start: Date,
    /// The last day of the plan.
    end: Date,
    /// The default rules are parsed once: borrowed instead of cloned for every plan.
    rules: std::borrow::Cow<'static, CareRules>,
    /// Given, or computed on the start date.
    report: RiskReport,
    /// The date of a report passed in (a computed one is as of the start date).
    report_as_of: Option<Date>,
    birth: Option<Date>,
    /// Age at the start date: from the birth date when given.
    age: Option<f64>,
    pregnancy: PregnancyDates,
}

/// Reads the options, the rules and the resident's dates, and the risk report (given, or
/// computed on the start date).
fn read_setting(profile: &Profile, options: &PlanOptions) -> Result<Setting> {
    let locale = Locale::parse(options.locale.as_deref(), "options.locale")?;
    let start = parse_date("options.startDate", &options.start_date)?;
    let horizon = match options.horizon_months {
        None => 12,
        Some(h) => {
            check_range("options.horizonMonths", h, 1.0, 120.0, "")?;
            if h.fract() != 0.0 {
                return Err(Error::invalid("options.horizonMonths", &num(h, 3), &msg::EXPECTED_INTEGER));
            }
            h as i32
        }
    };
    let end = add_months(start, horizon)
        .and_then(|d| add_days(d, -1))
        .ok_or_else(|| Error::invalid_date("options.startDate", &options.start_date))?;
    let rules: std::borrow::Cow<'static, CareRules> = match options.rules.as_ref().filter(|v| !v.is_null()) {
        None => std::borrow::Cow::Borrowed(rules::default_rules()?),
        Some(_) => std::borrow::Cow::Owned(load_rules(options.rules.as_ref(), "options.rules")?),
    };
    let birth = profile.validate()?;
    let report = match &options.report {
        Some(r) => r.clone(),
        None => assess_subject(&Subject::of_valid(profile, birth, locale, Some(start))?, None)?,
    };
    let report_as_of = match (&options.report, &report.as_of) {
        (Some(_), Some(s)) => Some(parse_date("options.report.asOf", s)?),
        _ => None,
    };
    if let (Some(d), Some(b)) = (birth, &profile.birth_date) {
        if d > start {
            return Err(Error::new(
                ErrorCode::InvalidDate,
                Some("profile.birthDate"),
                m::BIRTH_AFTER_START.fill(&[b, &format_date(start)]),
            ));
        }
    }
    let age = match birth {
        Some(b) => age_in_years(b, start).map(f64::from),
        None => profile.age,
    };
    let pregnancy = pregnancy_dates(profile, start)?;
    Ok(Setting { locale, start, end, rules, report, report_as_of, birth, age, pregnancy })
}

/// The visits by condition (dated, in date order) and the classification of the latest one.
struct Visits {
    by_condition: BTreeMap<Condition, Vec<(usize, Visit, Date)>>,
    follow_ups: BTreeMap<Condition, FollowUp>,
}

/// Classifies each visit (validating all) against the one before it; keeps the latest per
/// condition.
fn classify_visits(profile: &Profile, options: &PlanOptions, set: &Setting) -> Result<Visits> {
    let visits = options.visits.clone().unwrap_or_default();
    let mut by_condition: BTreeMap<Condition, Vec<(usize, Visit, Date)>> = BTreeMap::new();
    for (i, v) in visits.iter().enumerate() {
        let d = parse_date(&format!("options.visits[{i}].date"), &v.date)?;
        let mut v = v.clone();
        if v.age.is_none() {
            v.age = match set.birth {
                Some(b) => age_in_years(b, d).map(f64::from),
                None => profile.age,
            };
        }
        by_condition.entry(v.condition).or_default().push((i, v, d));
    }
    let mut follow_ups: BTreeMap<Condition, FollowUp> = BTreeMap::new();
    for (cond, list) in by_condition.iter_mut() {
        sort_vec(list, &|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
        let mut prev: Option<(usize, &Visit)> = None;
        let mut last = None;
        for (i, v, _) in list.iter() {
            let path = format!("options.visits[{i}]");
            let prev_path = prev.map(|(j, _)| format!("options.visits[{j}]")).unwrap_or_default();
            let f = followup::classify_with(v, prev.map(|(_, p)| p), &set.rules, set.locale, &path, &prev_path)?;
            last = Some(f);
            prev = Some((*i, v));
        }
        if let Some(f) = last {
            follow_ups.insert(*cond, f);
        }
    }
    Ok(Visits { by_condition, follow_ups })
}

/// The facts the rules' conditions read, and the risk labels their texts name.
struct Evidence {
    facts: Facts,
    risk_labels: BTreeMap<String, String>,
}

impl Evidence {
    /// A rule text in the plan's locale with its placeholders filled.
    fn fill(&self, text: &crate::i18n::Text, locale: Locale) -> String {
        fill_template(text.get(locale), &self.facts, &self.risk_labels)
    }
}

fn gather_facts(profile: &Profile, set: &Setting, visits: &Visits) -> Evidence {
    let mut facts = Facts::default();
    let mut risk_labels = BTreeMap::new();
    for r in &set.report.results {
        facts.risks.insert(r.id.clone(), (r.category.clone(), r.value));
        risk_labels.insert(r.id.clone(), r.label.clone());
    }
    fill_facts(&mut facts, profile, set.age, set.birth, set.start, &set.pregnancy, &set.report, &visits.by_condition);
    Evidence { facts, risk_labels }
}

/// The population segments whose criteria hold (in rule order, each with its reasons), or the
/// fallback ones when none does; and their ids.
fn match_segments(set: &Setting, ev: &Evidence) -> (Vec<PlanSegment>, BTreeSet<String>) {
    let (rules, locale) = (&set.rules, set.locale);
    let mut segs: BTreeSet<String> = BTreeSet::new();
    let mut plan_segments: Vec<(usize, PlanSegment)> = Vec::new();
    let join = t(&m::JOIN, locale);
    for (i, s) in rules.segments.iter().enumerate() {
        if s.fallback {
            continue;
        }
        let ctx = Ctx { facts: &ev.facts, segments: &segs, named: &rules.named };
        if s.unless.as_ref().is_some_and(|u| u.eval(&ctx)) {
            continue;
        }
        let reasons: Vec<String> = s.criteria.iter().filter(|c| c.when.eval(&ctx)).map(|c| ev.fill(&c.reason, locale)).collect();
        if reasons.is_empty() {
            continue;
        }
        segs.insert(s.id.clone());
        plan_segments.push((i, plan_segment(rules, s, reasons.join(join), locale)));
    }
    if plan_segments.is_empty() {
        for (i, s) in rules.segments.iter().enumerate().filter(|(_, s)| s.fallback) {
            let reason = s.reason.as_ref().map(|r| ev.fill(r, locale)).unwrap_or_default();
            segs.insert(s.id.clone());
            plan_segments.push((i, plan_segment(rules, s, reason, locale)));
        }
    }
    sort_vec(&mut plan_segments, &|a, b| a.0.cmp(&b.0));
    (plan_segments.into_iter().map(|(_, s)| s).collect(), segs)
}

/// An activity with what orders it: its due date and its rule's place in the rules.
type Dated = (Date, usize, Activity);

/// Dates every schedule of the matched segments within the plan; says whether a schedule was
/// left out for want of a birth date.
fn schedule_activities(set: &Setting, ev: &Evidence, ctx: &Ctx, visits: &Visits) -> (Vec<Dated>, bool) {
    let (rules, locale, start, end) = (&set.rules, set.locale, set.start, set.end);
    let mut acts: Vec<Dated> = Vec::new();
    let mut missing_birth = false;
    for (order, s) in rules.schedules.iter().enumerate() {
        if !s.segments.iter().any(|x| ctx.segments.contains(x)) || s.except_segments.iter().any(|x| ctx.segments.contains(x)) {
            continue;
        }
        if s.when.as_ref().is_some_and(|w| !w.eval(ctx)) {
            continue;
        }
        let title = ev.fill(&s.title, locale);
        let reason = ev.fill(&s.reason, locale);
        let source = cite(rules, &s.cite, locale);
        let mut push = |occurrence: Date, due: Date, window: Option<(Date, Date)>, reason: String| {
            acts.push((
                due,
                order,
                Activity {
                    id: format!("{}-{}", s.id, format_date(occurrence)),
                    kind: s.kind,
                    title: title.clone(),
                    due: format_date(due),
                    window: window.map(|(a, b)| Window { start: format_date(a), end: format_date(b) }),
                    reason,
                    source: source.clone(),
                },
            ))
        };
        match &s.timing {
            Timing::Recurring { offset_months, interval_months, count } => {
                for k in 0..count.unwrap_or(u32::MAX).min(1200) {
                    let Some(d) = add_months(start, offset_months + interval_months * k as i32) else { break };
                    if d > end {
                        break;
                    }
                    push(d, d, None, reason.clone());
                }
            }
            Timing::FollowUp { condition, interval_months } => {
                let last = visits.follow_ups.get(condition);
                let first = last
                    .and_then(|f| parse_date("", &f.next_visit).ok())
                    .map(|d| d.max(start))
                    .unwrap_or(start);
                for k in 0..1200 {
                    let Some(d) = add_months(first, interval_months * k) else { break };
                    if d > end {
                        break;
                    }
                    let r = match (k, last) {
                        (0, Some(f)) => fill(
                            &m::AFTER_VISIT,
                            &[
                                &reason,
                                f.visit_date.as_deref().unwrap_or("?"),
                                followup::status_text(f.status).get(locale),
                                &f.next_visit,
                            ],
                            locale,
                        ),
                        _ => reason.clone(),
                    };
                    push(d, d, None, r);
                }
            }
            Timing::Anchored { main, fallback } => {
                let pick = |a: &AnchoredTiming| anchor_date(a.anchor, set.birth, &set.pregnancy).map(|d| (a.clone(), d));
                let Some((timing, anchor)) = pick(main).or_else(|| fallback.as_ref().and_then(pick)) else {
                    if main.anchor == Anchor::Birth || fallback.as_ref().is_some_and(|f| f.anchor == Anchor::Birth) {
                        missing_birth = true;
                    }
                    continue;
                };
                let at = |o: rules::Offset| add_months(anchor, o.months).and_then(|d| add_days(d, o.days));
                let Some(from) = at(timing.from) else { continue };
                let mut r = reason.clone();
                if timing.anchor == Anchor::Delivery && set.pregnancy.delivery_estimated {
                    if let Some(due) = set.pregnancy.due {
                        r.push_str(&fill(&m::ESTIMATED_DELIVERY, &[&format_date(due)], locale));
                    }
                }
                match timing.to.and_then(at) {
                    Some(to) => {
                        if to < start || from > end {
                            continue;
                        }
                        let ws = from.max(start);
                        push(from, ws, Some((ws, to)), r);
                    }
                    None => {
                        if from < start || from > end {
                            continue;
                        }
                        push(from, from, None, r);
                    }
                }
            }
        }
    }

    (acts, missing_birth)
}

/// The cardiovascular reassessment of the first tier that applies: the first assessment on the
/// start date when the report holds none, then one every interval within the plan.
fn schedule_reassessment(set: &Setting, ev: &Evidence, ctx: &Ctx, acts: &mut Vec<Dated>) -> Option<Reassessment> {
    let (rules, locale, start, end) = (&set.rules, set.locale, set.start, set.end);
    let tier = rules.reassessment.iter().find(|r| r.when.eval(ctx))?;
    // Never assessed (the report holds no result of the assessing models, e.g. lipids are
    // missing): the assessment itself is due on the start date, reassessments follow it.
    let first_assessment = rules
        .first_assessment
        .as_ref()
        .filter(|f| !f.unless.as_ref().is_some_and(|u| u.eval(ctx)))
        .filter(|f| !set.report.results.iter().any(|r| f.assessed_by.contains(&r.id)));
    if let Some(f) = first_assessment {
        acts.push((
            start,
            rules.schedules.len(),
            Activity {
                id: format!("{}-{}", f.id, format_date(start)),
                kind: ActivityKind::Reassessment,
                title: ev.fill(&f.title, locale),
                due: format_date(start),
                window: None,
                reason: ev.fill(&f.reason, locale),
                source: cite(rules, &f.cite, locale),
            },
        ));
    }
    let base = if first_assessment.is_some() { start } else { set.report_as_of.unwrap_or(start) };
    let first = add_months(base, tier.interval_months).map(|d| d.max(start))?;
    let title = ev.fill(&tier.title, locale);
    let reason = ev.fill(&tier.reason, locale);
    let source = cite(rules, &tier.cite, locale);
    for k in 0..1200 {
        let Some(d) = add_months(first, tier.interval_months * k) else { break };
        if d > end {
            break;
        }
        acts.push((
            d,
            rules.schedules.len(),
            Activity {
                id: format!("{}-{}", tier.id, format_date(d)),
                kind: ActivityKind::Reassessment,
                title: title.clone(),
                due: format_date(d),
                window: None,
                reason: reason.clone(),
                source: source.clone(),
            },
        ));
    }
    Some(Reassessment {
        id: tier.id.clone(),
        interval_months: tier.interval_months.max(0) as u32,
        due: format_date(if first_assessment.is_some() { start } else { first }),
        reason,
        source,
    })
}

/// Activities by due date, then rule order, then id; one per id.
fn in_date_order(mut acts: Vec<Dated>) -> Vec<Activity> {
    sort_vec(&mut acts, &|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then_with(|| a.2.id.cmp(&b.2.id)));
    acts.dedup_by(|a, b| a.2.id == b.2.id);
    acts.into_iter().map(|(_, _, a)| a).collect()
}

/// The goals whose conditions hold.
fn plan_goals(set: &Setting, ev: &Evidence, ctx: &Ctx) -> Vec<Goal> {
    let (rules, locale) = (&set.rules, set.locale);
    let end = format_date(set.end);
    rules
        .goals
        .iter()
        .filter(|g| g.when.eval(ctx))
        .map(|g| Goal {
            id: g.id.clone(),
            measure: g.measure.clone(),
            label: ev.fill(&g.label, locale),
            target: json!({
                "text": ev.fill(&g.target_text, locale),
                "components": g.components,
            }),
            due: g.due_plan_end.then(|| end.clone()),
            source: Some(cite(rules, &g.cite, locale)),
        })
        .collect()
}

/// Cards: risk alerts, follow-up results, advice, and a request for the birth date when a child's
/// schedule needs it; critical first.
fn plan_cards(set: &Setting, ev: &Evidence, ctx: &Ctx, visits: &Visits, birth_date_needed: bool) -> Vec<Card> {
    let (rules, locale) = (&set.rules, set.locale);
    let mut cards: Vec<Card> = set.report.alerts.clone();
    for f in visits.follow_ups.values() {
        cards.extend(f.cards.iter().cloned());
    }
    for a in rules.advice.iter().filter(|a| a.when.eval(ctx)) {
        let s = cite(rules, &a.cite, locale);
        cards.push(Card {
            code: a.id.clone(),
            indicator: a.indicator,
            summary: clip_summary(&ev.fill(&a.summary, locale)),
            detail: ev.fill(&a.detail, locale),
            source: CardSource { label: s.label, clause: s.clause },
            readings: None,
        });
    }
    if birth_date_needed {
        cards.push(Card {
            code: "plan-birth-date-needed".into(),
            indicator: Indicator::Info,
            summary: t(&m::BIRTH_DATE_NEEDED, locale).to_string(),
            detail: t(&m::BIRTH_DATE_NEEDED_DETAIL, locale).to_string(),
            source: CardSource {
                label: rules.source_label("nbphs-3", locale),
                clause: Some(
                    crate::i18n::Text::new("0～6岁儿童健康管理服务规范", "Child health (0–6) specification").get(locale).to_string(),
                ),
            },
            readings: None,
        });
    }
    sort_vec(&mut cards, &|a, b| b.indicator.cmp(&a.indicator));
    cards
}

/// Packages: the always-included ones, then each segment's, without repeats; offered tiers last.
fn plan_packages(set: &Setting, segments: &[PlanSegment]) -> Vec<PlanPackage> {
    let (rules, locale) = (&set.rules, set.locale);
    let mut package_ids: Vec<&str> = rules.packages.iter().filter(|p| p.always).map(|p| p.id.as_str()).collect();
    for ps in segments {
        if let Some(s) = rules.segments.iter().find(|s| s.id == ps.id) {
            for p in &s.packages {
                if !package_ids.contains(&p.as_str()) {
                    package_ids.push(p);
                }
            }
        }
    }
    let mut packages: Vec<PlanPackage> = package_ids
        .iter()
        .filter_map(|id| rules.packages.iter().find(|p| p.id == *id))
        .map(|p| PlanPackage {
            id: p.id.clone(),
            label: p.label.get(locale).to_string(),
            services: p
                .services
                .iter()
                .map(|s| PlanService { id: s.id.clone(), label: s.label.get(locale).to_string() })
                .collect(),
            tier: p.tier.clone(),
            optional: p.optional,
            term_months: p.term_months.map(|m| m as u32),
            price: p.price.clone(),
            source: Some(cite(rules, &Cite { source: p.source.clone(), clause: p.clause.text() }, locale)),
        })
        .collect();
    sort_vec(&mut packages, &|a, b| a.optional.cmp(&b.optional));
    packages
}

/// The report's results as the plan carries them.
fn plan_risks(report: &RiskReport) -> Vec<PlanRisk> {
    report
        .results
        .iter()
        .map(|r| PlanRisk {
            id: r.id.clone(),
            name: r.name.clone(),
            value: r.value,
            unit: serde_json::to_value(r.unit).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            category: r.category.clone(),
            label: r.label.clone(),
            summary: r.summary.clone(),
            source: Some(PlanSource { label: r.source.citation.clone(), clause: Some(r.source.edition.clone()) }),
        })
        .collect()
}

fn fill(msg: &Msg, args: &[&str], locale: Locale) -> String {
    crate::i18n::fill(msg.get(locale), args)
}

fn cite(rules: &CareRules, c: &Cite, locale: Locale) -> PlanSource {
    PlanSource { label: rules.source_label(&c.source, locale), clause: Some(c.clause.get(locale).to_string()) }
}

fn plan_segment(rules: &CareRules, s: &rules::Segment, reason: String, locale: Locale) -> PlanSegment {
    PlanSegment {
        id: s.id.clone(),
        label: s.label.get(locale).to_string(),
        reason,
        source: Some(cite(rules, &s.cite, locale)),
    }
}

fn anchor_date(a: Anchor, birth: Option<Date>, p: &PregnancyDates) -> Option<Date> {
    match a {
        Anchor::Lmp => p.lmp,
        Anchor::Delivery => p.delivery,
        Anchor::Discharge => p.discharge,
        Anchor::Birth => birth,
    }
}

/// Derives the pregnancy dates: LMP from the due date (− 280 days) when given, else the LMP;
/// the delivery date as given, else the due date (estimated). A male profile has none.
fn pregnancy_dates(profile: &Profile, start: Date) -> Result<PregnancyDates> {
    let Some(p) = &profile.pregnancy else { return Ok(PregnancyDates::default()) };
    if profile.sex == Sex::Male {
        return Ok(PregnancyDates::default());
    }
    let date = |name: &str, v: &Option<String>| -> Result<Option<Date>> {
        match v {
            Some(s) => parse_date(&format!("profile.pregnancy.{name}"), s).map(Some),
            None => Ok(None),
        }
    };
    let lmp_given = date("lastMenstrualPeriod", &p.last_menstrual_period)?;
    let due_given = date("dueDate", &p.due_date)?;
    let delivery = date("deliveryDate", &p.delivery_date)?;
    let discharge = date("dischargeDate", &p.discharge_date)?;
    let (lmp, field, message) = match (due_given, lmp_given) {
        (Some(d), _) => (add_days(d, -280), "profile.pregnancy.dueDate", m::DUE_DATE_LMP_AFTER_START),
        (None, Some(l)) => (Some(l), "profile.pregnancy.lastMenstrualPeriod", m::LMP_AFTER_START),
        (None, None) => (None, "", m::LMP_AFTER_START),
    };
    if let Some(l) = lmp {
        if l > start && delivery.is_none() {
            return Err(Error::new(ErrorCode::InvalidDate, Some(field), message.fill(&[&format_date(l), &format_date(start)])));
        }
    }
    let due = due_given.or_else(|| lmp.and_then(|l| add_days(l, 280)));
    Ok(PregnancyDates {
        lmp,
        due,
        delivery: delivery.or(due),
        delivery_estimated: delivery.is_none() && due.is_some(),
        discharge,
    })
}

/// The bp category of the 2018 Chinese guideline from office BP (either value may be absent).
fn bp_category(sbp: Option<f64>, dbp: Option<f64>) -> Option<&'static str> {
    if sbp.is_none() && dbp.is_none() {
        return None;
    }
    let (s, d) = (sbp.unwrap_or(0.0), dbp.unwrap_or(0.0));
    Some(if s >= 180.0 || d >= 110.0 {
        "grade-3"
    } else if s >= 160.0 || d >= 100.0 {
        "grade-2"
    } else if s >= 140.0 || d >= 90.0 {
        "grade-1"
    } else if s >= 120.0 || d >= 80.0 {
        "high-normal"
    } else {
        "normal"
    })
}

#[allow(clippy::too_many_arguments)]
fn fill_facts(
    f: &mut Facts,
    p: &Profile,
    age: Option<f64>,
    birth: Option<Date>,
    start: Date,
    preg: &PregnancyDates,
    report: &RiskReport,
    visits: &BTreeMap<Condition, Vec<(usize, Visit, Date)>>,
) {
    f.set_num("age", age);
    f.set_num("ageMonths", birth.and_then(|b| months_between(b, start)).map(f64::from));
    f.set_str("sex", Some(if p.sex == Sex::Male { "male" } else { "female" }.to_string()));
    f.set_num("heightCm", p.height_cm);
    f.set_num("weightKg", p.weight_kg);
    f.set_num("waistCm", p.waist_cm);
    f.set_num("bmi", p.bmi());
    f.set_num("sbp", p.sbp);
    f.set_num("dbp", p.dbp);
    let from_report = report
        .results
        .iter()
        .find(|r| r.id == "hypertension")
        .and_then(|r| r.details.as_ref())
        .and_then(|d| d.get("bpCategory"))
        .and_then(Value::as_str)
        .map(str::to_string);
    f.set_str("bpCategory", from_report.or_else(|| bp_category(p.sbp, p.dbp).map(str::to_string)));
    f.set_num("totalCholesterol", p.total_cholesterol);
    f.set_num("hdlCholesterol", p.hdl_cholesterol);
    f.set_num("ldlCholesterol", p.ldl_cholesterol);
    f.set_num("triglycerides", p.triglycerides);
    f.set_num("fastingGlucose", p.fasting_glucose);
    f.set_num("postLoadGlucose", p.post_load_glucose);
    f.set_num("hba1c", p.hba1c);
    f.set_num("egfr", p.egfr);
    f.set_bool("smoker", p.smoker);
    let has_visit = |c: Condition| visits.get(&c).is_some_and(|v| !v.is_empty());
    f.set_bool(
        "hypertension",
        if has_visit(Condition::Hypertension) { Some(true) } else { p.hypertension },
    );
    f.set_bool("diabetes", if has_visit(Condition::Diabetes) { Some(true) } else { p.diabetes });
    f.set_bool("dyslipidemia", p.dyslipidemia);
    f.set_bool("onAntihypertensives", p.on_antihypertensives);
    f.set_bool("onStatin", p.on_statin);
    f.set_bool("employed", p.employed);
    if let Some(a) = &p.activity {
        f.set_num("sessionsPerWeek", a.sessions_per_week);
        f.set_num("minutesPerSession", a.minutes_per_session);
        if let (Some(s), Some(mn)) = (a.sessions_per_week, a.minutes_per_session) {
            f.set_num("activityMinutesPerWeek", Some(s * mn));
        }
    }
    if let Some(fh) = &p.family_history {
        f.set_bool("familyPrematureCvd", fh.premature_cvd);
        f.set_bool("familyDiabetes", fh.diabetes);
    }
    if let Some(h) = &p.history {
        let flags = [h.stroke, h.tia, h.myocardial_infarction, h.coronary_heart_disease, h.peripheral_artery_disease];
        if flags.contains(&Some(true)) {
            f.set_bool("ascvd", Some(true));
        } else if flags.iter().all(|x| x.is_some()) {
            f.set_bool("ascvd", Some(false));
        }
        f.set_num("ckdStage", h.ckd_stage);
    }
    f.set_str("birthDate", birth.map(format_date));
    f.set_str("startDate", Some(format_date(start)));
    // Pregnancy: pregnant until the (actual or expected) delivery; postpartum for 42 days after.
    if let Some(delivery) = preg.delivery {
        let actual = !preg.delivery_estimated;
        let pregnant = !actual && preg.lmp.is_some_and(|l| l <= start) && start <= delivery;
        let postpartum_end = add_days(delivery, 42);
        let postpartum = start >= delivery && postpartum_end.is_some_and(|e| start <= e) && (actual || !pregnant);
        f.set_bool("pregnant", Some(pregnant));
        f.set_bool("postpartum", Some(postpartum && !pregnant));
        if pregnant {
            if let Some(l) = preg.lmp {
                f.set_num("gestationalWeeks", Some((days_between(l, start) / 7) as f64));
            }
        }
        if postpartum {
            f.set_num("postpartumDays", Some(days_between(delivery, start) as f64));
        }
        f.set_str("deliveryDate", Some(format_date(delivery)));
    }
    f.set_str("lmp", preg.lmp.map(format_date));
    f.set_str("dueDate", preg.due.map(format_date));
}
