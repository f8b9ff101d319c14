// The declarations as consumers compile them: every run-time export is declared, no `any`, and a
// consumer using every entry point type-checks by package name, from the packed tarball, under
// `moduleResolution` bundler, nodenext as an ES module and nodenext as CommonJS (the issue was
// that nodenext lost every export). Real results are checked in typings-walk.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freshApp, repoRoot } from './support/packed.mjs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const dts = readFileSync(join(repoRoot, 'pkg', 'index.d.ts'), 'utf8');
const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');

test('every export of the Wasm module is declared in pkg/index.d.ts', () => {
  // `default` (init) and `initSync` belong to each entry's own declarations (pkg/*/index.d.*ts).
  const missing = Object.keys(hs).filter((name) => !['default', 'initSync'].includes(name)).filter((name) => !new RegExp(`export (declare )?(function|class) ${name}\\b`).test(dts));
  assert.deepEqual(missing, []);
});

test('declarations contain no `any`', () => {
  const code = dts.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\bany\s*:/g, 'KEY:');
  assert.doesNotMatch(code, /\bany\b/);
});

for (const [mode, type, file, resolution] of [
  ['bundler', 'module', 'usage.ts', ['--module', 'esnext', '--moduleResolution', 'bundler']],
  ['nodenext, ES module', 'module', 'usage.mts', ['--module', 'nodenext', '--moduleResolution', 'nodenext']],
  ['nodenext, CommonJS', 'commonjs', 'usage.cts', ['--module', 'nodenext', '--moduleResolution', 'nodenext']],
]) {
  test(`a consumer of every entry type-checks by package name (${mode})`, () => {
    const app = freshApp(type, 'hs-types-');
    copyFileSync(join(repoRoot, 'tests', 'types', 'usage.ts'), join(app, file));
    writeFileSync(join(app, 'esm-only.mts'), "import wasmUrl from 'health-steward/wasm';\nexport const url: string = wasmUrl;\n");
    const files = type === 'module' ? [file, 'esm-only.mts'] : [file];
    let out = '';
    try {
      execFileSync(tsc, ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', '--types', '', '--esModuleInterop', ...resolution, ...files], { cwd: app, encoding: 'utf8' });
    } catch (e) {
      out = `${e.stdout}${e.stderr}`;
    }
    assert.equal(out.trim(), '');
  });
}
