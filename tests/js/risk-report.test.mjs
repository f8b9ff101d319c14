// The report as a whole through pkg/node: the models run by default, the validation of
// blood-pressure pairs and the summary that opens the report.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const auditMan = () => ({
  sex: 'male', age: 68, heightCm: 170, weightKg: 80, waistCm: 96,
  sbp: 152, dbp: 88, hypertension: true, onAntihypertensives: true, onStatin: false,
  totalCholesterol: 6.2, hdlCholesterol: 0.95, ldlCholesterol: 4.1, triglycerides: 2.0,
  fastingGlucose: 7.8, diabetes: true, smoker: true, dyslipidemia: true, egfr: 75,
  region: 'north', residence: 'urban',
  familyHistory: { ascvd: false, prematureCvd: false, diabetes: false, stroke: false },
  activity: { sessionsPerWeek: 1, minutesPerSession: 20 },
});

// No JSON path, field name or code name in a text a resident reads.
const assertWords = (text) => {
  assert.equal(typeof text, 'string');
  assert.doesNotMatch(text, /profile\.|options\.|readings\[|[a-z]+Cholesterol|onAntihypertensives|familyHistory|questionnaires|[A-Z]+_[A-Z]+/, text);
};

test('China first: the international models run only when asked for', () => {
  const report = hs.assessRisk(auditMan(), { locale: 'en' });
  assert.deepEqual(report.results.map((r) => r.id), ['china-par', 'hypertension', 'stroke-screen', 'bmi', 'waist', 'metabolic-syndrome']);
  assert.equal(report.results.filter((r) => r.unit === 'percent').length, 1, 'one 10-year risk');
  const asked = hs.assessRisk(auditMan(), { locale: 'en', models: ['pce', 'prevent', 'framingham'] });
  assert.deepEqual(asked.results.map((r) => r.id), ['pce', 'prevent', 'framingham']);
  const catalog = hs.modelCatalog('en');
  assert.deepEqual(catalog.filter((c) => !c.byDefault).map((c) => c.id), ['pce', 'prevent', 'framingham']);
  assert.ok(catalog.every((c) => typeof c.byDefault === 'boolean'));
});

test('a diastolic not below the systolic is INVALID_INPUT on profile.dbp, in words, in both languages', () => {
  for (const [sbp, dbp] of [[150, 150], [90, 150], [88, 152]]) {
    for (const [locale, words] of [['zh-CN', /舒张压（低压）.*不低于收缩压（高压）/], ['en', /diastolic \(lower\) pressure.*is not below the systolic/]]) {
      assert.throws(() => hs.assessRisk({ sex: 'female', age: 60, sbp, dbp }, { locale }), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.code, 'INVALID_INPUT');
        assert.equal(e.field, 'profile.dbp');
        assert.match(e.message, words);
        assert.ok(e.message.includes(String(sbp)) && e.message.includes(String(dbp)), e.message);
        assertWords(e.message);
        return true;
      });
    }
  }
  assert.ok(hs.assessRisk({ sex: 'female', age: 60, sbp: 150, dbp: 149.9 }).results.length > 0);
});

test('the summary: one finding, the next step and how soon, three changes and their combined what-if', () => {
  for (const locale of ['zh-CN', 'en']) {
    const report = hs.assessRisk(auditMan(), { locale });
    const s = report.summary;
    assert.deepEqual(Object.keys(s).sort(), ['combinedWhatIf', 'headline', 'nextStep', 'topChanges']);
    assert.equal(s.nextStep.within, 'P14D');
    assert.match(s.headline, locale === 'en' ? /^Blood pressure 152\/88 mmHg: high risk/ : /^血压 152\/88 mmHg，心脑血管病风险为高危/);
    const cp = report.results.find((r) => r.id === 'china-par');
    const best = [...cp.whatIf].sort((a, b) => a.value - b.value).slice(0, 3);
    assert.deepEqual(s.topChanges, best.map((w) => ({ id: w.id, label: w.label })));
    assert.equal(s.combinedWhatIf.modelId, 'china-par');
    assert.ok(s.combinedWhatIf.value < best[0].value);
    assert.equal(typeof s.combinedWhatIf.category, 'string');
    for (const t of [s.headline, s.nextStep.text, ...s.topChanges.map((c) => c.label)]) assertWords(t);
  }
});

test('the summary leads with what is most urgent, with an ISO 8601 duration', () => {
  const base = { sex: 'female', age: 45, heightCm: 160, weightKg: 55, waistCm: 72, sbp: 118, dbp: 76,
    totalCholesterol: 4.6, hdlCholesterol: 1.5, region: 'south', smoker: false, diabetes: false,
    onAntihypertensives: false, hypertension: false, familyHistory: { diabetes: false, stroke: false, prematureCvd: false },
    activity: { heavyLabour: true } };
  const within = (extra) => hs.assessRisk({ ...base, ...extra }, { locale: 'en' }).summary.nextStep.within;
  assert.equal(within({}), 'P1Y');
  assert.equal(within({ questionnaires: { phq9: [0, 0, 0, 0, 0, 0, 0, 0, 1] }, sbp: 185, dbp: 100 }), 'P0D');
  assert.equal(within({ sbp: 180, dbp: 100 }), 'P0D');
  assert.equal(within({ sbp: 150, dbp: 110 }), 'P0D');
  assert.equal(within({ history: { coronaryHeartDisease: true } }), 'P3M');
  assert.equal(within({ totalCholesterol: undefined, hdlCholesterol: undefined }), 'P3M');
  const none = hs.assessRisk({ sex: 'male' }).summary;
  assert.equal(none.nextStep.within, undefined);
  assert.deepEqual(none.topChanges, []);
  assert.equal(none.combinedWhatIf, undefined);
});
