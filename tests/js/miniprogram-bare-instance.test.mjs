// Some WeChat base library versions resolve WXWebAssembly.instantiate to the bare instance
// instead of { instance }: the loader accepts both (its own process: one instance per glue).
import test from 'node:test';
import assert from 'node:assert/strict';
import { installWxRuntime, PACKAGE_PREFIX } from './support/wx-runtime.mjs';

installWxRuntime({ shape: 'bare' });
const mp = await import('../../pkg/miniprogram/index.js');

test('a runtime that returns the bare instance works, from the uncompressed .wasm too', async () => {
  await mp.init(`${PACKAGE_PREFIX}health_steward_bg.wasm`);
  assert.match(mp.version(), /^\d+\.\d+\.\d+/);
  assert.throws(() => mp.assessRisk({ sex: 'male', sbp: 'high' }, { locale: 'en' }), (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.sbp');
});
