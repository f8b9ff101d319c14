//! The JS boundary: converts values and errors, nothing else.
//!
//! Every export takes `JsValue`s (so no argument of the wrong type can make the generated glue
//! throw a non-`Error` or trap), parses them with serde into core types (field paths via
//! `serde_path_to_error`), calls the pure-Rust core and converts the result with
//! `serde-wasm-bindgen` in JSON-compatible mode (plain objects, no Maps, no BigInt).
//! A core [`Error`] becomes a JS `Error` with `code`, `field` and a localized `message`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorCode};
use crate::i18n::{msg, Locale};

mod monitoring;
mod plan;
mod points;
mod risk;

/// What every export returns.
pub(crate) type JsResult = Result<JsValue, JsValue>;

/// Parses a JS value into a core type. `root` names the argument (`profile`, `options`), and is
/// the prefix of every field path in errors.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, root: &str) -> Result<T, Error> {
    let de = serde_wasm_bindgen::Deserializer::from(value);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path.is_empty() || path == "." || path == "?" {
            root.to_string()
        } else if path.starts_with('[') {
            format!("{root}{path}")
        } else {
            format!("{root}.{path}")
        };
        serde_error(&field, &e.into_inner().to_string())
    })
}

/// Parses a document the library itself produced and the host passes back (a `CarePlan`, a
/// `RiskReport`). Errors name `root` and carry serde's description, without the per-field path
/// tracking of [`from_js`]: that tracking doubles the code of every type it reads, and these
/// large types are not typed by people.
pub(crate) fn from_js_document<T: DeserializeOwned>(value: JsValue, root: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| serde_error(root, &e.to_string()))
}

/// Like [`from_js`], but `undefined` and `null` give `T::default()` (for optional options).
pub(crate) fn from_js_or_default<T: DeserializeOwned + Default>(value: JsValue, root: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, root)
    }
}

/// Maps a serde message to a stable code: `missing field` → `MISSING_INPUT` on that field,
/// anything else → `INVALID_INPUT` on the path.
fn serde_error(field: &str, detail: &str) -> Error {
    // serde-wasm-bindgen's messages are the Display of a JS Error: "Error: missing field `sex`".
    let detail = detail.strip_prefix("Error: ").unwrap_or(detail);
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        let full = if field.is_empty() { name.to_string() } else { format!("{field}.{name}") };
        return Error::missing(&[full]);
    }
    Error::wrong_type(field, detail)
}

/// Serialises a core value as a plain JSON-compatible JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&ser).map_err(|e| Error::wrong_type("result", &e.to_string()))
}

/// Turns a core error into a JS `Error` with `code`, `field` and `message` in `locale`.
pub(crate) fn js_error(e: &Error, locale: Locale) -> JsValue {
    let err = js_sys::Error::new(e.message(locale));
    err.set_name("HealthStewardError");
    let obj: &JsValue = err.as_ref();
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str("code"), &JsValue::from_str(e.code.as_str()));
    let field = match &e.field {
        Some(f) => JsValue::from_str(f),
        None => JsValue::UNDEFINED,
    };
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str("field"), &field);
    err.into()
}

/// Runs `f` and converts its result and error (in `locale`).
pub(crate) fn respond<T: Serialize>(locale: Locale, f: impl FnOnce() -> Result<T, Error>) -> JsResult {
    f().and_then(|v| to_js(&v)).map_err(|e| js_error(&e, locale))
}

/// The locale an options object asks for, read leniently so that even an error about the
/// options can be reported in the right language. Invalid or absent → zh-CN.
pub(crate) fn locale_hint(options: &JsValue) -> Locale {
    if !options.is_object() {
        return Locale::ZhCn;
    }
    js_sys::Reflect::get(options, &JsValue::from_str("locale"))
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| Locale::lenient(&s))
        .unwrap_or(Locale::ZhCn)
}

/// A required string argument.
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, Error> {
    match value.as_string() {
        Some(s) => Ok(s),
        None if value.is_undefined() || value.is_null() => Err(Error::missing(&[field.to_string()])),
        None => Err(Error::wrong_type(field, "expected a string")),
    }
}

/// A required number argument (finite).
pub(crate) fn number_arg(value: &JsValue, field: &str) -> Result<f64, Error> {
    match value.as_f64() {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(Error::not_a_number(field)),
        None if value.is_undefined() || value.is_null() => Err(Error::missing(&[field.to_string()])),
        None => Err(Error::wrong_type(field, "expected a number")),
    }
}

/// An optional locale argument (`modelCatalog(locale?)`).
pub(crate) fn locale_arg(value: &JsValue, field: &str) -> Result<Locale, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Locale::ZhCn);
    }
    let s = value.as_string().ok_or_else(|| Error::invalid(field, "", &msg::EXPECTED_LOCALE))?;
    Locale::parse(Some(&s), field)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_string()
}

/// `convertLipid(value, from, to, lipid?)`: cholesterol by default, `'triglycerides'` optional.
#[wasm_bindgen(js_name = convertLipid)]
pub fn convert_lipid(value: JsValue, from: JsValue, to: JsValue, lipid: JsValue) -> JsResult {
    respond(Locale::ZhCn, || {
        use crate::units::{Lipid, Unit};
        let v = number_arg(&value, "value")?;
        let from = Unit::parse("from", &string_arg(&from, "from")?)?;
        let to = Unit::parse("to", &string_arg(&to, "to")?)?;
        let kind = match lipid.as_string().as_deref() {
            None if lipid.is_undefined() || lipid.is_null() => Lipid::Cholesterol,
            Some("cholesterol") => Lipid::Cholesterol,
            Some("triglycerides") => Lipid::Triglycerides,
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    Some("lipid"),
                    crate::i18n::Text::new("lipid 应为 cholesterol 或 triglycerides。", "lipid must be 'cholesterol' or 'triglycerides'."),
                ))
            }
        };
        crate::units::convert_lipid(v, from, to, kind)
    })
}

/// `convertGlucose(value, from, to)`.
#[wasm_bindgen(js_name = convertGlucose)]
pub fn convert_glucose(value: JsValue, from: JsValue, to: JsValue) -> JsResult {
    respond(Locale::ZhCn, || {
        use crate::units::Unit;
        let v = number_arg(&value, "value")?;
        let from = Unit::parse("from", &string_arg(&from, "from")?)?;
        let to = Unit::parse("to", &string_arg(&to, "to")?)?;
        crate::units::convert_glucose(v, from, to)
    })
}
