//! The one error type of the library.
//!
//! Every failure has a stable machine `code` (SCREAMING_SNAKE, never localized), an optional
//! `field` (a JSON path such as `profile.sbp` when one field is to blame) and a message in both
//! locales. The bindings turn it into a JS `Error` with `code`, `field` and `message` properties.

use std::fmt;

use crate::i18n::{field_label, fill, msg, num, Locale, Msg, Text};

/// Stable error codes (see API.md). Never renamed; new ones may be added.
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
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A library error: code, field path and a bilingual message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {}", message.en)]
pub struct Error {
    pub code: ErrorCode,
    /// JSON path of the field to blame, e.g. `profile.sbp` or `questionnaires.phq9[8]`.
    pub field: Option<String>,
    pub message: Text,
}

/// Shorthand for results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error with a ready message.
    pub fn new(code: ErrorCode, field: Option<&str>, message: Text) -> Error {
        Error { code, field: field.map(str::to_string), message }
    }

    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> &str {
        self.message.get(locale)
    }

    /// `INVALID_INPUT`: `field` holds `value`, which is not what `expected` describes.
    pub fn invalid(field: &str, value: &str, expected: &Msg) -> Error {
        let shown: String = value.chars().take(40).collect();
        let name = field_label(field);
        Error::new(
            ErrorCode::InvalidInput,
            Some(field),
            Text {
                zh: fill(msg::INVALID_VALUE.zh, &[&name.zh, &shown, expected.zh]),
                en: fill(msg::INVALID_VALUE.en, &[&name.en, &shown, expected.en]),
            },
        )
    }

    /// `INVALID_INPUT` for a value of the wrong type or shape (used by the bindings' parsers).
    pub fn wrong_type(field: &str, detail_en: &str) -> Error {
        let name = field_label(field);
        let mut e = Error::new(
            ErrorCode::InvalidInput,
            Some(field),
            Text { zh: fill(msg::INVALID_TYPE.zh, &[&name.zh]), en: fill(msg::INVALID_TYPE.en, &[&name.en]) },
        );
        if !detail_en.is_empty() {
            e.message.en.push(' ');
            e.message.en.push_str(detail_en);
        }
        e
    }

    /// `INVALID_INPUT`: a number that is NaN or infinite.
    pub fn not_a_number(field: &str) -> Error {
        let name = field_label(field);
        Error::new(
            ErrorCode::InvalidInput,
            Some(field),
            Text { zh: fill(msg::NOT_A_NUMBER.zh, &[&name.zh]), en: fill(msg::NOT_A_NUMBER.en, &[&name.en]) },
        )
    }

    /// `OUT_OF_RANGE`: `value` of `field` is outside `[min, max]` (inclusive); `unit` may be empty.
    pub fn out_of_range(field: &str, value: f64, min: f64, max: f64, unit: &str) -> Error {
        let (v, lo, hi) = (num(value, 4), num(min, 4), num(max, 4));
        let (unit_zh, unit_en) = match unit {
            "" => (String::new(), String::new()),
            "years" => (String::from(" 岁"), String::from(" years")),
            "min" => (String::from(" 分钟"), String::from(" min")),
            u => (format!(" {u}"), format!(" {u}")),
        };
        let name = field_label(field);
        Error::new(
            ErrorCode::OutOfRange,
            Some(field),
            Text {
                zh: fill(msg::OUT_OF_RANGE.zh, &[&name.zh, &v, &lo, &hi, &unit_zh]),
                en: fill(msg::OUT_OF_RANGE.en, &[&name.en, &v, &lo, &hi, &unit_en]),
            },
        )
    }

    /// `MISSING_INPUT` naming every missing field. `field` is set when exactly one is missing.
    pub fn missing(fields: &[String]) -> Error {
        let names: Vec<Text> = fields.iter().map(|f| field_label(f)).collect();
        let zh = names.iter().map(|t| t.zh.trim_end()).collect::<Vec<_>>().join(msg::AND.zh);
        let en = names.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join(msg::AND.en);
        Error {
            code: ErrorCode::MissingInput,
            field: if fields.len() == 1 { Some(fields[0].clone()) } else { fields.first().cloned() },
            message: Text { zh: fill(msg::MISSING_INPUT.zh, &[&zh]), en: fill(msg::MISSING_INPUT.en, &[&en]) },
        }
    }

    /// `INVALID_DATE` for a string that is not a real `YYYY-MM-DD` date.
    pub fn invalid_date(field: &str, value: &str) -> Error {
        let shown: String = value.chars().take(40).collect();
        let name = field_label(field);
        Error::new(
            ErrorCode::InvalidDate,
            Some(field),
            Text { zh: fill(msg::INVALID_DATE.zh, &[&name.zh, &shown]), en: fill(msg::INVALID_DATE.en, &[&name.en, &shown]) },
        )
    }

    /// `INVALID_DATE` for a malformed RFC 3339 instant.
    pub fn invalid_instant(field: &str, value: &str) -> Error {
        let shown: String = value.chars().take(40).collect();
        Error::new(ErrorCode::InvalidDate, Some(field), msg::INVALID_INSTANT.fill(&[field, &shown]))
    }

    /// Prefixes the field path (`sbp` → `profile.sbp`; `[3]` → `items[3]`).
    pub fn at(mut self, prefix: &str) -> Error {
        self.field = Some(match self.field.take() {
            None => prefix.to_string(),
            Some(f) if f.is_empty() => prefix.to_string(),
            Some(f) if f.starts_with('[') => format!("{prefix}{f}"),
            Some(f) => format!("{prefix}.{f}"),
        });
        self
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
    }

    #[test]
    fn invalid_with_value_quotes_the_value() {
        let e = Error::invalid("options.locale", "fr", &msg::EXPECTED_LOCALE);
        assert_eq!(e.message(Locale::En), "options.locale has an invalid value \"fr\": expected zh-CN or en");
        assert_eq!(e.message(Locale::ZhCn), "options.locale 的值“fr”无效：应为 zh-CN 或 en");
    }

    #[test]
    fn missing_lists_all_fields() {
        let e = Error::missing(&["profile.sbp".into(), "profile.waistCm".into()]);
        assert_eq!(e.code, ErrorCode::MissingInput);
        assert!(e.message(Locale::En).contains("Systolic blood pressure, Waist"));
        assert!(e.message(Locale::ZhCn).contains("收缩压（高压）、腰围"));
        let e = Error::missing(&["options.asOf".into()]);
        assert!(e.message(Locale::En).contains("Assessment date"));
        assert_eq!(e.message(Locale::ZhCn), "缺少必填项：评估日期。");
    }

    #[test]
    fn at_prefixes_paths() {
        assert_eq!(Error::not_a_number("sbp").at("profile").field.as_deref(), Some("profile.sbp"));
        assert_eq!(Error::not_a_number("[3]").at("items").field.as_deref(), Some("items[3]"));
    }

    #[test]
    fn check_range_is_inclusive_and_rejects_nan() {
        assert!(check_range("x", 70.0, 70.0, 200.0, "").is_ok());
        assert!(check_range("x", 200.0, 70.0, 200.0, "").is_ok());
        assert_eq!(check_range("x", 69.99, 70.0, 200.0, "").unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(check_range("x", f64::NAN, 70.0, 200.0, "").unwrap_err().code, ErrorCode::InvalidInput);
    }
}
