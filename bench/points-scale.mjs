#!/usr/bin/env node
// The points engine at community and city scale, through pkg/node (the Wasm the challenge
// service runs): members × 100 events each, in time order and as phones sync; memory per event
// (the engine's own count and the Wasm memory), the state document, fromState, a late batch of
// several members, a late join, and compaction. One line of JSON per size (`--out <file>`
// writes them as an array).
//
//   node bench/points-scale.mjs [--members 10000,100000] [--order time|phones] [--compact-every 7]
//                               [--progress] [--out file]
//
// With `--compact-every D` the host's day is played as a service would: after each day of
// arrivals `advanceTo` the next midnight, and every D days `compact()`; the figures then include
// the most events the engine held at once. Without it the whole log is held uncompacted (10 M
// events at 100,000 members: the size that trapped before, out of Wasm memory; its state
// document is then longer than a JS string can be, and `exportState` throws STATE_TOO_LARGE,
// reported as such).

import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url).pathname;
// Instantiated here (as pkg/node does) to read the size of the Wasm memory.
const glue = require(`${root}pkg/miniprogram/health_steward.js`);
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(`${root}pkg/web/health_steward_bg.wasm`)), glue.__hsImports());
glue.__hsSetInstance(instance);
const hs = require(`${root}pkg/node/index.js`);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('members', '1000,10000,50000').split(',').map(Number);
const orders = opt('order', 'time,phones').split(',');
const out = opt('out', null);
const compactEvery = Number(opt('compact-every', 0));
// `--progress`: every ten days of a compacted run, the events held and the memory, on stderr.
const progress = args.includes('--progress');

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00+08:00');
const PER_MEMBER = 100;
const iso = (ms) => new Date(ms).toISOString();

/** Member m's event k (k = 0 is its join): one a day, at a time of day of its own. */
function eventOf(m, k) {
  const at = START + k * DAY + ((m * 7919) % 43_200) * 1000 + 7 * 3_600_000;
  const id = `m${m}-${k}`;
  const memberId = `m${m}`;
  if (k === 0) {
    const ev = { id, memberId, at: iso(at), type: 'join', groups: { family: `f${m >> 2}`, building: `b${m % 200}` } };
    if (m % 10 === 3 && m > 3) ev.referrerId = `m${m - 3}`;
    return ev;
  }
  const day = k % 10;
  if (day < 5) {
    const ev = { id, memberId, at: iso(at), type: 'check-in' };
    const t = START + k * DAY;
    if (t >= Date.parse('2026-12-01T00:00:00+08:00') && t < Date.parse('2026-12-22T00:00:00+08:00')) ev.challengeId = 'healthy-habit-21';
    return ev;
  }
  if (day < 7) return { id, memberId, at: iso(at), type: 'share' };
  if (day === 7) return { id, memberId, at: iso(at), type: 'activity' };
  if (day === 8) return { id, memberId, at: iso(at), type: 'follow-up' };
  return { id, memberId, at: iso(at), type: 'redeem', rewardId: 'health-gift' };
}

/** Batches in time order: day by day, every member's event of the day, 10,000 a batch; after
 *  each day, the number of the day that ended. */
function* inTimeOrder(members) {
  for (let k = 0; k < PER_MEMBER; k++) {
    for (let m0 = 0; m0 < members; m0 += 10_000) {
      const batch = [];
      for (let m = m0; m < Math.min(members, m0 + 10_000); m++) batch.push(eventOf(m, k));
      yield batch;
    }
    yield k;
  }
}

/** Batches as phones sync: each phone sends its last 1–5 days at once, phones in turn, so a batch
 *  holds several members' events and most arrive after later events of other members. */
function* asPhonesSync(members) {
  const period = (m) => 1 + (m % 5);
  // The newest day of each member sent so far: a batch's `fresh` counts the events not sent
  // before (a Set of every id sent passes V8's limit of about 16.7 M entries).
  const newest = new Int32Array(members).fill(-1);
  for (let k = 0; k < PER_MEMBER + 5; k++) {
    let batch = [];
    batch.fresh = 0;
    for (let m = 0; m < members; m++) {
      const p = period(m);
      if ((k + m) % p !== 0 && k < PER_MEMBER) continue;
      for (let j = Math.max(0, k - p + 1); j <= Math.min(k, PER_MEMBER - 1); j++) {
        if (k >= PER_MEMBER && j < PER_MEMBER - p) continue;
        batch.push(eventOf(m, j));
        if (j > newest[m]) {
          newest[m] = j;
          batch.fresh++;
        }
      }
      if (batch.length >= 200) {
        yield batch;
        batch = [];
        batch.fresh = 0;
      }
    }
    if (batch.length) yield batch;
    yield k;
  }
}

const wasmMemory = () => instance.exports.memory.buffer.byteLength;

function run(members, order) {
  const engine = new hs.PointsEngine();
  const t0 = performance.now();
  let n = 0;
  let maxHeld = 0;
  let compactS = 0;
  for (const batch of order === 'time' ? inTimeOrder(members) : asPhonesSync(members)) {
    if (typeof batch === 'number') {
      // The end of a day of arrivals: the host's clock moves on, and every few days it compacts.
      if (compactEvery > 0) {
        const st = engine.stats();
        maxHeld = Math.max(maxHeld, st.events);
        if (progress && batch % 10 === 9) {
          console.error(`day ${batch + 1}: ${st.events} held, ${(st.bytes / 2 ** 20).toFixed(0)} MB counted, ${Math.round(wasmMemory() / 2 ** 20)} MB of Wasm memory`);
        }
        engine.advanceTo(iso(START + (batch + 1) * DAY));
        if ((batch + 1) % compactEvery === 0) {
          const t = performance.now();
          engine.compact();
          compactS += (performance.now() - t) / 1000;
        }
      }
      continue;
    }
    // As phones sync, a batch may resend an event of an earlier one (a retry): the engine
    // answers it as a duplicate; it is counted once.
    engine.applyBatch(batch);
    n += order === 'time' ? batch.length : batch.fresh;
  }
  const applyS = (performance.now() - t0) / 1000;
  const stats = engine.stats();
  const r = {
    members, order, compactEvery: compactEvery || null, events: n, eventsPerSec: Math.round(n / applyS), applyS: +applyS.toFixed(2),
    ...(compactEvery ? { maxHeld: Math.max(maxHeld, stats.events), compactingS: +compactS.toFixed(2) } : {}),
    held: stats.events, bytesMB: +(stats.bytes / 2 ** 20).toFixed(1), bytesPerEvent: +(stats.bytes / stats.events).toFixed(1),
    wasmMemoryMB: Math.round(wasmMemory() / 2 ** 20), memberReplays: stats.memberReplays, fullReplays: stats.fullReplays,
  };
  // A late batch: one event each of 50 members, dated 30 days back.
  const lateAt = START + (PER_MEMBER - 30) * DAY + 3_600_000;
  const late = Array.from({ length: 50 }, (_, i) => ({ id: `late-${i}`, memberId: `m${(i * 997) % members}`, at: iso(lateAt + i), type: 'activity' }));
  let t = performance.now();
  engine.applyBatch(late);
  r.lateBatch50Ms = +(performance.now() - t).toFixed(1);
  // A late join naming a referrer, dated at the start.
  t = performance.now();
  engine.apply({ id: 'late-join', memberId: 'newcomer', referrerId: 'm1', at: iso(START + 3_600_000), type: 'join' });
  r.lateJoinMs = +(performance.now() - t).toFixed(1);
  r.replaysAfterLate = engine.stats().fullReplays;
  // The state document (too long for a JS string past about 5 M events held: STATE_TOO_LARGE).
  t = performance.now();
  let doc = null;
  try {
    doc = engine.exportState();
  } catch (e) {
    if (e.code !== 'STATE_TOO_LARGE') throw e;
    r.exportState = e.code;
  }
  let back;
  if (doc !== null) {
    r.exportS = +((performance.now() - t) / 1000).toFixed(2);
    r.docBytesPerEvent = +(doc.length / stats.events).toFixed(1);
    t = performance.now();
    back = hs.PointsEngine.fromState(doc);
    r.fromStateS = +((performance.now() - t) / 1000).toFixed(2);
    r.fromStateEventsPerSec = Math.round(stats.events / r.fromStateS);
    r.wasmMemoryAfterImportMB = Math.round(wasmMemory() / 2 ** 20);
    back.free();
    doc = null;
  }
  // Compaction after the clock has moved past the history: the open tail and the snapshot.
  engine.advanceTo(iso(START + (PER_MEMBER + 40) * DAY));
  t = performance.now();
  const c = engine.compact();
  r.compactS = +((performance.now() - t) / 1000).toFixed(2);
  r.folded = c.folded;
  const after = engine.stats();
  r.bytesAfterCompactMB = +(after.bytes / 2 ** 20).toFixed(1);
  try {
    doc = engine.exportState();
  } catch (e) {
    if (e.code !== 'STATE_TOO_LARGE') throw e;
    r.compactedExport = e.code;
    doc = null;
  }
  if (doc !== null) {
    r.compactedDocMB = +(doc.length / 2 ** 20).toFixed(1);
    t = performance.now();
    back = hs.PointsEngine.fromState(doc);
    r.compactedFromStateS = +((performance.now() - t) / 1000).toFixed(2);
    back.free();
  }
  engine.free();
  return r;
}

const results = [];
for (const members of sizes) {
  for (const order of orders) {
    try {
      const r = run(members, order);
      results.push(r);
      console.log(JSON.stringify(r));
    } catch (e) {
      const r = { members, order, error: String(e) };
      results.push(r);
      console.log(JSON.stringify(r));
    }
  }
}
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
