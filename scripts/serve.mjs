#!/usr/bin/env node
// The demo's static server (node: built-ins only, no downloads):
//   /            → demo/web/
//   /pkg/        → pkg/            (the built package)
//   /vendor/weui/, /vendor/echarts/ → the npm packages (WeUI styles, Apache ECharts)
//
// What a phone on a slow network needs from it:
// - Compression: brotli or gzip (Accept-Encoding) for text, JavaScript, CSS, JSON, SVG and Wasm.
//   Compressed bodies are kept in memory and, for brotli at its best quality (slow: ~8 s for the
//   1 MB Wasm), in target/serve-cache/ keyed by the content hash; until that finishes, a fast
//   brotli level answers.
// - Caching: every response has a strong ETag (content hash) and answers If-None-Match with 304.
//   HTML is `no-cache` (always revalidated). A URL whose `?v=` is the file's current hash is
//   immutable for a year; the HTML pages get those `?v=` on their local href/src/content
//   attributes as they are served, so the stylesheet, the entry module, the Wasm preload and the
//   ECharts URL are fetched once per version. Other modules (imported by the entry) revalidate.
//
// Usage: node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MOUNTS = [
  ['/pkg/', join(root, 'pkg')],
  ['/vendor/weui/', join(root, 'node_modules', 'weui', 'dist', 'style')],
  ['/vendor/echarts/', join(root, 'node_modules', 'echarts', 'dist')],
  ['/', join(root, 'demo', 'web')],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ics': 'text/calendar; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.ics']);
/** Smaller bodies are sent as they are (compression would not pay for its headers). */
const MIN_COMPRESS = 1024;
const YEAR = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const DISK_CACHE = join(root, 'target', 'serve-cache');

const brotli = promisify(zlib.brotliCompress);

export function resolvePath(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  for (const [prefix, dir] of MOUNTS) {
    if (path.startsWith(prefix)) {
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep)) return null; // no escaping the mount
      return file;
    }
  }
  return null;
}

/** One file as served: its bytes, hash and compressed forms (recomputed when the file changes). */
const files = new Map();

function entryOf(file) {
  const st = statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  let e = files.get(file);
  if (e && e.stamp === stamp) return e;
  let body = readFileSync(file);
  const ext = extname(file);
  if (ext === '.html') body = Buffer.from(versionLinks(body.toString('utf8'), file));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  e = { stamp, body, hash, ext, br: null, gzip: null, bestBr: null };
  files.set(file, e);
  return e;
}

/** Adds `?v=<hash>` to the local href/src/content attributes of an HTML page that name a file. */
function versionLinks(html, htmlFile) {
  return html.replace(/\b(href|src|content)="([^"?#:]+)"/g, (all, attr, url) => {
    const target = url.startsWith('/') ? resolvePath(url) : join(dirname(htmlFile), url);
    try {
      if (!target || !statSync(target).isFile() || extname(target) === '.html') return all;
      return `${attr}="${url}?v=${entryOf(target).hash}"`;
    } catch {
      return all;
    }
  });
}

function brotliParams(e, quality) {
  return { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: e.body.length } };
}

/** The best brotli body, from the disk cache or compressed in the background. */
function bestBrotli(e) {
  if (e.bestBr) return;
  const path = join(DISK_CACHE, `${createHash('sha256').update(e.body).digest('hex')}.br`);
  try {
    e.br = readFileSync(path);
    e.bestBr = Promise.resolve(e.br);
    return;
  } catch {
    // not cached yet
  }
  e.bestBr = brotli(e.body, brotliParams(e, 11)).then((buf) => {
    e.br = buf;
    try {
      mkdirSync(DISK_CACHE, { recursive: true });
      writeFileSync(path, buf);
    } catch {
      // a read-only checkout: keep it in memory only
    }
    return buf;
  }, () => null);
}

/** The codings of an Accept-Encoding header with a non-zero quality. */
function acceptedEncodings(header) {
  const out = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/** The encoding to use ('br', 'gzip' or null) and the body in it. */
function encode(e, acceptEncoding) {
  if (!COMPRESSIBLE.has(e.ext) || e.body.length < MIN_COMPRESS) return [null, e.body];
  const accepted = acceptedEncodings(acceptEncoding);
  const accepts = (name) => accepted.has(name);
  if (accepts('br')) {
    bestBrotli(e);
    if (!e.br) e.br = zlib.brotliCompressSync(e.body, brotliParams(e, 5));
    return ['br', e.br];
  }
  if (accepts('gzip')) {
    e.gzip ||= zlib.gzipSync(e.body, { level: 9 });
    return ['gzip', e.gzip];
  }
  return [null, e.body];
}

/** The request handler (also usable inside another server). */
export function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('method not allowed');
    return;
  }
  const url = req.url || '/';
  let file = resolvePath(url);
  let e;
  try {
    if (file && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file || !statSync(file).isFile()) throw new Error('not found');
    e = entryOf(file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': REVALIDATE });
    res.end('not found');
    return;
  }
  const version = new URLSearchParams(url.split('?')[1] || '').get('v');
  const etag = `"${e.hash}"`;
  const headers = {
    'content-type': TYPES[e.ext] || 'application/octet-stream',
    'cache-control': e.ext !== '.html' && version === e.hash ? YEAR : REVALIDATE,
    etag,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
  };
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const [encoding, body] = encode(e, req.headers['accept-encoding']);
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function startServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer(handle);
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', process.env.PORT || 8080));
  const host = arg('--host', '127.0.0.1');
  startServer({ port, host }).then(
    () => console.log(`health-steward demo: http://localhost:${port}/  (Ctrl+C to stop)`),
    (e) => {
      console.error(`cannot listen on ${host}:${port}: ${e.message} (try make demo PORT=8081)`);
      process.exit(1);
    },
  );
}
