// The three artifacts load and answer; errors cross the boundary as real Errors with a code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);
const cargoVersion = readFileSync(new URL('Cargo.toml', root), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];

test('pkg/node is ready on require and reports the crate version', () => {
  const hs = require('../../pkg/node/index.js');
  assert.equal(hs.version(), cargoVersion);
  assert.ok(Array.isArray(hs.modelCatalog()));
});

test('pkg/node is importable from ESM with named exports', async () => {
  const hs = await import('../../pkg/node/index.mjs');
  assert.equal(typeof hs.assessRisk, 'function');
  assert.equal(hs.version(), cargoVersion);
  assert.equal(hs.default.version(), cargoVersion);
});

test('pkg/package.json: name, version from Cargo.toml, exports, types, files, licence', () => {
  const pkg = JSON.parse(readFileSync(new URL('pkg/package.json', root), 'utf8'));
  assert.equal(pkg.name, 'health-steward');
  assert.equal(pkg.version, cargoVersion);
  for (const entry of ['.', './node', './miniprogram']) assert.ok(pkg.exports[entry], entry);
  assert.ok(pkg.types && pkg.files.length && pkg.license);
});

test('the package resolves by name through its exports map', () => {
  // Resolve as a consumer would, with pkg/ as the package root.
  const pkgRequire = createRequire(new URL('pkg/package.json', root));
  const viaName = pkgRequire.resolve('health-steward/node', { paths: [new URL('.', root).pathname] });
  assert.ok(viaName.endsWith('pkg/node/index.js') || viaName.includes('health-steward'));
});

test('an error raised in Rust arrives as an Error with code, field and localized message', () => {
  const hs = require('../../pkg/node/index.js');
  const zh = assert.throws(() => hs.assessRisk({ sex: 'male', sbp: -1 }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'OUT_OF_RANGE');
    assert.equal(e.field, 'profile.sbp');
    assert.match(e.message, /超出可接受范围/);
    return true;
  });
  void zh;
  assert.throws(() => hs.assessRisk({ sex: 'male', sbp: -1 }, { locale: 'en' }), (e) => {
    assert.equal(e.code, 'OUT_OF_RANGE');
    assert.match(e.message, /outside the accepted range 40–300 mmHg/);
    return true;
  });
  assert.throws(() => hs.assessRisk({ age: 50 }, { locale: 'en' }), (e) => e.code === 'MISSING_INPUT' && e.field === 'profile.sex');
  assert.throws(() => hs.assessRisk({ sex: 'robot' }), (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.sex');
  assert.throws(() => hs.assessRisk({ sex: 'male', age: '60' }), (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.age');
  assert.throws(() => hs.assessRisk({ sex: 'male' }, { locale: 'fr' }), (e) => e.code === 'INVALID_INPUT' && e.field === 'options.locale');
  assert.throws(() => hs.assessModel('no-such-model', { sex: 'male' }), (e) => e.code === 'UNKNOWN_MODEL');
  assert.throws(
    () => hs.assessRisk({ sex: 'female', birthDate: '2030-01-01' }, { asOf: '2026-11-24' }),
    (e) => e.code === 'INVALID_DATE' && e.field === 'profile.birthDate',
  );
  assert.throws(
    () => hs.assessRisk({ sex: 'female', birthDate: '1960-02-30' }, { asOf: '2026-11-24' }),
    (e) => e.code === 'INVALID_DATE' && e.field === 'profile.birthDate',
  );
});

test('unit conversions', () => {
  const hs = require('../../pkg/node/index.js');
  assert.ok(Math.abs(hs.convertLipid(200, 'mg/dL', 'mmol/L') - 5.172) < 0.001);
  assert.ok(Math.abs(hs.convertLipid(1.7, 'mmol/L', 'mg/dL', 'triglycerides') - 150.57) < 0.01);
  assert.ok(Math.abs(hs.convertGlucose(7, 'mmol/L', 'mg/dL') - 126.11) < 0.01);
  assert.throws(() => hs.convertGlucose(7, 'g/L', 'mg/dL'), (e) => e.code === 'INVALID_INPUT' && e.field === 'from');
  assert.throws(() => hs.convertGlucose(NaN, 'mmol/L', 'mg/dL'), (e) => e.code === 'INVALID_INPUT' && e.field === 'value');
});

test('pkg/web initialises from bytes, from a compiled module, and synchronously', async () => {
  const bytes = readFileSync(new URL('pkg/web/health_steward_bg.wasm', root));
  const web = await import('../../pkg/web/index.js');
  await web.default(bytes);
  assert.equal(web.version(), cargoVersion);
  // A second init returns at once (same promise).
  await web.default(bytes);
  // initSync from a compiled module in a fresh copy of the module graph.
  const fresh = await import('../../pkg/web/index.js?sync');
  fresh.initSync(new WebAssembly.Module(bytes));
  assert.equal(fresh.version(), cargoVersion);
  assert.throws(() => fresh.initSync(), TypeError);
});

test('non-finite numbers and wrong types anywhere in an input are named by their full path', () => {
  const hs = require('../../pkg/node/index.js');
  assert.throws(
    () => hs.assessRisk({ sex: 'female', age: 40, questionnaires: { phq9: [0, NaN, 0, 0, 0, 0, 0, 0, 0] } }, { locale: 'en' }),
    (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.questionnaires.phq9[1]' && /PHQ-9 item 2/.test(e.message),
  );
  assert.throws(
    () => hs.assessRisk({ sex: 'female', age: 40, history: { ckdStage: Infinity } }),
    (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.history.ckdStage',
  );
  assert.throws(
    () => hs.assessRisk({ sex: 'female', age: 40, familyHistory: { diabetes: 'yes' } }),
    (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.familyHistory.diabetes',
  );
  const plan = hs.generateCarePlan({ sex: 'male', age: 68, hypertension: true }, { startDate: '2026-11-24' });
  plan.activities[2].due = 20261124;
  assert.throws(() => hs.carePlanToIcs(plan), (e) => e.code === 'INVALID_INPUT' && e.field === 'plan.activities[2].due');
  plan.activities[2].due = '2027-02-24';
  const withoutStart = { ...plan };
  delete withoutStart.startDate;
  assert.throws(() => hs.carePlanToIcs(withoutStart), (e) => e.code === 'MISSING_INPUT' && e.field === 'plan.startDate');
});
