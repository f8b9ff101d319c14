// Shared set-up of the browser tests: the demo server on a free port and Debian's headless
// chromium driven by playwright-core (never a browser download). Console errors fail tests.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p)) || null;
}

export async function startDemo() {
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const { port } = server.address();
  return { server, url: `http://127.0.0.1:${port}/` };
}

export async function launch() {
  const executablePath = chromiumPath();
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A phone-sized page that records console errors and page errors. */
export async function phonePage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

// ------------------------------------------------------------------------------------------------
// The resident's view: language, 长辈模式, what is on the phone, and what every screen must meet.

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

/** The three ways the tests look at every screen: Chinese, English, and 长辈模式 (in Chinese). */
export const MODES = [
  { name: 'zh', locale: 'zh-CN', elder: false, minFont: 14 },
  { name: 'en', locale: 'en', elder: false, minFont: 14 },
  { name: 'elder', locale: 'zh-CN', elder: true, minFont: 18 },
];

export const STORAGE_PREFIX = 'health-steward-demo:';

/**
 * A fresh phone on `screen` of the demo, in `mode`, with `stored` ({ key: value }) already in its
 * localStorage (the demo's own keys, without the prefix). Ready when it returns.
 */
export async function openPhone(browser, base, { mode = MODES[0], screen = 'risk', today = '2026-11-24', stored = {}, before } = {}) {
  const phone = await phonePage(browser, { locale: mode.locale });
  const entries = { locale: mode.locale, elder: mode.elder, ...stored };
  await phone.page.addInitScript(([prefix, items]) => {
    if (sessionStorage.getItem('hs-test-seeded')) return; // only on the first load of this tab
    sessionStorage.setItem('hs-test-seeded', '1');
    for (const [k, v] of Object.entries(items)) localStorage.setItem(prefix + k, JSON.stringify(v));
  }, [STORAGE_PREFIX, entries]);
  if (before) await before(phone.page);
  await phone.page.goto(`${base}?today=${today}#${screen}`);
  await phone.page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return phone;
}

/** What the demo keeps under `key` on this phone (null when nothing). */
export function stored(page, key) {
  return page.evaluate(([k]) => JSON.parse(localStorage.getItem(k) ?? 'null'), [STORAGE_PREFIX + key]);
}

/** Opens every <details> so that the checks below see all text of the screen. */
export async function openAllDetails(page) {
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
}

/**
 * axe-core (WCAG 2 A/AA rules) on the page as it is. Returns the violations as
 * `{ id, nodes: [{ target, summary }] }`.
 */
export async function axe(page, { rules } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async (only) => {
    const options = only ? { runOnly: { type: 'rule', values: only } } : { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } };
    const res = await window.axe.run(document, options);
    return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }));
  }, rules || null);
}

/** Visible text whose computed font size is below `min` px (HTML and SVG chart text alike). */
export function smallText(page, min) {
  return page.evaluate((limit) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.nodeValue.trim()) continue;
      const el = n.parentElement;
      if (!el || el.closest('[hidden], script, style, template, noscript')) continue;
      const rects = el.getClientRects();
      if (!rects.length || [...rects].every((r) => r.width === 0 || r.height === 0)) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
      const size = parseFloat(cs.fontSize);
      if (size < limit - 0.01) out.push({ text: n.nodeValue.trim().slice(0, 40), size, tag: el.tagName.toLowerCase(), cls: String(el.className && el.className.baseVal !== undefined ? el.className.baseVal : el.className) });
    }
    return out;
  }, min);
}

/**
 * What a resident must never read on a screen: JSON paths and code names, "你" in Chinese (the
 * app says 您), the other language's length unit. Returns the offending snippets.
 */
export async function residentTextProblems(page, locale) {
  const text = await page.evaluate(() => document.body.innerText);
  const problems = [];
  const scrub = text.replace(/[a-z0-9.-]+\.[a-z]{2,}\/\S*/gi, '').replace(/\b(mmHg|eGFR|HbA1c)\b/g, '');
  const code = /\b(profile|readings?|options|questionnaires)(\[\d+\])?\.[a-zA-Z]+|\[\d+\]\.|\b[a-z]+[A-Z][A-Za-z]+\b|\b[A-Z]{2,}_[A-Z_]+\b|\{\w+\}/g;
  for (const m of scrub.matchAll(code)) problems.push(`code: ${m[0]}`);
  if (locale === 'zh-CN') {
    for (const m of text.matchAll(/.{0,12}你.{0,12}/g)) problems.push(`你: ${m[0]}`);
    for (const m of text.matchAll(/.{0,12}\d\s*cm\b.{0,6}/g)) problems.push(`cm in Chinese: ${m[0]}`);
  } else {
    for (const m of text.matchAll(/.{0,12}(厘米|公斤).{0,6}/g)) problems.push(`Chinese unit in English: ${m[0]}`);
  }
  return problems;
}

/** Screenshot `name` into test-artifacts/, `selector` scrolled to the top under the header. */
export async function shot(page, name, selector) {
  if (selector) {
    await page.$eval(selector, (el) => {
      el.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -(document.querySelector('.app-header').offsetHeight + 8));
    });
  }
  await page.waitForTimeout(120);
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

/** Calls the library inside the page: `fn(hs, arg)` with the package the demo loads. */
export function inPage(page, fn, arg) {
  return page.evaluate(async ([src, a]) => {
    const hs = await import('/pkg/web/index.js');
    await hs.default();
    // eslint-disable-next-line no-new-func
    return new Function('hs', 'arg', `return (${src})(hs, arg);`)(hs, a);
  }, [fn.toString(), arg]);
}

/** The demo's own label `key` in the page's current language (its i18n module). */
export function label(page, key, vars = {}) {
  return page.evaluate(async ([k, v]) => (await import('/js/i18n.js')).t(k, v), [key, vars]);
}

/** The error the library throws for `call` (a function of hs), as { code, field, message }, or null. */
export function libraryError(page, call, arg) {
  return inPage(page, `(hs, arg) => {
    try { (${call.toString()})(hs, arg); } catch (e) { return { code: e.code, field: e.field, message: e.message }; }
    return null;
  }`, arg);
}
