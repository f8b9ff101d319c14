//! Bindings of the care-plan module: `generateCarePlan`, `classifyFollowUp`, `carePlanToIcs`,
//! `carePlanToFhir`, `defaultCareRules`.

use wasm_bindgen::prelude::*;

use super::{from_js, from_js_document, from_js_or_default, locale_hint, respond, respond_text, JsResult};
use crate::error::Error;
use crate::plan::{CarePlan, FhirOptions, FollowUpOptions, IcsOptions, PlanOptions, Visit};

#[wasm_bindgen(js_name = generateCarePlan)]
pub fn generate_care_plan(profile: JsValue, options: JsValue) -> JsResult {
    respond(locale_hint(&options), || {
        if options.is_undefined() || options.is_null() {
            return Err(Error::missing(&["options.startDate".to_string()]));
        }
        let options: PlanOptions = from_js(options, "options")?;
        let profile = from_js(profile, "profile")?;
        crate::plan::generate_care_plan(&profile, &options)
    })
}

#[wasm_bindgen(js_name = classifyFollowUp)]
pub fn classify_follow_up(visit: JsValue, options: JsValue) -> JsResult {
    respond(locale_hint(&options), || {
        let options: FollowUpOptions = from_js_or_default(options, "options")?;
        let visit: Visit = from_js(visit, "visit")?;
        crate::plan::classify_follow_up(&visit, &options)
    })
}

/// Errors about a plan are worded in the plan's own locale.
#[wasm_bindgen(js_name = carePlanToIcs)]
pub fn care_plan_to_ics(plan: JsValue, options: JsValue) -> JsResult {
    respond_text(locale_hint(&plan), || {
        let options: IcsOptions = from_js_or_default(options, "options")?;
        let plan: CarePlan = from_js_document(plan, "plan")?;
        crate::plan::care_plan_to_ics(&plan, &options)
    })
}

#[wasm_bindgen(js_name = carePlanToFhir)]
pub fn care_plan_to_fhir(plan: JsValue, options: JsValue) -> JsResult {
    respond(locale_hint(&plan), || {
        let options: FhirOptions = from_js_or_default(options, "options")?;
        let plan: CarePlan = from_js_document(plan, "plan")?;
        crate::plan::care_plan_to_fhir(&plan, &options)
    })
}

#[wasm_bindgen(js_name = defaultCareRules)]
pub fn default_care_rules() -> JsResult {
    respond(crate::i18n::Locale::ZhCn, || Ok(crate::plan::default_care_rules()))
}
