// health-steward for browsers and mobile web (ES module).
//
//   import init, { assessRisk } from 'health-steward';
//   await init();                       // fetches health_steward_bg.wasm next to this file
//   await init('/static/hs.wasm');      // or a URL / Request
//   await init(bytes);                  // or an ArrayBuffer / Uint8Array
//   await init(compiledModule);         // or a WebAssembly.Module
//   initSync(bytesOrModule);            // synchronous, from bytes or a module
//
// The host decides how the module is loaded (no hidden network access beyond the default URL).
import wbInit, { initSync as wbInitSync } from './health_steward.js';

export * from './health_steward.js';

let ready = null;

/** Loads and instantiates the Wasm module once; later calls return the same promise. */
export default function init(input) {
  if (ready) return ready;
  const arg = input === undefined ? undefined : { module_or_path: input };
  ready = wbInit(arg).then(
    () => undefined,
    (err) => {
      ready = null;
      throw err;
    },
  );
  return ready;
}

/** Instantiates synchronously from bytes (ArrayBuffer, typed array) or a WebAssembly.Module. */
export function initSync(input) {
  if (input === undefined || input === null) {
    throw new TypeError('initSync needs the module bytes or a WebAssembly.Module');
  }
  wbInitSync({ module: input });
  ready = Promise.resolve();
}
