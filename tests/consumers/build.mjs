// Bundles the consumer app (./app, copied by the test next to an unpacked health-steward) with
// each bundler, exactly as docs/packaging.md says, into `outDir` with an index.html.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BUNDLERS = ['vite', 'webpack', 'esbuild', 'rollup'];

function page(outDir, script) {
  const html = readFileSync(new URL('./app/index.html', import.meta.url), 'utf8').replace('/src/main.js', script);
  writeFileSync(join(outDir, 'index.html'), html);
}

export async function bundle(bundler, appDir, outDir) {
  mkdirSync(outDir, { recursive: true });
  if (bundler === 'vite') {
    const { build } = await import('vite');
    await build({ root: appDir, logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
    return;
  }
  if (bundler === 'webpack') {
    const { default: webpack } = await import('webpack');
    const stats = await new Promise((resolve, reject) => {
      webpack({
        mode: 'production',
        target: 'web',
        context: appDir,
        entry: './src/main.js',
        output: { path: outDir, filename: 'main.js', publicPath: 'auto' },
      }, (err, s) => (err ? reject(err) : resolve(s)));
    });
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    page(outDir, './main.js');
    return;
  }
  if (bundler === 'esbuild') {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [join(appDir, 'src', 'main-url.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outdir: outDir,
      loader: { '.wasm': 'file' },
      logLevel: 'silent',
    });
    page(outDir, './main-url.js');
    return;
  }
  if (bundler === 'rollup') {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const { default: url } = await import('@rollup/plugin-url');
    const b = await rollup({
      input: join(appDir, 'src', 'main-url.js'),
      onwarn: () => {},
      plugins: [nodeResolve({ browser: true }), url({ include: ['**/*.wasm'], limit: 0, fileName: '[name]-[hash][extname]' })],
    });
    await b.write({ dir: outDir, format: 'es' });
    await b.close();
    page(outDir, './main-url.js');
    return;
  }
  throw new Error(`unknown bundler ${bundler}`);
}

/** Copies the app sources into `appDir` (which already has node_modules/health-steward). */
export function copyApp(appDir) {
  mkdirSync(join(appDir, 'src'), { recursive: true });
  copyFileSync(new URL('./app/index.html', import.meta.url), join(appDir, 'index.html'));
  for (const f of ['main.js', 'main-url.js', 'show.js']) copyFileSync(new URL(`./app/src/${f}`, import.meta.url), join(appDir, 'src', f));
}
