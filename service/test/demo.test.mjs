// `make demo` without the package build: service/scripts/demo.mjs seeds the demo community into a
// temporary folder, starts the service and the resident app on free ports, and prints every URL
// and the organiser's log-in. The test reads what it printed and uses it: both URLs answer, the
// log-in works, the programme is flagged as demo data with a few hundred residents and real
// leaderboards, a printed invite link joins, and in Chromium the console shows the demo banner
// and the leaderboard on a tablet, and the desk refunds a seeded voucher (screenshots). Ctrl-C
// (SIGINT) stops both servers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { client, SERVICE_DIR, tempDir } from './helpers.mjs';
import { ARTIFACTS, chromiumPath, launch } from '../../tests/browser/support.mjs';

const dataDir = tempDir('hs-demo-');
let proc;
after(() => {
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the demo and resolves with what it printed once it is ready. */
function startDemo() {
  proc = spawn(process.execPath, [path.join(SERVICE_DIR, 'scripts/demo.mjs'), '--port', '0', '--service-port', '0', '--data', dataDir, '--reset'], {
    cwd: path.join(SERVICE_DIR, '..'), env: { ...process.env, HS_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start within 15 minutes:\n${out}${err}`)), 900_000);
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ctrl-C stops the demo.')) { clearTimeout(timer); resolve(out); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the demo exited with ${code}:\n${out}${err}`)); });
  });
}

test('make demo: a seeded demo community, the service, the console and the resident app, with every URL and the log-in printed', { timeout: 1_000_000 }, async () => {
  const out = await startDemo();
  const app = /Resident app \(standalone\)\s+(http:\/\/\S+)/.exec(out)?.[1];
  const consoleUrl = /Organiser console\s+(http:\/\/\S+)/.exec(out)?.[1];
  const service = /Challenge service\s+(http:\/\/\S+)/.exec(out)?.[1];
  const [, user, password, pid] = /user: (\S+)\s+password: (\S+)\s+programme: (\S+)/.exec(out) ?? [];
  const joinLinks = out.match(/http:\/\/\S+\?service=\S+&program=\S+&code=\S+/g) ?? [];
  assert.ok(app && consoleUrl && service && user && password && pid, `printed:\n${out}`);
  assert.match(out, /演示数据/);
  assert.equal(joinLinks.length, 2, 'two one-time invite links');
  assert.equal(consoleUrl, `${service}/console/`);

  const page = await fetch(app);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /健康管家/);
  const con = await fetch(consoleUrl);
  assert.equal(con.status, 200);
  assert.match(await con.text(), /组织者控制台/);

  const api = client(service.replace('localhost', '127.0.0.1'));
  assert.deepEqual((await api('GET', '/v1/health')).body.ok, true);
  const login = await api('POST', '/v1/auth/login', { body: { user, password } });
  assert.equal(login.status, 200, 'the printed log-in works');
  const { token } = login.body;
  const programme = (await api('GET', `/v1/programs/${pid}`, { token })).body;
  assert.equal(programme.demo, true, 'flagged as demo data');
  const { members } = (await api('GET', `/v1/programs/${pid}/members`, { token })).body;
  assert.ok(members.length >= 200 && members.length <= 500, `a few hundred residents: ${members.length}`);
  assert.ok(members.filter((m) => m.balance > 0).length > members.length / 2, 'most have points from their history');
  for (const scope of ['family', 'building']) {
    const board = await api('GET', `/v1/programs/${pid}/leaderboard?scope=${scope}&metric=points`, { token });
    assert.equal(board.status, 200);
    assert.ok(board.body.rows.length >= (scope === 'family' ? 50 : 4), `${scope}: ${board.body.rows.length} rows`);
    assert.ok(board.body.rows[0].score > 0);
  }
  const audit = [];
  for (let before = ''; ;) {
    const { body } = await api('GET', `/v1/programs/${pid}/audit?limit=200${before}`, { token });
    audit.push(...body.entries);
    if (!body.next || !body.entries.length) break;
    before = `&before=${body.next}`;
  }
  assert.ok(audit.slice(-3).some((e) => e.action === 'seed-demo'), 'the audit log begins by saying the data was generated');

  // A printed invite link joins (the link names the service; the app reads it).
  const link = new URL(joinLinks[0]);
  assert.equal(link.searchParams.get('service'), service);
  const joined = await api('POST', `/v1/programs/${pid}/join`, { body: { code: link.searchParams.get('code'), displayName: '试用居民' } });
  assert.equal(joined.status, 201, joined.text);

  if (chromiumPath()) {
    const browser = await launch();
    try {
      const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' }); // a tablet
      const p = await ctx.newPage();
      const errors = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      await p.goto(consoleUrl);
      await p.waitForSelector('body[data-ready="login"]');
      await p.fill('#login-user', user);
      await p.fill('#login-password', password);
      await p.click('#login-form button[type=submit]');
      await p.waitForSelector('body[data-ready="overview"]');
      assert.match(await p.textContent('#demo-banner'), /演示数据/);
      assert.equal(await p.isVisible('#demo-banner'), true);
      assert.equal(await p.textContent('#stat-members'), String(members.length + 1));
      await p.waitForSelector('#daily-chart[data-chart="ready"] svg');
      await p.screenshot({ path: `${ARTIFACTS}demo-console-overview-tablet.png`, fullPage: true });
      await p.goto(`${service}/console/#boards`);
      await p.waitForSelector('body[data-ready="boards"]');
      await p.click('[data-scope="building"]');
      await p.waitForSelector('#board[data-scope="building"] tbody tr');
      assert.ok((await p.$$('#board tbody tr')).length >= 4);
      await p.screenshot({ path: `${ARTIFACTS}demo-console-boards-tablet.png`, fullPage: true });

      // The desk refunds a voucher of the seeded history: the points go back to the resident.
      const [ready] = (await api('GET', `/v1/programs/${pid}/redemptions?status=ready`, { token })).body.redemptions;
      assert.ok(ready, 'the demo has vouchers waiting at the desk');
      const balanceOf = async () => (await api('GET', `/v1/programs/${pid}/members`, { token })).body.members.find((m) => m.memberId === ready.memberId).balance;
      const before = await balanceOf();
      await p.goto(`${service}/console/#desk`);
      await p.waitForSelector('body[data-ready="desk"]');
      await p.fill('#voucher-code', ready.redemptionId.toLowerCase());
      await p.click('#desk-form button[type=submit]');
      await p.waitForSelector('#voucher-card[data-status="ready"]');
      await p.click('#refund');
      await p.click('#confirm-yes');
      await p.waitForSelector('#voucher-card[data-status="refunded"]');
      const cost = (await api('GET', `/v1/programs/${pid}/redemptions/${ready.redemptionId}`, { token })).body.cost;
      assert.equal(await balanceOf(), before + cost, 'the refund gives the points back');
      await p.screenshot({ path: `${ARTIFACTS}demo-console-desk-refunded-tablet.png`, fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  }

  // Ctrl-C stops both servers.
  const exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.kill('SIGINT');
  assert.equal(await exited, 0);
  await assert.rejects(fetch(app), 'the resident app is stopped');
  await assert.rejects(fetch(`${service}/v1/health`), 'the service is stopped');
});
