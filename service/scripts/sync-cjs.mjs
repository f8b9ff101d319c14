#!/usr/bin/env node
// Writes pkg/sync/index.cjs (CommonJS, for mini programs) from pkg/sync/index.js (ESM), the one
// source of the sync client, and pkg/sync/index.d.cts (the CommonJS typings) from index.d.ts.
// `--check` exits 1 when a committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../pkg/sync/index.js', import.meta.url));
const out = fileURLToPath(new URL('../../pkg/sync/index.cjs', import.meta.url));
const types = fileURLToPath(new URL('../../pkg/sync/index.d.ts', import.meta.url));
const ctypes = fileURLToPath(new URL('../../pkg/sync/index.d.cts', import.meta.url));

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
  return `'use strict';\n// Generated from index.js by service/scripts/sync-cjs.mjs: edit index.js, not this file.\n${stripComments(body)}\nmodule.exports = { ${names.join(', ')} };\n`;
}

const cjs = toCommonJs(readFileSync(src, 'utf8'));
const dcts = `// Generated from index.d.ts by service/scripts/sync-cjs.mjs: edit index.d.ts, not this file.\n${stripComments(readFileSync(types, 'utf8'))}`;
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== cjs || readFileSync(ctypes, 'utf8') !== dcts) {
    console.error('pkg/sync/index.cjs or index.d.cts is out of date: run node service/scripts/sync-cjs.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(out, cjs);
  writeFileSync(ctypes, dcts);
}
