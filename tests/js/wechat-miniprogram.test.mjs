// The WeChat example (demo/wechat-miniprogram) under miniprogram-simulate, in a simulated device
// runtime: no TextEncoder/TextDecoder/fetch/WebAssembly, WXWebAssembly by package path only
// (support/wx-runtime.mjs), a minimal DOM for the simulator (support/mini-dom.cjs) and wx storage
// in memory. The pages are CommonJS (see demo/wechat-miniprogram/README.md) and run as WeChat
// would run them: the library is loaded from the "health" subpackage through init(path).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installWxRuntime } from './support/wx-runtime.mjs';
import { syncLib, MINIPROGRAM_ROOT } from '../../demo/wechat-miniprogram/sync-lib.mjs';

const require = createRequire(import.meta.url);
require('./support/mini-dom.cjs').installMiniDom();
syncLib();
const { calls } = installWxRuntime({ root: `${MINIPROGRAM_ROOT}/`, prefix: '/' });
const simulate = require('miniprogram-simulate');

const TODAY = '2026-11-24';
const storage = new Map();
Object.assign(globalThis.wx, {
  getStorageSync: (k) => (storage.has(k) ? JSON.parse(storage.get(k)) : ''),
  setStorageSync: (k, v) => { storage.set(k, JSON.stringify(v)); },
  removeStorageSync: (k) => { storage.delete(k); },
  setNavigationBarTitle: () => {},
  showToast: (o) => { toasts.push(o.title); },
  navigateTo: (o) => { navigations.push(o.url); },
  env: { USER_DATA_PATH: 'wxfile://usr' },
});
const toasts = [];
const navigations = [];
const bridge = require(join(MINIPROGRAM_ROOT, 'health', 'bridge.js'));
const hs = bridge.hs;

function page(name) {
  const path = name === 'index' ? join(MINIPROGRAM_ROOT, 'pages', 'index', 'index') : join(MINIPROGRAM_ROOT, 'health', 'pages', name, 'index');
  const id = simulate.load(path, { compiler: 'simulate', rootPath: MINIPROGRAM_ROOT });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}
async function open(name) {
  const comp = page(name);
  await comp.instance.onLoad({ today: TODAY });
  return comp;
}
const text = (comp, sel) => {
  const el = comp.querySelector(sel);
  return el ? el.dom.textContent.trim() : null;
};
async function input(comp, sel, value) {
  comp.querySelector(sel).dispatchEvent('input', { detail: { value: String(value) } });
  await simulate.sleep(0);
}
async function tap(comp, sel) {
  const el = comp.querySelector(sel);
  assert.ok(el, `no ${sel}`);
  el.dispatchEvent('tap');
  await simulate.sleep(0);
}
function setLocale(l) {
  storage.set('hs_locale', JSON.stringify(l));
}

test.beforeEach(() => {
  storage.clear();
  toasts.length = 0;
});

test('the library loads from the subpackage by path, through WXWebAssembly', async () => {
  const comp = await open('risk');
  assert.deepEqual(calls, ['/health/lib/health-steward/health_steward_bg.wasm.br']);
  assert.equal(text(comp, '#version'), hs.version());
  for (const name of ['TextEncoder', 'TextDecoder', 'fetch', 'WebAssembly']) assert.equal(typeof globalThis[name], 'undefined');
});

test('home: four screens, language and large-text toggles', async () => {
  const comp = page('index');
  await simulate.sleep(0);
  assert.equal(comp.querySelectorAll('.tile').length, 4);
  assert.equal(text(comp, '#tile-risk .tile-title'), '我的风险');
  await tap(comp, '#lang');
  assert.equal(text(comp, '#tile-risk .tile-title'), 'My risk');
  await tap(comp, '#elder');
  assert.equal(comp.instance.data.elder, true);
  await tap(comp, '#tile-plan');
  assert.equal(navigations.at(-1), '/health/pages/plan/index');
});

test('risk: bad input shows the library\'s localized error under the field', async () => {
  const comp = await open('risk');
  await tap(comp, '#seg-sex-male');
  await input(comp, '#in-age', 60);
  await input(comp, '#in-sbp', 500);
  await tap(comp, '#assess');
  let expected;
  try {
    hs.assessRisk({ sex: 'male', age: 60, sbp: 500 }, { asOf: TODAY, locale: 'zh-CN' });
  } catch (e) {
    expected = e;
  }
  assert.equal(expected.field, 'profile.sbp');
  assert.equal(text(comp, '#err-sbp'), expected.message);
  assert.match(expected.message, /[\u4e00-\u9fff]/, 'Chinese by default');
});

test('risk: the example profile gets the China-PAR category, in English too', async (t) => {
  const catalog = hs.modelCatalog('zh-CN');
  if (!catalog.some((m) => m.id === 'china-par')) return t.skip('china-par is not in modelCatalog() yet');
  const comp = await open('risk');
  await tap(comp, '#example');
  await tap(comp, '#assess');
  const report = hs.assessRisk(JSON.parse(storage.get('hs_profile')), { asOf: TODAY, locale: 'zh-CN' });
  const par = report.results.find((r) => r.id === 'china-par');
  assert.ok(par, 'China-PAR scored');
  assert.equal(text(comp, '#r-china-par .category'), par.label);
  setLocale('en');
  const en = await open('risk');
  const parEn = hs.assessRisk(JSON.parse(storage.get('hs_profile')), { asOf: TODAY, locale: 'en' }).results.find((r) => r.id === 'china-par');
  assert.equal(text(en, '#r-china-par .category'), parEn.label);
  assert.notEqual(parEn.label, par.label);
});

const EXAMPLE = {
  sex: 'male', age: 58, heightCm: 168, weightKg: 75, waistCm: 92, sbp: 148, dbp: 92, onAntihypertensives: false,
  totalCholesterol: 5.6, hdlCholesterol: 1.1, fastingGlucose: 6.3, smoker: true, hypertension: true, diabetes: false,
  familyHistory: { ascvd: false, diabetes: true }, region: 'north', residence: 'urban',
};

test('plan: asks for the profile first', async () => {
  const comp = await open('plan');
  assert.ok(comp.querySelector('#need-profile'));
});

test('plan: dated activities from generateCarePlan, and the ICS from carePlanToIcs', async () => {
  storage.set('hs_profile', JSON.stringify(EXAMPLE));
  const comp = await open('plan');
  await tap(comp, '#generate');
  if (typeof hs.generateCarePlan !== 'function') {
    // Not landed yet: the page says so in the resident's language instead of failing.
    assert.equal(text(comp, '#plan-error'), bridge.notAvailable('generateCarePlan').message);
    return;
  }
  const plan = comp.instance.plan;
  assert.ok(plan && plan.activities.length > 0, 'the plan has activities');
  const dues = comp.querySelectorAll('.activity .due').map((n) => n.dom.textContent.trim());
  assert.equal(dues.length, plan.activities.length);
  for (const d of dues) assert.match(d, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(dues[0] >= TODAY);
  if (typeof hs.carePlanToIcs !== 'function') return;
  const files = new Map();
  wx.getFileSystemManager = () => ({ writeFileSync: (p, data) => files.set(p, data) });
  await tap(comp, '#ics');
  const ics = [...files.values()][0];
  assert.match(ics, /^BEGIN:VCALENDAR/);
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match([...files.keys()][0], /^wxfile:\/\/usr\/health-plan-2026-11-24\.ics$/);
});

test('check-in: the streak and points update, make-up card, leaderboards after simulating a community', async () => {
  const comp = await open('checkin');
  if (typeof hs.PointsEngine !== 'function' || typeof hs.defaultProgram !== 'function') {
    const missing = typeof hs.PointsEngine !== 'function' ? 'PointsEngine' : 'defaultProgram';
    assert.equal(text(comp, '#checkin-error'), bridge.notAvailable(missing).message);
    return;
  }
  assert.equal(comp.querySelectorAll('.day').length, comp.instance.challenge.days);
  const before = { streak: Number(text(comp, '#streak')), balance: Number(text(comp, '#balance')) };
  await tap(comp, '#checkin-today');
  assert.ok(comp.querySelector(`#day-${TODAY}`).dom.className.includes('done'));
  assert.equal(Number(text(comp, '#streak')), before.streak + 1);
  assert.ok(Number(text(comp, '#balance')) > before.balance, 'points awarded');
  // Make up yesterday with a card: the streak grows to 2.
  const cards = Number(text(comp, '#makeup-left'));
  if (cards > 0) {
    await tap(comp, '#day-2026-11-23');
    assert.equal(Number(text(comp, '#makeup-left')), cards - 1);
    assert.equal(Number(text(comp, '#streak')), before.streak + 2);
  }
  await tap(comp, '#simulate');
  assert.ok(comp.querySelectorAll('.board-row').length > 1, 'family leaderboard alive');
  await tap(comp, '#scope-building');
  assert.ok(comp.querySelectorAll('.board-row').length > 1, 'building leaderboard alive');
  // Deterministic: the same page opened again replays to the same numbers.
  const again = await open('checkin');
  assert.equal(text(again, '#balance'), text(comp, '#balance'));
});

test('readings: a bad value shows the localized error under its input; alerts from evaluateReadings', async () => {
  storage.set('hs_profile', JSON.stringify(EXAMPLE));
  const comp = await open('readings');
  await input(comp, '#in-sbp', 400);
  await input(comp, '#in-dbp', 90);
  await tap(comp, '#add');
  if (typeof hs.evaluateReadings !== 'function') {
    assert.equal(text(comp, '#readings-error'), bridge.notAvailable('evaluateReadings').message);
    return;
  }
  let expected;
  try {
    hs.evaluateReadings([{ id: 'r1', at: `${TODAY}T09:00:00+08:00`, kind: 'bp', sbp: 400, dbp: 90 }], EXAMPLE, { asOf: TODAY, locale: 'zh-CN', utcOffset: '+08:00' });
  } catch (e) {
    expected = e;
  }
  assert.ok(expected, 'the library refuses 400 mmHg');
  assert.equal(text(comp, `#err-${expected.field.split('.').pop()}`), expected.message);
  await input(comp, '#in-sbp', 182);
  await input(comp, '#in-dbp', 112);
  await tap(comp, '#add');
  assert.equal(comp.querySelectorAll('.reading').length, 1);
  const { alerts } = hs.evaluateReadings(JSON.parse(storage.get('hs_readings')), EXAMPLE, { asOf: TODAY, locale: 'zh-CN', utcOffset: '+08:00' });
  assert.equal(comp.querySelectorAll('#alerts .hs-card').length, alerts.length);
});
