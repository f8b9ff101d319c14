//! The care rule set: a versioned JSON document (`rules/care-rules.v1.json`, embedded at build
//! time), how a centre replaces or extends it, and its validation.
//!
//! ## Replacing or extending (`options.rules`)
//!
//! - A document **without** `extends` is a complete rule set and replaces the default. It must
//!   have every section (`version`, `sources`, `segments`, `schedules`, `classification`,
//!   `packages`; `conditions`, `reassessment`, `goals` and `advice` may be empty or absent).
//! - A document with `"extends": "default"` is a patch over the default rule set:
//!   - in the array sections (`sources`, `conditions`, `segments`, `schedules`, `reassessment`,
//!     `goals`, `advice`, `packages`) each item is matched **by `id`**: an existing item is
//!     merged with JSON Merge Patch semantics (RFC 7396: objects merge, anything else replaces,
//!     `null` deletes a field), a new id is appended, and `{ "id": …, "remove": true }` deletes;
//!   - `classification` is merged with JSON Merge Patch; `version` and `title` replace
//!     (`version` defaults to `<default version>+custom`).
//!
//! The result is validated as a whole. A malformed rule set is `INVALID_RULES` with `field` set
//! to the JSON path of the fault under the argument (`options.rules.schedules[2].intervalMonths`).
//! For a patch, the index is that of the item **in the patch**; a fault in an untouched default
//! item (e.g. a default schedule naming a segment the patch removed) is reported at its index in
//! the merged document, and the message names the ids involved.
//!
//! Every rule carries `source` (an id of `sources`) and `clause`; activities and cards cite both.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use super::cond::{self, Cond, Scope};
use super::condition::Condition;
use super::ActivityKind;
use crate::cards::Indicator;
use crate::error::{Error, Problem, Result};
use crate::i18n::{Locale, Text};
use crate::read::Read;

/// The default rule set, as shipped (`rules/care-rules.v1.json`, embedded without its layout by
/// `build.rs`).
pub const DEFAULT_RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/care-rules.v1.json"));

/// The default rule document as JSON (what `defaultCareRules()` returns).
pub fn default_care_rules() -> Value {
    crate::read::read::<Value>(DEFAULT_RULES_JSON, "").unwrap_or(Value::Null)
}

/// The parsed and validated default rules (parsed once).
pub fn default_rules() -> Result<&'static CareRules> {
    static CELL: OnceLock<Result<CareRules>> = OnceLock::new();
    CELL.get_or_init(|| compile_text(DEFAULT_RULES_JSON).map_err(|e| relocate(e, "rules", None)))
        .as_ref()
        .map_err(Clone::clone)
}

/// Loads `options.rules` (`None` → the default rules). `root` is the JSON path of the argument
/// (`options.rules`), the prefix of every error path.
pub fn load_rules(value: Option<&Value>, root: &str) -> Result<CareRules> {
    let Some(v) = value.filter(|v| !v.is_null()) else {
        return default_rules().cloned();
    };
    let obj = v
        .as_object()
        .ok_or_else(|| relocate(Error::rules("", "应为对象", "expected an object"), root, None))?;
    match obj.get("extends") {
        None => compile_text(&v.to_string()).map_err(|e| relocate(e, root, None)),
        Some(Value::String(s)) if s == "default" => {
            let base = default_care_rules();
            let (merged, prov) = merge(&base, obj).map_err(|e| relocate(e, root, None))?;
            compile_text(&merged.to_string()).map_err(|e| relocate(e, root, Some(&prov)))
        }
        Some(_) => Err(relocate(
            Error::rules("extends", "只能继承默认规则集（\"default\"）", "only the default rule set (\"default\") can be extended"),
            root,
            None,
        )),
    }
}

/// Which patch item each merged item came from, per array section.
type Provenance = BTreeMap<String, Vec<Option<usize>>>;

/// Prefixes an error's path with `root`, mapping merged indices back to the patch's.
fn relocate(mut e: Error, root: &str, prov: Option<&Provenance>) -> Error {
    let rel = e.field.take().unwrap_or_default();
    let mut mapped = rel.clone();
    if let (Some(prov), Some(open)) = (prov, rel.find('[')) {
        let section = &rel[..open];
        if let Some(close) = rel[open..].find(']') {
            let idx: Option<usize> = rel[open + 1..open + close].parse().ok();
            if let Some(Some(j)) = idx.and_then(|i| prov.get(section).and_then(|v| v.get(i))) {
                mapped = format!("{section}[{j}]{}", &rel[open + close + 1..]);
            }
        }
    }
    if let Problem::Missing { fields } = &mut e.problem {
        if let [only] = fields.as_mut_slice() {
            *only = mapped.clone();
        }
    }
    e.field = Some(mapped);
    crate::read::as_rules_error(e.at(root))
}

const ARRAY_SECTIONS: &[&str] =
    &["sources", "conditions", "segments", "schedules", "reassessment", "goals", "advice", "packages"];

fn merge(base: &Value, patch: &Map<String, Value>) -> Result<(Value, Provenance)> {
    let mut out = base.as_object().cloned().unwrap_or_default();
    let mut prov = Provenance::new();
    let default_version = base.get("version").and_then(Value::as_str).unwrap_or("default").to_string();
    out.insert("version".into(), Value::String(format!("{default_version}+custom")));
    for (k, v) in patch {
        if k == "extends" {
            continue;
        }
        if ARRAY_SECTIONS.contains(&k.as_str()) {
            let items = v
                .as_array()
                .ok_or_else(|| Error::rules(k, "应为数组", "expected an array"))?;
            let base_items = out.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
            let (merged, from) = merge_by_id(&base_items, items, k)?;
            out.insert(k.clone(), Value::Array(merged));
            prov.insert(k.clone(), from);
        } else if k == "classification" || k == "firstAssessment" {
            let mut target = out.remove(k).unwrap_or(Value::Null);
            merge_patch(&mut target, v);
            out.insert(k.clone(), target);
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok((Value::Object(out), prov))
}

fn merge_by_id(base: &[Value], patch: &[Value], section: &str) -> Result<(Vec<Value>, Vec<Option<usize>>)> {
    let mut items: Vec<(Value, Option<usize>)> = base.iter().map(|v| (v.clone(), None)).collect();
    for (j, item) in patch.iter().enumerate() {
        let path = format!("{section}[{j}]");
        let obj = item
            .as_object()
            .ok_or_else(|| Error::rules(&path, "应为带编号（“id”）的对象", "expected an object with an id"))?;
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::rules(&format!("{path}.id"), "缺少编号（“id”）", "missing id"))?;
        let remove = match obj.get("remove") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(Error::rules(&format!("{path}.remove"), "应为“true”或“false”", "expected true or false")),
        };
        let pos = items.iter().position(|(v, _)| v.get("id").and_then(Value::as_str) == Some(id));
        if remove {
            match pos {
                Some(p) => {
                    items.remove(p);
                }
                None => {
                    return Err(Error::rules(
                        &format!("{path}.id"),
                        &format!("没有可删除的“{id}”"),
                        &format!("no rule \"{id}\" to remove"),
                    ))
                }
            }
            continue;
        }
        let mut patch_item = item.clone();
        if let Some(o) = patch_item.as_object_mut() {
            o.remove("remove");
        }
        match pos {
            Some(p) => {
                if let Some(slot) = items.get_mut(p) {
                    merge_patch(&mut slot.0, &patch_item);
                    slot.1 = Some(j);
                }
            }
            None => items.push((patch_item, Some(j))),
        }
    }
    Ok(items.into_iter().unzip())
}

/// RFC 7396 JSON Merge Patch.
fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Some(t) = target.as_object_mut() {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        let slot = t.entry(k.clone()).or_insert(Value::Null);
                        merge_patch(slot, v);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// The document, as written

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawRules {
    version: String,
    #[serde(default)]
    title: Option<Text>,
    sources: Vec<SourceDef>,
    #[serde(default)]
    conditions: Vec<RawNamed>,
    segments: Vec<RawSegment>,
    schedules: Vec<RawSchedule>,
    classification: Classification,
    #[serde(default)]
    reassessment: Vec<RawReassess>,
    #[serde(default)]
    first_assessment: Option<RawFirstAssessment>,
    #[serde(default)]
    goals: Vec<RawGoal>,
    #[serde(default)]
    advice: Vec<RawAdvice>,
    packages: Vec<PackageDef>,
}

/// A cited document.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceDef {
    pub id: String,
    pub label: Text,
    #[serde(default)]
    pub edition: Option<String>,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawNamed {
    id: String,
    when: Value,
    #[serde(default)]
    #[allow(dead_code)]
    label: Option<Text>,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawCriterion {
    when: Value,
    reason: Text,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawSegment {
    id: String,
    label: Text,
    #[serde(default)]
    criteria: Vec<RawCriterion>,
    #[serde(default)]
    unless: Option<Value>,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    reason: Option<Text>,
    #[serde(default)]
    packages: Vec<String>,
    source: String,
    clause: Clause,
}

/// A date offset: calendar months first, then weeks and days.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OffsetDef {
    #[serde(default)]
    pub months: Option<f64>,
    #[serde(default)]
    pub weeks: Option<f64>,
    #[serde(default)]
    pub days: Option<f64>,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFallback {
    anchor: String,
    from: OffsetDef,
    #[serde(default)]
    to: Option<OffsetDef>,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawSchedule {
    id: String,
    kind: ActivityKind,
    segments: Vec<String>,
    #[serde(default)]
    except_segments: Vec<String>,
    #[serde(default)]
    when: Option<Value>,
    #[serde(rename = "type")]
    kind_of_timing: String,
    #[serde(default)]
    interval_months: Option<f64>,
    #[serde(default)]
    offset_months: Option<f64>,
    #[serde(default)]
    count: Option<f64>,
    #[serde(default)]
    condition: Option<Condition>,
    #[serde(default)]
    anchor: Option<String>,
    #[serde(default)]
    from: Option<OffsetDef>,
    #[serde(default)]
    to: Option<OffsetDef>,
    #[serde(default)]
    fallback: Option<RawFallback>,
    title: Text,
    reason: Text,
    source: String,
    clause: Clause,
}

/// Thresholds of the follow-up classification (docs/care-rules.md §2).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Classification {
    pub source: String,
    pub clause: Clause,
    pub urgent: UrgentDef,
    pub control: ControlDef,
    pub next_visit: NextVisitDef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UrgentDef {
    /// Urgent when SBP ≥ this.
    pub sbp: f64,
    /// Urgent when DBP ≥ this.
    pub dbp: f64,
    /// Diabetes: urgent when glucose ≥ this.
    pub glucose_high: f64,
    /// Diabetes: urgent when glucose ≤ this.
    pub glucose_low: f64,
    /// Diabetes: urgent when heart rate > this.
    pub heart_rate: f64,
    /// Diabetes: urgent when temperature > this.
    pub temperature: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControlDef {
    pub hypertension: HtnControlDef,
    pub diabetes: DmControlDef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HtnControlDef {
    /// Controlled when SBP < this and DBP < `dbp`.
    pub sbp: f64,
    pub dbp: f64,
    /// From this age, the elderly bounds apply.
    pub elderly_age: f64,
    pub elderly_sbp: f64,
    pub elderly_dbp: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DmControlDef {
    /// Controlled when fasting glucose < this.
    pub fasting_glucose: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NextVisitDef {
    pub uncontrolled_days: f64,
    pub controlled_months: f64,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawReassess {
    id: String,
    when: Value,
    interval_months: f64,
    title: Text,
    reason: Text,
    source: String,
    clause: Clause,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFirstAssessment {
    id: String,
    assessed_by: Vec<String>,
    #[serde(default)]
    unless: Option<Value>,
    title: Text,
    reason: Text,
    source: String,
    clause: Clause,
}

/// One measurable part of a goal's target.
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetComponent {
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// `<`, `<=`, `>=` or `>` with `value`; or a range with `low` and/or `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    pub unit: String,
    /// The UCUM code of `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ucum: Option<String>,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawTarget {
    text: Text,
    components: Vec<TargetComponent>,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawGoal {
    id: String,
    measure: String,
    when: Value,
    label: Text,
    target: RawTarget,
    #[serde(default)]
    due: Option<String>,
    source: String,
    clause: Clause,
}

#[derive(Debug, Clone, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawAdvice {
    id: String,
    indicator: Indicator,
    when: Value,
    summary: Text,
    detail: Text,
    source: String,
    clause: Clause,
}

/// A price of a personalised package (a centre may set one).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PriceDef {
    pub amount: f64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceDef {
    pub id: String,
    pub label: Text,
}

/// A service package (family-doctor contract, docs/care-rules.md §9).
#[derive(Debug, Clone, PartialEq, Serialize, Read)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageDef {
    pub id: String,
    pub label: Text,
    /// In every plan (the basic contract).
    #[serde(default)]
    pub always: bool,
    /// Offered, not included (e.g. the home-service tiers).
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub term_months: Option<f64>,
    #[serde(default)]
    pub price: Option<PriceDef>,
    pub services: Vec<ServiceDef>,
    pub source: String,
    pub clause: Clause,
}

// ---------------------------------------------------------------------------------------------
// The compiled rule set

/// The clause of a source a rule cites: one string, or one per locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Clause {
    Localized(Text),
    Plain(String),
}

/// Text, or an object read as bilingual [`Text`]; anything else (or an object that is not one)
/// is the wrong type at the clause itself, as serde reads an untagged enum.
impl Read for Clause {
    fn blank() -> Clause {
        Clause::Plain(String::new())
    }

    fn read(r: &mut crate::read::Reader<'_>) -> crate::read::R<Clause> {
        if r.next_is_text()? {
            String::read(r).map(Clause::Plain)
        } else {
            Text::read(r).map(Clause::Localized).map_err(|_| crate::read::ReadError::wrong_type())
        }
    }
}

impl Clause {
    /// The clause in both locales.
    pub fn text(&self) -> Text {
        match self {
            Clause::Localized(t) => t.clone(),
            Clause::Plain(s) => Text::new(s.clone(), s.clone()),
        }
    }
}

/// A rule's citation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cite {
    pub source: String,
    pub clause: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub when: Cond,
    pub reason: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub id: String,
    pub label: Text,
    pub criteria: Vec<Criterion>,
    pub unless: Option<Cond>,
    pub fallback: bool,
    pub reason: Option<Text>,
    pub packages: Vec<String>,
    pub cite: Cite,
}

/// What a date-anchored schedule counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Last menstrual period (given, or due date − 280 days).
    Lmp,
    /// Delivery date (given, or the due date while pregnant).
    Delivery,
    /// Discharge date (given only).
    Discharge,
    /// Birth date.
    Birth,
}

impl Anchor {
    fn parse(s: &str) -> Option<Anchor> {
        Some(match s {
            "lmp" => Anchor::Lmp,
            "delivery" => Anchor::Delivery,
            "discharge" => Anchor::Discharge,
            "birth" => Anchor::Birth,
            _ => return None,
        })
    }
}

/// A validated offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offset {
    pub months: i32,
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnchoredTiming {
    pub anchor: Anchor,
    pub from: Offset,
    pub to: Option<Offset>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Timing {
    /// From the plan's start date: offset, then every interval.
    Recurring { offset_months: i32, interval_months: i32, count: Option<u32> },
    /// After the latest visit of the condition (or from the start date), every interval.
    FollowUp { condition: Condition, interval_months: i32 },
    /// A date or window counted from an anchor, with an alternative when it is unknown.
    Anchored { main: AnchoredTiming, fallback: Option<AnchoredTiming> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub id: String,
    pub kind: ActivityKind,
    pub segments: Vec<String>,
    pub except_segments: Vec<String>,
    pub when: Option<Cond>,
    pub timing: Timing,
    pub title: Text,
    pub reason: Text,
    pub cite: Cite,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reassess {
    pub id: String,
    pub when: Cond,
    pub interval_months: i32,
    pub title: Text,
    pub reason: Text,
    pub cite: Cite,
}

/// The first cardiovascular risk assessment, due on the plan's start date when a reassessment
/// tier applies but the risk report holds none of the `assessed_by` models (lipids missing, say).
#[derive(Debug, Clone, PartialEq)]
pub struct FirstAssessment {
    pub id: String,
    pub assessed_by: Vec<String>,
    /// Residents who need no assessment (known cardiovascular disease: already at high risk).
    pub unless: Option<Cond>,
    pub title: Text,
    pub reason: Text,
    pub cite: Cite,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoalRule {
    pub id: String,
    pub measure: String,
    pub when: Cond,
    pub label: Text,
    pub target_text: Text,
    pub components: Vec<TargetComponent>,
    pub due_plan_end: bool,
    pub cite: Cite,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdviceRule {
    pub id: String,
    pub indicator: Indicator,
    pub when: Cond,
    pub summary: Text,
    pub detail: Text,
    pub cite: Cite,
}

/// A validated rule set, ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct CareRules {
    pub version: String,
    pub sources: BTreeMap<String, SourceDef>,
    pub named: Vec<Cond>,
    pub segments: Vec<Segment>,
    pub schedules: Vec<Schedule>,
    pub classification: Classification,
    pub reassessment: Vec<Reassess>,
    pub first_assessment: Option<FirstAssessment>,
    pub goals: Vec<GoalRule>,
    pub advice: Vec<AdviceRule>,
    pub packages: Vec<PackageDef>,
}

impl CareRules {
    /// The label of a source in `locale` (the id if unknown).
    pub fn source_label(&self, id: &str, locale: Locale) -> String {
        self.sources.get(id).map(|s| s.label.get(locale).to_string()).unwrap_or_else(|| id.to_string())
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Reads a rule document with the one reader (paths relative to its root) and validates it.
fn compile_text(text: &str) -> Result<CareRules> {
    compile(crate::read::read::<RawRules>(text, "")?)
}

fn compile(raw: RawRules) -> Result<CareRules> {
    non_empty(&raw.version, "version")?;
    if let Some(t) = &raw.title {
        text(t, "title")?;
    }
    let sources = compile_sources(&raw.sources)?;
    let (named_ids, named) = compile_conditions(&raw.conditions)?;
    let package_ids = check_packages(&raw.packages, &sources)?;
    let (segments, seg_ids) = compile_segments(&raw.segments, &sources, &named_ids, &package_ids)?;
    let all_scope = Scope { segments: &seg_ids, conditions: &named_ids };
    let schedules = compile_schedules(&raw.schedules, &sources, &all_scope)?;
    check_classification(&raw.classification, &sources)?;
    let reassessment = compile_reassessment(&raw.reassessment, &sources, &all_scope)?;
    let first_assessment = match &raw.first_assessment {
        Some(f) => Some(compile_first_assessment(f, &sources, &all_scope)?),
        None => None,
    };
    let goals = compile_goals(&raw.goals, &sources, &all_scope)?;
    let advice = compile_advice(&raw.advice, &sources, &all_scope)?;
    Ok(CareRules {
        version: raw.version.clone(),
        sources: sources.0,
        named,
        segments,
        schedules,
        classification: raw.classification.clone(),
        reassessment,
        first_assessment,
        goals,
        advice,
        packages: raw.packages.clone(),
    })
}

/// The rule set's sources by id: what every rule cites.
struct Sources(BTreeMap<String, SourceDef>);

impl Sources {
    /// A rule's citation (`p` is the rule's path): a known source and a clause.
    fn cite(&self, source: &str, clause: &Clause, p: &str) -> Result<Cite> {
        if !self.0.contains_key(source) {
            return Err(Error::rules(
                &format!("{p}.source"),
                &format!("未知的来源“{source}”（应为规则集来源列表中的编号）"),
                &format!("unknown source \"{source}\" (expected the id of one of the rule set's sources)"),
            ));
        }
        let clause = clause.text();
        text(&clause, &format!("{p}.clause"))?;
        Ok(Cite { source: source.to_string(), clause })
    }
}

fn compile_sources(raw: &[SourceDef]) -> Result<Sources> {
    let mut sources = BTreeMap::new();
    for (i, s) in raw.iter().enumerate() {
        let p = format!("sources[{i}]");
        check_id(&s.id, &format!("{p}.id"))?;
        text(&s.label, &format!("{p}.label"))?;
        if sources.insert(s.id.clone(), s.clone()).is_some() {
            return Err(duplicate(&format!("{p}.id"), &s.id));
        }
    }
    Ok(Sources(sources))
}

/// Named conditions, each able to refer to the ones before it.
fn compile_conditions(raw: &[RawNamed]) -> Result<(Vec<String>, Vec<Cond>)> {
    let no_segments = BTreeSet::new();
    let mut named_ids: Vec<String> = Vec::new();
    let mut named = Vec::new();
    for (i, c) in raw.iter().enumerate() {
        let p = format!("conditions[{i}]");
        check_id(&c.id, &format!("{p}.id"))?;
        if named_ids.contains(&c.id) {
            return Err(duplicate(&format!("{p}.id"), &c.id));
        }
        let scope = Scope { segments: &no_segments, conditions: &named_ids };
        named.push(cond::parse(&c.when, &format!("{p}.when"), &scope)?);
        named_ids.push(c.id.clone());
    }
    Ok((named_ids, named))
}

/// Packages (checked before the segments, which name them): their ids.
fn check_packages(raw: &[PackageDef], sources: &Sources) -> Result<BTreeSet<String>> {
    let mut package_ids = BTreeSet::new();
    for (i, pk) in raw.iter().enumerate() {
        let p = format!("packages[{i}]");
        unique_id(&mut package_ids, &pk.id, &format!("{p}.id"))?;
        text(&pk.label, &format!("{p}.label"))?;
        sources.cite(&pk.source, &pk.clause, &p)?;
        if let Some(t) = &pk.tier {
            non_empty(t, &format!("{p}.tier"))?;
        }
        if let Some(m) = pk.term_months {
            int(m, &format!("{p}.termMonths"), 1, 120)?;
        }
        if let Some(price) = &pk.price {
            if !price.amount.is_finite() || price.amount < 0.0 {
                return Err(Error::rules(&format!("{p}.price.amount"), "应为非负数", "expected a non-negative number"));
            }
            if price.currency.len() != 3 || !price.currency.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::rules(&format!("{p}.price.currency"), "应为 ISO 4217 货币代码，如 CNY", "expected an ISO 4217 code such as CNY"));
            }
        }
        if pk.services.is_empty() {
            return Err(Error::rules(&format!("{p}.services"), "不能为空", "must not be empty"));
        }
        let mut seen = BTreeSet::new();
        for (j, s) in pk.services.iter().enumerate() {
            let sp = format!("{p}.services[{j}]");
            unique_id(&mut seen, &s.id, &format!("{sp}.id"))?;
            text(&s.label, &format!("{sp}.label"))?;
        }
    }

    Ok(package_ids)
}

/// Segments: criteria may name the segments before them; the ids of all.
fn compile_segments(
    raw: &[RawSegment],
    sources: &Sources,
    named_ids: &[String],
    package_ids: &BTreeSet<String>,
) -> Result<(Vec<Segment>, BTreeSet<String>)> {
    let mut seg_ids: BTreeSet<String> = BTreeSet::new();
    let mut criteria_scope: BTreeSet<String> = BTreeSet::new();
    let mut segments = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let p = format!("segments[{i}]");
        check_id(&s.id, &format!("{p}.id"))?;
        if seg_ids.contains(&s.id) {
            return Err(duplicate(&format!("{p}.id"), &s.id));
        }
        text(&s.label, &format!("{p}.label"))?;
        let scope = Scope { segments: &criteria_scope, conditions: named_ids };
        let mut criteria = Vec::new();
        for (j, c) in s.criteria.iter().enumerate() {
            let cp = format!("{p}.criteria[{j}]");
            let when = cond::parse(&c.when, &format!("{cp}.when"), &scope)?;
            template_text(&c.reason, &format!("{cp}.reason"))?;
            criteria.push(Criterion { when, reason: c.reason.clone() });
        }
        let unless = match &s.unless {
            Some(u) => Some(cond::parse(u, &format!("{p}.unless"), &scope)?),
            None => None,
        };
        if s.fallback {
            if !criteria.is_empty() {
                return Err(Error::rules(&format!("{p}.criteria"), "兜底人群不能有条件", "a fallback segment has no criteria"));
            }
            let r = s
                .reason
                .as_ref()
                .ok_or_else(|| Error::rules(&format!("{p}.reason"), "兜底人群需要原因（“reason”）", "a fallback segment needs a reason"))?;
            template_text(r, &format!("{p}.reason"))?;
        } else {
            if criteria.is_empty() {
                return Err(Error::rules(&format!("{p}.criteria"), "至少需要一个条件", "needs at least one criterion"));
            }
            if let Some(r) = &s.reason {
                template_text(r, &format!("{p}.reason"))?;
            }
        }
        for (j, pk) in s.packages.iter().enumerate() {
            if !package_ids.contains(pk) {
                return Err(Error::rules(
                    &format!("{p}.packages[{j}]"),
                    &format!("未知的服务包“{pk}”"),
                    &format!("unknown package \"{pk}\""),
                ));
            }
        }
        let c = sources.cite(&s.source, &s.clause, &p)?;
        seg_ids.insert(s.id.clone());
        if !s.fallback {
            criteria_scope.insert(s.id.clone());
        }
        segments.push(Segment {
            id: s.id.clone(),
            label: s.label.clone(),
            criteria,
            unless,
            fallback: s.fallback,
            reason: s.reason.clone(),
            packages: s.packages.clone(),
            cite: c,
        });
    }
    Ok((segments, seg_ids))
}

fn compile_schedules(raw: &[RawSchedule], sources: &Sources, scope: &Scope) -> Result<Vec<Schedule>> {
    let seg_list = |list: &[String], p: &str| -> Result<()> {
        for (j, s) in list.iter().enumerate() {
            if !scope.segments.contains(s) {
                return Err(Error::rules(
                    &format!("{p}[{j}]"),
                    &format!("未知的人群“{s}”"),
                    &format!("unknown segment \"{s}\""),
                ));
            }
        }
        Ok(())
    };

    let mut schedule_ids = BTreeSet::new();
    let mut schedules = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let p = format!("schedules[{i}]");
        unique_id(&mut schedule_ids, &s.id, &format!("{p}.id"))?;
        if s.segments.is_empty() {
            return Err(Error::rules(&format!("{p}.segments"), "不能为空", "must not be empty"));
        }
        seg_list(&s.segments, &format!("{p}.segments"))?;
        seg_list(&s.except_segments, &format!("{p}.exceptSegments"))?;
        let when = match &s.when {
            Some(w) => Some(cond::parse(w, &format!("{p}.when"), scope)?),
            None => None,
        };
        template_text(&s.title, &format!("{p}.title"))?;
        template_text(&s.reason, &format!("{p}.reason"))?;
        let timing = schedule_timing(s, &p)?;
        schedules.push(Schedule {
            id: s.id.clone(),
            kind: s.kind,
            segments: s.segments.clone(),
            except_segments: s.except_segments.clone(),
            when,
            timing,
            title: s.title.clone(),
            reason: s.reason.clone(),
            cite: sources.cite(&s.source, &s.clause, &p)?,
        });
    }

    Ok(schedules)
}

fn check_classification(c: &Classification, sources: &Sources) -> Result<()> {
    sources.cite(&c.source, &c.clause, "classification")?;
    let u = &c.urgent;
    positive(u.sbp, "classification.urgent.sbp")?;
    positive(u.dbp, "classification.urgent.dbp")?;
    positive(u.glucose_high, "classification.urgent.glucoseHigh")?;
    positive(u.glucose_low, "classification.urgent.glucoseLow")?;
    positive(u.heart_rate, "classification.urgent.heartRate")?;
    positive(u.temperature, "classification.urgent.temperature")?;
    if u.glucose_low >= u.glucose_high {
        return Err(Error::rules(
            "classification.urgent.glucoseLow",
            "应小于紧急转诊的血糖上限（“glucoseHigh”）",
            "must be below the high glucose for urgent referral (\"glucoseHigh\")",
        ));
    }
    let h = &c.control.hypertension;
    positive(h.sbp, "classification.control.hypertension.sbp")?;
    positive(h.dbp, "classification.control.hypertension.dbp")?;
    positive(h.elderly_age, "classification.control.hypertension.elderlyAge")?;
    positive(h.elderly_sbp, "classification.control.hypertension.elderlySbp")?;
    positive(h.elderly_dbp, "classification.control.hypertension.elderlyDbp")?;
    positive(c.control.diabetes.fasting_glucose, "classification.control.diabetes.fastingGlucose")?;
    int(c.next_visit.uncontrolled_days, "classification.nextVisit.uncontrolledDays", 1, 365)?;
    int(c.next_visit.controlled_months, "classification.nextVisit.controlledMonths", 1, 24)?;

    Ok(())
}

fn compile_reassessment(raw: &[RawReassess], sources: &Sources, scope: &Scope) -> Result<Vec<Reassess>> {
    let mut ids = BTreeSet::new();
    let mut reassessment = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let p = format!("reassessment[{i}]");
        unique_id(&mut ids, &r.id, &format!("{p}.id"))?;
        template_text(&r.title, &format!("{p}.title"))?;
        template_text(&r.reason, &format!("{p}.reason"))?;
        reassessment.push(Reassess {
            id: r.id.clone(),
            when: cond::parse(&r.when, &format!("{p}.when"), scope)?,
            interval_months: int(r.interval_months, &format!("{p}.intervalMonths"), 1, 120)? as i32,
            title: r.title.clone(),
            reason: r.reason.clone(),
            cite: sources.cite(&r.source, &r.clause, &p)?,
        });
    }
    Ok(reassessment)
}

fn compile_first_assessment(f: &RawFirstAssessment, sources: &Sources, scope: &Scope) -> Result<FirstAssessment> {
    let p = "firstAssessment";
    check_id(&f.id, &format!("{p}.id"))?;
    if f.assessed_by.is_empty() {
        return Err(Error::rules(&format!("{p}.assessedBy"), "至少应列出一个风险模型", "expected at least one risk model"));
    }
    for (i, id) in f.assessed_by.iter().enumerate() {
        if crate::risk::find_model(id).is_none() {
            return Err(Error::rules(
                &format!("{p}.assessedBy[{i}]"),
                &format!("未知的风险模型“{id}”"),
                &format!("unknown risk model \"{id}\""),
            ));
        }
    }
    template_text(&f.title, &format!("{p}.title"))?;
    template_text(&f.reason, &format!("{p}.reason"))?;
    Ok(FirstAssessment {
        id: f.id.clone(),
        assessed_by: f.assessed_by.clone(),
        unless: match &f.unless {
            Some(u) => Some(cond::parse(u, &format!("{p}.unless"), scope)?),
            None => None,
        },
        title: f.title.clone(),
        reason: f.reason.clone(),
        cite: sources.cite(&f.source, &f.clause, p)?,
    })
}

fn compile_goals(raw: &[RawGoal], sources: &Sources, scope: &Scope) -> Result<Vec<GoalRule>> {
    let mut ids = BTreeSet::new();
    let mut goals = Vec::new();
    for (i, g) in raw.iter().enumerate() {
        let p = format!("goals[{i}]");
        unique_id(&mut ids, &g.id, &format!("{p}.id"))?;
        non_empty(&g.measure, &format!("{p}.measure"))?;
        template_text(&g.label, &format!("{p}.label"))?;
        template_text(&g.target.text, &format!("{p}.target.text"))?;
        if g.target.components.is_empty() {
            return Err(Error::rules(&format!("{p}.target.components"), "不能为空", "must not be empty"));
        }
        for (j, comp) in g.target.components.iter().enumerate() {
            component(comp, &format!("{p}.target.components[{j}]"))?;
        }
        let due_plan_end = match g.due.as_deref() {
            None => false,
            Some("plan-end") => true,
            Some(_) => return Err(Error::rules(&format!("{p}.due"), "应为 \"plan-end\" 或省略", "expected \"plan-end\" or nothing")),
        };
        goals.push(GoalRule {
            id: g.id.clone(),
            measure: g.measure.clone(),
            when: cond::parse(&g.when, &format!("{p}.when"), scope)?,
            label: g.label.clone(),
            target_text: g.target.text.clone(),
            components: g.target.components.clone(),
            due_plan_end,
            cite: sources.cite(&g.source, &g.clause, &p)?,
        });
    }

    Ok(goals)
}

fn compile_advice(raw: &[RawAdvice], sources: &Sources, scope: &Scope) -> Result<Vec<AdviceRule>> {
    let mut ids = BTreeSet::new();
    let mut advice = Vec::new();
    for (i, a) in raw.iter().enumerate() {
        let p = format!("advice[{i}]");
        unique_id(&mut ids, &a.id, &format!("{p}.id"))?;
        template_text(&a.summary, &format!("{p}.summary"))?;
        template_text(&a.detail, &format!("{p}.detail"))?;
        for (lang, s) in [("zh-CN", &a.summary.zh), ("en", &a.summary.en)] {
            if s.chars().count() >= super::SUMMARY_MAX {
                return Err(Error::rules(
                    &format!("{p}.summary.{lang}"),
                    "摘要应少于 140 个字符",
                    "a summary must be under 140 characters",
                ));
            }
        }
        advice.push(AdviceRule {
            id: a.id.clone(),
            indicator: a.indicator,
            when: cond::parse(&a.when, &format!("{p}.when"), scope)?,
            summary: a.summary.clone(),
            detail: a.detail.clone(),
            cite: sources.cite(&a.source, &a.clause, &p)?,
        });
    }

    Ok(advice)
}

fn schedule_timing(s: &RawSchedule, p: &str) -> Result<Timing> {
    let unused = |present: bool, name: &str| -> Result<()> {
        if present {
            Err(Error::rules(
                &format!("{p}.{name}"),
                &format!("类型“{}”的日程不使用此字段", s.kind_of_timing),
                &format!("not used by a \"{}\" schedule", s.kind_of_timing),
            ))
        } else {
            Ok(())
        }
    };
    let interval = |v: Option<f64>| -> Result<i32> {
        let v = v.ok_or_else(|| Error::rules(&format!("{p}.intervalMonths"), "缺少必填字段", "missing required field"))?;
        Ok(int(v, &format!("{p}.intervalMonths"), 1, 120)? as i32)
    };
    match s.kind_of_timing.as_str() {
        "recurring" => {
            unused(s.condition.is_some(), "condition")?;
            unused(s.anchor.is_some(), "anchor")?;
            unused(s.from.is_some(), "from")?;
            unused(s.to.is_some(), "to")?;
            unused(s.fallback.is_some(), "fallback")?;
            let offset = match s.offset_months {
                Some(v) => int(v, &format!("{p}.offsetMonths"), 0, 120)? as i32,
                None => 0,
            };
            let count = match s.count {
                Some(v) => Some(int(v, &format!("{p}.count"), 1, 1000)? as u32),
                None => None,
            };
            Ok(Timing::Recurring { offset_months: offset, interval_months: interval(s.interval_months)?, count })
        }
        "follow-up" => {
            unused(s.offset_months.is_some(), "offsetMonths")?;
            unused(s.count.is_some(), "count")?;
            unused(s.anchor.is_some(), "anchor")?;
            unused(s.from.is_some(), "from")?;
            unused(s.to.is_some(), "to")?;
            unused(s.fallback.is_some(), "fallback")?;
            let condition = s
                .condition
                .ok_or_else(|| Error::rules(&format!("{p}.condition"), "缺少必填字段", "missing required field"))?;
            Ok(Timing::FollowUp { condition, interval_months: interval(s.interval_months)? })
        }
        "anchored" => {
            unused(s.interval_months.is_some(), "intervalMonths")?;
            unused(s.offset_months.is_some(), "offsetMonths")?;
            unused(s.count.is_some(), "count")?;
            unused(s.condition.is_some(), "condition")?;
            let main = anchored(s.anchor.as_deref(), s.from.as_ref(), s.to.as_ref(), p)?;
            let fallback = match &s.fallback {
                Some(f) => Some(anchored(Some(&f.anchor), Some(&f.from), f.to.as_ref(), &format!("{p}.fallback"))?),
                None => None,
            };
            Ok(Timing::Anchored { main, fallback })
        }
        other => Err(Error::rules(
            &format!("{p}.type"),
            &format!("未知的日程类型“{other}”（应为“recurring”“follow-up”或“anchored”）"),
            &format!("unknown schedule type \"{other}\" (expected recurring, follow-up or anchored)"),
        )),
    }
}

fn anchored(anchor: Option<&str>, from: Option<&OffsetDef>, to: Option<&OffsetDef>, p: &str) -> Result<AnchoredTiming> {
    let ap = format!("{p}.anchor");
    let anchor = anchor.ok_or_else(|| Error::rules(&ap, "缺少必填字段", "missing required field"))?;
    let anchor = Anchor::parse(anchor).ok_or_else(|| {
        Error::rules(&ap, "应为“lmp”“delivery”“discharge”或“birth”", "expected lmp, delivery, discharge or birth")
    })?;
    let from = from.ok_or_else(|| Error::rules(&format!("{p}.from"), "缺少必填字段", "missing required field"))?;
    let from = offset(from, &format!("{p}.from"))?;
    let to = match to {
        Some(t) => {
            let t = offset(t, &format!("{p}.to"))?;
            // Compare on a reference date: the window must not end before it starts.
            let r = chrono::NaiveDate::from_ymd_opt(2001, 1, 31);
            let at = |o: Offset| r.and_then(|d| crate::calendar::add_months(d, o.months)).and_then(|d| crate::calendar::add_days(d, o.days));
            if at(t) < at(from) {
                return Err(Error::rules(&format!("{p}.to"), "不能早于开始（“from”）", "must not be before from"));
            }
            Some(t)
        }
        None => None,
    };
    Ok(AnchoredTiming { anchor, from, to })
}

fn offset(o: &OffsetDef, p: &str) -> Result<Offset> {
    let months = match o.months {
        Some(v) => int(v, &format!("{p}.months"), 0, 1200)?,
        None => 0,
    };
    let weeks = match o.weeks {
        Some(v) => int(v, &format!("{p}.weeks"), 0, 5200)?,
        None => 0,
    };
    let days = match o.days {
        Some(v) => int(v, &format!("{p}.days"), 0, 36500)?,
        None => 0,
    };
    if o.months.is_none() && o.weeks.is_none() && o.days.is_none() {
        return Err(Error::rules(p, "需要“months”“weeks”或“days”", "needs months, weeks or days"));
    }
    Ok(Offset { months: months as i32, days: weeks * 7 + days })
}

fn component(c: &TargetComponent, p: &str) -> Result<()> {
    non_empty(&c.metric, &format!("{p}.metric"))?;
    non_empty(&c.unit, &format!("{p}.unit"))?;
    if c.code.is_some() != c.system.is_some() {
        return Err(Error::rules(&format!("{p}.code"), "“code”与“system”须同时给出", "code and system go together"));
    }
    for (name, v) in [("value", c.value), ("low", c.low), ("high", c.high)] {
        if let Some(v) = v {
            if !v.is_finite() {
                return Err(Error::rules(&format!("{p}.{name}"), "应为有限数字", "expected a finite number"));
            }
        }
    }
    match (&c.comparator, c.value, c.low, c.high) {
        (Some(op), Some(_), None, None) => {
            if !matches!(op.as_str(), "<" | "<=" | ">=" | ">") {
                return Err(Error::rules(&format!("{p}.comparator"), "应为 <、<=、>= 或 >", "expected <, <=, >= or >"));
            }
            Ok(())
        }
        (None, None, lo, hi) if lo.is_some() || hi.is_some() => {
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    return Err(Error::rules(&format!("{p}.low"), "不能大于上限（“high”）", "must not exceed high"));
                }
            }
            Ok(())
        }
        _ => Err(Error::rules(
            p,
            "目标应为比较方式加数值（“comparator”“value”），或上下限（“low”“high”）",
            "a target is comparator + value, or a low/high range",
        )),
    }
}

/// Checks an item's id and that no earlier item of its section has it.
fn unique_id(seen: &mut BTreeSet<String>, id: &str, path: &str) -> Result<()> {
    check_id(id, path)?;
    if !seen.insert(id.to_string()) {
        return Err(duplicate(path, id));
    }
    Ok(())
}

fn duplicate(path: &str, id: &str) -> Error {
    Error::rules(path, &format!("编号“{id}”重复"), &format!("duplicate id \"{id}\""))
}

fn check_id(id: &str, path: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(Error::rules(
            path,
            "编号应为 1–64 个字母、数字、“-”、“_”或“.”",
            "an id is 1–64 letters, digits, -, _ or .",
        ))
    }
}

fn non_empty(s: &str, path: &str) -> Result<()> {
    if s.trim().is_empty() {
        Err(Error::rules(path, "不能为空", "must not be empty"))
    } else {
        Ok(())
    }
}

fn text(t: &Text, path: &str) -> Result<()> {
    non_empty(&t.zh, &format!("{path}.zh-CN"))?;
    non_empty(&t.en, &format!("{path}.en"))
}

fn template_text(t: &Text, path: &str) -> Result<()> {
    text(t, path)?;
    cond::check_template(&t.zh, &format!("{path}.zh-CN"))?;
    cond::check_template(&t.en, &format!("{path}.en"))
}

fn positive(v: f64, path: &str) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::rules(path, "应为正数", "expected a positive number"))
    }
}

fn int(v: f64, path: &str, lo: i64, hi: i64) -> Result<i64> {
    if !v.is_finite() || v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(Error::rules(
            path,
            &format!("应为 {lo}–{hi} 之间的整数"),
            &format!("expected a whole number from {lo} to {hi}"),
        ));
    }
    Ok(v as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_are_valid() {
        let r = default_rules().unwrap();
        assert_eq!(r.version, "1.0.0");
        assert!(r.segments.iter().any(|s| s.id == "general" && s.fallback));
        assert!(r.packages.iter().any(|p| p.tier.as_deref() == Some("premium")));
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut t = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}});
        merge_patch(&mut t, &serde_json::json!({"a": null, "b": {"c": 5}, "e": [1]}));
        assert_eq!(t, serde_json::json!({"b": {"c": 5, "d": 3}, "e": [1]}));
    }

    #[test]
    fn relocate_maps_patch_indices() {
        let mut prov = Provenance::new();
        prov.insert("schedules".into(), vec![None, None, Some(0)]);
        let e = relocate(Error::rules("schedules[2].intervalMonths", "x", "y"), "options.rules", Some(&prov));
        assert_eq!(e.field.as_deref(), Some("options.rules.schedules[0].intervalMonths"));
        assert_eq!(e.message(Locale::En), "Interval in months of schedule 1 in the rule set is invalid: y");
    }
}
