// The WeChat example (demo/wechat-miniprogram) under miniprogram-simulate, in a simulated device
// runtime: no TextEncoder/TextDecoder/fetch/WebAssembly, WXWebAssembly by package path only
// (support/wx-runtime.mjs), a minimal DOM for the simulator (support/mini-dom.cjs) and wx storage
// in memory. The pages are CommonJS (see demo/wechat-miniprogram/README.md) and run as WeChat
// would run them: the library is loaded from the "health" subpackage through init(path).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { installWxRuntime, wxStorage } from './support/wx-runtime.mjs';
import { syncLib, MINIPROGRAM_ROOT } from '../../demo/wechat-miniprogram/sync-lib.mjs';

const require = createRequire(import.meta.url);
require('./support/mini-dom.cjs').installMiniDom();
syncLib();
const { calls } = installWxRuntime({ root: `${MINIPROGRAM_ROOT}/`, prefix: '/' });
const simulate = require('miniprogram-simulate');

const TODAY = '2026-11-24';
const storage = new Map();
Object.assign(globalThis.wx, {
  ...wxStorage(storage),
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

// First in this file: the Wasm is not loaded yet (later tests find it ready).
test('risk: tapping 评估 before the Wasm is ready does not throw; it says so and assesses once ready', async () => {
  // A slow phone: the Wasm is held back until the test lets it go.
  const instantiate = WXWebAssembly.instantiate;
  let release;
  const gate = new Promise((r) => { release = r; });
  WXWebAssembly.instantiate = async (...args) => { await gate; return instantiate(...args); };
  try {
    const comp = page('risk');
    const loading = comp.instance.onLoad({ today: TODAY });
    assert.equal(text(comp, '#assess'), '正在加载…');
    await tap(comp, '#example');
    await tap(comp, '#assess');
    assert.equal(bridge.isReady(), false);
    assert.equal(text(comp, '#loading'), '正在加载健康管家，请稍候…');
    assert.equal(storage.has('hs_profile'), false);
    release();
    await loading;
    await simulate.sleep(0);
    assert.equal(bridge.isReady(), true);
    assert.ok(comp.querySelector('#summary'), 'the queued assessment ran');
    assert.ok(!comp.querySelector('#loading'));
    assert.ok(storage.has('hs_profile'), 'saved once it passed');
  } finally {
    WXWebAssembly.instantiate = instantiate;
  }
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
  const dues = comp.querySelectorAll('.activity').map((n) => n.dom.getAttribute('data-due'));
  assert.deepEqual(dues, plan.activities.map((a) => a.due));
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

test('check-in alone on the phone: the challenge starts today, the streak and points update, replayed the same', async () => {
  const comp = await open('checkin');
  if (typeof hs.PointsEngine !== 'function' || typeof hs.defaultProgram !== 'function') {
    const missing = typeof hs.PointsEngine !== 'function' ? 'PointsEngine' : 'defaultProgram';
    assert.equal(text(comp, '#checkin-error'), bridge.notAvailable(missing).message);
    return;
  }
  assert.equal(comp.querySelectorAll('.day').length, 21);
  assert.equal(comp.querySelectorAll('.day.missed').length, 0, 'no missed days on the first day');
  assert.ok(!comp.querySelector('#simulate'), 'no simulated community');
  const before = { streak: Number(text(comp, '#streak')), balance: Number(text(comp, '#balance')) };
  await tap(comp, '#checkin-today');
  assert.ok(comp.querySelector(`#day-${TODAY}`).dom.className.includes('done'));
  assert.equal(Number(text(comp, '#streak')), before.streak + 1);
  assert.ok(Number(text(comp, '#balance')) > before.balance, 'points awarded');
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

// ------------------------------------------------------------------------------------------------
// The same level as the web demo on these screens: strict numbers and impossible pairs refused at
// the field (nothing saved), the report's summary first with numbers as text, plan dates with the
// year, readings with real times, the whole history and confirmed deletion, legible styles.

/** The library's message when it refuses `call`, else the example's own label `key` (with vars). */
function expected(call, field, key, vars) {
  try {
    call();
  } catch (e) {
    if (e.field === field) return e.message;
  }
  return i18n.t(key, vars);
}
const i18n = require(join(MINIPROGRAM_ROOT, 'common', 'i18n.js'));

test('risk: "150/90" in one box and a swapped 90/150 are refused at the field; nothing saved', async () => {
  const comp = await open('risk');
  await tap(comp, '#seg-sex-female');
  await input(comp, '#in-age', 66);
  await input(comp, '#in-sbp', '150/90');
  await input(comp, '#in-totalCholesterol', '1e');
  await tap(comp, '#assess');
  assert.equal(text(comp, '#err-sbp'), i18n.t('input_bp_in_one_box', { raw: '150/90' }));
  assert.equal(text(comp, '#err-totalCholesterol'), i18n.t('input_not_a_number', { raw: '1e' }));
  assert.equal(storage.has('hs_profile'), false);
  await input(comp, '#in-sbp', 90);
  await input(comp, '#in-dbp', 150);
  await input(comp, '#in-totalCholesterol', '');
  await tap(comp, '#assess');
  let refused;
  try {
    hs.assessRisk({ sex: 'female', age: 66, sbp: 90, dbp: 150 }, { asOf: TODAY, locale: 'zh-CN' });
  } catch (e) {
    refused = e;
  }
  assert.equal(refused.field, 'profile.dbp', 'the library refuses a diastolic not below the systolic');
  assert.equal(text(comp, '#err-dbp'), refused.message);
  assert.ok(!comp.querySelector('#results'), 'no result for a swapped pair');
  assert.equal(storage.has('hs_profile'), false);
});

test('risk: the result opens on the summary; China-PAR as text; no US models', async () => {
  storage.set('hs_profile', JSON.stringify(EXAMPLE));
  const comp = await open('risk');
  const report = hs.assessRisk(EXAMPLE, { asOf: TODAY, locale: 'zh-CN' });
  const par = report.results.find((r) => r.id === 'china-par');
  assert.ok(comp.querySelector('#summary'));
  assert.equal(text(comp, '#headline'), report.summary.headline);
  assert.ok(text(comp, '#next-step').includes(report.summary.nextStep.text));
  assert.equal(text(comp, '#next-step-when'), '2周内');
  assert.deepEqual(comp.querySelectorAll('.change').map((c) => c.dom.getAttribute('data-change')), report.summary.topChanges.map((c) => c.id));
  assert.equal(text(comp, '#lead-value'), `${par.value}%`);
  for (const id of ['pce', 'prevent', 'framingham']) assert.ok(!comp.querySelector(`#r-${id}`), id);
  assert.ok(!/profile\.|questionnaires\./.test(comp.dom.textContent), 'no JSON paths on screen');
  assert.ok(!comp.dom.textContent.includes('你'), '您 throughout');
});

test('plan: dates carry the year; the first day is one visit', async () => {
  const older = { ...EXAMPLE, age: 68, diabetes: true, onAntihypertensives: true, fastingGlucose: 7.8 };
  storage.set('hs_profile', JSON.stringify(older));
  const comp = page('plan');
  await comp.instance.onLoad({ today: '2026-12-02' });
  await tap(comp, '#generate');
  const plan = comp.instance.plan;
  const first = plan.activities.filter((a) => a.due === '2026-12-02');
  assert.ok(first.length >= 2);
  const dates = comp.querySelectorAll('.visit').map((v) => v.dom.getAttribute('data-date'));
  assert.equal(dates.filter((d) => d === '2026-12-02').length, 1, 'one visit on the first day');
  assert.equal(comp.querySelectorAll('.activity').filter((a) => a.dom.getAttribute('data-due') === '2026-12-02').length, first.length);
  assert.equal((comp.dom.textContent.match(/今天/g) || []).length, 1);
  const whens = comp.querySelectorAll('.when').map((w) => w.dom.textContent);
  dates.forEach((d, i) => { if (!d.startsWith('2026')) assert.match(whens[i], /2027年/, d); });
  assert.match(text(comp, '#period'), /^2026年12月2日 至 2027年12月1日$/);
});

test('readings: real dates and times, no future, pairs and a glucose of 45 refused, full history, confirmed deletion', async () => {
  storage.set('hs_profile', JSON.stringify(EXAMPLE));
  const many = Array.from({ length: 15 }, (_, i) => ({ id: `m${i}`, at: `2026-11-${String(i + 5).padStart(2, '0')}T08:00:00+08:00`, kind: 'bp', sbp: 130 + i, dbp: 80 }));
  storage.set('hs_readings', JSON.stringify(many));
  const comp = await open('readings');
  assert.equal(comp.querySelectorAll('.reading').length, 15, 'the whole history');
  // A measurement next year is refused at the date.
  comp.querySelector('#pick-date').dispatchEvent('change', { detail: { value: '2027-01-05' } });
  await input(comp, '#in-sbp', 130);
  await input(comp, '#in-dbp', 80);
  await tap(comp, '#add');
  assert.equal(text(comp, '#err-at'), i18n.t('readings_future'));
  // A swapped pair, at the lower pressure.
  comp.querySelector('#pick-date').dispatchEvent('change', { detail: { value: '2026-11-23' } });
  comp.querySelector('#pick-time').dispatchEvent('change', { detail: { value: '07:45' } });
  await input(comp, '#in-sbp', 88);
  await input(comp, '#in-dbp', 152);
  await tap(comp, '#add');
  const swapped = [{ id: 'x', at: '2026-11-23T07:45:00+08:00', kind: 'bp', sbp: 88, dbp: 152 }];
  assert.equal(text(comp, '#err-dbp'), expected(() => hs.evaluateReadings(swapped, EXAMPLE, { asOf: TODAY, locale: 'zh-CN', utcOffset: '+08:00' }), 'readings[0].dbp', 'pair_dbp_below_sbp', { sbp: 88, dbp: 152 }));
  assert.equal(JSON.parse(storage.get('hs_readings')).length, 15, 'nothing saved');
  // The real time chosen is the time saved.
  await input(comp, '#in-sbp', 128);
  await input(comp, '#in-dbp', 78);
  await tap(comp, '#add');
  const saved = JSON.parse(storage.get('hs_readings'));
  assert.equal(saved.at(-1).at, '2026-11-23T07:45:00+08:00');
  // A glucose of 45 is refused; 81 mg/dL is kept as 4.5 mmol/L.
  await tap(comp, '#kind-glucose');
  await input(comp, '#in-value', 45);
  await tap(comp, '#add');
  const g45 = [{ id: 'x', at: '2026-11-23T07:45:00+08:00', kind: 'glucose', value: 45, context: 'fasting' }];
  assert.equal(text(comp, '#err-value'), expected(() => hs.evaluateReadings(g45, EXAMPLE, { asOf: TODAY, locale: 'zh-CN', utcOffset: '+08:00' }), 'readings[0].value', 'input_glucose_implausible', { value: '45' }));
  assert.equal(comp.querySelectorAll('#alerts .hs-card.critical').length, 0, 'no emergency');
  // Deleting asks first: cancel keeps it, confirm removes it.
  let answer = false;
  const asked = [];
  wx.showModal = (o) => { asked.push(o); o.success({ confirm: answer, cancel: !answer }); };
  const target = comp.querySelector('#delete-m0');
  target.dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(asked.length, 1);
  assert.match(asked[0].content, /130\/80 mmHg/);
  assert.equal(comp.querySelectorAll('.reading').length, 16);
  answer = true;
  comp.querySelector('#delete-m0').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(comp.querySelectorAll('.reading').length, 15);
  assert.ok(!JSON.parse(storage.get('hs_readings')).some((r) => r.id === 'm0'));
});

/** CSS rules of a .wxss file: [{ selector, decls: { prop: value } }]. */
function rules(file) {
  const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].flatMap(([, sel, body]) => {
    const decls = Object.fromEntries(body.split(';').map((d) => d.split(':').map((x) => x.trim())).filter((d) => d.length === 2 && d[0]));
    return sel.split(',').map((s) => ({ selector: s.trim(), decls }));
  });
}
function luminance(hex) {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
const colour = (v) => (v && /#[0-9a-f]{3,6}\b/i.exec(v) ? /#[0-9a-f]{3,6}\b/i.exec(v)[0] : null);

test('legible styles: no text under 28rpx (14 px at 375 px), none under 36rpx in 长辈模式, AA contrast', () => {
  const files = ['app.wxss', 'pages/index/index.wxss', 'health/pages/risk/index.wxss', 'health/pages/plan/index.wxss', 'health/pages/readings/index.wxss']
    .map((f) => join(MINIPROGRAM_ROOT, f));
  const all = files.flatMap((f) => rules(f).map((r) => ({ ...r, file: f.slice(MINIPROGRAM_ROOT.length + 1) })));
  for (const r of all) {
    const size = /^(\d+)rpx$/.exec(r.decls['font-size'] || '');
    if (!size) continue;
    const elder = r.selector.includes('elder');
    const min = elder ? 36 : 28;
    assert.ok(Number(size[1]) >= min, `${r.file}: ${r.selector} font-size ${size[1]}rpx < ${min}rpx`);
    if (!elder && Number(size[1]) < 36 && r.selector !== 'page') {
      const big = all.find((o) => o.selector.includes('elder') && o.selector.endsWith(r.selector.split(' ').pop()) && /rpx$/.test(o.decls['font-size'] || ''));
      assert.ok(big, `${r.file}: ${r.selector} has no 长辈模式 size`);
    }
  }
  for (const r of all) {
    const fg = colour(r.decls.color);
    if (!fg) continue;
    const bg = colour(r.decls.background || r.decls['background-color']);
    const backs = bg ? [bg] : ['#ffffff', '#f2f3f5'];
    for (const b of backs) assert.ok(contrast(fg, b) >= 4.5, `${r.file}: ${r.selector} ${fg} on ${b} is ${contrast(fg, b).toFixed(2)}:1`);
  }
});
