// No JSON path and no code name reaches a resident's text. Every input field of every export
// is provoked (wrong type, NaN, out of range, removed) in both locales; each thrown message, and
// the skip reasons and warnings of results, must read as words. The path stays in `field`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const adult = JSON.parse(readFileSync(new URL('../../bench/fixtures/adult-profile.json', import.meta.url), 'utf8'));

// ASCII a Chinese message may hold: units, the names of scales and models, formats.
const ZH_ASCII = new Set([
  'mmHg', 'mmol/L', 'mg/dL', 'μmol/L', 'kg', 'cm', 'kg/m²', 'm²', 'BMI', 'HbA1c', 'eGFR', 'PHQ-9', 'GAD-7', 'FRAIL',
  'FINDRISC', 'China-PAR', 'CDRS', 'PCE', 'PREVENT', 'Framingham', 'YYYY-MM-DD', 'RFC', 'UTC', 'ISO', 'CNY', 'min',
  'Float64Array', 'Uint8Array', 'zh-CN', 'en', 'TIA', 'UCUM', 'ID', 'L', 'mL', 'g', 'h', 'T08', 'mL/min/1.73', 'ASCVD',
  'LDL-C', 'HDL-C', 'SpO2', 'AHA', 'ACC', 'ACC/AHA', 'WS/T', 'GB/T', 'μmol/L', 'mL/min/1.73m²', 'JSON',
]);

// Known leaks in modules this test cannot change yet, by owner: the points engine words its own
// errors (docs/architecture.md: it moves onto the shared reader and messages). Each entry is a
// pattern of the leaking message; remove it when the owner fixes the text.
const KNOWN = [
  [/^积分状态文档无效：state 不是有效的 JSON|^Invalid points state document: state is not JSON/, 'points: serde detail in a state error'],
];

/** What in `message` reads as a path, a field name or a code rather than words. */
export function leaks(message, locale, field, shown = []) {
  const found = [];
  // Quoted values are the resident's own input, shown back to them.
  let m = message.replace(/“[^”]*”|"[^"]*"|‘[^’]*’|«[^»]*»/g, '“”');
  for (const v of shown) if (v) m = m.split(v).join('“”');
  if (field && /[.[]/.test(field) && m.includes(field)) found.push(`the path ${field}`);
  const rules = [
    [/\b[A-Za-z_][A-Za-z0-9_]{1,}(\.[A-Za-z_][A-Za-z0-9_]{1,})+\b/, 'a dotted path'],
    [/\[\d+\]/, 'an index'],
    [/\b[a-z]+[A-Z][A-Za-z0-9]*\b/, 'a camelCase name'],
    [/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/, 'a CODE_NAME'],
    [/\b[a-z0-9]+_[a-z0-9_]+\b/, 'a snake_case name'],
    [/`/, 'a backtick'],
    [/invalid type|invalid length|expected (f64|[ui]\d+|a sequence|a map|struct)|unknown variant|unknown field|missing field|\bstruct\b/, 'serde wording'],
    [/\b(inf|NaN|undefined|null)\b/, 'a JS or Rust value name'],
  ];
  for (const [re, what] of rules) {
    const hit = m.replace(/\b(mmHg|mL|dL|eGFR|HbA1c|SpO2)\b/g, '').match(re);
    if (hit) found.push(`${what} (${hit[0]})`);
  }
  if (locale === 'zh-CN') {
    for (const w of m.match(/[A-Za-zμ][A-Za-z0-9\-/².]*[A-Za-z0-9²]|[A-Za-z]/g) ?? []) {
      if (!ZH_ASCII.has(w) && !/^[A-Z]$/.test(w) && !/^T\d/.test(w)) found.push(`ASCII "${w}" in Chinese text`);
    }
  }
  return found;
}

const failures = [];
let checked = 0;

function check(where, message, locale, field, shown = []) {
  checked++;
  if (KNOWN.some(([re]) => re.test(message))) return;
  const found = leaks(message, locale, field, shown);
  if (found.length) failures.push(`${where} [${locale}] field=${field}: ${found.join(', ')}\n    ${message}`);
}

/**
 * Calls `fn`; checks the thrown error's message (and returns the value otherwise). `shown` are
 * the values the test put in: a message may quote the resident's own input back.
 */
function provoke(where, locale, fn, shown = []) {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof Error) || typeof e.code !== 'string') {
      failures.push(`${where}: threw ${String(e)}`);
      return undefined;
    }
    check(where, e.message, locale, e.field, shown.map((v) => (typeof v === 'string' ? v : '')));
    return undefined;
  }
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaf paths of a document, one per shape (`a[*].b` once), as arrays of keys/indices. */
function leafPaths(doc) {
  const out = [];
  const shapes = new Set();
  const walk = (v, path) => {
    const shape = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
    if (path.length && !shapes.has(shape)) {
      shapes.add(shape);
      out.push(path);
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  return out;
}

function getAt(doc, path) {
  return path.reduce((v, k) => (v == null ? v : v[k]), doc);
}

function withAt(doc, path, value, remove = false) {
  const copy = structuredClone(doc);
  const parent = getAt(copy, path.slice(0, -1));
  const k = path[path.length - 1];
  if (remove) {
    if (Array.isArray(parent)) parent.splice(k, 1);
    else delete parent[k];
  } else parent[k] = value;
  return copy;
}

/** Bad values for a leaf holding `v`. */
function badValues(v) {
  if (typeof v === 'number') return ['x', NaN, Infinity, -1e9, 1e9, 0.5, true];
  if (typeof v === 'string') return [5, '', 'not-valid-值', {}];
  if (typeof v === 'boolean') return ['yes', 1];
  if (Array.isArray(v)) return ['x', [{}], [null]];
  if (isObj(v)) return ['x', [], 7];
  return ['x'];
}

/** Mutates every leaf of `doc` (and removes it), calling `call(mutated)`. */
function everyField(doc, call, { removeToo = true, values = badValues } = {}) {
  for (const path of leafPaths(doc)) {
    const v = getAt(doc, path);
    for (const bad of values(v)) call(withAt(doc, path, bad), bad);
    if (removeToo) call(withAt(doc, path, undefined, true), undefined);
  }
}

const LOCALES = ['zh-CN', 'en'];
const fullProfile = { ...adult, birthDate: undefined, pregnancy: { lastMenstrualPeriod: '2026-01-10', dueDate: '2026-10-17', deliveryDate: '2026-10-20', dischargeDate: '2026-10-23' }, sex: 'female' };
delete fullProfile.birthDate;

test('assessRisk and assessModel: every profile and option field, both locales', () => {
  for (const locale of LOCALES) {
    everyField(fullProfile, (p, bad) => {
      const report = provoke('assessRisk profile', locale, () => hs.assessRisk(p, { locale, asOf: '2026-11-24' }), [bad]);
      for (const s of report?.skipped ?? []) check(`assessRisk skipped ${s.id}`, s.message, locale);
      for (const r of report?.results ?? []) for (const w of r.warnings) check(`assessRisk warning ${r.id}`, w.message, locale);
    });
    everyField({ asOf: '2026-11-24', models: ['china-par'] }, (o, bad) => provoke('assessRisk options', locale, () => hs.assessRisk(adult, { locale, ...o }), [bad]));
    for (const m of ['china-par', 'phq9', 'frail', 'findrisc', 'child-bmi', 'nope', 7, undefined]) {
      provoke(`assessModel ${m}`, locale, () => hs.assessModel(m, { sex: 'male', age: 50 }, { locale }), [m]);
    }
    provoke('assessModel birthDate', locale, () => hs.assessModel('bmi', { sex: 'male', birthDate: '1960-01-01' }, { locale }));
    for (const p of [5, null, [], 'x']) provoke('assessRisk profile type', locale, () => hs.assessRisk(p, { locale }));
    provoke('assessRisk options type', locale, () => hs.assessRisk(adult, 5));
  }
  for (const l of ['fr', 5, {}]) provoke('modelCatalog', 'zh-CN', () => hs.modelCatalog(l), [l]);
});

test('unit conversions', () => {
  for (const args of [[NaN, 'mmol/L', 'mg/dL'], [-1, 'mmol/L', 'mg/dL'], ['5', 'mmol/L', 'mg/dL'], [5, 'x', 'mg/dL'], [5, 'mmol/L'], [5, 'mmol/L', 'mg/dL', 'ldl'], [5, 'mmol/L', 'mg/dL', 3]]) {
    provoke('convertLipid', 'zh-CN', () => hs.convertLipid(...args), args);
    provoke('convertGlucose', 'zh-CN', () => hs.convertGlucose(...args), args);
  }
});

test('evaluateReadings: every reading and option field', () => {
  const readings = [
    { id: 'a', at: '2026-11-01T08:00:00+08:00', kind: 'bp', sbp: 130, dbp: 80 },
    { id: 'g', at: '2026-11-01T08:00:00+08:00', kind: 'glucose', value: 6.1, context: 'fasting' },
  ];
  for (const locale of LOCALES) {
    const opts = { asOf: '2026-11-30T12:00:00+08:00', utcOffset: '+08:00' };
    everyField(readings, (r, bad) => provoke('evaluateReadings readings', locale, () => hs.evaluateReadings(r, { sex: 'male', age: 60 }, { locale, ...opts }), [bad]));
    everyField(opts, (o, bad) => provoke('evaluateReadings options', locale, () => hs.evaluateReadings(readings, { sex: 'male', age: 60 }, { locale, ...o }), [bad]));
    everyField({ sex: 'male', age: 60, diabetes: true }, (p, bad) => provoke('evaluateReadings profile', locale, () => hs.evaluateReadings(readings, p, { locale, ...opts }), [bad]));
  }
});

test('generateCarePlan and classifyFollowUp: options, visits, passed-back reports and rules', () => {
  const visit = { condition: 'hypertension', date: '2026-02-20', age: 66, sbp: 152, dbp: 92, glucose: 6.1, glucoseContext: 'fasting', heartRate: 80, temperature: 36.5, adverseReaction: false, uncontrollableAdverseReaction: false, newOrWorseComplication: false, dangerSymptoms: false };
  for (const locale of LOCALES) {
    const options = { startDate: '2026-03-01', horizonMonths: 12, visits: [visit] };
    everyField(options, (o, bad) => provoke('generateCarePlan options', locale, () => hs.generateCarePlan(adult, { locale, ...o }), [bad]));
    everyField(fullProfile, (p, bad) => provoke('generateCarePlan profile', locale, () => hs.generateCarePlan(p, { locale, startDate: '2026-11-24' }), [bad]), { values: (v) => badValues(v).slice(0, 2) });
    const report = hs.assessRisk(adult, { asOf: '2026-03-01', locale });
    everyField(report, (r, bad) => provoke('generateCarePlan report', locale, () => hs.generateCarePlan(adult, { locale, startDate: '2026-03-01', report: r }), [bad]), { values: (v) => badValues(v).slice(0, 1) });
    // The rule set has hundreds of fields: each is provoked once, with a wrong value or removed,
    // in one of the locales (taking turns).
    const rules = hs.defaultCareRules();
    let turn = LOCALES.indexOf(locale);
    everyField(rules, (r, bad) => {
      if (turn++ % 4 > 1 - LOCALES.indexOf(locale)) return;
      provoke('generateCarePlan rules', locale, () => hs.generateCarePlan(adult, { locale, startDate: '2026-03-01', rules: r }), [bad]);
    }, { values: (v) => badValues(v).slice(0, 1) });
    everyField({ extends: 'default', schedules: [{ id: 'htn-follow-up', intervalMonths: 3 }] }, (r, bad) => provoke('generateCarePlan extended rules', locale, () => hs.generateCarePlan(adult, { locale, startDate: '2026-03-01', rules: r }), [bad]));
    everyField(visit, (v, bad) => provoke('classifyFollowUp visit', locale, () => hs.classifyFollowUp(v, { locale }), [bad]));
    everyField({ previous: { ...visit, date: '2025-12-01' } }, (o, bad) => provoke('classifyFollowUp previous', locale, () => hs.classifyFollowUp(visit, { locale, ...o }), [bad]));
  }
});

test('carePlanToIcs and carePlanToFhir: every field of a passed-back plan and of the options', () => {
  for (const locale of LOCALES) {
    const plan = hs.generateCarePlan({ ...adult, sex: 'female', pregnancy: { lastMenstrualPeriod: '2026-01-10' } }, { startDate: '2026-03-01', locale });
    everyField(plan, (p, bad) => {
      provoke('carePlanToIcs plan', locale, () => hs.carePlanToIcs(p), [bad]);
      provoke('carePlanToFhir plan', locale, () => hs.carePlanToFhir(p, { patientReference: 'Patient/1' }), [bad]);
    }, { values: (v) => badValues(v).slice(0, 2) });
    everyField({ calendarName: 'x', uidNamespace: 'y' }, (o, bad) => provoke('carePlanToIcs options', locale, () => hs.carePlanToIcs(plan, o), [bad]));
    everyField({ patientReference: 'Patient/1' }, (o, bad) => provoke('carePlanToFhir options', locale, () => hs.carePlanToFhir(plan, o), [bad]));
  }
});

test('chinaParBatch: every column', () => {
  const n = 4;
  const make = () => ({
    male: new Uint8Array(n).fill(1), age: new Float64Array(n).fill(50), sbp: new Float64Array(n).fill(130),
    onAntihypertensives: new Uint8Array(n), totalCholesterol: new Float64Array(n).fill(5), hdlCholesterol: new Float64Array(n).fill(1.2),
    waistCm: new Float64Array(n).fill(85), smoker: new Uint8Array(n), diabetes: new Uint8Array(n), north: new Uint8Array(n),
    urban: new Uint8Array(n), familyHistoryAscvd: new Uint8Array(n),
  });
  for (const locale of LOCALES) {
    for (const name of Object.keys(make())) {
      for (const bad of [(c) => { c[name][2] = c[name] instanceof Float64Array ? NaN : 7; }, (c) => { c[name][1] = 1e6; }, (c) => { delete c[name]; }, (c) => { c[name] = [1]; }, (c) => { c[name] = c[name].subarray(1); }]) {
        const c = make();
        bad(c);
        provoke(`chinaParBatch ${name}`, locale, () => hs.chinaParBatch(c, { locale }));
      }
    }
    provoke('chinaParBatch options', locale, () => hs.chinaParBatch(make(), { locale: 5 }));
  }
});

test('PointsEngine: program, events, queries and state', () => {
  const program = hs.defaultProgram();
  const event = { id: 'e1', memberId: 'a', at: '2026-11-24T09:00:00+08:00', type: 'adjust', points: 10, reason: 'r', challengeId: 'healthy-habit-21', date: '2026-11-24', groups: { family: 'f', building: 'b' }, referrerId: 'b', rewardId: 'x', redemptionId: 'r1', tier: 'gold', until: '2026-12-01' };
  for (const locale of LOCALES) {
    everyField(program, (p, bad) => provoke('new PointsEngine program', locale, () => new hs.PointsEngine(p, { locale }).free(), [bad]), { values: (v) => badValues(v).slice(0, 2) });
    const engine = new hs.PointsEngine(undefined, { locale });
    engine.apply({ id: 'j', memberId: 'a', at: '2026-11-20T09:00:00+08:00', type: 'join' });
    everyField(event, (e, bad) => provoke('apply event', locale, () => engine.apply(e), [bad]));
    everyField([event], (e, bad) => provoke('applyBatch events', locale, () => engine.applyBatch(e), [bad]));
    everyField({ asOf: '2026-11-30T00:00:00+08:00' }, (o, bad) => provoke('member options', locale, () => engine.member('a', o), [bad]));
    everyField({ scope: 'family', metric: 'points', limit: 3, challengeId: 'healthy-habit-21' }, (o, bad) => provoke('leaderboard options', locale, () => engine.leaderboard(o), [bad]));
    for (const id of [5, undefined, 'nobody']) {
      provoke('member', locale, () => engine.member(id), [id]);
      provoke('ledger', locale, () => engine.ledger(id), [id]);
    }
    for (const t of [5, 'soon', '2026-13-01T00:00:00+08:00']) provoke('advanceTo', locale, () => engine.advanceTo(t), [t]);
    for (const s of ['x', '{}', '{"format":"health-steward/points-state","version":9}', 5]) provoke('fromState', locale, () => hs.PointsEngine.fromState(s, { locale }));
    engine.free();
  }
});

test('no message named a path or a code', () => {
  assert.ok(checked > 2000, `only ${checked} messages checked`);
  assert.equal(failures.length, 0, `${failures.length} messages leak a path or a code name:\n${[...new Set(failures)].slice(0, Number(process.env.LEAKS_SHOWN || 40)).join('\n')}`);
});

test('the leak check itself recognises paths and codes', () => {
  assert.deepEqual(leaks('缺少必填项：收缩压（高压）。', 'zh-CN'), []);
  assert.ok(leaks('缺少必填项：profile.questionnaires.phq9。', 'zh-CN').length > 0);
  assert.ok(leaks('readings[0].value must be a finite number.', 'en').length > 0);
  assert.ok(leaks('Age has the wrong type. invalid type: string, expected f64', 'en').length > 0);
  assert.ok(leaks('memberId is unknown', 'en').length > 0);
  assert.ok(leaks('值无效：应为 bp 或 glucose', 'zh-CN').length > 0);
  assert.deepEqual(leaks('语言的值“fr”无效：应为 zh-CN 或 en', 'zh-CN'), []);
  assert.deepEqual(leaks('Systolic blood pressure is 250, outside the accepted range 70–200 mmHg.', 'en'), []);
});
