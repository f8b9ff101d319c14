// Vite plugin: emits the mini-program Wasm into the build output so that
// `init('/lib/health-steward/health_steward_bg.wasm.br')` finds it. For uni-app (Vue 3 / Vite CLI)
// and any other Vite or Rollup build of a mini program.
//
//   // vite.config.js
//   import uni from '@dcloudio/vite-plugin-uni';
//   import healthSteward from 'health-steward/frameworks/vite';
//   export default { plugins: [uni(), healthSteward()] };
//   // another folder (e.g. a subpackage): healthSteward({ dir: 'health/lib' })
//
// A mini program cannot import a `.wasm` (no `WebAssembly` global, no fetch; dcloudio/uni-app#1329):
// the file is emitted as an asset at a fixed path and instantiated by that path, while the library's
// JavaScript is bundled as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { wasmFile } = require('./wasm-file.js');

function healthSteward(options) {
  const { source, file } = wasmFile(options || {});
  return {
    name: 'health-steward-wasm',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: file, source: readFileSync(source) });
    },
  };
}

module.exports = healthSteward;
module.exports.default = healthSteward;
module.exports.healthSteward = healthSteward;
