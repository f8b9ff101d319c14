// Runs a built WeChat mini program (the weapp output of Taro, uni-app or a hand-written one) in
// Node as the device would: the simulated device runtime of wx-runtime.mjs (no TextEncoder,
// TextDecoder, fetch, WebAssembly; WXWebAssembly by package path only), the `App`, `Page`,
// `getApp` and `getCurrentPages` globals of the mini-program runtime, and miniprogram-simulate
// rendering each page with WeChat's own WXML compiler (`compiler: 'official'`, the Linux `wcc` of
// miniprogram-compiler), because framework output relies on <import>, dynamic <template is> and
// <wxs src>, which the simulator's pure-JS compiler does not implement.
//
// miniprogram-simulate only knows `Component`; `Page(options)` is registered the way WeChat treats
// a page built with `Component`: functions become methods, `data` stays data. Page lifecycles are
// called by `open()` in WeChat's order (onLoad, onShow, onReady).
//
// node --test runs each test file in its own process, so the globals stay contained.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installWxRuntime } from './wx-runtime.mjs';

const require = createRequire(import.meta.url);

/** Loads the mini program in `root` (the folder with app.js / app.json). */
export function loadMiniProgram(root) {
  require('./mini-dom.cjs').installMiniDom();
  // Node's lazy fetch classes load undici, which needs the WebAssembly global removed below; a
  // device has none of them either.
  for (const name of ['FormData', 'Headers', 'Request', 'Response']) delete globalThis[name];
  const { calls } = installWxRuntime({ root: `${root}/`, prefix: '/' });
  const simulate = require('miniprogram-simulate');

  let appOptions = null;
  const pages = [];
  globalThis.App = (options) => {
    if (appOptions) throw new Error('App() called twice');
    appOptions = options;
  };
  globalThis.getApp = () => appOptions;
  globalThis.getCurrentPages = () => pages.slice();
  globalThis.Page = (options) => {
    const data = {};
    const methods = {};
    for (const [key, value] of Object.entries(options)) {
      if (key === 'data') Object.assign(data, value);
      else if (typeof value === 'function') methods[key] = value;
    }
    globalThis.Component({ data, methods });
  };

  const appJson = JSON.parse(require('node:fs').readFileSync(join(root, 'app.json'), 'utf8'));
  require(join(root, 'app.js'));
  if (!appOptions) throw new Error(`${root}/app.js did not call App()`);
  const launch = { path: appJson.pages[0], query: {}, scene: 1001 };
  appOptions.onLaunch?.call(appOptions, launch);
  appOptions.onShow?.call(appOptions, launch);

  /** Renders page `route` (e.g. 'pages/index/index') and runs its load lifecycles. */
  async function open(route, query = {}) {
    const id = simulate.load(join(root, route), { compiler: 'official', rootPath: root });
    const comp = simulate.render(id);
    comp.attach(document.createElement('parent-wrapper'));
    const page = comp.instance;
    page.route = page.__route__ = route;
    page.options = query;
    pages.push(page);
    await page.onLoad?.(query);
    await page.onShow?.();
    await page.onReady?.();
    return pageDriver(comp, simulate);
  }

  return { open, calls, app: appOptions, simulate };
}

/** Reads and drives a rendered page by CSS id/class selectors, as a resident would. */
function pageDriver(comp, simulate) {
  // Frameworks render in batches after a state change (microtasks, timers): count the page's
  // setData calls to know when an action has been fully rendered.
  let renders = 0;
  const setData = comp.instance.setData;
  comp.instance.setData = function countedSetData(...args) {
    renders += 1;
    return setData.apply(this, args);
  };
  /** Returns once no setData happened for `rounds` consecutive timer turns (and at least 20 ms). */
  async function settled(rounds = 5) {
    const start = Date.now();
    let quiet = 0;
    let seen = renders;
    while (quiet < rounds || Date.now() - start < 20) {
      await simulate.sleep(1);
      if (renders === seen) quiet += 1;
      else {
        seen = renders;
        quiet = 0;
      }
    }
  }
  const find = (sel) => comp.querySelector(sel) || null;
  const must = (sel) => {
    const el = find(sel);
    if (!el) throw new Error(`no ${sel} on the page`);
    return el;
  };
  const text = (sel) => {
    const el = find(sel);
    return el ? el.dom.textContent.trim() : null;
  };
  return {
    comp,
    find,
    settled,
    /** The classes of the element, without the simulator's component prefix (`main--`). */
    classes: (sel) => must(sel).dom.className.split(/\s+/).map((c) => c.replace(/^[\w-]*?--/, '')),
    text,
    /** The whole page as text (what a screen reader would read). */
    content: () => comp.dom.textContent,
    async tap(sel) {
      must(sel).dispatchEvent('tap');
      await settled();
    },
    async input(sel, value) {
      must(sel).dispatchEvent('input', { detail: { value: String(value) } });
      await settled();
    },
    async change(sel, value) {
      must(sel).dispatchEvent('change', { detail: { value } });
      await settled();
    },
    /** Waits until `predicate()` is truthy (the Wasm loads asynchronously); fails after `ms`. */
    async until(predicate, what = 'the page to update', ms = 5000) {
      const end = Date.now() + ms;
      for (;;) {
        const value = predicate();
        if (value) return value;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await simulate.sleep(10);
      }
    },
  };
}
