// Taro build configuration of the health-steward example (weapp).
import { defineConfig } from '@tarojs/cli';

export default defineConfig({
  projectName: 'health-steward-taro-example',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: 'dist',
  // Copies health_steward_bg.wasm.br to dist/lib/health-steward/ (see src/health.js).
  plugins: ['health-steward/frameworks/taro'],
  framework: 'react',
  compiler: { type: 'webpack5', prebundle: { enable: false } },
  cache: { enable: false },
  mini: {
    postcss: { pxtransform: { enable: true, config: {} } },
  },
});
