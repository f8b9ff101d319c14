//! What the three international cardiovascular models share: factor lists and what-ifs.

use serde_json::json;

use crate::i18n::{num, Msg, Text};
use crate::risk::kit::{self, WhatIfs};
use crate::risk::{CombinedWhatIf, Factor, Subject, WhatIf};

/// What-if target for systolic BP (mmHg): 中国高血压防治指南（2018年修订版） sets < 140/90 for
/// most patients and < 130/80 when tolerated; the what-if shows the lower target. Applied only
/// above it, with the current treatment status kept.
pub const SBP_TARGET: f64 = 130.0;
/// What-if target for total cholesterol (mmol/L): the "desirable" level (< 5.2 mmol/L) of
/// 中国成人血脂异常防治指南（2016年修订版）.
pub const TC_TARGET_MMOL: f64 = 5.2;

pub const QUIT_SMOKING: Msg = Msg::new("戒烟", "Quit smoking");
const SBP_TO: Msg = Msg::new("收缩压降到 {} mmHg", "Systolic blood pressure down to {} mmHg");
const TC_TO: Msg = Msg::new("总胆固醇降到 {} mmol/L", "Total cholesterol down to {} mmol/L");

pub fn sbp_label() -> Text {
    SBP_TO.fill(&[&num(SBP_TARGET, 0)])
}

pub fn tc_label() -> Text {
    TC_TO.fill(&[&num(TC_TARGET_MMOL, 1)])
}

pub const AGE: Msg = Msg::new("年龄", "Age");
pub const TC: Msg = Msg::new("总胆固醇", "Total cholesterol");
pub const HDL: Msg = Msg::new("高密度脂蛋白胆固醇", "HDL cholesterol");
pub const SBP: Msg = Msg::new("收缩压", "Systolic blood pressure");
pub const TREATED: Msg = Msg::new("正在服用降压药", "Taking blood pressure medicine");
pub const SMOKER: Msg = Msg::new("吸烟", "Smoking");
pub const DIABETES: Msg = Msg::new("糖尿病", "Diabetes");
pub const EGFR: Msg = Msg::new("肾功能（eGFR）", "Kidney function (eGFR)");
pub const BMI: Msg = Msg::new("体重指数（BMI）", "Body mass index (BMI)");
pub const STATIN: Msg = Msg::new("正在服用他汀", "Taking a statin");

/// The inputs every model uses, as factors (lipids in mmol/L as entered). Yes/no risk factors
/// are listed only when present.
#[allow(clippy::too_many_arguments)]
pub fn factors(s: &Subject, age: f64, tc: f64, hdl: f64, sbp: f64, treated: bool, smoker: bool, diabetes: bool) -> Vec<Factor> {
    let mut out = factors_without_lipids(s, age, sbp, treated, smoker, diabetes);
    out.insert(1, kit::factor(s, "totalCholesterol", &TC, Some(json!(tc)), None, true));
    out.insert(2, kit::factor(s, "hdlCholesterol", &HDL, Some(json!(hdl)), None, true));
    out
}

/// [`factors`] of an equation without lipids.
pub fn factors_without_lipids(s: &Subject, age: f64, sbp: f64, treated: bool, smoker: bool, diabetes: bool) -> Vec<Factor> {
    let mut out = vec![
        kit::factor(s, "age", &AGE, Some(json!(age)), None, false),
        kit::factor(s, "sbp", &SBP, Some(json!(sbp)), None, true),
    ];
    if treated {
        out.push(kit::factor(s, "onAntihypertensives", &TREATED, Some(json!(true)), None, false));
    }
    if smoker {
        out.push(kit::factor(s, "smoker", &SMOKER, Some(json!(true)), None, true));
    }
    if diabetes {
        out.push(kit::factor(s, "diabetes", &DIABETES, Some(json!(true)), None, false));
    }
    out
}

/// The inputs of a model that the shared what-ifs change.
pub trait Changeable: Copy {
    fn smoker(&mut self) -> &mut bool;
    fn sbp(&mut self) -> &mut f64;
    /// Total cholesterol in mg/dL (`None` for an equation without lipids).
    fn tc_mg_dl(&mut self) -> Option<&mut f64>;
}

/// Implements [`Changeable`] for an inputs struct with `smoker`, `sbp` and `tc_mg_dl` fields.
macro_rules! changeable {
    ($t:ty) => {
        impl $crate::risk::intl::cv::Changeable for $t {
            fn smoker(&mut self) -> &mut bool {
                &mut self.smoker
            }
            fn sbp(&mut self) -> &mut f64 {
                &mut self.sbp
            }
            fn tc_mg_dl(&mut self) -> Option<&mut f64> {
                Some(&mut self.tc_mg_dl)
            }
        }
    };
}
pub(crate) use changeable;

/// The what-ifs the US models share, in this order: quit smoking; systolic BP down to
/// [`SBP_TARGET`] with the treatment status kept (never suggest stopping a medicine); total
/// cholesterol down to [`TC_TARGET_MMOL`] (converted with the model's own factor). `score` gives
/// the value as the result shows it.
pub fn what_ifs<X: Changeable>(
    s: &Subject,
    x: X,
    value: f64,
    mmol_per_mg_dl: f64,
    score: &dyn Fn(&X) -> f64,
    category: &dyn Fn(f64) -> &'static str,
) -> (Vec<WhatIf>, Option<CombinedWhatIf>) {
    let mut x = x;
    let mut w = WhatIfs::new(x, value, score, category);
    if *x.smoker() {
        w.consider("quit-smoking", s.t(&QUIT_SMOKING), |y: &mut X| *y.smoker() = false);
    }
    if *x.sbp() > SBP_TARGET {
        w.consider("sbp-to-target", sbp_label().get(s.locale), |y: &mut X| *y.sbp() = SBP_TARGET);
    }
    let tc_target_mg = TC_TARGET_MMOL / mmol_per_mg_dl;
    if x.tc_mg_dl().is_some_and(|tc| *tc > tc_target_mg) {
        let change = move |y: &mut X| {
            if let Some(tc) = y.tc_mg_dl() {
                *tc = tc_target_mg;
            }
        };
        w.consider("cholesterol-to-target", tc_label().get(s.locale), change);
    }
    w.finish()
}
