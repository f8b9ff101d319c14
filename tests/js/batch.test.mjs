// The columnar China-PAR (`chinaParBatch`) through pkg/node: the same numbers as
// `assessModel('china-par', …)`, and coded errors naming the row for bad columns.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chinaParColumns, chinaParJs, profileOfRow } from '../../bench/common.mjs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const MG = 0.0259; // China-PAR: mmol/L per mg/dL

/** Columns from rows of `{ male, age, sbp, … }` (flags as booleans). */
function columnsOf(rows) {
  const n = rows.length;
  const c = chinaParColumns(0);
  const out = {};
  for (const [name, col] of Object.entries(c)) {
    out[name] = new col.constructor(n);
    rows.forEach((r, i) => {
      out[name][i] = Number(r[name]);
    });
  }
  return out;
}

const throwsWith = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error instance');
    assert.ok(!(e instanceof WebAssembly.RuntimeError), 'not a trap');
    assert.equal(e.code, code);
    assert.equal(e.field, field);
    assert.ok(typeof e.message === 'string' && e.message.length > 0);
    return true;
  });

/** Half away from zero to one decimal, as the library shows the risk (values are positive). */
const shown = (x) => Math.round(x * 10) / 10;
/** Within float noise of a rounding tie, either neighbour is right. */
const nearTie = (x) => Math.abs(((x * 10) % 1) - 0.5) < 1e-9;

function assertAgreesWithAssessModel(cols) {
  const risks = hs.chinaParBatch(cols);
  assert.ok(risks instanceof Float64Array);
  assert.equal(risks.length, cols.age.length);
  for (let i = 0; i < risks.length; i++) {
    const r = hs.assessModel('china-par', profileOfRow(cols, i));
    assert.ok(Math.abs(risks[i] - r.value) <= 0.05 + 1e-9, `row ${i}: ${risks[i]} vs ${r.value}`);
    if (!nearTie(risks[i])) assert.equal(shown(risks[i]), r.value, `row ${i}: ${risks[i]} vs ${r.value}`);
  }
  return risks;
}

test('the paper example: men 10.8%, women 10.2% as the official calculator\'s coefficients give them (unrounded percent)', () => {
  const row = {
    age: 60, sbp: 130, onAntihypertensives: 0, totalCholesterol: 210 * MG, hdlCholesterol: 55 * MG, waistCm: 80,
    smoker: 0, diabetes: 1, north: 1, urban: 1, familyHistoryAscvd: 0,
  };
  const risks = hs.chinaParBatch(columnsOf([{ ...row, male: 1 }, { ...row, male: 0 }]));
  assert.equal(shown(risks[0]), 10.8);
  assert.equal(shown(risks[1]), 10.2);
  assert.notEqual(risks[0], 10.8, 'not rounded');
});

test('agrees with assessModel("china-par") on 3,000 pseudo-random residents', () => {
  const cols = chinaParColumns(3000, 20261124);
  const seen = new Set();
  for (let i = 0; i < 3000; i++) {
    seen.add(`${cols.male[i]}${cols.onAntihypertensives[i]}${cols.age[i] < 35 || cols.age[i] > 74 ? 'x' : ''}`);
  }
  // Both sexes, treated and untreated, inside and outside the derivation ages.
  for (const k of ['10', '11', '00', '01', '10x', '11x', '00x', '01x']) assert.ok(seen.has(k), k);
  assertAgreesWithAssessModel(cols);
});

test('agrees with assessModel at the edges of every accepted range and off the usual grids', () => {
  const rows = [];
  const base = {
    age: 52, sbp: 135, onAntihypertensives: 0, totalCholesterol: 5.2, hdlCholesterol: 1.3, waistCm: 85,
    smoker: 0, diabetes: 0, north: 0, urban: 0, familyHistoryAscvd: 0,
  };
  const edges = {
    age: [20, 20.5, 34.99, 35, 74, 74.01, 85], sbp: [70, 70.4, 199.99, 200], totalCholesterol: [2, 2.001, 7.777, 11],
    hdlCholesterol: [0.5, 0.512, 3.99, 4], waistCm: [50, 50.05, 129.95, 130],
  };
  for (const male of [0, 1]) {
    for (const treated of [0, 1]) {
      for (const [field, values] of Object.entries(edges)) {
        for (const v of values) {
          for (const flags of [0, 1]) {
            rows.push({
              ...base, male, onAntihypertensives: treated, [field]: v,
              smoker: flags, diabetes: flags, north: flags, urban: 1 - flags, familyHistoryAscvd: flags,
            });
          }
        }
      }
    }
  }
  assertAgreesWithAssessModel(columnsOf(rows));
});

test('long columns (several chunks) match the plain-JS equation to 1e-9', () => {
  const cols = chinaParColumns(20_000, 99);
  const risks = hs.chinaParBatch(cols);
  const js = chinaParJs(cols);
  let max = 0;
  for (let i = 0; i < risks.length; i++) max = Math.max(max, Math.abs(risks[i] - js[i]));
  assert.ok(max <= 1e-9, `max difference ${max}`);
  // Scoring a slice gives the same numbers as the whole.
  const part = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.subarray(4000, 9000)]));
  assert.deepEqual(hs.chinaParBatch(part), risks.subarray(4000, 9000).slice());
});

test('empty columns give an empty Float64Array', () => {
  const r = hs.chinaParBatch(chinaParColumns(0));
  assert.ok(r instanceof Float64Array);
  assert.equal(r.length, 0);
});

test('a value out of range or not finite is an error naming column and row, in the requested locale', () => {
  const cols = chinaParColumns(50, 3);
  cols.sbp[17] = 250;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.sbp[17]');
  try {
    hs.chinaParBatch(cols, { locale: 'en' });
  } catch (e) {
    assert.match(e.message, /Systolic blood pressure in row 18 is 250, outside the accepted range 70–200 mmHg/);
  }
  assert.throws(() => hs.chinaParBatch(cols), /超出可接受范围/);
  cols.sbp[17] = NaN;
  throwsWith(() => hs.chinaParBatch(cols), 'INVALID_INPUT', 'columns.sbp[17]');
  cols.sbp[17] = Infinity;
  throwsWith(() => hs.chinaParBatch(cols), 'INVALID_INPUT', 'columns.sbp[17]');
  cols.sbp[17] = 120;
  cols.age[3] = 19;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.age[3]');
  cols.age[3] = 86;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.age[3]');
  cols.age[3] = 40;
  cols.hdlCholesterol[49] = 4.01;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.hdlCholesterol[49]');
  cols.hdlCholesterol[49] = 1;
  cols.totalCholesterol[0] = 1.99;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.totalCholesterol[0]');
  cols.totalCholesterol[0] = 5;
  cols.waistCm[10] = -0;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.waistCm[10]');
});

test('the first bad value wins, row by row, and rows are numbered across chunks', () => {
  const cols = chinaParColumns(10_000, 5);
  cols.waistCm[9000] = 10;
  cols.sbp[5000] = 10;
  cols.smoker[5000] = 2;
  cols.age[5000] = 300;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.age[5000]');
  cols.age[5000] = 50;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.sbp[5000]');
  cols.sbp[5000] = 150;
  throwsWith(() => hs.chinaParBatch(cols), 'INVALID_INPUT', 'columns.smoker[5000]');
  cols.smoker[5000] = 1;
  throwsWith(() => hs.chinaParBatch(cols), 'OUT_OF_RANGE', 'columns.waistCm[9000]');
});

test('flags must be 0 or 1', () => {
  for (const flag of ['male', 'onAntihypertensives', 'smoker', 'diabetes', 'north', 'urban', 'familyHistoryAscvd']) {
    const cols = chinaParColumns(20, 7);
    cols[flag][11] = 255;
    throwsWith(() => hs.chinaParBatch(cols), 'INVALID_INPUT', `columns.${flag}[11]`);
  }
});

test('missing columns, wrong types and unequal lengths are named', () => {
  const cols = chinaParColumns(10, 1);
  const { sbp, waistCm, ...rest } = cols;
  throwsWith(() => hs.chinaParBatch(rest), 'MISSING_INPUT', 'columns.sbp');
  // Both missing columns are named (in words residents know; `field` is the first path).
  assert.throws(() => hs.chinaParBatch(rest, { locale: 'en' }), (e) => /systolic|sbp/i.test(e.message) && /waist/i.test(e.message));
  assert.throws(() => hs.chinaParBatch({ ...cols, age: Array.from(cols.age) }, { locale: 'en' }), /"Array": expected a Float64Array/);
  throwsWith(() => hs.chinaParBatch({ ...cols, age: Array.from(cols.age) }), 'INVALID_INPUT', 'columns.age');
  throwsWith(() => hs.chinaParBatch({ ...cols, age: new Float32Array(cols.age) }), 'INVALID_INPUT', 'columns.age');
  throwsWith(() => hs.chinaParBatch({ ...cols, smoker: new Float64Array(cols.smoker) }), 'INVALID_INPUT', 'columns.smoker');
  throwsWith(() => hs.chinaParBatch({ ...cols, hdlCholesterol: cols.hdlCholesterol.subarray(1) }), 'INVALID_INPUT', 'columns.hdlCholesterol');
  assert.throws(() => hs.chinaParBatch({ ...cols, urban: new Uint8Array(11) }, { locale: 'en' }), /Urban or rural column has 11 rows but Sex column has 10/);
  for (const bad of [undefined, null, 42, 'columns', [1, 2]]) {
    assert.throws(() => hs.chinaParBatch(bad), (e) => e instanceof Error && ['INVALID_INPUT', 'MISSING_INPUT'].includes(e.code));
  }
  throwsWith(() => hs.chinaParBatch(undefined), 'INVALID_INPUT', 'columns');
  throwsWith(() => hs.chinaParBatch(cols, { locale: 'fr' }), 'INVALID_INPUT', 'options.locale');
});

test('a million rows in one call', () => {
  const risks = hs.chinaParBatch(chinaParColumns(1_000_000, 11));
  assert.equal(risks.length, 1_000_000);
  assert.ok(risks.every((r) => r > 0 && r < 100));
});
