#!/usr/bin/env node
// Writes pkg/sync/cjs/index.js (CommonJS, for mini programs) from pkg/sync/index.js (ESM), the one
// source of the sync client, and pkg/sync/cjs/index.d.ts (the CommonJS typings) from index.d.ts.
// The twin sits in its own folder (package.json: type commonjs) under the same file names, so that
// npm pack, which orders files by extension and then by name, puts each beside its source and
// gzip stores the twin as little more than its differences.
// `--check` exits 1 when a committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../pkg/sync/index.js', import.meta.url));
const out = fileURLToPath(new URL('../../pkg/sync/cjs/index.js', import.meta.url));
const types = fileURLToPath(new URL('../../pkg/sync/index.d.ts', import.meta.url));
const ctypes = fileURLToPath(new URL('../../pkg/sync/cjs/index.d.ts', import.meta.url));

/** Drops comment lines and JSDoc blocks (the documented source is index.js / index.d.ts). */
function stripComments(text) {
  return text.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '').replace(/^\s*\/\/.*\n/gm, '').replace(/\n{3,}/g, '\n\n');
}

export function toCommonJs(esm) {
  const names = [];
  const body = esm
    .replace(/^export (function|const|class) ([A-Za-z_$][\w$]*)/gm, (_, kind, name) => { names.push(name); return `${kind} ${name}`; })
    .replace(/^\/\/ health-steward\/sync: [^\n]*\n(\/\/[^\n]*\n)*/m, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('pkg/sync/index.js may only use `export function|const|class` declarations');
  return `'use strict';\n// Generated from ../index.js by service/scripts/sync-cjs.mjs: edit that file, not this one.\n${stripComments(body)}\nmodule.exports = { ${names.join(', ')} };\n`;
}

const cjs = toCommonJs(readFileSync(src, 'utf8'));
const dcts = `// Generated from ../index.d.ts by service/scripts/sync-cjs.mjs: edit that file, not this one.\n${stripComments(readFileSync(types, 'utf8')).replace("from '../index.js'", "from '../../index.js'")}`;
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== cjs || readFileSync(ctypes, 'utf8') !== dcts) {
    console.error('pkg/sync/cjs/index.js or index.d.ts is out of date: run node service/scripts/sync-cjs.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(out, cjs);
  writeFileSync(ctypes, dcts);
}
