// Some WeChat base library versions resolve WXWebAssembly.instantiate to the bare instance
// instead of { instance }: the loader accepts both (its own process: one instance per glue).
// The package ships only the .wasm.br; an app may still decompress it into a plain .wasm inside
// its code package (base library 2.13 reads no .br), so that path is tested from a copy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { installWxRuntime, PACKAGE_PREFIX } from './support/wx-runtime.mjs';

const copy = mkdtempSync(join(tmpdir(), 'hs-mp-'));
const br = readFileSync(new URL('../../pkg/miniprogram/health_steward_bg.wasm.br', import.meta.url));
writeFileSync(join(copy, 'health_steward_bg.wasm'), brotliDecompressSync(br));

installWxRuntime({ shape: 'bare', root: `${copy}/` });
const mp = await import('../../pkg/miniprogram/index.js');

test('a runtime that returns the bare instance works, from an uncompressed .wasm too', async () => {
  await mp.init(`${PACKAGE_PREFIX}health_steward_bg.wasm`);
  assert.match(mp.version(), /^\d+\.\d+\.\d+/);
  assert.throws(() => mp.assessRisk({ sex: 'male', sbp: 'high' }, { locale: 'en' }), (e) => e.code === 'INVALID_INPUT' && e.field === 'profile.sbp');
});
