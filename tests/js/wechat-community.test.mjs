// The WeChat example's check-in page on the challenge service: miniprogram-simulate in the
// simulated device runtime (no fetch, no WebAssembly: WXWebAssembly by path), with `wx.request`
// carried over real HTTP to a real service (embedded database in a temporary folder, port 0).
// Alone on the phone it says so and a reset asks first; with an invite link it joins, checks in
// through health-steward/sync, shows the family leaderboard the library computes from the
// service's log, redeems with a voucher code the desk can look up; the plan page puts a visit
// into the phone calendar (wx.addPhoneCalendar); the page's styles stay legible.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { ADMIN, localDate, programStarted, startService, tempDir } from '../../service/test/helpers.mjs';

import http from 'node:http';

/** One HTTP request with node:http (the device runtime below has no fetch, nor the TextEncoder undici needs). */
function httpJson(method, url, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        resolve({ status: res.statusCode, body: json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
const { installWxRuntime, wxStorage } = await import('./support/wx-runtime.mjs');
const { syncLib, MINIPROGRAM_ROOT } = await import('../../demo/wechat-miniprogram/sync-lib.mjs');
const require = createRequire(import.meta.url);
require('./support/mini-dom.cjs').installMiniDom();
syncLib();
installWxRuntime({ root: `${MINIPROGRAM_ROOT}/`, prefix: '/' });
const simulate = require('miniprogram-simulate');
const nodeHs = require('../../pkg/node/index.js');

const storage = new Map();
const toasts = [];
const modals = [];
const calendar = [];
let confirmNext = true;
Object.assign(globalThis.wx, {
  ...wxStorage(storage),
  setNavigationBarTitle: () => {},
  showToast: (o) => { toasts.push(o.title); },
  showModal: (o) => { modals.push(o); setTimeout(() => o.success?.({ confirm: confirmNext, cancel: !confirmNext }), 0); },
  addPhoneCalendar: (o) => { calendar.push(o); o.success?.({}); },
  navigateTo: () => {},
  env: { USER_DATA_PATH: 'wxfile://usr' },
  request({ url, method = 'GET', header, data, success, fail }) {
    httpJson(method, url, header, method === 'GET' ? undefined : data)
      .then((res) => success?.({ statusCode: res.status, data: res.body, header: {} }))
      .catch((e) => fail?.({ errMsg: `request:fail ${e.message}` }));
    return { abort() {} };
  },
});

let svc, dataDir, org;
const PID = 'wx-community';
const api = (method, path, body, token) => httpJson(method, svc.url + path,
  { ...(body && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) }, body && JSON.stringify(body));

before(async () => {
  dataDir = tempDir('hs-wx-community-');
  svc = await startService({ dataDir });
  org = (await api('POST', '/v1/auth/login', ADMIN)).body.token;
  assert.equal((await api('POST', '/v1/programs', { id: PID, program: programStarted(1) }, org)).status, 201);
});
after(async () => {
  await svc?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(query = {}) {
  const id = simulate.load(join(MINIPROGRAM_ROOT, 'health', 'pages', 'checkin', 'index'), { compiler: 'simulate', rootPath: MINIPROGRAM_ROOT });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  await comp.instance.onLoad(query);
  return comp;
}
const text = (comp, sel) => comp.querySelector(sel)?.dom.textContent.trim() ?? null;
async function tap(comp, sel) {
  const el = comp.querySelector(sel);
  assert.ok(el, `no ${sel}`);
  el.dispatchEvent('tap');
  await simulate.sleep(0);
}
/** Waits for the page's pending work (its last refresh) to settle. */
const settle = async (comp, p) => { await p; await simulate.sleep(20); return comp; };

test('alone on the phone: it says so, the challenge starts today, no simulated community, a reset asks first', async () => {
  storage.clear();
  const comp = await open();
  assert.match(text(comp, '#standalone'), /单机模式/);
  assert.ok(!comp.querySelector('#simulate'));
  assert.equal(comp.querySelectorAll('.day.missed').length, 0);
  await settle(comp, comp.instance.onCheckIn());
  assert.equal(text(comp, '#balance'), '10');
  confirmNext = false;
  await settle(comp, comp.instance.onReset());
  assert.equal(modals.length, 1, 'asked first');
  assert.equal(text(comp, '#balance'), '10', 'kept when the resident says no');
  confirmNext = true;
  await settle(comp, comp.instance.onReset());
  assert.equal(text(comp, '#balance'), '0');
});

test('with the service: join by invite link, check in through wx.request, the engine\'s leaderboard, a voucher for the desk', async () => {
  storage.clear();
  const inv = (await api('POST', `/v1/programs/${PID}/invites`, { count: 1, family: '赵家', building: '3号楼' }, org)).body.invites[0];
  const other = (await api('POST', `/v1/programs/${PID}/invites`, { count: 1, family: '钱家', building: '4号楼' }, org)).body.invites[0];
  const neighbour = (await api('POST', `/v1/programs/${PID}/join`, { code: other.code, displayName: '钱叔叔' })).body;
  await api('POST', `/v1/programs/${PID}/events`, { events: [{ id: 'n-ci', memberId: neighbour.memberId, at: new Date(Date.now() + 60_000).toISOString(), type: 'check-in', challengeId: programStarted(1).challenges[0].id }] }, neighbour.token);

  const comp = await open();
  const link = `${inv.url}&service=${encodeURIComponent(svc.url)}`;
  comp.querySelector('#join-link').dispatchEvent('input', { detail: { value: link } });
  await tap(comp, '#join-paste');
  assert.ok(comp.querySelector('#join-card'), 'the invite opens the join card');
  comp.querySelector('#join-name').dispatchEvent('input', { detail: { value: '赵奶奶' } });
  await simulate.sleep(0);
  assert.equal(comp.instance.data.joinName, '赵奶奶', JSON.stringify({ card: Boolean(comp.querySelector('#join-card')), n: comp.querySelectorAll('#join-name').length }));
  await settle(comp, comp.instance.onJoin());
  assert.equal(comp.instance.data.joinError || '', '', 'joined');
  assert.match(text(comp, '#community-name'), /社区挑战/);
  assert.equal(comp.instance.data.mode, 'community');

  await settle(comp, comp.instance.onCheckIn());
  assert.equal(comp.querySelector('#sync-status').dom.getAttribute('data-pending') ?? String(comp.instance.data.pending), '0');
  assert.equal(text(comp, '#balance'), '10', 'the service\'s balance');

  // The family leaderboard equals the library applied to the service's log.
  const cmds = (await api('GET', `/v1/programs/${PID}/commands`, undefined, org)).body.commands;
  const lib = new nodeHs.PointsEngine(programStarted(1));
  const prog = (await api('GET', `/v1/programs/${PID}`, undefined, org)).body.program;
  const lib2 = new nodeHs.PointsEngine(prog);
  for (const c of cmds) if (c.kind === 'batch') lib2.applyBatch(c.events); else lib2.advanceTo(c.instant);
  lib.free();
  const expected = lib2.leaderboard({ scope: 'family', challengeId: prog.challenges[0].id, metric: 'points' }).map((r) => [r.id, r.score]);
  const shown = comp.instance.data.board.map((r) => [r.name, r.score]);
  assert.deepEqual(shown, expected);
  assert.equal(comp.querySelectorAll('.board-row').length, expected.length);

  // Points from the organiser, then a voucher; the desk finds it.
  const memberId = JSON.parse(storage.get('hs_community')).memberId;
  await api('POST', `/v1/programs/${PID}/events`, { events: [{ id: 'wx-adj', memberId, at: new Date().toISOString(), type: 'adjust', points: 200, reason: 'test' }] }, org);
  await settle(comp, comp.instance.onSync());
  assert.equal(text(comp, '#balance'), '210');
  await settle(comp, comp.instance.onRedeem({ currentTarget: { dataset: { id: 'health-gift' } } }));
  const voucher = comp.instance.data.vouchers[0];
  assert.match(voucher.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(voucher.status, 'ready');
  const desk = await api('GET', `/v1/programs/${PID}/redemptions/${voucher.code}`, undefined, org);
  assert.equal(desk.body.displayName, '赵奶奶');
  assert.equal(text(comp, '#balance'), '110');
  lib2.free();

  // Leaving asks first.
  confirmNext = false;
  await settle(comp, comp.instance.onLeave());
  assert.equal(comp.instance.data.mode, 'community');
  confirmNext = true;
});

test('a member token near its end is renewed once while the page is in use, kept, and the new one works', async () => {
  const joined = JSON.parse(storage.get('hs_community'));
  assert.ok(joined?.token, 'the resident joined in the test above');
  const renewals = [];
  const request = wx.request;
  wx.request = (o) => { if (o.url.endsWith('/v1/auth/renew')) renewals.push(o.header.authorization); return request(o); };
  try {
    // The token ends in ten days: within the month before its end.
    storage.set('hs_community', JSON.stringify({ ...joined, expiresAt: new Date(Date.now() + 10 * 86400_000).toISOString() }));
    const comp = await open();
    await settle(comp, comp.instance.onSync());
    await settle(comp, comp.instance.onSync());
    await simulate.sleep(200);
    assert.deepEqual(renewals, [`Bearer ${joined.token}`], 'asked once, with the old token');
    const now = JSON.parse(storage.get('hs_community'));
    assert.notEqual(now.token, joined.token, 'the fresh token is kept');
    assert.ok(Date.parse(now.expiresAt) > Date.now() + 90 * 86400_000, `a full lifetime: ${now.expiresAt}`);
    const me = await api('GET', `/v1/programs/${PID}/me`, undefined, now.token);
    assert.equal(me.status, 200);
    assert.equal(me.body.member.memberId, joined.memberId);
    // Later uses of the page do not ask again.
    await settle(comp, comp.instance.onSync());
    assert.equal(renewals.length, 1);
    assert.equal(comp.instance.data.mode, 'community');
  } finally {
    wx.request = request;
  }
});

/** Opens the check-in page (`query`), pastes a fresh invite link of `family` and joins as `name`. */
async function joinByLink(name, family, query = {}) {
  const inv = (await api('POST', `/v1/programs/${PID}/invites`, { count: 1, family, building: '5号楼' }, org)).body.invites[0];
  const comp = await open(query);
  comp.querySelector('#join-link').dispatchEvent('input', { detail: { value: `${inv.url}&service=${encodeURIComponent(svc.url)}` } });
  await tap(comp, '#join-paste');
  comp.querySelector('#join-name').dispatchEvent('input', { detail: { value: name } });
  await simulate.sleep(0);
  await settle(comp, comp.instance.onJoin());
  assert.equal(comp.instance.data.joinError || '', '', 'joined');
  return { comp, memberId: JSON.parse(storage.get('hs_community')).memberId };
}
const cellClass = (comp, date) => comp.querySelector(`#day-${date}`)?.dom.getAttribute('class') ?? '';

test('a check-in recorded at the desk at 07:30 Beijing time (23:30 UTC the day before) lands on its Beijing day', async () => {
  storage.clear();
  // Tomorrow in the programme's +08:00, whatever the time of day this runs: the desk's check-in
  // is dated then (after the join, which the service stamps now) and the page's clock is pinned there.
  const tomorrow = localDate(Date.now() + 86400_000);
  const utcDay = new Date(Date.parse(tomorrow) - 86400_000).toISOString().slice(0, 10); // the day before
  const { memberId } = await joinByLink('孙爷爷', '孙家');
  const at = new Date(`${tomorrow}T07:30:00+08:00`).toISOString();
  assert.equal(at, `${utcDay}T23:30:00.000Z`, 'written in UTC, on the day before');
  const sent = await api('POST', `/v1/programs/${PID}/events`, { events: [{ id: 'wx-desk-0730', memberId, at, type: 'check-in', challengeId: programStarted(1).challenges[0].id }] }, org);
  assert.equal(sent.body.results[0].accepted, true, JSON.stringify(sent.body));

  const page = await open({ today: tomorrow });
  await settle(page, page.instance.ready);
  assert.match(cellClass(page, tomorrow), /\bdone\b/, `the desk's day is done: ${cellClass(page, tomorrow)}`);
  assert.doesNotMatch(cellClass(page, utcDay), /\bdone\b/, 'not the UTC date');
  assert.equal(text(page, '#streak'), '1');
  assert.equal(text(page, '#completed'), '1/21');
  assert.equal(page.instance.data.doneToday, true, 'today (tomorrow, pinned) is already checked in');
});

test('a 401 (the organiser removed the member, so the token is revoked) keeps the outbox and says, in Chinese then English, to open an invite again; joining again delivers it', async () => {
  storage.clear();
  const { comp, memberId } = await joinByLink('周阿姨', '周家');
  const syncKey = `health-steward/sync:${PID}:${memberId}`;
  assert.equal((await api('DELETE', `/v1/programs/${PID}/members/${memberId}`, undefined, org)).status, 200);

  // The phone does not know yet: the check-in goes to the outbox, the service answers 401.
  await settle(comp, comp.instance.onCheckIn());
  assert.equal(comp.instance.data.pending, 1, 'the check-in waits in the outbox');
  const kept = JSON.parse(JSON.parse(storage.get(syncKey))).outbox;
  assert.deepEqual(kept.map((e) => e.type), ['check-in'], 'kept in wx storage');
  const zh = text(comp, '#lost-zh');
  const en = text(comp, '#lost-en');
  assert.match(zh, /邀请链接/);
  assert.match(zh, /还没送出的 1 条打卡记录都保存在手机上/);
  assert.match(en, /open it to join again/);
  assert.match(en, /Check-ins kept on this phone, not sent yet: 1\./);
  assert.doesNotMatch(`${zh}${en}`, /401|UNAUTHENTICATED|token/i, 'plain words');
  assert.ok(comp.querySelector('#join-open'), 'the scan / paste card is back');

  // Leaving asks first and says what would be lost; "no" keeps everything.
  confirmNext = false;
  await settle(comp, comp.instance.onLeave());
  assert.match(modals.at(-1).content, /还有 1 条打卡记录没有送出，退出后会丢失/);
  confirmNext = true;
  assert.equal(comp.instance.data.mode, 'community');
  assert.equal(JSON.parse(JSON.parse(storage.get(syncKey))).outbox.length, 1);
  // Sync again: still 401, still kept.
  await settle(comp, comp.instance.onSync());
  assert.equal(comp.instance.data.pending, 1);

  // A new invite from the desk, pasted: joining again delivers the kept check-in (same id).
  const inv = (await api('POST', `/v1/programs/${PID}/invites`, { count: 1, family: '周家', building: '5号楼' }, org)).body.invites[0];
  comp.querySelector('#join-link').dispatchEvent('input', { detail: { value: `${inv.url}&service=${encodeURIComponent(svc.url)}` } });
  await tap(comp, '#join-paste');
  assert.ok(comp.querySelector('#join-card'));
  comp.querySelector('#join-name').dispatchEvent('input', { detail: { value: '周阿姨' } });
  await simulate.sleep(0);
  await settle(comp, comp.instance.onJoin());
  assert.equal(comp.instance.data.joinError || '', '');
  const now = JSON.parse(storage.get('hs_community'));
  assert.notEqual(now.memberId, memberId, 'a new membership');
  assert.equal(JSON.parse(storage.get(syncKey) ?? 'null'), null, 'the old outbox moved');
  assert.equal(comp.instance.data.pending, 0, 'delivered');
  assert.equal(comp.instance.data.lost, null);
  assert.ok(!comp.querySelector('#lost'));
  assert.match(comp.instance.data.notices.map((n) => n.text).join(' '), /您之前没送出的 1 条打卡记录已经送到社区。$/);
  const me = (await api('GET', `/v1/programs/${PID}/me`, undefined, now.token)).body;
  assert.equal(me.member.challenges[0].daysCompleted, 1, 'the service counted it for the new membership');
  const { commands } = (await api('GET', `/v1/programs/${PID}/commands`, undefined, org)).body;
  const delivered = commands.flatMap((c) => c.events ?? []).find((e) => e.id === kept[0].id);
  assert.equal(delivered.memberId, now.memberId, 'the same event id, for the new member');
  assert.equal(text(comp, '#streak'), '1');
  assert.equal(comp.instance.data.doneToday, true);
});

test('plan: a visit goes into the phone calendar with a reminder the day before', async () => {
  storage.clear();
  storage.set('hs_profile', JSON.stringify({ sex: 'male', age: 58, heightCm: 168, weightKg: 75, waistCm: 92, sbp: 148, dbp: 92, hypertension: true, region: 'north', residence: 'urban' }));
  const id = simulate.load(join(MINIPROGRAM_ROOT, 'health', 'pages', 'plan', 'index'), { compiler: 'simulate', rootPath: MINIPROGRAM_ROOT });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  await comp.instance.onLoad({ today: '2026-11-24' });
  await tap(comp, '#generate');
  const first = comp.instance.data.plan.visits[0];
  await tap(comp, `#remind-${first.date}`);
  const added = calendar.at(-1);
  assert.ok(added, 'wx.addPhoneCalendar was called');
  assert.equal(added.startTime, Date.parse(`${first.date}T09:00:00+08:00`) / 1000);
  assert.equal(added.alarmOffset, 86400);
  assert.ok(added.title.length > 0);
});

test('the check-in page\'s styles: no text under 28rpx (36rpx in 长辈模式)', () => {
  const css = readFileSync(join(MINIPROGRAM_ROOT, 'health', 'pages', 'checkin', 'index.wxss'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const size = /font-size:\s*(\d+)rpx/.exec(body);
    if (!size) continue;
    const min = selector.includes('.elder') ? 36 : 28;
    assert.ok(Number(size[1]) >= min, `${selector.trim()}: ${size[1]}rpx`);
  }
});
