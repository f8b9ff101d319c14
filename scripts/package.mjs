#!/usr/bin/env node
// Turns the two compiled Rust modules into the npm package (docs/packaging.md), without
// wasm-pack and without downloading anything:
//
//   speed build (opt-level 2, `wasm-opt -O3`, the features of the support matrix)
//     pkg/web/health_steward_bg.wasm        the one module of web and Node
//     pkg/web/health_steward.js             ES module glue (`wasm-bindgen --target web`)
//   size build (opt-level "z", `wasm-opt -Oz`, MVP only)
//     pkg/miniprogram/health_steward_bg.wasm.br   brotli; no raw .wasm ships
//   both
//     pkg/miniprogram/health_steward.js     the one CommonJS glue (from `--target nodejs`), used
//                                           by the mini program, Node and CommonJS web entries
//
// Both builds come from the same source through the same wasm-bindgen, so the glues match their
// modules (checked: the web and nodejs modules are the same bytes, the two nodejs glues are the
// same text). The hand-written loaders, typings and package.json in pkg/ are not touched, except
// the version field of pkg/package.json (copied from Cargo.toml). The licence files are copied
// into pkg/ so that the tarball carries them.
//
// Usage: node scripts/package.mjs <speed build .wasm> <size build .wasm>

import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { dropGlobalExports, exportsOf } from './wasm-sections.mjs';
import { MINIPROGRAM_WASM_OPT_FEATURES, SPEED_WASM_OPT_FEATURES } from './wasm-features.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [speedInput, sizeInput] = process.argv.slice(2);
for (const input of [speedInput, sizeInput]) {
  if (!input || !existsSync(input)) {
    console.error(`package.mjs: no compiled module at ${input}\nusage: node scripts/package.mjs <speed.wasm> <size.wasm>`);
    process.exit(1);
  }
}
const wasmBindgen = process.env.WASM_BINDGEN || 'wasm-bindgen';
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
const work = join(root, 'target', 'pkg-build');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

function runQuiet(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    process.stderr.write(String(e.stderr || e.message));
    throw new Error(`${cmd} failed`);
  }
}

/**
 * wasm-bindgen of one target. Both profiles strip the `target_features` section (required by the
 * MVP build: without it wasm-bindgen 0.2.130 looks for an externref table); wasm-bindgen's
 * warning about it is expected and not shown.
 */
function bindgen(input, target, name) {
  const out = join(work, name);
  runQuiet(wasmBindgen, ['--target', target, '--no-typescript', '--out-dir', out, input]);
  return out;
}

/**
 * wasm-opt with the build's flags, then without exported globals (the glue uses none; iOS
 * rejects them). Asynchronous: the two builds are optimised side by side.
 */
async function optimize(dir, optFlags) {
  const wasm = join(dir, 'health_steward_bg.wasm');
  const opt = join(dir, 'health_steward_bg.opt.wasm');
  try {
    await promisify(execFile)(wasmOpt, [wasm, ...optFlags, '-o', opt], { maxBuffer: 1 << 24 });
  } catch (e) {
    process.stderr.write(String(e.stderr || e.message));
    throw new Error('wasm-opt failed');
  }
  const bytes = dropGlobalExports(readFileSync(opt));
  if (exportsOf(bytes).some((e) => e.kind === 'global')) throw new Error('exported globals remain');
  writeFileSync(wasm, bytes);
  rmSync(opt);
}

function place(from, dir, files) {
  const dest = join(root, 'pkg', dir);
  mkdirSync(dest, { recursive: true });
  for (const [src, name] of files) copyFileSync(join(from, src), join(dest, name ?? src));
}

/** Replaces exactly one occurrence of `from` (the generated code changed shape otherwise). */
function replaceOnce(source, from, to, what) {
  const n = source.split(from).length - 1;
  if (n !== 1) throw new Error(`package.mjs: expected one ${JSON.stringify(from)} in ${what}, found ${n}`);
  return source.replace(from, to);
}

// Artifacts of the earlier layout (three copies of the module, three glues) must not linger.
for (const stale of ['node/health_steward_bg.wasm', 'node/health_steward.js', 'miniprogram/health_steward_bg.wasm', 'miniprogram/health_steward_bg.js']) {
  rmSync(join(root, 'pkg', stale), { force: true });
}

// ---- wasm-bindgen and wasm-opt of both builds ---------------------------------------------
const web = bindgen(speedInput, 'web', 'web');
const node = bindgen(speedInput, 'nodejs', 'node');
const mp = bindgen(sizeInput, 'nodejs', 'miniprogram');
if (Buffer.compare(readFileSync(join(web, 'health_steward_bg.wasm')), readFileSync(join(node, 'health_steward_bg.wasm'))) !== 0) {
  throw new Error('package.mjs: the web and nodejs glues expect different modules; they can no longer share one file');
}
const cjsGlue = readFileSync(join(node, 'health_steward.js'), 'utf8');
if (cjsGlue !== readFileSync(join(mp, 'health_steward.js'), 'utf8')) {
  throw new Error('package.mjs: the CommonJS glues of the two builds differ; they can no longer share one file');
}
await Promise.all([
  optimize(web, ['-O3', ...SPEED_WASM_OPT_FEATURES]),
  // --converge: -Oz repeated until the module stops shrinking (1.5 KB less brotli, about 15 s more).
  optimize(mp, ['-Oz', '--converge', ...MINIPROGRAM_WASM_OPT_FEATURES]),
]);

// ---- Speed build: the module of web and Node, and the ES module glue of browsers -----------
place(web, 'web', [['health_steward.js'], ['health_steward_bg.wasm']]);

// ---- The one CommonJS glue: mini program, Node and CommonJS web ----------------------------
// It lives in miniprogram/ because a mini program receives that folder alone. wasm-bindgen's
// nodejs glue reads the module with `fs` and instantiates it on load; here that tail is replaced
// by three non-enumerable hooks so that each entry loads the module its own way (node/: fs;
// web/index.cjs: fetch or bytes; miniprogram/: WXWebAssembly by path), and the UTF-8 shim is
// required ahead of everything (the device runtime has no TextEncoder/TextDecoder; the shim
// returns the native ones where they exist).
const LOAD_TAIL = [
  'const wasmPath = `${__dirname}/health_steward_bg.wasm`;',
  "const wasmBytes = require('fs').readFileSync(wasmPath);",
  'const wasmModule = new WebAssembly.Module(wasmBytes);',
  'let wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());',
  'let wasm = wasmInstance.exports;',
].join('\n');
const HOOKS = `// health-steward (scripts/package.mjs): the entry instantiates the module and hands it over.
let wasm;
Object.defineProperty(exports, '__hsImports', { value: () => __wbg_get_imports() });
Object.defineProperty(exports, '__hsReady', { value: () => wasm !== undefined });
Object.defineProperty(exports, '__hsSetInstance', {
    value: (instance) => {
        if (wasm !== undefined) return false;
        wasm = instance.exports;
        if (typeof wasm.__wbindgen_start === 'function') wasm.__wbindgen_start();
        return true;
    },
});`;
const sharedGlue = `'use strict';
// Generated by scripts/package.mjs from wasm-bindgen's nodejs glue — the one CommonJS glue of the
// package (miniprogram/index.js, node/index.js and web/index.cjs load the module into it).
const { TextEncoder, TextDecoder } = require('./utf8.js');
${replaceOnce(cjsGlue, LOAD_TAIL, HOOKS, 'the nodejs glue')}`;
if (/require\((['"])(fs|path)\1\)|WebAssembly\./.test(sharedGlue)) throw new Error('package.mjs: the shared glue still loads the module itself');
mkdirSync(join(root, 'pkg', 'miniprogram'), { recursive: true });
writeFileSync(join(root, 'pkg', 'miniprogram', 'health_steward.js'), sharedGlue);

// ---- Size build: the mini program's module, brotli only -------------------------------------
const mpWasm = readFileSync(join(mp, 'health_steward_bg.wasm'));
writeFileSync(
  join(root, 'pkg', 'miniprogram', 'health_steward_bg.wasm.br'),
  brotliCompressSync(mpWasm, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: mpWasm.length },
  }),
);

// ---- Licences and version -----------------------------------------------------------------
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) copyFileSync(join(root, f), join(root, 'pkg', f));

const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/^version\s*=\s*"([^"]+)"/m)[1];
const pkgJsonPath = join(root, 'pkg', 'package.json');
const pkgJson = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
if (pkgJson.version !== version) {
  pkgJson.version = version;
  writeFileSync(pkgJsonPath, JSON.stringify(pkgJson, null, 2) + '\n');
  console.log(`pkg/package.json version set to ${version}`);
}
console.log(`pkg: health-steward ${version} written — speed build web/health_steward_bg.wasm (web + node), size build miniprogram/health_steward_bg.wasm.br`);
