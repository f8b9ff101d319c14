// The web demo in headless Chromium on a phone viewport.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, chromiumPath, launch, phonePage, startDemo } from './support.mjs';

const skip = chromiumPath() ? false : 'no chromium (make test installs Debian chromium where apt is available)';
const cargoVersion = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];

test('the demo loads the library and shows version() from the Wasm', { skip }, async () => {
  const { server, url } = await startDemo();
  const browser = await launch();
  try {
    const { page, errors } = await phonePage(browser);
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    assert.equal(await page.textContent('#version'), cargoVersion);
    await page.screenshot({ path: `${ARTIFACTS}demo-home.png` });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
