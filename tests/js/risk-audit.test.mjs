// What the clinical audit found (docs/risk-models.md §4, §7, §8), through the built package:
// PREVENT 30-year and the HbA1c/UACR models on the published vectors, estimateEgfr, stroke
// screening without numbers, FINDRISC with diabetes, Framingham ranges and office model, the
// PCE LDL-C flag, FRAIL's illnesses, PHQ-9's card from assessModel, unanswered questions.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const MG = 0.02586; // PCE, PREVENT and Framingham: mmol/L per mg/dL

const fails = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.equal(e.code, code);
    assert.equal(e.field, field);
    assert.doesNotMatch(e.message, /profile\.|input\.|readings\[/);
    return true;
  });

test('PREVENT: the 12 published vectors (10 and 30 years; base, HbA1c and UACR models chosen by the values present)', () => {
  const lines = readFileSync(new URL('../fixtures/prevent/vectors.csv', import.meta.url), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  let n = 0;
  for (const line of lines.slice(1)) {
    const row = Object.fromEntries(line.split(',').map((v, i) => [head[i], v]));
    const p = {
      sex: row.sex, age: 50, sbp: 160, onAntihypertensives: true, totalCholesterol: 200 * MG, hdlCholesterol: 45 * MG,
      onStatin: false, diabetes: true, smoker: false, egfr: 90, heightCm: 160, weightKg: 89.6,
    };
    if (row.hba1c) p.hba1c = Number(row.hba1c);
    if (row.uacr) p.uacr = Number(row.uacr);
    const r = hs.assessModel('prevent', p, { models: ['prevent'] });
    assert.equal(r.details.model, row.model);
    const got = row.years === '10'
      ? [r.value, r.details.ascvd, r.details.heartFailure]
      : [r.details.thirtyYear.totalCvd, r.details.thirtyYear.ascvd, r.details.thirtyYear.heartFailure];
    // Published as proportions to three decimals.
    assert.deepEqual(got.map((v) => Math.round(v * 10) / 1000), [row.total_cvd, row.ascvd, row.heart_failure].map(Number), line);
    n++;
  }
  assert.equal(n, 12);
  // 30-year risks for ages 30–59 only; the categories are said to be borrowed from the PCE.
  const p = { sex: 'female', age: 60, sbp: 130, onAntihypertensives: false, totalCholesterol: 5, hdlCholesterol: 1.3, diabetes: false, smoker: false, egfr: 90, heightCm: 160, weightKg: 60 };
  assert.equal(hs.assessModel('prevent', p).details.thirtyYear, undefined);
  assert.equal(typeof hs.assessModel('prevent', { ...p, age: 59 }).details.thirtyYear.totalCvd, 'number');
  assert.match(hs.assessModel('prevent', p, { locale: 'en' }).source.edition, /borrowed from the ACC\/AHA guidance/);
  // The bounds preventr accepts are accepted (130 and 320 mg/dL, HDL-C 100 mg/dL).
  for (const [k, v] of [['totalCholesterol', 3.36], ['totalCholesterol', 8.28], ['hdlCholesterol', 2.59]]) {
    assert.equal(typeof hs.assessModel('prevent', { ...p, [k]: v }).value, 'number', `${k} ${v}`);
  }
});

test('estimateEgfr: CKD-EPI 2021 without race, errors in words naming the input', () => {
  assert.equal(hs.estimateEgfr({ creatinine: 0.7, unit: 'mg/dL', age: 50, sex: 'female' }), 105);
  assert.equal(hs.estimateEgfr({ creatinine: 1.2, unit: 'mg/dL', age: 60, sex: 'male' }), 69);
  assert.equal(hs.estimateEgfr({ creatinine: 106.08, unit: 'umol/L', age: 60, sex: 'male' }), 69);
  fails(() => hs.estimateEgfr({ creatinine: 30.1, unit: 'mg/dL', age: 50, sex: 'male' }), 'OUT_OF_RANGE', 'input.creatinine');
  fails(() => hs.estimateEgfr({ creatinine: 1, unit: 'mg/dL', age: 17, sex: 'male' }), 'OUT_OF_RANGE', 'input.age');
  fails(() => hs.estimateEgfr({ creatinine: 1, unit: 'mmol/L', age: 50, sex: 'male' }), 'INVALID_INPUT', 'input.unit');
  assert.throws(() => hs.estimateEgfr({ creatinine: 30.1, unit: 'mg/dL', age: 50, sex: 'male' }, { locale: 'en' }), /Creatinine is 30.1/);
});

test('stroke screening scores a known hypertensive without numbers once item 7 is answered', () => {
  const p = { sex: 'male', age: 62, hypertension: true, smoker: true, dyslipidemia: true, diabetes: true, familyHistory: { stroke: true }, activity: { sessionsPerWeek: 0 } };
  const report = hs.assessRisk(p, { locale: 'en' });
  assert.deepEqual(report.skipped.find((s) => s.id === 'stroke-screen').fields, ['profile.heightCm', 'profile.weightKg']);
  const r = hs.assessModel('stroke-screen', { ...p, overweight: false });
  assert.deepEqual([r.value, r.category], [6, 'high']);
  assert.equal(hs.assessModel('stroke-screen', { ...p, overweight: true }).value, 7);
});

test('FINDRISC does not apply with diabetes; Framingham ranges and office model; PCE LDL-C flag', () => {
  const f = { sex: 'female', age: 58, heightCm: 160, weightKg: 70, waistCm: 90, diabetes: true,
    questionnaires: { findrisc: { dailyActivity: false, dailyVegetables: true, everAntihypertensives: true, everHighGlucose: false, familyDiabetes: 'first-degree' } } };
  assert.throws(() => hs.assessModel('findrisc', f), (e) => e.code === 'NOT_APPLICABLE');
  assert.equal(hs.assessRisk(f).skipped.find((s) => s.id === 'findrisc').reason, 'not-applicable');

  const lab = { sex: 'male', age: 55, totalCholesterol: 213 * MG, hdlCholesterol: 50 * MG, sbp: 140, onAntihypertensives: false, smoker: false, diabetes: false };
  assert.equal(hs.assessModel('framingham', lab).value, 13.53);
  fails(() => hs.assessModel('framingham', { ...lab, totalCholesterol: 1.0 }), 'OUT_OF_RANGE', 'profile.totalCholesterol');
  fails(() => hs.assessModel('framingham', { ...lab, hdlCholesterol: 0.2 }), 'OUT_OF_RANGE', 'profile.hdlCholesterol');
  fails(() => hs.assessModel('framingham', { ...lab, sbp: 260 }), 'OUT_OF_RANGE', 'profile.sbp');
  const office = { sex: 'male', age: 55, heightCm: 170, weightKg: 86.7, sbp: 140, onAntihypertensives: false, smoker: false, diabetes: false };
  const o = hs.assessModel('framingham', office);
  assert.deepEqual([o.value, o.category, o.details.equation, o.details.bmi], [16.75, 'intermediate', 'office', 30]);

  const pce = { ...lab, race: 'white' };
  for (const [ldl, flagged] of [[4.89, false], [4.9, true]]) {
    const r = hs.assessModel('pce', { ...pce, ldlCholesterol: ldl });
    assert.equal(r.warnings.some((w) => w.code === 'LDL_190_OR_MORE'), flagged, String(ldl));
    assert.equal(r.details.outsideIntendedUse, flagged);
    assert.equal(r.value, 7);
  }
});

test('FRAIL lists its 11 illnesses in the catalogue; PHQ-9 item 9 gives the crisis card from assessModel', () => {
  for (const locale of ['zh-CN', 'en']) {
    const frail = hs.modelCatalog(locale).find((m) => m.id === 'frail');
    assert.equal(frail.checklists[0].field, 'questionnaires.frail.illnesses');
    assert.equal(frail.checklists[0].items.length, 11);
    assert.ok(frail.checklists[0].items.every((i) => i.label.length > 0));
  }
  const r = hs.assessModel('phq9', { sex: 'female', age: 72, questionnaires: { phq9: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
  assert.equal(r.alerts.length, 1);
  assert.deepEqual([r.alerts[0].code, r.alerts[0].indicator], ['PHQ9_SELF_HARM_THOUGHTS', 'critical']);
  assert.equal(hs.assessModel('phq9', { sex: 'female', age: 72, questionnaires: { phq9: [3, 3, 3, 3, 3, 3, 3, 3, 0] } }).alerts, undefined);
});

test('unanswered yes/no questions: the result stands, and details.ifUnansweredYes shows what "yes" would reach', () => {
  const v = { sex: 'male', age: 50, sbp: 140, totalCholesterol: 5.5, hdlCholesterol: 1.1, waistCm: 92, region: 'north', residence: 'urban' };
  const r = hs.assessModel('china-par', v, { locale: 'en' });
  const all = r.details.ifUnansweredYes;
  assert.deepEqual(all.questions.map((q) => q.field), ['profile.smoker', 'profile.diabetes', 'profile.onAntihypertensives', 'profile.familyHistory.ascvd']);
  const every = hs.assessModel('china-par', { ...v, smoker: true, diabetes: true, onAntihypertensives: true, familyHistory: { ascvd: true } });
  assert.deepEqual([all.value, all.category], [every.value, every.category]);
  assert.ok(all.questions.every((q) => !q.question.includes('profile.')));
  assert.ok(every.value > r.value);
});
