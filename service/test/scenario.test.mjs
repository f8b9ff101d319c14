// The scenario organisers and checks run: start as `make serve` does (embedded database), create an
// organiser, a programme from defaultProgram() with a 21-day challenge, invites for 3 families in
// 2 buildings, residents who join; check-ins in batches, out of order, with duplicates and a
// resident offline for days; the result equals the library applied to the same events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startService, tempDir, community, PointsEngine, at8, ADMIN } from './helpers.mjs';

let svc, dataDir, c;
const DAY = 86400_000;

before(async () => {
  dataDir = tempDir('hs-scenario-');
  svc = await startService({ dataDir });
  c = await community(svc.api, {
    families: [
      { family: '王家', building: '1号楼', people: ['王大爷', '王阿姨'] },
      { family: '李家', building: '1号楼', people: ['李奶奶', '小李'] },
      { family: '张家', building: '2号楼', people: ['张叔叔', '张婶'] },
    ],
  });
});
after(async () => { await svc?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

/**
 * Check-ins of each resident over the first ten days of the challenge (it starts today; residents
 * joined a moment ago), at 08:00 local plus a few minutes; everyone misses a day now and then.
 */
function checkIns(residents, program, joinedMs) {
  const start = Math.max(Date.parse(`${program.challenges[0].startDate}T08:00:00+08:00`), joinedMs + 3600_000);
  const out = [];
  residents.forEach((r, k) => {
    for (let d = 0; d < 10; d++) {
      if ((d + k) % 4 === 3) continue;
      out.push({ id: `ci-${r.memberId}-${d}`, memberId: r.memberId, at: at8(start + d * DAY + k * 60_000), type: 'check-in', challengeId: program.challenges[0].id });
    }
  });
  return out;
}

test('batches out of order, with duplicates and a resident offline for days, equal the library', async () => {
  const now = Date.now();
  const all = checkIns(c.residents, c.program, now);
  const offline = c.residents[5];
  const online = all.filter((e) => e.memberId !== offline.memberId);
  // Each online resident sends their events newest first, two at a time, and resends one batch.
  for (const r of c.residents.slice(0, 5)) {
    const mine = online.filter((e) => e.memberId === r.memberId).reverse();
    for (let i = 0; i < mine.length; i += 2) {
      const res = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: mine.slice(i, i + 2) } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.results.length, mine.slice(i, i + 2).length);
      assert.equal(res.body.member.memberId, r.memberId);
      assert.match(res.body.cursor, /^\d+$/);
    }
    const again = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: mine.slice(0, 2) } });
    assert.equal(again.status, 200);
    assert.ok(again.body.results.every((x) => x.duplicate), 'a resend is flagged duplicate');
  }
  // The offline resident syncs days of check-ins at once, shuffled.
  const late = all.filter((e) => e.memberId === offline.memberId).sort((a, b) => (a.id < b.id ? 1 : -1));
  const res = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: offline.token, body: { events: late } });
  assert.equal(res.status, 200);
  assert.ok(res.body.results.every((x) => x.accepted), JSON.stringify(res.body.results.find((x) => !x.accepted)));

  // The library, applied to the same events (joins first, then every check-in in one batch).
  const lib = new PointsEngine(c.program);
  for (const j of c.joins) lib.applyBatch([j]);
  lib.applyBatch(all);
  const T = at8(now + 12 * DAY);
  lib.advanceTo(T);
  const expected = lib.exportState();

  const state = await svc.api('GET', `/v1/programs/${c.pid}/state`, { token: c.org });
  assert.equal(state.status, 200);
  const copy = PointsEngine.fromState(state.text);
  copy.advanceTo(T);
  assert.equal(copy.exportState(), expected, 'byte-identical exportState after advanceTo of the same instant');
  const advanced = await svc.api('GET', `/v1/programs/${c.pid}/state?advanceTo=${encodeURIComponent(T)}`, { token: c.org });
  assert.equal(advanced.text, expected);

  // Member views agree with the library too.
  for (const r of c.residents) {
    const me = await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: r.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.member.balance, lib.member(r.memberId).balance);
    assert.equal(me.body.member.challenges[0].daysCompleted, lib.member(r.memberId).challenges[0].daysCompleted);
  }
});

test('leaderboards show display names and scores only', async () => {
  const fam = await svc.api('GET', `/v1/programs/${c.pid}/leaderboard?scope=family&challengeId=${c.program.challenges[0].id}`, { token: c.residents[0].token });
  assert.equal(fam.status, 200);
  assert.deepEqual(fam.body.rows.map((r) => r.name).sort(), ['张家', '李家', '王家']);
  for (const r of fam.body.rows) assert.deepEqual(Object.keys(r).sort(), ['members', 'name', 'rank', 'score']);
  const bld = await svc.api('GET', `/v1/programs/${c.pid}/leaderboard?scope=building`, { token: c.org });
  assert.equal(bld.body.rows.length, 2);
  const mem = await svc.api('GET', `/v1/programs/${c.pid}/leaderboard?scope=member`, { token: c.residents[1].token });
  assert.equal(mem.body.rows.length, 6);
  for (const r of mem.body.rows) {
    assert.deepEqual(Object.keys(r).sort(), ['name', 'rank', 'score']);
    assert.ok(c.residents.some((x) => x.name === r.name));
  }
});

test('members list, CSV export that opens in Excel, programme view', async () => {
  const list = await svc.api('GET', `/v1/programs/${c.pid}/members`, { token: c.org });
  assert.equal(list.status, 200);
  assert.equal(list.body.members.length, 6);
  const wang = list.body.members.find((m) => m.displayName === '王大爷');
  assert.equal(wang.family, '王家');
  assert.ok(wang.balance > 0);
  assert.ok(wang.challenges[0].daysCompleted > 0);

  const csv = await svc.api('GET', `/v1/programs/${c.pid}/export.csv`, { token: c.org });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv; charset=utf-8/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const lines = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(lines.length, 7);
  assert.match(lines[0], /显示名称 Display name,家庭 Family,楼栋 Building,积分余额 Balance,等级 Tier,.*完成天数/);
  assert.ok(lines.some((l) => l.startsWith(`王大爷,王家,1号楼,${wang.balance},${wang.tier},${wang.challenges[0].daysCompleted}`)));

  const prog = await svc.api('GET', `/v1/programs/${c.pid}`, { token: c.residents[2].token });
  assert.equal(prog.status, 200);
  assert.equal(prog.body.program.challenges[0].days, 21);
  const programs = await svc.api('GET', '/v1/programs', { token: c.org });
  assert.deepEqual(programs.body.programs, [{ id: c.pid, name: 'Test', members: 6 }]);
});

test('health, OpenAPI 3.1 from the route schemas, console placeholder', async () => {
  const h = await svc.api('GET', '/v1/health');
  assert.deepEqual({ ok: h.body.ok, db: h.body.db }, { ok: true, db: 'embedded' });
  const o = await svc.api('GET', '/openapi.json');
  assert.equal(o.body.openapi, '3.1.0');
  for (const p of ['/v1/auth/login', '/v1/programs', '/v1/programs/{pid}', '/v1/programs/{pid}/invites', '/v1/programs/{pid}/join',
    '/v1/programs/{pid}/events', '/v1/programs/{pid}/me', '/v1/programs/{pid}/leaderboard', '/v1/programs/{pid}/members',
    '/v1/programs/{pid}/redemptions/{redemptionId}/fulfil', '/v1/programs/{pid}/export.csv', '/v1/programs/{pid}/state',
    '/v1/programs/{pid}/members/{memberId}', '/v1/health']) {
    assert.ok(o.body.paths[p], `OpenAPI documents ${p}`);
  }
  assert.equal(o.body.paths['/v1/programs/{pid}/events'].post.requestBody.content['application/json'].schema.properties.events.maxItems, 1000);
  const page = await svc.api('GET', '/console/');
  assert.equal(page.status, 200);
  assert.match(page.text, /组织者控制台/);
});

test('an organiser logs in with the account from HS_ADMIN_USER; a wrong password is refused', async () => {
  const bad = await svc.api('POST', '/v1/auth/login', { body: { ...ADMIN, password: 'wrong' } });
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error.code, 'INVALID_CREDENTIALS');
});
