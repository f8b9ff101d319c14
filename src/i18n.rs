//! Locales and the message catalogue.
//!
//! zh-CN is the product's first language and the default; English is the second. Every
//! human-readable string the library produces exists in both. Machine codes (ids, categories,
//! error codes) never change with the locale.
//!
//! Two text types:
//! - [`Msg`]: a static pair of strings from the catalogue (names, labels, templates);
//! - [`Text`]: an owned pair, for messages filled in with values.
//!
//! Templates use `{}` placeholders, filled in order by [`fill`].

use serde::Serialize;

use crate::json_path::{steps, Step};

/// A supported locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum Locale {
    /// Simplified Chinese (the default).
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// The canonical tag: `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The locale of a BCP 47 tag: any `zh…` tag is zh-CN and any `en…` tag is English; `None`
    /// for anything else. Input is read with `Locale::parse` (crate::read), which turns `None`
    /// into an error naming the field.
    pub fn lenient(tag: &str) -> Option<Locale> {
        let lower = tag.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "zh" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// A static pair of strings from the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Msg {
    pub const fn new(zh: &'static str, en: &'static str) -> Msg {
        Msg { zh, en }
    }

    /// The string for `locale`.
    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh,
            Locale::En => self.en,
        }
    }

    /// Owned copy.
    pub fn text(&self) -> Text {
        Text { zh: self.zh.to_string(), en: self.en.to_string() }
    }

    /// Fills the `{}` placeholders of both templates with `args` (in order).
    pub fn fill(&self, args: &[&str]) -> Text {
        Text { zh: fill(self.zh, args), en: fill(self.en, args) }
    }
}

/// An owned, bilingual text. Serialises as `{ "zh-CN": …, "en": … }` (the `Text` type of docs/api.md).
/// Read by `src/read.rs` (which comes after this module).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Text {
    #[serde(rename = "zh-CN")]
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }

    /// The string for `locale`.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh,
            Locale::En => &self.en,
        }
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        m.text()
    }
}

/// Replaces each `{}` in `template` by the next of `args`; extra placeholders stay empty.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    let mut next = args.iter();
    // A byte scan: `str::find` with a string pattern sets up a two-way searcher on every call,
    // and messages are filled on every result. `{` is ASCII, so `pos` is a char boundary.
    while let Some(pos) = placeholder(rest) {
        out.push_str(&rest[..pos]);
        if let Some(a) = next.next() {
            out.push_str(a);
        }
        rest = &rest[pos + 2..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of the first `{}` in `s`.
fn placeholder(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = b[from..].iter().position(|&c| c == b'{') {
        let at = from + i;
        if b.get(at + 1) == Some(&b'}') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Formats a number for people: no trailing `.0`, at most `decimals` decimals, no `-0`.
pub fn num(value: f64, decimals: u32) -> String {
    if !value.is_finite() {
        return String::from("?");
    }
    let factor = 10f64.powi(decimals as i32);
    let scaled = (value * factor).round();
    // The digits of `scaled / factor` shown with `decimals` decimals are those of the integer
    // `scaled` as long as the float's ulp is far below 10^-decimals (|scaled| < 2^51), so format
    // the integer: `format!("{:.N}")` of a float takes the slow exact (bignum) path.
    if decimals <= 9 && scaled.abs() < 2_251_799_813_685_248.0 {
        let k = scaled.abs() as u64;
        let p = 10u64.pow(decimals);
        let (int, mut frac, mut width) = (k / p, k % p, decimals as usize);
        let mut s = String::with_capacity(24);
        if k != 0 && scaled < 0.0 {
            s.push('-');
        }
        s.push_str(&int.to_string());
        if frac != 0 {
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            s.push('.');
            s.push_str(&format!("{frac:0width$}"));
        }
        return s;
    }
    let rounded = scaled / factor;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let mut s = format!("{:.*}", decimals as usize, rounded);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// `a, b or c` / `a、b或c`.
pub fn list_or(words: &[&str], locale: Locale) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{}{}{last}", init.join(msg::AND.get(locale)), msg::OR.get(locale)),
    }
}

/// The words for a code a resident may have to choose (an enumeration's value), for messages
/// that say what was expected. `None` for codes without one (the message then says "one of the
/// choices offered" instead of listing codes).
pub fn choice_label(code: &str) -> Option<Msg> {
    CHOICES.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

const CHOICES: &[(&str, Msg)] = &[
    ("male", Msg::new("男", "male")),
    ("female", Msg::new("女", "female")),
    ("north", Msg::new("北方", "north")),
    ("south", Msg::new("南方", "south")),
    ("urban", Msg::new("城市", "urban")),
    ("rural", Msg::new("农村", "rural")),
    ("white", Msg::new("白人", "white")),
    ("black", Msg::new("黑人", "black")),
    ("other", Msg::new("其他", "other")),
    ("hypertension", Msg::new("高血压", "hypertension")),
    ("diabetes", Msg::new("糖尿病", "diabetes")),
    ("fasting", Msg::new("空腹", "fasting")),
    ("postprandial", Msg::new("餐后", "after a meal")),
    ("random", Msg::new("随机", "random")),
    ("independent", Msg::new("可自理", "independent")),
    ("mild", Msg::new("轻度依赖", "mildly dependent")),
    ("moderate", Msg::new("中度依赖", "moderately dependent")),
    ("dependent", Msg::new("不能自理", "dependent")),
    ("none", Msg::new("无", "none")),
    ("second-degree", Msg::new("二级亲属", "a second-degree relative")),
    ("first-degree", Msg::new("一级亲属", "a first-degree relative")),
    ("info", Msg::new("提示", "info")),
    ("warning", Msg::new("警告", "warning")),
    ("critical", Msg::new("紧急", "critical")),
    // Leaderboard scopes and metrics.
    ("member", Msg::new("个人", "member")),
    ("family", Msg::new("家庭", "family")),
    ("building", Msg::new("楼栋", "building")),
    ("points", Msg::new("积分", "points")),
    ("participation", Msg::new("参与率", "participation")),
];

// ---------------------------------------------------------------------------------------------
// Field labels: the words a message uses for a field (never its JSON path)

/// The name people use for the field at a JSON path, for messages: `profile.sbp` → 收缩压（高压）
/// / Systolic blood pressure; `readings[3].value` → 第 4 条测量记录的数值 / Value of reading 4;
/// `options.rules.schedules[0].intervalMonths` → 规则集第 1 条日程的间隔月数 / Interval in months
/// of schedule 1 in the rule set. Never returns the path or a code name: a path the tables do
/// not know is named by its nearest known part, or as "the input". The `field` of an error keeps
/// the path. Every stream adds the labels of the fields it introduces to the tables below.
pub fn field_label(path: &str) -> Text {
    let segs = steps(path);
    // Questionnaire items read "PHQ-9 第 9 题" / "PHQ-9 item 9" wherever they are.
    if let [.., Step::Key(k), Step::Index(i)] = segs.as_slice() {
        if let Some((_, m)) = QUESTION_ITEMS.iter().find(|(key, _)| key == k) {
            return m.fill(&[&(i + 1).to_string()]);
        }
    }
    // A field with its own everyday name is called by it alone (`readings[2].sbp` is the
    // systolic blood pressure, whichever reading it is).
    if let Some(Step::Key(last)) = segs.last() {
        // Outside documents (rule sets, plans, reports…), a field with its own everyday name is
        // called by it alone, and so is one named by its parent (`familyHistory.diabetes`).
        if !CONTEXTS.iter().any(|(p, _)| *p != "options.previous" && starts_with(&segs, p)) {
            let parent = segs.iter().rev().nth(1).and_then(Step::key);
            if let Some(m) = qualified(parent, last).or_else(|| STANDALONE.iter().find(|(k, _)| k == last).map(|(_, m)| *m)) {
                return m.text();
            }
        }
    }
    compose(&segs)
}

fn qualified(parent: Option<&str>, key: &str) -> Option<Msg> {
    let parent = parent?;
    QUALIFIED.iter().find(|(p, k, _)| *p == parent && *k == key).map(|(_, _, m)| *m)
}

/// A label built from the path's parts: the field's name, the list item it belongs to and the
/// document it is in.
fn compose(segs: &[Step]) -> Text {
    let context = CONTEXTS
        .iter()
        .find(|(prefix, _)| starts_with(segs, prefix))
        .map(|(prefix, m)| (prefix.split('.').count(), *m));
    let body = &segs[context.map_or(0, |(n, _)| n)..];
    // The field's own name: the last key that has one, unless an item comes after it.
    let mut name: Option<Msg> = None;
    let mut name_at = body.len();
    for (i, s) in body.iter().enumerate().rev() {
        match s {
            Step::Index(_) => break,
            Step::Key(k) => {
                let parent = if i > 0 { body[i - 1].key() } else { None };
                if let Some(m) = qualified(parent, k).or_else(|| key_label(k)) {
                    name = Some(m);
                    name_at = i;
                    break;
                }
            }
        }
    }
    // The nearest list item at or before the name: `visits[0]` → 第 1 次随访 / visit 1.
    let rows = segs.first() == Some(&Step::Key("columns"));
    let item = body[..name_at.min(body.len())].windows(2).rev().find_map(|w| match (w[0], w[1]) {
        (Step::Key(k), Step::Index(i)) => Some(item_label(k, i, rows)),
        _ => None,
    });
    let item = item.or_else(|| match body {
        [Step::Index(i), ..] => Some(Msg::new("第 {} 项", "item {}").fill(&[&(i + 1).to_string()])),
        _ => None,
    });
    let ctx = context.map(|(_, m)| m);
    match (name, item, ctx) {
        (None, None, None) => {
            // Nothing known but the argument itself (`profile`, `options`), or nothing at all.
            segs.first().and_then(Step::key).and_then(key_label).unwrap_or(msg::THE_INPUT).text()
        }
        (None, None, Some(c)) => c.text(),
        (name, item, ctx) => {
            let mut zh = String::new();
            let mut en = String::new();
            if let Some(c) = ctx {
                zh.push_str(c.zh);
            }
            if let Some(it) = &item {
                zh.push_str(&it.zh);
            }
            if let Some(n) = name {
                if !zh.is_empty() {
                    zh.push('的');
                }
                zh.push_str(n.zh);
                en.push_str(n.en);
                if let Some(it) = &item {
                    en.push_str(" of ");
                    en.push_str(&it.en);
                }
            } else if let Some(it) = &item {
                en.push_str(&capitalise(&it.en));
            }
            if let Some(c) = ctx {
                if en.is_empty() {
                    en.push_str(c.en);
                } else {
                    en.push_str(" in ");
                    en.push_str(&c.en_in());
                }
            }
            Text { zh, en }
        }
    }
}

fn starts_with(segs: &[Step], prefix: &str) -> bool {
    let parts: Vec<&str> = prefix.split('.').collect();
    parts.len() <= segs.len() && parts.iter().zip(segs).all(|(p, s)| s.key() == Some(p))
}

/// The label of a key wherever it is (no parent, list item or document).
pub(crate) fn key_label(key: &str) -> Option<Msg> {
    STANDALONE.iter().chain(KEYS).find(|(k, _)| *k == key).map(|(_, m)| *m)
}

/// An item of a list; in batch columns, a row of a column.
fn item_label(list: &str, index: usize, rows: bool) -> Text {
    let n = (index + 1).to_string();
    match ITEMS.iter().find(|(k, _)| *k == list) {
        Some((_, m)) => m.fill(&[&n]),
        None => match qualified(Some("columns"), list).filter(|_| rows).or_else(|| key_label(list)) {
            Some(m) if rows => Text { zh: format!("第 {n} 行的{}", m.zh), en: format!("{} in row {n}", m.en) },
            Some(m) => Text { zh: format!("第 {n} 个{}", m.zh), en: format!("{} number {n}", m.en) },
            None => Msg::new("第 {} 项", "item {}").fill(&[&n]),
        },
    }
}

/// The English label with its first letter capitalised (labels are ASCII-initial; ASCII case
/// mapping keeps the Unicode case tables out of the Wasm module).
fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

impl Msg {
    /// The English of a context label after "in" (`the rule set`), lower-cased unless it starts
    /// with an acronym.
    fn en_in(&self) -> String {
        let mut out = self.en.to_string();
        if out.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase) {
            if let Some(first) = out.get_mut(0..1) {
                first.make_ascii_lowercase();
            }
        }
        out
    }
}

/// Fields whose label is used alone wherever they appear (their names are the same in every
/// document: `profile.sbp`, `visit.sbp`, `readings[2].sbp`).
const STANDALONE: &[(&str, Msg)] = &[
    ("age", Msg::new("年龄", "Age")),
    ("birthDate", Msg::new("出生日期", "Birth date")),
    ("heightCm", Msg::new("身高", "Height")),
    ("weightKg", Msg::new("体重", "Weight")),
    ("waistCm", Msg::new("腰围", "Waist")),
    ("sbp", Msg::new("收缩压（高压）", "Systolic blood pressure")),
    ("dbp", Msg::new("舒张压（低压）", "Diastolic blood pressure")),
    ("totalCholesterol", Msg::new("总胆固醇", "Total cholesterol")),
    ("hdlCholesterol", Msg::new("高密度脂蛋白胆固醇", "HDL cholesterol")),
    ("ldlCholesterol", Msg::new("低密度脂蛋白胆固醇", "LDL cholesterol")),
    ("triglycerides", Msg::new("甘油三酯", "Triglycerides")),
    ("fastingGlucose", Msg::new("空腹血糖", "Fasting glucose")),
    ("postLoadGlucose", Msg::new("餐后 2 小时血糖", "2-hour glucose")),
    ("glucose", Msg::new("血糖", "Blood glucose")),
    ("hba1c", Msg::new("糖化血红蛋白", "HbA1c")),
    ("homocysteine", Msg::new("同型半胱氨酸", "Homocysteine")),
    ("egfr", Msg::new("肾小球滤过率（eGFR）", "eGFR")),
    ("uacr", Msg::new("尿白蛋白/肌酐比值（UACR）", "Urine albumin-to-creatinine ratio (UACR)")),
    ("creatinine", Msg::new("血肌酐", "Creatinine")),
    ("heartRate", Msg::new("心率", "Heart rate")),
    ("temperature", Msg::new("体温", "Temperature")),
    ("sex", Msg::new("性别", "Sex")),
    ("region", Msg::new("居住地区（南方/北方）", "Region (north or south)")),
    ("residence", Msg::new("城乡（城市/农村）", "Residence (urban or rural)")),
    ("smoker", Msg::new("是否吸烟", "Smoking")),
    ("diabetes", Msg::new("是否患糖尿病", "Diabetes")),
    ("race", Msg::new("种族", "Race")),
];

/// Labels of a key under a given parent (`familyHistory.diabetes` is not `diabetes`).
const QUALIFIED: &[(&str, &str, Msg)] = &[
    ("familyHistory", "ascvd", Msg::new("父母或兄弟姐妹是否患心脑血管病", "Family history of heart attack or stroke")),
    ("familyHistory", "prematureCvd", Msg::new("是否有早发心血管病家族史", "Family history of early heart disease")),
    ("familyHistory", "diabetes", Msg::new("是否有糖尿病家族史", "Family history of diabetes")),
    ("familyHistory", "stroke", Msg::new("是否有脑卒中家族史", "Family history of stroke")),
    ("history", "stroke", Msg::new("是否得过脑卒中", "Past stroke")),
    ("history", "diabetes", Msg::new("是否患糖尿病", "Diabetes")),
    ("columns", "male", Msg::new("性别列", "Sex column")),
    ("columns", "north", Msg::new("南北方列", "North or south column")),
    ("columns", "urban", Msg::new("城乡列", "Urban or rural column")),
    ("columns", "familyHistoryAscvd", Msg::new("心脑血管病家族史列", "Family history column")),
    ("urgent", "glucoseHigh", Msg::new("紧急转诊的血糖上限", "High glucose for urgent referral")),
    ("urgent", "glucoseLow", Msg::new("紧急转诊的血糖下限", "Low glucose for urgent referral")),
    ("window", "start", Msg::new("时间窗开始日期", "Window start")),
    ("window", "end", Msg::new("时间窗结束日期", "Window end")),
    ("price", "amount", Msg::new("价格金额", "Price amount")),
    ("price", "currency", Msg::new("货币", "Currency")),
    ("price", "per", Msg::new("计价周期", "Price period")),
];

/// Labels of keys, used with the list item and document they belong to.
const KEYS: &[(&str, Msg)] = &[
    // The arguments of the API.
    ("profile", Msg::new("健康档案", "Health profile")),
    ("options", Msg::new("选项", "Options")),
    ("visit", Msg::new("随访记录", "Follow-up visit")),
    ("readings", Msg::new("家庭测量记录", "Home readings")),
    ("plan", Msg::new("照护计划", "Care plan")),
    ("columns", Msg::new("批量数据", "Batch columns")),
    ("modelId", Msg::new("模型编号", "Model")),
    ("locale", Msg::new("语言", "Language")),
    ("value", Msg::new("数值", "Value")),
    ("from", Msg::new("原单位", "Unit to convert from")),
    ("to", Msg::new("目标单位", "Unit to convert to")),
    ("lipid", Msg::new("血脂种类", "Kind of lipid")),
    ("result", Msg::new("结果", "Result")),
    ("program", Msg::new("积分方案", "Points program")),
    ("event", Msg::new("积分事件", "Points event")),
    ("events", Msg::new("积分事件", "Points events")),
    ("state", Msg::new("积分数据", "Points data")),
    ("json", Msg::new("积分数据", "Points data")),
    ("memberId", Msg::new("会员编号", "Member")),
    ("instant", Msg::new("结算时间", "Time to settle up to")),
    // Profile.
    ("onAntihypertensives", Msg::new("是否服用降压药", "Taking blood pressure medicine")),
    ("onStatin", Msg::new("是否服用他汀类药物", "Taking a statin")),
    ("hypertension", Msg::new("是否患高血压", "Hypertension")),
    ("dyslipidemia", Msg::new("是否患血脂异常", "Abnormal blood lipids")),
    ("employed", Msg::new("是否在职", "Employment")),
    ("familyHistory", Msg::new("家族史", "Family history")),
    ("history", Msg::new("既往病史", "Medical history")),
    ("tia", Msg::new("是否有过短暂性脑缺血发作", "Past mini-stroke (TIA)")),
    ("myocardialInfarction", Msg::new("是否得过心肌梗死", "Past heart attack")),
    ("coronaryHeartDisease", Msg::new("是否患冠心病", "Coronary heart disease")),
    ("heartFailure", Msg::new("是否患心力衰竭", "Heart failure")),
    ("atrialFibrillation", Msg::new("是否患心房颤动", "Atrial fibrillation")),
    ("valvularHeartDisease", Msg::new("是否患心脏瓣膜病", "Heart valve disease")),
    ("peripheralArteryDisease", Msg::new("是否患外周动脉疾病", "Peripheral artery disease")),
    ("ckdStage", Msg::new("慢性肾病分期", "Chronic kidney disease stage")),
    ("targetOrganDamage", Msg::new("是否有靶器官损害", "Organ damage from high blood pressure")),
    ("diabetesComplications", Msg::new("是否有糖尿病并发症", "Diabetes complications")),
    ("activity", Msg::new("身体活动", "Physical activity")),
    ("sessionsPerWeek", Msg::new("每周运动次数", "Exercise sessions a week")),
    ("minutesPerSession", Msg::new("每次运动时长", "Minutes per session")),
    ("heavyLabour", Msg::new("是否从事重体力劳动", "Heavy physical work")),
    ("questionnaires", Msg::new("问卷", "Questionnaires")),
    ("phq9", Msg::new("PHQ-9 抑郁筛查问卷", "PHQ-9 depression questionnaire")),
    ("gad7", Msg::new("GAD-7 焦虑筛查问卷", "GAD-7 anxiety questionnaire")),
    ("frail", Msg::new("FRAIL 衰弱问卷", "FRAIL questionnaire")),
    ("fatigue", Msg::new("是否经常感到疲乏", "Feeling tired")),
    ("resistance", Msg::new("能否不歇气爬一层楼", "Climbing one flight of stairs")),
    ("ambulation", Msg::new("能否走完一个街区", "Walking one block")),
    ("illnesses", Msg::new("所患疾病数", "Number of illnesses")),
    ("weightLoss", Msg::new("一年内体重是否下降 5% 以上", "Weight loss over 5% in a year")),
    ("selfCare", Msg::new("生活自理能力问卷", "Self-care questionnaire")),
    ("eating", Msg::new("进餐", "Eating")),
    ("grooming", Msg::new("梳洗", "Grooming")),
    ("dressing", Msg::new("穿衣", "Dressing")),
    ("toileting", Msg::new("如厕", "Toileting")),
    ("mobility", Msg::new("活动能力", "Getting about")),
    ("findrisc", Msg::new("FINDRISC 糖尿病风险问卷", "FINDRISC diabetes questionnaire")),
    ("dailyActivity", Msg::new("是否每天运动至少 30 分钟", "Active at least 30 minutes a day")),
    ("dailyVegetables", Msg::new("是否每天吃蔬菜水果", "Vegetables or fruit every day")),
    ("everAntihypertensives", Msg::new("是否服用过降压药", "Ever taken blood pressure medicine")),
    ("everHighGlucose", Msg::new("是否查出过血糖高", "Ever told your blood sugar was high")),
    ("familyDiabetes", Msg::new("家人是否患糖尿病", "Family members with diabetes")),
    ("pregnancy", Msg::new("孕产信息", "Pregnancy")),
    ("lastMenstrualPeriod", Msg::new("末次月经日期", "Last menstrual period")),
    ("dueDate", Msg::new("预产期", "Due date")),
    ("deliveryDate", Msg::new("分娩日期", "Delivery date")),
    ("dischargeDate", Msg::new("出院日期", "Discharge date")),
    // Options.
    ("asOf", Msg::new("评估日期", "Assessment date")),
    ("models", Msg::new("模型列表", "List of models")),
    ("startDate", Msg::new("开始日期", "Start date")),
    ("horizonMonths", Msg::new("计划时长（月）", "Plan length in months")),
    ("rules", Msg::new("规则集", "Rule set")),
    ("report", Msg::new("风险评估报告", "Risk report")),
    ("visits", Msg::new("随访记录", "Follow-up visits")),
    ("previous", Msg::new("上次随访记录", "Previous visit")),
    ("utcOffset", Msg::new("时区", "Time zone")),
    ("calendarName", Msg::new("日历名称", "Calendar name")),
    ("uidNamespace", Msg::new("日历标识前缀", "Calendar ID prefix")),
    ("patientReference", Msg::new("居民引用", "Patient reference")),
    // Visits and readings.
    ("condition", Msg::new("慢病种类", "Condition")),
    ("date", Msg::new("日期", "Date")),
    ("glucoseContext", Msg::new("血糖测量时机", "When the glucose was measured")),
    ("adverseReaction", Msg::new("是否有药物不良反应", "Side effects of medicine")),
    ("uncontrollableAdverseReaction", Msg::new("是否有难以控制的药物不良反应", "Side effects that cannot be controlled")),
    ("newOrWorseComplication", Msg::new("是否有新发或加重的并发症", "New or worse complications")),
    ("dangerSymptoms", Msg::new("是否有危险症状", "Danger signs")),
    ("at", Msg::new("时间", "Time")),
    ("kind", Msg::new("类型", "Kind")),
    ("context", Msg::new("测量时机", "When it was measured")),
    ("unit", Msg::new("单位", "Unit")),
    ("id", Msg::new("编号", "ID")),
    // Documents the library produced and gets back (plans, reports).
    ("endDate", Msg::new("结束日期", "End date")),
    ("rulesVersion", Msg::new("规则版本", "Rules version")),
    ("segments", Msg::new("人群分类", "Population groups")),
    ("packages", Msg::new("服务包", "Service packages")),
    ("goals", Msg::new("目标", "Goals")),
    ("activities", Msg::new("活动", "Activities")),
    ("cards", Msg::new("提示卡片", "Advice cards")),
    ("risks", Msg::new("风险结果", "Risk results")),
    ("reassessment", Msg::new("再评估", "Reassessment")),
    ("firstAssessment", Msg::new("首次心血管病风险评估", "First cardiovascular risk assessment")),
    ("assessedBy", Msg::new("评估所用模型", "Assessing models")),
    ("followUps", Msg::new("随访结论", "Follow-up results")),
    ("title", Msg::new("标题", "Title")),
    ("due", Msg::new("日期", "Due date")),
    ("window", Msg::new("时间窗", "Time window")),
    ("reason", Msg::new("原因", "Reason")),
    ("source", Msg::new("依据", "Source")),
    ("label", Msg::new("名称", "Label")),
    ("clause", Msg::new("条款", "Clause")),
    ("services", Msg::new("服务项目", "Services")),
    ("tier", Msg::new("档次", "Tier")),
    ("optional", Msg::new("是否可选", "Optional")),
    ("termMonths", Msg::new("服务期（月）", "Term in months")),
    ("price", Msg::new("价格", "Price")),
    ("measure", Msg::new("指标", "Measure")),
    ("target", Msg::new("目标值", "Target")),
    ("code", Msg::new("代码", "Code")),
    ("indicator", Msg::new("提示级别", "Indicator")),
    ("summary", Msg::new("摘要", "Summary")),
    ("detail", Msg::new("详情", "Detail")),
    ("name", Msg::new("名称", "Name")),
    ("category", Msg::new("分级", "Category")),
    ("intervalMonths", Msg::new("间隔月数", "Interval in months")),
    ("visitDate", Msg::new("随访日期", "Visit date")),
    ("status", Msg::new("随访结论", "Status")),
    ("referral", Msg::new("转诊", "Referral")),
    ("nextVisit", Msg::new("下次随访日期", "Next visit")),
    ("reasons", Msg::new("原因", "Reasons")),
    ("results", Msg::new("评估结果", "Results")),
    ("skipped", Msg::new("未评估的模型", "Skipped models")),
    ("alerts", Msg::new("警示", "Alerts")),
    ("factors", Msg::new("风险因素", "Factors")),
    ("whatIf", Msg::new("改善设想", "What-if scenarios")),
    ("details", Msg::new("详细信息", "Details")),
    ("warnings", Msg::new("提醒", "Warnings")),
    ("message", Msg::new("说明", "Message")),
    ("fields", Msg::new("缺少的项目", "Missing fields")),
    ("citation", Msg::new("文献", "Citation")),
    ("edition", Msg::new("版本", "Edition")),
    ("points", Msg::new("积分", "Points")),
    ("modifiable", Msg::new("是否可改变", "Modifiable")),
    // Care rules.
    ("version", Msg::new("版本", "Version")),
    ("extends", Msg::new("继承设置", "Extends setting")),
    ("remove", Msg::new("是否删除", "Remove")),
    ("sources", Msg::new("来源", "Sources")),
    ("conditions", Msg::new("命名条件", "Named conditions")),
    ("when", Msg::new("适用条件", "Condition")),
    ("unless", Msg::new("排除条件", "Exclusion")),
    ("criteria", Msg::new("纳入条件", "Criteria")),
    ("fallback", Msg::new("兜底设置", "Fallback")),
    ("schedules", Msg::new("日程", "Schedules")),
    ("exceptSegments", Msg::new("排除的人群", "Groups left out")),
    ("type", Msg::new("类型", "Type")),
    ("offsetMonths", Msg::new("起始偏移月数", "Months before the first")),
    ("count", Msg::new("次数", "Count")),
    ("anchor", Msg::new("起算日期", "Anchor date")),
    ("months", Msg::new("月数", "Months")),
    ("weeks", Msg::new("周数", "Weeks")),
    ("days", Msg::new("天数", "Days")),
    ("classification", Msg::new("随访分类", "Follow-up classification")),
    ("urgent", Msg::new("紧急转诊标准", "Urgent referral thresholds")),
    ("control", Msg::new("控制标准", "Control targets")),
    ("elderlyAge", Msg::new("老年人年龄", "Older-adult age")),
    ("elderlySbp", Msg::new("老年人收缩压", "Older-adult systolic pressure")),
    ("elderlyDbp", Msg::new("老年人舒张压", "Older-adult diastolic pressure")),
    ("uncontrolledDays", Msg::new("未控制时的复诊天数", "Days to the next visit when uncontrolled")),
    ("controlledMonths", Msg::new("控制良好时的复诊月数", "Months to the next visit when controlled")),
    ("advice", Msg::new("建议", "Advice")),
    ("text", Msg::new("文字", "Text")),
    ("components", Msg::new("目标分项", "Target components")),
    ("metric", Msg::new("指标", "Metric")),
    ("system", Msg::new("编码系统", "Code system")),
    ("display", Msg::new("显示名称", "Display name")),
    ("comparator", Msg::new("比较方式", "Comparator")),
    ("low", Msg::new("下限", "Lower limit")),
    ("high", Msg::new("上限", "Upper limit")),
    ("ucum", Msg::new("UCUM 单位", "UCUM unit")),
    ("always", Msg::new("是否总是包含", "Always included")),
    ("fact", Msg::new("条件中的事实", "Fact in a condition")),
    ("op", Msg::new("比较方式", "Comparison")),
    ("all", Msg::new("全部满足的条件", "Conditions that must all hold")),
    ("any", Msg::new("任一满足的条件", "Conditions of which one must hold")),
    ("not", Msg::new("取反的条件", "Negated condition")),
    ("ref", Msg::new("引用的命名条件", "Named condition referred to")),
    ("segment", Msg::new("人群", "Population group")),
    ("risk", Msg::new("风险模型", "Risk model")),
    ("in", Msg::new("取值列表", "List of values")),
    ("zh-CN", Msg::new("中文文字", "Chinese text")),
    ("en", Msg::new("英文文字", "English text")),
    // Points programmes, events and state (see docs/points-rules.md).
    ("earning", Msg::new("积分规则", "Earning rules")),
    ("on", Msg::new("触发行为", "Action")),
    ("cap", Msg::new("上限", "Cap")),
    ("times", Msg::new("次数上限", "Times")),
    ("per", Msg::new("周期", "Period")),
    ("bonus", Msg::new("奖励", "Bonus")),
    ("tiers", Msg::new("会员等级", "Tiers")),
    ("windowDays", Msg::new("统计天数", "Window in days")),
    ("levels", Msg::new("等级", "Levels")),
    ("minEarned", Msg::new("所需积分", "Points needed")),
    ("benefits", Msg::new("权益", "Benefits")),
    ("expiry", Msg::new("积分有效期", "Expiry")),
    ("policy", Msg::new("有效期规则", "Expiry rule")),
    ("rewards", Msg::new("兑换奖品", "Rewards")),
    ("cost", Msg::new("所需积分", "Cost")),
    ("stock", Msg::new("库存", "Stock")),
    ("perMemberLimit", Msg::new("每人限兑次数", "Limit per member")),
    ("challenges", Msg::new("挑战活动", "Challenges")),
    ("makeupCards", Msg::new("补卡次数", "Make-up cards")),
    ("completionBonus", Msg::new("完成奖励", "Completion bonus")),
    ("streakMilestones", Msg::new("连续打卡奖励", "Streak rewards")),
    ("syncGraceHours", Msg::new("补传宽限小时数", "Sync grace hours")),
    ("challengeId", Msg::new("挑战活动", "Challenge")),
    ("groups", Msg::new("所属小组", "Groups")),
    ("family", Msg::new("家庭", "Family")),
    ("building", Msg::new("楼栋", "Building")),
    ("referrerId", Msg::new("推荐人", "Referrer")),
    ("rewardId", Msg::new("奖品", "Reward")),
    ("redemptionId", Msg::new("兑换编号", "Redemption")),
    ("until", Msg::new("截止日期", "Until")),
    ("scope", Msg::new("排行范围", "Leaderboard scope")),
    ("limit", Msg::new("条数上限", "Limit")),
    ("format", Msg::new("文件格式", "Format")),
];

/// Items of a list: `readings[3]` → 第 4 条测量记录 / reading 4.
const ITEMS: &[(&str, Msg)] = &[
    ("readings", Msg::new("第 {} 条测量记录", "reading {}")),
    ("visits", Msg::new("第 {} 次随访", "visit {}")),
    ("models", Msg::new("第 {} 个模型", "model {}")),
    ("activities", Msg::new("第 {} 项活动", "activity {}")),
    ("segments", Msg::new("第 {} 个人群", "population group {}")),
    ("packages", Msg::new("第 {} 个服务包", "package {}")),
    ("services", Msg::new("第 {} 项服务", "service {}")),
    ("goals", Msg::new("第 {} 个目标", "goal {}")),
    ("cards", Msg::new("第 {} 张提示卡片", "card {}")),
    ("risks", Msg::new("第 {} 项风险结果", "risk result {}")),
    ("followUps", Msg::new("第 {} 条随访结论", "follow-up result {}")),
    ("results", Msg::new("第 {} 项评估结果", "result {}")),
    ("skipped", Msg::new("第 {} 个未评估的模型", "skipped model {}")),
    ("alerts", Msg::new("第 {} 条警示", "alert {}")),
    ("factors", Msg::new("第 {} 个风险因素", "factor {}")),
    ("whatIf", Msg::new("第 {} 个改善设想", "what-if {}")),
    ("warnings", Msg::new("第 {} 条提醒", "warning {}")),
    ("reasons", Msg::new("第 {} 条原因", "reason {}")),
    ("sources", Msg::new("第 {} 个来源", "source {}")),
    ("conditions", Msg::new("第 {} 个命名条件", "named condition {}")),
    ("criteria", Msg::new("第 {} 个纳入条件", "criterion {}")),
    ("schedules", Msg::new("第 {} 条日程", "schedule {}")),
    ("exceptSegments", Msg::new("第 {} 个排除的人群", "group left out {}")),
    ("reassessment", Msg::new("第 {} 条再评估规则", "reassessment rule {}")),
    ("advice", Msg::new("第 {} 条建议", "advice {}")),
    ("components", Msg::new("第 {} 个目标分项", "target component {}")),
    ("all", Msg::new("第 {} 个条件", "condition {}")),
    ("any", Msg::new("第 {} 个条件", "condition {}")),
    ("in", Msg::new("第 {} 个取值", "value {}")),
    ("earning", Msg::new("第 {} 条积分规则", "earning rule {}")),
    ("levels", Msg::new("第 {} 个等级", "level {}")),
    ("benefits", Msg::new("第 {} 项权益", "benefit {}")),
    ("rewards", Msg::new("第 {} 个奖品", "reward {}")),
    ("challenges", Msg::new("第 {} 个挑战活动", "challenge {}")),
    ("streakMilestones", Msg::new("第 {} 个连续打卡奖励", "streak reward {}")),
    ("events", Msg::new("第 {} 个积分事件", "event {}")),
];

/// Questionnaire items.
const QUESTION_ITEMS: &[(&str, Msg)] = &[
    ("phq9", Msg::new("PHQ-9 第 {} 题", "PHQ-9 item {}")),
    ("gad7", Msg::new("GAD-7 第 {} 题", "GAD-7 item {}")),
];

/// Documents a path can be inside, longest prefix first: the label says which document.
const CONTEXTS: &[(&str, Msg)] = &[
    ("options.report", Msg::new("风险评估报告", "The risk report")),
    ("options.rules", Msg::new("规则集", "The rule set")),
    ("options.previous", Msg::new("上次随访记录", "The previous visit")),
    ("rules", Msg::new("规则集", "The rule set")),
    ("plan", Msg::new("照护计划", "The care plan")),
    ("program", Msg::new("积分方案", "The points program")),
    ("event", Msg::new("积分事件", "The points event")),
    ("state", Msg::new("积分数据", "The points data")),
];

/// The message catalogue shared by the whole library: error messages and common words.
/// Model-, plan- and points-specific strings live next to the rules that use them.
pub mod msg {
    use super::Msg;

    // Error templates. `{}` placeholders are filled in order.
    pub const INVALID_TYPE: Msg = Msg::new("{}的类型或格式不正确。", "{} has the wrong type or format.");
    pub const INVALID_TYPE_NAMED: Msg = Msg::new("{}不正确。", "{} has the wrong type or format.");
    pub const INVALID_VALUE: Msg = Msg::new("{}的值“{}”无效：{}", "{} has an invalid value \"{}\": {}");
    pub const NOT_A_NUMBER: Msg = Msg::new("{}必须是有效数字。", "{} must be a finite number.");
    pub const OUT_OF_RANGE: Msg = Msg::new(
        "{}为 {}，超出可接受范围 {}–{}{}。",
        "{} is {}, outside the accepted range {}–{}{}.",
    );
    pub const MISSING_INPUT: Msg = Msg::new("缺少必填项：{}。", "Missing required input: {}.");
    pub const INVALID_DATE: Msg = Msg::new(
        "{}的日期“{}”无效，应为 YYYY-MM-DD 格式的真实日期。",
        "{} has an invalid date \"{}\"; expected a real date as YYYY-MM-DD.",
    );
    pub const INVALID_DATE_NAMED: Msg = Msg::new(
        "{}“{}”无效，应为 YYYY-MM-DD 格式的真实日期。",
        "{} has an invalid date \"{}\"; expected a real date as YYYY-MM-DD.",
    );
    pub const INVALID_INSTANT: Msg = Msg::new(
        "{}“{}”无效，应为带时区偏移的 RFC 3339 时间（如 2026-11-24T08:30:00+08:00）。",
        "{} has an invalid instant \"{}\"; expected RFC 3339 with an offset (e.g. 2026-11-24T08:30:00+08:00).",
    );
    pub const INVALID_OFFSET: Msg = Msg::new(
        "{}的时区偏移“{}”无效，应为 +08:00 这样的格式。",
        "{} has an invalid UTC offset \"{}\"; expected a form like +08:00.",
    );
    pub const BIRTH_AFTER_AS_OF: Msg = Msg::new(
        "出生日期 {} 晚于评估日期 {}。",
        "The birth date {} is after the assessment date {}.",
    );
    pub const AGE_NOT_APPLICABLE: Msg = Msg::new(
        "“{}”适用于 {}–{} 岁的人，您的年龄为 {} 岁，不在此范围内。",
        "\"{}\" is for people aged {}–{}; your age, {}, is outside that range.",
    );
    pub const UNKNOWN_MODEL: Msg = Msg::new("未知的模型：{}。", "Unknown model: {}.");

    // What a value was expected to be (used with INVALID_VALUE).
    pub const EXPECTED_LOCALE: Msg = Msg::new("应为 zh-CN 或 en", "expected zh-CN or en");
    pub const EXPECTED_NON_EMPTY: Msg = Msg::new("不能为空", "must not be empty");
    pub const EXPECTED_INTEGER: Msg = Msg::new("应为整数", "expected a whole number");
    pub const EXPECTED_UNIT: Msg = Msg::new("应为 mmol/L 或 mg/dL", "expected mmol/L or mg/dL");
    pub const EXPECTED_OBJECT: Msg = Msg::new("应为对象", "expected an object");

    pub const INVALID_OFFSET_NAMED: Msg = Msg::new(
        "{}“{}”无效，应为 +08:00 这样的格式。",
        "{} has an invalid UTC offset \"{}\"; expected a form like +08:00.",
    );
    pub const BELOW_MINIMUM: Msg = Msg::new("{}为 {}，不能小于 {}{}。", "{} is {}; it must be at least {}{}.");
    pub const UNKNOWN_FIELD: Msg = Msg::new("{}中有无法识别的项“{}”。", "{} has an item it does not recognise: \"{}\".");
    pub const INVALID_RULES: Msg = Msg::new("{}无效：{}", "{} is invalid: {}");
    /// Appended to an English wrong-type message: what the value should have been.
    pub const EXPECTED_SENTENCE: Msg = Msg::new("应为{}。", " Expected {}.");

    // What a value of the wrong type should have been (noun phrases).
    pub const A_NUMBER: Msg = Msg::new("数字", "a number");
    pub const A_WHOLE_NUMBER: Msg = Msg::new("整数", "a whole number");
    pub const A_TEXT: Msg = Msg::new("文字", "text");
    pub const YES_OR_NO: Msg = Msg::new("是或否", "true or false");
    pub const AN_OBJECT: Msg = Msg::new("对象", "an object");
    pub const A_LIST: Msg = Msg::new("列表", "a list");
    pub const ONE_OF: Msg = Msg::new("{}之一", "{}");
    pub const ONE_OF_THE_CHOICES: Msg = Msg::new("给出的选项之一", "one of the choices offered");

    // Common words.
    pub const AND: Msg = Msg::new("、", ", ");
    pub const OR: Msg = Msg::new("或", " or ");
    /// How a field nobody has a name for is called.
    pub const THE_INPUT: Msg = Msg::new("输入的数据", "The input");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_in_order_and_keeps_text() {
        assert_eq!(fill("a {} b {} c", &["1", "2"]), "a 1 b 2 c");
        assert_eq!(fill("{}{}", &["x"]), "x");
        assert_eq!(fill("none", &["x"]), "none");
        assert_eq!(fill("{ {} }{}{", &["中文", "b"]), "{ 中文 }b{");
        assert_eq!(fill("中{}文{}", &[]), "中文");
    }

    #[test]
    fn num_trims_and_rounds() {
        assert_eq!(num(11.0, 1), "11");
        assert_eq!(num(4.95, 1), "5"); // 4.95 is stored as 4.9500000000000002
        assert_eq!(num(-0.01, 1), "0");
        assert_eq!(num(1.25, 2), "1.25");
        assert_eq!(num(f64::NAN, 1), "?");
    }

    /// `num` before its integer fast path: the reference the fast path must reproduce.
    fn num_reference(value: f64, decimals: u32) -> String {
        if !value.is_finite() {
            return String::from("?");
        }
        let factor = 10f64.powi(decimals as i32);
        let rounded = (value * factor).round() / factor;
        let rounded = if rounded == 0.0 { 0.0 } else { rounded };
        let mut s = format!("{:.*}", decimals as usize, rounded);
        if s.contains('.') {
            while s.ends_with('0') {
                s.pop();
            }
            if s.ends_with('.') {
                s.pop();
            }
        }
        s
    }

    #[test]
    fn num_matches_the_float_formatting_reference() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for d in 0..=9 {
            let edges = [0.0, -0.0, 0.05, 0.15, 4.95, -4.95, 1e-12, 123.456789, 2.5e11, 9.9e14, 1e15, 4.6e15, 1e20, 1e300, -7.0];
            for v in edges {
                assert_eq!(num(v, d), num_reference(v, d), "{v} with {d} decimals");
            }
            for _ in 0..20_000 {
                let bits = next();
                let v = match bits % 4 {
                    // Clinical-looking values with few decimals, and half-way cases.
                    0 => (bits >> 8) as f64 % 100_000.0 / 10f64.powi((bits % 5) as i32),
                    1 => ((bits >> 8) % 2_000_000) as f64 / 2000.0 - 500.0,
                    // Any magnitude.
                    2 => f64::from_bits(bits),
                    _ => (bits >> 11) as f64 / (1u64 << 53) as f64 * 10f64.powi((bits % 31) as i32 - 15),
                };
                assert_eq!(num(v, d), num_reference(v, d), "{v:e} with {d} decimals");
            }
        }
    }

    #[test]
    fn field_labels() {
        assert_eq!(field_label("profile.sbp").zh, "收缩压（高压）");
        assert_eq!(field_label("readings[2].sbp").en, "Systolic blood pressure");
        assert_eq!(field_label("profile.questionnaires.phq9[8]").zh, "PHQ-9 第 9 题");
        assert_eq!(field_label("profile.familyHistory.diabetes").en, "Family history of diabetes");
        // Never the path: composed from the field, its list item and its document.
        assert_eq!(field_label("options.asOf").en, "Assessment date");
        assert_eq!(field_label("options.asOf").zh, "评估日期");
        assert_eq!(field_label("readings[3].value"), Text::new("第 4 条测量记录的数值", "Value of reading 4"));
        assert_eq!(field_label("options.models[1]"), Text::new("第 2 个模型", "Model 2"));
        assert_eq!(field_label("plan.activities[2].window.end"), Text::new("照护计划第 3 项活动的时间窗结束日期", "Window end of activity 3 in the care plan"));
        assert_eq!(field_label("options.rules"), Text::new("规则集", "The rule set"));
        assert_eq!(field_label("options.rules.goals[0]"), Text::new("规则集第 1 个目标", "Goal 1 in the rule set"));
        assert_eq!(field_label("columns.sbp[5]"), Text::new("第 6 行的收缩压（高压）", "Systolic blood pressure in row 6"));
        assert_eq!(field_label("profile"), Text::new("健康档案", "Health profile"));
        assert_eq!(field_label("x.y.zz"), Text::new("输入的数据", "The input"));
        assert_eq!(field_label(""), Text::new("输入的数据", "The input"));
    }

    #[test]
    fn choices_in_words() {
        assert_eq!(list_or(&["男", "女"], Locale::ZhCn), "男或女");
        assert_eq!(list_or(&["a", "b", "c"], Locale::En), "a, b or c");
        assert_eq!(choice_label("second-degree").map(|m| m.en), Some("a second-degree relative"));
    }
}
