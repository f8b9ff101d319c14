// Home-monitoring alerts (docs/care-rules.md §8) through the JS boundary of pkg/node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const throwsWith = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error instance');
    assert.equal(e.code, code);
    if (field !== undefined) assert.equal(e.field, field);
    assert.ok(typeof e.message === 'string' && e.message.length > 0);
    return true;
  });

const resident = { sex: 'female', age: 70 };
const asOf = '2026-11-30T12:00:00+08:00';
const bp = (id, at, sbp, dbp) => ({ id, at, kind: 'bp', sbp, dbp });
const val = (id, at, kind, value, extra = {}) => ({ id, at, kind, value, ...extra });
const codes = (res) => res.alerts.map((c) => c.code);

test('3 consecutive local days in +08:00: 23:50 and 00:10 are different days', () => {
  const readings = [
    bp('a', '2026-11-01T23:50:00+08:00', 140, 80),
    bp('b', '2026-11-02T00:10:00+08:00', 140, 80),
    bp('c', '2026-11-03T08:00:00+08:00', 136, 86),
  ];
  const res = hs.evaluateReadings(readings, resident, { asOf, locale: 'en' });
  assert.deepEqual(codes(res), ['HOME_BP_ELEVATED']);
  const card = res.alerts[0];
  assert.equal(card.indicator, 'warning');
  assert.deepEqual(card.readings, ['a', 'b', 'c']);
  assert.ok(card.summary.length < 140);
  assert.equal(Object.getPrototypeOf(res), Object.prototype, 'plain object');
  // In UTC the first two fall on one day: no run of three.
  assert.deepEqual(hs.evaluateReadings(readings, resident, { asOf, utcOffset: '+00:00' }).alerts, []);
  // Chinese by default.
  assert.match(hs.evaluateReadings(readings, resident, { asOf }).alerts[0].summary, /连续 3 天/);
});

test('a gap day breaks "consecutive"; duplicates on one day use the day average', () => {
  const gap = [1, 2, 4, 5].map((d) => bp(`d${d}`, `2026-11-0${d}T08:00:00+08:00`, 150, 90));
  assert.deepEqual(hs.evaluateReadings(gap, resident, { asOf }).alerts, []);
  // 150/90 and 120/70 on each day average 135/80: high.
  const dup = [1, 2, 3].flatMap((d) => [
    bp(`m${d}`, `2026-11-0${d}T07:00:00+08:00`, 150, 90),
    bp(`e${d}`, `2026-11-0${d}T21:00:00+08:00`, 120, 70),
  ]);
  const res = hs.evaluateReadings(dup, resident, { asOf, locale: 'en' });
  assert.deepEqual(res.alerts[0].readings, ['m1', 'e1', 'm2', 'e2', 'm3', 'e3']);
  // 140/84 and 128/70 average 134/77 on day 2: the run breaks.
  dup[2].sbp = 140; dup[2].dbp = 84; dup[3].sbp = 128;
  assert.deepEqual(hs.evaluateReadings(dup, resident, { asOf }).alerts, []);
});

test('critical readings, SpO2 rules, fever for diabetes, heart-failure weight change', () => {
  const at = '2026-11-01T09:00:00+08:00';
  const res = hs.evaluateReadings([
    bp('b1', at, 182, 100),
    val('g1', at, 'glucose', 16.7),
    val('g2', at, 'glucose', 3.9),
    val('s1', at, 'spo2', 89),
    val('t1', at, 'temperature', 39.2),
  ], { sex: 'male', age: 66, diabetes: true }, { asOf, locale: 'en' });
  assert.deepEqual(codes(res), ['BP_CRITICAL', 'GLUCOSE_HIGH_CRITICAL', 'GLUCOSE_LOW_CRITICAL', 'SPO2_CRITICAL',
    'TEMPERATURE_DIABETES_CRITICAL']);
  assert.ok(res.alerts.every((c) => c.indicator === 'critical' && c.readings.length === 1));
  // No fever card without diabetes.
  assert.deepEqual(codes(hs.evaluateReadings([val('t1', at, 'temperature', 39.5)], resident, { asOf })), []);

  const spo2 = hs.evaluateReadings([
    val('s1', '2026-11-01T09:00:00+08:00', 'spo2', 92),
    val('s2', '2026-11-02T09:00:00+08:00', 'spo2', 90),
  ], resident, { asOf });
  assert.deepEqual(codes(spo2), ['SPO2_LOW']);
  assert.deepEqual(spo2.alerts[0].readings, ['s1', 's2']);

  const hf = { sex: 'male', age: 75, history: { heartFailure: true } };
  const weight = hs.evaluateReadings([
    val('w1', '2026-11-01T07:00:00+08:00', 'weight', 68.5),
    val('w2', '2026-11-04T07:00:00+08:00', 'weight', 70.6),
  ], hf, { asOf, locale: 'en' });
  assert.deepEqual(codes(weight), ['WEIGHT_CHANGE_HEART_FAILURE']);
  assert.match(weight.alerts[0].summary, /went up by 2\.1 kg in 3 days/);
});

test('readings after asOf are refused in words; asOf may be a date (the end of that local day)', () => {
  const readings = [
    bp('a', '2026-11-01T08:00:00+08:00', 120, 80),
    bp('late', '2026-11-01T21:00:00+08:00', 190, 100),
  ];
  for (const locale of ['zh-CN', 'en']) {
    assert.throws(() => hs.evaluateReadings(readings, resident, { asOf: '2026-11-01T20:00:00+08:00', locale }), (e) => {
      assert.equal(e.code, 'INVALID_DATE');
      assert.equal(e.field, 'readings[1].at');
      assert.doesNotMatch(e.message, /readings\[/);
      assert.match(e.message, locale === 'en' ? /Reading 2 is dated 2026-11-01T21:00:00\+08:00, after/ : /第 2 条读数/);
      return true;
    });
  }
  assert.deepEqual(codes(hs.evaluateReadings(readings, resident, { asOf: '2026-11-01T21:00:00+08:00' })), ['BP_CRITICAL']);
  assert.deepEqual(codes(hs.evaluateReadings(readings, resident, { asOf: '2026-11-01' })), ['BP_CRITICAL']);
});

test('inputs a resident gets wrong: swapped blood pressure, glucose without its unit', () => {
  const at = '2026-11-01T09:00:00+08:00';
  // 88/152: the diastolic is not below the systolic — refused, not an emergency card.
  for (const locale of ['zh-CN', 'en']) {
    assert.throws(() => hs.evaluateReadings([bp('ok', at, 120, 80), bp('x', at, 88, 152)], resident, { asOf, locale }), (e) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.field, 'readings[1].dbp');
      assert.doesNotMatch(e.message, /readings\[|dbp/);
      assert.match(e.message, locale === 'en' ? /not below the systolic/ : /不低于收缩压/);
      return true;
    });
  }
  // A 54 mg/dL low, with its unit, is a low (3.0 mmol/L); without a unit it cannot be read as 54 mmol/L.
  assert.deepEqual(codes(hs.evaluateReadings([val('g', at, 'glucose', 54, { unit: 'mg/dL' })], resident, { asOf })), ['GLUCOSE_LOW_CRITICAL']);
  assert.deepEqual(codes(hs.evaluateReadings([val('g', at, 'glucose', 3.0, { unit: 'mmol/L' })], resident, { asOf })), ['GLUCOSE_LOW_CRITICAL']);
  for (const locale of ['zh-CN', 'en']) {
    assert.throws(() => hs.evaluateReadings([val('g', at, 'glucose', 54)], resident, { asOf, locale }), (e) => {
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.field, 'readings[0].unit');
      assert.doesNotMatch(e.message, /readings\[/);
      assert.match(e.message, /mg\/dL/);
      return true;
    });
  }
  // 33.3 mmol/L, the highest a meter shows, is still read in mmol/L.
  assert.deepEqual(codes(hs.evaluateReadings([val('g', at, 'glucose', 33.3)], resident, { asOf })), ['GLUCOSE_HIGH_CRITICAL']);
});

test('SpO2 day averages below 94 on 2 days warn; a resting heart rate above 100 alerts', () => {
  const s = (id, day, v, h = 9) => val(id, `2026-11-0${day}T0${h}:00:00+08:00`, 'spo2', v);
  assert.deepEqual(codes(hs.evaluateReadings([s('s1', 1, 93), s('s2', 1, 94, 8), s('s3', 2, 93.9)], resident, { asOf })), ['SPO2_LOW']);
  assert.deepEqual(codes(hs.evaluateReadings([s('s1', 1, 93.5), s('s2', 2, 94)], resident, { asOf })), []);
  const hr = (d, v) => val(`h${d}`, `2026-11-0${d}T09:00:00+08:00`, 'heart-rate', v);
  assert.deepEqual(codes(hs.evaluateReadings([hr(1, 101), hr(2, 110), hr(3, 104)], resident, { asOf })), ['HEART_RATE_ABNORMAL']);
  assert.deepEqual(codes(hs.evaluateReadings([hr(1, 100), hr(2, 110), hr(3, 104)], resident, { asOf })), []);
  const diabetic = { sex: 'male', age: 66, diabetes: true };
  assert.ok(codes(hs.evaluateReadings([hr(1, 105)], diabetic, { asOf })).includes('HEART_RATE_DIABETES_CRITICAL'));
});

test('errors are Errors with code and field', () => {
  const ok = bp('ok', '2026-11-01T08:00:00+08:00', 120, 80);
  throwsWith(() => hs.evaluateReadings([ok, ok, ok, { id: 'x', at: '2026-11-01T08:00:00+08:00', kind: 'steps', value: 1 }],
    resident, { asOf }), 'INVALID_INPUT', 'readings[1].id');
  const r = (bad) => [ok, bad];
  throwsWith(() => hs.evaluateReadings(r({ id: 'x', at: '2026-11-01T08:00:00+08:00', kind: 'steps', value: 1 }), resident, { asOf }),
    'INVALID_INPUT', 'readings[1].kind');
  throwsWith(() => hs.evaluateReadings(r(bp('x', '2026-11-01 08:00', 120, 80)), resident, { asOf }), 'INVALID_DATE', 'readings[1].at');
  throwsWith(() => hs.evaluateReadings(r(bp('x', '2026-11-01T08:00:00', 120, 80)), resident, { asOf }), 'INVALID_DATE', 'readings[1].at');
  throwsWith(() => hs.evaluateReadings(r({ id: 'x', at: '2026-11-01T08:00:00Z', kind: 'bp', sbp: 'high', dbp: 80 }), resident, { asOf }),
    'INVALID_INPUT', 'readings[1].sbp');
  throwsWith(() => hs.evaluateReadings(r({ at: '2026-11-01T08:00:00Z', kind: 'spo2', value: 95 }), resident, { asOf }),
    'MISSING_INPUT', 'readings[1].id');
  throwsWith(() => hs.evaluateReadings(r(val('x', '2026-11-01T08:00:00Z', 'glucose', 126)), resident, { asOf }),
    'INVALID_INPUT', 'readings[1].unit');
  throwsWith(() => hs.evaluateReadings(r(val('x', '2026-11-01T08:00:00Z', 'glucose', 0.4, { unit: 'mmol/L' })), resident, { asOf }),
    'OUT_OF_RANGE', 'readings[1].value');
  throwsWith(() => hs.evaluateReadings(r(val('x', '2026-11-01T08:00:00Z', 'glucose', Number.NaN)), resident, { asOf }),
    'INVALID_INPUT', 'readings[1].value');
  throwsWith(() => hs.evaluateReadings([ok], resident, {}), 'MISSING_INPUT', 'options.asOf');
  throwsWith(() => hs.evaluateReadings([ok], resident), 'MISSING_INPUT', 'options.asOf');
  throwsWith(() => hs.evaluateReadings([ok], resident, { asOf, utcOffset: '8' }), 'INVALID_INPUT', 'options.utcOffset');
  throwsWith(() => hs.evaluateReadings('nope', resident, { asOf }), 'INVALID_INPUT', 'readings');
  throwsWith(() => hs.evaluateReadings([ok], {}, { asOf }), 'MISSING_INPUT', 'profile.sex');
  assert.throws(() => hs.evaluateReadings(r({ ...ok, id: 'y', kind: 'pulse' }), resident, { asOf, locale: 'en' }),
    (e) => /expected bp, glucose, heart-rate, spo2, temperature or weight/.test(e.message));
  assert.throws(() => hs.evaluateReadings(r({ ...ok, id: 'y', kind: 'pulse' }), resident, { asOf }),
    (e) => /应为血压（“bp”）/.test(e.message));
});
