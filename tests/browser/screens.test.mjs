// The four screens of the web demo, driven as a resident would on a phone (390×844, touch),
// against the real package. "Today" is pinned with ?today= so every run is the same. Each test
// fails on any console error and saves screenshots under test-artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromiumPath, inPage, launch, phonePage, shot, startDemo } from './support.mjs';

const TODAY = '2026-11-24';
const noBrowser = chromiumPath() ? false : 'no chromium (make test installs Debian chromium where apt is available)';

let server;
let url;
let browser;
test.before(async () => {
  if (noBrowser) return;
  ({ server, url } = await startDemo());
  browser = await launch();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

/** A fresh phone (empty localStorage) on `screen`, ready. */
async function openScreen(screen, { today = TODAY } = {}) {
  const phone = await phonePage(browser);
  await phone.page.goto(`${url}?today=${today}#${screen}`);
  await phone.page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return phone;
}

/** What the package exports, asked inside the page (the same module the demo uses). */
function exportsOf(page) {
  return page.evaluate(async () => {
    const hs = await import('/pkg/web/index.js');
    await hs.default();
    return Object.keys(hs).filter((k) => typeof hs[k] === 'function');
  });
}

// The profile a resident types in (China-PAR needs age, sex, SBP, cholesterol, HDL, waist, region,
// residence; the rest is optional).
const PROFILE = {
  sex: 'male', age: '58', heightCm: '168', weightKg: '75', waistCm: '92', sbp: '148', dbp: '92',
  totalCholesterol: '5.6', hdlCholesterol: '1.1', fastingGlucose: '6.3',
  checks: ['smoker', 'hypertension'], region: 'north', residence: 'urban',
};
const PROFILE_JSON = {
  sex: 'male', age: 58, heightCm: 168, weightKg: 75, waistCm: 92, sbp: 148, dbp: 92, onAntihypertensives: false,
  totalCholesterol: 5.6, hdlCholesterol: 1.1, fastingGlucose: 6.3, smoker: true, hypertension: true, diabetes: false,
  familyHistory: { ascvd: false, diabetes: false }, history: { stroke: false }, region: 'north', residence: 'urban',
};

async function fillProfile(page, p = PROFILE) {
  await page.check(`input[name="sex"][value="${p.sex}"]`);
  for (const key of ['age', 'heightCm', 'weightKg', 'waistCm', 'sbp', 'dbp', 'totalCholesterol', 'hdlCholesterol', 'fastingGlucose']) {
    await page.fill(`input[name="${key}"]`, p[key]);
  }
  for (const key of p.checks) await page.check(`input[name="${key}"]`);
  await page.check(`input[name="region"][value="${p.region}"]`);
  await page.check(`input[name="residence"][value="${p.residence}"]`);
}

test('My risk: fill the form → the China-PAR category appears; English toggle; remembered on the phone', { skip: noBrowser }, async (t) => {
  const { page, errors, context } = await openScreen('risk');
  try {
    const catalog = await inPage(page, (hs) => hs.modelCatalog('zh-CN').map((m) => m.id));
    if (!catalog.includes('china-par')) return t.skip('china-par is not in modelCatalog() yet');
    await shot(page, '01-risk-form');
    await fillProfile(page);
    await page.click('#assess');
    const card = page.locator('[data-model="china-par"]');
    await card.waitFor();
    const expected = await inPage(page, (hs, p) => hs.assessRisk(p, { asOf: '2026-11-24', locale: 'zh-CN' }), PROFILE_JSON);
    const par = expected.results.find((r) => r.id === 'china-par');
    assert.ok(par, 'China-PAR scored by the library');
    assert.equal((await card.locator('.category').textContent()).trim(), par.label);
    assert.equal(await card.getAttribute('data-category'), par.category);
    assert.equal((await card.locator('.risk-value').textContent()).trim(), `${par.value}%`);
    // Every Chinese result has its row with the library's label; the US models are not asked for.
    const chinese = expected.results.filter((r) => !['pce', 'prevent', 'framingham'].includes(r.id));
    assert.equal(await page.locator('[data-model]').count(), chinese.length);
    for (const r of chinese) {
      assert.equal((await page.locator(`[data-model="${r.id}"] .category`).textContent()).trim(), r.label, r.id);
    }
    const skippedIds = new Set(expected.skipped.map((x) => x.id));
    for (const id of await page.$$eval('[data-skipped]', (els) => els.map((e) => e.dataset.skipped))) assert.ok(skippedIds.has(id), id);
    await shot(page, '02-risk-results', '#risk-results');

    // English: the demo's labels and the library's text both switch.
    await page.click('#lang-toggle');
    await page.waitForSelector('html[lang="en"]');
    assert.equal((await page.textContent('[data-tab="risk"] .tabbar-label')).trim(), 'My risk');
    assert.equal((await page.textContent('#edit-profile')).trim(), 'Change my details');
    const en = await inPage(page, (hs, p) => hs.assessRisk(p, { asOf: '2026-11-24', locale: 'en' }), PROFILE_JSON);
    const parEn = en.results.find((r) => r.id === 'china-par');
    assert.equal((await page.locator('[data-model="china-par"] .category').textContent()).trim(), parEn.label);
    assert.notEqual(parEn.label, par.label);
    await shot(page, '03-risk-results-en', '#risk-results');

    // Remembered in localStorage on this phone only: a reload opens on the result, and "change my
    // details" shows the same profile.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('[data-model="china-par"]').waitFor();
    await page.click('#edit-profile');
    assert.equal(await page.inputValue('input[name="sbp"]'), '148');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('My risk: bad input shows the library\'s localized error next to the field', { skip: noBrowser }, async () => {
  const { page, errors, context } = await openScreen('risk');
  try {
    await page.check('input[name="sex"][value="female"]');
    await page.fill('input[name="age"]', '66');
    await page.fill('input[name="sbp"]', '500');
    await page.click('#assess');
    const box = page.locator('.field-wrap:has(input[name="sbp"]) .field-error');
    await box.waitFor();
    const expected = await inPage(page, (hs) => {
      try {
        hs.assessRisk({ sex: 'female', age: 66, sbp: 500 }, { asOf: '2026-11-24', locale: 'zh-CN' });
      } catch (e) {
        return { code: e.code, field: e.field, message: e.message };
      }
      return null;
    });
    assert.equal(expected.field, 'profile.sbp');
    assert.equal((await box.textContent()).trim(), expected.message);
    assert.equal(await page.getAttribute('input[name="sbp"]', 'aria-invalid'), 'true');
    await shot(page, '04-risk-error');

    // The same error in English after switching language.
    await page.click('#lang-toggle');
    await page.click('#assess');
    const en = await inPage(page, (hs) => {
      try {
        hs.assessRisk({ sex: 'female', age: 66, sbp: 500 }, { asOf: '2026-11-24', locale: 'en' });
      } catch (e) {
        return e.message;
      }
      return null;
    });
    await page.waitForFunction((m) => document.querySelector('.field-wrap:has(input[name="sbp"]) .field-error')?.textContent.trim() === m, en);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('My plan: generate → dated activities appear and "add to calendar" downloads the ICS', { skip: noBrowser }, async (t) => {
  const { page, errors, context } = await openScreen('plan');
  try {
    const fns = await exportsOf(page);
    if (!fns.includes('generateCarePlan')) return t.skip('generateCarePlan is not exported by the package yet');
    // Without a profile the screen asks for one.
    assert.equal(await page.locator('#generate').count(), 0);
    await page.evaluate((p) => localStorage.setItem('health-steward-demo:profile', JSON.stringify(p)), PROFILE_JSON);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#generate');
    await page.locator('#plan-result').waitFor();
    const plan = await inPage(page, (hs, p) => {
      const report = hs.assessRisk(p, { asOf: '2026-11-24', locale: 'zh-CN' });
      return hs.generateCarePlan(p, { startDate: '2026-11-24', horizonMonths: 12, locale: 'zh-CN', report });
    }, PROFILE_JSON);
    assert.ok(plan.activities.length > 0);
    const dues = await page.$$eval('#timeline .activity', (els) => els.map((e) => e.dataset.due));
    assert.deepEqual(dues, plan.activities.map((a) => a.due));
    for (const d of dues) assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(d) && d >= '2026-11-24', d);
    assert.equal((await page.locator('#timeline .activity .title').first().textContent()).trim(), plan.activities[0].title);
    await shot(page, '05-plan', '#plan-result');
    if (!fns.includes('carePlanToIcs')) return t.skip('carePlanToIcs is not exported by the package yet');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ics')]);
    assert.equal(download.suggestedFilename(), 'health-plan-2026-11-24.ics');
    const ics = readFileSync(await download.path(), 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR/);
    assert.equal((ics.match(/BEGIN:VEVENT/g) || []).length > 0, true);
    await shot(page, '06-plan-timeline', '#timeline');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Check-in on the phone alone: check in → the streak and points update; replaying the stored events gives the same points', { skip: noBrowser }, async (t) => {
  const { page, errors, context } = await openScreen('checkin');
  try {
    const fns = await exportsOf(page);
    if (!fns.includes('PointsEngine') || !fns.includes('defaultProgram')) {
      return t.skip('PointsEngine / defaultProgram are not exported by the package yet');
    }
    await page.locator('#grid').waitFor();
    assert.equal(await page.locator('#grid .day').count(), 21);
    assert.equal(await page.locator('#grid .day.missed').count(), 0, 'the challenge starts the day it is first opened');
    assert.equal(await page.$('#simulate'), null, 'no simulated community');
    const streak0 = Number(await page.textContent('#streak'));
    const balance0 = Number(await page.textContent('#balance'));
    await page.click('#checkin-today');
    await page.waitForFunction((s) => Number(document.querySelector('#streak').textContent) === s + 1, streak0);
    assert.ok(Number(await page.textContent('#balance')) > balance0, 'points were awarded');
    assert.equal(await page.isDisabled('#checkin-today'), true);
    assert.match(await page.getAttribute(`[data-date="${TODAY}"]`, 'class'), /\bdone\b/);
    await shot(page, '07-checkin');
    await shot(page, '08-checkin-leaderboard', '#leaderboard');
    const balance = await page.textContent('#balance');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.textContent('#balance'), balance, 'replaying the stored events gives the same points');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Readings: record BP and glucose → alerts from evaluateReadings; bad input next to the field', { skip: noBrowser }, async (t) => {
  const { page, errors, context } = await openScreen('readings');
  try {
    const fns = await exportsOf(page);
    if (!fns.includes('evaluateReadings')) return t.skip('evaluateReadings is not exported by the package yet');
    await page.evaluate((p) => localStorage.setItem('health-steward-demo:profile', JSON.stringify(p)), PROFILE_JSON);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');

    await page.fill('#r-sbp', '400');
    await page.fill('#r-dbp', '90');
    await page.click('#add-reading');
    const box = page.locator('.field-wrap:has(#r-sbp) .field-error');
    await box.waitFor();
    const err = await inPage(page, (hs, p) => {
      try {
        hs.evaluateReadings([{ id: 'r1', at: '2026-11-24T09:00:00+08:00', kind: 'bp', sbp: 400, dbp: 90 }], p, { asOf: '2026-11-24', locale: 'zh-CN', utcOffset: '+08:00' });
      } catch (e) {
        return { field: e.field, message: e.message };
      }
      return null;
    }, PROFILE_JSON);
    assert.equal(err.field, 'readings[0].sbp');
    assert.equal((await box.textContent()).trim(), err.message);
    await shot(page, '09-readings-error');

    await page.fill('#r-sbp', '182');
    await page.fill('#r-dbp', '112');
    await page.click('#add-reading');
    await page.locator('#alerts').waitFor();
    await page.click('[data-kind="glucose"]');
    await page.fill('#r-value', '7.8');
    await page.selectOption('#r-context', 'fasting');
    await page.fill('#r-at', '2026-11-24T07:30');
    await page.click('#add-reading');
    await page.waitForFunction(() => document.querySelectorAll('#history .reading-row').length === 2);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('health-steward-demo:readings')));
    const { alerts } = await inPage(page, (hs, [r, p]) => hs.evaluateReadings(r, p, { asOf: '2026-11-24', locale: 'zh-CN', utcOffset: '+08:00' }), [stored, PROFILE_JSON]);
    assert.deepEqual(await page.$$eval('#alerts .hs-card', (els) => els.map((e) => e.dataset.code)), alerts.map((a) => a.code));
    assert.ok(alerts.some((a) => a.indicator === 'critical'), '182/112 is critical');
    for (const id of ['#bp-trend', '#glucose-trend']) {
      await page.locator(id).scrollIntoViewIfNeeded();
      await page.waitForSelector(`${id}[data-chart="ready"] svg`);
    }
    await shot(page, '10-readings');
    await shot(page, '11-readings-trends', '#bp-trend');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Age-friendly mode: large text, big touch targets, every screen renders without console errors', { skip: noBrowser }, async () => {
  const { page, errors, context } = await openScreen('risk');
  try {
    await page.click('#elder-toggle');
    assert.equal(await page.getAttribute('#elder-toggle', 'aria-pressed'), 'true');
    const size = await page.$eval('body', (b) => parseFloat(getComputedStyle(b).fontSize));
    assert.ok(size >= 20, `body font ${size}px`);
    const btn = await page.$eval('#assess', (b) => b.getBoundingClientRect().height);
    assert.ok(btn >= 56, `button ${btn}px high`);
    await shot(page, '12-elder-risk-form');
    await page.click('#example');
    await page.click('#assess');
    await page.waitForSelector('#risk-results');
    await shot(page, '13-elder-risk-results', '#risk-results');
    const fns = await exportsOf(page);
    await page.click('[data-tab="plan"]');
    await page.waitForSelector('#screen-plan:not([hidden])');
    if (fns.includes('generateCarePlan')) {
      await page.click('#generate');
      await page.waitForSelector('#plan-result, #plan-error .field-error');
    }
    await shot(page, '14-elder-plan', '#screen-plan');
    await page.click('[data-tab="checkin"]');
    await page.waitForSelector('#screen-checkin:not([hidden])');
    await shot(page, '15-elder-checkin', '#screen-checkin');
    await page.click('[data-tab="readings"]');
    await page.waitForSelector('#screen-readings:not([hidden])');
    if (fns.includes('evaluateReadings')) {
      await page.fill('#r-sbp', '150');
      await page.fill('#r-dbp', '95');
      await page.click('#add-reading');
      await page.waitForSelector('#alerts');
    }
    await shot(page, '16-elder-readings', '#screen-readings');
    // The setting is remembered.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.$eval('body', (b) => b.classList.contains('elder')), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
