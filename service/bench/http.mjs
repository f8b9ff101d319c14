#!/usr/bin/env node
// The challenge service measured through HTTP, one process at a time:
//   - events per second: concurrent residents sending batches of 100 events (embedded, PostgreSQL)
//   - p50 / p99 latency of a 10-event batch (sequential)
//   - start-up: rebuilding a programme of 100,000 events, from a snapshot plus tail and by replaying
//     the whole command log
// `make bench` runs it (bench/run.sh); `--quick` is a smoke run with small numbers.
// Output: a table on stdout and JSON in --out (default service/bench/results.json).
import { writeFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startService, startPostgres, tempDir, community, at8, havePostgres, programStarted } from '../test/helpers.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('results.json', import.meta.url));
const N = quick
  ? { residents: 8, throughputEvents: 4_000, latencyRuns: 40, rebuildEvents: 10_000 }
  : { residents: 20, throughputEvents: 40_000, latencyRuns: 400, rebuildEvents: 100_000 };
const DAY = 86400_000;
// The bench is one client address with many requests: lift the per-address limits.
const LIMITS = { HS_RATE_LIMIT: '1000000', HS_LOGIN_RATE_LIMIT: '1000000' };
const say = (s) => process.stderr.write(`[bench:service] ${s}\n`);

function families(n, prefix) {
  return Array.from({ length: Math.ceil(n / 4) }, (_, f) => ({
    family: `${prefix}F${f}`, building: `${prefix}B${f % 3}`,
    people: Array.from({ length: Math.min(4, n - f * 4) }, (_, i) => `${prefix}居民${f * 4 + i}`),
  }));
}

/** `count` events of one resident: a check-in and three shares per day, from `t0` on. */
function eventsOf(r, count, t0, tag) {
  const list = [];
  for (let i = 0; list.length < count; i++) {
    const day = Math.floor(i / 4), k = i % 4;
    list.push({ id: `${tag}-${r.memberId}-${i}`, memberId: r.memberId, at: at8(t0 + day * DAY + k * 60_000), type: k === 0 ? 'check-in' : 'share' });
  }
  return list;
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

async function post(api, c, r, events) {
  const res = await api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events } });
  if (res.status !== 200) throw new Error(`batch refused: ${res.status} ${res.text.slice(0, 200)}`);
  return res;
}

/** Throughput and latency on one running service. */
async function measure(svc, label) {
  const c = await community(svc.api, { pid: `bench-${label}`, program: programStarted(0), families: families(N.residents, label) });
  const t0 = Date.now() + 3600_000;
  // Throughput: every resident streams batches of 100 concurrently.
  const per = Math.ceil(N.throughputEvents / c.residents.length);
  const start = performance.now();
  await Promise.all(c.residents.map(async (r) => {
    const mine = eventsOf(r, per, t0, 'tp');
    for (let i = 0; i < mine.length; i += 100) await post(svc.api, c, r, mine.slice(i, i + 100));
  }));
  const seconds = (performance.now() - start) / 1000;
  const eventsPerSecond = (per * c.residents.length) / seconds;
  // Latency: one resident, 10-event batches one after another.
  const r = c.residents[0];
  const later = eventsOf(r, N.latencyRuns * 10 + per, t0, 'lat').slice(per);
  const times = [];
  for (let i = 0; i < N.latencyRuns; i++) {
    const s = performance.now();
    await post(svc.api, c, r, later.slice(i * 10, i * 10 + 10));
    times.push(performance.now() - s);
  }
  return { eventsPerSecond: Math.round(eventsPerSecond), batch10P50Ms: +pct(times, 50).toFixed(2), batch10P99Ms: +pct(times, 99).toFixed(2) };
}

/** A programme of `N.rebuildEvents` events, then restarts: snapshot + tail, and full replay. */
async function rebuild(opts, label) {
  let svc = await startService({ ...opts, env: LIMITS });
  const c = await community(svc.api, { pid: 'rebuild', program: programStarted(0), families: families(100, label) });
  const per = N.rebuildEvents / c.residents.length;
  const t0 = Date.now() + 3600_000;
  const lists = c.residents.map((r) => eventsOf(r, per, t0, 'rb'));
  // Batches of 1,000 events: ten of each of the 100 residents, in time order.
  for (let i = 0; i < per; i += 10) {
    const events = lists.flatMap((l) => l.slice(i, i + 10));
    const res = await svc.api('POST', '/v1/programs/rebuild/events', { token: c.org, body: { events } });
    if (res.status !== 200) throw new Error(`rebuild batch refused: ${res.text.slice(0, 200)}`);
  }
  // Advance now, so that the restarted processes' first scheduled advanceTo has nothing to do.
  await svc.api('POST', '/v1/programs/rebuild/advance', { token: c.org });
  const state = (await svc.api('GET', '/v1/programs/rebuild/state', { token: c.org })).text;
  await new Promise((r) => setTimeout(r, 500)); // let the last snapshot land
  await svc.stop();
  const t = performance.now();
  svc = await startService({ ...opts, env: LIMITS });
  const snapshotStart = { wallMs: Math.round(performance.now() - t), rebuildMs: Math.round(svc.ready.rebuildMs) };
  if ((await svc.api('GET', '/v1/programs/rebuild/state', { token: c.org })).text !== state) throw new Error('rebuilt state differs');
  await svc.stop();
  const t2 = performance.now();
  svc = await startService({ ...opts, env: { ...LIMITS, HS_REBUILD_FROM: 'log' } });
  const replayStart = { wallMs: Math.round(performance.now() - t2), rebuildMs: Math.round(svc.ready.rebuildMs) };
  if ((await svc.api('GET', '/v1/programs/rebuild/state', { token: c.org })).text !== state) throw new Error('replayed state differs');
  await svc.stop();
  return { events: N.rebuildEvents, stateBytes: state.length, fromSnapshot: snapshotStart, fromLog: replayStart };
}

const results = { quick, node: process.version };
const dirs = [];
try {
  say('embedded (PGlite)');
  const dir = tempDir('hs-bench-'); dirs.push(dir);
  const emb = await startService({ dataDir: dir, env: LIMITS });
  results.embedded = await measure(emb, 'e');
  await emb.stop();
  say(`embedded: ${JSON.stringify(results.embedded)}`);
  say(`start-up rebuild of ${N.rebuildEvents} events (embedded)`);
  const dir2 = tempDir('hs-bench-rb-'); dirs.push(dir2);
  results.rebuild = await rebuild({ dataDir: dir2 }, 'r');
  say(`rebuild: ${JSON.stringify(results.rebuild)}`);
  if (havePostgres) {
    say('PostgreSQL');
    const pg = await startPostgres();
    try {
      const svc = await startService({ databaseUrl: pg.url, env: LIMITS });
      results.postgres = await measure(svc, 'p');
      await svc.stop();
    } finally { pg.stop(); }
    say(`postgres: ${JSON.stringify(results.postgres)}`);
  } else {
    results.postgres = null;
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
const row = (name, r) => (r ? `| ${name} | ${r.eventsPerSecond} | ${r.batch10P50Ms} | ${r.batch10P99Ms} |` : `| ${name} | n/a | n/a | n/a |`);
console.log(['', '| service, one process | events/s (batches of 100) | 10-event batch p50 ms | p99 ms |', '|---|---|---|---|',
  row('embedded (PGlite)', results.embedded), row('PostgreSQL', results.postgres), '',
  `start-up with a programme of ${results.rebuild.events} events (${(results.rebuild.stateBytes / 1e6).toFixed(1)} MB state): `
  + `${results.rebuild.fromSnapshot.rebuildMs} ms from snapshot + tail, ${results.rebuild.fromLog.rebuildMs} ms replaying the whole log `
  + `(process start to listening: ${results.rebuild.fromSnapshot.wallMs} / ${results.rebuild.fromLog.wallMs} ms)`, ''].join('\n'));
