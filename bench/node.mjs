#!/usr/bin/env node
// The Node side of `make bench` (bench/run.sh): pkg/node, one process. Writes JSON
// (`--out <file>`, default stdout) that bench/report.mjs puts beside the native figures.
// Functions that are not in the package yet are reported as "not available yet".
//
//   node bench/node.mjs --out bench/node.json [--quick]

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  chinaParColumns, chinaParJs, median, perCallStats, pointsEvent, POINTS_MEMBERS, timeMs,
} from './common.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? args[outIdx + 1] : null;

const CHINA_PAR_ROWS = quick ? 100_000 : 1_000_000;
const POINTS_EVENTS = quick ? 100_000 : 1_000_000;
const POINTS_CHUNK = 10_000;

const hs = require(`${root}pkg/node/index.js`);
const profile = JSON.parse(readFileSync(`${root}bench/fixtures/adult-profile.json`, 'utf8'));

const unavailable = (what) => ({ available: false, note: `not available yet (${what} not in pkg/node)` });
const has = (name) => typeof hs[name] === 'function';

// ---------------------------------------------------------------------------------------------

/** Per-call figures of `fn`: median (and fastest) µs, calls per second. */
function perCall(fn, note) {
  const { median: ns, min } = perCallStats(fn, { quick });
  return { available: true, perCallUs: ns / 1e3, minUs: min / 1e3, perSec: 1e9 / ns, note };
}

function benchAssessRisk() {
  const report = hs.assessRisk(profile);
  return perCall(() => hs.assessRisk(profile), `${report.results.length} results, ${report.skipped.length} skipped, ${JSON.stringify(report).length} chars of JSON`);
}

function benchChinaPar() {
  if (!has('chinaParBatch')) return unavailable('chinaParBatch');
  const cols = chinaParColumns(CHINA_PAR_ROWS);
  const jsOut = new Float64Array(CHINA_PAR_ROWS);
  // Warm both (JIT, Wasm tier-up), then alternate runs so that machine noise hits both alike.
  hs.chinaParBatch(cols);
  chinaParJs(cols, jsOut);
  const wasmMs = [];
  const jsMs = [];
  let wasmOut;
  const runs = quick ? 3 : 7;
  for (let r = 0; r < runs; r++) {
    const w = timeMs(() => hs.chinaParBatch(cols));
    wasmMs.push(w.ms);
    wasmOut = w.value;
    jsMs.push(timeMs(() => chinaParJs(cols, jsOut)).ms);
  }
  let maxDiff = 0;
  let worst = -1;
  for (let i = 0; i < CHINA_PAR_ROWS; i++) {
    const d = Math.abs(wasmOut[i] - jsOut[i]);
    if (!(d <= maxDiff)) {
      maxDiff = d;
      worst = i;
    }
  }
  const wasm = median(wasmMs);
  const js = median(jsMs);
  return {
    available: true,
    rows: CHINA_PAR_ROWS,
    wasmMs: wasm,
    jsMs: js,
    ratio: wasm / js,
    wasmRowsPerSec: (CHINA_PAR_ROWS / wasm) * 1e3,
    jsRowsPerSec: (CHINA_PAR_ROWS / js) * 1e3,
    maxAbsDiff: maxDiff,
    agree: maxDiff <= 1e-9,
    worstRow: worst,
  };
}

function benchCarePlan() {
  if (!has('generateCarePlan')) return { plan: unavailable('generateCarePlan'), fhir: unavailable('carePlanToFhir') };
  const options = { startDate: '2026-11-24' };
  const plan = hs.generateCarePlan(profile, options);
  const result = { plan: perCall(() => hs.generateCarePlan(profile, options), `${plan.activities.length} activities`) };
  if (!has('carePlanToFhir')) {
    result.fhir = unavailable('carePlanToFhir');
  } else {
    const fhirOptions = { patientReference: 'Patient/bench' };
    const bundle = hs.carePlanToFhir(plan, fhirOptions);
    result.fhir = perCall(() => hs.carePlanToFhir(plan, fhirOptions), `${bundle.entry.length} entries`);
  }
  return result;
}

function benchPoints() {
  if (typeof hs.PointsEngine !== 'function') {
    return { apply: unavailable('PointsEngine'), applyBatch: unavailable('PointsEngine'), state: unavailable('PointsEngine') };
  }
  const program = has('defaultProgram') ? hs.defaultProgram() : undefined;
  const challenge = program?.challenges?.[0];
  const workload = { startDate: challenge?.startDate ?? '2026-12-01', challengeId: challenge?.id ?? 'challenge' };
  const result = {};

  // apply, one event per call (the first 100,000 events: joins and three days of activity).
  {
    const n = Math.min(100_000, POINTS_EVENTS);
    const events = Array.from({ length: n }, (_, k) => pointsEvent(k, workload));
    const engine = new hs.PointsEngine(program);
    const t = performance.now();
    let accepted = 0;
    for (const ev of events) if (engine.apply(ev).accepted) accepted++;
    const ms = performance.now() - t;
    engine.free?.();
    result.apply = { available: true, events: n, ms, perSec: (n / ms) * 1e3, perCallUs: (ms * 1e3) / n, note: `${accepted} accepted` };
  }

  // applyBatch over the whole workload, POINTS_CHUNK events per call (event objects are built
  // outside the timed region).
  if (typeof hs.PointsEngine.prototype.applyBatch !== 'function') {
    result.applyBatch = unavailable('PointsEngine.applyBatch');
    result.state = unavailable('PointsEngine.applyBatch');
    return result;
  }
  const engine = new hs.PointsEngine(program);
  let ms = 0;
  let accepted = 0;
  for (let start = 0; start < POINTS_EVENTS; start += POINTS_CHUNK) {
    const len = Math.min(POINTS_CHUNK, POINTS_EVENTS - start);
    const events = Array.from({ length: len }, (_, i) => pointsEvent(start + i, workload));
    const t = performance.now();
    const { results } = engine.applyBatch(events);
    ms += performance.now() - t;
    for (const r of results) if (r.accepted) accepted++;
  }
  result.applyBatch = {
    available: true, events: POINTS_EVENTS, chunk: POINTS_CHUNK, ms, perSec: (POINTS_EVENTS / ms) * 1e3,
    note: `${accepted} accepted, ${POINTS_CHUNK} events per call`,
  };

  // exportState / fromState of that engine (POINTS_MEMBERS members).
  if (typeof engine.exportState !== 'function' || typeof hs.PointsEngine.fromState !== 'function') {
    result.state = unavailable('exportState/fromState');
  } else {
    const runs = quick ? 1 : 3;
    const exp = [];
    const imp = [];
    let json = '';
    for (let r = 0; r < runs; r++) {
      const e = timeMs(() => engine.exportState());
      exp.push(e.ms);
      json = e.value;
      const f = timeMs(() => hs.PointsEngine.fromState(json));
      imp.push(f.ms);
      f.value.free?.();
    }
    result.state = {
      available: true, members: POINTS_MEMBERS, events: POINTS_EVENTS, exportMs: median(exp), fromStateMs: median(imp),
      stateBytes: Buffer.byteLength(json),
    };
  }
  engine.free?.();
  return result;
}

/** `require('pkg/node')` (read, compile, instantiate) in fresh processes, median of 5. */
function benchInstantiateNode() {
  const script = `const { performance } = require('node:perf_hooks'); const t = performance.now();
const hs = require(${JSON.stringify(`${root}pkg/node/index.js`)}); const ms = performance.now() - t;
hs.version(); process.stdout.write(String(ms));`;
  const runs = quick ? 3 : 5;
  const times = [];
  for (let r = 0; r < runs; r++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  return { available: true, ms: median(times), min: Math.min(...times), runs, note: "require('pkg/node') in a fresh process: read + compile + instantiate" };
}

// ---------------------------------------------------------------------------------------------

const results = {};
function run(name, f) {
  process.stderr.write(`node: ${name}…\n`);
  const t = performance.now();
  try {
    results[name] = f();
  } catch (e) {
    results[name] = { available: false, error: `${e.code ?? e.name}: ${e.message}` };
  }
  results[name].benchSeconds = (performance.now() - t) / 1e3;
}

run('assessRisk', benchAssessRisk);
run('chinaParBatch', benchChinaPar);
process.stderr.write('node: generateCarePlan, carePlanToFhir…\n');
const plan = (() => {
  try {
    return benchCarePlan();
  } catch (e) {
    const err = { available: false, error: `${e.code ?? e.name}: ${e.message}` };
    return { plan: err, fhir: err };
  }
})();
results.generateCarePlan = plan.plan;
results.carePlanToFhir = plan.fhir;
process.stderr.write('node: points…\n');
const points = (() => {
  try {
    return benchPoints();
  } catch (e) {
    const err = { available: false, error: `${e.code ?? e.name}: ${e.message}` };
    return { apply: err, applyBatch: err, state: err };
  }
})();
for (const [k, v] of Object.entries(points)) results[`points.${k}`] = v;
run('instantiate', benchInstantiateNode);

const doc = { side: 'node', target: `node ${process.version} ${process.arch}`, version: hs.version(), quick, results };
const text = JSON.stringify(doc, null, 2) + '\n';
if (out) writeFileSync(out, text);
else process.stdout.write(text);
