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

mod batch;
mod monitoring;
mod plan;
mod points;
mod risk;

/// What every export returns.
pub(crate) type JsResult = Result<JsValue, JsValue>;

/// Parses a JS value into a core type. `root` names the argument (`profile`, `options`), and is
/// the prefix of every field path in errors.
///
/// The value is first read into a JSON tree (the one place where `serde-wasm-bindgen`
/// deserializes; NaN and ±Infinity are refused there with their path, since no field accepts
/// them and JSON cannot hold them), then the core type is read from the tree's JSON text with
/// `serde_json`, and an error's position is turned back into a path ([`crate::json_path`]).
/// One deserializer per type keeps the Wasm small.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, root: &str) -> Result<T, Error> {
    let text = json_text(value, root)?;
    crate::json_path::from_str_at(&text).map_err(|e| match &e.missing_field {
        Some(_) => Error::missing(&[join(root, &e.full_path())]),
        None => Error::wrong_type(&join(root, &e.path), &e.message),
    })
}

/// Parses a document the library itself produced and the host passes back (a `CarePlan`, a
/// `RiskReport`). The same reader as [`from_js`]: errors name the path inside the document.
pub(crate) fn from_js_document<T: DeserializeOwned>(value: JsValue, root: &str) -> Result<T, Error> {
    from_js(value, root)
}

/// A JS value as compact JSON text, refusing non-finite numbers (named by path) and values JSON
/// cannot hold (functions, symbols, BigInt).
pub(crate) fn json_text(value: JsValue, root: &str) -> Result<String, Error> {
    let de = serde_wasm_bindgen::Deserializer::from(value);
    let tree = serde_path_to_error::deserialize::<_, JsonTree>(de).map_err(|e| {
        let field = join(root, &e.path().to_string());
        let detail = e.into_inner().to_string();
        if detail.contains(NON_FINITE) {
            Error::not_a_number(&field)
        } else {
            Error::wrong_type(&field, detail.strip_prefix("Error: ").unwrap_or(&detail))
        }
    })?;
    serde_json::to_string(&tree.0).map_err(|e| Error::wrong_type(root, &e.to_string()))
}

fn join(root: &str, path: &str) -> String {
    let path = if path == "." || path == "?" { "" } else { path };
    crate::json_path::join(root, path)
}

const NON_FINITE: &str = "non-finite number";

/// A `serde_json::Value` built by a visitor that refuses non-finite numbers.
struct JsonTree(serde_json::Value);

impl<'de> serde::Deserialize<'de> for JsonTree {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = JsonTree;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON-compatible value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<JsonTree, E> {
        Ok(JsonTree(serde_json::Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<JsonTree, E> {
        Ok(JsonTree(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<JsonTree, E> {
        Ok(JsonTree(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<JsonTree, E> {
        serde_json::Number::from_f64(v)
            .map(|n| JsonTree(serde_json::Value::Number(n)))
            .ok_or_else(|| E::custom(NON_FINITE))
    }
    fn visit_str<E>(self, v: &str) -> Result<JsonTree, E> {
        Ok(JsonTree(serde_json::Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<JsonTree, E> {
        Ok(JsonTree(serde_json::Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<JsonTree, E> {
        Ok(JsonTree(serde_json::Value::Null))
    }
    fn visit_none<E>(self) -> Result<JsonTree, E> {
        Ok(JsonTree(serde_json::Value::Null))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<JsonTree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonTree, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(JsonTree(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(JsonTree(serde_json::Value::Array(out)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonTree, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let JsonTree(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(JsonTree(serde_json::Value::Object(out)))
    }
}

/// Like [`from_js`], but `undefined` and `null` give `T::default()` (for optional options).
pub(crate) fn from_js_or_default<T: DeserializeOwned + Default>(value: JsValue, root: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, root)
    }
}

/// Serialises a core value as a plain JSON-compatible JS value (plain objects, no Maps, no
/// BigInt). Built directly with `serde-wasm-bindgen`: measured in Node on a complete risk report,
/// 272 µs per `assessRisk` against 340 µs through `serde_json::to_string` + `JSON.parse`, for about
/// 5 KB more brotli.
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
