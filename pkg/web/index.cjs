// health-steward for browsers, CommonJS (`require('health-steward')` in a browser bundle, Jest
// with jsdom). CommonJS has no `import.meta.url`, so `init` needs to be told where the module is:
//
//   const { default: init, assessRisk } = require('health-steward');
//   await init(require('health-steward/wasm'));   // the URL your bundler gives the .wasm
//   await init(bytes);                            // or its bytes, a Response or a WebAssembly.Module
//   initSync(bytesOrModule);                      // synchronous
//
// The glue is the package's one CommonJS glue; the ES module entry (./index.js) needs no URL.
'use strict';
const glue = require('../miniprogram/health_steward.js');

let ready = null;

function instantiateModule(module) {
  glue.__hsSetInstance(new WebAssembly.Instance(module, glue.__hsImports()));
}

async function load(source) {
  const imports = glue.__hsImports();
  if (typeof source === 'string' || (typeof URL !== 'undefined' && source instanceof URL) || (typeof Request !== 'undefined' && source instanceof Request)) {
    source = await fetch(source);
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new Error(`health-steward: fetching the module failed: HTTP ${source.status} ${source.url}`);
    const streaming = typeof WebAssembly.instantiateStreaming === 'function'
      && (source.headers.get('Content-Type') || '').toLowerCase().startsWith('application/wasm');
    const result = streaming
      ? await WebAssembly.instantiateStreaming(source, imports)
      : await WebAssembly.instantiate(await source.arrayBuffer(), imports);
    return result.instance;
  }
  if (source instanceof WebAssembly.Module) return new WebAssembly.Instance(source, imports);
  const { instance } = await WebAssembly.instantiate(source, imports);
  return instance;
}

/**
 * Loads and instantiates the module once (later calls share the promise). `input`: the URL of
 * `health_steward_bg.wasm` (string, URL, Request), a Response, its bytes or a compiled module.
 */
function init(input) {
  if (glue.__hsReady()) return Promise.resolve();
  if (ready) return ready;
  if (input === undefined || input === null) {
    return Promise.reject(new TypeError("health-steward: in CommonJS, pass the module to init: its URL (e.g. require('health-steward/wasm') through your bundler's file loader), bytes, a Response or a WebAssembly.Module"));
  }
  ready = Promise.resolve(input)
    .then(load)
    .then((instance) => {
      glue.__hsSetInstance(instance);
    })
    .catch((err) => {
      ready = null;
      throw err;
    });
  return ready;
}

/** Instantiates synchronously from the bytes (ArrayBuffer, typed array) or a WebAssembly.Module. */
function initSync(input) {
  if (glue.__hsReady()) return;
  if (input === undefined || input === null) throw new TypeError('initSync needs the module bytes or a WebAssembly.Module');
  instantiateModule(input instanceof WebAssembly.Module ? input : new WebAssembly.Module(input));
}

function __exportStar(from, to) {
  for (const k of Object.keys(from)) if (k !== 'default' && !Object.prototype.hasOwnProperty.call(to, k)) to[k] = from[k];
}
__exportStar(require('../miniprogram/health_steward.js'), exports);
exports.default = init;
exports.initSync = initSync;
