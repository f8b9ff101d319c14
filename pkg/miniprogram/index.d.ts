export * from '../index';

/**
 * Instantiates the module through `WXWebAssembly.instantiate(path, imports)` (or Alipay's
 * `MYWebAssembly` / Douyin's `TTWebAssembly`). `path` is an absolute path inside the mini
 * program package, e.g. `/lib/health-steward/health_steward_bg.wasm.br`.
 */
export function init(path: string): Promise<void>;
