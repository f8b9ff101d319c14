// The one place this app talks to health-steward.
//
// The library's JavaScript is bundled by uni-app like any npm module; the Wasm is not imported
// (a mini-program build cannot import .wasm/.wasm.br) but emitted as a file by the Vite plugin
// 'health-steward/frameworks/vite' (vite.config.js) and instantiated by its package path.
import { init, assessModel } from 'health-steward/miniprogram';

export const WASM_PATH = '/lib/health-steward/health_steward_bg.wasm.br';

/** China-PAR 10-year risk of the profile, in `locale` ('zh-CN' or 'en'). Throws the library's Error. */
export async function chinaPar(profile, locale) {
  await init(WASM_PATH);
  return assessModel('china-par', profile, { locale });
}
