// Where the mini-program Wasm comes from and where the framework plugins put it.
//
// WeChat (and Douyin / Alipay) instantiate Wasm only by the path of a file inside the code
// package: `WXWebAssembly.instantiate('/lib/health-steward/health_steward_bg.wasm.br', imports)`.
// A bundler must therefore copy the `.wasm.br` as a file next to the pages instead of importing it
// (importing is what fails in Taro and uni-app weapp builds). Both plugins in this folder copy
// `miniprogram/health_steward_bg.wasm.br` to `<output>/<WASM_FILE>`; the app then calls
// `init(WASM_PATH)`.
'use strict';
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** The file inside the package. */
const WASM_SOURCE = resolve(__dirname, '..', 'miniprogram', 'health_steward_bg.wasm.br');
/** Its place inside the built mini program, relative to the output root. */
const WASM_FILE = 'lib/health-steward/health_steward_bg.wasm.br';
/** The absolute package path to give to `init(path)`. */
const WASM_PATH = `/${WASM_FILE}`;

/**
 * Checks the options shared by the plugins and returns `{ source, file, path }`.
 * `options.dir` moves the file to another folder of the output (e.g. a subpackage root).
 */
function wasmFile(options = {}) {
  const dir = options.dir === undefined ? 'lib/health-steward' : String(options.dir).replace(/^\/+|\/+$/g, '');
  if (dir.split('/').some((part) => part === '..')) {
    throw new Error(`health-steward: options.dir must stay inside the mini program (got "${options.dir}") / dir 必须在小程序目录之内`);
  }
  const source = options.source ? resolve(options.source) : WASM_SOURCE;
  if (!existsSync(source)) {
    throw new Error(`health-steward: ${source} is missing; is the package installed completely? / 找不到 Wasm 文件，请重新安装 health-steward`);
  }
  const file = dir ? join(dir, 'health_steward_bg.wasm.br').split('\\').join('/') : 'health_steward_bg.wasm.br';
  return { source, file, path: `/${file}` };
}

module.exports = { WASM_SOURCE, WASM_FILE, WASM_PATH, wasmFile };
