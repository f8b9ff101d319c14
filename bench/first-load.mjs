#!/usr/bin/env node
// The resident app's first visit, as `make bench` reports it: bytes transferred from opening the
// page until the first risk result, and the time to the app being ready and to that result — on
// the local network and on a throttled phone ("slow 4G" with a 4× slower CPU). Headless Debian
// chromium through playwright-core, the demo server on a free port (tests/browser/first-load.mjs
// does the measuring; the browser test holds the 600 KB budget).
//
//   node bench/first-load.mjs [--out first-load.json] [--quick]
import { writeFileSync } from 'node:fs';
import { chromiumPath, launch, startDemo } from '../tests/browser/support.mjs';
import { measureFirstLoad, SLOW_4G } from '../tests/browser/first-load.mjs';

const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : null;
const quick = args.includes('--quick');

if (!chromiumPath()) {
  console.log('first load: no chromium, not measured');
  process.exit(0);
}
const { server, url } = await startDemo();
const browser = await launch();
const rows = [];
try {
  // One unmeasured visit lets the server finish its best brotli of each file (cached on disk).
  const warm = await measureFirstLoad(browser, url);
  await warm.context.close();
  await new Promise((r) => setTimeout(r, quick ? 0 : 12000));
  for (const [name, opts] of [['local', {}], ['slow 4G, CPU 4×', { network: SLOW_4G, cpuSlowdown: 4 }]]) {
    const m = await measureFirstLoad(browser, url, opts);
    await m.context.close();
    rows.push({ name, kb: m.bytes / 1000, requests: m.requests.length, readyMs: m.readyMs, resultMs: m.resultMs });
  }
} finally {
  await browser.close();
  server.close();
}
console.log('\nfirst load of the resident app (until the first risk result; budget 600 KB)');
console.log('  network            transferred  requests  app ready  first result');
for (const r of rows) {
  console.log(`  ${r.name.padEnd(17)} ${`${r.kb.toFixed(1)} KB`.padStart(12)}  ${String(r.requests).padStart(8)}  ${`${(r.readyMs / 1000).toFixed(2)} s`.padStart(9)}  ${`${(r.resultMs / 1000).toFixed(2)} s`.padStart(12)}`);
}
if (out) writeFileSync(out, JSON.stringify({ budgetKb: 600, runs: rows }, null, 2));
