// The checks shared by the Taro and uni-app examples (demo/taro, demo/uniapp): build the example
// with the framework's own CLI (dependencies installed from its lockfile by scripts/setup.sh), run
// the weapp output in the simulated WeChat device (support/mp-app.mjs), fill the form, tap the
// button and compare what the page shows with what the Node build computes for the same profile.
//
// Expected values come from pkg/node, loaded before the simulated runtime removes WebAssembly and
// TextEncoder/TextDecoder: an independent instance of the library, outside the framework's bundle.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const WASM_PATH = '/lib/health-steward/health_steward_bg.wasm.br';
const PAGE = 'pages/index/index';

/** The example's pre-filled form, as a Profile. */
export const EXAMPLE = {
  sex: 'male', age: 58, sbp: 148, onAntihypertensives: false, totalCholesterol: 5.6, hdlCholesterol: 1.1,
  waistCm: 92, smoker: true, diabetes: false, familyHistory: { ascvd: false }, region: 'north', residence: 'urban',
};
/** Every field changed through the form. */
const EDITED = {
  sex: 'female', age: 62, sbp: 136, onAntihypertensives: true, totalCholesterol: 6.2, hdlCholesterol: 1.3,
  waistCm: 84, smoker: false, diabetes: true, familyHistory: { ascvd: true }, region: 'south', residence: 'rural',
};

function expected(profile, locale) {
  const hs = require(join(REPO, 'pkg', 'node', 'index.js'));
  try {
    return { result: hs.assessModel('china-par', profile, { locale }) };
  } catch (error) {
    return { error };
  }
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []);
}

/**
 * Registers the tests of one example.
 * @param {{ name: string, dir: string, script: string, output: string }} example
 *   `dir` the example folder (relative to the repository), `script` its npm build script,
 *   `output` the weapp output folder relative to `dir`.
 */
export function chinaParAppTests({ name, dir, script, output }) {
  const cwd = join(REPO, dir);
  const root = join(cwd, output);
  // Computed now, in plain Node: the simulated device runtime is installed later.
  const want = {
    example: expected(EXAMPLE, 'zh-CN').result,
    edited: expected(EDITED, 'en').result,
    sbp500: expected({ ...EXAMPLE, sbp: 500 }, 'zh-CN').error,
    noAge: expected({ ...EXAMPLE, age: undefined }, 'zh-CN').error,
  };
  let mp;
  let page;

  test(`${name}: the framework's CLI builds the example into a WeChat mini program`, (t) => {
    assert.ok(existsSync(join(cwd, 'node_modules', '.package-lock.json')),
      `${dir}/node_modules is missing: run \`make setup\` (npm ci from ${dir}/package-lock.json)`);
    const started = Date.now();
    try {
      execFileSync('npm', ['run', '--silent', script], { cwd, stdio: 'pipe', env: { ...process.env, FORCE_COLOR: '0' } });
    } catch (e) {
      const out = `${e.stdout || ''}${e.stderr || ''}`;
      assert.fail(`${name} build failed:\n${out.slice(-4000)}`);
    }
    const files = filesUnder(root);
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    t.diagnostic(`${name} build: ${((Date.now() - started) / 1000).toFixed(1)} s, output ${(bytes / 1024).toFixed(0)} KB in ${files.length} files`);

    // The Wasm is a file at the path init() is given, byte for byte the package's.
    const wasm = files.filter((f) => /\.wasm(\.br)?$/.test(f)).map((f) => `/${relative(root, f).split('\\').join('/')}`);
    assert.deepEqual(wasm, [WASM_PATH], 'exactly one Wasm file, the .wasm.br, where init() looks');
    assert.ok(readFileSync(join(root, WASM_PATH)).equals(readFileSync(join(REPO, 'pkg', 'miniprogram', 'health_steward_bg.wasm.br'))));
    // The library's JavaScript is inside the framework's bundle, not a runtime npm folder.
    assert.ok(!files.some((f) => /[\\/](node_modules|miniprogram_npm)[\\/]/.test(f)), 'no npm folder in the output');
    const glue = files.filter((f) => f.endsWith('.js') && readFileSync(f, 'utf8').includes('WXWebAssembly'));
    assert.ok(glue.length >= 1, 'the loader (WXWebAssembly.instantiate) is bundled');
    // WeChat's limit for the main package is 2 MB.
    assert.ok(bytes < 2 * 1024 * 1024, `output ${bytes} bytes exceeds the 2 MB main-package limit`);
  });

  test(`${name}: the page renders the form in Chinese with English`, async () => {
    const { loadMiniProgram } = await import('./mp-app.mjs');
    mp = loadMiniProgram(root);
    page = await mp.open(PAGE);
    await page.until(() => page.find('#assess'), 'the form');
    assert.match(page.text('#assess'), /评估风险/);
    assert.match(page.text('#assess'), /Assess/);
    assert.equal(page.find('#result'), null, 'no result before the tap');
    assert.deepEqual(mp.calls, [], 'the Wasm is loaded on first use, not at launch');
    for (const name of ['TextEncoder', 'TextDecoder', 'fetch', 'WebAssembly']) assert.equal(typeof globalThis[name], 'undefined');
  });

  test(`${name}: tapping the button shows the China-PAR risk, label and summary the library computes`, async () => {
    assert.ok(page, 'page not rendered');
    await page.tap('#assess');
    await page.until(() => page.find('#label') || page.find('#error'), 'the result');
    assert.equal(page.text('#error'), null);
    assert.deepEqual(mp.calls, [WASM_PATH], 'instantiated once, by package path');
    assert.equal(page.text('#value'), `${want.example.value}%`);
    assert.equal(page.text('#label'), want.example.label);
    assert.equal(page.text('#summary'), want.example.summary);
    assert.match(page.text('#label'), /[\u4e00-\u9fff]/, 'Chinese by default');
    assert.ok(page.classes('#result').includes(want.example.category), 'card coloured by category');
  });

  test(`${name}: every field and the language reach the library (English result)`, async () => {
    assert.ok(page, 'page not rendered');
    await page.tap('#sex-female');
    await page.input('#in-age', EDITED.age);
    await page.input('#in-sbp', EDITED.sbp);
    await page.change('#in-onAntihypertensives', true);
    await page.input('#in-totalCholesterol', EDITED.totalCholesterol);
    await page.input('#in-hdlCholesterol', EDITED.hdlCholesterol);
    await page.input('#in-waistCm', EDITED.waistCm);
    await page.change('#in-smoker', false);
    await page.change('#in-diabetes', true);
    await page.change('#in-familyAscvd', true);
    await page.tap('#region-south');
    await page.tap('#residence-rural');
    await page.tap('#lang');
    assert.equal(page.text('#lang'), '中文');
    await page.tap('#assess');
    await page.until(() => page.text('#summary') === want.edited.summary, 'the English result');
    assert.equal(page.text('#value'), `${want.edited.value}%`);
    assert.equal(page.text('#label'), want.edited.label);
    assert.notEqual(want.edited.value, want.example.value);
    assert.equal(mp.calls.length, 1, 'the module is instantiated only once');
  });

  test(`${name}: bad input shows the library's own worded error, not a result`, async () => {
    assert.ok(page, 'page not rendered');
    await page.tap('#lang');
    for (const [k, v] of Object.entries({ age: 58, totalCholesterol: 5.6, hdlCholesterol: 1.1, waistCm: 92 })) await page.input(`#in-${k}`, v);
    await page.tap('#sex-male');
    await page.change('#in-onAntihypertensives', false);
    await page.change('#in-smoker', true);
    await page.change('#in-diabetes', false);
    await page.change('#in-familyAscvd', false);
    await page.tap('#region-north');
    await page.tap('#residence-urban');
    await page.input('#in-sbp', 500);
    await page.tap('#assess');
    await page.until(() => page.find('#error'), 'the error');
    assert.equal(want.sbp500.field, 'profile.sbp');
    assert.equal(page.text('#error'), want.sbp500.message);
    assert.equal(page.find('#result'), null);
    assert.doesNotMatch(page.text('#error'), /profile\.|OUT_OF_RANGE/, 'no path or code name in resident text');
    await page.input('#in-sbp', EXAMPLE.sbp);
    await page.input('#in-age', '');
    await page.tap('#assess');
    await page.until(() => page.text('#error') === want.noAge.message, 'the missing-age message');
    await page.input('#in-age', EXAMPLE.age);
    await page.tap('#assess');
    await page.until(() => page.find('#label'), 'the result again');
    assert.equal(page.text('#label'), want.example.label);
    assert.equal(page.find('#error'), null);
  });
}
