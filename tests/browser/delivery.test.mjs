// How the demo server delivers the app (scripts/serve.mjs): the first visit up to the first risk
// result within 600 KB transferred, compressed, cacheable; measured by Chrome itself (DevTools
// protocol) and checked from outside over plain HTTP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { chromiumPath, launch, startDemo } from './support.mjs';
import { measureFirstLoad } from './first-load.mjs';

const noBrowser = chromiumPath() ? false : 'no chromium (make test installs Debian chromium where apt is available)';
/** The budget of the first visit, up to the first result (bytes on the wire). */
const FIRST_LOAD_BUDGET = 600 * 1000;

let server;
let base;
test.before(async () => {
  ({ server, url: base } = await startDemo());
});
test.after(() => server && server.close());

function get(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('first visit up to the first risk result: ≤ 600 KB transferred, compressed, no ECharts', { skip: noBrowser }, async (t) => {
  const browser = await launch();
  try {
    const m = await measureFirstLoad(browser, base);
    try {
      t.diagnostic(`first load: ${(m.bytes / 1000).toFixed(1)} KB in ${m.requests.length} requests; ready ${m.readyMs.toFixed(0)} ms, first result ${m.resultMs.toFixed(0)} ms`);
      for (const r of [...m.requests].sort((a, b) => b.bytes - a.bytes).slice(0, 5)) {
        t.diagnostic(`  ${(r.bytes / 1000).toFixed(1).padStart(7)} KB  ${r.encoding || 'identity'}  ${new URL(r.url).pathname}`);
      }
      assert.ok(m.bytes <= FIRST_LOAD_BUDGET, `${m.bytes} bytes > ${FIRST_LOAD_BUDGET}`);
      assert.ok(!m.requests.some((r) => r.url.includes('/vendor/echarts/')), 'ECharts is not on the path to the first result');
      const wasm = m.requests.filter((r) => r.url.includes('.wasm'));
      assert.equal(wasm.length, 1, 'the preloaded Wasm is the one compiled (fetched once)');
      for (const r of m.requests) {
        if (r.status === 200 && r.bytes > 2000) assert.equal(r.encoding, 'br', `${r.url} sent ${r.encoding || 'uncompressed'}`);
      }
      // A second visit: the HTML revalidates, versioned files come from the cache.
      const before = m.bytes;
      const again = [];
      const cdp = await m.context.newCDPSession(m.page);
      await cdp.send('Network.enable');
      cdp.on('Network.loadingFinished', (e) => again.push(e.encodedDataLength));
      await m.page.reload();
      await m.page.waitForSelector('body[data-ready="true"]');
      const second = again.reduce((s, n) => s + n, 0);
      t.diagnostic(`second visit: ${(second / 1000).toFixed(1)} KB`);
      assert.ok(second < before / 10, `second visit ${second} bytes`);
    } finally {
      await m.context.close();
    }
  } finally {
    await browser.close();
  }
});

test('the server compresses by Accept-Encoding and sends caching headers', async () => {
  const page = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], 'br');
  assert.equal(page.headers['cache-control'], 'no-cache', 'the HTML is always revalidated');
  assert.match(page.headers.etag, /^"[0-9a-f]{16}"$/);
  assert.equal(page.headers.vary, 'Accept-Encoding');
  const html = (await import('node:zlib')).brotliDecompressSync(page.body).toString('utf8');
  // The page names its stylesheet, entry module and Wasm with their content hash…
  const wasmUrl = html.match(/href="(\/pkg\/web\/health_steward_bg\.wasm\?v=[0-9a-f]{16})"/)[1];
  assert.match(html, /src="js\/main\.js\?v=[0-9a-f]{16}"/);
  assert.match(html, /content="\/vendor\/echarts\/echarts\.esm\.min\.mjs\?v=[0-9a-f]{16}"/);
  // …and those URLs are cached for good; the same file without the hash revalidates.
  const wasm = await get(wasmUrl, { 'accept-encoding': 'gzip' });
  assert.equal(wasm.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(wasm.headers['content-encoding'], 'gzip');
  const plain = await get('/pkg/web/health_steward_bg.wasm', {});
  // Compressed, not a size budget: the module's sizes are ratcheted in size-budget.json (make test-size).
  assert.ok(wasm.body.length < plain.body.length / 2, `gzip Wasm ${wasm.body.length} of ${plain.body.length} bytes`);
  assert.equal(plain.headers['cache-control'], 'no-cache');
  assert.equal(plain.headers['content-encoding'], undefined, 'identity when nothing else is accepted');
  assert.equal(Number(plain.headers['content-length']), plain.body.length);
  const stale = await get('/pkg/web/health_steward_bg.wasm?v=0000000000000000', { 'accept-encoding': 'br' });
  assert.equal(stale.headers['cache-control'], 'no-cache', 'a wrong hash is not immutable');
  // Revalidation: 304 without a body; q=0 refuses a coding.
  const notModified = await get('/app.css', { 'if-none-match': plain.headers.etag === undefined ? '' : (await get('/app.css')).headers.etag });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
  const noBr = await get('/app.css', { 'accept-encoding': 'br;q=0, gzip' });
  assert.equal(noBr.headers['content-encoding'], 'gzip');
  // Small files are not worth compressing; nothing outside the mounts; only GET and HEAD.
  assert.equal((await get('/pkg/web/package.json', { 'accept-encoding': 'br' })).headers['content-encoding'], undefined);
  assert.equal((await get('/..%2f..%2fetc/passwd')).status, 404);
  assert.equal((await get('/', {}, 'POST')).status, 405);
  const head = await get('/app.css', { 'accept-encoding': 'br' }, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});
