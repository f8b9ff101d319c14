// health-steward for Node (CommonJS): ready on require, no init needed.
//   const { assessRisk } = require('health-steward');
// The module is the speed build shared with the web entry (../web/health_steward_bg.wasm); the
// glue is the package's one CommonJS glue (../miniprogram/health_steward.js). `init()` and
// `initSync()` exist so that code written for the web entry runs unchanged here.
'use strict';
const { readFileSync } = require('fs');
const { join } = require('path');
const glue = require('../miniprogram/health_steward.js');

if (!glue.__hsReady()) {
  const bytes = readFileSync(join(__dirname, '..', 'web', 'health_steward_bg.wasm'));
  glue.__hsSetInstance(new WebAssembly.Instance(new WebAssembly.Module(bytes), glue.__hsImports()));
}

/** The module is instantiated on require: resolves at once (any argument is ignored). */
function init() {
  return Promise.resolve();
}
/** The module is instantiated on require: nothing to do. */
function initSync() {}

function __exportStar(from, to) {
  for (const k of Object.keys(from)) if (k !== 'default' && !Object.prototype.hasOwnProperty.call(to, k)) to[k] = from[k];
}
__exportStar(require('../miniprogram/health_steward.js'), exports);
exports.default = init;
exports.initSync = initSync;
