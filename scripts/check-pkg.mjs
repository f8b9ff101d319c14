#!/usr/bin/env node
// Build gates of the package (run by `make test` after `make pkg`; docs/packaging.md):
//  - the speed build (web + Node) validates with exactly the features of the support matrix
//    (scripts/wasm-features.mjs), the size build (mini program) with `--mvp-features`;
//  - no module exports a global or imports clock, random, network or eval functions;
//  - the mini-program JS contains no `WebAssembly.`, `fetch(`, `import.meta`, `new Function`,
//    `eval(`, `import(`; the mini-program folder holds no raw `.wasm` and is under 400 KB;
//  - the tarball (`npm pack`) holds each distinct module once, and the licence files;
//  - every size is printed (raw / gzip / brotli) and checked against size-budget.json, unless
//    `--no-budgets` is given: `make test` checks the budgets last (`make test-size`), so that a size
//    over budget never hides whether the other suites pass.
//  - `--budgets-only` (`make test-size`) compares the sizes the last run measured
//    (target/pkg-sizes.json) with the budgets when pkg/ has not changed since, instead of running
//    every gate again; otherwise it runs them all.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync, constants } from 'node:zlib';
import { exportsOf, importsOf } from './wasm-sections.mjs';
import { SPEED_WASM_OPT_FEATURES } from './wasm-features.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const SIZES = join(root, 'target', 'pkg-sizes.json');
const budgetsOnly = process.argv.includes('--budgets-only');
const checkBudgets = !process.argv.includes('--no-budgets');

/** What pkg/ holds (path, size, modification time of every file): sizes measured for another
 * state of pkg/ are not reused. */
function pkgStamp(dir = pkg) {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : pkgStamp(p);
    const st = statSync(p);
    return [`${p.slice(pkg.length)} ${st.size} ${st.mtimeMs}`];
  });
}

/** Checks measured sizes against size-budget.json (a ratchet; never raised). */
function checkAgainstBudgets(sizes) {
  const budget = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8')).budgets;
  for (const [key, max] of Object.entries(budget)) {
    if (!(key in sizes)) {
      check(false, `size-budget.json: unknown key ${JSON.stringify(key)} (known: ${Object.keys(sizes).join(', ')})`);
      continue;
    }
    check(sizes[key] <= max, `${key} is ${sizes[key]} bytes (budget ${max})`);
  }
  for (const key of Object.keys(sizes)) if (!(key in budget)) check(false, `size-budget.json has no budget for ${key}`);
}
const work = join(root, 'target', 'pkg-check');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');

let failures = 0;
let passes = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passes++;
  else failures++;
}

if (budgetsOnly && existsSync(SIZES)) {
  const last = JSON.parse(readFileSync(SIZES, 'utf8'));
  if (JSON.stringify(last.stamp) === JSON.stringify(pkgStamp())) {
    console.log('sizes measured by the last check of this pkg/ (target/pkg-sizes.json):');
    checkAgainstBudgets(last.sizes);
    console.log(`${passes} passed, ${failures} failed`);
    process.exit(failures ? 1 : 0);
  }
}

const SPEED = join(pkg, 'web', 'health_steward_bg.wasm');
const MP_BR = join(pkg, 'miniprogram', 'health_steward_bg.wasm.br');
for (const f of [SPEED, MP_BR]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}: run make pkg first`);
    process.exit(1);
  }
}
const speedBytes = readFileSync(SPEED);
const mpBytes = brotliDecompressSync(readFileSync(MP_BR));
const mpFile = join(work, 'miniprogram.wasm');
writeFileSync(mpFile, mpBytes);

// ---- Features: each build uses only what its runtimes have --------------------------------
function validates(file, flags) {
  try {
    execFileSync(wasmOpt, [file, ...flags, '-o', '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch (e) {
    console.error(String(e.stderr || e.message).split('\n').slice(0, 8).join('\n'));
    return false;
  }
}
check(validates(SPEED, ['--mvp-features', ...SPEED_WASM_OPT_FEATURES]),
  `web/health_steward_bg.wasm (speed build) validates with only the support matrix's features: ${SPEED_WASM_OPT_FEATURES.map((f) => f.replace('--enable-', '')).join(', ')}`);
check(validates(mpFile, ['--mvp-features']), 'miniprogram/health_steward_bg.wasm.br (size build) validates with wasm-opt --mvp-features');

// ---- Imports and exports of both modules --------------------------------------------------
const FORBIDDEN_IMPORT = /(now|date|time|clock|random|crypto|fetch|xmlhttp|websocket|performance|navigator|location)/i;
// js-sys's `unsafe-eval` feature is switched on by serde-wasm-bindgen's default dependency on
// js-sys; nothing may link it (`eval`, `new Function(...)`).
const EVAL_IMPORT = /(eval|newnoargs|new_no_args|newwithargs|new_with_args)/i;
for (const [rel, bytes] of [['web/health_steward_bg.wasm', speedBytes], ['miniprogram/health_steward_bg.wasm.br', mpBytes]]) {
  const globals = exportsOf(bytes).filter((e) => e.kind === 'global');
  check(globals.length === 0, `${rel} exports no globals${globals.length ? ': ' + globals.map((g) => g.name).join(', ') : ''}`);
  const bad = importsOf(bytes).filter((i) => FORBIDDEN_IMPORT.test(i.name));
  check(bad.length === 0, `${rel} imports no clock, random or network functions${bad.length ? ': ' + bad.map((i) => i.name).join(', ') : ''}`);
  const evals = importsOf(bytes).filter((i) => EVAL_IMPORT.test(i.name));
  check(evals.length === 0, `${rel} imports no eval or Function constructor${evals.length ? ': ' + evals.map((i) => i.name).join(', ') : ''}`);
}

// ---- The mini-program folder --------------------------------------------------------------
const FORBIDDEN_JS = [
  [/(^|[^A-Za-z_$])WebAssembly\./, 'WebAssembly.'],
  [/fetch\(/, 'fetch('],
  [/import\.meta/, 'import.meta'],
  [/new Function/, 'new Function'],
  [/(^|[^A-Za-z_$.])eval\(/, 'eval('],
  [/import\(/, 'import('],
];
const mpFiles = readdirSync(join(pkg, 'miniprogram'));
for (const name of mpFiles.filter((n) => n.endsWith('.js'))) {
  const src = readFileSync(join(pkg, 'miniprogram', name), 'utf8');
  const found = FORBIDDEN_JS.filter(([re]) => re.test(src)).map(([, label]) => label);
  check(found.length === 0, `miniprogram/${name} uses none of WebAssembly., fetch(, import.meta, new Function, eval(, import(${found.length ? ' — found ' + found.join(', ') : ''}`);
}
const rawInMp = mpFiles.filter((n) => n.endsWith('.wasm'));
check(rawInMp.length === 0, `miniprogram/ holds no raw .wasm (only the .wasm.br)${rawInMp.length ? ': ' + rawInMp.join(', ') : ''}`);
const mpFolderSize = mpFiles.reduce((sum, n) => sum + statSync(join(pkg, 'miniprogram', n)).size, 0);
check(mpFolderSize < 400 * 1024, `miniprogram/ is ${mpFolderSize} bytes, under 400 KB (${mpFiles.length} files)`);

// ---- The tarball --------------------------------------------------------------------------
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))[0];
const tarball = join(work, packed.filename);
const tarSize = statSync(tarball).size;
const tarFiles = packed.files.map((f) => f.path);
const modules = tarFiles.filter((p) => p.endsWith('.wasm') || p.endsWith('.wasm.br'));
check(modules.length === 2 && modules.includes('web/health_steward_bg.wasm') && modules.includes('miniprogram/health_steward_bg.wasm.br'),
  `the tarball holds two modules, the speed build and the size build: ${modules.join(', ')}`);
// Each distinct file once: no two files of the tarball with the same bytes (modules compared
// decompressed), ignoring files under 64 bytes (the `{ "type": … }` folder markers).
const entries = untar(gunzipSync(readFileSync(tarball)));
const seen = new Map();
const dupes = [];
for (const [path, bytes] of entries) {
  const content = path.endsWith('.br') ? brotliDecompressSync(bytes) : bytes;
  if (content.length < 64) continue;
  const key = content.toString('base64');
  if (seen.has(key)) dupes.push(`${seen.get(key)} = ${path}`);
  else seen.set(key, path);
}
check(dupes.length === 0, `each distinct file ships once in the tarball${dupes.length ? ': ' + dupes.join('; ') : ''}`);
for (const lic of ['LICENSE-MIT', 'LICENSE-APACHE']) {
  const inTar = entries.get(lic);
  check(Boolean(inTar) && Buffer.compare(inTar, readFileSync(join(root, lic))) === 0, `the tarball carries ${lic}, identical to the repository's`);
}

// ---- Sizes --------------------------------------------------------------------------------
const br = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const row = (artifact, bytes, brotli) => ({ artifact, raw: bytes.length, gzip: gz(bytes), brotli: brotli ?? br(bytes) });
const rows = [
  row('web/health_steward_bg.wasm (speed build: web + node)', speedBytes),
  row('miniprogram/health_steward_bg.wasm.br (size build, decompressed)', mpBytes, readFileSync(MP_BR).length),
  ...['web/health_steward.js (ES module glue)', 'miniprogram/health_steward.js (CommonJS glue)'].map((label) => row(label, readFileSync(join(pkg, label.split(' ')[0])))),
];
console.table(rows);
console.log(`tarball ${packed.filename}: ${tarSize} bytes packed, ${packed.unpackedSize} unpacked, ${tarFiles.length} files`);
console.log(`miniprogram/ folder: ${mpFolderSize} bytes (${mpFiles.join(', ')})`);

/** What each budget key measures. An unknown key fails, so that a renamed artifact is noticed. */
const MEASURE = {
  'web/health_steward_bg.wasm (speed build, raw)': () => speedBytes.length,
  'web/health_steward_bg.wasm (speed build, brotli)': () => rows[0].brotli,
  'miniprogram/health_steward_bg.wasm.br': () => readFileSync(MP_BR).length,
  'miniprogram/health_steward_bg.wasm': () => mpBytes.length,
  'miniprogram/ (folder)': () => mpFolderSize,
  'tarball (npm pack)': () => tarSize,
};
const sizes = Object.fromEntries(Object.entries(MEASURE).map(([key, measure]) => [key, measure()]));
writeFileSync(SIZES, JSON.stringify({ stamp: pkgStamp(), sizes }, null, 1));
if (checkBudgets) checkAgainstBudgets(sizes);

console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);

/** The files of a (decompressed) tar archive: Map<path without the leading `package/`, bytes>. */
function untar(buf) {
  const files = new Map();
  let off = 0;
  let longName = null;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a, b) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = str(345, 500);
    let name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = null;
    const data = buf.subarray(off + 512, off + 512 + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === '0' || type === '\0') files.set(name.replace(/^package\//, ''), Buffer.from(data));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
