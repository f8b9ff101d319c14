//! Bindings of the points engine: the `PointsEngine` class and `defaultProgram()`.
//!
//! Arguments cross as JSON text, like every other document ([`super::json_text`]): programmes and
//! options are read by the one reader ([`crate::read`]), events (as `JSON.stringify` writes them:
//! no BigInt) by the engine's event scanner on the same tokenizer (a batch of 10,000 crosses in
//! one string and is read in one pass); results come back through `JSON.parse`.

use wasm_bindgen::prelude::*;

use super::memory::live_bytes;
use super::{from_js, from_js_or_default, js_error, locale_hint, plain_json_text, respond, string_arg, JsResult};
use crate::error::Error;
use crate::i18n::Locale;
use crate::points::{
    json, EngineOptions, LeaderboardOptions, MemberOptions, PointsEngine, Program, StateOptions, DEFAULT_PROGRAM_JSON, MAX_JS_STRING, MEMORY_LIMIT,
};

/// The locale of an engine's messages (`{ locale }` of its options).
fn engine_locale(options: &JsValue) -> Result<Locale, Error> {
    let o: EngineOptions = from_js_or_default(options.clone(), "options")?;
    Locale::parse(o.locale.as_deref(), "options.locale")
}

/// `{ key, locale }` of `exportState` / `fromState`.
fn state_options(options: &JsValue) -> Result<StateOptions, Error> {
    let o: StateOptions = from_js_or_default(options.clone(), "options")?;
    Locale::parse(o.locale.as_deref(), "options.locale")?;
    Ok(o)
}

/// `defaultProgram()`: the default program as a plain object.
#[wasm_bindgen(js_name = defaultProgram)]
pub fn default_program() -> JsResult {
    js_sys::JSON::parse(DEFAULT_PROGRAM_JSON).map_err(|_| js_error(&Error::wrong_type_of("program", None), Locale::ZhCn))
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
                let p: Program = from_js(program, "program").map_err(crate::points::as_rules_error)?;
                PointsEngine::new(p)?
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
            // An engine takes up to about three times its document (compacted: checkpoints).
            PointsEngine::check_memory(live_bytes().saturating_add(s.len().saturating_mul(3)), MEMORY_LIMIT)?;
            let opts = state_options(&options)?;
            let mut inner = PointsEngine::from_state_with(&s, &opts)?;
            inner.set_locale(locale);
            Ok(inner)
        })();
        built.map(|inner| PointsEngineJs { inner }).map_err(|e| js_error(&e, hint))
    }

    /// Applies one event: malformed events throw; refusals return `accepted: false`.
    pub fn apply(&mut self, event: JsValue) -> JsResult {
        let locale = self.inner.locale();
        respond(locale, || {
            PointsEngine::check_memory(live_bytes(), MEMORY_LIMIT)?;
            let t = plain_json_text(&event, "event")?;
            self.inner.apply_in(json::event_text(&t, "event")?)
        })
    }

    /// Applies events as if in timestamp order; `{ results, changed }`, results in input order.
    #[wasm_bindgen(js_name = applyBatch)]
    pub fn apply_batch(&mut self, events: JsValue) -> JsResult {
        let locale = self.inner.locale();
        respond(locale, || {
            PointsEngine::check_memory(live_bytes(), MEMORY_LIMIT)?;
            let t = plain_json_text(&events, "events")?;
            self.inner.apply_batch_in(json::events_text(&t, "events")?)
        })
    }

    /// A member's view (`UNKNOWN_MEMBER` when not joined).
    pub fn member(&self, member_id: JsValue, options: JsValue) -> JsResult {
        respond(self.inner.locale(), || {
            let id = string_arg(&member_id, "memberId")?;
            let opts: MemberOptions = from_js_or_default(options, "options")?;
            self.inner.member(&id, &opts)
        })
    }

    /// Rankings of members, families or buildings.
    pub fn leaderboard(&self, options: JsValue) -> JsResult {
        respond(self.inner.locale(), || {
            let opts: LeaderboardOptions = from_js_or_default(options, "options")?;
            self.inner.leaderboard(&opts)
        })
    }

    /// A member's ledger entries in time order.
    pub fn ledger(&self, member_id: JsValue) -> JsResult {
        respond(self.inner.locale(), || self.inner.ledger(&string_arg(&member_id, "memberId")?))
    }

    /// Expires points, settles tier demotions and finalises challenges up to `instant`.
    #[wasm_bindgen(js_name = advanceTo)]
    pub fn advance_to(&mut self, instant: JsValue) -> JsResult {
        let locale = self.inner.locale();
        // Not refused near the memory limit: with `compact`, how a host frees memory.
        respond(locale, || self.inner.advance_to(&string_arg(&instant, "instant")?))
    }

    /// The state as a versioned JSON string, sealed with an HMAC-SHA-256 when `{ key }` is given.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self, options: JsValue) -> Result<String, JsValue> {
        let locale = self.inner.locale();
        // The text stops at a JS string's length (its memory with it).
        state_options(&options).and_then(|o| self.inner.export_state_within(&o, MAX_JS_STRING)).map_err(|e| js_error(&e, locale))
    }

    /// Folds the history before the horizon into per-member checkpoints.
    pub fn compact(&mut self) -> JsResult {
        let locale = self.inner.locale();
        respond(locale, || Ok(self.inner.compact()))
    }

    /// Figures of the engine's memory.
    pub fn stats(&self) -> JsResult {
        respond(self.inner.locale(), || Ok(self.inner.stats()))
    }

    /// The outcome an event had when applied and its current one; `null` for an unknown id.
    pub fn outcome(&self, event_id: JsValue) -> JsResult {
        respond(self.inner.locale(), || Ok(self.inner.outcome(&string_arg(&event_id, "eventId")?)))
    }

    /// Number of events in the log.
    #[wasm_bindgen(js_name = eventCount)]
    pub fn event_count(&self) -> u32 {
        self.inner.event_count() as u32
    }
}
