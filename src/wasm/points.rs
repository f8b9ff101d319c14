//! Bindings of the points engine: the `PointsEngine` class and `defaultProgram()`.

use wasm_bindgen::prelude::*;

use super::{from_js, from_js_or_default, js_error, locale_hint, respond, string_arg, JsResult};
use crate::error::Error;
use crate::i18n::Locale;
use crate::points::{
    as_rules_error, EngineOptions, LeaderboardOptions, MemberOptions, PointsEngine, PointsEvent, Program,
};

/// `defaultProgram()`: the default program as a plain object.
#[wasm_bindgen(js_name = defaultProgram)]
pub fn default_program() -> JsResult {
    respond(Locale::ZhCn, || Ok(crate::points::default_program()))
}

fn engine_options(options: JsValue) -> Result<Locale, Error> {
    let opts: EngineOptions = from_js_or_default(options, "options")?;
    Locale::parse(opts.locale.as_deref(), "options.locale")
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
            let locale = engine_options(options)?;
            let mut inner = if program.is_undefined() || program.is_null() {
                PointsEngine::with_default_program()
            } else {
                let p: Program = from_js(program, "program").map_err(as_rules_error)?;
                PointsEngine::new(p)?
            };
            inner.set_locale(locale);
            Ok(inner)
        })();
        built.map(|inner| PointsEngineJs { inner }).map_err(|e| js_error(&e, hint))
    }

    /// `PointsEngine.fromState(json, { locale }?)`: `INVALID_STATE` for unknown versions or
    /// documents that fail validation.
    #[wasm_bindgen(js_name = fromState)]
    pub fn from_state(json: JsValue, options: JsValue) -> Result<PointsEngineJs, JsValue> {
        let hint = locale_hint(&options);
        let built = (|| {
            let locale = engine_options(options)?;
            let s = string_arg(&json, "json")?;
            let mut inner = PointsEngine::from_state(&s)?;
            inner.set_locale(locale);
            Ok(inner)
        })();
        built.map(|inner| PointsEngineJs { inner }).map_err(|e| js_error(&e, hint))
    }

    /// Applies one event: malformed events throw; refusals return `accepted: false`.
    pub fn apply(&mut self, event: JsValue) -> JsResult {
        let locale = self.inner.locale();
        respond(locale, || {
            let e: PointsEvent = from_js(event, "event")?;
            self.inner.apply(&e)
        })
    }

    /// Applies events as if in timestamp order; `{ results }` in input order.
    #[wasm_bindgen(js_name = applyBatch)]
    pub fn apply_batch(&mut self, events: JsValue) -> JsResult {
        let locale = self.inner.locale();
        respond(locale, || {
            let list: Vec<PointsEvent> = from_js(events, "events")?;
            self.inner.apply_batch(&list)
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
        respond(self.inner.locale(), || {
            let id = string_arg(&member_id, "memberId")?;
            self.inner.ledger(&id)
        })
    }

    /// Expires points, settles tier demotions and finalises challenges up to `instant`.
    #[wasm_bindgen(js_name = advanceTo)]
    pub fn advance_to(&mut self, instant: JsValue) -> JsResult {
        let locale = self.inner.locale();
        respond(locale, || {
            let s = string_arg(&instant, "instant")?;
            self.inner.advance_to(&s)
        })
    }

    /// The state as a versioned JSON string.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> String {
        self.inner.export_state()
    }

    /// Number of events in the log.
    #[wasm_bindgen(js_name = eventCount)]
    pub fn event_count(&self) -> u32 {
        self.inner.event_count() as u32
    }
}
