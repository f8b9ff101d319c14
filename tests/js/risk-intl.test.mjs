// Questionnaires, elderly scales and international models (docs/risk-models.md §7–8) through the JS
// boundary of pkg/node: published values, the PHQ-9 safety alert, bilingual results, errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const MG = 0.02586; // PCE, PREVENT, Framingham: mmol/L per mg/dL
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

const throwsWith = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error instance');
    assert.equal(e.code, code);
    if (field !== undefined) assert.equal(e.field, field);
    assert.ok(typeof e.message === 'string' && e.message.length > 0);
    return true;
  });

const pceExample = (extra = {}) => ({
  sex: 'male', age: 55, race: 'white', totalCholesterol: 213 * MG, hdlCholesterol: 50 * MG, sbp: 140,
  onAntihypertensives: false, smoker: false, diabetes: false, ...extra,
});
const preventExample = () => ({
  sex: 'female', age: 50, sbp: 160, onAntihypertensives: true, totalCholesterol: 200 * MG, hdlCholesterol: 45 * MG,
  onStatin: false, diabetes: true, smoker: false, egfr: 90, heightCm: 160, weightKg: 89.6, // BMI 35.0
});

test('published examples: PCE, PREVENT, Framingham', () => {
  const pce = hs.assessModel('pce', pceExample(), { locale: 'en' });
  // docs/risk-models.md constants (ACC/AHA calculator precision) give 6.9993% → 7.00 (published: 7.01).
  assert.equal(pce.value, 7);
  assert.equal(round(pce.value, 1), 7.0);
  assert.equal(pce.category, 'borderline');
  assert.equal(pce.unit, 'percent');
  assert.equal(pce.details.equations, 'white');

  const prevent = hs.assessModel('prevent', preventExample());
  assert.deepEqual([round(prevent.value, 1), round(prevent.details.ascvd, 1), round(prevent.details.heartFailure, 1)],
    [14.7, 9.2, 8.1]);

  const fram = hs.assessModel('framingham', pceExample());
  assert.equal(fram.value, 13.53);
  assert.equal(fram.category, 'intermediate');
});

test('PCE says which equations it used', () => {
  const black = hs.assessModel('pce', pceExample({ race: 'black' }), { locale: 'en' });
  assert.equal(black.details.equations, 'african-american');
  const other = hs.assessModel('pce', pceExample({ race: 'other' }), { locale: 'en' });
  assert.equal(other.details.equations, 'white');
  assert.ok(other.warnings.some((w) => w.code === 'RACE_EQUATIONS' && /white equations were used/.test(w.message)));
});

test('PHQ-9 item 9 > 0: a critical card in the report, whatever the total', () => {
  const profile = { sex: 'female', age: 72, questionnaires: { phq9: [0, 0, 0, 0, 0, 0, 0, 0, 1] } };
  const zh = hs.assessRisk(profile);
  const en = hs.assessRisk(profile, { locale: 'en' });
  for (const [report, words] of [[zh, ['12356', '120', '急诊']], [en, ['12356', '120', 'emergency department']]]) {
    const r = report.results.find((x) => x.id === 'phq9');
    assert.equal(r.value, 1);
    assert.equal(r.category, 'minimal');
    assert.equal(r.alerts, undefined, 'alerts only in the report');
    assert.equal(report.alerts.length, 1);
    const card = report.alerts[0];
    assert.equal(card.code, 'PHQ9_SELF_HARM_THOUGHTS');
    assert.equal(card.indicator, 'critical');
    assert.ok(card.summary.length < 140);
    for (const w of words) assert.ok(card.detail.includes(w), `${w} in ${card.detail}`);
    assert.ok(card.source.label.includes('PHQ-9'));
  }
  assert.match(zh.alerts[0].summary, /现在就找人聊一聊/);
  assert.match(en.alerts[0].summary, /talk to someone now/);
  // assessModel: the warning and flag carry it.
  const one = hs.assessModel('phq9', profile, { locale: 'en' });
  assert.ok(one.warnings.some((w) => w.code === 'SAFETY_ALERT' && w.message.includes('12356')));
  assert.equal(one.details.safetyAlert, true);
  // No card when item 9 is 0.
  assert.deepEqual(hs.assessRisk({ sex: 'male', questionnaires: { phq9: [3, 3, 3, 3, 3, 3, 3, 3, 0] } }).alerts, []);
});

test('scale bands at their boundaries', () => {
  const phq = (items) => hs.assessModel('phq9', { sex: 'male', questionnaires: { phq9: items } }).category;
  assert.equal(phq([3, 1, 0, 0, 0, 0, 0, 0, 0]), 'minimal');
  assert.equal(phq([3, 2, 0, 0, 0, 0, 0, 0, 0]), 'mild');
  assert.equal(phq([3, 3, 3, 3, 3, 3, 1, 0, 0]), 'moderately-severe');
  assert.equal(phq([3, 3, 3, 3, 3, 3, 2, 0, 0]), 'severe');
  const gad = (items) => hs.assessModel('gad7', { sex: 'male', questionnaires: { gad7: items } }).category;
  assert.equal(gad([3, 3, 3, 3, 2, 0, 0]), 'moderate');
  assert.equal(gad([3, 3, 3, 3, 3, 0, 0]), 'severe');
  const sc = (levels) => hs.assessModel('self-care', { sex: 'male', age: 80, questionnaires: { selfCare: levels } });
  const r = sc({ eating: 'independent', grooming: 'mild', dressing: 'moderate', toileting: 'dependent', mobility: 'moderate' });
  assert.equal(r.value, 19);
  assert.equal(r.category, 'dependent');
  const frail = hs.assessModel('frail', { sex: 'female', age: 80, questionnaires: { frail: {
    fatigue: true, resistance: true, ambulation: false, illnesses: 5, weightLoss: false } } }, { locale: 'en' });
  assert.equal(frail.value, 3);
  assert.equal(frail.label, 'Frail');
  const find = hs.assessModel('findrisc', { sex: 'male', age: 55, heightCm: 200, weightKg: 100, waistCm: 94,
    questionnaires: { findrisc: { dailyActivity: true, dailyVegetables: true, everAntihypertensives: false,
      everHighGlucose: false, familyDiabetes: 'none' } } });
  assert.equal(find.value, 3 + 1 + 3);
  assert.equal(find.category, 'slightly-elevated');
});

test('bad questionnaire items are INVALID_INPUT with the item index, from both entry points', () => {
  const p = (items) => ({ sex: 'male', age: 60, questionnaires: { phq9: items } });
  for (const fn of [(x) => hs.assessRisk(x), (x) => hs.assessModel('phq9', x)]) {
    throwsWith(() => fn(p([0, 0, 0, 0, 0, 0, 0, 0, 4])), 'INVALID_INPUT', 'profile.questionnaires.phq9[8]');
    throwsWith(() => fn(p([0, 0, 0, 0, 0, 0, 0, 0, 1.5])), 'INVALID_INPUT', 'profile.questionnaires.phq9[8]');
    throwsWith(() => fn(p([0, 0, 0, 0, 0, 0, 0, 0])), 'INVALID_INPUT', 'profile.questionnaires.phq9');
    throwsWith(() => fn(p([0, 0, 'two', 0, 0, 0, 0, 0, 0])), 'INVALID_INPUT', 'profile.questionnaires.phq9[2]');
    throwsWith(() => fn(p([0, 0, Number.NaN, 0, 0, 0, 0, 0, 0])), 'INVALID_INPUT', 'profile.questionnaires.phq9[2]');
  }
  throwsWith(() => hs.assessModel('gad7', { sex: 'male', questionnaires: { gad7: [0, 0, 0, 0, 0, 0, -1] } }),
    'INVALID_INPUT', 'profile.questionnaires.gad7[6]');
  throwsWith(() => hs.assessModel('frail', { sex: 'male', questionnaires: { frail: {
    fatigue: true, resistance: true, ambulation: false, illnesses: 12, weightLoss: false } } }),
  'INVALID_INPUT', 'profile.questionnaires.frail.illnesses');
  throwsWith(() => hs.assessModel('self-care', { sex: 'male', questionnaires: { selfCare: {
    eating: 'some', grooming: 'mild', dressing: 'mild', toileting: 'mild', mobility: 'mild' } } }),
  'INVALID_INPUT', 'profile.questionnaires.selfCare.eating');
});

test('cardiovascular ranges: OUT_OF_RANGE naming the field and the range in mmol/L and mg/dL', () => {
  throwsWith(() => hs.assessModel('pce', pceExample({ age: 39 })), 'OUT_OF_RANGE', 'profile.age');
  assert.throws(() => hs.assessModel('pce', pceExample({ totalCholesterol: 3.3 }), { locale: 'en' }), (e) => {
    assert.equal(e.code, 'OUT_OF_RANGE');
    assert.equal(e.field, 'profile.totalCholesterol');
    assert.match(e.message, /3\.3618–8\.2752 mmol\/L \(130–320 mg\/dL\)/);
    return true;
  });
  throwsWith(() => hs.assessModel('prevent', { ...preventExample(), weightKg: 110 }), 'OUT_OF_RANGE', 'profile.bmi');
  throwsWith(() => hs.assessModel('prevent', { ...preventExample(), sbp: 181 }), 'OUT_OF_RANGE', 'profile.sbp');
  // In assessRisk: skipped with the code, the others still scored.
  const report = hs.assessRisk(pceExample({ age: 35 }), { models: ['pce', 'framingham'] });
  const skip = report.skipped.find((s) => s.id === 'pce');
  assert.equal(skip.reason, 'not-applicable');
  assert.equal(skip.code, 'OUT_OF_RANGE');
  assert.ok(report.results.some((r) => r.id === 'framingham'));
  throwsWith(() => hs.assessModel('pce', { sex: 'male', age: 55 }), 'MISSING_INPUT', 'profile.totalCholesterol');
});

test('what-ifs lower the score; bilingual results; catalogue', () => {
  const smoker = { ...pceExample({ smoker: true, sbp: 150 }) };
  for (const id of ['pce', 'prevent', 'framingham']) {
    const profile = id === 'prevent' ? { ...preventExample(), smoker: true } : smoker;
    const zh = hs.assessModel(id, profile);
    const en = hs.assessModel(id, profile, { locale: 'en' });
    assert.ok(zh.whatIf.some((w) => w.id === 'quit-smoking'), id);
    for (const w of zh.whatIf) assert.ok(w.value < zh.value, `${id} ${w.id}`);
    assert.match(zh.summary, /[\u4e00-\u9fff]/);
    assert.doesNotMatch(en.summary, /[\u4e00-\u9fff]/);
    assert.ok(en.source.citation && en.source.edition);
  }
  const catalog = hs.modelCatalog('en');
  const ids = ['phq9', 'gad7', 'frail', 'self-care', 'findrisc', 'pce', 'prevent', 'framingham'];
  assert.deepEqual(catalog.map((m) => m.id).filter((id) => ids.includes(id)), ids);
  const pce = catalog.find((m) => m.id === 'pce');
  assert.deepEqual(pce.ages, { min: 40, max: 79 });
  assert.ok(pce.names['zh-CN'] && pce.names.en);
  const tc = pce.inputs.find((i) => i.field === 'totalCholesterol');
  assert.equal(tc.unit, 'mmol/L');
  assert.ok(Math.abs(tc.min - 3.3618) < 1e-9 && Math.abs(tc.max - 8.2752) < 1e-9);
});
