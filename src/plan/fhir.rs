//! FHIR R4 export of a care plan: a `Bundle` (type `collection`) holding one `CarePlan`, its
//! `Goal`s and one `RiskAssessment` per risk result (docs/care-rules.md §10).
//!
//! Resource ids are UUIDs (RFC 9562 version 8, vendor-specific) derived from the patient
//! reference and the plan's content, and `fullUrl`s are `urn:uuid:<id>`: the same plan for the
//! same patient always gives the same bundle. Goal targets carry LOINC codes where the rule set
//! has them (8480-6 / 8462-4 for systolic / diastolic BP, 1558-6 for fasting glucose) and UCUM
//! units.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{ActivityKind, CarePlan};
use crate::calendar::parse_date;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{Locale, Msg, Text};
use crate::read::Read;

/// Options of [`care_plan_to_fhir`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", default)]
pub struct FhirOptions {
    /// The FHIR reference of the patient, e.g. `Patient/123` (required).
    pub patient_reference: Option<String>,
}

/// 64-bit FNV-1a with a seed, finished with a SplitMix64 mix.
pub(crate) fn hash64(bytes: &[u8], seed: u64) -> u64 {
    mix(fnv(basis(seed), bytes))
}

/// The seeded FNV-1a offset basis.
fn basis(seed: u64) -> u64 {
    0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// FNV-1a state `h` after `bytes` (streaming: hashing `a` then `b` is hashing `a + b`).
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64 finaliser.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A deterministic UUID (version 8) for `key`.
#[cfg(test)]
pub(crate) fn uuid_for(key: &str) -> String {
    UuidPrefix::new("").uuid(key)
}

/// [`uuid_for`] of keys sharing a long prefix (the patient and the whole plan): the prefix is
/// hashed once, not once per resource.
pub(crate) struct UuidPrefix {
    a: u64,
    b: u64,
}

impl UuidPrefix {
    pub(crate) fn new(prefix: &str) -> UuidPrefix {
        // Both seeds in one pass: the two multiply chains run side by side.
        let (mut a, mut b) = (basis(1), basis(2));
        for &x in prefix.as_bytes() {
            a = (a ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        UuidPrefix { a, b }
    }

    /// `uuid_for(prefix + suffix)`.
    pub(crate) fn uuid(&self, suffix: &str) -> String {
        let a = mix(fnv(self.a, suffix.as_bytes())).to_be_bytes();
        let b = mix(fnv(self.b, suffix.as_bytes())).to_be_bytes();
        let mut u = [0u8; 16];
        u[..8].copy_from_slice(&a);
        u[8..].copy_from_slice(&b);
        u[6] = (u[6] & 0x0f) | 0x80;
        u[8] = (u[8] & 0x3f) | 0x80;
        let hex: String = u.iter().map(|x| format!("{x:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
    }
}

const TITLE: Msg = Msg::new("个人健康管理计划", "Personal care plan");
const SEGMENT_SYSTEM: &str = "urn:health-steward:segment";
const KIND_SYSTEM: &str = "urn:health-steward:activity-kind";
const MODEL_SYSTEM: &str = "urn:health-steward:risk-model";
const RISK_PROBABILITY: &str = "http://terminology.hl7.org/CodeSystem/risk-probability";
const UCUM: &str = "http://unitsofmeasure.org";

fn detail_kind(k: ActivityKind) -> &'static str {
    match k {
        ActivityKind::FollowUp
        | ActivityKind::HealthCheck
        | ActivityKind::PrenatalVisit
        | ActivityKind::PostpartumVisit
        | ActivityKind::ChildCheck => "Appointment",
        ActivityKind::Screening | ActivityKind::Reassessment => "ServiceRequest",
        ActivityKind::Lifestyle | ActivityKind::Education => "Task",
    }
}

/// The HL7 risk-probability code for a category, when one fits.
fn risk_probability(category: &str) -> Option<(&'static str, &'static str)> {
    Some(match category {
        "low" | "minimal" | "robust" | "not-elevated" => ("low", "Low likelihood"),
        "medium" | "borderline" | "intermediate" | "moderate" | "slightly-elevated" | "medium-high" | "pre-frail"
        | "mild" => ("moderate", "Moderate likelihood"),
        "high" | "very-high" | "high-very-high" | "severe" | "moderately-severe" | "frail" => ("high", "High likelihood"),
        _ => return None,
    })
}

fn quantity(value: f64, unit: &str, ucum: Option<&str>) -> Map<String, Value> {
    let mut q = Map::new();
    q.insert("value".into(), json!(value));
    q.insert("unit".into(), json!(unit));
    if let Some(code) = ucum {
        q.insert("system".into(), json!(UCUM));
        q.insert("code".into(), json!(code));
    }
    q
}

/// A JSON object of values moved in (`json!` would copy each value through `to_value`, so a
/// resource nested in an entry nested in the bundle was copied three times).
fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

/// A bundle entry.
fn entry(full_url: String, resource: Value) -> Value {
    object(vec![("fullUrl", Value::String(full_url)), ("resource", resource)])
}

fn missing_reference() -> Error {
    Error::missing(&["options.patientReference".to_string()])
}

/// What every resource of one bundle shares.
struct Bundle<'a> {
    plan: &'a CarePlan,
    ids: UuidPrefix,
    locale: Locale,
    subject: Value,
}

/// Writes the plan as a FHIR R4 Bundle. `options.patientReference` is required.
pub fn care_plan_to_fhir(plan: &CarePlan, options: &FhirOptions) -> Result<Value> {
    let patient = patient_reference(options)?;
    check_period(plan)?;
    let content = serde_json::to_string(plan).unwrap_or_default();
    let b = Bundle {
        plan,
        ids: UuidPrefix::new(&format!("{patient}\n{content}")),
        locale: Locale::lenient(&plan.locale).unwrap_or_default(),
        subject: json!({ "reference": patient }),
    };
    let mut goal_entries = Vec::new();
    let mut goal_refs = Vec::new();
    for (i, g) in plan.goals.iter().enumerate() {
        let (url, goal) = b.goal(i, g)?;
        goal_refs.push(json!({ "reference": url }));
        goal_entries.push(entry(url, goal));
    }
    let risk_entries: Vec<Value> = plan.risks.iter().enumerate().map(|(i, r)| b.risk_assessment(i, r)).collect();
    let activities = plan.activities.iter().enumerate().map(|(i, a)| b.activity(i, a)).collect::<Result<Vec<_>>>()?;
    let care_plan_id = b.ids.uuid("\ncareplan");
    let care_plan = b.care_plan(&care_plan_id, goal_refs, activities);

    let mut entries = vec![entry(format!("urn:uuid:{care_plan_id}"), care_plan)];
    entries.extend(goal_entries);
    entries.extend(risk_entries);
    Ok(object(vec![
        ("resourceType", json!("Bundle")),
        ("id", json!(b.ids.uuid("\nbundle"))),
        ("type", json!("collection")),
        ("entry", Value::Array(entries)),
    ]))
}

/// `options.patientReference`, trimmed: required, without spaces.
fn patient_reference(options: &FhirOptions) -> Result<&str> {
    let patient = options.patient_reference.as_deref().map(str::trim).unwrap_or("");
    if patient.is_empty() {
        return Err(missing_reference());
    }
    if patient.chars().any(char::is_whitespace) {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            Some("options.patientReference"),
            Text::new("options.patientReference 不能包含空白字符。", "options.patientReference must not contain spaces."),
        ));
    }
    Ok(patient)
}

/// The plan's start and end are dates, the end not before the start.
fn check_period(plan: &CarePlan) -> Result<()> {
    let start = parse_date("plan.startDate", &plan.start_date)?;
    let end = parse_date("plan.endDate", &plan.end_date)?;
    if end < start {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            Some("plan.endDate"),
            Text::new("plan.endDate 早于 plan.startDate。", "plan.endDate is before plan.startDate."),
        ));
    }
    Ok(())
}

/// One target of a goal from a component of its `target` (`cp` is the component's path).
fn goal_target(c: &Value, cp: &str, measure_name: &str, due: Option<&str>, goal_path: &str) -> Result<Value> {
    let s = |k: &str| c.get(k).and_then(Value::as_str);
    let n = |k: &str| c.get(k).and_then(Value::as_f64).filter(|v| v.is_finite());
    let unit = s("unit").unwrap_or("");
    let metric = s("metric").unwrap_or(measure_name);
    let mut measure = Map::new();
    if let (Some(system), Some(code)) = (s("system"), s("code")) {
        let mut coding = json!({ "system": system, "code": code });
        if let Some(d) = s("display") {
            coding["display"] = json!(d);
        }
        measure.insert("coding".into(), json!([coding]));
    }
    measure.insert("text".into(), json!(metric));
    let mut target = Map::new();
    target.insert("measure".into(), Value::Object(measure));
    match (s("comparator"), n("value"), n("low"), n("high")) {
        (Some(op), Some(v), _, _) => {
            if !matches!(op, "<" | "<=" | ">=" | ">") {
                return Err(Error::wrong_type(&format!("{cp}.comparator"), "expected <, <=, >= or >"));
            }
            let mut q = quantity(v, unit, s("ucum"));
            q.insert("comparator".into(), json!(op));
            target.insert("detailQuantity".into(), Value::Object(q));
        }
        (None, Some(v), _, _) => {
            target.insert("detailQuantity".into(), Value::Object(quantity(v, unit, s("ucum"))));
        }
        (_, None, lo, hi) if lo.is_some() || hi.is_some() => {
            let mut r = Map::new();
            if let Some(lo) = lo {
                r.insert("low".into(), Value::Object(quantity(lo, unit, s("ucum"))));
            }
            if let Some(hi) = hi {
                r.insert("high".into(), Value::Object(quantity(hi, unit, s("ucum"))));
            }
            target.insert("detailRange".into(), Value::Object(r));
        }
        _ => {}
    }
    if let Some(due) = due {
        parse_date(&format!("{goal_path}.due"), due)?;
        target.insert("dueDate".into(), json!(due));
    }
    Ok(Value::Object(target))
}

impl Bundle<'_> {
    /// Goal `i`: its `urn:uuid:` URL and the resource.
    fn goal(&self, i: usize, g: &super::Goal) -> Result<(String, Value)> {
        let p = format!("plan.goals[{i}]");
        let id = self.ids.uuid(&format!("\ngoal:{}:{i}", g.id));
        let components = g.target.get("components").and_then(Value::as_array).cloned().unwrap_or_default();
        let targets = components
            .iter()
            .enumerate()
            .map(|(j, c)| goal_target(c, &format!("{p}.target.components[{j}]"), &g.measure, g.due.as_deref(), &p))
            .collect::<Result<Vec<_>>>()?;
        let mut goal = json!({
            "resourceType": "Goal",
            "id": id,
            "language": self.locale.tag(),
            "lifecycleStatus": "active",
            "description": { "text": g.label },
            "subject": self.subject,
            "startDate": self.plan.start_date,
        });
        if !targets.is_empty() {
            goal["target"] = Value::Array(targets);
        }
        if let Some(text) = g.target.get("text").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            goal["note"] = json!([{ "text": text }]);
        }
        Ok((format!("urn:uuid:{id}"), goal))
    }

    /// The bundle entry of risk result `i`.
    fn risk_assessment(&self, i: usize, r: &super::PlanRisk) -> Value {
        let id = self.ids.uuid(&format!("\nrisk:{}:{i}", r.id));
        let mut prediction = Map::new();
        prediction.insert("outcome".into(), json!({ "text": r.name }));
        if r.unit == "percent" && r.value.is_finite() && (0.0..=100.0).contains(&r.value) {
            let p = (r.value * 10.0).round() / 1000.0;
            prediction.insert("probabilityDecimal".into(), json!(p));
        }
        let mut qual = Map::new();
        if let Some((code, display)) = risk_probability(&r.category) {
            qual.insert("coding".into(), json!([{ "system": RISK_PROBABILITY, "code": code, "display": display }]));
        }
        qual.insert("text".into(), json!(if r.label.is_empty() { &r.category } else { &r.label }));
        prediction.insert("qualitativeRisk".into(), Value::Object(qual));
        let mut ra = json!({
            "resourceType": "RiskAssessment",
            "id": id,
            "language": self.locale.tag(),
            "status": "final",
            "subject": self.subject,
            "occurrenceDateTime": self.plan.start_date,
            "method": { "coding": [{ "system": MODEL_SYSTEM, "code": r.id }], "text": r.name },
            "prediction": [Value::Object(prediction)],
        });
        if !r.summary.is_empty() {
            ra["note"] = json!([{ "text": r.summary }]);
        }
        if let Some(s) = &r.source {
            ra["basis"] = json!([{ "display": s.label }]);
        }
        entry(format!("urn:uuid:{id}"), ra)
    }

    /// Activity `i` of the care plan: its `detail`, scheduled over its window or on its day.
    fn activity(&self, i: usize, a: &super::Activity) -> Result<Value> {
        let p = format!("plan.activities[{i}]");
        let (s, e) = match &a.window {
            Some(w) => (
                parse_date(&format!("{p}.window.start"), &w.start)?,
                parse_date(&format!("{p}.window.end"), &w.end)?,
            ),
            None => {
                let d = parse_date(&format!("{p}.due"), &a.due)?;
                (d, d)
            }
        };
        if e < s {
            return Err(Error::new(
                ErrorCode::InvalidDate,
                Some(&format!("{p}.window.end")),
                Text::new(format!("{p}.window.end 早于开始日期。"), format!("{p}.window.end is before the start.")),
            ));
        }
        let mut detail = json!({
            "kind": detail_kind(a.kind),
            "code": { "coding": [{ "system": KIND_SYSTEM, "code": a.kind.as_str() }], "text": a.title },
            "status": "scheduled",
            "scheduledPeriod": { "start": crate::calendar::format_date(s), "end": crate::calendar::format_date(e) },
        });
        let description = self.described_with_source(&a.reason, &a.source.label, a.source.clause.as_deref());
        if !description.trim().is_empty() {
            detail["description"] = json!(description);
        }
        Ok(object(vec![("detail", detail)]))
    }

    /// `reason（label clause）` (zh-CN) or `reason (label clause)`; the reason alone without a
    /// source.
    fn described_with_source(&self, reason: &str, label: &str, clause: Option<&str>) -> String {
        let mut description = reason.to_string();
        let cite = match clause {
            Some(c) if !c.is_empty() => format!("{label} {c}"),
            _ => label.to_string(),
        };
        if !cite.trim().is_empty() {
            let zh = self.locale == Locale::ZhCn;
            description.push_str(if zh { "（" } else { " (" });
            description.push_str(&cite);
            description.push_str(if zh { "）" } else { ")" });
        }
        description
    }

    /// The CarePlan resource: period, segments as categories, goals, activities, card notes.
    fn care_plan(&self, id: &str, goal_refs: Vec<Value>, activities: Vec<Value>) -> Value {
        let plan = self.plan;
        let mut care_plan = json!({
            "resourceType": "CarePlan",
            "id": id,
            "language": self.locale.tag(),
            "status": "active",
            "intent": "plan",
            "title": TITLE.get(self.locale),
            "subject": self.subject,
            "period": { "start": plan.start_date, "end": plan.end_date },
        });
        let categories: Vec<Value> = plan
            .segments
            .iter()
            .map(|s| json!({ "coding": [{ "system": SEGMENT_SYSTEM, "code": s.id }], "text": s.label }))
            .collect();
        if !categories.is_empty() {
            let join = if self.locale == Locale::ZhCn { "、" } else { ", " };
            care_plan["description"] = json!(plan.segments.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(join));
            care_plan["category"] = Value::Array(categories);
        }
        if !goal_refs.is_empty() {
            care_plan["goal"] = Value::Array(goal_refs);
        }
        if !activities.is_empty() {
            care_plan["activity"] = Value::Array(activities);
        }
        let notes: Vec<Value> = plan.cards.iter().map(|c| json!({ "text": c.summary })).collect();
        if !notes.is_empty() {
            care_plan["note"] = Value::Array(notes);
        }
        care_plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = uuid_for("x");
        assert_eq!(a, uuid_for("x"));
        // A shared prefix hashed once gives the ids of the whole keys.
        let prefix = UuidPrefix::new("Patient/1\n{\"plan\":1}");
        assert_eq!(prefix.uuid("\ngoal:bp:0"), uuid_for("Patient/1\n{\"plan\":1}\ngoal:bp:0"));
        assert_eq!(prefix.uuid(""), uuid_for("Patient/1\n{\"plan\":1}"));
        assert_ne!(a, uuid_for("y"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
