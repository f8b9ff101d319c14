// The package as a consumer receives it: `npm pack` of pkg/ (built by `make pkg`), unpacked into
// node_modules/health-steward of a fresh app folder. Shared by the package, typings, README and
// bundler tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const pkgDir = join(repoRoot, 'pkg');

let tarball = null;

/** Packs pkg/ once per process; returns the path of the .tgz. */
export function packTarball() {
  if (tarball) return tarball;
  const dest = mkdtempSync(join(tmpdir(), 'hs-pack-'));
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  tarball = join(dest, info.filename);
  return tarball;
}

/** Unpacks the tarball into `<appDir>/node_modules/health-steward` (what `npm install` puts there). */
export function unpackInto(appDir) {
  const target = join(appDir, 'node_modules', 'health-steward');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', packTarball(), '-C', target, '--strip-components=1']);
  return target;
}

/** A fresh app folder (package.json with `type`) with the package unpacked into it. */
export function freshApp(type = 'module', prefix = 'hs-app-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }, null, 2));
  unpackInto(dir);
  return dir;
}
