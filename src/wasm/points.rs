//! Bindings of the points engine: the `PointsEngine` class and `defaultProgram()`.
//!
//! Arguments cross as JSON text (`JSON.stringify` → `serde_json::Value` → the engine's small
//! path-reporting readers) and results come back through `JSON.parse`: one (de)serializer for
//! every points type keeps the Wasm small, and batches of events cross in one string.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::{js_error, locale_hint, string_arg, JsResult};
use crate::error::Error;
use crate::i18n::Locale;
use crate::points::{json, PointsEngine, DEFAULT_PROGRAM_JSON};

/// A JS argument as JSON text (`JSON.stringify`); `null` for `undefined`/`null`.
fn text(value: &JsValue, root: &str) -> Result<String, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok("null".to_string());
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| JsValue::from(s).as_string())
        .ok_or_else(|| Error::wrong_type(root, "Expected plain JSON data (no BigInt, functions or cycles)."))
}

/// A JS argument's JSON text as a JSON value, read by the one reader ([`crate::read`]); text
/// that is not JSON (nested too deep) is the wrong type of the whole argument.
fn json_value(text: &str, root: &str) -> Result<Value, Error> {
    crate::read::read(text, root).map_err(|_| Error::wrong_type_of(root, None))
}

/// Events as JSON text read straight into the engine; a `null` in the text (where
/// `JSON.stringify` may have written NaN or ±Infinity) is checked against the JS value first.
fn events_of(value: &JsValue, root: &str) -> Result<String, Error> {
    let t = text(value, root)?;
    if t.contains("null") {
        let v: Value = json_value(&t, root)?;
        non_finite(value, &v, root)?;
    }
    Ok(t)
}

/// A JS argument as a JSON value (`undefined`/`null` → `Value::Null`). `JSON.stringify` writes
/// NaN and ±Infinity as `null`; where the text has a `null`, the JS value is looked at, so that
/// a non-finite number is reported as a bad number on its field, as everywhere else.
fn arg(value: &JsValue, root: &str) -> Result<Value, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| JsValue::from(s).as_string())
        .ok_or_else(|| Error::wrong_type(root, "Expected plain JSON data (no BigInt, functions or cycles)."))?;
    let v: Value = json_value(&text, root)?;
    if text.contains("null") {
        non_finite(value, &v, root)?;
    }
    Ok(v)
}

/// The path of a non-finite number `JSON.stringify` turned into `null`, as an error.
fn non_finite(js: &JsValue, v: &Value, path: &str) -> Result<(), Error> {
    match v {
        Value::Null => match js.as_f64() {
            Some(x) if !x.is_finite() => Err(Error::not_a_number(path)),
            _ => Ok(()),
        },
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if matches!(x, Value::Null | Value::Array(_) | Value::Object(_)) {
                    let item = js_sys::Reflect::get_u32(js, i as u32).unwrap_or(JsValue::UNDEFINED);
                    non_finite(&item, x, &format!("{path}[{i}]"))?;
                }
            }
            Ok(())
        }
        Value::Object(m) => {
            for (k, x) in m {
                if matches!(x, Value::Null | Value::Array(_) | Value::Object(_)) {
                    let item = js_sys::Reflect::get(js, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
                    non_finite(&item, x, &crate::points::json::join(path, k))?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A result as a plain JS value.
fn out<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value).map_err(|e| Error::wrong_type("result", &e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| Error::wrong_type("result", "JSON.parse failed"))
}

fn run(locale: Locale, f: impl FnOnce() -> Result<JsValue, Error>) -> JsResult {
    f().map_err(|e| js_error(&e, locale))
}

fn engine_locale(options: &JsValue) -> Result<Locale, Error> {
    let v = arg(options, "options")?;
    let tag = json::locale_option(&v, "options")?;
    Locale::parse(tag.as_deref(), "options.locale")
}

/// `defaultProgram()`: the default program as a plain object.
#[wasm_bindgen(js_name = defaultProgram)]
pub fn default_program() -> JsResult {
    run(Locale::ZhCn, || {
        js_sys::JSON::parse(DEFAULT_PROGRAM_JSON).map_err(|_| Error::wrong_type("program", "JSON.parse failed"))
    })
}

/// The points engine (`new PointsEngine(program?, { locale }?)`).
#[wasm_bindgen(js_name = PointsEngine)]
pub struct PointsEngineJs {
    inner: PointsEngine,
}

#[wasm_bindgen(js_class = PointsEngine)]
impl PointsEngineJs {
    /// A new engine; the default program when `program` is omitted. `INVALID_RULES` naming the
    /// path when the program is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(program: JsValue, options: JsValue) -> Result<PointsEngineJs, JsValue> {
        let hint = locale_hint(&options);
        let built = (|| {
            let locale = engine_locale(&options)?;
            let mut inner = if program.is_undefined() || program.is_null() {
                PointsEngine::with_default_program()
            } else {
                let v = arg(&program, "program").map_err(crate::points::as_rules_error)?;
                PointsEngine::from_program_value(&v)?
            };
            inner.set_locale(locale);
            Ok(inner)
        })();
        built.map(|inner| PointsEngineJs { inner }).map_err(|e| js_error(&e, hint))
    }

    /// `PointsEngine.fromState(json, { locale, key }?)`: `INVALID_STATE` for unknown versions,
    /// a broken seal, or documents that fail validation.
    #[wasm_bindgen(js_name = fromState)]
    pub fn from_state(json: JsValue, options: JsValue) -> Result<PointsEngineJs, JsValue> {
        let hint = locale_hint(&options);
        let built = (|| {
            let locale = engine_locale(&options)?;
            let s = string_arg(&json, "json")?;
            let opts = json::state_options(&arg(&options, "options")?, "options")?;
            let mut inner = PointsEngine::from_state_with(&s, &opts)?;
            inner.set_locale(locale);
            Ok(inner)
        })();
        built.map(|inner| PointsEngineJs { inner }).map_err(|e| js_error(&e, hint))
    }

    /// Applies one event: malformed events throw; refusals return `accepted: false`.
    pub fn apply(&mut self, event: JsValue) -> JsResult {
        let locale = self.inner.locale();
        run(locale, || {
            let t = events_of(&event, "event")?;
            let e = json::event_text(&t, "event")?;
            out(&self.inner.apply_in(e)?)
        })
    }

    /// Applies events as if in timestamp order; `{ results, changed }`, results in input order.
    #[wasm_bindgen(js_name = applyBatch)]
    pub fn apply_batch(&mut self, events: JsValue) -> JsResult {
        let locale = self.inner.locale();
        run(locale, || {
            let t = events_of(&events, "events")?;
            let list = json::events_text(&t, "events")?;
            out(&self.inner.apply_batch_in(list)?)
        })
    }

    /// A member's view (`UNKNOWN_MEMBER` when not joined).
    pub fn member(&self, member_id: JsValue, options: JsValue) -> JsResult {
        run(self.inner.locale(), || {
            let id = string_arg(&member_id, "memberId")?;
            let opts = json::member_options(&arg(&options, "options")?, "options")?;
            out(&self.inner.member(&id, &opts)?)
        })
    }

    /// Rankings of members, families or buildings.
    pub fn leaderboard(&self, options: JsValue) -> JsResult {
        run(self.inner.locale(), || {
            let opts = json::leaderboard_options(&arg(&options, "options")?, "options")?;
            out(&self.inner.leaderboard(&opts)?)
        })
    }

    /// A member's ledger entries in time order.
    pub fn ledger(&self, member_id: JsValue) -> JsResult {
        run(self.inner.locale(), || {
            let id = string_arg(&member_id, "memberId")?;
            out(&self.inner.ledger(&id)?)
        })
    }

    /// Expires points, settles tier demotions and finalises challenges up to `instant`.
    #[wasm_bindgen(js_name = advanceTo)]
    pub fn advance_to(&mut self, instant: JsValue) -> JsResult {
        let locale = self.inner.locale();
        run(locale, || {
            let s = string_arg(&instant, "instant")?;
            out(&self.inner.advance_to(&s)?)
        })
    }

    /// The state as a versioned JSON string, sealed with an HMAC-SHA-256 when `{ key }` is given.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self, options: JsValue) -> Result<String, JsValue> {
        let locale = self.inner.locale();
        (|| {
            let opts = json::state_options(&arg(&options, "options")?, "options")?;
            self.inner.export_state_with(&opts)
        })()
        .map_err(|e| js_error(&e, locale))
    }

    /// Folds the history before the horizon into per-member checkpoints.
    pub fn compact(&mut self) -> JsResult {
        let locale = self.inner.locale();
        run(locale, || out(&self.inner.compact()))
    }

    /// Figures of the engine's memory.
    pub fn stats(&self) -> JsResult {
        run(self.inner.locale(), || out(&self.inner.stats()))
    }

    /// The outcome an event had when applied and its current one; `null` for an unknown id.
    pub fn outcome(&self, event_id: JsValue) -> JsResult {
        run(self.inner.locale(), || {
            let id = string_arg(&event_id, "eventId")?;
            match self.inner.outcome(&id) {
                Some(o) => out(&o),
                None => Ok(JsValue::NULL),
            }
        })
    }

    /// Number of events in the log.
    #[wasm_bindgen(js_name = eventCount)]
    pub fn event_count(&self) -> u32 {
        self.inner.event_count() as u32
    }
}
