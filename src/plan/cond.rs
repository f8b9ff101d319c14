//! The small condition language of the rule set, the facts it reads, and `{placeholder}`
//! templates.
//!
//! A condition is a JSON object with exactly one operator key:
//!
//! | form | true when |
//! |---|---|
//! | `{ "all": [c, …] }` / `{ "any": [c, …] }` / `{ "not": c }` | boolean combination |
//! | `{ "fact": "sbp", "op": ">=", "value": 130 }` | a fact compares (`<` `<=` `>` `>=` `==` `!=`, `in` with a list of strings) |
//! | `{ "risk": "china-par", "in": ["medium", "high"] }` | a risk result has one of these categories |
//! | `{ "risk": "cdrs", "op": ">=", "value": 25 }` | a risk result's value compares |
//! | `{ "segment": "hypertension" }` | an earlier segment applies |
//! | `{ "ref": "central-obesity" }` | a named condition (defined earlier in `conditions`) holds |
//!
//! A comparison with an absent fact or risk result is false (so `{ "not": … }` of it is true):
//! unknown data never puts a resident in a group.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::i18n::num;


/// The kind of value a fact holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Num,
    Bool,
    Str,
}

/// Every fact a condition or template may name, with its kind.
pub const FACTS: &[(&str, FactKind)] = &[
    ("age", FactKind::Num),
    ("ageMonths", FactKind::Num),
    ("sex", FactKind::Str),
    ("heightCm", FactKind::Num),
    ("weightKg", FactKind::Num),
    ("waistCm", FactKind::Num),
    ("bmi", FactKind::Num),
    ("sbp", FactKind::Num),
    ("dbp", FactKind::Num),
    ("bpCategory", FactKind::Str),
    ("totalCholesterol", FactKind::Num),
    ("hdlCholesterol", FactKind::Num),
    ("ldlCholesterol", FactKind::Num),
    ("triglycerides", FactKind::Num),
    ("fastingGlucose", FactKind::Num),
    ("postLoadGlucose", FactKind::Num),
    ("hba1c", FactKind::Num),
    ("egfr", FactKind::Num),
    ("smoker", FactKind::Bool),
    ("diabetes", FactKind::Bool),
    ("hypertension", FactKind::Bool),
    ("dyslipidemia", FactKind::Bool),
    ("onAntihypertensives", FactKind::Bool),
    ("onStatin", FactKind::Bool),
    ("employed", FactKind::Bool),
    ("sessionsPerWeek", FactKind::Num),
    ("minutesPerSession", FactKind::Num),
    ("activityMinutesPerWeek", FactKind::Num),
    ("familyPrematureCvd", FactKind::Bool),
    ("familyDiabetes", FactKind::Bool),
    ("ascvd", FactKind::Bool),
    ("ckdStage", FactKind::Num),
    ("pregnant", FactKind::Bool),
    ("postpartum", FactKind::Bool),
    ("gestationalWeeks", FactKind::Num),
    ("postpartumDays", FactKind::Num),
    ("lmp", FactKind::Str),
    ("dueDate", FactKind::Str),
    ("deliveryDate", FactKind::Str),
    ("birthDate", FactKind::Str),
    ("startDate", FactKind::Str),
];

fn fact_kind(name: &str) -> Option<FactKind> {
    FACTS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Num(f64),
    Bool(bool),
    Str(String),
}

/// What conditions are evaluated against.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub values: BTreeMap<&'static str, Fact>,
    /// Risk results by model id: (category, value).
    pub risks: BTreeMap<String, (String, f64)>,
}

impl Facts {
    pub fn set_num(&mut self, name: &'static str, v: Option<f64>) {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.values.insert(name, Fact::Num(v));
        }
    }
    pub fn set_bool(&mut self, name: &'static str, v: Option<bool>) {
        if let Some(v) = v {
            self.values.insert(name, Fact::Bool(v));
        }
    }
    pub fn set_str(&mut self, name: &'static str, v: Option<String>) {
        if let Some(v) = v {
            self.values.insert(name, Fact::Str(v));
        }
    }
    pub fn num(&self, name: &str) -> Option<f64> {
        match self.values.get(name) {
            Some(Fact::Num(v)) => Some(*v),
            _ => None,
        }
    }
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.values.get(name) {
            Some(Fact::Bool(v)) => Some(*v),
            _ => None,
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    In,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "==" => Op::Eq,
            "!=" => Op::Ne,
            "in" => Op::In,
            _ => return None,
        })
    }

    fn num(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::In => false,
        }
    }
}

/// The right-hand side of a fact comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f64),
    Bool(bool),
    Str(String),
    List(Vec<String>),
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Segment(String),
    Ref(usize),
    Fact { name: String, op: Op, value: Operand },
    RiskIn { id: String, categories: Vec<String> },
    RiskCmp { id: String, op: Op, value: f64 },
}

/// What a condition may refer to while it is parsed: the segments and named conditions defined
/// before it.
pub struct Scope<'a> {
    pub segments: &'a BTreeSet<String>,
    pub conditions: &'a [String],
}

const MAX_DEPTH: usize = 32;

/// Parses a condition at JSON path `path`.
pub fn parse(v: &Value, path: &str, scope: &Scope) -> Result<Cond> {
    parse_depth(v, path, scope, 0)
}

fn parse_depth(v: &Value, path: &str, scope: &Scope, depth: usize) -> Result<Cond> {
    if depth > MAX_DEPTH {
        return Err(Error::rules(path, "条件嵌套过深", "condition nested too deeply"));
    }
    let obj = v
        .as_object()
        .ok_or_else(|| Error::rules(path, "条件应为对象", "a condition must be an object"))?;
    let has = |k: &str| obj.contains_key(k);
    let allow = |allowed: &[&str]| only_keys(obj, path, allowed);
    if has("all") || has("any") {
        let key = if has("all") { "all" } else { "any" };
        allow(&[key])?;
        let p = format!("{path}.{key}");
        let items = obj
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| Error::rules(&p, "应为条件数组", "expected an array of conditions"))?;
        if items.is_empty() {
            return Err(Error::rules(&p, "条件数组不能为空", "must not be empty"));
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, c) in items.iter().enumerate() {
            out.push(parse_depth(c, &format!("{p}[{i}]"), scope, depth + 1)?);
        }
        return Ok(if key == "all" { Cond::All(out) } else { Cond::Any(out) });
    }
    if has("not") {
        allow(&["not"])?;
        let inner = obj.get("not").unwrap_or(&Value::Null);
        return Ok(Cond::Not(Box::new(parse_depth(inner, &format!("{path}.not"), scope, depth + 1)?)));
    }
    if has("segment") {
        allow(&["segment"])?;
        let p = format!("{path}.segment");
        let id = obj.get("segment").and_then(Value::as_str).ok_or_else(|| Error::rules(&p, "应为字符串", "expected a string"))?;
        if !scope.segments.contains(id) {
            return Err(Error::rules(
                &p,
                &format!("未知或尚未定义的人群“{id}”（只能引用排在前面的人群）"),
                &format!("unknown segment \"{id}\" (only segments defined earlier can be referenced)"),
            ));
        }
        return Ok(Cond::Segment(id.to_string()));
    }
    if has("ref") {
        allow(&["ref"])?;
        let p = format!("{path}.ref");
        let id = obj.get("ref").and_then(Value::as_str).ok_or_else(|| Error::rules(&p, "应为字符串", "expected a string"))?;
        let idx = scope.conditions.iter().position(|c| c == id).ok_or_else(|| {
            Error::rules(
                &p,
                &format!("未知或尚未定义的条件“{id}”（只能引用排在前面的条件）"),
                &format!("unknown condition \"{id}\" (only conditions defined earlier can be referenced)"),
            )
        })?;
        return Ok(Cond::Ref(idx));
    }
    if has("fact") {
        allow(&["fact", "op", "value"])?;
        return parse_fact(obj, path);
    }
    if has("risk") {
        return parse_risk(obj, path);
    }
    Err(Error::rules(
        path,
        "条件应包含“all”“any”“not”“fact”“risk”“segment”或“ref”之一",
        "a condition needs one of \"all\", \"any\", \"not\", \"fact\", \"risk\", \"segment\" or \"ref\"",
    ))
}

/// Refuses keys of a condition object other than `allowed`.
fn only_keys(obj: &serde_json::Map<String, Value>, path: &str, allowed: &[&str]) -> Result<()> {
    for k in obj.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(Error::rules(&format!("{path}.{k}"), "条件中不允许此字段", "field not allowed in this condition"));
        }
    }
    Ok(())
}

/// `{ fact, op, value }`: a known fact compared with a value of its kind.
fn parse_fact(obj: &serde_json::Map<String, Value>, path: &str) -> Result<Cond> {
    let p = format!("{path}.fact");
    let name = obj.get("fact").and_then(Value::as_str).ok_or_else(|| Error::rules(&p, "应为字符串", "expected a string"))?;
    let kind = fact_kind(name).ok_or_else(|| {
        Error::rules(&p, &format!("未知的事实“{name}”"), &format!("unknown fact \"{name}\""))
    })?;
    let op = parse_op(obj.get("op"), &format!("{path}.op"))?;
    let vp = format!("{path}.value");
    let value = obj.get("value").ok_or_else(|| Error::rules(&vp, "缺少比较值", "missing value"))?;
    let operand = match (kind, op) {
        (FactKind::Num, Op::In) | (FactKind::Bool, Op::In) => {
            return Err(Error::rules(&format!("{path}.op"), "“in”只能用于文本事实", "`in` applies to text facts only"))
        }
        (FactKind::Num, _) => Operand::Num(
            value.as_f64().filter(|v| v.is_finite()).ok_or_else(|| Error::rules(&vp, "应为数字", "expected a number"))?,
        ),
        (FactKind::Bool, Op::Eq) | (FactKind::Bool, Op::Ne) => {
            Operand::Bool(value.as_bool().ok_or_else(|| Error::rules(&vp, "应为布尔值", "expected true or false"))?)
        }
        (FactKind::Bool, _) => {
            return Err(Error::rules(&format!("{path}.op"), "布尔事实只能用 == 或 !=", "boolean facts take == or != only"))
        }
        (FactKind::Str, Op::In) => Operand::List(string_list(value, &vp)?),
        (FactKind::Str, Op::Eq) | (FactKind::Str, Op::Ne) => Operand::Str(
            value.as_str().ok_or_else(|| Error::rules(&vp, "应为字符串", "expected a string"))?.to_string(),
        ),
        (FactKind::Str, _) => {
            return Err(Error::rules(&format!("{path}.op"), "文本事实只能用“==”“!=”或“in”", "text facts take ==, != or in"))
        }
    };
    Ok(Cond::Fact { name: name.to_string(), op, value: operand })
}

/// `{ risk, in }` (categories) or `{ risk, op, value }` (a comparison of the value).
fn parse_risk(obj: &serde_json::Map<String, Value>, path: &str) -> Result<Cond> {
    let p = format!("{path}.risk");
    let id = obj.get("risk").and_then(Value::as_str).ok_or_else(|| Error::rules(&p, "应为字符串", "expected a string"))?;
    if id.is_empty() {
        return Err(Error::rules(&p, "不能为空", "must not be empty"));
    }
    if obj.contains_key("in") {
        only_keys(obj, path, &["risk", "in"])?;
        let categories = string_list(obj.get("in").unwrap_or(&Value::Null), &format!("{path}.in"))?;
        return Ok(Cond::RiskIn { id: id.to_string(), categories });
    }
    only_keys(obj, path, &["risk", "op", "value"])?;
    let op = parse_op(obj.get("op"), &format!("{path}.op"))?;
    if op == Op::In {
        return Err(Error::rules(&format!("{path}.op"), "分类请用 \"in\" 字段", "use the \"in\" field for categories"));
    }
    let vp = format!("{path}.value");
    let value = obj
        .get("value")
        .and_then(Value::as_f64)
        .filter(|v| v.is_finite())
        .ok_or_else(|| Error::rules(&vp, "应为数字", "expected a number"))?;
    Ok(Cond::RiskCmp { id: id.to_string(), op, value })
}

fn parse_op(v: Option<&Value>, path: &str) -> Result<Op> {
    v.and_then(Value::as_str)
        .and_then(Op::parse)
        .ok_or_else(|| Error::rules(path, "应为“<”“<=”“>”“>=”“==”“!=”或“in”", "expected <, <=, >, >=, ==, != or in"))
}

fn string_list(v: &Value, path: &str) -> Result<Vec<String>> {
    let arr = v.as_array().ok_or_else(|| Error::rules(path, "应为字符串数组", "expected an array of strings"))?;
    let mut out = Vec::with_capacity(arr.len());
    for (i, x) in arr.iter().enumerate() {
        out.push(
            x.as_str()
                .ok_or_else(|| Error::rules(&format!("{path}[{i}]"), "应为字符串", "expected a string"))?
                .to_string(),
        );
    }
    if out.is_empty() {
        return Err(Error::rules(path, "不能为空", "must not be empty"));
    }
    Ok(out)
}

/// Evaluation context: facts, the segments found so far and the named conditions.
pub struct Ctx<'a> {
    pub facts: &'a Facts,
    pub segments: &'a BTreeSet<String>,
    pub named: &'a [Cond],
}

impl Cond {
    /// Evaluates the condition (absent data compares false).
    pub fn eval(&self, ctx: &Ctx) -> bool {
        self.eval_depth(ctx, 0)
    }

    fn eval_depth(&self, ctx: &Ctx, depth: usize) -> bool {
        if depth > 4 * MAX_DEPTH {
            return false;
        }
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.eval_depth(ctx, depth + 1)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval_depth(ctx, depth + 1)),
            Cond::Not(c) => !c.eval_depth(ctx, depth + 1),
            Cond::Segment(id) => ctx.segments.contains(id),
            Cond::Ref(i) => ctx.named.get(*i).is_some_and(|c| c.eval_depth(ctx, depth + 1)),
            Cond::Fact { name, op, value } => match (ctx.facts.values.get(name.as_str()), value) {
                (Some(Fact::Num(a)), Operand::Num(b)) => op.num(*a, *b),
                (Some(Fact::Bool(a)), Operand::Bool(b)) => match op {
                    Op::Eq => a == b,
                    Op::Ne => a != b,
                    _ => false,
                },
                (Some(Fact::Str(a)), Operand::Str(b)) => match op {
                    Op::Eq => a == b,
                    Op::Ne => a != b,
                    _ => false,
                },
                (Some(Fact::Str(a)), Operand::List(list)) => list.iter().any(|x| x == a),
                _ => false,
            },
            Cond::RiskIn { id, categories } => {
                ctx.facts.risks.get(id).is_some_and(|(cat, _)| categories.iter().any(|c| c == cat))
            }
            Cond::RiskCmp { id, op, value } => ctx.facts.risks.get(id).is_some_and(|(_, v)| op.num(*v, *value)),
        }
    }
}

/// Checks the `{placeholders}` of a template: facts by name, or `risk.<id>.value` /
/// `risk.<id>.label`.
pub fn check_template(template: &str, path: &str) -> Result<()> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| Error::rules(path, "占位符缺少 }", "placeholder without a closing }"))?;
        let name = &after[..close];
        let ok = fact_kind(name).is_some()
            || name
                .strip_prefix("risk.")
                .and_then(|r| r.rsplit_once('.'))
                .is_some_and(|(id, field)| !id.is_empty() && (field == "value" || field == "label"));
        if !ok {
            return Err(Error::rules(
                path,
                &format!("未知的占位符“{{{name}}}”"),
                &format!("unknown placeholder {{{name}}}"),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Fills `{placeholders}` from the facts; an absent value shows as `?`.
pub fn fill_template(template: &str, facts: &Facts, risk_labels: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        let value = if let Some(r) = name.strip_prefix("risk.") {
            match r.rsplit_once('.') {
                Some((id, "value")) => facts.risks.get(id).map(|(_, v)| num(*v, 1)),
                Some((id, "label")) => risk_labels.get(id).cloned(),
                _ => None,
            }
        } else {
            match facts.values.get(name) {
                Some(Fact::Num(v)) => Some(num(*v, 1)),
                Some(Fact::Str(s)) => Some(s.clone()),
                Some(Fact::Bool(b)) => Some(b.to_string()),
                None => None,
            }
        };
        out.push_str(value.as_deref().unwrap_or("?"));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}
