// Typings that cannot drift from run time: every case of the recorded corpus (tests/fixtures/
// corpus/cases.mjs: every export and every PointsEngine method, every model, plans for every
// segment, readings, points scenarios, and bad input that throws) is run live through pkg/node,
// and each real result is written as a typed object literal into a generated TypeScript file:
//
//   // assessModel china-par adult
//   export const r12: ReturnType<typeof hs.assessModel> = { "id": "china-par", … };
//
// `tsc --strict --exactOptionalPropertyTypes` then rejects any key the declarations do not have
// (excess property checks reach every nested literal), any value of another type, and any
// required key a result lacks. Thrown errors are checked against `HealthStewardError`.
//
// Declaring an addition: a new result field, model, warning code or method fails here until
// pkg/index.d.ts declares it — the message names the case and the path. A new export is walked
// as soon as the corpus records it (`the corpus covers every export`); EXTRA_CASES below covers
// what the corpus does not.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cases } from '../fixtures/corpus/cases.mjs';
import { repoRoot } from './support/packed.mjs';

const hs = createRequire(import.meta.url)('../../pkg/node/index.js');
const LOADERS = new Set(['default', 'initSync']);
const NOT_API = new Set(['constructor', 'free', '__destroy_into_raw']);

/** Calls the corpus does not make, as `{ name, call, args, steps? }` like cases.mjs. */
const EXTRA_CASES = [
  {
    name: 'extra: outcome of a known and an unknown event',
    call: 'PointsEngine',
    args: [],
    steps: [
      { method: 'apply', args: [{ id: 'x1', memberId: 'm1', at: '2026-11-24T08:00:00+08:00', type: 'join' }] },
      { method: 'outcome', args: ['x1'] },
      { method: 'outcome', args: ['nope'] },
    ],
  },
];

/** A TypeScript literal of a run-time value (NaN, ±Infinity, -0, undefined and typed arrays kept). */
function literal(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (ArrayBuffer.isView(v)) return `new ${v.constructor.name}([${Array.from(v, literal).join(', ')}])`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new Error(`not a plain object: ${proto?.constructor?.name}`);
    return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${literal(x)}`).join(', ')} }`;
  }
  throw new Error(`cannot write a ${typeof v} as a literal`);
}

/** The thrown value as the object a consumer sees: own properties but the stack. */
function errorShape(e) {
  assert.ok(e instanceof Error, `a thrown value is an Error: ${String(e)}`);
  const out = {};
  for (const k of Object.getOwnPropertyNames(e)) if (k !== 'stack') out[k] = e[k];
  return out;
}

/** Runs every case; returns [{ label, type, value | error }] and the calls that returned. */
function walk() {
  const results = [];
  const returned = new Set();
  const take = (label, call, type, fn) => {
    try {
      const value = fn();
      results.push({ label, type, value });
      returned.add(call);
      return value;
    } catch (e) {
      results.push({ label, type: 'ErrorShape', value: errorShape(e) });
      return undefined;
    }
  };
  for (const c of [...cases(hs), ...EXTRA_CASES]) {
    if (c.call === 'PointsEngine') {
      let engine;
      try {
        engine = new hs.PointsEngine(...c.args);
      } catch (e) {
        results.push({ label: `${c.name}: new PointsEngine`, type: 'ErrorShape', value: errorShape(e) });
        continue;
      }
      returned.add('PointsEngine');
      c.steps.forEach((s, i) => {
        if (s.method === 'exportState→fromState') {
          const state = take(`${c.name} step ${i}: exportState`, 'PointsEngine#exportState', 'ReturnType<hs.PointsEngine["exportState"]>', () => engine.exportState());
          const next = take(`${c.name} step ${i}: fromState`, 'PointsEngine.fromState', null, () => hs.PointsEngine.fromState(state, ...(s.args ?? [])));
          if (next) {
            assert.ok(next instanceof hs.PointsEngine);
            engine.free();
            engine = next;
          }
          return;
        }
        take(`${c.name} step ${i}: ${s.method}`, `PointsEngine#${s.method}`, `ReturnType<hs.PointsEngine[${JSON.stringify(s.method)}]>`, () => engine[s.method](...(s.args ?? [])));
      });
      engine.free();
    } else if (c.call === 'PointsEngine.fromState') {
      const e = take(c.name, 'PointsEngine.fromState', null, () => hs.PointsEngine.fromState(...c.args));
      if (e) {
        assert.ok(e instanceof hs.PointsEngine);
        e.free();
      }
    } else {
      take(c.name, c.call, `ReturnType<typeof hs.${c.call}>`, () => hs[c.call](...c.args));
    }
  }
  return { results, returned };
}

test('every export and PointsEngine method returns a real result somewhere in the walk', () => {
  const { returned } = walk();
  const functions = Object.keys(hs).filter((k) => typeof hs[k] === 'function' && !LOADERS.has(k) && k !== 'PointsEngine');
  const methods = Object.getOwnPropertyNames(hs.PointsEngine.prototype).filter((m) => !NOT_API.has(m)).map((m) => `PointsEngine#${m}`);
  const statics = Object.getOwnPropertyNames(hs.PointsEngine).filter((m) => typeof hs.PointsEngine[m] === 'function' && !m.startsWith('__')).map((m) => `PointsEngine.${m}`);
  const missing = [...functions, ...methods, ...statics, 'PointsEngine'].filter((f) => !returned.has(f));
  assert.deepEqual(missing, [], 'add a case with a valid call to the corpus (tests/fixtures/corpus/cases.mjs) or to EXTRA_CASES here');
});

test('every real result and error has exactly the keys and types pkg/index.d.ts declares', () => {
  const { results } = walk();
  const dir = join(repoRoot, 'target', 'typings-walk');
  mkdirSync(dir, { recursive: true });
  const lines = [
    '// Generated by tests/js/typings-walk.test.mjs: real results of the package, typed by its declarations.',
    "import type * as hs from '../../pkg/index.js';",
    "type ErrorShape = Omit<hs.HealthStewardError, 'stack' | 'cause'>;",
  ];
  const labelAt = new Map();
  results.forEach(({ label, type, value }, i) => {
    if (type === null) return;
    lines.push(`// ${label.replace(/\n/g, ' ')}`);
    labelAt.set(lines.length + 1, label);
    lines.push(`export const r${i}: ${type} = ${literal(value)};`);
  });
  const file = join(dir, 'walk.ts');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
  let out = '';
  try {
    execFileSync(tsc, ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', '--types', '', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  } catch (e) {
    out = `${e.stdout}${e.stderr}`;
  }
  // Name the case of each error (first 25, one per case).
  const seen = new Set();
  const report = [];
  for (const m of out.matchAll(/walk\.ts\((\d+),(\d+)\): (error TS\d+: [^\n]+(?:\n {2,}[^\n]+)*)/g)) {
    const label = labelAt.get(Number(m[1])) ?? `line ${m[1]}`;
    if (seen.has(label)) continue;
    seen.add(label);
    const source = readFileSync(file, 'utf8').split('\n')[Number(m[1]) - 1] ?? '';
    const at = source.slice(Math.max(0, Number(m[2]) - 60), Number(m[2]) + 60);
    report.push(`${label}\n    ${m[3].replace(/\n\s+/g, ' ').slice(0, 400)}\n    near: …${at}…`);
  }
  const total = (out.match(/error TS\d+/g) || []).length;
  assert.equal(total, 0, `${total} type error(s) in ${seen.size} case(s) (${file}):\n${report.slice(0, 25).join('\n')}${out && !report.length ? `\n${out.slice(0, 3000)}` : ''}`);
});

test('every function and method the declarations name exists at run time', () => {
  const dts = readFileSync(join(repoRoot, 'pkg', 'index.d.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const declared = [...dts.matchAll(/^export (?:declare )?function (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual([...new Set(declared)].filter((f) => typeof hs[f] !== 'function'), [], 'declared but not exported');
  const cls = dts.slice(dts.indexOf('export class PointsEngine'));
  const body = cls.slice(0, cls.indexOf('\n}'));
  const members = [...body.matchAll(/^\s+(static\s+)?(\w+)\s*\(/gm)].map((m) => [Boolean(m[1]), m[2]]).filter(([, n]) => n !== 'constructor');
  for (const [isStatic, name] of members) {
    const where = isStatic ? hs.PointsEngine : hs.PointsEngine.prototype;
    assert.equal(typeof where[name], 'function', `PointsEngine${isStatic ? '.' : '#'}${name} is declared but missing`);
  }
});
