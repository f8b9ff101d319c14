// The mini-program package in a simulated WeChat device runtime (see support/wx-runtime.mjs):
// no TextEncoder/TextDecoder, fetch, WebAssembly or FinalizationRegistry; WXWebAssembly by path.
import test from 'node:test';
import assert from 'node:assert/strict';
import { installWxRuntime, PACKAGE_PREFIX } from './support/wx-runtime.mjs';

const { calls } = installWxRuntime({ shape: 'wrapped' });

const mp = await import('../../pkg/miniprogram/index.js');

test('init rejects bad paths and loads from a package path', async () => {
  await assert.rejects(() => mp.init(), TypeError);
  await assert.rejects(() => mp.init('https://example.com/x.wasm.br'), /not a code package path/);
  await mp.init(`${PACKAGE_PREFIX}health_steward_bg.wasm.br`);
  assert.match(mp.version(), /^\d+\.\d+\.\d+/);
  // Idempotent: the same promise, no second instantiate.
  const n = calls.length;
  await mp.init(`${PACKAGE_PREFIX}health_steward_bg.wasm.br`);
  assert.equal(calls.length, n);
});

test('the runtime really lacks the globals the glue must not need', () => {
  for (const name of ['TextEncoder', 'TextDecoder', 'fetch', 'WebAssembly', 'FinalizationRegistry']) {
    assert.equal(typeof globalThis[name], 'undefined', name);
  }
});

test('Chinese text round-trips through the UTF-8 shim', () => {
  // The id goes in through the encoder and comes back inside the decoded error message.
  assert.throws(() => mp.assessModel('中文模型😀', { sex: 'male' }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'UNKNOWN_MODEL');
    assert.equal(e.message, '未知的模型：中文模型😀。');
    return true;
  });
  const catalog = mp.modelCatalog('zh-CN');
  assert.ok(Array.isArray(catalog));
});

test('an error keeps its code and field in the mini-program runtime', () => {
  assert.throws(() => mp.assessRisk({ sex: 'female', waistCm: 'wide' }, { locale: 'en' }), (e) => {
    assert.equal(e.code, 'INVALID_INPUT');
    assert.equal(e.field, 'profile.waistCm');
    return true;
  });
});

test('the UTF-8 shim matches the WHATWG encoder on tricky strings', async () => {
  const { Utf8Encoder, Utf8Decoder } = await import('../../pkg/miniprogram/utf8.js');
  const { TextEncoder: NodeEncoder, TextDecoder: NodeDecoder } = await import('node:util');
  const enc = new Utf8Encoder();
  const dec = new Utf8Decoder('utf-8', { ignoreBOM: true });
  for (const s of ['', 'abc', '高血压 2 级', '𠀀😀', '\ud800x', 'x\udc00', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
    const mine = enc.encode(s);
    assert.deepEqual(Array.from(mine), Array.from(new NodeEncoder().encode(s)), JSON.stringify(s));
    assert.equal(dec.decode(mine), new NodeDecoder('utf-8', { ignoreBOM: true }).decode(mine));
  }
  const invalid = new Uint8Array([0x61, 0xff, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80]);
  assert.equal(dec.decode(invalid), new NodeDecoder('utf-8').decode(invalid));
  const into = new Uint8Array(4);
  assert.deepEqual(enc.encodeInto('中文', into), { read: 1, written: 3 });
});
