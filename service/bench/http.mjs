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
  ? { residents: 12, throughputEvents: 2_000, latencyRuns: 40, rebuildEvents: 10_000 }
  : { residents: 100, throughputEvents: 20_000, latencyRuns: 300, rebuildEvents: 100_000 };
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

/** `count` events of one resident: a check-in and three shares a day, from `t0` on. */
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

/** Runs `jobs` (functions returning promises) with at most `limit` at once. */
async function pool(jobs, limit) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => { while (next < jobs.length) await jobs[next++](); }));
}

/**
 * Throughput and latency on one running service, with events in time order as phones send them:
 *   phones  every resident sends its day (a check-in and three shares) as one batch, 16 at once
 *   bulk    the organiser's desk sends batches of 1,000 events
 *   latency one resident sends 10-event batches one after another
 */
async function measure(svc, label) {
  const c = await community(svc.api, { pid: `bench-${label}`, program: programStarted(0), families: families(N.residents, label) });
  const t0 = Date.now() + 3600_000;
  const dayOf = (r, k, d) => [0, 1, 2, 3].map((i) => ({ id: `${label}-${r.memberId}-${d}-${i}`, memberId: r.memberId, at: at8(t0 + d * DAY + k * 1000 + i * 100), type: i ? 'share' : 'check-in' }));
  const days = Math.ceil(N.throughputEvents / (4 * c.residents.length));
  let start = performance.now();
  for (let d = 0; d < days; d++) await pool(c.residents.map((r, k) => () => post(svc.api, c, r, dayOf(r, k, d))), 16);
  let seconds = (performance.now() - start) / 1000;
  const phones = { eventsPerSecond: Math.round((days * 4 * c.residents.length) / seconds), requestsPerSecond: Math.round((days * c.residents.length) / seconds) };

  const bulkDays = Math.ceil(N.throughputEvents / (4 * c.residents.length));
  const bulk = [];
  for (let d = days; d < days + bulkDays; d++) c.residents.forEach((r, k) => bulk.push(...dayOf(r, k, d)));
  start = performance.now();
  for (let i = 0; i < bulk.length; i += 1000) await post(svc.api, c, { token: c.org }, bulk.slice(i, i + 1000));
  seconds = (performance.now() - start) / 1000;

  const r = c.residents[0];
  const times = [];
  for (let i = 0; i < N.latencyRuns; i++) {
    const events = Array.from({ length: 10 }, (_, k) => ({ id: `${label}-lat-${i}-${k}`, memberId: r.memberId, at: at8(t0 + (days + bulkDays + i) * DAY + k * 1000), type: k ? 'share' : 'check-in' }));
    const s = performance.now();
    await post(svc.api, c, r, events);
    times.push(performance.now() - s);
  }
  return {
    phonesEventsPerSecond: phones.eventsPerSecond, phonesRequestsPerSecond: phones.requestsPerSecond,
    bulkEventsPerSecond: Math.round(bulk.length / seconds),
    batch10P50Ms: +pct(times, 50).toFixed(1), batch10P99Ms: +pct(times, 99).toFixed(1),
  };
}

/** A programme of `N.rebuildEvents` events (snapshots every 20,000), then restarts: snapshot + tail, and full replay. */
async function rebuild(opts, label) {
  const withSnapshots = { ...LIMITS, HS_SNAPSHOT_EVERY: '20000' };
  let svc = await startService({ ...opts, env: withSnapshots });
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
  svc = await startService({ ...opts, env: withSnapshots });
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
const row = (name, r) => (r
  ? `| ${name} | ${r.phonesEventsPerSecond} (${r.phonesRequestsPerSecond} requests/s) | ${r.bulkEventsPerSecond} | ${r.batch10P50Ms} | ${r.batch10P99Ms} |`
  : `| ${name} | n/a | n/a | n/a | n/a |`);
console.log(['', '| service, one process | events/s, phones (4-event batches, 16 at once) | events/s, 1,000-event batches | 10-event batch p50 ms | p99 ms |', '|---|---|---|---|---|',
  row('embedded (PGlite)', results.embedded), row('PostgreSQL', results.postgres), '',
  `start-up with a programme of ${results.rebuild.events} events (${(results.rebuild.stateBytes / 1e6).toFixed(1)} MB state): `
  + `${results.rebuild.fromSnapshot.rebuildMs} ms from snapshot + tail, ${results.rebuild.fromLog.rebuildMs} ms replaying the whole log `
  + `(process start to listening: ${results.rebuild.fromSnapshot.wallMs} / ${results.rebuild.fromLog.wallMs} ms)`, ''].join('\n'));
