//! The JS boundary: converts values and errors, nothing else.
//!
//! Every export takes `JsValue`s (so no argument of the wrong type can make the generated glue
//! throw a non-`Error` or trap), turns each document into JSON text with one `JSON.stringify`
//! call and reads it with the one reader ([`crate::read`]), calls the pure-Rust core and returns
//! the result as `JSON.parse` of its JSON text. A core [`Error`] becomes a JS `Error` with `code`,
//! `field` and the message rendered in the call's locale.
//!
//! Measured in Node (bench/README.md): reading a profile this way costs 13 µs against 52 µs
//! through serde-wasm-bindgen into a JSON tree, and a 15 KB care plan 124 µs against 650 µs.

use crate::read::Read;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{Error, Expected};
use crate::i18n::Locale;

mod batch;
mod memory;
mod monitoring;
mod plan;
mod points;
mod risk;

/// What every export returns.
pub(crate) type JsResult = Result<JsValue, JsValue>;

/// Reads a JS value as a `T`. `root` names the argument (`profile`, `options`) and prefixes every
/// field path in errors. `undefined` reads as `null`.
pub(crate) fn from_js<T: Read>(value: JsValue, root: &str) -> Result<T, Error> {
    crate::read::read(&json_text(&value, root)?, root)
}

/// Reads a document the library itself produced and the host passes back (a `CarePlan`, a
/// `RiskReport`): the same reader as [`from_js`].
pub(crate) fn from_js_document<T: Read>(value: JsValue, root: &str) -> Result<T, Error> {
    from_js(value, root)
}

/// Like [`from_js`], but `undefined` and `null` give `T::default()` (for optional options).
pub(crate) fn from_js_or_default<T: Read + Default>(value: JsValue, root: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, root)
    }
}

/// A JS value as JSON text: `JSON.stringify` (one call into the engine's serializer). NaN and
/// ±Infinity, which it would write as `null`, are refused with their path; values it cannot
/// write (BigInt, cycles, throwing getters) are walked instead.
pub(crate) fn json_text(value: &JsValue, root: &str) -> Result<String, Error> {
    text_of(value, root, true)
}

/// Like [`json_text`], but values `JSON.stringify` cannot write are refused (the wrong type of
/// the whole argument) rather than walked: points events, which the log keeps as they were sent.
pub(crate) fn plain_json_text(value: &JsValue, root: &str) -> Result<String, Error> {
    text_of(value, root, false)
}

#[inline(never)]
fn text_of(value: &JsValue, root: &str, walk_the_rest: bool) -> Result<String, Error> {
    if value.is_undefined() {
        return Ok(String::from("null"));
    }
    match js_sys::JSON::stringify(value) {
        Ok(s) => match s.as_string() {
            Some(text) => {
                // `null` in the text may stand for a non-finite number: find it (rarely needed).
                if text.contains("null") {
                    first_non_finite(value, root, 0)?;
                }
                Ok(text)
            }
            // A function or symbol: not JSON.
            None => Ok(String::from("null")),
        },
        Err(_) if !walk_the_rest => Err(Error::wrong_type_of(root, None)),
        Err(_) => {
            let mut out = String::new();
            write_json(value, root, 0, &mut out)?;
            Ok(out)
        }
    }
}

/// Nesting deeper than this is refused (as the reader does).
const MAX_DEPTH: usize = 128;

fn entries(value: &JsValue) -> Option<js_sys::Array> {
    value.is_object().then(|| js_sys::Object::entries(value.unchecked_ref()))
}

/// `Err` naming the first NaN or ±Infinity in `value`, in `JSON.stringify`'s order.
fn first_non_finite(value: &JsValue, path: &str, depth: usize) -> Result<(), Error> {
    if let Some(n) = value.as_f64() {
        return if n.is_finite() { Ok(()) } else { Err(Error::not_a_number(path)) };
    }
    if depth > MAX_DEPTH || !value.is_object() {
        return Ok(());
    }
    if js_sys::Array::is_array(value) {
        let list: &js_sys::Array = value.unchecked_ref();
        for (i, v) in list.iter().enumerate() {
            first_non_finite(&v, &format!("{path}[{i}]"), depth + 1)?;
        }
    } else if let Some(pairs) = entries(value) {
        for pair in pairs.iter() {
            let pair: js_sys::Array = pair.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            first_non_finite(&pair.get(1), &crate::json_path::join(path, &key), depth + 1)?;
        }
    }
    Ok(())
}

/// JSON text of a value `JSON.stringify` refused: BigInts become numbers; the rest is refused
/// with its path.
fn write_json(value: &JsValue, path: &str, depth: usize, out: &mut String) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(Error::wrong_type_of(path, None));
    }
    if value.is_null() || value.is_undefined() || value.is_function() || value.is_symbol() {
        out.push_str("null");
    } else if let Some(b) = value.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if let Some(n) = value.as_f64() {
        if !n.is_finite() {
            return Err(Error::not_a_number(path));
        }
        out.push_str(&serde_json::Number::from_f64(n).map(|n| n.to_string()).unwrap_or_default());
    } else if value.is_bigint() {
        let digits = js_sys::BigInt::unchecked_from_js_ref(value).to_string(10).ok().and_then(|s| s.as_string());
        out.push_str(&digits.ok_or_else(|| Error::wrong_type_of(path, Some(Expected::Number)))?);
    } else if let Some(s) = value.as_string() {
        out.push_str(&serde_json::Value::String(s).to_string());
    } else if js_sys::Array::is_array(value) {
        out.push('[');
        let list: &js_sys::Array = value.unchecked_ref();
        for (i, v) in list.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json(&v, &format!("{path}[{i}]"), depth + 1, out)?;
        }
        out.push(']');
    } else {
        let pairs = entries(value).ok_or_else(|| Error::wrong_type_of(path, None))?;
        out.push('{');
        let mut first = true;
        for pair in pairs.iter() {
            let pair: js_sys::Array = pair.unchecked_into();
            let (key, v) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
            if v.is_undefined() || v.is_function() || v.is_symbol() {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&serde_json::Value::String(key.clone()).to_string());
            out.push(':');
            write_json(&v, &crate::json_path::join(path, &key), depth + 1, out)?;
        }
        out.push('}');
    }
    Ok(())
}

/// A core value as a plain JS value: its JSON text through `JSON.parse` (measured faster than
/// building the objects field by field through serde-wasm-bindgen, and one serializer per type).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value).map_err(|_| Error::wrong_type_of("result", None))?;
    js_sys::JSON::parse(&text).map_err(|_| Error::wrong_type_of("result", None))
}

/// Turns a core error into a JS `Error` with `code`, `field` and `message` in `locale`.
pub(crate) fn js_error(e: &Error, locale: Locale) -> JsValue {
    let err = js_sys::Error::new(&e.message(locale));
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

/// Runs `f` and returns its text result as a JS string (an ICS calendar), errors in `locale`.
pub(crate) fn respond_text(locale: Locale, f: impl FnOnce() -> Result<String, Error>) -> JsResult {
    f().map(|s| JsValue::from_str(&s)).map_err(|e| js_error(&e, locale))
}

/// Runs `f` and converts its result and error (in `locale`).
pub(crate) fn respond<T: Serialize>(locale: Locale, f: impl FnOnce() -> Result<T, Error>) -> JsResult {
    f().and_then(|v| to_js(&v)).map_err(|e| js_error(&e, locale))
}

/// The locale a call renders its messages in: the `locale` key of `doc` (options, or a plan),
/// read leniently so that even an error about the options themselves is worded in the language
/// asked for. Invalid or absent → zh-CN. The one place the bindings read a locale from JS.
pub(crate) fn locale_hint(doc: &JsValue) -> Locale {
    if !doc.is_object() {
        return Locale::ZhCn;
    }
    js_sys::Reflect::get(doc, &JsValue::from_str("locale"))
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| Locale::lenient(&s))
        .unwrap_or(Locale::ZhCn)
}

/// The locale of a locale argument (`modelCatalog(locale?)`), read leniently like
/// [`locale_hint`].
pub(crate) fn locale_hint_of_tag(tag: &JsValue) -> Locale {
    tag.as_string().and_then(|s| Locale::lenient(&s)).unwrap_or_default()
}

/// A required string argument.
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, Error> {
    match value.as_string() {
        Some(s) => Ok(s),
        None if value.is_undefined() || value.is_null() => Err(Error::missing(&[field.to_string()])),
        None => Err(Error::wrong_type_of(field, Some(Expected::Text))),
    }
}

/// A required number argument (finite).
pub(crate) fn number_arg(value: &JsValue, field: &str) -> Result<f64, Error> {
    match value.as_f64() {
        Some(v) if v.is_finite() => Ok(v),
        Some(_) => Err(Error::not_a_number(field)),
        None if value.is_undefined() || value.is_null() => Err(Error::missing(&[field.to_string()])),
        None => Err(Error::wrong_type_of(field, Some(Expected::Number))),
    }
}

/// An optional locale argument (`modelCatalog(locale?)`).
pub(crate) fn locale_arg(value: &JsValue, field: &str) -> Result<Locale, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Locale::ZhCn);
    }
    let s = value.as_string().ok_or_else(|| Error::wrong_type_of(field, Some(Expected::Text)))?;
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
            Some(other) => return Err(Error::invalid("lipid", other, &EXPECTED_LIPID)),
            None => return Err(Error::wrong_type_of("lipid", Some(Expected::Text))),
        };
        crate::units::convert_lipid(v, from, to, kind)
    })
}

const EXPECTED_LIPID: crate::i18n::Msg =
    crate::i18n::Msg::new("应为胆固醇或甘油三酯", "expected cholesterol or triglycerides");

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
