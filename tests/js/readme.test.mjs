// The README's examples run: every ```js block of README.md, pkg/README.md and docs/packaging.md
// is executed as an ES module against the packed package (unpacked into a fresh app), so an
// example can never again print something the library does not.
//
// - Library functions a block uses without importing them come from `health-steward`; a block
//   importing `health-steward/miniprogram` (or calling `init` with a `.wasm.br` path) runs in the
//   simulated mini-program runtime (tests/js/support/wx-runtime.mjs) with the package's folder at
//   that path, and its `require('health-steward')` is the mini-program build (as after WeChat's
//   "构建 npm"). `profile` and `events`, when a block uses them without defining them, are a
//   resident and a list of points events.
// - A comment that is a value is an assertion: `e.code; // 'OUT_OF_RANGE'` checks the value of
//   the statement; `// → { status: 'urgent', … }` on the line after a statement checks it too,
//   `…` meaning "and other fields" (a partial match).
// - Build configuration blocks (they `export` or import a package other than health-steward)
//   are only checked for syntax. `health-steward/wasm` (a bundler asset) is its file path here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freshApp, repoRoot } from './support/packed.mjs';

const hs = createRequire(import.meta.url)('../../pkg/node/index.js');
const API = Object.keys(hs).filter((k) => k !== 'default');

/** The ```js blocks of a Markdown file: [{ code, line }]. */
export function jsBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(js|javascript|mjs)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
    blocks.push({ code: lines.slice(start, j).join('\n'), line: start + 1 });
    i = j;
  }
  return blocks;
}

const VALUE_START = /^(['"{[\d-]|true\b|false\b|null\b)/;

/** The comment as an expected value, or undefined when it is prose. */
function expectedOf(comment) {
  let text = comment.trim();
  const arrow = text.startsWith('→');
  if (arrow) text = text.slice(1).trim();
  if (!arrow && !VALUE_START.test(text)) return undefined;
  const partial = text.includes('…');
  const cleaned = text.replace(/,\s*…\s*(?=[}\]])/g, '').replace(/…/g, '');
  try {
    // eslint-disable-next-line no-new-func
    return { value: new Function(`return (${cleaned});`)(), partial };
  } catch {
    return undefined;
  }
}

/** Turns value comments into assertions (see the header). */
export function withAssertions(code, file, firstLine) {
  const lines = code.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const own = lines[i].match(/^\s*\/\/\s*(→.*)$/);
    if (own && out.length) {
      const exp = expectedOf(own[1]);
      const prev = out[out.length - 1].match(/^(\s*)(.+?);\s*(\/\/.*)?$/);
      if (exp && prev) {
        out[out.length - 1] = `${prev[1]}__expect(() => (${prev[2]}), ${JSON.stringify(exp)}, ${JSON.stringify(`${file}:${firstLine + i - 1}`)});`;
        out.push('');
        continue;
      }
    }
    const inline = lines[i].match(/^(\s*)([^/]+?);\s*\/\/\s*(.+)$/);
    if (inline) {
      const exp = expectedOf(inline[3]);
      if (exp) {
        out.push(`${inline[1]}__expect(() => (${inline[2]}), ${JSON.stringify(exp)}, ${JSON.stringify(`${file}:${firstLine + i}`)});`);
        continue;
      }
    }
    out.push(lines[i]);
  }
  return out.join('\n');
}

const EXPECT = `
function __subset(actual, expected, path) {
  if (expected === null || typeof expected !== 'object') {
    if (!Object.is(actual, expected)) throw new Error(path + ': ' + JSON.stringify(actual) + ' where the README says ' + JSON.stringify(expected));
    return;
  }
  if (actual === null || typeof actual !== 'object') throw new Error(path + ': ' + JSON.stringify(actual) + ' is not an object');
  for (const k of Object.keys(expected)) __subset(actual[k], expected[k], path + '.' + k);
}
function __expect(fn, exp, where) {
  const actual = fn();
  if (exp.partial) return __subset(actual, exp.value, where);
  const a = JSON.stringify(actual), e = JSON.stringify(exp.value);
  if (a !== e) throw new Error(where + ': the README says ' + e + ' but the library gives ' + a);
}
`;

const FIXTURES = {
  profile: "const profile = { sex: 'male', age: 60, sbp: 130, totalCholesterol: 5.44, hdlCholesterol: 1.42, waistCm: 80, region: 'north', residence: 'urban', smoker: false, diabetes: true };",
  events: "const events = [{ id: 'j2', memberId: 'm2', at: '2026-11-20T09:00:00+08:00', type: 'join' }];",
};

const declares = (code, name) => new RegExp(`(\\b(const|let|var|function|class)\\s+${name}\\b)|(import[^;]*\\b${name}\\b[^;]*from)|(\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=\\s*require)`).test(code);

/** A runnable module for one block, or null when the block is configuration (syntax only). */
export function program(code, file, line) {
  const imports = [...code.matchAll(/from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  const config = /^\s*export\s/m.test(code) || imports.some((s) => !s.startsWith('health-steward') && !s.startsWith('node:'));
  if (config) return null;
  const wasmPath = code.match(/init\(\s*['"](\/[^'"]*\/)health_steward_bg\.wasm\.br['"]\s*\)/);
  const miniprogram = Boolean(wasmPath) || imports.includes('health-steward/miniprogram');
  const entry = miniprogram ? 'health-steward/miniprogram' : 'health-steward';
  const prelude = [EXPECT];
  if (miniprogram) {
    const prefix = wasmPath ? wasmPath[1] : '/lib/health-steward/';
    prelude.unshift(
      `import { installWxRuntime } from ${JSON.stringify(join(repoRoot, 'tests', 'js', 'support', 'wx-runtime.mjs'))};`,
      `import { createRequire as __cr } from 'node:module';`,
      `installWxRuntime({ root: __cr(import.meta.url).resolve('health-steward/miniprogram').replace(/index\\.js$/, ''), prefix: ${JSON.stringify(prefix)} });`,
    );
  }
  const used = API.filter((name) => new RegExp(`\\b${name}\\b`).test(code) && !declares(code, name));
  // Static imports are hoisted: the simulated runtime must exist before the package loads, so
  // the block's own imports become dynamic ones after the prelude.
  let body = withAssertions(code, file, line);
  // In a mini program, WeChat's "构建 npm" makes require('health-steward') the mini-program build.
  if (miniprogram) body = body.replace(/require\((['"])health-steward\1\)/g, "require('health-steward/miniprogram')");
  const hoisted = [];
  body = body.replace(/^import\s+(.+?)\s+from\s+(['"][^'"]+['"]);?\s*(?:\/\/.*)?$/gm, (_, what, spec) => {
    hoisted.push([what, spec]);
    return '';
  });
  const dynamic = hoisted.map(([what, spec], i) => {
    // The module file is a bundler's asset (its file loader gives a URL; tests/js/package-
    // bundlers.test.mjs runs that for real); here its path stands in for the URL.
    if (spec.slice(1, -1) === 'health-steward/wasm') return `import { createRequire as __cw${i} } from 'node:module';\nconst ${what} = __cw${i}(import.meta.url).resolve('health-steward/wasm');`;
    const ns = `__m${i}`;
    const parts = [`const ${ns} = await import(${spec});`];
    const m = what.match(/^(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?(?:\*\s+as\s+(\w+))?$/);
    if (!m) throw new Error(`${file}:${line}: cannot read the import ${what}`);
    if (m[1]) parts.push(`const ${m[1]} = ${ns}.default;`);
    if (m[2]) parts.push(`const { ${m[2].split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.replace(/\s+as\s+/, ': ')).join(', ')} } = ${ns};`);
    if (m[3]) parts.push(`const ${m[3]} = ${ns};`);
    return parts.join('\n');
  });
  const api = used.length ? `const { ${used.join(', ')} } = await import(${JSON.stringify(entry)});` : '';
  const fixtures = Object.entries(FIXTURES).filter(([name]) => new RegExp(`\\b${name}\\b`).test(code) && !declares(code, name)).map(([, src]) => src);
  const require = /\brequire\(/.test(code) ? "import { createRequire as __req } from 'node:module'; const require = __req(import.meta.url);" : '';
  return [...prelude, require, ...dynamic, api, ...fixtures, body].join('\n');
}

for (const file of ['README.md', 'pkg/README.md', 'docs/packaging.md']) {
  const blocks = jsBlocks(readFileSync(join(repoRoot, file), 'utf8'));
  test(`${file}: every js block runs against the packed package`, () => {
    assert.ok(blocks.length > 0, `${file} has js blocks`);
    const app = freshApp('module', 'hs-readme-');
    const failures = [];
    let ran = 0;
    blocks.forEach(({ code, line }, i) => {
      const src = program(code, file, line);
      const path = join(app, `block-${i}.mjs`);
      writeFileSync(path, src ?? code);
      try {
        execFileSync(process.execPath, src ? [path] : ['--check', path], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        if (src) ran++;
      } catch (e) {
        failures.push(`${file}:${line} (block ${i}): ${String(e.stderr).split('\n').filter((l) => /^\w*Error\b/.test(l)).slice(0, 3).join(' | ') || String(e.stderr).slice(0, 300)}`);
      }
    });
    assert.deepEqual(failures, []);
    assert.ok(ran >= Math.min(2, blocks.length), `${ran} blocks ran`);
  });
}

test('the README error example is the library\'s own error', () => {
  const blocks = jsBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
  const example = blocks.find((b) => /e\.message;\s*\/\/\s*'/.test(b.code));
  assert.ok(example, 'the README shows an error with its message');
  const transformed = withAssertions(example.code, 'README.md', example.line);
  assert.equal((transformed.match(/__expect\(/g) || []).length, 3, 'code, field and message are each asserted');
});
