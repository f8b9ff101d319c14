// Property test of the JS boundary: random junk thrown at every export (functions, and the
// constructor, static and instance methods of every class) either returns or throws an Error
// with a string `code` — never a Wasm trap (RuntimeError: unreachable), never a non-Error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');

const junk = fc.oneof(
  { depthSize: 'small' },
  fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }),
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 1e308, -1, 2 ** 53, '', '中文', '2026-02-30', '2026-11-24T08:30:00+08:00'),
  // Profile-, event- and visit-shaped junk reaches deeper than arbitrary values.
  fc.record(
    {
      sex: fc.oneof(fc.constantFrom('male', 'female'), fc.anything()),
      age: fc.oneof(fc.double(), fc.integer({ min: -10, max: 200 }), fc.string()),
      birthDate: fc.oneof(fc.string(), fc.constantFrom('1960-01-31', '2024-02-29', '9999-12-31')),
      sbp: fc.double(), dbp: fc.double(), waistCm: fc.double(), heightCm: fc.double(), weightKg: fc.double(),
      totalCholesterol: fc.double(), hdlCholesterol: fc.double(), fastingGlucose: fc.double(),
      smoker: fc.anything(), diabetes: fc.boolean(), region: fc.constantFrom('north', 'south', 'east'),
      residence: fc.constantFrom('urban', 'rural'),
      questionnaires: fc.record({ phq9: fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double())), gad7: fc.array(fc.integer()) }, { requiredKeys: [] }),
      id: fc.string(), memberId: fc.string(), type: fc.string(), at: fc.string(), points: fc.oneof(fc.integer(), fc.double()),
      condition: fc.constantFrom('hypertension', 'diabetes', 'x'), date: fc.string(), glucose: fc.double(),
      startDate: fc.constantFrom('2026-11-24', '2026-02-30', 'x'), horizonMonths: fc.oneof(fc.integer({ min: -5, max: 10000 }), fc.double()),
      locale: fc.constantFrom('zh-CN', 'en', 'xx'), asOf: fc.string(),
    },
    { requiredKeys: [] },
  ),
);

function callOutcome(fn) {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}

function assertNoTrap(e, where) {
  if (e === null) return;
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `${where}: Wasm trap ${e && e.message}`);
  assert.ok(e instanceof Error, `${where}: threw a non-Error ${String(e)}`);
  assert.equal(typeof e.code, 'string', `${where}: Error without code: ${e.message}`);
  assert.match(e.code, /^[A-Z][A-Z_]+$/, where);
}

const functions = Object.entries(hs).filter(([name, v]) => typeof v === 'function' && !/^[A-Z]/.test(name));
const classes = Object.entries(hs).filter(([name, v]) => typeof v === 'function' && /^[A-Z]/.test(name));

test('every exported function either returns or throws a coded Error', () => {
  assert.ok(functions.length >= 5, `found ${functions.length} functions`);
  for (const [name, fn] of functions) {
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 4 }), (args) => {
        assertNoTrap(callOutcome(() => fn(...args)), `${name}(${args.length} args)`);
      }),
      { numRuns: 150, seed: 20261124 },
    );
  }
});

test('every class constructor, static and instance method either returns or throws a coded Error', () => {
  for (const [name, Cls] of classes) {
    const statics = Object.getOwnPropertyNames(Cls).filter((k) => typeof Cls[k] === 'function' && !['length', 'name', 'prototype', '__wrap'].includes(k) && !k.startsWith('__'));
    const methods = Object.getOwnPropertyNames(Cls.prototype).filter((k) => k !== 'constructor' && !k.startsWith('__') && k !== 'free' && typeof Cls.prototype[k] === 'function');
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 3 }), (args) => {
        assertNoTrap(callOutcome(() => new Cls(...args)), `new ${name}`);
        for (const s of statics) assertNoTrap(callOutcome(() => Cls[s](...args)), `${name}.${s}`);
        const instance = new Cls();
        for (const m of methods) assertNoTrap(callOutcome(() => instance[m](...args)), `${name}#${m}`);
        instance.free?.();
      }),
      { numRuns: 100, seed: 20261124 },
    );
  }
});

test('the module still works after the fuzzing (no poisoned instance)', () => {
  assert.match(hs.version(), /^\d+\.\d+\.\d+/);
  assert.throws(() => hs.assessRisk({ sex: 'male', sbp: -1 }), (e) => e.code === 'OUT_OF_RANGE');
});
