// The Chinese models (docs/risk-models.md §1–6) through the JS boundary of pkg/node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const MG = 0.0259; // China-PAR: mmol/L per mg/dL

// Paper example: 60, untreated SBP 130, TC 210 mg/dL, HDL-C 55 mg/dL, waist 80, non-smoker,
// diabetic, north, urban, no family history.
const paper = (sex, age) => ({
  sex, age, sbp: 130, onAntihypertensives: false,
  totalCholesterol: 210 * MG, hdlCholesterol: 55 * MG, waistCm: 80,
  smoker: false, diabetes: true, region: 'north', residence: 'urban',
  familyHistory: { ascvd: false },
});

const completeAdult = () => ({
  sex: 'male', age: 58, heightCm: 170, weightKg: 78, waistCm: 93,
  sbp: 148, dbp: 92, onAntihypertensives: false, onStatin: false,
  totalCholesterol: 5.8, hdlCholesterol: 0.98, ldlCholesterol: 3.6, triglycerides: 2.1,
  fastingGlucose: 6.3, homocysteine: 12, egfr: 90,
  smoker: true, diabetes: false, hypertension: false, dyslipidemia: false,
  region: 'north', residence: 'urban',
  familyHistory: { ascvd: false, prematureCvd: false, diabetes: true, stroke: false },
  history: { stroke: false },
  activity: { sessionsPerWeek: 1, minutesPerSession: 20, heavyLabour: false },
});

const throwsWith = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error instance');
    assert.equal(e.code, code);
    if (field !== undefined) assert.equal(e.field, field);
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
    return true;
  });

test('China-PAR paper example and age series (the official calculator\'s three-decimal coefficients)', () => {
  const men = hs.assessModel('china-par', paper('male', 60));
  assert.equal(men.value, 10.8); // the paper prints 11.0, from unrounded coefficients
  assert.equal(men.category, 'high');
  assert.equal(men.unit, 'percent');
  assert.equal(hs.assessModel('china-par', paper('female', 60)).value, 10.2); // paper 10.1
  // Paper Table 2: within 0.3 pp, same category.
  const cat = (v) => (v >= 10 ? 'high' : v >= 5 ? 'medium' : 'low');
  for (const [age, m, w] of [[40, 2.2, 2.4], [50, 5.4, 5.4], [60, 11.0, 10.1], [70, 19.6, 17.1]]) {
    for (const [sex, want] of [['male', m], ['female', w]]) {
      const r = hs.assessModel('china-par', paper(sex, age));
      assert.ok(Math.abs(r.value - want) <= 0.3 + 1e-9, `${sex} ${age}`);
      assert.equal(r.category, cat(want));
    }
  }
});

test('China-PAR guideline Appendix 1: 4.7%, low, ideal 1.1% as the official site shows', () => {
  const r = hs.assessModel('china-par', {
    sex: 'male', age: 40, region: 'north', residence: 'urban', waistCm: 80,
    totalCholesterol: 5.2, hdlCholesterol: 1.3, sbp: 145, dbp: 80,
    onAntihypertensives: false, diabetes: false, smoker: false, familyHistory: { ascvd: true },
  });
  assert.equal(r.value, 4.7);
  assert.equal(r.category, 'low');
  assert.equal(r.details.ideal, 1.1);
  assert.equal(r.details.extrapolated, false);
  assert.deepEqual(r.warnings, []);
});

test('China-PAR: identical to the official calculator on all 424 recordings (10-year, category, ideal)', () => {
  const path = new URL('../fixtures/china-par-official-recordings.jsonl', import.meta.url);
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  const cat = (v) => (v >= 10 ? 'high' : v >= 5 ? 'medium' : 'low');
  const different = [];
  for (const line of lines) {
    const rec = JSON.parse(line);
    const r = hs.assessModel('china-par', {
      sex: rec.sex, age: rec.age, region: rec.region, residence: rec.residence, waistCm: rec.waistCm,
      sbp: rec.sbp, totalCholesterol: rec.totalCholesterolMgDl * MG,
      hdlCholesterol: rec.hdlCholesterolMgDl * MG, onAntihypertensives: rec.onAntihypertensives,
      diabetes: rec.diabetes, smoker: rec.smoker, familyHistory: { ascvd: rec.familyHistoryAscvd },
    });
    if (r.value !== rec.official10yPercent || r.category !== cat(rec.official10yPercent) || r.details.ideal !== rec.officialIdeal10yPercent) {
      different.push(`${line} → ${r.value} ${r.category} ideal ${r.details.ideal}`);
    }
  }
  assert.equal(lines.length, 424);
  assert.deepEqual(different, []);
});

test('China-PAR category on the rounded value and what-ifs that lower the risk', () => {
  // A smoking man: waist what-if is never offered (smaller waist raises men's risk).
  const man = {
    sex: 'male', age: 55, sbp: 150, onAntihypertensives: true, totalCholesterol: 6.5, hdlCholesterol: 0.9,
    waistCm: 100, smoker: true, diabetes: false, region: 'south', residence: 'rural', familyHistory: { ascvd: false },
  };
  const r = hs.assessModel('china-par', man);
  const ids = r.whatIf.map((w) => w.id);
  assert.deepEqual(ids, ['smoker', 'sbp', 'totalCholesterol', 'hdlCholesterol']);
  for (const w of r.whatIf) assert.ok(w.value < r.value);
  const woman = hs.assessModel('china-par', { ...man, sex: 'female' });
  assert.ok(woman.whatIf.some((w) => w.id === 'waistCm'));
});

test('China-PAR: prior stroke / MI / CHD is not applicable, very high risk by definition', () => {
  const p = { ...paper('male', 60), history: { myocardialInfarction: true } };
  throwsWith(() => hs.assessModel('china-par', p, { locale: 'en' }), 'NOT_APPLICABLE');
  const report = hs.assessRisk(p);
  const skip = report.skipped.find((s) => s.id === 'china-par');
  assert.equal(skip.reason, 'not-applicable');
  assert.match(skip.message, /极高危/);
});

test('China-PAR: extrapolation warning and accepted ranges', () => {
  const young = hs.assessModel('china-par', paper('male', 30), { locale: 'en' });
  assert.deepEqual(young.warnings.map((w) => w.code), ['EXTRAPOLATED']);
  assert.match(young.warnings[0].message, /35–74/);
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), sbp: 201 }), 'OUT_OF_RANGE', 'profile.sbp');
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), age: 86 }), 'OUT_OF_RANGE', 'profile.age');
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), waistCm: 131 }), 'OUT_OF_RANGE', 'profile.waistCm');
});

test('CDRS 24/25, hypertension cells, stroke rules, body size, metabolic syndrome', () => {
  const cdrs = { sex: 'female', age: 45, sbp: 125, heightCm: 160, weightKg: 58.9, waistCm: 72, familyHistory: { diabetes: true } };
  const high = hs.assessModel('cdrs', cdrs);
  assert.deepEqual([high.value, high.category], [25, 'high']);
  const low = hs.assessModel('cdrs', { ...cdrs, familyHistory: { diabetes: false }, sbp: 135, waistCm: 75 });
  assert.deepEqual([low.value, low.category], [24, 'low']);

  const bp = { sex: 'female', age: 50, smoker: true, diabetes: false, totalCholesterol: 4.5, fastingGlucose: 5,
    waistCm: 70, homocysteine: 9, familyHistory: { prematureCvd: false }, hypertension: false, onAntihypertensives: false };
  const g2 = hs.assessModel('hypertension', { ...bp, sbp: 165, dbp: 80 });
  assert.equal(g2.category, 'medium-high');
  assert.equal(g2.details.bpCategory, 'grade-2');
  assert.equal(g2.details.isolatedSystolic, true);
  assert.deepEqual(g2.factors.map((f) => f.id), ['smoker']);
  const ne = hs.assessModel('hypertension', { ...bp, smoker: false, sbp: 125, dbp: 82 });
  assert.equal(ne.category, 'not-elevated');
  const treated = hs.assessModel('hypertension', { ...bp, sbp: 125, dbp: 82, onAntihypertensives: true });
  assert.equal(treated.category, 'medium');
  assert.ok(treated.warnings.some((w) => w.code === 'TREATED_BP'));

  const stroke = hs.assessModel('stroke-screen', { sex: 'male', age: 60, sbp: 150, dbp: 80, heightCm: 170, weightKg: 65,
    smoker: true, diabetes: false, dyslipidemia: true, activity: { heavyLabour: true }, familyHistory: { stroke: false } });
  assert.deepEqual([stroke.value, stroke.category], [3, 'high']);
  throwsWith(() => hs.assessModel('stroke-screen', { sex: 'male', age: 39, sbp: 120, dbp: 70, heightCm: 170, weightKg: 60 }),
    'OUT_OF_RANGE', 'profile.age');

  const bmi = (w) => hs.assessModel('bmi', { sex: 'male', age: 40, heightCm: 100, weightKg: w });
  assert.deepEqual([bmi(23.94).value, bmi(23.94).category], [23.9, 'normal']);
  assert.deepEqual([bmi(23.95).value, bmi(23.95).category], [24.0, 'overweight']);
  assert.equal(hs.assessModel('waist', { sex: 'female', age: 40, waistCm: 85 }).category, 'central-obesity');
  const kid = { sex: 'male', birthDate: '2019-09-15', heightCm: 100, weightKg: 16.5 };
  assert.equal(hs.assessModel('child-bmi', kid, { asOf: '2026-03-15' }).category, 'normal');
  assert.equal(hs.assessModel('child-bmi', kid, { asOf: '2026-03-14' }).category, 'overweight');

  const mets = hs.assessModel('metabolic-syndrome', { sex: 'male', age: 50, waistCm: 95, triglycerides: 2, hdlCholesterol: 0.9 });
  assert.equal(mets.category, 'present');
  assert.equal(mets.details.components.find((c) => c.id === 'glucose').status, 'unknown');
  throwsWith(() => hs.assessModel('metabolic-syndrome', { sex: 'male', age: 50, waistCm: 95, sbp: 120, dbp: 70, fastingGlucose: 5 }),
    'MISSING_INPUT');
});

test('assessRisk: a complete adult profile, bilingual, with factors and what-ifs', () => {
  const adultIds = ['china-par', 'cdrs', 'hypertension', 'stroke-screen', 'bmi', 'waist', 'metabolic-syndrome'];
  const zh = hs.assessRisk(completeAdult());
  const en = hs.assessRisk(completeAdult(), { locale: 'en' });
  // The Chinese models and questionnaires by default.
  const cn = (report) => report.results.filter((r) => adultIds.includes(r.id));
  assert.deepEqual(cn(zh).map((r) => r.id), adultIds);
  assert.deepEqual(cn(en).map((r) => r.id), adultIds);
  assert.equal(zh.skipped.find((s) => s.id === 'child-bmi').reason, 'not-applicable');
  for (let i = 0; i < adultIds.length; i += 1) {
    const [a, b] = [cn(zh)[i], cn(en)[i]];
    assert.equal(a.category, b.category);
    assert.equal(a.value, b.value);
    assert.match(a.summary, /[\u4e00-\u9fff]/, `${a.id} zh summary`);
    assert.doesNotMatch(b.summary, /[\u4e00-\u9fff]/, `${b.id} en summary`);
    assert.notEqual(a.label, b.label);
    assert.ok(a.factors.length > 0 && a.whatIf.length > 0, a.id);
    assert.ok(a.source.citation && a.source.edition);
    assert.equal(Object.getPrototypeOf(a), Object.prototype, 'plain object');
  }
  const catalog = hs.modelCatalog('en');
  assert.deepEqual(catalog.slice(0, 8).map((m) => m.id),
    ['china-par', 'cdrs', 'hypertension', 'stroke-screen', 'bmi', 'waist', 'child-bmi', 'metabolic-syndrome']);
});

test('errors cross the boundary as Errors with code and field', () => {
  throwsWith(() => hs.assessModel('china-par', { sex: 'male', age: 60 }, { locale: 'en' }), 'MISSING_INPUT', 'profile.sbp');
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), sbp: Number.NaN }), 'INVALID_INPUT', 'profile.sbp');
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), totalCholesterol: -1 }), 'OUT_OF_RANGE', 'profile.totalCholesterol');
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), region: 'east' }), 'INVALID_INPUT', 'profile.region');
  throwsWith(() => hs.assessModel('china-par', { ...paper('male', 60), smoker: 'yes' }), 'INVALID_INPUT', 'profile.smoker');
  throwsWith(() => hs.assessModel('cdrs', { sex: 'female', age: 80, sbp: 120, heightCm: 160, weightKg: 50, waistCm: 70 }),
    'OUT_OF_RANGE', 'profile.age');
  // Missing fields are named in the message, in words a resident knows (the path is in `field`).
  assert.throws(() => hs.assessModel('cdrs', { sex: 'female', age: 50 }, { locale: 'en' }),
    (e) => e.code === 'MISSING_INPUT' && /Systolic blood pressure/.test(e.message) && /Waist/.test(e.message));
  assert.throws(() => hs.assessModel('cdrs', { sex: 'female', age: 50 }),
    (e) => e.code === 'MISSING_INPUT' && /收缩压（高压）/.test(e.message) && /腰围/.test(e.message));
  // Many odd inputs: never a trap, always a result or an Error with a code.
  const values = [undefined, null, 0, -1, 1e308, Number.NaN, 'x', true, {}, []];
  for (const field of ['age', 'sbp', 'dbp', 'waistCm', 'heightCm', 'weightKg', 'totalCholesterol', 'hdlCholesterol']) {
    for (const v of values) {
      try {
        hs.assessRisk({ ...completeAdult(), [field]: v });
      } catch (e) {
        assert.ok(e instanceof Error && typeof e.code === 'string', `${field}=${String(v)}`);
      }
    }
  }
});
