// Replays the recorded corpus (tests/fixtures/corpus/<area>.jsonl) through pkg/node and asserts
// byte-identical JSON outputs: results, thrown errors (name, code, field, message) in both
// locales. It guards refactors; a deliberate change of behaviour re-records the corpus
// (tests/fixtures/corpus/README.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { run } from '../fixtures/corpus/codec.mjs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const dir = new URL('../fixtures/corpus/', import.meta.url);
const areas = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();

/** Where two strings first differ, with a little context. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at char ${i}: recorded …${a.slice(Math.max(0, i - 60), i + 60)}… now …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

test('the corpus covers every export', () => {
  const calls = new Set();
  for (const f of areas) {
    for (const l of readFileSync(new URL(f, dir), 'utf8').split('\n').filter(Boolean)) calls.add(JSON.parse(l).call.split('.')[0]);
  }
  // `default` (init) and `initSync` load the module (no-ops in Node); they compute nothing to record.
  const exported = Object.keys(hs).filter((k) => typeof hs[k] === 'function' && k !== 'default' && k !== 'initSync');
  assert.deepEqual(exported.filter((k) => !calls.has(k)), [], 'exports without a recorded case');
});

for (const file of areas) {
  test(`corpus ${file}: byte-identical outputs`, () => {
    const lines = readFileSync(new URL(file, dir), 'utf8').split('\n').filter(Boolean);
    assert.ok(lines.length > 0);
    const failures = [];
    for (const line of lines) {
      const c = JSON.parse(line);
      const recorded = JSON.stringify(c.out);
      const now = JSON.stringify(run(hs, c));
      if (now !== recorded) failures.push(`${c.name}: ${firstDifference(recorded, now)}`);
    }
    assert.equal(failures.length, 0, `${failures.length} of ${lines.length} cases differ (re-record only for a deliberate change):\n${failures.slice(0, 8).join('\n')}`);
  });
}
