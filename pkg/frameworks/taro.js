// Taro plugin: copies the mini-program Wasm into the build output so that
// `init('/lib/health-steward/health_steward_bg.wasm.br')` finds it (Taro 3.5+ / 4, webpack or vite).
//
//   // config/index.js
//   plugins: ['health-steward/frameworks/taro'],
//   // or, for another folder (e.g. a subpackage): [['health-steward/frameworks/taro', { dir: 'health/lib' }]]
//
// Taro cannot `import` a `.wasm`/`.wasm.br` for a mini program (NervJS/taro#15112); the library's
// JavaScript is bundled as usual, and only the Wasm file is copied, through Taro's own `copy.patterns`.
'use strict';
const { join } = require('node:path');
const { wasmFile } = require('./wasm-file.js');

module.exports = function healthStewardTaro(ctx, options) {
  const { source, file } = wasmFile(options || {});
  ctx.modifyRunnerOpts(({ opts }) => {
    const outputPath = (ctx.paths && ctx.paths.outputPath) || join(ctx.paths.appPath, opts.outputRoot || 'dist');
    opts.copy = opts.copy || {};
    opts.copy.patterns = [...(opts.copy.patterns || []), { from: source, to: join(outputPath, file) }];
  });
  // The ~300 KB file is meant to be large: keep webpack's size hints for the other assets only.
  // (Only the webpack runners call this hook.)
  ctx.modifyWebpackChain(({ chain }) => {
    chain.performance.assetFilter((name) => !name.endsWith('.wasm.br') && !name.endsWith('.map'));
  });
};
