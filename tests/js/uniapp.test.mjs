// The uni-app (Vue 3, Vite CLI) example, demo/uniapp: built with `uni build -p mp-weixin` from its
// lockfile, run as a WeChat mini program in miniprogram-simulate with the fake WXWebAssembly.
import { chinaParAppTests } from './support/china-par-app.mjs';

chinaParAppTests({ name: 'uni-app', dir: 'demo/uniapp', script: 'build:mp-weixin', output: 'dist/build/mp-weixin' });
