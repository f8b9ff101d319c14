// The framework plugins of the package (pkg/frameworks/): what they copy, where, and their errors.
// The end-to-end builds with the real CLIs are in taro.test.mjs and uniapp.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const pkg = new URL('../../pkg/', import.meta.url).pathname;
const wasm = join(pkg, 'miniprogram', 'health_steward_bg.wasm.br');
const vite = require(join(pkg, 'frameworks', 'vite.js'));
const taro = require(join(pkg, 'frameworks', 'taro.js'));

function emitted(plugin) {
  const files = [];
  plugin.generateBundle.call({ emitFile: (f) => files.push(f) });
  return files;
}

function taroHooks(options, config = {}) {
  const hooks = {};
  const ctx = {
    paths: { appPath: '/app', outputPath: '/app/dist' },
    modifyRunnerOpts: (fn) => { hooks.runnerOpts = fn; },
    modifyWebpackChain: (fn) => { hooks.webpackChain = fn; },
  };
  taro(ctx, options);
  hooks.runnerOpts({ opts: config });
  return { hooks, config };
}

test('vite plugin: emits the package .wasm.br at lib/health-steward/ during builds only', () => {
  const plugin = vite();
  assert.equal(plugin.apply, 'build');
  const [file] = emitted(plugin);
  assert.equal(file.type, 'asset');
  assert.equal(file.fileName, 'lib/health-steward/health_steward_bg.wasm.br');
  assert.ok(Buffer.from(file.source).equals(readFileSync(wasm)));
  assert.equal(vite.default, vite);
  assert.equal(vite.healthSteward, vite);
});

test('vite plugin: { dir } moves the file, e.g. into a subpackage; leading/trailing slashes are ignored', () => {
  assert.equal(emitted(vite({ dir: '/health/lib/' }))[0].fileName, 'health/lib/health_steward_bg.wasm.br');
  assert.equal(emitted(vite({ dir: '' }))[0].fileName, 'health_steward_bg.wasm.br');
});

test('plugins refuse a folder outside the mini program and a missing file, in Chinese and English', () => {
  assert.throws(() => vite({ dir: '../outside' }), /must stay inside the mini program.*必须在小程序目录之内/);
  assert.throws(() => taro({ modifyRunnerOpts() {}, modifyWebpackChain() {} }, { dir: 'a/../../b' }), /must stay inside/);
  assert.throws(() => vite({ source: '/nonexistent/health_steward_bg.wasm.br' }), /is missing.*找不到 Wasm 文件/);
});

test('taro plugin: appends one copy pattern into the output folder and keeps the app\'s own', () => {
  const own = { from: 'src/assets', to: 'dist/assets' };
  const { config } = taroHooks(undefined, { copy: { patterns: [own] } });
  assert.deepEqual(config.copy.patterns, [own, { from: wasm, to: '/app/dist/lib/health-steward/health_steward_bg.wasm.br' }]);
  const bare = taroHooks({ dir: 'health/lib' }).config;
  assert.deepEqual(bare.copy.patterns, [{ from: wasm, to: '/app/dist/health/lib/health_steward_bg.wasm.br' }]);
});

test('taro plugin: webpack size hints leave out the .wasm.br but still cover other assets', () => {
  const { hooks } = taroHooks();
  let filter;
  hooks.webpackChain({ chain: { performance: { assetFilter: (f) => { filter = f; } } } });
  assert.equal(filter('lib/health-steward/health_steward_bg.wasm.br'), false);
  assert.equal(filter('pages/index/index.js'), true);
});
