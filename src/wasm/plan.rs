//! Bindings of the care-plan module: `generateCarePlan`, `classifyFollowUp`, `carePlanToIcs`,
//! `carePlanToFhir`, `defaultCareRules`.

use wasm_bindgen::prelude::*;

use super::{from_js, from_js_document, from_js_or_default, locale_hint, respond, JsResult};
use crate::i18n::Locale;
use crate::plan::{CarePlan, FhirOptions, FollowUpOptions, IcsOptions, PlanOptions, Visit};

#[wasm_bindgen(js_name = generateCarePlan)]
pub fn generate_care_plan(profile: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    respond(locale, || {
        if options.is_undefined() || options.is_null() {
            return Err(crate::error::Error::missing(&["options.startDate".to_string()]));
        }
        let report = js_sys::Reflect::get(&options, &JsValue::from_str("report")).unwrap_or(JsValue::UNDEFINED);
        let mut options: PlanOptions = from_js(options, "options")?;
        if !report.is_undefined() && !report.is_null() {
            options.report = Some(from_js_document(report, "options.report")?);
        }
        let profile = from_js(profile, "profile")?;
        crate::plan::generate_care_plan(&profile, &options)
    })
}

#[wasm_bindgen(js_name = classifyFollowUp)]
pub fn classify_follow_up(visit: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    respond(locale, || {
        let options: FollowUpOptions = from_js_or_default(options, "options")?;
        let visit: Visit = from_js(visit, "visit")?;
        crate::plan::classify_follow_up(&visit, &options)
    })
}

/// The plan's own locale, read leniently, for error messages about the plan.
fn plan_locale(plan: &JsValue) -> Locale {
    if !plan.is_object() {
        return Locale::ZhCn;
    }
    js_sys::Reflect::get(plan, &JsValue::from_str("locale"))
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| Locale::lenient(&s))
        .unwrap_or(Locale::ZhCn)
}

#[wasm_bindgen(js_name = carePlanToIcs)]
pub fn care_plan_to_ics(plan: JsValue, options: JsValue) -> JsResult {
    let locale = plan_locale(&plan);
    respond(locale, || {
        let options: IcsOptions = from_js_or_default(options, "options")?;
        let plan: CarePlan = from_js_document(plan, "plan")?;
        crate::plan::care_plan_to_ics(&plan, &options)
    })
}

#[wasm_bindgen(js_name = carePlanToFhir)]
pub fn care_plan_to_fhir(plan: JsValue, options: JsValue) -> JsResult {
    let locale = plan_locale(&plan);
    respond(locale, || {
        let options: FhirOptions = from_js_or_default(options, "options")?;
        let plan: CarePlan = from_js_document(plan, "plan")?;
        crate::plan::care_plan_to_fhir(&plan, &options)
    })
}

#[wasm_bindgen(js_name = defaultCareRules)]
pub fn default_care_rules() -> JsResult {
    respond(Locale::ZhCn, || Ok(crate::plan::default_care_rules()))
}
