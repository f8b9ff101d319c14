#!/usr/bin/env node
// The web side of `make bench`: instantiate time of pkg/web in headless Chromium (Debian's
// chromium through playwright-core, as the browser tests use it). Each run is a fresh browser
// context: fetch the .wasm bytes, then time `await init(bytes)` (compile + instantiate) with
// performance.now(). Without chromium, the same `init(bytes)` runs in a fresh Node process and
// the result says so.
//
//   node bench/web.mjs --out web.json [--quick]

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { median } from './common.mjs';

const root = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? args[outIdx + 1] : null;
const runs = quick ? 3 : 7;

async function inChromium() {
  const { chromiumPath, launch } = await import('../tests/browser/support.mjs');
  if (!chromiumPath()) return null;
  const { startServer } = await import('../scripts/serve.mjs');
  const server = await startServer({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  try {
    const times = [];
    let version = '';
    for (let r = 0; r < runs; r++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // A blank page on the server's origin, so that /pkg/ is same-origin.
      await page.route(`${base}/bench.html`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
      );
      await page.goto(`${base}/bench.html`);
      const res = await page.evaluate(async () => {
        const bytes = await (await fetch('/pkg/web/health_steward_bg.wasm')).arrayBuffer();
        const m = await import('/pkg/web/index.js');
        const t = performance.now();
        await m.default(bytes);
        const ms = performance.now() - t;
        return { ms, version: m.version() };
      });
      times.push(res.ms);
      version = res.version;
      await context.close();
    }
    return {
      available: true, ms: median(times), min: Math.min(...times), runs,
      note: `Chromium ${browser.version()}: await init(bytes) = compile + instantiate (library ${version})`,
      browser: `chromium ${browser.version()}`,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

function inNode() {
  const script = `import { readFileSync } from 'node:fs';
const bytes = readFileSync(${JSON.stringify(`${root}pkg/web/health_steward_bg.wasm`)});
const m = await import(${JSON.stringify(`${root}pkg/web/index.js`)});
const t = performance.now(); await m.default(bytes); const ms = performance.now() - t;
m.version(); process.stdout.write(String(ms));`;
  const times = [];
  for (let r = 0; r < runs; r++) {
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  }
  return {
    available: true, ms: median(times), min: Math.min(...times), runs,
    note: 'no chromium: pkg/web init(bytes) in a fresh Node process instead', browser: null,
  };
}

let instantiate;
try {
  instantiate = (await inChromium()) ?? inNode();
} catch (e) {
  process.stderr.write(`web: chromium failed (${e.message.split('\n')[0]}); measuring in Node\n`);
  instantiate = inNode();
}
const doc = { side: 'web', target: instantiate.browser ?? `node ${process.version}`, quick, results: { instantiate } };
const text = JSON.stringify(doc, null, 2) + '\n';
if (out) writeFileSync(out, text);
else process.stdout.write(text);

