//! Home-monitoring alerts: readings a resident records on the phone (docs/care-rules.md §8).
//!
//! [`evaluate_readings`] turns readings into CDS-Hooks-shaped cards, one card per rule that
//! fires, each naming the readings that triggered it.
//!
//! Behaviour the rules leave open, decided here:
//! - **Local days.** "Consecutive days" are calendar days in `options.utcOffset` (default
//!   `+08:00`), computed from each reading's instant, whatever offset the reading was written in:
//!   23:50 and 00:10 are different days; a day without readings of that kind breaks a run.
//! - **Several readings on one day** count as one value: the day's average (for blood pressure,
//!   the average systolic and the average diastolic). Single-reading rules (the critical ones)
//!   look at every reading.
//! - **`asOf`** is an RFC 3339 instant or a `YYYY-MM-DD` date (= the end of that local day). A
//!   reading dated after it is refused (`INVALID_DATE` on `readings[i].at`): a reading from the
//!   future is a wrong clock or a wrong date, not data. There is no look-back limit: every reading
//!   at or before `asOf` counts, so the caller passes the window it wants (e.g. the last 30 days).
//! - **Glucose units.** A glucose reading may say its `unit` (`mmol/L` or `mg/dL`, converted with
//!   18.016 mg/dL per mmol/L). Without one it is read in mmol/L, and a value no glucose meter
//!   shows in mmol/L (above 33.3) is refused naming `readings[i].unit`: a 54 mg/dL low read as
//!   54 mmol/L would raise a "very high" alarm.
//! - **Blood-pressure pairs** whose diastolic is not below the systolic are refused
//!   (`INVALID_INPUT` on `readings[i].dbp`), as in profiles.
//! - **Errors.** A malformed reading is an error naming it (`readings[3].at`,
//!   `readings[3].kind`, `readings[3].value`): unknown kinds, malformed instants, missing or
//!   non-finite values, physiologically impossible values (e.g. a glucose in mg/dL), empty or
//!   duplicate ids (cards name readings by id).
//! - **One card per rule**, listing every triggering reading in time order; the summary quotes
//!   the latest one (or the latest run of days). Cards come critical first, then warnings, each
//!   group in the order of the table in docs/care-rules.md §8 — a fixed, deterministic order.
//! - Glucose ≥ 16.7 and ≤ 3.9 mmol/L are separate cards (`GLUCOSE_HIGH_CRITICAL`,
//!   `GLUCOSE_LOW_CRITICAL`): what to do differs. Heart rate > 100 or < 50 is one rule (a day
//!   qualifies on either side), as written. Every heart-rate reading is taken as resting.
//! - SpO2 "90–93%" on 2 consecutive days is read as a day average from 90 up to, not including,
//!   94: readings are whole percents, so a day of 93 and 94 (average 93.5) qualifies.
//! - For a resident with diabetes, a resting heart rate above 100 in any reading is critical
//!   (`HEART_RATE_DIABETES_CRITICAL`), as the national follow-up specification classifies it
//!   (urgent referral, with temperature > 39 °C).
//! - Weight change: day averages of two local days at most 7 days apart that differ by ≥ 2 kg,
//!   gain or loss, for a profile with `history.heartFailure: true`.
//! - Fever rule: for a profile with `diabetes: true`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::calendar::{days_between, parse_date, Date, Instant, Offset};
use crate::cards::{Card, CardSource, Indicator};
use crate::error::{check_range, Error, ErrorCode, Result};
use crate::i18n::{fill, msg, num, Locale, Msg, Text};
use crate::order::sort_vec;
use crate::read::Read;
use crate::risk::Profile;

// ---------------------------------------------------------------------------------------------
// Thresholds: docs/care-rules.md §8 (home BP: 中国高血压防治指南 2018, home BP ≥ 135/85 is
// hypertension; urgent BP and glucose limits: 国家基本公共卫生服务规范（第三版）2017).

/// Critical: SBP ≥ 180 or DBP ≥ 110 mmHg in any reading.
pub const BP_CRITICAL: (f64, f64) = (180.0, 110.0);
/// Critical: blood glucose ≥ 16.7 mmol/L in any reading.
pub const GLUCOSE_CRITICAL_HIGH: f64 = 16.7;
/// Critical: blood glucose ≤ 3.9 mmol/L in any reading.
pub const GLUCOSE_CRITICAL_LOW: f64 = 3.9;
/// Warning: home BP day average ≥ 135 systolic or ≥ 85 diastolic, on 3 consecutive local days.
pub const HOME_BP: (f64, f64) = (135.0, 85.0);
pub const HOME_BP_DAYS: usize = 3;
/// Warning: fasting glucose day average ≥ 7.0 mmol/L on 3 consecutive local days.
pub const FASTING_GLUCOSE_HIGH: f64 = 7.0;
pub const FASTING_GLUCOSE_DAYS: usize = 3;
/// Warning: resting heart rate day average > 100 or < 50 /min on 3 consecutive local days.
pub const HEART_RATE: (f64, f64) = (50.0, 100.0);
pub const HEART_RATE_DAYS: usize = 3;
/// Critical: SpO2 < 90 % in any reading; warning: day average 90–93 % (90 ≤ average < 94) on 2
/// consecutive days.
pub const SPO2_CRITICAL: f64 = 90.0;
pub const SPO2_LOW: (f64, f64) = (90.0, 94.0);
pub const SPO2_LOW_DAYS: usize = 2;
/// Critical for a diabetes patient: temperature > 39 °C, resting heart rate > 100 /min
/// (国家基本公共卫生服务规范（第三版）, 2型糖尿病患者健康管理: urgent referral).
pub const FEVER_DIABETES: f64 = 39.0;
pub const HEART_RATE_DIABETES: f64 = 100.0;
/// Warning for a heart-failure history: weight change ≥ 2 kg within 7 days.
pub const WEIGHT_CHANGE_KG: f64 = 2.0;
pub const WEIGHT_WINDOW_DAYS: i64 = 7;

/// Plausibility of readings (outside: `OUT_OF_RANGE`, a data-entry or unit error, not a risk).
const PLAUSIBLE_SBP: (f64, f64) = (40.0, 300.0);
const PLAUSIBLE_DBP: (f64, f64) = (20.0, 200.0);
const PLAUSIBLE_GLUCOSE: (f64, f64) = (0.5, 60.0);
/// The highest glucose a meter shows in mmol/L (600 mg/dL): above it, a reading without a unit
/// is taken to be in mg/dL and refused.
const GLUCOSE_WITHOUT_UNIT_MAX: f64 = 33.3;
const PLAUSIBLE_HEART_RATE: (f64, f64) = (20.0, 300.0);
const PLAUSIBLE_SPO2: (f64, f64) = (50.0, 100.0);
const PLAUSIBLE_TEMPERATURE: (f64, f64) = (25.0, 45.0);
const PLAUSIBLE_WEIGHT: (f64, f64) = (1.0, 400.0);

/// Tolerance for comparing day averages with cut-offs (binary representation error only).
const EPS: f64 = 1e-9;

// ---------------------------------------------------------------------------------------------
// Types

/// One reading (`Reading` in pkg/index.d.ts). `kind` and `context` are strings so that an unknown value is
/// reported with the list of accepted ones.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    pub id: String,
    /// RFC 3339 instant with an offset.
    pub at: String,
    /// `bp` | `glucose` | `heart-rate` | `spo2` | `temperature` | `weight`.
    pub kind: String,
    /// mmHg (`bp`).
    #[serde(default)]
    pub sbp: Option<f64>,
    /// mmHg (`bp`).
    #[serde(default)]
    pub dbp: Option<f64>,
    /// mmol/L (`glucose`), /min (`heart-rate`), % (`spo2`), °C (`temperature`), kg (`weight`).
    #[serde(default)]
    pub value: Option<f64>,
    /// `fasting` | `postprandial` | `random` (`glucose`; absent = not known to be fasting).
    #[serde(default)]
    pub context: Option<String>,
    /// `mmol/L` | `mg/dL` (`glucose`; absent = mmol/L, refused above 33.3).
    #[serde(default)]
    pub unit: Option<String>,
}

/// Options of [`evaluate_readings`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct EvaluateOptions {
    /// Required: RFC 3339 instant, or `YYYY-MM-DD` (the end of that local day).
    pub as_of: Option<String>,
    pub locale: Option<String>,
    /// The resident's UTC offset for local days; `+08:00` by default.
    pub utc_offset: Option<String>,
}

/// The result of [`evaluate_readings`].
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
pub struct Alerts {
    pub alerts: Vec<Card>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bp,
    Glucose,
    HeartRate,
    Spo2,
    Temperature,
    Weight,
}

const KINDS: &[(&str, Kind)] = &[
    ("bp", Kind::Bp),
    ("glucose", Kind::Glucose),
    ("heart-rate", Kind::HeartRate),
    ("spo2", Kind::Spo2),
    ("temperature", Kind::Temperature),
    ("weight", Kind::Weight),
];
const CONTEXTS: &[&str] = &["fasting", "postprandial", "random"];

const EXPECTED_KIND: Msg = Msg::new(
    "应为血压（“bp”）、血糖（“glucose”）、心率（“heart-rate”）、血氧（“spo2”）、体温（“temperature”）或体重（“weight”）",
    "expected bp, glucose, heart-rate, spo2, temperature or weight",
);
const EXPECTED_CONTEXT: Msg = Msg::new("应为空腹（“fasting”）、餐后（“postprandial”）或随机（“random”）", "expected fasting, postprandial or random");
const DUPLICATE_ID: Msg = Msg::new(
    "第 {} 条读数的编号“{}”与第 {} 条重复，每条读数的编号应不同。",
    "Reading {} has the ID \"{}\" of reading {}; each reading needs its own ID.",
);
const GLUCOSE_UNIT_NEEDED: Msg = Msg::new(
    "第 {} 条读数的血糖值 {} 按 mmol/L 计不可能出现，可能是 mg/dL；请注明单位（mmol/L 或 mg/dL）。",
    "Reading {}: a blood sugar of {} is not possible in mmol/L and may be in mg/dL; please give its unit (mmol/L or mg/dL).",
);
const AFTER_AS_OF: Msg = Msg::new(
    "第 {} 条读数的时间 {} 晚于评估时间 {}，请检查日期和时间。",
    "Reading {} is dated {}, after the assessment time {}; please check its date and time.",
);

/// A validated reading.
#[derive(Debug, Clone)]
struct Parsed<'a> {
    index: usize,
    id: &'a str,
    at: Instant,
    day: Date,
    kind: Kind,
    /// SBP for `bp`, else the value.
    a: f64,
    /// DBP for `bp`, else 0.
    b: f64,
    fasting: bool,
}

// ---------------------------------------------------------------------------------------------
// Entry point

/// Evaluates home readings against every rule of docs/care-rules.md §8.
pub fn evaluate_readings(readings: &[Reading], profile: &Profile, options: &EvaluateOptions) -> Result<Alerts> {
    let locale = Locale::parse(options.locale.as_deref(), "options.locale")?;
    let offset = match &options.utc_offset {
        Some(s) => Offset::parse("options.utcOffset", s)?,
        None => Offset::CHINA,
    };
    let as_of = match &options.as_of {
        Some(s) => parse_as_of(s, offset)?,
        None => return Err(Error::missing(&["options.asOf".to_string()])),
    };
    profile.validate()?;
    let parsed = parse_readings(readings, offset)?;
    if let Some(r) = parsed.iter().find(|r| r.at > as_of) {
        let field = format!("readings[{}].at", r.index);
        let (n, at) = ((r.index + 1).to_string(), &readings[r.index].at);
        let message = AFTER_AS_OF.fill(&[&n, at, options.as_of.as_deref().unwrap_or_default()]);
        return Err(Error::new(ErrorCode::InvalidDate, Some(&field), message));
    }
    let mut current: Vec<&Parsed> = parsed.iter().collect();
    sort_vec(&mut current, &|a, b| (a.at.utc_ms, a.index).cmp(&(b.at.utc_ms, b.index)));

    let diabetes = profile.diabetes == Some(true);
    let heart_failure = profile.history.as_ref().is_some_and(|h| h.heart_failure == Some(true));
    let ctx = Ctx { locale };
    let of = |k: Kind| current.iter().copied().filter(move |r| r.kind == k);

    let mut alerts = Vec::new();
    // Critical rules, in table order.
    alerts.extend(ctx.bp_critical(of(Kind::Bp).filter(|r| r.a >= BP_CRITICAL.0 || r.b >= BP_CRITICAL.1).collect()));
    alerts.extend(ctx.glucose_high(of(Kind::Glucose).filter(|r| r.a >= GLUCOSE_CRITICAL_HIGH).collect()));
    alerts.extend(ctx.glucose_low(of(Kind::Glucose).filter(|r| r.a <= GLUCOSE_CRITICAL_LOW).collect()));
    alerts.extend(ctx.spo2_critical(of(Kind::Spo2).filter(|r| r.a < SPO2_CRITICAL).collect()));
    if diabetes {
        alerts.extend(ctx.fever(of(Kind::Temperature).filter(|r| r.a > FEVER_DIABETES).collect()));
        alerts.extend(ctx.heart_rate_diabetes(of(Kind::HeartRate).filter(|r| r.a > HEART_RATE_DIABETES).collect()));
    }
    // Warning rules, in table order.
    let bp_days = by_day(of(Kind::Bp));
    let bp_runs = runs(&bp_days, |d| ge(d.avg(0), HOME_BP.0) || ge(d.avg(1), HOME_BP.1), HOME_BP_DAYS);
    alerts.extend(ctx.home_bp(&bp_runs));
    let fasting_days = by_day(of(Kind::Glucose).filter(|r| r.fasting));
    let fasting_runs = runs(&fasting_days, |d| ge(d.avg(0), FASTING_GLUCOSE_HIGH), FASTING_GLUCOSE_DAYS);
    alerts.extend(ctx.fasting_glucose(&fasting_runs));
    let hr_days = by_day(of(Kind::HeartRate));
    let hr_runs = runs(&hr_days, |d| d.avg(0) > HEART_RATE.1 + EPS || d.avg(0) < HEART_RATE.0 - EPS, HEART_RATE_DAYS);
    alerts.extend(ctx.heart_rate(&hr_runs));
    let spo2_days = by_day(of(Kind::Spo2));
    let spo2_runs = runs(&spo2_days, |d| ge(d.avg(0), SPO2_LOW.0) && d.avg(0) < SPO2_LOW.1 - EPS, SPO2_LOW_DAYS);
    alerts.extend(ctx.spo2_low(&spo2_runs));
    if heart_failure {
        alerts.extend(ctx.weight_change(&by_day(of(Kind::Weight))));
    }
    Ok(Alerts { alerts })
}

fn ge(a: f64, b: f64) -> bool {
    a >= b - EPS
}

fn parse_as_of(s: &str, offset: Offset) -> Result<Instant> {
    if s.len() == 10 {
        let d = parse_date("options.asOf", s)?;
        return Ok(Instant::end_of_day(d, offset));
    }
    Instant::parse("options.asOf", s)
}

fn parse_readings(readings: &[Reading], offset: Offset) -> Result<Vec<Parsed<'_>>> {
    let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(readings.len());
    let mut out = Vec::with_capacity(readings.len());
    for (i, r) in readings.iter().enumerate() {
        let path = |f: &str| format!("readings[{i}].{f}");
        let id = r.id.as_str();
        if id.trim().is_empty() {
            return Err(Error::invalid(&path("id"), id, &msg::EXPECTED_NON_EMPTY));
        }
        if let Some(j) = first_of.get(id) {
            let m = DUPLICATE_ID.fill(&[&(i + 1).to_string(), &shorten(id), &(j + 1).to_string()]);
            return Err(Error::new(ErrorCode::InvalidInput, Some(&path("id")), m));
        }
        first_of.insert(id, i);
        let at = Instant::parse(&path("at"), &r.at)?;
        let kind = KINDS
            .iter()
            .find(|(k, _)| *k == r.kind)
            .map(|(_, k)| *k)
            .ok_or_else(|| Error::invalid(&path("kind"), &r.kind, &EXPECTED_KIND))?;
        let need = |name: &str, v: Option<f64>, range: (f64, f64), unit: &str| -> Result<f64> {
            let field = path(name);
            let v = v.ok_or_else(|| Error::missing(std::slice::from_ref(&field)))?;
            check_range(&field, v, range.0, range.1, unit)
        };
        let (a, b) = match kind {
            Kind::Bp => {
                let (sbp, dbp) = (need("sbp", r.sbp, PLAUSIBLE_SBP, "mmHg")?, need("dbp", r.dbp, PLAUSIBLE_DBP, "mmHg")?);
                crate::risk::check_bp_pair(&path("dbp"), sbp, dbp)?;
                (sbp, dbp)
            }
            Kind::Glucose => (glucose(r, i, &path)?, 0.0),
            Kind::HeartRate => (need("value", r.value, PLAUSIBLE_HEART_RATE, "/min")?, 0.0),
            Kind::Spo2 => (need("value", r.value, PLAUSIBLE_SPO2, "%")?, 0.0),
            Kind::Temperature => (need("value", r.value, PLAUSIBLE_TEMPERATURE, "°C")?, 0.0),
            Kind::Weight => (need("value", r.value, PLAUSIBLE_WEIGHT, "kg")?, 0.0),
        };
        let mut fasting = false;
        if let Some(c) = &r.context {
            if !CONTEXTS.contains(&c.as_str()) {
                return Err(Error::invalid(&path("context"), c, &EXPECTED_CONTEXT));
            }
            fasting = c == "fasting";
        }
        out.push(Parsed { index: i, id, at, day: at.local_date(offset), kind, a, b, fasting: fasting && kind == Kind::Glucose });
    }
    Ok(out)
}

/// A glucose reading in mmol/L, from its value and unit (see the module documentation).
fn glucose(r: &Reading, i: usize, path: &dyn Fn(&str) -> String) -> Result<f64> {
    let field = path("value");
    let v = r.value.ok_or_else(|| Error::missing(std::slice::from_ref(&field)))?;
    let per_mmol = crate::units::GLUCOSE_MG_DL_PER_MMOL_L;
    match r.unit.as_deref() {
        Some("mg/dL") => {
            let (lo, hi) = (PLAUSIBLE_GLUCOSE.0 * per_mmol, PLAUSIBLE_GLUCOSE.1 * per_mmol);
            Ok(check_range(&field, v, lo.round(), hi.round(), "mg/dL")? / per_mmol)
        }
        Some("mmol/L") => check_range(&field, v, PLAUSIBLE_GLUCOSE.0, PLAUSIBLE_GLUCOSE.1, "mmol/L"),
        Some(other) => Err(Error::invalid(&path("unit"), other, &msg::EXPECTED_UNIT)),
        None if v.is_finite() && v > GLUCOSE_WITHOUT_UNIT_MAX => {
            let message = GLUCOSE_UNIT_NEEDED.fill(&[&(i + 1).to_string(), &num(v, 1)]);
            Err(Error::new(ErrorCode::InvalidInput, Some(&path("unit")), message))
        }
        None => check_range(&field, v, PLAUSIBLE_GLUCOSE.0, GLUCOSE_WITHOUT_UNIT_MAX, "mmol/L"),
    }
}

fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

// ---------------------------------------------------------------------------------------------
// Days and runs

/// The readings of one local day with their sums (SBP/value and DBP).
#[derive(Debug)]
struct Day<'r, 'a> {
    date: Date,
    sum: [f64; 2],
    readings: Vec<&'r Parsed<'a>>,
}

impl Day<'_, '_> {
    fn avg(&self, k: usize) -> f64 {
        let n = self.readings.len().max(1) as f64;
        self.sum.get(k).copied().unwrap_or(0.0) / n
    }
}

/// Groups readings by local day, in date order (readings keep their time order).
fn by_day<'r, 'a>(readings: impl Iterator<Item = &'r Parsed<'a>>) -> Vec<Day<'r, 'a>> {
    let mut map: BTreeMap<Date, Day<'r, 'a>> = BTreeMap::new();
    for r in readings {
        let d = map.entry(r.day).or_insert_with(|| Day { date: r.day, sum: [0.0; 2], readings: Vec::new() });
        d.sum[0] += r.a;
        d.sum[1] += r.b;
        d.readings.push(r);
    }
    map.into_values().collect()
}

/// Maximal runs of consecutive calendar days that all qualify, of at least `min` days.
fn runs<'d, 'r, 'a>(days: &'d [Day<'r, 'a>], qualifies: impl Fn(&Day) -> bool, min: usize) -> Vec<&'d [Day<'r, 'a>]> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<Date> = None;
    for (i, d) in days.iter().enumerate() {
        let q = qualifies(d);
        let next_day = prev.is_some_and(|p| days_between(p, d.date) == 1);
        if !(q && next_day && start.is_some()) {
            if let Some(st) = start {
                if i - st >= min {
                    out.extend(days.get(st..i));
                }
            }
            start = if q { Some(i) } else { None };
        }
        prev = Some(d.date);
    }
    if let Some(st) = start {
        if days.len() - st >= min {
            out.extend(days.get(st..));
        }
    }
    out
}

/// The ids of every reading in the runs, in time order.
fn run_ids(runs: &[&[Day]]) -> Vec<String> {
    runs.iter().flat_map(|r| r.iter()).flat_map(|d| d.readings.iter()).map(|r| r.id.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// Cards

struct Ctx {
    locale: Locale,
}

const SRC_NBPHS_HTN: Msg = Msg::new(
    "国家基本公共卫生服务规范（第三版）：高血压患者健康管理",
    "National Basic Public Health Service Specification, 3rd ed. (2017): hypertension management",
);
const SRC_NBPHS_DM: Msg = Msg::new(
    "国家基本公共卫生服务规范（第三版）：2型糖尿病患者健康管理",
    "National Basic Public Health Service Specification, 3rd ed. (2017): type 2 diabetes management",
);
const SRC_HTN_GUIDELINE: Msg = Msg::new(
    "中国高血压防治指南（2018年修订版）：家庭血压",
    "Chinese Guidelines for the Management of Hypertension (2018 revision): home blood pressure",
);
const SRC_HOME_RULES: Msg = Msg::new("居家监测提醒规则（健康管家默认规则）", "Home-monitoring alert rules (health-steward defaults)");

const BP_CRITICAL_SUMMARY: Msg = Msg::new(
    "血压 {}/{} mmHg 非常高，请立即就医。",
    "Your blood pressure of {}/{} mmHg is very high — please get medical care now.",
);
const BP_CRITICAL_DETAIL: Msg = Msg::new(
    "收缩压≥180 或舒张压≥110 mmHg 需要马上处理（共 {} 次读数达到此水平）。请安静坐下，尽快联系家庭医生或去医院；如果出现剧烈头痛、胸痛、气短、说话不清、一侧手脚无力或看东西模糊，请立即拨打 120。",
    "A systolic pressure of 180 or more, or a diastolic pressure of 110 or more, needs prompt care ({} reading(s) at this level). Sit quietly and contact your family doctor or go to hospital now; if you have a severe headache, chest pain, shortness of breath, slurred speech, weakness on one side or blurred vision, call 120.",
);
const GLUCOSE_HIGH_SUMMARY: Msg = Msg::new(
    "血糖 {} mmol/L 非常高，请立即就医。",
    "Your blood sugar of {} mmol/L is very high — please get medical care now.",
);
const GLUCOSE_HIGH_DETAIL: Msg = Msg::new(
    "血糖≥16.7 mmol/L 需要马上处理（共 {} 次读数达到此水平）。请多喝白开水，不要剧烈运动，尽快联系医生或去医院；如果出现恶心呕吐、呼吸深快、特别口渴或意识模糊，请立即拨打 120。",
    "A blood sugar of 16.7 mmol/L or more needs prompt care ({} reading(s) at this level). Drink water, avoid hard exercise and contact your doctor or go to hospital now; if you feel sick or vomit, breathe fast and deep, are very thirsty or confused, call 120.",
);
const GLUCOSE_LOW_SUMMARY: Msg = Msg::new(
    "血糖 {} mmol/L 偏低，请马上吃些含糖的食物或饮料。",
    "Your blood sugar of {} mmol/L is low — eat or drink something sugary now.",
);
const GLUCOSE_LOW_DETAIL: Msg = Msg::new(
    "血糖≤3.9 mmol/L 属于低血糖（共 {} 次读数达到此水平）。如果清醒、能吞咽，请马上吃 15–20 克糖（如几块糖果、半杯果汁或含糖饮料），15 分钟后再测；仍然偏低就再吃一次，并联系医生。如果意识不清或无法进食，请家人立即拨打 120，不要往嘴里喂食物。",
    "A blood sugar of 3.9 mmol/L or less is low ({} reading(s) at this level). If you are awake and can swallow, take 15–20 g of sugar now (a few sweets, half a glass of juice or a sugary drink) and check again after 15 minutes; if it is still low, repeat and contact your doctor. If someone is drowsy or cannot eat, call 120 and do not put food in their mouth.",
);
const SPO2_CRITICAL_SUMMARY: Msg = Msg::new(
    "血氧饱和度 {}% 偏低，请立即就医。",
    "Your oxygen level (SpO2) of {}% is low — please get medical care now.",
);
const SPO2_CRITICAL_DETAIL: Msg = Msg::new(
    "血氧饱和度低于 90% 需要马上处理（共 {} 次读数）。请坐下休息，让手指暖和、夹好血氧仪后再测一次；如果仍低于 90%，或有气短、胸闷、嘴唇发紫、意识模糊，请立即拨打 120 或去急诊。",
    "An SpO2 below 90% needs prompt care ({} reading(s)). Rest, warm your hand, make sure the clip sits well and measure again; if it is still below 90%, or you are short of breath, have chest tightness, blue lips or confusion, call 120 or go to an emergency department.",
);
const FEVER_SUMMARY: Msg = Msg::new(
    "体温 {}℃，糖尿病患者发高烧需要尽快就医。",
    "A temperature of {} °C with diabetes needs medical care now.",
);
const FEVER_DETAIL: Msg = Msg::new(
    "糖尿病患者体温超过 39℃，可能引起血糖大幅波动，也可能是严重感染（共 {} 次读数）。请多喝水、测一次血糖，并尽快联系医生或去医院；如果出现意识模糊、呼吸困难或持续呕吐，请立即拨打 120。",
    "For people with diabetes, a temperature above 39 °C can upset blood sugar badly or signal a serious infection ({} reading(s)). Drink fluids, check your blood sugar and contact your doctor or go to hospital now; if you are confused, short of breath or keep vomiting, call 120.",
);
const HR_DIABETES_SUMMARY: Msg = Msg::new(
    "静息心率每分钟 {} 次，糖尿病患者心率超过 100 次需要尽快就医。",
    "A resting heart rate of {} a minute with diabetes needs medical care soon.",
);
const HR_DIABETES_DETAIL: Msg = Msg::new(
    "糖尿病患者静息心率超过每分钟 100 次，按国家随访规范需要尽快转诊（共 {} 次读数）。可能与感染、脱水、血糖过高或过低、心脏问题有关。请测一次血糖，尽快联系医生或去医院；如有胸痛、气短、意识模糊，请立即拨打 120。",
    "For people with diabetes, a resting heart rate above 100 a minute calls for prompt referral under the national follow-up specification ({} reading(s)). It can come from infection, dehydration, very high or low blood sugar or a heart problem. Check your blood sugar and contact your doctor or go to hospital soon; with chest pain, shortness of breath or confusion, call 120.",
);
const HOME_BP_SUMMARY: Msg = Msg::new(
    "连续 {} 天家庭血压日均值达到 135/85 mmHg 或以上，请预约随访。",
    "Your home blood pressure has averaged 135/85 mmHg or more for {} days in a row — please book a follow-up.",
);
const HOME_BP_DETAIL: Msg = Msg::new(
    "家庭血压≥135/85 mmHg 属于血压偏高，最近一天的平均值为 {}/{} mmHg。请继续每天早晚测量，如在服药请按时服用，并预约家庭医生随访。",
    "Home readings of 135/85 mmHg or more count as high blood pressure; the latest day averaged {}/{} mmHg. Keep measuring morning and evening, take any medicines as prescribed and book a follow-up with your family doctor.",
);
const FASTING_SUMMARY: Msg = Msg::new(
    "连续 {} 天空腹血糖≥7.0 mmol/L，请预约随访。",
    "Your fasting blood sugar has been 7.0 mmol/L or more for {} days in a row — please book a follow-up.",
);
const FASTING_DETAIL: Msg = Msg::new(
    "最近一天空腹血糖平均为 {} mmol/L。空腹血糖持续≥7.0 mmol/L，说明血糖控制得不理想（没有确诊糖尿病的话需要进一步检查）。请预约家庭医生随访，注意饮食和运动，如在服药请按时服用。",
    "The latest day's fasting average was {} mmol/L. Fasting values that stay at 7.0 mmol/L or more mean blood sugar is not well controlled (or, without a diabetes diagnosis, need checking). Book a follow-up with your family doctor, watch diet and activity, and take any medicines as prescribed.",
);
const HR_SUMMARY: Msg = Msg::new(
    "连续 {} 天静息心率{}，请预约随访。",
    "For {} days in a row your resting heart rate has been {} — please book a follow-up.",
);
const HR_FAST: Msg = Msg::new("偏快（每分钟超过 100 次）", "above 100 beats a minute");
const HR_SLOW: Msg = Msg::new("偏慢（每分钟不到 50 次）", "below 50 beats a minute");
const HR_BOTH: Msg = Msg::new("时快时慢（不在每分钟 50–100 次之间）", "outside 50–100 beats a minute");
const HR_DETAIL: Msg = Msg::new(
    "最近一天的平均心率为每分钟 {} 次。请安静休息 5 分钟后再测；如果有心慌、胸闷、头晕或晕倒，请尽快就医。",
    "The latest day averaged {} beats a minute. Measure after resting quietly for 5 minutes; if you have palpitations, chest discomfort, dizziness or fainting, see a doctor promptly.",
);
const SPO2_LOW_SUMMARY: Msg = Msg::new(
    "连续 {} 天血氧饱和度在 90%–93%（低于 94%），请联系家庭医生。",
    "Your oxygen level (SpO2) has been 90–93% for {} days in a row — please contact your family doctor.",
);
const SPO2_LOW_DETAIL: Msg = Msg::new(
    "最近一天的平均值为 {}%。血氧偏低可能与肺或心脏的问题有关，请联系家庭医生评估；如果降到 90% 以下或气短加重，请立即就医。",
    "The latest day averaged {}%. A lowish oxygen level can come from lung or heart problems; ask your family doctor to check. If it falls below 90% or breathing gets worse, get medical care now.",
);
const WEIGHT_GAIN_SUMMARY: Msg = Msg::new(
    "{} 天内体重增加了 {} kg，可能是体内积水，请尽快联系医生。",
    "Your weight went up by {} kg in {}, which can mean fluid build-up — please contact your doctor soon.",
);
const WEIGHT_LOSS_SUMMARY: Msg = Msg::new(
    "{} 天内体重减轻了 {} kg，请尽快联系医生。",
    "Your weight went down by {} kg in {} — please contact your doctor soon.",
);
const WEIGHT_DETAIL: Msg = Msg::new(
    "心力衰竭患者 7 天内体重变化≥2 kg 需要医生评估，可能需要调整治疗。请每天早上排尿后、早餐前称体重，并留意腿脚水肿、气短或夜里憋醒。",
    "With heart failure, a weight change of 2 kg or more within 7 days needs a doctor's review; treatment may need adjusting. Weigh yourself each morning after using the toilet and before breakfast, and watch for swollen legs, breathlessness or waking up short of breath.",
);

/// Fills the zh and en templates with their own argument lists (the word order differs).
fn fill_each(m: &Msg, zh: &[&str], en: &[&str]) -> Text {
    Text { zh: fill(m.zh, zh), en: fill(m.en, en) }
}

impl Ctx {
    fn card(&self, code: &str, indicator: Indicator, summary: Text, detail: Text, source: &Msg, readings: Vec<String>) -> Card {
        Card {
            code: code.to_string(),
            indicator,
            summary: summary.get(self.locale).to_string(),
            detail: detail.get(self.locale).to_string(),
            source: CardSource { label: source.get(self.locale).to_string(), clause: None },
            readings: Some(readings),
        }
    }

    /// A card for a single-reading rule: the summary quotes the latest triggering reading.
    fn single(
        &self,
        code: &str,
        hits: Vec<&Parsed>,
        summary: impl Fn(&Parsed) -> Text,
        detail: &Msg,
        source: &Msg,
    ) -> Option<Card> {
        let last = hits.last()?;
        let ids = hits.iter().map(|r| r.id.to_string()).collect();
        let detail = detail.fill(&[&hits.len().to_string()]);
        Some(self.card(code, Indicator::Critical, summary(last), detail, source, ids))
    }

    fn bp_critical(&self, hits: Vec<&Parsed>) -> Option<Card> {
        self.single(
            "BP_CRITICAL",
            hits,
            |r| BP_CRITICAL_SUMMARY.fill(&[&num(r.a, 0), &num(r.b, 0)]),
            &BP_CRITICAL_DETAIL,
            &SRC_NBPHS_HTN,
        )
    }

    fn glucose_high(&self, hits: Vec<&Parsed>) -> Option<Card> {
        self.single(
            "GLUCOSE_HIGH_CRITICAL",
            hits,
            |r| GLUCOSE_HIGH_SUMMARY.fill(&[&num(r.a, 1)]),
            &GLUCOSE_HIGH_DETAIL,
            &SRC_NBPHS_DM,
        )
    }

    fn glucose_low(&self, hits: Vec<&Parsed>) -> Option<Card> {
        self.single(
            "GLUCOSE_LOW_CRITICAL",
            hits,
            |r| GLUCOSE_LOW_SUMMARY.fill(&[&num(r.a, 1)]),
            &GLUCOSE_LOW_DETAIL,
            &SRC_NBPHS_DM,
        )
    }

    fn spo2_critical(&self, hits: Vec<&Parsed>) -> Option<Card> {
        self.single(
            "SPO2_CRITICAL",
            hits,
            |r| SPO2_CRITICAL_SUMMARY.fill(&[&num(r.a, 1)]),
            &SPO2_CRITICAL_DETAIL,
            &SRC_HOME_RULES,
        )
    }

    fn fever(&self, hits: Vec<&Parsed>) -> Option<Card> {
        self.single(
            "TEMPERATURE_DIABETES_CRITICAL",
            hits,
            |r| FEVER_SUMMARY.fill(&[&num(r.a, 1)]),
            &FEVER_DETAIL,
            &SRC_NBPHS_DM,
        )
    }

    fn heart_rate_diabetes(&self, hits: Vec<&Parsed>) -> Option<Card> {
        self.single(
            "HEART_RATE_DIABETES_CRITICAL",
            hits,
            |r| HR_DIABETES_SUMMARY.fill(&[&num(r.a, 0)]),
            &HR_DIABETES_DETAIL,
            &SRC_NBPHS_DM,
        )
    }

    fn warning(&self, code: &str, runs: &[&[Day]], summary: &Msg, detail: impl Fn(&Day) -> Text, source: &Msg) -> Option<Card> {
        let latest = runs.last()?;
        let last_day = latest.last()?;
        let s = summary.fill(&[&latest.len().to_string()]);
        Some(self.card(code, Indicator::Warning, s, detail(last_day), source, run_ids(runs)))
    }

    fn home_bp(&self, runs: &[&[Day]]) -> Option<Card> {
        self.warning(
            "HOME_BP_ELEVATED",
            runs,
            &HOME_BP_SUMMARY,
            |d| HOME_BP_DETAIL.fill(&[&num(d.avg(0), 0), &num(d.avg(1), 0)]),
            &SRC_HTN_GUIDELINE,
        )
    }

    fn fasting_glucose(&self, runs: &[&[Day]]) -> Option<Card> {
        self.warning(
            "FASTING_GLUCOSE_ELEVATED",
            runs,
            &FASTING_SUMMARY,
            |d| FASTING_DETAIL.fill(&[&num(d.avg(0), 1)]),
            &SRC_NBPHS_DM,
        )
    }

    fn heart_rate(&self, runs: &[&[Day]]) -> Option<Card> {
        let latest = runs.last()?;
        let last_day = latest.last()?;
        let fast = latest.iter().any(|d| d.avg(0) > HEART_RATE.1 + EPS);
        let slow = latest.iter().any(|d| d.avg(0) < HEART_RATE.0 - EPS);
        let phrase = match (fast, slow) {
            (true, false) => HR_FAST,
            (false, true) => HR_SLOW,
            _ => HR_BOTH,
        };
        let n = latest.len().to_string();
        let summary = fill_each(&HR_SUMMARY, &[&n, phrase.zh], &[&n, phrase.en]);
        let detail = HR_DETAIL.fill(&[&num(last_day.avg(0), 0)]);
        Some(self.card("HEART_RATE_ABNORMAL", Indicator::Warning, summary, detail, &SRC_HOME_RULES, run_ids(runs)))
    }

    fn spo2_low(&self, runs: &[&[Day]]) -> Option<Card> {
        self.warning(
            "SPO2_LOW",
            runs,
            &SPO2_LOW_SUMMARY,
            |d| SPO2_LOW_DETAIL.fill(&[&num(d.avg(0), 1)]),
            &SRC_HOME_RULES,
        )
    }

    /// Pairs of local days at most 7 days apart whose average weights differ by ≥ 2 kg. The
    /// summary quotes the largest change (the latest one on a tie).
    fn weight_change(&self, days: &[Day]) -> Option<Card> {
        let mut involved: Vec<bool> = vec![false; days.len()];
        let mut best: Option<(f64, i64, f64)> = None; // (|change|, days, signed change)
        for (i, d1) in days.iter().enumerate() {
            for (j, d2) in days.iter().enumerate().skip(i + 1) {
                let apart = days_between(d1.date, d2.date);
                if apart > WEIGHT_WINDOW_DAYS {
                    break;
                }
                let change = d2.avg(0) - d1.avg(0);
                if change.abs() >= WEIGHT_CHANGE_KG - EPS {
                    for k in [i, j] {
                        if let Some(f) = involved.get_mut(k) {
                            *f = true;
                        }
                    }
                    if best.is_none_or(|(b, _, _)| change.abs() >= b - EPS) {
                        best = Some((change.abs(), apart, change));
                    }
                }
            }
        }
        let (_, apart, change) = best?;
        let ids: Vec<String> = days
            .iter()
            .zip(&involved)
            .filter(|(_, f)| **f)
            .flat_map(|(d, _)| d.readings.iter().map(|r| r.id.to_string()))
            .collect();
        let (kg, n) = (num(change.abs(), 1), apart.to_string());
        let days_en = if apart == 1 { String::from("1 day") } else { format!("{apart} days") };
        let summary = if change > 0.0 {
            fill_each(&WEIGHT_GAIN_SUMMARY, &[&n, &kg], &[&kg, &days_en])
        } else {
            fill_each(&WEIGHT_LOSS_SUMMARY, &[&n, &kg], &[&kg, &days_en])
        };
        Some(self.card("WEIGHT_CHANGE_HEART_FAILURE", Indicator::Warning, summary, WEIGHT_DETAIL.text(), &SRC_HOME_RULES, ids))
    }
}
