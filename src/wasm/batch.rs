//! Binding of the columnar China-PAR: `chinaParBatch(columns, options?)` → `Float64Array`.
//!
//! The columns are copied into Wasm memory a chunk at a time and the results written straight
//! into the returned `Float64Array`, so a million rows need a fixed ~220 KB of Wasm memory
//! (Wasm memory never shrinks, and iOS mini programs are killed for memory) and the scoring
//! loop is a function called once per chunk (V8 tiers a Wasm function up between calls, not
//! inside one).

use js_sys::{Float64Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{js_error, locale_hint, JsResult};
use crate::error::{Error, Result};
use crate::i18n::{msg, Locale, Msg};
use crate::risk::batch::{china_par_rows, length_mismatch, ChinaParColumns, COLUMN_ORDER, FLAG_COLUMNS};

/// Rows copied and scored per step.
const CHUNK: usize = 4096;

const EXPECTED_COLUMNS: Msg = Msg::new(
    "应为由类型化数组组成的对象（数值列为 Float64Array，0/1 列为 Uint8Array）",
    "expected an object of typed arrays (Float64Array for numbers, Uint8Array for 0/1 flags)",
);
const EXPECTED_FLOAT64: Msg = Msg::new("应为 Float64Array", "expected a Float64Array");
const EXPECTED_UINT8: Msg = Msg::new("应为 Uint8Array（0 或 1）", "expected a Uint8Array of 0 and 1");

/// One JS column, checked for its type.
enum Column {
    Numbers(Float64Array),
    Flags(Uint8Array),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Numbers(a) => a.length() as usize,
            Column::Flags(a) => a.length() as usize,
        }
    }
}

/// What a value is, for an error message: the constructor's name of an object (`Array`,
/// `Float32Array`), else its `typeof`.
fn kind_of(value: &JsValue) -> String {
    if value.is_object() {
        // Reflect.get cannot throw past us (a null-prototype object has no constructor).
        let ctor = Reflect::get(value, &JsValue::from_str("constructor")).unwrap_or(JsValue::UNDEFINED);
        let name = Reflect::get(&ctor, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            return name;
        }
    }
    value.js_typeof().as_string().unwrap_or_default()
}

fn read_columns(columns: &JsValue) -> Result<Vec<Column>> {
    if !columns.is_object() || columns.is_function() {
        return Err(Error::invalid("columns", &kind_of(columns), &EXPECTED_COLUMNS));
    }
    let mut missing = Vec::new();
    let mut out = Vec::with_capacity(COLUMN_ORDER.len());
    for name in COLUMN_ORDER {
        let value = Reflect::get(columns, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let field = || format!("columns.{name}");
        if value.is_undefined() || value.is_null() {
            missing.push(field());
            continue;
        }
        if FLAG_COLUMNS.contains(&name) {
            match value.dyn_into::<Uint8Array>() {
                Ok(a) => out.push(Column::Flags(a)),
                Err(v) => return Err(Error::invalid(&field(), &kind_of(&v), &EXPECTED_UINT8)),
            }
        } else {
            match value.dyn_into::<Float64Array>() {
                Ok(a) => out.push(Column::Numbers(a)),
                Err(v) => return Err(Error::invalid(&field(), &kind_of(&v), &EXPECTED_FLOAT64)),
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::missing(&missing));
    }
    let n = out[0].len();
    if let Some((name, col)) = COLUMN_ORDER.iter().zip(&out).find(|(_, c)| c.len() != n) {
        return Err(length_mismatch(name, col.len(), n));
    }
    Ok(out)
}

/// Chunk buffers in Wasm memory, in [`COLUMN_ORDER`].
struct Buffers {
    numbers: [Vec<f64>; 5],
    flags: [Vec<u8>; 7],
}

/// Checks `options` (`{ locale? }`), read directly rather than through serde: a parser for
/// one optional field would cost kilobytes of Wasm.
fn check_options(options: &JsValue) -> Result<()> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    if !options.is_object() {
        return Err(Error::invalid("options", "", &msg::EXPECTED_OBJECT));
    }
    let locale = Reflect::get(options, &JsValue::from_str("locale")).unwrap_or(JsValue::UNDEFINED);
    if locale.is_undefined() || locale.is_null() {
        return Ok(());
    }
    match locale.as_string() {
        Some(tag) => Locale::parse(Some(&tag), "options.locale").map(drop),
        None => Err(Error::invalid("options.locale", "", &msg::EXPECTED_LOCALE)),
    }
}

fn score(columns: &[Column]) -> Result<JsValue> {
    let n = columns[0].len();
    let result = Float64Array::new_with_length(n as u32);
    let size = n.min(CHUNK);
    let mut b = Buffers {
        numbers: std::array::from_fn(|_| vec![0.0; size]),
        flags: std::array::from_fn(|_| vec![0; size]),
    };
    let mut out = vec![0.0; size];
    let mut start = 0;
    while start < n {
        let len = (n - start).min(CHUNK);
        let (s, e) = (start as u32, (start + len) as u32);
        let (mut ni, mut fi) = (0, 0);
        // SAFETY: each buffer holds at least `len` elements, the length of the subarray.
        for col in columns {
            match col {
                Column::Numbers(a) => {
                    unsafe { a.subarray(s, e).raw_copy_to_ptr(b.numbers[ni].as_mut_ptr()) };
                    ni += 1;
                }
                Column::Flags(a) => {
                    unsafe { a.subarray(s, e).raw_copy_to_ptr(b.flags[fi].as_mut_ptr()) };
                    fi += 1;
                }
            }
        }
        score_chunk(&b, start, &mut out[..len])?;
        result.subarray(s, e).copy_from(&out[..len]);
        start += len;
    }
    Ok(result.into())
}

/// Not inlined: V8 optimises a Wasm function between calls, so the loop must be its own function.
#[inline(never)]
fn score_chunk(b: &Buffers, first_row: usize, out: &mut [f64]) -> Result<()> {
    let len = out.len();
    let [age, sbp, tc, hdl, waist] = &b.numbers;
    let [male, treated, smoker, diabetes, north, urban, fh] = &b.flags;
    let cols = ChinaParColumns {
        male: &male[..len],
        age: &age[..len],
        sbp: &sbp[..len],
        on_antihypertensives: &treated[..len],
        total_cholesterol: &tc[..len],
        hdl_cholesterol: &hdl[..len],
        waist_cm: &waist[..len],
        smoker: &smoker[..len],
        diabetes: &diabetes[..len],
        north: &north[..len],
        urban: &urban[..len],
        family_history_ascvd: &fh[..len],
    };
    china_par_rows(&cols, first_row, out)
}

/// `chinaParBatch(columns, options?)`: the unrounded China-PAR 10-year risk in percent of every
/// row (see [`crate::risk::batch`]).
#[wasm_bindgen(js_name = chinaParBatch)]
pub fn china_par_batch(columns: JsValue, options: JsValue) -> JsResult {
    let locale = locale_hint(&options);
    check_options(&options)
        .and_then(|()| read_columns(&columns))
        .and_then(|cols| score(&cols))
        .map_err(|e| js_error(&e, locale))
}
