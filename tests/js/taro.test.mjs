// The Taro 4 (React) example, demo/taro: built with `taro build --type weapp` from its lockfile,
// run as a WeChat mini program in miniprogram-simulate with the fake WXWebAssembly.
import { chinaParAppTests } from './support/china-par-app.mjs';

chinaParAppTests({ name: 'Taro', dir: 'demo/taro', script: 'build:weapp', output: 'dist' });
