// `health-steward/wasm` through `require`: the speed build's module file
// (web/health_steward_bg.wasm). A bundler's file/asset loader makes `require` return the URL of
// the emitted file (docs/packaging.md):
//
//   const { default: init } = require('health-steward');
//   init(require('health-steward/wasm'));

/** The URL of the emitted `.wasm` file, as the bundler's file/asset loader gives it. */
declare const wasmUrl: string;
export = wasmUrl;
