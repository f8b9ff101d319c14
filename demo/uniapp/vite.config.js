// uni-app (Vue 3) build of the health-steward example. `healthSteward()` emits
// health_steward_bg.wasm.br at lib/health-steward/ in the output (see src/health.js).
import { defineConfig } from 'vite';
import uni from '@dcloudio/vite-plugin-uni';
import healthSteward from 'health-steward/frameworks/vite';

export default defineConfig({
  plugins: [uni(), healthSteward()],
});
