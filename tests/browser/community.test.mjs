// A community challenge end to end in headless Chromium: the challenge service (embedded
// database in a temporary folder, port 0), the organiser console it serves, and the resident web
// app (demo server, port 0) in two phones.
//
//   1. The organiser signs in, creates a programme from the default template (a bad value is
//      refused by the engine at its field), and invites two families of two buildings (QR sheet).
//   2. Two residents open their invite links in two browser contexts, join and check in.
//   3. One goes offline (Playwright's offline mode), checks in on two days, comes back and syncs.
//   4. The family and building leaderboards of the console and of both phones equal the library's
//      (pkg/node) applied to the service's command log.
//   5. The organiser credits points with a reason; a resident redeems a reward and gets a voucher
//      code; the desk looks it up and fulfils it; the audit log has both.
//   6. The CSV export holds one row per resident with the engine's numbers.
// Screenshots of every screen (console and check-in; zh-CN, English, 长辈模式) go to
// test-artifacts/community-*.png; axe-core finds no contrast violation on them.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ARTIFACTS, axe, chromiumPath, launch, startDemo, STORAGE_PREFIX } from './support.mjs';
import { ADMIN, startService, tempDir } from '../../service/test/helpers.mjs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const noBrowser = chromiumPath() ? false : 'no chromium';
const DAY = 86400_000;
/** The local date (+08:00) of epoch ms. */
const local = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
/** Epoch ms of a local date at hh:mm (+08:00). */
const localMs = (date, hhmm) => Date.parse(`${date}T${hhmm}:00+08:00`);

let demo, svc, browser, dataDir;
const TODAY = local(Date.now());
const PID = 'xingfuli-test';

before(async () => {
  if (noBrowser) return;
  demo = await startDemo();
  const app = new URL(demo.url);
  dataDir = tempDir('hs-community-');
  svc = await startService({
    dataDir,
    env: { HS_JOIN_URL: `${app.origin}/?service=${encodeURIComponent('http://127.0.0.1:0')}`, HS_CORS_ORIGINS: app.origin },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  demo?.server.close();
  await svc?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A desktop page of the console with console errors recorded. */
async function consolePage(locale = 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The refusals the test provokes (a wrong password, a bad rule) are answers, not page errors.
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text()); });
  return { context, page, errors };
}

/** A phone whose clock reads `date` at 09:00 (+08:00), opened on `url` (in the phone's `timezoneId`, if given). */
async function phone(url, date, { locale = 'zh-CN', elder = false, timezoneId } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale, ...(timezoneId && { timezoneId }) });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text())) errors.push(m.text()); });
  await page.clock.install({ time: new Date(localMs(date, '09:00')) });
  await page.addInitScript(([prefix, items]) => {
    if (sessionStorage.getItem('hs-seeded')) return;
    sessionStorage.setItem('hs-seeded', '1');
    for (const [k, v] of Object.entries(items)) localStorage.setItem(prefix + k, JSON.stringify(v));
  }, [STORAGE_PREFIX, { locale, elder }]);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return { context, page, errors };
}

/** Moves a phone's clock to `date` 09:00 and shows the check-in screen again. */
async function nextDay(p, date) {
  await p.page.clock.setSystemTime(new Date(localMs(date, '09:00')));
  await p.page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  await p.page.waitForSelector('#challenge');
}

async function checkIn(p) {
  const before = await p.page.textContent('#completed');
  await p.page.click('#checkin-today');
  await p.page.waitForFunction((b) => document.querySelector('#completed')?.textContent !== b, before);
}

/** Shows the check-in screen again and waits until it has talked to the service. */
async function refreshed(p) {
  const stamp = await p.page.getAttribute('#screen-checkin', 'data-synced');
  await p.page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  await p.page.waitForFunction((s) => document.querySelector('#screen-checkin').getAttribute('data-synced') !== s, stamp);
}

/** A fresh invite link of programme `pid` for the test's service. */
async function inviteLink(pid, family, building) {
  const inv = await svc.api('POST', `/v1/programs/${pid}/invites`, { token: await orgToken(), body: { count: 1, family, building } });
  const link = new URL(inv.body.invites[0].url);
  link.searchParams.set('service', svc.url);
  return link.href;
}

/** A new programme `pid` with `program`, and a phone (today 09:00) joined by its invite link. */
async function joinedPhone(pid, title, program, { family, building, name }, options = {}) {
  const token = await orgToken();
  const made = await svc.api('POST', '/v1/programs', { token, body: { id: pid, name: title, program } });
  assert.equal(made.status, 201, made.text);
  const p = await phone(await inviteLink(pid, family, building), TODAY, options);
  await p.page.waitForSelector('#join-card');
  await p.page.fill('#join-name', name);
  await p.page.click('#join-go');
  await p.page.waitForSelector('#challenge');
  await synced(p);
  return p;
}

async function synced(p) {
  try {
    await p.page.waitForSelector('#sync-status[data-state="ok"][data-pending="0"]', { timeout: 30000 });
  } catch (e) {
    const status = await p.page.$eval('#sync-status', (x) => x.outerHTML).catch(() => 'no #sync-status');
    throw Object.assign(new Error(`not synced within 30 s: ${status}`), { cause: e });
  }
}

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${ARTIFACTS}community-${name}.png`, fullPage: true });
}

async function noContrastProblems(page, what) {
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  const v = await axe(page, { rules: ['color-contrast'] });
  assert.deepEqual(v, [], `${what}: colour contrast`);
}

/** The library applied to the service's command log (what the service's engine holds). */
async function engineOf(api, token, pid = PID) {
  const { body: p } = await api('GET', `/v1/programs/${pid}`, { token });
  const lib = new hs.PointsEngine(p.program);
  for (let afterSeq = 0; ;) {
    const { body } = await api('GET', `/v1/programs/${pid}/commands?after=${afterSeq}`, { token });
    for (const cmd of body.commands) {
      // The engine is built under the current rules, so earlier edits of them (`program`) are
      // already in effect: every batch and advance replays under the current rules.
      if (cmd.kind === 'batch') lib.applyBatch(cmd.events); else if (cmd.kind === 'advance') lib.advanceTo(cmd.instant);
      afterSeq = cmd.seq;
    }
    if (afterSeq >= body.head) return { lib, program: p.program };
  }
}

const rowsOf = (page, selector) => page.$$eval(selector, (els) => els.map((e) => ({ name: e.dataset.name, score: Number(e.dataset.score) })));

test('a community challenge: console, two residents (one offline), the same leaderboards as the engine, desk and CSV', { skip: noBrowser, timeout: 600_000 }, async () => {
  const org = await consolePage();
  const { page } = org;

  // 1. Sign in, create the programme from the template; the engine refuses a bad value at its field.
  await page.goto(`${svc.url}/console/`);
  await page.waitForSelector('body[data-ready="login"]');
  await page.fill('#login-user', ADMIN.user);
  await page.fill('#login-password', 'wrong password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-error:not([hidden])');
  await shot(page, 'console-login-zh');
  await noContrastProblems(page, 'console login');
  await page.fill('#login-password', ADMIN.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-ready="create"]'); // no programme yet: the form opens
  await page.fill('[data-path="id"]', PID);
  await page.fill('[data-path="name"]', '幸福里社区 · 测试挑战');
  await page.fill('[data-path="program.challenges[0].startDate"]', TODAY);
  await page.fill('[data-path="program.rewards[2].stock"]', '1');
  await page.fill('[data-path="program.challenges[0].days"]', '400');
  await page.click('#f-create');
  const err = page.locator('.field.has-error .field-error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-field'), 'program.challenges[0].days', 'the engine names the field');
  assert.equal(await page.getAttribute('[data-path="program.challenges[0].days"]', 'aria-invalid'), 'true');
  const message = await err.textContent();
  assert.ok(!/program\.|challenges\[/.test(message), `no path in the message: ${message}`);
  await shot(page, 'console-create-error-zh');
  await page.fill('[data-path="program.challenges[0].days"]', '21');
  await page.click('#f-create');
  await page.waitForSelector('body[data-ready="invites"]');

  // Invites for two families in two buildings: a QR sheet with the links.
  await page.fill('[data-path="rows[0].family"]', '王家');
  await page.fill('[data-path="rows[0].building"]', '1号楼');
  await page.fill('[data-path="rows[0].count"]', '1');
  await page.click('#inv-add');
  await page.fill('[data-path="rows[1].family"]', '李家');
  await page.fill('[data-path="rows[1].building"]', '2号楼');
  await page.fill('[data-path="rows[1].count"]', '1');
  await page.click('#inv-go');
  await page.waitForSelector('#sheet .qr-card svg');
  const invites = await page.$$eval('#sheet .qr-card', (cs) => cs.map((c) => ({ url: c.dataset.url, who: c.querySelector('.who').textContent })));
  assert.equal(invites.length, 2);
  assert.deepEqual(invites.map((i) => i.who), ['王家 · 1号楼', '李家 · 2号楼']);
  for (const i of invites) {
    const u = new URL(i.url);
    assert.equal(u.origin, new URL(demo.url).origin);
    assert.equal(u.searchParams.get('program'), PID);
  }
  await shot(page, 'console-invites-zh');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'console-invites-print');
  await page.emulateMedia({ media: 'screen' });
  await noContrastProblems(page, 'console invites');

  // 2. Two residents join by link (the service URL is the test's) and check in on day 2.
  const link = (i) => {
    const u = new URL(invites[i].url);
    u.searchParams.set('service', svc.url);
    return u.href;
  };
  const DAY2 = local(Date.parse(`${TODAY}T12:00:00+08:00`) + DAY);
  const DAY3 = local(Date.parse(`${TODAY}T12:00:00+08:00`) + 2 * DAY);
  const wang = await phone(link(0), DAY2);
  const li = await phone(link(1), DAY2, { locale: 'en' });
  for (const [p, name] of [[wang, '王阿姨'], [li, 'Li Nainai']]) {
    await p.page.waitForSelector('#join-card');
    await p.page.fill('#join-name', name);
    await p.page.click('#join-go');
    await p.page.waitForSelector('#challenge');
    await synced(p);
  }
  await shot(wang.page, 'checkin-joined-zh');
  await checkIn(wang);
  await synced(wang);
  assert.equal(await wang.page.textContent('#balance'), '10');

  // 3. Li goes offline, checks in on day 2 and on day 3, then comes back and syncs.
  await li.context.setOffline(true);
  await checkIn(li);
  await li.page.waitForSelector('#sync-status[data-pending="1"]');
  await nextDay(li, DAY3);
  await checkIn(li);
  await li.page.waitForSelector('#sync-status[data-pending="2"]');
  assert.equal(await li.page.getAttribute('#sync-status', 'data-state'), 'offline');
  assert.equal(await li.page.textContent('#streak'), '2', 'the phone counts the streak offline');
  await shot(li.page, 'checkin-offline-en');
  const early = await svc.api('GET', `/v1/programs/${PID}/members`, { token: await orgToken() });
  assert.equal(early.body.members.find((m) => m.displayName === 'Li Nainai').balance, 0, 'nothing reached the service while offline');
  await li.context.setOffline(false);
  await synced(li);
  await li.page.waitForFunction(() => document.querySelector('#balance').textContent === '20');

  // 4. Leaderboards: console and both phones show what the library computes from the log.
  const token = await orgToken();
  const { lib, program } = await engineOf(svc.api, token);
  const challengeId = program.challenges[0].id;
  const expected = (scope) => lib.leaderboard({ scope, challengeId, metric: 'points' }).map((r) => ({ name: r.id, score: r.score }));
  assert.equal(expected('family').length, 2);
  for (const scope of ['family', 'building']) {
    for (const p of [wang, li]) {
      await p.page.click(`[data-scope="${scope}"]`);
      await refreshed(p);
      await p.page.waitForSelector(`#board[data-scope="${scope}"] li`);
      assert.deepEqual(await rowsOf(p.page, '#board li'), expected(scope), `phone ${scope} board`);
    }
    await page.goto(`${svc.url}/console/#boards`);
    await page.waitForSelector('body[data-ready="boards"]');
    await page.click(`[data-scope="${scope}"]`);
    await page.waitForSelector(`#board[data-scope="${scope}"]`);
    assert.deepEqual(await rowsOf(page, '#board tbody tr'), expected(scope), `console ${scope} board`);
  }
  await page.waitForFunction(() => /\(2 位成员\)$/.test(document.querySelector('#prog').selectedOptions[0].textContent), null, { timeout: 5000 });
  await shot(page, 'console-boards-zh');
  await shot(wang.page, 'checkin-board-zh');
  // Above, the tab updated the count of the list read at sign-in (the residents joined since).
  // Opening the console anew reads the list of programmes once: the first view takes its member
  // count from that list rather than reading it again.
  const listReads = [];
  const onRequest = (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === '/v1/programs') listReads.push(r.url()); };
  await page.goto('about:blank');
  page.on('request', onRequest);
  await page.goto(`${svc.url}/console/#boards`);
  await page.waitForSelector('body[data-ready="boards"]');
  page.off('request', onRequest);
  assert.equal(listReads.length, 1, 'the list of programmes is read once as the console opens');
  for (const r of ['王阿姨', 'Li Nainai']) {
    const m = early.body.members.find((x) => x.displayName === r);
    const shown = r === '王阿姨' ? wang : li;
    assert.equal(Number(await shown.page.textContent('#balance')), lib.member(m.memberId).balance, `${r}: the phone shows the engine's balance`);
  }

  // 5. An adjustment with a reason, a redemption, the desk.
  await page.goto(`${svc.url}/console/#adjust`);
  await page.waitForSelector('body[data-ready="adjust"]');
  await page.selectOption('#adj-member', { label: await page.$eval('#adj-member', (s) => [...s.options].find((o) => o.text.startsWith('王阿姨')).text) });
  await page.fill('#adj-points', '200');
  await page.click('#adj-form button[type=submit]');
  await page.waitForSelector('.field-error[data-field="events[0].reason"]');
  await page.fill('#adj-reason', '参加社区义诊志愿服务');
  await page.click('#adj-form button[type=submit]');
  await page.click('#confirm-yes');
  await page.waitForSelector('#adj-ok');
  // The balance at the adjustment's instant (today): the check-in dated tomorrow is not in it yet.
  assert.match(await page.textContent('#adj-ok'), /王阿姨.*200/);
  await shot(page, 'console-adjust-zh');

  await refreshed(wang);
  await wang.page.waitForFunction(() => document.querySelector('#balance')?.textContent === '210');

  // The last gift (stock 1): Li asks for it first but offline; Wang asks a little later, online,
  // and gets it; when Li's phone syncs, the engine gives it to the earlier request, and Wang's
  // phone says so in words.
  const liId = early.body.members.find((m) => m.displayName === 'Li Nainai').memberId;
  await svc.api('POST', `/v1/programs/${PID}/events`, { token, body: { events: [{ id: 'adj-li', memberId: liId, at: new Date().toISOString(), type: 'adjust', points: 200, reason: 'test' }] } });
  await refreshed(li);
  await li.context.setOffline(true);
  await li.page.clock.setSystemTime(new Date(localMs(DAY2, '08:30')));
  await li.page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  await li.page.click('[data-redeem="health-gift"]');
  await li.page.click('#redeem-confirm #confirm-yes');
  await li.page.waitForSelector('#vouchers .voucher[data-status="pending"]');
  const liCode = await li.page.getAttribute('#vouchers .voucher', 'data-code');
  await shot(li.page, 'checkin-voucher-pending-en');

  await wang.page.click('[data-redeem="health-gift"]');
  await wang.page.click('#redeem-confirm #confirm-yes');
  await wang.page.waitForSelector('#vouchers .voucher[data-status="ready"]');
  const code = await wang.page.getAttribute('#vouchers .voucher', 'data-code');
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await wang.page.waitForFunction(() => document.querySelector('#balance')?.textContent === '110');
  await shot(wang.page, 'checkin-voucher-zh');

  await li.context.setOffline(false);
  await li.page.waitForSelector(`#vouchers .voucher[data-code="${liCode}"][data-status="ready"]`, { timeout: 30000 });
  await refreshed(wang);
  await wang.page.waitForSelector(`#vouchers .voucher[data-code="${code}"][data-status="refused"]`);
  const notice = await wang.page.textContent('.notice');
  assert.match(notice, /健康礼品/);
  assert.match(notice, /更早提出了申请/, `the change in words: ${notice}`);
  await wang.page.waitForFunction(() => document.querySelector('#balance')?.textContent === '210');
  await shot(wang.page, 'checkin-outcome-changed-zh');
  await noContrastProblems(wang.page, 'check-in (zh)');
  await wang.page.click('.notice [data-dismiss]');
  assert.equal(await wang.page.$('.notice'), null);

  await page.goto(`${svc.url}/console/#desk`);
  await page.waitForSelector('body[data-ready="desk"]');
  await page.fill('#voucher-code', code.toLowerCase().replace('-', ' '));
  await page.click('#desk-form button[type=submit]');
  await page.waitForSelector('#voucher-card');
  assert.match(await page.textContent('#v-who'), /王阿姨/);
  assert.equal(await page.getAttribute('#voucher-card', 'data-status'), 'refused', 'the voucher that lost the race cannot be used');
  await page.fill('#voucher-code', liCode);
  await page.click('#desk-form button[type=submit]');
  await page.waitForSelector('#voucher-card #v-who:has-text("Li Nainai")');
  assert.equal(await page.getAttribute('#voucher-card', 'data-status'), 'ready');
  await page.click('#fulfil');
  await page.click('#confirm-yes');
  await page.waitForSelector('#voucher-card[data-status="fulfilled"]');
  await shot(page, 'console-desk-zh');
  await noContrastProblems(page, 'console desk');

  // The audit log has the adjustment with its reason, and the fulfilment.
  await page.goto(`${svc.url}/console/#audit`);
  await page.waitForSelector('body[data-ready="audit"]');
  const audit = await page.textContent('#audit');
  assert.match(audit, /参加社区义诊志愿服务/);
  assert.match(audit, new RegExp(liCode));
  await shot(page, 'console-audit-zh');

  // 6. The CSV export: one row per resident with the engine's numbers.
  await page.goto(`${svc.url}/console/#members`);
  await page.waitForSelector('body[data-ready="members"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.equal(csv.charCodeAt(0), 0xfeff, 'a BOM for Excel');
  const lines = csv.slice(1).trim().split('\r\n').map((l) => l.split(','));
  assert.equal(lines.length, 3);
  const final = await engineOf(svc.api, await orgToken());
  const members = (await svc.api('GET', `/v1/programs/${PID}/members`, { token: await orgToken() })).body.members;
  for (const m of members) {
    const row = lines.find((l) => l[0] === m.displayName);
    const v = final.lib.member(m.memberId);
    assert.deepEqual(row.slice(1, 4), [m.family, m.building, String(v.balance)], `${m.displayName} in the CSV`);
    assert.equal(row.at(-1), String(v.challenges[0]?.daysCompleted ?? 0));
  }
  await shot(page, 'console-members-zh');

  // Every console screen in English, and the overview chart.
  await page.goto(`${svc.url}/console/#overview`);
  await page.waitForSelector('body[data-ready="overview"]');
  await page.waitForSelector('#daily-chart[data-chart="ready"] svg');
  assert.equal(await page.textContent('#stat-members'), '2');
  await page.waitForFunction(() => /\(2 位成员\)$/.test(document.querySelector('#prog').selectedOptions[0].textContent), null, { timeout: 5000 })
    .catch(() => assert.fail('the programme list counts the members who joined after the organiser signed in'));
  await shot(page, 'console-overview-zh');
  await noContrastProblems(page, 'console overview');
  await page.click('#lang');
  assert.equal(await page.isHidden('#toast'), true, 'no Chinese toast left on the English console');
  for (const view of ['overview', 'members', 'boards', 'invites', 'desk', 'adjust', 'audit', 'edit', 'create']) {
    await page.goto(`${svc.url}/console/#${view}`);
    await page.waitForSelector(`body[data-ready="${view}"]`);
    if (view === 'overview') await page.waitForSelector('#daily-chart[data-chart="ready"] svg');
    await shot(page, `console-${view}-en`);
    await noContrastProblems(page, `console ${view} (en)`);
  }
  assert.deepEqual(org.errors, []);

  // The check-in screen in English and in 长辈模式.
  await shot(li.page, 'checkin-en');
  await noContrastProblems(li.page, 'check-in (en)');
  await wang.page.click('#elder-toggle');
  await wang.page.waitForSelector('body.elder #challenge');
  await shot(wang.page, 'checkin-elder');
  await noContrastProblems(wang.page, 'check-in (长辈模式)');
  assert.deepEqual(wang.errors, []);
  assert.deepEqual(li.errors, []);
  for (const c of [org.context, wang.context, li.context]) await c.close();
  final.lib.free();
  lib.free();
});

test('the organiser edits the rules: the form holds the current ones, a bad value is refused at its field and changes nothing, saving recounts the log', { skip: noBrowser, timeout: 180_000 }, async () => {
  const { page, context, errors } = await consolePage();
  const token = await orgToken();
  const before = (await svc.api('GET', `/v1/programs/${PID}`, { token })).body;
  await page.goto(`${svc.url}/console/#edit`);
  await page.waitForSelector('body[data-ready="login"]');
  await page.fill('#login-user', ADMIN.user);
  await page.fill('#login-password', ADMIN.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-ready="edit"]');
  assert.equal(await page.inputValue('[data-path="id"]'), PID);
  assert.notEqual(await page.getAttribute('[data-path="id"]', 'readonly'), null, 'the programme id is fixed');
  assert.notEqual(await page.getAttribute('[data-path="program.rewards[0].id"]', 'readonly'), null, 'a reward in use keeps its id');
  assert.equal(await page.inputValue('[data-path="program.rewards[0].stock"]'), String(before.program.rewards[0].stock));
  assert.equal(await page.inputValue('[data-path="program.challenges[0].startDate"]'), before.program.challenges[0].startDate);

  // The engine refuses a negative cost at its field; nothing is stored.
  await page.fill('[data-path="program.rewards[0].cost"]', '-5');
  await page.click('#f-save');
  const err = page.locator('.field.has-error .field-error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-field'), 'program.rewards[0].cost');
  assert.doesNotMatch(await err.textContent(), /program\.|rewards\[/, 'no path in the words');
  await shot(page, 'console-edit-error-zh');
  await noContrastProblems(page, 'console edit (error)');
  assert.deepEqual((await svc.api('GET', `/v1/programs/${PID}`, { token })).body.program, before.program);

  // More stock and a new reward: saved, the log recounted under the new rules.
  await page.fill('[data-path="program.rewards[0].cost"]', String(before.program.rewards[0].cost));
  await page.fill('[data-path="program.rewards[0].stock"]', String(before.program.rewards[0].stock + 5));
  await page.click('#rw-add');
  const last = before.program.rewards.length;
  await page.fill(`[data-path="program.rewards[${last}].id"]`, 'umbrella');
  await page.fill(`[data-path="program.rewards[${last}].title.zh-CN"]`, '雨伞');
  await page.fill(`[data-path="program.rewards[${last}].title.en"]`, 'Umbrella');
  await shot(page, 'console-edit-zh');
  await page.click('#f-save');
  await page.waitForSelector('body[data-ready="overview"]');
  const after = (await svc.api('GET', `/v1/programs/${PID}`, { token })).body.program;
  assert.equal(after.rewards[0].stock, before.program.rewards[0].stock + 5);
  assert.deepEqual(after.rewards.at(-1).title, { 'zh-CN': '雨伞', en: 'Umbrella' });
  const { lib } = await engineOf(svc.api, token);
  const state = JSON.parse((await svc.api('GET', `/v1/programs/${PID}/state`, { token })).text);
  assert.deepEqual(JSON.parse(lib.exportState()).summary, state.summary, 'the library replaying the log under the new rules agrees');
  lib.free();
  await page.goto(`${svc.url}/console/#audit`);
  await page.waitForSelector('body[data-ready="audit"]');
  assert.match(await page.textContent('#view'), /修改项目规则/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a check-in the organiser records for a resident (at the desk) shows on the phone: day grid, days completed, streak', { skip: noBrowser, timeout: 120_000 }, async () => {
  const token = await orgToken();
  const pid = 'recorded-test';
  const program = hs.defaultProgram();
  program.challenges[0].startDate = TODAY;
  const p = await joinedPhone(pid, '幸福里 · 四号楼', program, { family: '钱家', building: '4号楼', name: '钱奶奶' });
  assert.equal(await p.page.textContent('#completed'), `0/${program.challenges[0].days}`);

  // Her granddaughter checks her in at the community centre: the organiser records it.
  const { body: { members } } = await svc.api('GET', `/v1/programs/${pid}/members`, { token });
  const memberId = members.find((m) => m.displayName === '钱奶奶').memberId;
  const at = new Date(Date.now() + 8 * 3600_000 + 1000).toISOString().replace('Z', '+08:00');
  const sent = await svc.api('POST', `/v1/programs/${pid}/events`, { token, body: { events: [{ id: 'desk-ci-1', memberId, at, type: 'check-in', challengeId: program.challenges[0].id }] } });
  assert.equal(sent.body.results[0].accepted, true, sent.text);

  // The phone's clock: 09:00, or a minute after the desk's check-in when this runs later in the
  // (Beijing) day, so that the check-in is never in the phone's future.
  await p.page.clock.setSystemTime(new Date(Math.max(localMs(TODAY, '09:00'), Date.parse(at) + 60_000)));
  await refreshed(p);
  await p.page.waitForFunction(() => document.querySelector('#completed')?.textContent.startsWith('1/'));
  assert.equal(await p.page.textContent('#streak'), '1');
  const cell = await p.page.getAttribute(`#grid .day[data-date="${TODAY}"]`, 'class');
  assert.match(cell, /\bdone\b/, `today's cell is done: ${cell}`);
  const { lib } = await engineOf(svc.api, token, pid);
  assert.equal(await p.page.textContent('#balance'), String(lib.member(memberId).balance), 'the phone shows the engine\'s balance');
  lib.free();
  await shot(p.page, 'checkin-recorded-at-desk-zh');
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

/** The (+08:00) date `n` days after today. */
const dayAfterToday = (n) => local(localMs(TODAY, '12:00') + n * DAY);

/** A programme `pid` (the default one, its challenge starting today), a phone joined to it as `who.name`, and the member's id. */
async function memberPhone(pid, title, who, options) {
  const program = hs.defaultProgram();
  program.challenges[0].startDate = TODAY;
  const p = await joinedPhone(pid, title, program, who, options);
  const { body: { members } } = await svc.api('GET', `/v1/programs/${pid}/members`, { token: await orgToken() });
  return { p, program, memberId: members.find((m) => m.displayName === who.name).memberId };
}

/** The classes of the day grid's cells of `dates`: { date: 'done' | 'missed' | … }. */
const cells = (page, dates) => page.$$eval('#grid .day', (els, ds) => Object.fromEntries(els.filter((e) => ds.includes(e.dataset.date)).map((e) => [e.dataset.date, e.className.replace(/^day /, '')])), dates);

test('the day of a desk check-in written in another offset is its day in the programme\'s offset (a phone in New York): day grid and streak, with an offline check-in the next day', { skip: noBrowser, timeout: 180_000 }, async () => {
  const token = await orgToken();
  const pid = 'desk-offset-test';
  const [day1, day2] = [dayAfterToday(1), dayAfterToday(2)];
  // The phone's own zone is New York's: neither it nor UTC may decide a day.
  const { p, program, memberId } = await memberPhone(pid, '幸福里 · 五号楼', { family: '吴家', building: '5号楼', name: '吴奶奶' }, { timezoneId: 'America/New_York' });
  assert.equal(program.utcOffset, '+08:00');

  // The desk checks her in at 07:30 Beijing time on day 1, written as New York time (18:30 the
  // day before, -05:00): fixed instants after the join, whatever the time of day the test runs.
  const at = new Date(localMs(day1, '07:30') - 5 * 3600_000).toISOString().replace('.000Z', '-05:00');
  assert.equal(at.slice(0, 10), TODAY, `written on the day before: ${at}`);
  const sent = await svc.api('POST', `/v1/programs/${pid}/events`, { token, body: { events: [{ id: 'desk-ny-1', memberId, at, type: 'check-in', challengeId: program.challenges[0].id }] } });
  assert.equal(sent.body.results[0].accepted, true, sent.text);
  await nextDay(p, day1); // the phone reads day 1, 09:00 in Beijing (20:00 the day before in New York)
  await refreshed(p);
  await p.page.waitForFunction(() => document.querySelector('#completed')?.textContent.startsWith('1/'));
  assert.deepEqual(await cells(p.page, [TODAY, day1, day2]), { [TODAY]: 'missed', [day1]: 'done today', [day2]: 'future' });
  assert.equal(await p.page.textContent('#streak'), '1');
  assert.ok(await p.page.isDisabled('#checkin-today'), 'today is already checked in');

  // Day 2 offline: the phone checks in, counts the streak, and sends it when back online.
  await p.context.setOffline(true);
  await nextDay(p, day2);
  await checkIn(p);
  await p.page.waitForSelector('#sync-status[data-pending="1"]');
  assert.deepEqual(await cells(p.page, [TODAY, day1, day2]), { [TODAY]: 'missed', [day1]: 'done', [day2]: 'done today' });
  assert.equal(await p.page.textContent('#streak'), '2');
  assert.equal(await p.page.textContent('#completed'), '2/21');
  await shot(p.page, 'checkin-desk-offset-offline-zh');
  await p.context.setOffline(false);
  await synced(p);
  assert.equal(await p.page.textContent('#streak'), '2');
  const { lib } = await engineOf(svc.api, token, pid);
  const ch = lib.member(memberId, { asOf: new Date(localMs(day2, '12:00')).toISOString() }).challenges[0];
  assert.deepEqual([ch.daysCompleted, ch.currentStreak], [2, 2], 'the service\'s engine agrees');
  await p.page.waitForFunction((b) => document.querySelector('#balance').textContent === b, String(lib.member(memberId).balance));
  lib.free();
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

test('a 401 (the organiser removed the member): the unsent check-in stays, leaving asks first and says it would be lost, a new invite joins again and delivers it', { skip: noBrowser, timeout: 180_000 }, async () => {
  const token = await orgToken();
  const pid = 'lost-test';
  const day1 = dayAfterToday(1);
  const { p, memberId } = await memberPhone(pid, '幸福里 · 六号楼', { family: '郑家', building: '6号楼', name: '郑爷爷' });
  assert.equal((await svc.api('DELETE', `/v1/programs/${pid}/members/${memberId}`, { token })).status, 200);

  // Day 1 (after the join whatever the time of day): the check-in meets a 401 and stays.
  await nextDay(p, day1);
  await refreshed(p);
  const stamp = await p.page.getAttribute('#screen-checkin', 'data-synced');
  await checkIn(p);
  await p.page.waitForFunction((s) => document.querySelector('#screen-checkin').getAttribute('data-synced') !== s, stamp);
  await p.page.waitForSelector('#sync-status[data-state="lost"][data-pending="1"]');
  assert.match(await p.page.textContent('#sync-status'), /新的邀请链接.*还没送出的 1 条打卡记录都保存在手机上/);
  const syncKey = `health-steward/sync:${pid}:${memberId}`;
  const outbox = () => p.page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null')?.outbox ?? null, syncKey);
  assert.equal((await outbox()).length, 1);

  // Leaving asks first and says how many unsent check-ins would be lost; "cancel" keeps them.
  await p.page.click('#leave');
  const question = await p.page.textContent('#foot-confirm .confirm');
  assert.match(question, /这部手机上还有 1 条打卡记录没有送出，退出后会丢失。/);
  await shot(p.page, 'checkin-lost-leave-zh');
  await p.page.click('#foot-confirm #confirm-no');
  assert.equal((await outbox()).length, 1, 'nothing deleted before the resident confirms');
  assert.equal(await p.page.getAttribute('#sync-status', 'data-state'), 'lost');

  // A new invite from the desk, opened on the phone: joining again delivers the kept check-in.
  await p.page.goto(await inviteLink(pid, '郑家', '6号楼'));
  await p.page.clock.setSystemTime(new Date(localMs(day1, '09:05')));
  await p.page.waitForSelector('#join-card');
  await p.page.fill('#join-name', '郑爷爷');
  await p.page.click('#join-go');
  await p.page.waitForSelector('[data-notice="carried"]');
  assert.match(await p.page.textContent('[data-notice="carried"]'), /您之前没送出的 1 条打卡记录已经送到社区。/);
  await synced(p);
  assert.equal(await outbox(), null, 'the old outbox moved to the new membership');
  const now = (await svc.api('GET', `/v1/programs/${pid}/members`, { token })).body.members.find((m) => m.displayName === '郑爷爷');
  assert.notEqual(now.memberId, memberId);
  assert.equal(now.challenges[0].daysCompleted, 1, 'the service counted it for the new membership');
  assert.deepEqual(await cells(p.page, [day1]), { [day1]: 'done today' });
  await shot(p.page, 'checkin-rejoined-zh');
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

test('without a service the check-in screen works on the phone alone and says so; a reset asks first', { skip: noBrowser }, async () => {
  const p = await phone(demo.url + '#checkin', TODAY);
  await p.page.waitForSelector('#challenge');
  assert.match(await p.page.textContent('#standalone'), /单机模式/);
  assert.equal(await p.page.$('#simulate'), null, '模拟一个社区 is gone');
  assert.match(await p.page.textContent('#challenge-dates'), /第 1 天/, 'the challenge starts the day it is first opened');
  assert.equal(await p.page.$$eval('#grid .day.missed', (d) => d.length), 0, 'no missed days on the first day');
  await checkIn(p);
  assert.equal(await p.page.textContent('#balance'), '10');
  await p.page.click('#reset');
  await p.page.waitForSelector('#foot-confirm #confirm-yes');
  assert.equal(await p.page.textContent('#balance'), '10', 'nothing is cleared before the resident confirms');
  await p.page.click('#foot-confirm #confirm-no');
  assert.equal(await p.page.textContent('#balance'), '10');
  await shot(p.page, 'checkin-standalone-zh');
  await noContrastProblems(p.page, 'check-in alone');
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

test('a resident through a whole challenge: the organiser\'s dates, milestones, tier benefits and the next step, rewards with cost and stock, the end-of-challenge summary', { skip: noBrowser, timeout: 300_000 }, async () => {
  const token = await orgToken();
  const pid = 'milestones-test';
  const program = hs.defaultProgram();
  const startMs = Date.parse(`${TODAY}T12:00:00+08:00`) + 2 * DAY;
  const dayOf = (n) => local(startMs + (n - 1) * DAY); // the challenge's day n (1-based)
  program.challenges[0].startDate = dayOf(1); // the organiser's start: the day after tomorrow
  const p = await joinedPhone(pid, '幸福里 · 三号楼', program, { family: '赵家', building: '3号楼', name: '赵大爷' });

  // Before the start: the organiser's dates, no missed days, the button waits.
  assert.match(await p.page.textContent('#challenge-dates'), /还有 2 天开始/);
  assert.equal(await p.page.$$eval('#grid .day.missed', (d) => d.length), 0);
  assert.ok(await p.page.isDisabled('#checkin-today'));
  await shot(p.page, 'checkin-before-start-zh');

  // Seven days of check-ins, then day 8.
  for (let n = 1; n <= 7; n++) {
    await nextDay(p, dayOf(n));
    await checkIn(p);
    await synced(p);
  }
  await nextDay(p, dayOf(8));
  await refreshed(p);
  const { body: { members } } = await svc.api('GET', `/v1/programs/${pid}/members`, { token });
  const memberId = members.find((m) => m.displayName === '赵大爷').memberId;
  const { lib } = await engineOf(svc.api, token, pid);
  const view = lib.member(memberId);
  const ch = view.challenges[0];
  assert.deepEqual([ch.daysCompleted, ch.currentStreak], [7, 7], 'the engine credited seven days in a row');
  assert.equal(await p.page.textContent('#completed'), '7/21');
  assert.equal(await p.page.textContent('#streak'), '7');
  assert.match(await p.page.textContent('#challenge-dates'), /第 8 天，共 21 天/);
  assert.equal(await p.page.textContent('#balance'), String(view.balance), 'the phone shows the engine\'s balance (with the 7-day bonus)');

  // Milestones: 7 days reached; 14 days and the completion bonus still reachable.
  const ms = await p.page.$$eval('#milestones [data-milestone]', (els) => els.map((e) => ({ id: e.dataset.milestone, reached: e.classList.contains('reached'), text: e.textContent.replace(/\s+/g, ' ') })));
  assert.deepEqual(ms.map((x) => [x.id, x.reached]), [['streak-7', true], ['streak-14', false], ['completion', false]]);
  assert.match(ms[0].text, /已获得.*20 分/);
  assert.match(ms[1].text, /还差 7 天/);
  assert.match(ms[2].text, /还差 14 天.*100 分/);

  // Tier: benefits now, what the next tier gives, and honestly how far it is within this challenge.
  assert.equal(await p.page.getAttribute('#tier', 'data-tier'), view.tier);
  assert.match(await p.page.textContent('#benefits'), /普通会员暂无额外权益/);
  const silver = program.tiers.levels.find((l) => l.id === 'silver');
  assert.equal(view.nextTier.id, 'silver');
  assert.match(await p.page.textContent('#next-tier'), new RegExp(`再得 ${view.nextTier.pointsNeeded} 分升到“银卡会员”.*健康讲座优先预约`));
  const daily = program.earning.find((r) => r.on === 'check-in').points;
  const maxMore = 14 * daily + 20 + program.challenges[0].completionBonus; // days 8–21, the 14-day bonus, completion
  assert.ok(maxMore < view.nextTier.pointsNeeded && silver.minEarned === 500);
  assert.match(await p.page.textContent('#next-step'), new RegExp(`最多还能得 ${maxMore} 分.*健康讲座`));

  // Rewards with their cost and what is left, as the service counts them.
  const { body: { rewards } } = await svc.api('GET', `/v1/programs/${pid}/rewards`, { token });
  for (const r of rewards) {
    const row = await p.page.textContent(`[data-reward="${r.id}"]`);
    assert.match(row, new RegExp(`${r.title['zh-CN']}[\\s\\S]*${r.cost} 分 · 剩 ${r.left} 份`), row);
    assert.equal(await p.page.isDisabled(`[data-redeem="${r.id}"]`), r.cost > view.balance, `${r.id}: redeemable only with the points`);
  }
  await shot(p.page, 'checkin-milestones-zh');
  await noContrastProblems(p.page, 'check-in milestones');

  // After the last day: the summary of the challenge instead of a greyed button.
  await p.page.clock.setSystemTime(new Date(localMs(dayOf(22), '09:00')));
  await p.page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  await p.page.waitForSelector('#summary');
  assert.equal(await p.page.$('#checkin-today'), null);
  assert.match(await p.page.textContent('#summary .summary-lead'), /您在 21 天里打卡 7 天/);
  assert.equal(await p.page.textContent('#summary #completed'), '7/21');
  assert.equal(await p.page.textContent('#summary #longest'), '7');
  assert.match(await p.page.textContent('#summary-family'), /第 1 名（共 1 户）/);
  await shot(p.page, 'checkin-summary-zh');
  await noContrastProblems(p.page, 'end-of-challenge summary');
  await p.page.click('#lang-toggle');
  await p.page.waitForFunction(() => /You checked in on 7 of 21 days/.test(document.querySelector('#summary')?.textContent ?? ''));
  await shot(p.page, 'checkin-summary-en');
  await p.page.click('#elder-toggle');
  await p.page.waitForSelector('body.elder #summary');
  await shot(p.page, 'checkin-summary-elder');
  await noContrastProblems(p.page, 'end-of-challenge summary (English, 长辈模式)');
  assert.deepEqual(p.errors, []);
  await p.context.close();
  lib.free();
});

let orgTokenValue = null;
async function orgToken() {
  orgTokenValue ||= (await svc.api('POST', '/v1/auth/login', { body: ADMIN })).body.token;
  return orgTokenValue;
}
