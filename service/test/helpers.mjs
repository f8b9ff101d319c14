// Test helpers: the service as a child process on a free port, plain HTTP, and a throwaway
// PostgreSQL cluster (Debian's binaries, run as the postgres user when we are root).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { PointsEngine, defaultProgram } from 'health-steward';

export { PointsEngine, defaultProgram };
export const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN = { user: 'organiser', password: 'correct horse battery staple' };

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

/**
 * Starts the service on port 0 and resolves when it listens: `node src/server.mjs`, or with
 * `viaMake` exactly as a newcomer does, `make serve` at the repository's root (in its own process
 * group, so that kill() reaches the server under make).
 */
export function startService({ dataDir, databaseUrl, env = {}, viaMake = false } = {}) {
  const [cmd, argv] = viaMake ? ['make', ['--no-print-directory', '-s', 'serve']] : [process.execPath, [path.join(SERVICE_DIR, 'src/server.mjs')]];
  const proc = spawn(cmd, argv, {
    cwd: path.join(SERVICE_DIR, '..'),
    detached: viaMake,
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', HS_READY_LINE: '1', HS_LOG_LEVEL: 'warn',
      HS_ADMIN_USER: ADMIN.user, HS_ADMIN_PASSWORD: ADMIN.password,
      ...(dataDir && { HS_DATA_DIR: dataDir }), DATABASE_URL: databaseUrl ?? '', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  proc.stderr.on('data', (d) => { err += d; });
  // Never leave a server behind when the test process ends or gives up.
  const reap = () => { try { if (viaMake) process.kill(-proc.pid, 'SIGKILL'); else proc.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', reap);
  proc.once('exit', () => process.removeListener('exit', reap));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reap(); reject(new Error(`service did not start:\n${err}${out}`)); }, 180_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /HS_READY (\{.*\})/.exec(out);
      if (m && timer) {
        clearTimeout(timer);
        const ready = JSON.parse(m[1]);
        const url = `http://127.0.0.1:${ready.port}`;
        resolve({
          url, ready, proc,
          logs: () => err + out,
          api: client(url),
          stop: () => stopProc(proc, 'SIGTERM'),
          kill: () => stopProc(proc, 'SIGKILL'),
        });
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`service exited ${code}:\n${err}${out}`)); });
  });
}

function stopProc(proc, signal) {
  if (proc.exitCode !== null || proc.signalCode) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    if (proc.spawnargs[0] === 'make') process.kill(-proc.pid, signal); else proc.kill(signal);
  });
}

/** A tiny HTTP client: `api(method, path, { token, body, raw, headers })` → { status, body, text, headers }. */
export function client(base) {
  return async (method, url, { token, body, raw, headers = {}, signal } = {}) => {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload = raw;
    if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    const res = await fetch(base + url, { method, headers: h, body: payload, signal });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json;
    try { json = JSON.parse(text.replace(/^\uFEFF/, '')); } catch { json = undefined; }
    return { status: res.status, body: json, text, bytes, headers: res.headers };
  };
}

export const localDate = (ms, offsetMin = 480) => new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);
/** RFC 3339 in +08:00 for epoch ms. */
export const at8 = (ms) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');

/** A default program whose 21-day challenge started `daysAgo` local days ago, with `rewards` added. */
export function programStarted(daysAgo, { rewards = [], now = Date.now() } = {}) {
  const p = defaultProgram();
  p.challenges = [{ ...p.challenges[0], startDate: localDate(now - daysAgo * 86400_000), days: 21 }];
  p.rewards = [...p.rewards, ...rewards];
  return p;
}

/** A reward of which one is left: what two phones race for. */
export const lastVoucher = (id) => ({ id, title: { 'zh-CN': '最后一张体检券', en: 'The last check-up voucher' }, cost: 100, stock: 1 });

/** Logs in, creates a programme and joins residents through invites. */
export async function community(api, { pid = 'demo', program = programStarted(0), families }) {
  const { body: { token: org } } = await api('POST', '/v1/auth/login', { body: ADMIN });
  const created = await api('POST', '/v1/programs', { token: org, body: { id: pid, name: 'Test', program } });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const residents = [];
  const joins = [];
  for (const f of families) {
    const inv = await api('POST', `/v1/programs/${pid}/invites`, { token: org, body: { count: f.people.length, family: f.family, building: f.building } });
    for (const [i, name] of f.people.entries()) {
      const j = await api('POST', `/v1/programs/${pid}/join`, { body: { code: inv.body.invites[i].code, displayName: name } });
      if (j.status !== 201) throw new Error(JSON.stringify(j.body));
      residents.push({ name, memberId: j.body.memberId, token: j.body.token, family: f.family, building: f.building });
      joins.push(j.body.event);
    }
  }
  return { org, pid, program, residents, joins };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin']
  .find((d) => existsSync(path.join(d, 'initdb'))) ?? (existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => existsSync(path.join(d, 'initdb')))
  : undefined);

export const havePostgres = Boolean(PG_BIN);

export async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** A PostgreSQL cluster in a temp dir on a free port; as `postgres` when we are root (it refuses root). */
export async function startPostgres() {
  const dir = tempDir('hs-pg-');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (bin, args) => {
    const cmd = path.join(PG_BIN, bin);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  run('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = () => {
    process.removeListener('exit', stop);
    try { run('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']); } catch { /* already down */ }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop); // never leave a cluster behind
  return { url, stop };
}

/**
 * The library applied to the service's command log: the engine every process must equal. An
 * edit of the rules (`program`) replays everything before it under the new rules.
 */
export async function replayLog(api, token, pid, program) {
  let lib = new PointsEngine(program);
  const done = [];
  const apply = (engine, cmd) => (cmd.kind === 'batch' ? engine.applyBatch(cmd.events) : engine.advanceTo(cmd.instant));
  for (let after = 0; ;) {
    const { body } = await api('GET', `/v1/programs/${pid}/commands?after=${after}`, { token });
    for (const cmd of body.commands) {
      if (cmd.kind === 'program') {
        lib.free();
        lib = new PointsEngine(cmd.program);
        for (const earlier of done) apply(lib, earlier);
      } else {
        apply(lib, cmd);
        done.push(cmd);
      }
      after = cmd.seq;
    }
    if (after >= body.head) return lib;
  }
}

/** True once the library has the change feed (engine.outcome and `changed`). */
export const hasChangeFeed = typeof new PointsEngine().outcome === 'function';
