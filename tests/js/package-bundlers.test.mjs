// A consumer app (tests/consumers/app) bundled with Vite, webpack, esbuild and rollup — each from
// tests/consumers' own lockfile, each configured exactly as docs/packaging.md says — against the
// package unpacked from `npm pack`; each bundle computes a China-PAR result in headless Chromium
// (Debian's, through playwright-core; never a download) served on a free port.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { freshApp, repoRoot } from './support/packed.mjs';

const consumers = join(repoRoot, 'tests', 'consumers');
const installed = existsSync(join(consumers, 'node_modules', '.package-lock.json'));
const support = await import('../browser/support.mjs');
const chromium = support.chromiumPath();
const skip = !installed ? 'tests/consumers has no node_modules: run `make setup-browser`' : !chromium ? 'no chromium (set CHROMIUM)' : false;

const hs = createRequire(import.meta.url)('../../pkg/node/index.js');
const PROFILE = { sex: 'male', age: 60, sbp: 130, totalCholesterol: 5.44, hdlCholesterol: 1.42, waistCm: 80, region: 'north', residence: 'urban', smoker: false, diabetes: true };
const expected = hs.assessModel('china-par', PROFILE, { locale: 'zh-CN' });

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** A static server for one folder on a free port; records every request and its status. */
function serve(dir) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const status = existsSync(file) ? 200 : 404;
    requests.push({ path, status });
    res.writeHead(status, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(status === 200 ? readFileSync(file) : 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, url: `http://127.0.0.1:${server.address().port}/` })));
}

test('every bundler: the bundle computes China-PAR in Chromium', { skip, timeout: 600_000 }, async (t) => {
  const { BUNDLERS, bundle, copyApp } = await import(join(consumers, 'build.mjs'));
  assert.deepEqual(BUNDLERS.slice().sort(), ['esbuild', 'rollup', 'vite', 'webpack']);
  const app = freshApp('module', 'hs-consumer-');
  copyApp(app);
  const browser = await support.launch();
  try {
    for (const bundler of BUNDLERS) {
      await t.test(bundler, async () => {
        const out = join(app, `dist-${bundler}`);
        await bundle(bundler, app, out);
        const emitted = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
        assert.equal(emitted.length, 1, `${bundler} emits the module once: ${emitted.join(', ')}`);
        const { server, requests, url } = await serve(out);
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        try {
          await page.goto(url);
          await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
          const result = await page.evaluate(() => window.__result);
          assert.equal(result.error, undefined, result.error);
          assert.deepEqual(result, { version: hs.version(), id: 'china-par', value: expected.value, category: expected.category, label: expected.label });
          assert.match(await page.textContent('#out'), new RegExp(`${expected.value}%`));
          assert.deepEqual(requests.filter((r) => r.status !== 200), [], 'no request failed');
          assert.ok(requests.some((r) => r.path.endsWith('.wasm') && r.status === 200), 'the module was fetched from the bundle');
          assert.deepEqual(errors, []);
        } finally {
          await page.close();
          server.close();
        }
      });
    }
  } finally {
    await browser.close();
  }
});
