//! China-PAR over whole populations, column by column (`chinaParBatch` in JS).
//!
//! An organiser scoring a community's records (or a dashboard re-scoring after a filter change)
//! calls the model for tens of thousands of residents. Going through `assess_model` costs a
//! profile object in and a full result (labels, summary, what-ifs) out per resident; here the
//! inputs are columns of numbers and 0/1 flags, and the output is one number per resident.
//!
//! - **Same equation, same numbers**: each row is computed by [`china_par::risk_of_terms`], the
//!   equation `assess_model("china-par", …)` computes its value with (through
//!   [`china_par::ten_year_risk`]); only the logarithms are looked up instead of computed.
//! - **Output**: the 10-year risk in **percent, unrounded** (`assess_model` shows it rounded to
//!   one decimal, half away from zero, and reads the category off that rounded value; apply
//!   [`round_half_away`](crate::risk::round_half_away)`(x, 1)` to reproduce both).
//! - **Validation**: every value must be finite (`INVALID_INPUT`) and inside the model's accepted
//!   range (`OUT_OF_RANGE`, the ranges of `assess_model`); flags must be 0 or 1
//!   (`INVALID_INPUT`). The error names the first offending value, row by row and, within a row,
//!   in column order: `columns.sbp[17]`. Nothing is clamped.
//! - **Not checked** (no columns for them): the prior-ASCVD exclusion (a resident with a prior
//!   stroke, MI or coronary heart disease is very high risk and must not be scored), and absent
//!   answers (a flag column says yes or no; there is no `ASSUMED_NO` warning). For women the
//!   `urban` and `familyHistoryAscvd` columns are validated but ignored, as in `assess_model`.

use crate::error::{Error, ErrorCode, Result};
use crate::i18n::{Msg, Text};
use std::sync::OnceLock;

#[cfg(doc)]
use crate::risk::cn::china_par;
use crate::risk::cn::china_par::{
    coefficients, risk_of_terms, Terms, AGE_RANGE, HDL_RANGE, MEN, MMOL_PER_MG_DL, SBP_RANGE, TC_RANGE, WAIST_RANGE, WOMEN,
};

/// The columns of one batch: one row per resident, lipids in mmol/L, flags 0/1.
#[derive(Debug, Clone, Copy)]
pub struct ChinaParColumns<'a> {
    /// 1 = male, 0 = female.
    pub male: &'a [u8],
    pub age: &'a [f64],
    pub sbp: &'a [f64],
    pub on_antihypertensives: &'a [u8],
    pub total_cholesterol: &'a [f64],
    pub hdl_cholesterol: &'a [f64],
    pub waist_cm: &'a [f64],
    pub smoker: &'a [u8],
    pub diabetes: &'a [u8],
    /// 1 = north of the Yangtze.
    pub north: &'a [u8],
    /// 1 = urban residence (men only).
    pub urban: &'a [u8],
    /// 1 = a parent or sibling had MI or stroke (men only).
    pub family_history_ascvd: &'a [u8],
}

/// A numeric column: JS name, accepted range, unit.
pub type NumberColumn = (&'static str, (f64, f64), &'static str);

/// The numeric columns, in column order.
pub const NUMBER_COLUMNS: [NumberColumn; 5] = [
    ("age", AGE_RANGE, "years"),
    ("sbp", SBP_RANGE, "mmHg"),
    ("totalCholesterol", TC_RANGE, "mmol/L"),
    ("hdlCholesterol", HDL_RANGE, "mmol/L"),
    ("waistCm", WAIST_RANGE, "cm"),
];

/// The flag columns, in column order.
pub const FLAG_COLUMNS: [&str; 7] = ["male", "onAntihypertensives", "smoker", "diabetes", "north", "urban", "familyHistoryAscvd"];

/// Every column in the order errors are looked for within a row (and the order of the JS
/// declaration).
pub const COLUMN_ORDER: [&str; 12] = [
    "male",
    "age",
    "sbp",
    "onAntihypertensives",
    "totalCholesterol",
    "hdlCholesterol",
    "waistCm",
    "smoker",
    "diabetes",
    "north",
    "urban",
    "familyHistoryAscvd",
];

const EXPECTED_FLAG: Msg = Msg::new("应为 0 或 1", "expected 0 or 1");
const LENGTH_MISMATCH: Msg = Msg::new(
    "{} 有 {} 行，而 columns.male 有 {} 行；所有列的长度必须相同。",
    "{} has {} rows but columns.male has {}; all columns must have the same length.",
);

impl<'a> ChinaParColumns<'a> {
    fn numbers(&self) -> [&'a [f64]; 5] {
        [self.age, self.sbp, self.total_cholesterol, self.hdl_cholesterol, self.waist_cm]
    }

    fn flags(&self) -> [&'a [u8]; 7] {
        [
            self.male,
            self.on_antihypertensives,
            self.smoker,
            self.diabetes,
            self.north,
            self.urban,
            self.family_history_ascvd,
        ]
    }

    /// The common length of the columns (that of `male`), or `INVALID_INPUT` naming the first
    /// column of another length.
    pub fn rows(&self) -> Result<usize> {
        let n = self.male.len();
        let lens = [
            self.age.len(),
            self.sbp.len(),
            self.on_antihypertensives.len(),
            self.total_cholesterol.len(),
            self.hdl_cholesterol.len(),
            self.waist_cm.len(),
            self.smoker.len(),
            self.diabetes.len(),
            self.north.len(),
            self.urban.len(),
            self.family_history_ascvd.len(),
        ];
        match COLUMN_ORDER[1..].iter().zip(lens).find(|(_, l)| *l != n) {
            None => Ok(n),
            Some((name, l)) => Err(length_mismatch(name, l, n)),
        }
    }
}

/// `INVALID_INPUT` on `columns.<name>`: it has `len` rows where `columns.male` has `expected`.
pub fn length_mismatch(name: &str, len: usize, expected: usize) -> Error {
    let field = format!("columns.{name}");
    let (l, e) = (len.to_string(), expected.to_string());
    Error::new(ErrorCode::InvalidInput, Some(&field), LENGTH_MISMATCH.fill(&[&field, &l, &e]))
}

/// Scores every row: the unrounded 10-year risk in percent.
pub fn china_par_batch(columns: &ChinaParColumns) -> Result<Vec<f64>> {
    let n = columns.rows()?;
    let mut out = vec![0.0; n];
    china_par_rows(columns, 0, &mut out)?;
    Ok(out)
}

/// Scores the rows of equally long `columns` into `out` (same length). `first_row` is the
/// index of the first row in the caller's numbering, used in error fields (the bindings copy
/// long JS columns in chunks). Nothing is written when a value is invalid.
pub fn china_par_rows(columns: &ChinaParColumns, first_row: usize, out: &mut [f64]) -> Result<()> {
    let n = out.len();
    debug_assert!(columns.rows().ok() == Some(n));
    if !all_valid(columns, n) {
        return Err(first_error(columns, first_row, n));
    }
    let c = columns;
    let t = tables();
    for (i, slot) in out.iter_mut().enumerate() {
        let male = c.male[i] == 1;
        let flag = |col: &[u8]| f64::from(col[i]);
        let terms = Terms {
            ln_age: t.age.ln(c.age[i]),
            ln_sbp: t.sbp.ln(c.sbp[i]),
            ln_tc: t.tc.ln(c.total_cholesterol[i]),
            ln_hdl: t.hdl.ln(c.hdl_cholesterol[i]),
            ln_waist: t.waist.ln(c.waist_cm[i]),
            smoker: flag(c.smoker),
            diabetes: flag(c.diabetes),
            north: flag(c.north),
            // As in `china_par::assess`: the women's equation has neither term.
            urban: if male { flag(c.urban) } else { 0.0 },
            family_history: if male { flag(c.family_history_ascvd) } else { 0.0 },
        };
        let ln_s10 = if male { t.ln_s10_men } else { t.ln_s10_women };
        *slot = risk_of_terms(coefficients(male), ln_s10, c.on_antihypertensives[i] == 1, &terms);
    }
    Ok(())
}

/// Logarithms of the values on a grid (`k / scale` for whole `k` in the accepted range),
/// computed exactly as the direct path computes them: a recorded age, SBP or waist is usually
/// whole, and lipids have two decimals, so most rows need no `ln` at all, and a lookup returns
/// the very bits `ln` would.
struct LnGrid {
    scale: f64,
    first: f64,
    /// mg/dL conversion first (lipids).
    lipid: bool,
    table: Vec<f64>,
}

impl LnGrid {
    fn new((lo, hi): (f64, f64), scale: f64, lipid: bool) -> LnGrid {
        let (first, last) = ((lo * scale).round(), (hi * scale).round());
        let mut g = LnGrid { scale, first, lipid, table: Vec::new() };
        g.table = (0..=(last - first) as usize).map(|i| g.direct((first + i as f64) / scale)).collect();
        g
    }

    #[inline]
    fn direct(&self, v: f64) -> f64 {
        if self.lipid {
            (v / MMOL_PER_MG_DL).ln()
        } else {
            v.ln()
        }
    }

    #[inline(never)]
    fn ln(&self, v: f64) -> f64 {
        let k = (v * self.scale).round_ties_even();
        let i = k - self.first;
        if i >= 0.0 && i < self.table.len() as f64 && k / self.scale == v {
            self.table[i as usize]
        } else {
            self.direct(v)
        }
    }
}

struct Tables {
    age: LnGrid,
    sbp: LnGrid,
    tc: LnGrid,
    hdl: LnGrid,
    waist: LnGrid,
    ln_s10_men: f64,
    ln_s10_women: f64,
}

/// Built on first use (about 2,100 logarithms, 17 KB).
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        age: LnGrid::new(AGE_RANGE, 1.0, false),
        sbp: LnGrid::new(SBP_RANGE, 1.0, false),
        tc: LnGrid::new(TC_RANGE, 100.0, true),
        hdl: LnGrid::new(HDL_RANGE, 100.0, true),
        waist: LnGrid::new(WAIST_RANGE, 10.0, false),
        ln_s10_men: MEN.s10.ln(),
        ln_s10_women: WOMEN.s10.ln(),
    })
}

/// Fast check of a whole chunk, without branches per value (NaN fails every comparison).
fn all_valid(c: &ChinaParColumns, n: usize) -> bool {
    let mut ok = true;
    for (col, (_, (lo, hi), _)) in c.numbers().iter().zip(NUMBER_COLUMNS) {
        ok &= col[..n].iter().fold(true, |acc, &v| acc & (v >= lo) & (v <= hi));
    }
    for col in c.flags() {
        ok &= col[..n].iter().fold(true, |acc, &v| acc & (v <= 1));
    }
    ok
}

/// The error of the first invalid value, row by row, columns in [`COLUMN_ORDER`].
fn first_error(c: &ChinaParColumns, first_row: usize, n: usize) -> Error {
    let numbers = c.numbers();
    let flags = c.flags();
    for i in 0..n {
        for name in COLUMN_ORDER {
            let field = || format!("columns.{name}[{}]", first_row + i);
            if let Some(k) = FLAG_COLUMNS.iter().position(|f| *f == name) {
                let v = flags[k][i];
                if v > 1 {
                    return Error::invalid(&field(), &v.to_string(), &EXPECTED_FLAG);
                }
            } else if let Some(k) = NUMBER_COLUMNS.iter().position(|(f, _, _)| *f == name) {
                let v = numbers[k][i];
                let (_, (lo, hi), unit) = NUMBER_COLUMNS[k];
                if !v.is_finite() {
                    return Error::not_a_number(&field());
                }
                if v < lo || v > hi {
                    return Error::out_of_range(&field(), v, lo, hi, unit);
                }
            }
        }
    }
    // Unreachable when called after `all_valid` failed; a generic error rather than a panic.
    Error::new(ErrorCode::InvalidInput, Some("columns"), Text::new("列中有无效的值。", "The columns hold an invalid value."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::cn::china_par::{ten_year_risk, ChinaParInputs};
    use crate::i18n::Locale;
    use crate::risk::{assess_model, round_half_away, AssessOptions, Profile};

    struct Owned {
        male: Vec<u8>,
        age: Vec<f64>,
        sbp: Vec<f64>,
        treated: Vec<u8>,
        tc: Vec<f64>,
        hdl: Vec<f64>,
        waist: Vec<f64>,
        smoker: Vec<u8>,
        diabetes: Vec<u8>,
        north: Vec<u8>,
        urban: Vec<u8>,
        fh: Vec<u8>,
    }

    impl Owned {
        fn columns(&self) -> ChinaParColumns<'_> {
            ChinaParColumns {
                male: &self.male,
                age: &self.age,
                sbp: &self.sbp,
                on_antihypertensives: &self.treated,
                total_cholesterol: &self.tc,
                hdl_cholesterol: &self.hdl,
                waist_cm: &self.waist,
                smoker: &self.smoker,
                diabetes: &self.diabetes,
                north: &self.north,
                urban: &self.urban,
                family_history_ascvd: &self.fh,
            }
        }
    }

    /// Every combination of sex, treatment, smoking, diabetes, region, residence and family
    /// history at several ages (including extrapolated ones), SBPs and lipids.
    fn population() -> Owned {
        let mut o = Owned {
            male: vec![],
            age: vec![],
            sbp: vec![],
            treated: vec![],
            tc: vec![],
            hdl: vec![],
            waist: vec![],
            smoker: vec![],
            diabetes: vec![],
            north: vec![],
            urban: vec![],
            fh: vec![],
        };
        let mut k = 0usize;
        for flags in 0u32..128 {
            for age in [20.0, 34.5, 35.0, 52.0, 74.0, 80.0, 85.0] {
                let bit = |b: u32| u8::from(flags & (1 << b) != 0);
                o.male.push(bit(0));
                o.treated.push(bit(1));
                o.smoker.push(bit(2));
                o.diabetes.push(bit(3));
                o.north.push(bit(4));
                o.urban.push(bit(5));
                o.fh.push(bit(6));
                o.age.push(age);
                o.sbp.push([70.0, 118.0, 135.5, 162.0, 200.0][k % 5]);
                o.tc.push([2.0, 4.1, 5.2, 6.73, 11.0][(k / 5) % 5]);
                o.hdl.push([0.5, 0.96, 1.3, 2.2, 4.0][(k / 3) % 5]);
                o.waist.push([50.0, 78.5, 90.0, 104.0, 130.0][(k / 7) % 5]);
                k += 1;
            }
        }
        o
    }

    fn profile_of(o: &Owned, i: usize) -> Profile {
        let json = serde_json::json!({
            "sex": if o.male[i] == 1 { "male" } else { "female" },
            "age": o.age[i], "sbp": o.sbp[i], "onAntihypertensives": o.treated[i] == 1,
            "totalCholesterol": o.tc[i], "hdlCholesterol": o.hdl[i], "waistCm": o.waist[i],
            "smoker": o.smoker[i] == 1, "diabetes": o.diabetes[i] == 1,
            "region": if o.north[i] == 1 { "north" } else { "south" },
            "residence": if o.urban[i] == 1 { "urban" } else { "rural" },
            "familyHistory": { "ascvd": o.fh[i] == 1 },
        });
        crate::read::read(&json.to_string(), "profile").unwrap()
    }

    #[test]
    fn agrees_with_assess_model_row_by_row() {
        let o = population();
        let risks = china_par_batch(&o.columns()).unwrap();
        assert_eq!(risks.len(), 128 * 7);
        for (i, &r) in risks.iter().enumerate() {
            let result = assess_model("china-par", &profile_of(&o, i), &AssessOptions::default()).unwrap();
            assert_eq!(round_half_away(r, 1), result.value, "row {i}");
        }
    }

    #[test]
    fn agrees_with_the_unrounded_equation_on_and_off_the_grids() {
        let mut o = population();
        // Off-grid values take the direct path.
        for (i, v) in o.tc.iter_mut().enumerate() {
            if i % 3 == 0 {
                *v = (*v + 0.0037).min(11.0);
            }
        }
        for (i, v) in o.waist.iter_mut().enumerate() {
            if i % 4 == 0 {
                *v = (*v + 0.33).min(130.0);
            }
        }
        let risks = china_par_batch(&o.columns()).unwrap();
        for (i, &r) in risks.iter().enumerate() {
            let male = o.male[i] == 1;
            let exact = ten_year_risk(&ChinaParInputs {
                male,
                age: o.age[i],
                sbp: o.sbp[i],
                treated: o.treated[i] == 1,
                tc_mg_dl: o.tc[i] / MMOL_PER_MG_DL,
                hdl_mg_dl: o.hdl[i] / MMOL_PER_MG_DL,
                waist_cm: o.waist[i],
                smoker: o.smoker[i] == 1,
                diabetes: o.diabetes[i] == 1,
                north: o.north[i] == 1,
                urban: male && o.urban[i] == 1,
                family_history: male && o.fh[i] == 1,
            });
            assert!((r - exact).abs() <= 1e-11 * exact.max(1.0), "row {i}: {r} vs {exact}");
        }
    }

    #[test]
    fn grid_lookups_return_the_bits_of_ln() {
        let t = tables();
        for k in 200..=1100 {
            let v = f64::from(k) / 100.0;
            assert_eq!(t.tc.ln(v).to_bits(), (v / MMOL_PER_MG_DL).ln().to_bits(), "{v}");
        }
        for v in [50.0, 78.5, 90.1, 129.9, 130.0] {
            assert_eq!(t.waist.ln(v).to_bits(), v.ln().to_bits(), "{v}");
        }
        assert_eq!(t.age.ln(34.25).to_bits(), 34.25f64.ln().to_bits());
    }

    #[test]
    fn chunks_give_the_same_numbers_and_global_row_numbers() {
        let o = population();
        let c = o.columns();
        let whole = china_par_batch(&c).unwrap();
        let n = whole.len();
        let mut out = vec![0.0; n - 100];
        let tail = ChinaParColumns {
            male: &c.male[100..],
            age: &c.age[100..],
            sbp: &c.sbp[100..],
            on_antihypertensives: &c.on_antihypertensives[100..],
            total_cholesterol: &c.total_cholesterol[100..],
            hdl_cholesterol: &c.hdl_cholesterol[100..],
            waist_cm: &c.waist_cm[100..],
            smoker: &c.smoker[100..],
            diabetes: &c.diabetes[100..],
            north: &c.north[100..],
            urban: &c.urban[100..],
            family_history_ascvd: &c.family_history_ascvd[100..],
        };
        china_par_rows(&tail, 100, &mut out).unwrap();
        assert_eq!(&whole[100..], &out[..]);
        let mut bad = population();
        bad.sbp[130] = 250.0;
        let e = china_par_rows(
            &ChinaParColumns { sbp: &bad.sbp[100..], ..tail },
            100,
            &mut out,
        )
        .unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("columns.sbp[130]")));
    }

    #[test]
    fn errors_name_the_first_bad_value() {
        let mut o = population();
        o.waist[40] = 20.0;
        o.sbp[40] = f64::NAN;
        o.age[3] = 19.0;
        let e = china_par_batch(&o.columns()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("columns.age[3]")));
        assert!(e.message(Locale::En).contains("19"), "{}", e.message(Locale::En));
        o.age[3] = 30.0;
        let e = china_par_batch(&o.columns()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("columns.sbp[40]")));
        o.sbp[40] = f64::INFINITY;
        assert_eq!(china_par_batch(&o.columns()).unwrap_err().field.as_deref(), Some("columns.sbp[40]"));
        o.sbp[40] = 120.0;
        let e = china_par_batch(&o.columns()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::OutOfRange, Some("columns.waistCm[40]")));
        o.waist[40] = 80.0;
        o.smoker[7] = 2;
        let e = china_par_batch(&o.columns()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("columns.smoker[7]")));
        assert!(e.message(Locale::En).contains("expected 0 or 1"), "{}", e.message(Locale::En));
    }

    #[test]
    fn lengths_must_match() {
        let mut o = population();
        o.hdl.pop();
        let e = china_par_batch(&o.columns()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("columns.hdlCholesterol")));
        // The path `columns.male` of the message is worded (crate::error: no path in a message).
        assert!(e.message(Locale::En).contains("895 rows but Sex column has 896"), "{}", e.message(Locale::En));
    }

    #[test]
    fn empty_columns_give_an_empty_result() {
        let c = ChinaParColumns {
            male: &[],
            age: &[],
            sbp: &[],
            on_antihypertensives: &[],
            total_cholesterol: &[],
            hdl_cholesterol: &[],
            waist_cm: &[],
            smoker: &[],
            diabetes: &[],
            north: &[],
            urban: &[],
            family_history_ascvd: &[],
        };
        assert_eq!(china_par_batch(&c).unwrap(), Vec::<f64>::new());
    }
}
