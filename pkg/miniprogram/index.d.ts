// Types of the mini-program entry (`health-steward/miniprogram`; WeChat's "构建 npm" through the
// `miniprogram` field of package.json).
export * from '../index.js';

/**
 * Instantiates the module through `WXWebAssembly.instantiate(path, imports)` (or Alipay's
 * `MYWebAssembly` / Douyin's `TTWebAssembly`). `path` is an absolute path inside the mini
 * program package, e.g. `/miniprogram_npm/health-steward/health_steward_bg.wasm.br`.
 */
export function init(path: string): Promise<void>;
