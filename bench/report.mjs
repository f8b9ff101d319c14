#!/usr/bin/env node
// Puts the native, Node and web figures side by side with their targets, adds the size
// of every artifact (raw / gzip / brotli), prints a table and writes bench/results.json.
// Targets are reported, never asserted: the exit code is 0 whatever the numbers.
//
//   node bench/report.mjs --native native.json --node node.json --web web.json [--out bench/results.json]

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const load = (path) => (path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);
const native = load(arg('native'));
const node = load(arg('node'));
const web = load(arg('web'));
const outPath = arg('out', `${root}bench/results.json`);

const N = native?.results ?? {};
const J = node?.results ?? {};
const W = web?.results ?? {};

// ---------------------------------------------------------------------------------------------
// Formatting

const int = (x) => Math.round(x).toLocaleString('en-US');
function us(x) {
  if (x >= 100) return `${x.toFixed(0)} µs`;
  if (x >= 10) return `${x.toFixed(1)} µs`;
  return `${x.toFixed(2)} µs`;
}
function ms(x) {
  if (x >= 100) return `${x.toFixed(0)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(2)} ms`;
}
function rate(x) {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M/s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k/s`;
  return `${x.toFixed(0)}/s`;
}
const kb = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1000).toFixed(1)} KB`);
const why = (r) => (r?.error ? `error: ${r.error}` : (r?.note ?? 'not available yet'));
const ok = (r) => r && r.available;

// ---------------------------------------------------------------------------------------------
// Targets: { id, label, side, measured, unit, target, kind: 'max' | 'min' }

const targets = [];
function target(id, label, side, measured, target, kind, show) {
  const entry = { id, label, side, target, kind, measured: measured ?? null, met: null, howFar: 'not available yet' };
  if (measured != null && Number.isFinite(measured)) {
    const r = measured / target;
    entry.ratio = r;
    if (kind === 'max') {
      entry.met = r <= 1;
      entry.howFar = entry.met ? `met (${(r * 100).toFixed(0)}% of the limit)` : `missed: ${r.toFixed(1)}× the limit`;
    } else {
      entry.met = r >= 1;
      entry.howFar = entry.met ? `met (${r.toFixed(2)}× the target)` : `missed: ${(r * 100).toFixed(0)}% of the target (needs ${(1 / r).toFixed(1)}×)`;
    }
  }
  entry.targetText = show;
  targets.push(entry);
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Sizes

const ARTIFACTS = [
  'web/health_steward_bg.wasm', 'node/health_steward_bg.wasm', 'miniprogram/health_steward_bg.wasm',
  'miniprogram/health_steward_bg.wasm.br', 'web/health_steward.js', 'node/health_steward.js',
  'miniprogram/health_steward_bg.js',
];
const sizes = ARTIFACTS.filter((rel) => existsSync(`${root}pkg/${rel}`)).map((rel) => {
  const bytes = readFileSync(`${root}pkg/${rel}`);
  const already = rel.endsWith('.br');
  return {
    artifact: rel,
    raw: bytes.length,
    gzip: already ? null : gzipSync(bytes, { level: 9 }).length,
    brotli: already ? null : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const mpBr = sizes.find((s) => s.artifact === 'miniprogram/health_steward_bg.wasm.br');

// ---------------------------------------------------------------------------------------------
// Rows: [benchmark, native, node / wasm, target, how far]

const rows = [];
const NA = 'not available yet';

// assessRisk
{
  const n = N.assessRisk;
  const j = J.assessRisk;
  const t = target('assessRisk', 'assessRisk, complete adult profile (Node)', 'node', ok(j) ? j.perCallUs : null, 10, 'max', '≤ 10 µs per resident (Node)');
  rows.push([
    'assessRisk, complete adult profile',
    ok(n) ? `${us(n.perCallUs)} · ${rate(n.perSec)}` : why(n),
    ok(j) ? `${us(j.perCallUs)} · ${rate(j.perSec)}` : why(j),
    t.targetText, t.howFar,
  ]);
  if (ok(j) || ok(n)) rows.push(['', ok(n) ? `(${n.note}; best ${us(n.minUs)})` : '', ok(j) ? `(best ${us(j.minUs)})` : '', '', '']);
}

// China-PAR batch
{
  const n = N.chinaParBatch;
  const j = J.chinaParBatch;
  const t = target('chinaParBatch', 'China-PAR batch, Wasm / plain JS time (Node)', 'node', ok(j) ? j.ratio : null, 1.0, 'max', '≤ 1.0× plain JS');
  rows.push([
    `China-PAR, ${int(j?.rows ?? n?.rows ?? 1e6)} profiles`,
    ok(n) ? `${ms(n.ms)} · ${rate(n.rowsPerSec)}` : why(n),
    ok(j) ? `chinaParBatch ${ms(j.wasmMs)} · JS ${ms(j.jsMs)}` : why(j),
    t.targetText,
    ok(j) ? `${t.howFar}: ${j.ratio.toFixed(2)}×` : t.howFar,
  ]);
  if (ok(j)) {
    const a = target('chinaParAgreement', 'China-PAR batch vs plain JS, max |difference| (percent)', 'node', j.maxAbsDiff, 1e-9, 'max', 'agree to 1e-9');
    rows.push(['', '', `max |Wasm − JS| ${j.maxAbsDiff.toExponential(1)}`, a.targetText, a.met ? 'agree' : `DISAGREE (row ${j.worstRow})`]);
  }
}

// Care plans
for (const [id, label] of [['generateCarePlan', 'generateCarePlan, per call'], ['carePlanToFhir', 'carePlanToFhir, per call']]) {
  const n = N[id];
  const j = J[id];
  rows.push([
    label,
    ok(n) ? `${us(n.perCallUs)} · ${rate(n.perSec)}` : why(n),
    ok(j) ? `${us(j.perCallUs)} · ${rate(j.perSec)}` : why(j),
    'no target', ok(j) ? `(${j.note})` : '',
  ]);
}

// Points
{
  const n = N['points.apply'];
  const j = J['points.apply'];
  const t = target('pointsApplyNative', 'PointsEngine apply, events/s (native)', 'native', ok(n) ? n.perSec : null, 1e6, 'min', '≥ 1,000,000 events/s native');
  rows.push([
    `PointsEngine apply, ${int(n?.events ?? 1e6)} events`,
    ok(n) ? `${rate(n.perSec)} · ${us(n.perCallUs)}` : why(n),
    ok(j) ? `apply ${rate(j.perSec)} (${int(j.events)} events)` : why(j),
    t.targetText, t.howFar,
  ]);
  const b = J['points.applyBatch'];
  const tb = target('pointsApplyBatchNode', 'PointsEngine applyBatch, events/s (Node)', 'node', ok(b) ? b.perSec : null, 3e5, 'min', '≥ 300,000 events/s (Node)');
  rows.push([
    `PointsEngine applyBatch, ${int(b?.events ?? 1e6)} events`,
    '',
    ok(b) ? `${rate(b.perSec)} · ${int(b.chunk)} per call` : why(b),
    tb.targetText, tb.howFar,
  ]);
  const ns = N['points.state'];
  const js = J['points.state'];
  rows.push([
    `exportState / fromState, ${int(js?.members ?? ns?.members ?? 10000)} members`,
    ok(ns) ? `${ms(ns.exportMs)} / ${ms(ns.fromStateMs)}` : why(ns),
    ok(js) ? `${ms(js.exportMs)} / ${ms(js.fromStateMs)} · ${kb(js.stateBytes)} of JSON` : why(js),
    'no target', '',
  ]);
}

// Instantiate
{
  const j = J.instantiate;
  const w = W.instantiate;
  const tn = target('instantiateNode', 'instantiate, pkg/node (require in a fresh process)', 'node', ok(j) ? j.ms : null, 10, 'max', '≤ 10 ms');
  const tw = target('instantiateWeb', 'instantiate, pkg/web init(bytes)', 'web', ok(w) ? w.ms : null, 10, 'max', '≤ 10 ms');
  rows.push(['Wasm instantiate, node (require)', '', ok(j) ? ms(j.ms) : why(j), tn.targetText, tn.howFar]);
  rows.push([`Wasm instantiate, web (${w?.browser ?? 'Node'})`, '', ok(w) ? ms(w.ms) : why(w), tw.targetText, tw.howFar]);
}

// Size target
const tSize = target('miniprogramBr', 'miniprogram .wasm.br bytes', 'pkg', mpBr?.raw ?? null, 120_000, 'max', '≤ 120 KB');

// ---------------------------------------------------------------------------------------------
// Print

function table(header, body) {
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...String(r[c] ?? '')].length)));
  const line = (r) => r.map((cell, c) => String(cell ?? '').padEnd(widths[c] + (String(cell ?? '').length - [...String(cell ?? '')].length))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const version = node?.version ?? native?.version ?? '?';
console.log(`\nhealth-steward ${version} — make bench (${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)})`);
console.log(`native: ${native?.target ?? 'not run'} (cargo bench, opt-level 3) · node: ${node?.target ?? 'not run'} (pkg/node) · web: ${web?.target ?? 'not run'}`);
console.log('Medians of several runs; the machine may be shared, so expect noise. Targets are reported, not asserted.\n');
console.log(table(['benchmark', 'native Rust', 'Node (pkg/node Wasm)', 'target', 'how far'], rows));
console.log('');
console.log(table(
  ['artifact', 'raw', 'gzip', 'brotli'],
  sizes.map((s) => [s.artifact, kb(s.raw), s.gzip == null ? '' : kb(s.gzip), s.brotli == null ? '(is brotli)' : kb(s.brotli)]),
));
console.log(`\nmini-program .wasm.br: ${mpBr ? kb(mpBr.raw) : 'missing'} — target ${tSize.targetText}: ${tSize.howFar}`);
const missed = targets.filter((t) => t.met === false);
const unknown = targets.filter((t) => t.met === null);
console.log(`targets: ${targets.filter((t) => t.met).length} met, ${missed.length} missed, ${unknown.length} not available yet`);

const results = {
  version,
  generatedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, load1: loadavg()[0] },
  targets,
  native,
  node,
  web,
  sizes,
};
writeFileSync(outPath, JSON.stringify(results, null, 2) + '\n');
console.log(`written ${outPath.replace(root, '')}`);
