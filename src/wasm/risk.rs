//! Bindings of the risk engine: `assessRisk`, `assessModel`, `modelCatalog`.

use wasm_bindgen::prelude::*;

use super::{from_js, from_js_or_default, locale_arg, locale_hint, respond, string_arg, JsResult};
use crate::risk::{AssessOptions, Profile};

#[wasm_bindgen(js_name = assessRisk)]
pub fn assess_risk(profile: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    respond(locale, || {
        let options: AssessOptions = from_js_or_default(options, "options")?;
        let profile: Profile = from_js(profile, "profile")?;
        crate::risk::assess_risk(&profile, &options)
    })
}

#[wasm_bindgen(js_name = assessModel)]
pub fn assess_model(model_id: JsValue, profile: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    respond(locale, || {
        let id = string_arg(&model_id, "modelId")?;
        let options: AssessOptions = from_js_or_default(options, "options")?;
        let profile: Profile = from_js(profile, "profile")?;
        crate::risk::assess_model(&id, &profile, &options)
    })
}

#[wasm_bindgen(js_name = modelCatalog)]
pub fn model_catalog(locale: JsValue) -> JsResult {
    let hint = super::locale_hint_of_tag(&locale);
    respond(hint, || {
        let locale = locale_arg(&locale, "locale")?;
        Ok(crate::risk::model_catalog(locale))
    })
}

/// `estimateEgfr({ creatinine, unit, age, sex }, { locale? })` → eGFR (CKD-EPI 2021, whole number).
#[wasm_bindgen(js_name = estimateEgfr)]
pub fn estimate_egfr(input: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    respond(locale, || {
        let input: crate::risk::intl::prevent::EgfrInput = from_js(input, "input")?;
        crate::risk::intl::prevent::estimate_egfr(&input)
    })
}
