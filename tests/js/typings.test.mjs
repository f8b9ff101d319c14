// The hand-kept TypeScript declarations: every runtime export is declared, and a typical
// consumer's code compiles with `tsc --strict` against them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const root = new URL('../../', import.meta.url).pathname;
const dts = readFileSync(`${root}pkg/index.d.ts`, 'utf8');

test('every export of the Wasm module is declared in pkg/index.d.ts', () => {
  // `default` (init) and `initSync` belong to each entry's own declarations (pkg/*/index.d.*ts).
  const missing = Object.keys(hs).filter((name) => !['default', 'initSync'].includes(name)).filter((name) => !new RegExp(`export (declare )?(function|class) ${name}\\b`).test(dts));
  assert.deepEqual(missing, []);
});

test('declarations contain no `any`', () => {
  const withoutComments = dts.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  assert.doesNotMatch(withoutComments, /\bany\b/);
});

test('a consumer using every entry point type-checks with tsc --strict', () => {
  const tsc = `${root}node_modules/.bin/tsc`;
  let out = '';
  try {
    out = execFileSync(tsc, ['--noEmit', '--strict', '--target', 'es2020', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2020,dom', `${root}tests/types/usage.ts`], { encoding: 'utf8' });
  } catch (e) {
    out = String(e.stdout) + String(e.stderr);
    assert.fail(out);
  }
  assert.equal(out.trim(), '');
});
