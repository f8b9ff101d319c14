// A simulated WeChat mini-program device runtime for Node tests: removes TextEncoder,
// TextDecoder, fetch, WebAssembly and FinalizationRegistry from globalThis and installs a fake
// WXWebAssembly that only instantiates files inside the code package by absolute path and
// decodes .wasm.br (base library >= 2.14). `shape` chooses the result shape of instantiate
// ('wrapped' → { instance }, 'bare' → the instance): the docs and typings disagree.
// node --test runs each test file in its own process, so the deletions stay contained.
import { readFileSync, existsSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const PACKAGE_PREFIX = '/lib/health-steward/';
const packageRoot = fileURLToPath(new URL('../../../pkg/miniprogram/', import.meta.url));

export function installWxRuntime({ shape = 'wrapped', root = packageRoot, prefix = PACKAGE_PREFIX } = {}) {
  const RealWebAssembly = globalThis.WebAssembly;
  for (const name of ['TextEncoder', 'TextDecoder', 'fetch', 'WebAssembly', 'FinalizationRegistry']) {
    delete globalThis[name];
    if (typeof globalThis[name] !== 'undefined') throw new Error(`could not remove ${name}`);
  }
  const calls = [];
  globalThis.WXWebAssembly = {
    async instantiate(path, imports) {
      calls.push(path);
      if (typeof path !== 'string') throw new TypeError('WXWebAssembly.instantiate: path must be a string');
      if (!path.startsWith(prefix)) throw new Error(`not a code package path: ${path}`);
      const file = root + path.slice(prefix.length);
      if (!existsSync(file)) throw new Error(`no such file in the package: ${path}`);
      let bytes = readFileSync(file);
      if (path.endsWith('.br')) bytes = brotliDecompressSync(bytes);
      else if (!path.endsWith('.wasm')) throw new Error('only .wasm and .wasm.br files');
      const { instance } = await RealWebAssembly.instantiate(bytes, imports);
      return shape === 'wrapped' ? { instance } : instance;
    },
  };
  return { calls, RealWebAssembly };
}

/** wx's synchronous storage over `storage` (a Map), as JSON text like the real runtime keeps it. */
export function wxStorage(storage) {
  return {
    getStorageSync: (k) => (storage.has(k) ? JSON.parse(storage.get(k)) : ''),
    setStorageSync: (k, v) => { storage.set(k, JSON.stringify(v)); },
    removeStorageSync: (k) => { storage.delete(k); },
  };
}
