// The package as consumers get it: the entries load and answer, `exports` sends every toolchain
// to the right build, the tarball installs into a fresh app, @arethetypeswrong/cli finds no
// problem, and errors cross the boundary as real Errors with a code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshApp, packTarball, pkgDir, repoRoot } from './support/packed.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);
const cargoVersion = readFileSync(new URL('Cargo.toml', root), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
const pkgJson = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

test('pkg/node is ready on require and reports the crate version; init() is a no-op there', async () => {
  const hs = require('../../pkg/node/index.js');
  assert.equal(hs.version(), cargoVersion);
  assert.ok(Array.isArray(hs.modelCatalog()));
  assert.equal(typeof hs.default, 'function');
  await hs.default();
  hs.initSync();
  assert.ok(!Object.keys(hs).some((k) => k.startsWith('__hs')), 'the glue hooks stay hidden');
});

test('pkg/node from ESM: named exports, init as default, and the same instance as require', async () => {
  const esm = await import('../../pkg/node/index.mjs');
  const cjs = require('../../pkg/node/index.js');
  assert.equal(typeof esm.assessRisk, 'function');
  assert.equal(esm.version(), cargoVersion);
  assert.equal(typeof esm.default, 'function');
  await esm.default();
  // One instance: an engine made through one entry is understood by the other.
  assert.equal(esm.PointsEngine, cjs.PointsEngine);
});

test('pkg/package.json: conditions per entry, miniprogram field, sideEffects, repository, engines, files', () => {
  assert.equal(pkgJson.name, 'health-steward');
  assert.equal(pkgJson.version, cargoVersion);
  assert.equal(pkgJson.sideEffects, false);
  assert.equal(pkgJson.license, 'MIT OR Apache-2.0');
  assert.ok(pkgJson.repository && pkgJson.repository.url && pkgJson.repository.directory === 'pkg');
  assert.match(pkgJson.engines.node, /^>=\s*18/);
  const dot = pkgJson.exports['.'];
  assert.deepEqual(Object.keys(dot), ['node', 'import', 'require', 'default'], 'node first, then the web build');
  assert.equal(dot.node.import.default, './node/index.mjs');
  assert.equal(dot.node.require.default, './node/index.js');
  assert.equal(dot.import.default, './web/index.js');
  assert.equal(dot.require.default, './web/index.cjs');
  // WeChat's "构建 npm" copies the folder named by `miniprogram` and requires its index.js.
  assert.equal(pkgJson.miniprogram, 'miniprogram');
  assert.ok(existsSync(join(pkgDir, 'miniprogram', 'index.js')));
  for (const entry of ['.', './web', './node', './miniprogram', './wasm', './sync', './package.json']) assert.ok(pkgJson.exports[entry], entry);
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) assert.ok(pkgJson.files.includes(f), f);
});

test('installed from the tarball, Node gets the Node build through import and require', () => {
  const app = freshApp('module');
  writeFileSync(join(app, 'esm.mjs'), `
import init, { assessRisk, version } from 'health-steward';
await init();
const r = assessRisk({ sex: 'male', age: 60, sbp: 130, totalCholesterol: 5.44, hdlCholesterol: 1.42, waistCm: 80, region: 'north', residence: 'urban', smoker: false, diabetes: true }, { locale: 'en' });
let code = null;
try { assessRisk({ sex: 'male', sbp: -1 }); } catch (e) { code = e instanceof Error && e.code; }
console.log(JSON.stringify({ version: version(), id: r.results[0].id, code, resolved: import.meta.resolve('health-steward') }));
`);
  writeFileSync(join(app, 'cjs.cjs'), `
const hs = require('health-steward');
console.log(JSON.stringify({ version: hs.version(), resolved: require.resolve('health-steward'), mp: require.resolve('health-steward/miniprogram'), wasm: require.resolve('health-steward/wasm') }));
`);
  const esm = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.deepEqual({ ...esm, resolved: undefined }, { version: cargoVersion, id: 'china-par', code: 'OUT_OF_RANGE', resolved: undefined });
  assert.match(esm.resolved, /node_modules\/health-steward\/node\/index\.mjs$/);
  const cjs = JSON.parse(execFileSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8' }));
  assert.equal(cjs.version, cargoVersion);
  assert.match(cjs.resolved, /health-steward\/node\/index\.js$/);
  assert.match(cjs.mp, /health-steward\/miniprogram\/index\.js$/);
  assert.match(cjs.wasm, /health-steward\/web\/health_steward_bg\.wasm$/);
});

test('the CommonJS web entry initialises from bytes or a module, and asks for the module when given none', async () => {
  // Its own process: the glue instance is shared by every CommonJS entry of one process.
  const script = `
const web = require(${JSON.stringify(join(pkgDir, 'web', 'index.cjs'))});
const bytes = require('fs').readFileSync(${JSON.stringify(join(pkgDir, 'web', 'health_steward_bg.wasm'))});
(async () => {
  let err = null;
  await web.default().catch((e) => { err = e instanceof TypeError && /pass the module/.test(e.message); });
  await web.default(bytes);
  await web.default(); // ready: resolves
  console.log(JSON.stringify({ err, version: web.version() }));
})();`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  assert.deepEqual(out, { err: true, version: cargoVersion });
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

test('@arethetypeswrong/cli finds no problem in any entry (node10, node16 CJS and ESM, bundler)', () => {
  const args = [packTarball(), '--format', 'json'];
  // The sync client entry belongs to the service stream; until its files exist it cannot resolve.
  const syncLanded = existsSync(join(pkgDir, 'sync', 'index.js'));
  if (!syncLanded) args.push('--exclude-entrypoints', './sync');
  let out;
  try {
    out = execFileSync(join(repoRoot, 'node_modules', '.bin', 'attw'), args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  } catch (e) {
    out = String(e.stdout);
  }
  const { analysis } = JSON.parse(out);
  assert.deepEqual(analysis.problems, []);
  const expected = Object.keys(pkgJson.exports).filter((e) => syncLanded || e !== './sync');
  assert.deepEqual(Object.keys(analysis.entrypoints).sort(), expected.sort());
  for (const [entry, info] of Object.entries(analysis.entrypoints)) {
    assert.deepEqual(Object.keys(info.resolutions).sort(), ['bundler', 'node10', 'node16-cjs', 'node16-esm'], entry);
  }
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

test('docs/packaging.md states the support matrix the build gates (scripts/wasm-features.mjs)', async () => {
  const { FEATURE_SUPPORT, SUPPORT_MATRIX, SPEED_FEATURES } = await import('../../scripts/wasm-features.mjs');
  const doc = readFileSync(join(repoRoot, 'docs', 'packaging.md'), 'utf8');
  const row = (label) => {
    const line = doc.split('\n').find((l) => l.startsWith(`| ${label}`));
    assert.ok(line, `docs/packaging.md has a row "${label}"`);
    return line.split('|').slice(2, 7).map((c) => c.replace(/\*/g, '').trim());
  };
  const columns = ['chrome', 'edge', 'firefox', 'safari', 'node'];
  const LABELS = { 'mutable-globals': 'mutable globals', 'sign-ext': 'sign-extension operators', 'nontrapping-float-to-int': 'non-trapping float-to-int', 'bulk-memory': 'bulk memory' };
  for (const feature of SPEED_FEATURES.filter((f) => f !== 'bulk-memory-opt')) {
    assert.deepEqual(row(LABELS[feature]), columns.map((c) => String(FEATURE_SUPPORT[feature][c])), feature);
  }
  assert.deepEqual(row('**the speed build runs on**'), columns.map((c) => String(SUPPORT_MATRIX[c])));
  assert.match(pkgJson.engines.node, new RegExp(`>=\\s*${SUPPORT_MATRIX.node}`));
});
