#!/usr/bin/env node
// The repository stands alone: a newcomer clones only this repository, so no tracked file may
// read or cite a folder beside it. Fails (exit 1) listing every file and line that references
// the parent folder's `shared` directory or its `reference` subfolder. Run by `make test`.
//
// Tracked files come from `git ls-files`; outside a git checkout (an unpacked archive) every file
// except node_modules/, target/ and the generated artifacts is scanned.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Built from parts so that this file does not match itself.
const SHARED = 'shared';
const PATTERNS = [
  new RegExp(`\\.\\./${SHARED}\\b`),
  new RegExp(`\\b${SHARED}/reference\\b`),
  new RegExp(`/work/${SHARED}\\b`),
];

function trackedFiles() {
  try {
    const out = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\0').filter(Boolean);
  } catch {
    const skip = new Set(['node_modules', 'target', '.git', 'test-artifacts']);
    const files = [];
    const walk = (dir) => {
      for (const name of readdirSync(dir)) {
        if (skip.has(name)) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(relative(root, path));
      }
    };
    walk(root);
    return files;
  }
}

const hits = [];
for (const file of trackedFiles()) {
  let text;
  try {
    const bytes = readFileSync(join(root, file));
    if (bytes.includes(0)) continue; // binary
    text = bytes.toString('utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if (PATTERNS.some((re) => re.test(line))) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
  });
}

if (hits.length) {
  console.error(`FAIL the repository must stand alone; ${hits.length} line(s) reference a folder outside it:`);
  for (const h of hits) console.error(`  ${h}`);
  console.error('Bring the facts into tests/fixtures/ or docs/ (with their primary sources) and cite those instead.');
  process.exit(1);
}
console.log('ok   no tracked file references a folder outside the repository');
