// The sync client (health-steward/sync) against the real service: outbox across restarts,
// batching, retry with backoff, idempotent resend after a lost answer, refusals set aside, WeChat's
// storage and request APIs, and onChange for an outcome another phone changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createSyncClient, fetchTransport, memoryStorage, wxStorageAdapter, wxRequestTransport, localStorageAdapter } from 'health-steward/sync';
import { startService, tempDir, community, at8, programStarted, lastVoucher, hasChangeFeed, SERVICE_DIR } from './helpers.mjs';

const DAY = 86400_000;
let svc, dataDir, c;

before(async () => {
  dataDir = tempDir('hs-sync-');
  svc = await startService({ dataDir });
  c = await community(svc.api, { program: programStarted(0, { rewards: [lastVoucher('last-voucher')] }), families: [{ family: 'F', building: 'B', people: ['甲', '乙', '丙', '丁'] }] });
});
after(async () => { await svc?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

const clientFor = (r, extra = {}) => createSyncClient({
  baseUrl: svc.url, programId: c.pid, memberId: r.memberId, token: r.token,
  storage: memoryStorage(), transport: fetchTransport(), retry: { baseMs: 20, maxMs: 200 }, ...extra,
});
const loggedIds = async () => JSON.parse((await svc.api('GET', `/v1/programs/${c.pid}/state`, { token: c.org })).text).events.map((e) => e.id);

test('batches: 250 events leave in three requests and are all acknowledged once', async () => {
  const r = c.residents[0];
  let requests = 0;
  const transport = fetchTransport();
  const client = clientFor(r, { batchSize: 100, transport: (req) => { requests += 1; return transport(req); } });
  const t0 = Date.now();
  const results = [];
  client.onResult((x) => results.push(x));
  for (let i = 0; i < 250; i++) client.add({ id: `b-${r.memberId}-${i}`, type: 'share', at: at8(t0 + i * 3600_000) });
  await client.flush();
  assert.equal(requests, 3);
  assert.equal(client.pending().length, 0);
  assert.equal(results.length, 250);
  assert.ok(results.every((x) => x.accepted));
  const ids = await loggedIds();
  assert.equal(ids.filter((id) => id.startsWith(`b-${r.memberId}-`)).length, 250);
  assert.ok(client.member().balance > 0);
  assert.match(client.cursor(), /^\d+$/);
});

test('the outbox survives a restart of the app and of the service; retries back off', async () => {
  const r = c.residents[1];
  const map = new Map();
  const storage = localStorageAdapter({ getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)) });
  // The service is down: the first client cannot deliver and keeps its events.
  const downUrl = 'http://127.0.0.1:9'; // discard port: connection refused
  const failures = [];
  const first = createSyncClient({ baseUrl: downUrl, programId: c.pid, memberId: r.memberId, token: r.token, storage, transport: fetchTransport(), autoRetry: false });
  first.onError((e) => failures.push(e));
  const a = first.add({ type: 'check-in', challengeId: c.program.challenges[0].id, at: at8(Date.now() + 3600_000) });
  const b = first.add({ type: 'share' });
  await assert.rejects(first.flush());
  assert.equal(failures.length, 1);
  assert.equal(first.pending().length, 2);
  first.close();

  // The app restarts with the same storage; the network fails twice more, then works.
  let calls = 0;
  const times = [];
  const real = fetchTransport();
  const flaky = (req) => { calls += 1; times.push(Date.now()); if (calls <= 2) return Promise.reject(new Error('offline')); return real(req); };
  const second = createSyncClient({ baseUrl: svc.url, programId: c.pid, memberId: r.memberId, token: r.token, storage, transport: flaky, retry: { baseMs: 40, maxMs: 1000 } });
  assert.deepEqual(second.pending().map((e) => e.id), [a.id, b.id], 'the outbox came back from storage');
  const delivered = new Promise((resolve) => second.onResult((x) => { if (x.eventId === b.id) resolve(); }));
  await assert.rejects(second.flush());
  await delivered; // delivered by the automatic retries
  assert.equal(calls, 3);
  assert.ok(times[2] - times[1] >= times[1] - times[0] - 25, 'the wait grows');
  assert.equal(second.pending().length, 0);
  const ids = await loggedIds();
  assert.ok(ids.includes(a.id) && ids.includes(b.id));
  second.close();
});

test('an answer lost after the service committed: the resend is a duplicate and pays nothing twice', async () => {
  const r = c.residents[2];
  await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: c.org, body: { events: [{ id: `top-${r.memberId}`, memberId: r.memberId, at: at8(Date.now()), type: 'adjust', points: 1000, reason: 'test' }] } });
  const real = fetchTransport();
  let lose = true;
  // The request reaches the service, which commits; the answer is lost on the way back.
  const lossy = async (req) => { const res = await real(req); if (lose && req.method === 'POST') { lose = false; throw new Error('timeout'); } return res; };
  const client = clientFor(r, { transport: lossy, autoRetry: false });
  const results = [];
  client.onResult((x) => results.push(x));
  client.add({ id: `gift-${r.memberId}`, type: 'redeem', rewardId: 'health-gift', at: at8(Date.now() + 1000) });
  await assert.rejects(client.flush());
  assert.equal(client.pending().length, 1, 'still queued: the phone does not know it went through');
  await client.flush();
  assert.equal(results.length, 1);
  assert.equal(results[0].duplicate, true);
  assert.equal(results[0].accepted, true);
  assert.equal(client.member().balance, 1000 - 100, 'paid once');
});

test('a refused event is set aside with the service\'s code, and the rest is delivered', async () => {
  const r = c.residents[3];
  const client = clientFor(r);
  const rejects = [];
  client.onReject((x) => rejects.push(x));
  const good = client.add({ type: 'share', at: at8(Date.now() + 5000) });
  const bad = client.add({ type: 'adjust', points: 9999, reason: 'please' });
  await client.flush();
  assert.equal(rejects.length, 1);
  assert.deepEqual(rejects[0].events.map((e) => e.id), [bad.id]);
  assert.equal(rejects[0].error.code, 'EVENT_TYPE_NOT_ALLOWED');
  assert.equal(client.rejected()[0].event.id, bad.id);
  assert.equal(client.pending().length, 0);
  assert.ok((await loggedIds()).includes(good.id));
  assert.ok(!(await loggedIds()).includes(bad.id));
});

test('WeChat adapters: wx storage and wx.request against the service', async () => {
  const r = c.residents[0];
  const store = new Map();
  const wx = {
    getStorageSync: (k) => (store.has(k) ? store.get(k) : ''),
    setStorageSync: (k, v) => store.set(k, v),
    // The mini-program request API, carried out over real HTTP.
    request({ url, method, header, data, timeout, success, fail }) {
      fetch(url, { method, headers: header, body: data, signal: AbortSignal.timeout(timeout ?? 15000) })
        .then(async (res) => success({ statusCode: res.status, data: await res.text(), header: {} }), (e) => fail({ errMsg: `request:fail ${e.message}` }));
    },
  };
  const client = createSyncClient({ baseUrl: svc.url, programId: c.pid, memberId: r.memberId, token: r.token, storage: wxStorageAdapter(wx), transport: wxRequestTransport(wx) });
  const e = client.add({ type: 'check-in', challengeId: c.program.challenges[0].id, at: at8(Date.now() + 2 * DAY) });
  assert.ok([...store.values()][0].includes(e.id), 'queued in wx storage');
  const view = await client.sync();
  assert.equal(view.member.memberId, r.memberId);
  assert.equal(client.pending().length, 0);
  assert.ok((await loggedIds()).includes(e.id));
});

test('onChange: a phone learns on its next sync that its redemption lost the last voucher',
  { todo: !hasChangeFeed && 'the engine\'s change feed (engine.outcome, `changed`) is not in the library yet' }, async () => {
    const [r0, r1] = c.residents;
    for (const r of [r0, r1]) {
      await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: c.org, body: { events: [{ id: `pts-${r.memberId}`, memberId: r.memberId, at: at8(Date.now()), type: 'adjust', points: 500, reason: 'test' }] } });
    }
    const t = Date.now() + 3 * DAY;
    const winner = clientFor(r0), loser = clientFor(r1);
    const changes = [];
    loser.onChange((x) => changes.push(x));
    loser.add({ id: 'lv-r1', type: 'redeem', rewardId: 'last-voucher', at: at8(t) });
    await loser.sync();
    assert.equal(changes.length, 0);
    winner.add({ id: 'lv-r0', type: 'redeem', rewardId: 'last-voucher', at: at8(t - 60_000) }); // earlier, synced later
    await winner.flush();
    await loser.refresh();
    assert.equal(changes.length, 1);
    assert.equal(changes[0].eventId, 'lv-r1');
    assert.deepEqual([changes[0].before.accepted, changes[0].after.accepted, changes[0].after.code], [true, false, 'OUT_OF_STOCK']);
    await loser.refresh();
    assert.equal(changes.length, 1, 'told once');
  });

test('the CommonJS entry (mini programs) and its typings are generated from the ES module and are up to date', () => {
  execFileSync(process.execPath, [`${SERVICE_DIR}scripts/sync-cjs.mjs`, '--check']);
  const require = createRequire(import.meta.url);
  const cjs = require('health-steward/sync');
  assert.equal(typeof cjs.createSyncClient, 'function');
  assert.equal(typeof cjs.wxRequestTransport, 'function');
  const src = readFileSync(new URL('../../pkg/sync/index.js', import.meta.url), 'utf8');
  assert.doesNotMatch(src, /^\s*import\b|WebAssembly\./m, 'plain JS: no imports, no Wasm');
});

test('the typings (pkg/sync/index.d.ts) type-check a consumer with tsc --strict', () => {
  const root = `${SERVICE_DIR}../`;
  const args = ['--noEmit', '--strict', '--target', 'es2020', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2020,dom', `${SERVICE_DIR}test/types/sync-usage.ts`];
  execFileSync(`${root}node_modules/.bin/tsc`, args, { encoding: 'utf8' });
  // And a wrong use is refused: the check can fail.
  assert.throws(() => execFileSync(`${root}node_modules/.bin/tsc`, [...args.slice(0, -1), `${SERVICE_DIR}test/types/sync-misuse.ts`], { encoding: 'utf8', stdio: 'pipe' }));
});

test('renewToken: a fresh token with a full lifetime, used for the next requests and handed to onToken', async () => {
  const r = c.residents[3];
  const sent = [];
  const transport = fetchTransport();
  const client = clientFor(r, { transport: (req) => { sent.push(req.headers.authorization); return transport(req); } });
  const seen = [];
  client.onToken((t) => seen.push(t));
  const renewed = await client.renewToken();
  assert.deepEqual(seen, [renewed]);
  assert.notEqual(renewed.token, r.token);
  assert.ok(Date.parse(renewed.expiresAt) > Date.now() + 179 * DAY);
  await client.refresh();
  assert.equal(sent.at(-1), `Bearer ${renewed.token}`, 'the next request carries the new token');
  // A token the service does not know cannot be renewed: the error names its code.
  const stranger = clientFor(r, { token: 'hs_AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
  await assert.rejects(stranger.renewToken(), (e) => e.status === 401 && e.code === 'UNAUTHENTICATED');
  client.close();
  stranger.close();
});
