// health-steward for WeChat mini programs (and Alipay / Douyin when their globals are present).
//
//   import { init, assessRisk } from 'health-steward/miniprogram';
//   await init('/lib/health-steward/health_steward_bg.wasm.br');   // a path inside the package
//   const report = assessRisk(profile, { locale: 'zh-CN' });
//
// The runtime has no `WebAssembly` global: the module is instantiated by path through
// `WXWebAssembly.instantiate(path, imports)` (base library ≥ 2.13; `.wasm.br` from 2.14).
// Its result is `{ instance }` or the instance itself depending on the version: both work.
import * as glue from './health_steward_bg.js';

export * from './health_steward.js';

const IMPORT_MODULE = './health_steward_bg.js';
let ready = null;

function runtime() {
  const g = typeof globalThis !== 'undefined' ? globalThis : {};
  /* global WXWebAssembly, MYWebAssembly, TTWebAssembly */
  if (typeof WXWebAssembly !== 'undefined') return WXWebAssembly;
  if (g.WXWebAssembly) return g.WXWebAssembly;
  if (typeof MYWebAssembly !== 'undefined') return MYWebAssembly; // Alipay (Workers only)
  if (g.MYWebAssembly) return g.MYWebAssembly;
  if (typeof TTWebAssembly !== 'undefined') return TTWebAssembly; // Douyin
  if (g.TTWebAssembly) return g.TTWebAssembly;
  return null;
}

/**
 * Instantiates the module from `path`, an absolute path to the `.wasm.br` (or `.wasm`) file
 * inside the mini program package. Resolves once the API is ready; later calls share the same
 * promise. A failed load can be retried.
 */
export function init(path) {
  if (ready) return ready;
  if (typeof path !== 'string' || path.length === 0) {
    return Promise.reject(new TypeError('init(path) needs the path of health_steward_bg.wasm.br inside the package'));
  }
  const rt = runtime();
  if (!rt || typeof rt.instantiate !== 'function') {
    return Promise.reject(new Error('No WXWebAssembly (or MYWebAssembly / TTWebAssembly) in this runtime'));
  }
  const imports = { [IMPORT_MODULE]: glue };
  ready = Promise.resolve()
    .then(() => rt.instantiate(path, imports))
    .then((result) => {
      const instance = result && result.instance ? result.instance : result;
      if (!instance || !instance.exports) throw new Error('WXWebAssembly.instantiate returned no instance');
      glue.__wbg_set_wasm(instance.exports);
      if (typeof instance.exports.__wbindgen_start === 'function') instance.exports.__wbindgen_start();
    })
    .catch((err) => {
      ready = null;
      throw err;
    });
  return ready;
}
