//! Bindings of home monitoring: `evaluateReadings`.

use wasm_bindgen::prelude::*;

use super::{from_js, from_js_or_default, locale_hint, respond, JsResult};
use crate::monitoring::{EvaluateOptions, Reading};
use crate::risk::Profile;

/// `evaluateReadings(readings, profile, { asOf, locale?, utcOffset? })` → `{ alerts: Card[] }`.
#[wasm_bindgen(js_name = evaluateReadings)]
pub fn evaluate_readings(readings: JsValue, profile: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    respond(locale, || {
        let options: EvaluateOptions = from_js_or_default(options, "options")?;
        let readings: Vec<Reading> = from_js(readings, "readings")?;
        let profile: Profile = from_js(profile, "profile")?;
        crate::monitoring::evaluate_readings(&readings, &profile, &options)
    })
}
