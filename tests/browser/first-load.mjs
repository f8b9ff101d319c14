// The first visit of the resident app as the network sees it: bytes transferred (headers and
// compressed bodies, from Chrome's DevTools protocol) from opening the page until the first risk
// result is on screen, and how long that took. Used by tests/browser/delivery.test.mjs (the
// 600 KB budget) and by `make bench` (bench/first-load.mjs, also on a throttled "slow 4G" phone).

/** DevTools' "Slow 4G" preset: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. */
export const SLOW_4G = { latency: 150, downloadThroughput: (1.6 * 1e6) / 8, uploadThroughput: (750 * 1e3) / 8 };

/**
 * Opens `base` on a fresh phone (empty cache), fills in the example profile and waits for the
 * result's summary. `network` (latency ms, throughputs in bytes/s) and `cpuSlowdown` throttle it.
 * Returns { bytes, requests: [{ url, status, encoding, bytes, cache }], readyMs, resultMs, context, page }
 * — the caller closes `context`.
 */
export async function measureFirstLoad(browser, base, { network = null, cpuSlowdown = 1, path = '?today=2026-11-24#risk' } = {}) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    requests.set(e.requestId, {
      url: e.response.url, status: e.response.status, encoding: h['content-encoding'] || null,
      cache: h['cache-control'] || null, type: h['content-type'] || null, bytes: 0, done: false,
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
  });
  const t0 = performance.now();
  await page.goto(`${base}${path}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
  const readyMs = performance.now() - t0;
  await page.click('#example');
  await page.click('#assess');
  await page.waitForSelector('#summary', { timeout: 120000 });
  const resultMs = performance.now() - t0;
  const list = [...requests.values()].filter((r) => !r.url.startsWith('data:'));
  const bytes = list.reduce((s, r) => s + r.bytes, 0);
  return { bytes, requests: list, readyMs, resultMs, context, page };
}
