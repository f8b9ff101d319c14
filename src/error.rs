//! The one error type of the library.
//!
//! An error stores what went wrong and its arguments (a [`Problem`]), a stable machine `code`
//! (SCREAMING_SNAKE, never localized) and, when one field is to blame, its JSON path (`field`,
//! e.g. `profile.sbp`). The message is rendered once, at the boundary, in the locale the caller
//! asked for ([`Error::message`]): fields are named in words ([`field_label`]), never by their
//! path, and no code name reaches the text. The bindings turn an error into a JS `Error` with
//! `code`, `field` and `message`.

use std::fmt;

use crate::i18n::{field_label, fill, msg, num, Locale, Msg, Text};

/// Stable error codes (documented in `docs/api.md` and `pkg/index.d.ts`). Never renamed; new ones
/// may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    InvalidInput,
    OutOfRange,
    MissingInput,
    InvalidDate,
    InvalidRules,
    UnknownModel,
    NotApplicable,
    UnknownMember,
    UnknownReward,
    InsufficientPoints,
    LimitReached,
    OutOfStock,
    InvalidState,
    /// A state document too large to hand over as one text (a JS string).
    StateTooLarge,
}

impl ErrorCode {
    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::OutOfRange => "OUT_OF_RANGE",
            ErrorCode::MissingInput => "MISSING_INPUT",
            ErrorCode::InvalidDate => "INVALID_DATE",
            ErrorCode::InvalidRules => "INVALID_RULES",
            ErrorCode::UnknownModel => "UNKNOWN_MODEL",
            ErrorCode::NotApplicable => "NOT_APPLICABLE",
            ErrorCode::UnknownMember => "UNKNOWN_MEMBER",
            ErrorCode::UnknownReward => "UNKNOWN_REWARD",
            ErrorCode::InsufficientPoints => "INSUFFICIENT_POINTS",
            ErrorCode::LimitReached => "LIMIT_REACHED",
            ErrorCode::OutOfStock => "OUT_OF_STOCK",
            ErrorCode::InvalidState => "INVALID_STATE",
            ErrorCode::StateTooLarge => "STATE_TOO_LARGE",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong, with its arguments; [`Error::message`] renders it.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A message written by the caller ([`Error::new`]). Rendered as written, except that any
    /// JSON path or field name in it is replaced by the field's label.
    Text(Text),
    /// A value of the wrong type or shape, and what was expected when known.
    WrongType { expected: Option<Expected> },
    /// NaN or ±Infinity.
    NotANumber,
    /// A number outside `[min, max]` (`max` may be unbounded).
    OutOfRange { value: f64, min: f64, max: f64, unit: String },
    /// A value that is not what `expected` describes.
    Invalid { value: String, expected: Msg },
    /// Required inputs that are absent (labels of every one).
    Missing { fields: Vec<String> },
    /// Not a real `YYYY-MM-DD` date.
    InvalidDate { value: String },
    /// Not an RFC 3339 instant with an offset.
    InvalidInstant { value: String },
    /// Not a UTC offset such as `+08:00`.
    InvalidOffset { value: String },
    /// A key the document's schema does not have (`field` is the path of the key).
    UnknownField { name: String },
    /// A rule set that breaks a rule of its schema (`detail` says which).
    Rules { detail: Text },
}

/// What a value of the wrong type was expected to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Number,
    WholeNumber,
    Text,
    YesNo,
    Object,
    List,
    /// One of these codes (an enumeration).
    OneOf(Vec<&'static str>),
}

impl Expected {
    fn words(&self, locale: Locale) -> String {
        let m = match self {
            Expected::Number => msg::A_NUMBER,
            Expected::WholeNumber => msg::A_WHOLE_NUMBER,
            Expected::Text => msg::A_TEXT,
            Expected::YesNo => msg::YES_OR_NO,
            Expected::Object => msg::AN_OBJECT,
            Expected::List => msg::A_LIST,
            Expected::OneOf(codes) => {
                let words: Option<Vec<&str>> = codes.iter().map(|c| crate::i18n::choice_label(c).map(|m| m.get(locale))).collect();
                return match words {
                    Some(w) if !w.is_empty() => fill(msg::ONE_OF.get(locale), &[&crate::i18n::list_or(&w, locale)]),
                    _ => msg::ONE_OF_THE_CHOICES.get(locale).to_string(),
                };
            }
        };
        m.get(locale).to_string()
    }
}

/// A library error: code, field path and what went wrong (rendered in either locale); its parts
/// ([`Details`]) are read through it (`e.code`, `e.field`, `e.problem`).
///
/// Boxed: a `Result` of the library is then one word wider than its value, and every `?` moves
/// a pointer rather than the whole error (measured: several KB of the Wasm).
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<Details>);

/// What an [`Error`] holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    pub code: ErrorCode,
    /// JSON path of the field to blame, e.g. `profile.sbp` or `questionnaires.phq9[8]`.
    pub field: Option<String>,
    pub problem: Problem,
}

impl std::ops::Deref for Error {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

impl From<Details> for Error {
    fn from(d: Details) -> Error {
        Error(Box::new(d))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message(Locale::En))
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// At most 40 characters of a value quoted in a message.
fn shown(value: &str) -> String {
    value.chars().take(40).collect()
}

impl Error {
    fn with(code: ErrorCode, field: &str, problem: Problem) -> Error {
        Error::from(Details { code, field: Some(field.to_string()), problem })
    }

    /// A new error with a ready message.
    pub fn new(code: ErrorCode, field: Option<&str>, message: Text) -> Error {
        Error::from(Details { code, field: field.map(str::to_string), problem: Problem::Text(message) })
    }

    /// `INVALID_INPUT`: `field` holds `value`, which is not what `expected` describes.
    pub fn invalid(field: &str, value: &str, expected: &Msg) -> Error {
        Error::with(ErrorCode::InvalidInput, field, Problem::Invalid { value: shown(value), expected: *expected })
    }

    /// `INVALID_INPUT` for a value of the wrong type or shape. `detail_en` may say what was
    /// expected (`expected a string`, `expected a number`); it is not shown as written.
    pub fn wrong_type(field: &str, detail_en: &str) -> Error {
        let d = detail_en.to_ascii_lowercase();
        let expected = if d.contains("expected a string") {
            Some(Expected::Text)
        } else if d.contains("expected a number") {
            Some(Expected::Number)
        } else if d.contains("expected a boolean") {
            Some(Expected::YesNo)
        } else if d.contains("expected an object") {
            Some(Expected::Object)
        } else if d.contains("expected an array") || d.contains("expected a list") {
            Some(Expected::List)
        } else {
            None
        };
        Error::wrong_type_of(field, expected)
    }

    /// `INVALID_INPUT` for a value of the wrong type, saying what was expected.
    pub fn wrong_type_of(field: &str, expected: Option<Expected>) -> Error {
        Error::with(ErrorCode::InvalidInput, field, Problem::WrongType { expected })
    }

    /// `INVALID_INPUT`: a number that is NaN or infinite.
    pub fn not_a_number(field: &str) -> Error {
        Error::with(ErrorCode::InvalidInput, field, Problem::NotANumber)
    }

    /// `OUT_OF_RANGE`: `value` of `field` is outside `[min, max]` (inclusive); `unit` may be empty.
    pub fn out_of_range(field: &str, value: f64, min: f64, max: f64, unit: &str) -> Error {
        Error::with(ErrorCode::OutOfRange, field, Problem::OutOfRange { value, min, max, unit: unit.to_string() })
    }

    /// `MISSING_INPUT` naming every missing field. `field` is the first of them.
    pub fn missing(fields: &[String]) -> Error {
        Error::from(Details { code: ErrorCode::MissingInput, field: fields.first().cloned(), problem: Problem::Missing { fields: fields.to_vec() } })
    }

    /// `INVALID_DATE` for a string that is not a real `YYYY-MM-DD` date.
    pub fn invalid_date(field: &str, value: &str) -> Error {
        Error::with(ErrorCode::InvalidDate, field, Problem::InvalidDate { value: shown(value) })
    }

    /// `INVALID_DATE` for a malformed RFC 3339 instant.
    pub fn invalid_instant(field: &str, value: &str) -> Error {
        Error::with(ErrorCode::InvalidDate, field, Problem::InvalidInstant { value: shown(value) })
    }

    /// `INVALID_INPUT` for a malformed UTC offset.
    pub fn invalid_offset(field: &str, value: &str) -> Error {
        Error::with(ErrorCode::InvalidInput, field, Problem::InvalidOffset { value: shown(value) })
    }

    /// `INVALID_INPUT`: the document at `field`'s parent has a key `name` its schema does not.
    pub fn unknown_field(field: &str, name: &str) -> Error {
        Error::with(ErrorCode::InvalidInput, field, Problem::UnknownField { name: shown(name) })
    }

    /// `INVALID_RULES` at `path` (relative to the rule document until [`Error::at`] prefixes it).
    pub fn invalid_rules(path: &str, detail: Text) -> Error {
        Error::with(ErrorCode::InvalidRules, path, Problem::Rules { detail })
    }

    /// [`Error::invalid_rules`] with the detail in both languages.
    pub fn rules(path: &str, zh: &str, en: &str) -> Error {
        Error::invalid_rules(path, Text::new(zh, en))
    }

    /// Prefixes the field path (`sbp` → `profile.sbp`; `[3]` → `items[3]`).
    pub fn at(mut self, prefix: &str) -> Error {
        let join = |f: &str| crate::json_path::join(prefix, f);
        self.field = Some(match self.field.take() {
            None => prefix.to_string(),
            Some(f) => join(&f),
        });
        if let Problem::Missing { fields } = &mut self.problem {
            for f in fields.iter_mut() {
                *f = join(f);
            }
        }
        self
    }

    /// The message in `locale`: rendered from the problem, naming fields in words.
    pub fn message(&self, locale: Locale) -> String {
        let field = self.field.as_deref().unwrap_or("");
        let label = || field_label(field).get(locale).to_string();
        let t = |m: &Msg, args: &[&str]| fill(m.get(locale), args);
        let text = match &self.problem {
            Problem::Text(text) => text.get(locale).to_string(),
            Problem::WrongType { expected } => {
                let mut s = match label() {
                    // "积分事件的类型不正确", not "…的类型的类型或格式不正确".
                    l if locale == Locale::ZhCn && l.ends_with("类型") => t(&msg::INVALID_TYPE_NAMED, &[&l]),
                    l => t(&msg::INVALID_TYPE, &[&l]),
                };
                if let (Locale::En, Some(e)) = (locale, expected) {
                    s.push_str(&t(&msg::EXPECTED_SENTENCE, &[&e.words(locale)]));
                }
                s
            }
            Problem::NotANumber => t(&msg::NOT_A_NUMBER, &[&label()]),
            Problem::OutOfRange { value, min, max, unit } => {
                let unit = match (unit.as_str(), locale) {
                    ("", _) => String::new(),
                    ("years", Locale::ZhCn) => String::from(" 岁"),
                    ("min", Locale::ZhCn) => String::from(" 分钟"),
                    (u, _) => format!(" {u}"),
                };
                if *max >= f64::MAX {
                    t(&msg::BELOW_MINIMUM, &[&label(), &num(*value, 4), &num(*min, 4), &unit])
                } else {
                    t(&msg::OUT_OF_RANGE, &[&label(), &num(*value, 4), &num(*min, 4), &num(*max, 4), &unit])
                }
            }
            Problem::Invalid { value, expected } => t(&msg::INVALID_VALUE, &[&label(), value, expected.get(locale)]),
            Problem::Missing { fields } => {
                let names: Vec<String> = fields.iter().map(|f| field_label(f).get(locale).trim_end().to_string()).collect();
                t(&msg::MISSING_INPUT, &[&names.join(msg::AND.get(locale))])
            }
            // "出生日期“x”无效", not "出生日期的日期“x”无效".
            Problem::InvalidDate { value } => match label() {
                l if locale == Locale::ZhCn && (l.ends_with("日期") || l.ends_with("预产期")) => t(&msg::INVALID_DATE_NAMED, &[&l, value]),
                l => t(&msg::INVALID_DATE, &[&l, value]),
            },
            Problem::InvalidInstant { value } => t(&msg::INVALID_INSTANT, &[&label(), value]),
            Problem::InvalidOffset { value } => match label() {
                l if locale == Locale::ZhCn && l.ends_with("时区") => t(&msg::INVALID_OFFSET_NAMED, &[&l, value]),
                l => t(&msg::INVALID_OFFSET, &[&l, value]),
            },
            Problem::UnknownField { name } => {
                let parent = crate::json_path::parent(field);
                t(&msg::UNKNOWN_FIELD, &[field_label(parent).get(locale), name])
            }
            Problem::Rules { detail } => t(&msg::INVALID_RULES, &[&label(), detail.get(locale)]),
        };
        scrub(&text, locale)
    }
}

/// Checks that `value` is finite and inside `[min, max]`; names `field` otherwise.
pub fn check_range(field: &str, value: f64, min: f64, max: f64, unit: &str) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::not_a_number(field));
    }
    if value < min || value > max {
        return Err(Error::out_of_range(field, value, min, max, unit));
    }
    Ok(value)
}

/// A caller's message with every JSON path (`program.utcOffset`, `readings[2].at`) and field
/// name (`memberId`) replaced by the field's label: the fallback that keeps paths out of a
/// resident's text whatever a module wrote. Quoted values are left as they are.
fn scrub(text: &str, locale: Locale) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < b.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            i += c.len_utf8();
            continue;
        }
        match c {
            '"' => quote = Some('"'),
            '“' => quote = Some('”'),
            '‘' => quote = Some('’'),
            _ => {}
        }
        let starts_word = c.is_ascii_alphabetic() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
        if starts_word {
            let end = path_end(b, i);
            let token = &text[i..end];
            if is_path_like(token) {
                let label = field_label(token);
                let label = label.get(locale);
                if locale == Locale::ZhCn && out.ends_with(' ') && !out.trim_end().ends_with(|ch: char| ch.is_ascii()) {
                    out.pop();
                }
                out.push_str(label);
                i = end;
                if locale == Locale::ZhCn && b.get(i) == Some(&b' ') && text[i + 1..].chars().next().is_some_and(|ch| !ch.is_ascii()) {
                    i += 1;
                }
                continue;
            }
            out.push_str(token);
            i = end;
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The end of an identifier path starting at `i`: `a.b[2].c`.
fn path_end(b: &[u8], mut i: usize) -> usize {
    let ident = |b: &[u8], mut j: usize| {
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        j
    };
    i = ident(b, i);
    loop {
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            i = ident(b, i + 1);
        } else if b.get(i) == Some(&b'[') {
            let j = ident(b, i + 1);
            if j > i + 1 && b.get(j) == Some(&b']') && b[i + 1..j].iter().all(u8::is_ascii_digit) {
                i = j + 1;
            } else {
                return i;
            }
        } else {
            return i;
        }
    }
}

/// A JSON path (`a.b`, `a[0]`), or a camelCase field name the label tables know (`memberId`);
/// not `e.g`, a word or a name such as `eGFR`.
fn is_path_like(token: &str) -> bool {
    if token.contains('[') {
        return true;
    }
    if token.contains('.') {
        return token.split('.').all(|s| s.len() >= 2);
    }
    let b = token.as_bytes();
    b[0].is_ascii_lowercase()
        && b.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        && crate::i18n::key_label(token).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_names_field_value_and_range_in_both_languages() {
        let e = Error::out_of_range("profile.sbp", 250.0, 70.0, 200.0, "mmHg");
        assert_eq!(e.code.as_str(), "OUT_OF_RANGE");
        assert_eq!(e.field.as_deref(), Some("profile.sbp"));
        assert_eq!(e.message(Locale::En), "Systolic blood pressure is 250, outside the accepted range 70–200 mmHg.");
        assert!(e.message(Locale::ZhCn).contains("超出可接受范围 70–200 mmHg"));
        let e = Error::out_of_range("profile.age", 90.0, 20.0, 85.0, "years");
        assert_eq!(e.message(Locale::ZhCn), "年龄为 90，超出可接受范围 20–85 岁。");
        let e = Error::out_of_range("value", -5.0, 0.0, f64::MAX, "");
        assert_eq!(e.message(Locale::En), "Value is -5; it must be at least 0.");
    }

    #[test]
    fn invalid_with_value_quotes_the_value() {
        let e = Error::invalid("options.locale", "fr", &msg::EXPECTED_LOCALE);
        assert_eq!(e.message(Locale::En), "Language has an invalid value \"fr\": expected zh-CN or en");
        assert_eq!(e.message(Locale::ZhCn), "语言的值“fr”无效：应为 zh-CN 或 en");
    }

    #[test]
    fn missing_lists_all_fields_in_words() {
        let e = Error::missing(&["profile.sbp".into(), "profile.waistCm".into()]);
        assert_eq!(e.code, ErrorCode::MissingInput);
        assert!(e.message(Locale::En).contains("Systolic blood pressure, Waist"));
        assert!(e.message(Locale::ZhCn).contains("收缩压（高压）、腰围"));
        let e = Error::missing(&["options.asOf".into()]);
        assert_eq!(e.message(Locale::En), "Missing required input: Assessment date.");
        assert_eq!(e.message(Locale::ZhCn), "缺少必填项：评估日期。");
        let e = Error::missing(&["profile.questionnaires.phq9".into()]);
        assert_eq!(e.message(Locale::ZhCn), "缺少必填项：PHQ-9 抑郁筛查问卷。");
    }

    #[test]
    fn at_prefixes_paths_and_the_message_follows() {
        let e = Error::not_a_number("sbp").at("profile");
        assert_eq!(e.field.as_deref(), Some("profile.sbp"));
        assert_eq!(Error::not_a_number("[3]").at("items").field.as_deref(), Some("items[3]"));
        let e = Error::missing(&["date".into()]).at("options.visits[2]");
        assert_eq!(e.field.as_deref(), Some("options.visits[2].date"));
        assert_eq!(e.message(Locale::En), "Missing required input: Date of visit 3.");
        assert_eq!(e.message(Locale::ZhCn), "缺少必填项：第 3 次随访的日期。");
    }

    #[test]
    fn a_written_message_never_shows_a_path() {
        let e = Error::new(
            ErrorCode::InvalidInput,
            Some("program.utcOffset"),
            Text::new("program.utcOffset 的时区偏移“8”无效。", "program.utcOffset has an invalid UTC offset \"8\"."),
        );
        assert_eq!(e.message(Locale::ZhCn), "积分方案的时区的时区偏移“8”无效。");
        assert_eq!(e.message(Locale::En), "Time zone in the points program has an invalid UTC offset \"8\".");
        // Quoted values, words, e.g. and numbers stay.
        let e = Error::new(ErrorCode::InvalidInput, None, Text::new("值“a.b”无效", "e.g. 1.5 or \"memberId\" for memberId"));
        assert_eq!(e.message(Locale::ZhCn), "值“a.b”无效");
        assert_eq!(e.message(Locale::En), "e.g. 1.5 or \"memberId\" for Member");
    }

    #[test]
    fn rules_errors_name_the_rule_in_words() {
        let e = Error::invalid_rules("schedules[0].intervalMonths", Text::new("应为 1 到 120 的整数", "expected a whole number from 1 to 120"))
            .at("options.rules");
        assert_eq!(e.code, ErrorCode::InvalidRules);
        assert_eq!(e.field.as_deref(), Some("options.rules.schedules[0].intervalMonths"));
        assert_eq!(e.message(Locale::ZhCn), "规则集第 1 条日程的间隔月数无效：应为 1 到 120 的整数");
        assert_eq!(
            e.message(Locale::En),
            "Interval in months of schedule 1 in the rule set is invalid: expected a whole number from 1 to 120"
        );
    }

    #[test]
    fn check_range_is_inclusive_and_rejects_nan() {
        assert!(check_range("x", 70.0, 70.0, 200.0, "").is_ok());
        assert!(check_range("x", 200.0, 70.0, 200.0, "").is_ok());
        assert_eq!(check_range("x", 69.99, 70.0, 200.0, "").unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(check_range("x", f64::NAN, 70.0, 200.0, "").unwrap_err().code, ErrorCode::InvalidInput);
    }
}
