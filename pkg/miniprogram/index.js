// health-steward for WeChat mini programs (and Alipay / Douyin when their globals are present).
//
//   const { init, assessRisk } = require('health-steward');     // after WeChat's "构建 npm"
//   await init('/miniprogram_npm/health-steward/health_steward_bg.wasm.br');
//   const report = assessRisk(profile, { locale: 'zh-CN' });
//
// CommonJS, so that it runs with or without the developer tools' ES6 → ES5 step. The runtime has
// no `WebAssembly` global: the module is instantiated by path through
// `WXWebAssembly.instantiate(path, imports)` (base library ≥ 2.13; `.wasm.br` from 2.14). Its
// result is `{ instance }` or the instance itself depending on the version: both work.
'use strict';
const glue = require('./health_steward.js');

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
function init(path) {
  if (ready) return ready;
  if (glue.__hsReady()) return (ready = Promise.resolve());
  if (typeof path !== 'string' || path.length === 0) {
    return Promise.reject(new TypeError('init(path) needs the path of health_steward_bg.wasm.br inside the package'));
  }
  const rt = runtime();
  if (!rt || typeof rt.instantiate !== 'function') {
    return Promise.reject(new Error('No WXWebAssembly (or MYWebAssembly / TTWebAssembly) in this runtime'));
  }
  ready = Promise.resolve()
    .then(() => rt.instantiate(path, glue.__hsImports()))
    .then((result) => {
      const instance = result && result.instance ? result.instance : result;
      if (!instance || !instance.exports) throw new Error('WXWebAssembly.instantiate returned no instance');
      glue.__hsSetInstance(instance);
    })
    .catch((err) => {
      ready = null;
      throw err;
    });
  return ready;
}

function __exportStar(from, to) {
  for (const k of Object.keys(from)) if (k !== 'default' && !Object.prototype.hasOwnProperty.call(to, k)) to[k] = from[k];
}
__exportStar(require('./health_steward.js'), exports);
exports.init = init;
