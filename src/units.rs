//! Unit conversions between mmol/L and mg/dL.
//!
//! Factors (molar masses): cholesterol 386.65 g/mol → 1 mmol/L = 38.67 mg/dL; triglycerides
//! (as triolein) 885.7 g/mol → 88.57 mg/dL; glucose 180.16 g/mol → 18.016 mg/dL.
//! Individual models use their own published factors (China-PAR divides by 0.0259, PCE and
//! PREVENT multiply by 0.02586); those live with the models.

use crate::error::{Error, Result};
use crate::i18n::msg;

/// mg/dL per mmol/L of cholesterol (TC, HDL-C, LDL-C).
pub const CHOLESTEROL_MG_DL_PER_MMOL_L: f64 = 38.67;
/// mg/dL per mmol/L of triglycerides.
pub const TRIGLYCERIDES_MG_DL_PER_MMOL_L: f64 = 88.57;
/// mg/dL per mmol/L of glucose.
pub const GLUCOSE_MG_DL_PER_MMOL_L: f64 = 18.016;

/// A concentration unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    MmolL,
    MgDl,
}

impl Unit {
    /// Parses `mmol/L` or `mg/dL` (case-insensitive).
    pub fn parse(field: &str, s: &str) -> Result<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mmol/l" => Ok(Unit::MmolL),
            "mg/dl" => Ok(Unit::MgDl),
            _ => Err(Error::invalid(field, s, &msg::EXPECTED_UNIT)),
        }
    }
}

/// Which lipid is converted (the factor differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lipid {
    #[default]
    Cholesterol,
    Triglycerides,
}

fn convert(value: f64, from: Unit, to: Unit, factor: f64) -> Result<f64> {
    if !value.is_finite() {
        return Err(Error::not_a_number("value"));
    }
    if value < 0.0 {
        return Err(Error::out_of_range("value", value, 0.0, f64::MAX, ""));
    }
    Ok(match (from, to) {
        (Unit::MmolL, Unit::MgDl) => value * factor,
        (Unit::MgDl, Unit::MmolL) => value / factor,
        _ => value,
    })
}

/// Converts a lipid concentration.
pub fn convert_lipid(value: f64, from: Unit, to: Unit, lipid: Lipid) -> Result<f64> {
    let factor = match lipid {
        Lipid::Cholesterol => CHOLESTEROL_MG_DL_PER_MMOL_L,
        Lipid::Triglycerides => TRIGLYCERIDES_MG_DL_PER_MMOL_L,
    };
    convert(value, from, to, factor)
}

/// Converts a glucose concentration.
pub fn convert_glucose(value: f64, from: Unit, to: Unit) -> Result<f64> {
    convert(value, from, to, GLUCOSE_MG_DL_PER_MMOL_L)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_conversions() {
        // 200 mg/dL cholesterol ≈ 5.17 mmol/L; 7.0 mmol/L glucose ≈ 126 mg/dL (WHO cut-off pair).
        let tc = convert_lipid(200.0, Unit::MgDl, Unit::MmolL, Lipid::Cholesterol).unwrap();
        assert!((tc - 5.172).abs() < 0.001, "{tc}");
        let g = convert_glucose(7.0, Unit::MmolL, Unit::MgDl).unwrap();
        assert!((g - 126.1).abs() < 0.1, "{g}");
        let tg = convert_lipid(1.7, Unit::MmolL, Unit::MgDl, Lipid::Triglycerides).unwrap();
        assert!((tg - 150.6).abs() < 0.1, "{tg}");
        assert!(convert_glucose(f64::NAN, Unit::MmolL, Unit::MgDl).is_err());
        assert!(convert_glucose(-1.0, Unit::MmolL, Unit::MgDl).is_err());
        assert!(Unit::parse("from", "g/L").is_err());
    }
}
