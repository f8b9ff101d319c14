// What a resident types into a number box, read strictly: one plain decimal number or a reason
// why not. Nothing is guessed or silently changed ("150/90" is not 15090, "1e" is not empty,
// "45" for a glucose of 4.5 is not accepted as it stands).
//
// Full-width digits and the Chinese full stop typed by a Chinese input method ("４。５") are the
// same number written with other characters, so they are read as such; a decimal comma is not
// (is "1,200" twelve hundred or 1.2?).
//
// Plain functions without DOM or library calls, shared by the web demo and (copied into the
// "health" subpackage by sync-lib.mjs) the WeChat example.

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Two numbers in one box: "150/90", "150 90", "150-90", "150／90". */
const TWO_NUMBERS = /\d\s*[/／\\|、]\s*\d|\d\s+\d|\d\s*[-–—~～]\s*\d/;

/**
 * Reads `raw` (a string from an input). Returns `{ value }` for a number, `{ empty: true }` for
 * nothing typed, or `{ problem, raw }` with problem `two-numbers`, `decimal-comma` or
 * `not-a-number`.
 */
export function parseNumber(raw) {
  const typed = String(raw ?? '').trim();
  if (typed === '') return { empty: true };
  const s = typed
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[＋]/g, '+')
    .replace(/[－]/g, '-');
  if (TWO_NUMBERS.test(s)) return { problem: 'two-numbers', raw: typed };
  if (/^\d+,\d+$/.test(s)) return { problem: 'decimal-comma', raw: typed };
  if (!NUMBER.test(s)) return { problem: 'not-a-number', raw: typed };
  const value = Number(s);
  return Number.isFinite(value) ? { value } : { problem: 'not-a-number', raw: typed };
}

/**
 * Home glucose meters measure up to 33.3 mmol/L (600 mg/dL) and show "HI" above it — e.g. the
 * measuring range 0.6–33.3 mmol/L of the Accu-Chek Performa and Sinocare meters' manuals. A
 * typed value above it is a slipped decimal point ("45" for 4.5) or a value in mg/dL, never a
 * reading to raise an emergency on.
 */
export const GLUCOSE_METER_MAX_MMOL = 33.3;

export function implausibleGlucose(mmolPerL) {
  return mmolPerL > GLUCOSE_METER_MAX_MMOL;
}

/**
 * Pairs of values that cannot both be true, as `{ field, check }` of the field to blame:
 * the lower (diastolic) pressure must be below the upper (systolic), HDL and LDL cholesterol
 * below total cholesterol. `values` maps names to numbers (missing ones are skipped).
 */
export function impossiblePairs(values, names = {}) {
  const n = { sbp: 'sbp', dbp: 'dbp', tc: 'totalCholesterol', hdl: 'hdlCholesterol', ldl: 'ldlCholesterol', ...names };
  const out = [];
  const v = (k) => (typeof values[n[k]] === 'number' ? values[n[k]] : undefined);
  if (v('sbp') !== undefined && v('dbp') !== undefined && v('dbp') >= v('sbp')) {
    out.push({ field: n.dbp, check: 'dbp-below-sbp', sbp: v('sbp'), dbp: v('dbp') });
  }
  for (const k of ['hdl', 'ldl']) {
    if (v('tc') !== undefined && v(k) !== undefined && v(k) >= v('tc')) {
      out.push({ field: n[k], check: `${k}-below-tc`, tc: v('tc'), value: v(k) });
    }
  }
  return out;
}
