#!/usr/bin/env node
// Build gates of the package (run by `make test` after `make pkg`):
//  - the mini-program Wasm validates as MVP-only (`wasm-opt --mvp-features`) and exports no globals;
//  - no artifact's Wasm exports a global or imports clock, random or network functions;
//  - the mini-program JS contains no `WebAssembly.`, `fetch(`, `import.meta`, `new Function`, `eval(`;
//  - every artifact's raw and brotli size is printed and checked against size-budget.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { exportsOf, importsOf } from './wasm-sections.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
let failures = 0;
let passes = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passes++;
  else failures++;
}

const wasms = ['web', 'node', 'miniprogram'].map((d) => join(pkg, d, 'health_steward_bg.wasm'));
for (const f of wasms) {
  if (!existsSync(f)) {
    console.error(`missing ${f}: run make pkg first`);
    process.exit(1);
  }
}

// MVP validation of the mini-program module.
const mpWasm = join(pkg, 'miniprogram', 'health_steward_bg.wasm');
let mvpOk = true;
try {
  execFileSync(join(root, 'node_modules', '.bin', 'wasm-opt'), [mpWasm, '--mvp-features', '-o', '/dev/null'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (e) {
  mvpOk = false;
  console.error(String(e.stderr || e.message).slice(0, 2000));
}
check(mvpOk, 'miniprogram wasm validates with wasm-opt --mvp-features');

// The brotli file is the same module.
const { brotliDecompressSync } = await import('node:zlib');
const br = readFileSync(join(pkg, 'miniprogram', 'health_steward_bg.wasm.br'));
check(Buffer.compare(brotliDecompressSync(br), readFileSync(mpWasm)) === 0, 'miniprogram .wasm.br decompresses to the .wasm');

// Exports and imports of every module.
const FORBIDDEN_IMPORT = /(now|date|time|clock|random|crypto|fetch|xmlhttp|websocket|performance|navigator|location)/i;
// js-sys's `unsafe-eval` feature is switched on by serde-wasm-bindgen's default dependency on
// js-sys; nothing may link it (`eval`, `new Function(...)`).
const EVAL_IMPORT = /(eval|newnoargs|new_no_args|newwithargs|new_with_args)/i;
for (const f of wasms) {
  const bytes = readFileSync(f);
  const rel = f.slice(pkg.length + 1);
  const globals = exportsOf(bytes).filter((e) => e.kind === 'global');
  check(globals.length === 0, `${rel} exports no globals${globals.length ? ': ' + globals.map((g) => g.name).join(', ') : ''}`);
  const bad = importsOf(bytes).filter((i) => FORBIDDEN_IMPORT.test(i.name));
  check(bad.length === 0, `${rel} imports no clock, random or network functions${bad.length ? ': ' + bad.map((i) => i.name).join(', ') : ''}`);
  const evals = importsOf(bytes).filter((i) => EVAL_IMPORT.test(i.name));
  check(evals.length === 0, `${rel} imports no eval or Function constructor${evals.length ? ': ' + evals.map((i) => i.name).join(', ') : ''}`);
}

// Mini-program glue: nothing the device runtime lacks or forbids.
const FORBIDDEN_JS = [
  [/(^|[^A-Za-z_$])WebAssembly\./, 'WebAssembly.'],
  [/fetch\(/, 'fetch('],
  [/import\.meta/, 'import.meta'],
  [/new Function/, 'new Function'],
  [/(^|[^A-Za-z_$.])eval\(/, 'eval('],
  [/import\(/, 'import('],
];
for (const name of readdirSync(join(pkg, 'miniprogram')).filter((n) => n.endsWith('.js'))) {
  const src = readFileSync(join(pkg, 'miniprogram', name), 'utf8');
  const found = FORBIDDEN_JS.filter(([re]) => re.test(src)).map(([, label]) => label);
  check(found.length === 0, `miniprogram/${name} uses none of WebAssembly., fetch(, import.meta, new Function, eval(, import(${found.length ? ' — found ' + found.join(', ') : ''}`);
}

// Sizes.
const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')).budgets;
const rows = [];
for (const rel of ['web/health_steward_bg.wasm', 'node/health_steward_bg.wasm', 'miniprogram/health_steward_bg.wasm', 'miniprogram/health_steward_bg.wasm.br', 'web/health_steward.js', 'node/health_steward.js', 'miniprogram/health_steward_bg.js']) {
  const bytes = readFileSync(join(pkg, rel));
  const brotli = rel.endsWith('.br') ? bytes.length : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  rows.push({ artifact: rel, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli });
}
console.table(rows);
for (const [rel, max] of Object.entries(budget)) {
  const size = readFileSync(join(pkg, rel)).length;
  check(size <= max, `${rel} is ${size} bytes (budget ${max})`);
}

console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
