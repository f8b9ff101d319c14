// Security from outside: wrong member, organiser-only types, stolen and expired tokens, oversized
// and junk bodies, SQL-looking strings, CORS, rate limits. Each refusal is a 4xx with a code, and
// the engine's state is byte for byte what it was before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startService, tempDir, community, at8, ADMIN, replayLog } from './helpers.mjs';

let svc, dataDir, c;
before(async () => {
  dataDir = tempDir('hs-security-');
  svc = await startService({ dataDir });
  c = await community(svc.api, { families: [{ family: 'F1', building: 'B1', people: ['甲', '乙'] }] });
});
after(async () => { await svc?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

const state = async () => (await svc.api('GET', `/v1/programs/${c.pid}/state`, { token: c.org })).text;
const checkIn = (memberId, id = `ci-${memberId}-${Math.random()}`) => ({ id, memberId, at: at8(Date.now()), type: 'check-in', challengeId: c.program.challenges[0].id });

/** Sends the request, expects the status and code, and that the state did not change. */
async function refused(method, url, opts, status, code) {
  const beforeState = await state();
  const res = await svc.api(method, url, opts);
  assert.equal(res.status, status, `${method} ${url}: ${res.text.slice(0, 200)}`);
  assert.equal(res.body?.error?.code, code);
  assert.deepEqual(Object.keys(res.body), ['error']);
  assert.ok(Object.keys(res.body.error).every((k) => ['code', 'message', 'field'].includes(k)));
  assert.doesNotMatch(res.body.error.message, /\bat .*\.m?js|SELECT|INSERT|relation|syntax error/i, 'no stack trace or SQL');
  assert.equal(await state(), beforeState, 'nothing stored');
  return res;
}

test('a resident cannot send events as another member', async () => {
  const [a, b] = c.residents;
  const res = await refused('POST', `/v1/programs/${c.pid}/events`, { token: a.token, body: { events: [checkIn(a.memberId), checkIn(b.memberId)] } }, 403, 'WRONG_MEMBER');
  assert.equal(res.body.error.field, 'events[1].memberId');
});

test('organiser-only and invite-only types are refused for residents', async () => {
  const [a] = c.residents;
  for (const [type, code, extra] of [['adjust', 'EVENT_TYPE_NOT_ALLOWED', { points: 1000, reason: 'me' }], ['activity', 'EVENT_TYPE_NOT_ALLOWED'],
    ['follow-up', 'EVENT_TYPE_NOT_ALLOWED'], ['refund', 'EVENT_TYPE_NOT_ALLOWED', { redemptionId: 'r1' }], ['join', 'USE_INVITE'], ['referral', 'USE_INVITE']]) {
    const e = { id: `x-${type}`, memberId: a.memberId, at: at8(Date.now()), type, ...extra };
    const res = await refused('POST', `/v1/programs/${c.pid}/events`, { token: a.token, body: { events: [checkIn(a.memberId), e] } }, 403, code);
    assert.equal(res.body.error.field, 'events[1].type');
  }
  // The organiser may send adjust.
  const ok = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: c.org, body: { events: [{ id: 'adj-1', memberId: a.memberId, at: at8(Date.now()), type: 'adjust', points: 5, reason: '补录 / correction' }] } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.results[0].accepted, true);
});

test('stolen, forged, foreign or missing tokens are refused', async () => {
  const [a] = c.residents;
  const forged = a.token.slice(0, -4) + (a.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const url = `/v1/programs/${c.pid}/events`;
  const body = { events: [checkIn(a.memberId)] };
  await refused('POST', url, { token: forged, body }, 401, 'UNAUTHENTICATED');
  await refused('POST', url, { token: 'not-a-token', body }, 401, 'UNAUTHENTICATED');
  await refused('POST', url, { body }, 401, 'UNAUTHENTICATED');
  await refused('POST', url, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, body }, 401, 'UNAUTHENTICATED');
  // A member token works only in its own programme.
  await svc.api('POST', '/v1/programs', { token: c.org, body: { id: 'other', program: c.program } });
  const foreign = await svc.api('GET', '/v1/programs/other/me', { token: a.token });
  assert.equal(foreign.status, 401);
  // Residents never reach organiser routes.
  for (const [m, u] of [['GET', `/v1/programs/${c.pid}/members`], ['GET', `/v1/programs/${c.pid}/state`], ['GET', `/v1/programs/${c.pid}/export.csv`], ['GET', '/v1/programs']]) {
    const r = await svc.api(m, u, { token: a.token });
    assert.ok([401, 403].includes(r.status), `${u}: ${r.status}`);
    assert.ok(r.body.error.code);
  }
  await refused('POST', `/v1/programs/${c.pid}/invites`, { token: a.token, body: { count: 1 } }, 403, 'FORBIDDEN');
});

test('bodies over 1 MB, batches over 1,000 events, junk JSON and other media types are refused with codes', async () => {
  const [a] = c.residents;
  const url = `/v1/programs/${c.pid}/events`;
  const big = { events: [{ ...checkIn(a.memberId), reason: 'x'.repeat(2 * 1024 * 1024) }] };
  await refused('POST', url, { token: a.token, body: big }, 413, 'BODY_TOO_LARGE');
  const many = { events: Array.from({ length: 1001 }, (_, i) => checkIn(a.memberId, `many-${i}`)) };
  await refused('POST', url, { token: a.token, body: many }, 413, 'BATCH_TOO_LARGE');
  await refused('POST', url, { token: a.token, raw: '{"events": [', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON');
  await refused('POST', url, { token: a.token, raw: '\u0000\u00ff junk', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON');
  await refused('POST', url, { token: a.token, raw: 'events=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
  await refused('POST', url, { token: a.token, body: { events: 'all of them' } }, 400, 'INVALID_REQUEST');
  await refused('POST', url, { token: a.token, body: { events: [{ ...checkIn(a.memberId), points: '5' }] } }, 400, 'INVALID_REQUEST');
  const bad = await refused('POST', url, { token: a.token, body: { events: [checkIn(a.memberId), { ...checkIn(a.memberId), at: 'yesterday' }] } }, 400, 'INVALID_DATE');
  assert.equal(bad.body.error.field, 'events[1].at');
});

test('SQL-looking strings are refused by the schemas or stored verbatim, never run', async () => {
  const [a] = c.residents;
  const url = `/v1/programs/${c.pid}/events`;
  await refused('POST', url, { token: a.token, body: { events: [checkIn(a.memberId, "x'); DROP TABLE events; --")] } }, 400, 'INVALID_REQUEST');
  await refused('GET', `/v1/programs/${encodeURIComponent("demo' OR '1'='1")}/me`, { token: a.token }, 400, 'INVALID_REQUEST');
  const login = await svc.api('POST', '/v1/auth/login', { body: { user: "' OR '1'='1' --", password: "' OR '1'='1" } });
  assert.equal(login.status, 401);
  // A display name and a reason full of SQL are plain text.
  const inv = await svc.api('POST', `/v1/programs/${c.pid}/invites`, { token: c.org, body: { count: 1, family: "F1'; DELETE FROM members; --" } });
  const name = "Robert'); DROP TABLE members;--";
  const j = await svc.api('POST', `/v1/programs/${c.pid}/join`, { body: { code: inv.body.invites[0].code, displayName: name } });
  assert.equal(j.status, 201);
  const adj = await svc.api('POST', url, { token: c.org, body: { events: [{ id: 'adj-sql', memberId: j.body.memberId, at: at8(Date.now()), type: 'adjust', points: 1, reason: "1; SELECT * FROM organisers" }] } });
  assert.equal(adj.status, 200);
  const list = await svc.api('GET', `/v1/programs/${c.pid}/members`, { token: c.org });
  assert.equal(list.body.members.length, 3, 'members table intact');
  assert.ok(list.body.members.some((m) => m.displayName === name && m.family === "F1'; DELETE FROM members; --"));
  const csv = await svc.api('GET', `/v1/programs/${c.pid}/export.csv`, { token: c.org });
  assert.match(csv.text, /"Robert'\); DROP TABLE members;--"|Robert'\); DROP TABLE members;--/);
});

test('invites are single-use', async () => {
  const inv = await svc.api('POST', `/v1/programs/${c.pid}/invites`, { token: c.org, body: { count: 1 } });
  const code = inv.body.invites[0].code;
  assert.equal((await svc.api('POST', `/v1/programs/${c.pid}/join`, { body: { code, displayName: '丙' } })).status, 201);
  await refused('POST', `/v1/programs/${c.pid}/join`, { body: { code, displayName: '丁' } }, 403, 'INVALID_INVITE');
  await refused('POST', `/v1/programs/${c.pid}/join`, { body: { code: 'AAAAAAAAAAAAAAAAAAAAAAAAAA', displayName: '丁' } }, 403, 'INVALID_INVITE');
});

test('erasure: only the member or an organiser; afterwards no name and no token, totals kept', async () => {
  const inv = await svc.api('POST', `/v1/programs/${c.pid}/invites`, { token: c.org, body: { count: 1, family: 'F1', building: 'B1' } });
  const j = await svc.api('POST', `/v1/programs/${c.pid}/join`, { body: { code: inv.body.invites[0].code, displayName: '要注销的人' } });
  const me = j.body;
  await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: me.token, body: { events: [checkIn(me.memberId)] } });
  const famBefore = (await svc.api('GET', `/v1/programs/${c.pid}/leaderboard?scope=family`, { token: c.org })).body.rows;
  await refused('DELETE', `/v1/programs/${c.pid}/members/${me.memberId}`, { token: c.residents[0].token }, 403, 'FORBIDDEN');
  const del = await svc.api('DELETE', `/v1/programs/${c.pid}/members/${me.memberId}`, { token: me.token });
  assert.equal(del.status, 200);
  assert.equal((await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: me.token })).status, 401, 'token removed');
  const board = await svc.api('GET', `/v1/programs/${c.pid}/leaderboard?scope=member`, { token: c.org });
  assert.ok(!board.text.includes('要注销的人'));
  assert.deepEqual((await svc.api('GET', `/v1/programs/${c.pid}/leaderboard?scope=family`, { token: c.org })).body.rows, famBefore, 'group totals unchanged');
  const list = await svc.api('GET', `/v1/programs/${c.pid}/members`, { token: c.org });
  const row = list.body.members.find((m) => m.memberId === me.memberId);
  assert.equal(row.displayName, null);
  assert.equal(row.erased, true);
});

test('CORS answers only the configured origins', async () => {
  const ok = await svc.api('GET', '/v1/health', { headers: { origin: 'http://localhost:8080' } });
  assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:8080');
  const no = await svc.api('GET', '/v1/health', { headers: { origin: 'https://evil.example' } });
  assert.equal(no.headers.get('access-control-allow-origin'), null);
});

test('expired tokens, per-token rate limits, future-dated events, one engine in memory (a second service with tight settings)', async () => {
  const dir = tempDir('hs-tight-');
  const tight = await startService({ dataDir: dir, env: { HS_MEMBER_TOKEN_TTL_S: '5', HS_RATE_LIMIT: '8', HS_FUTURE_TOLERANCE_S: '600', HS_MAX_ENGINES: '1', HS_TOKEN_CACHE_S: '0', HS_RENEW_GRACE_S: '1' } });
  try {
    const t = await community(tight.api, { families: [{ family: 'F', building: 'B', people: ['a', 'b'] }] });
    const [a, b] = t.residents;
    // A renewed token's predecessor dies after the grace period (1 s here), the new one lives on.
    const renewed = await tight.api('POST', '/v1/auth/renew', { token: a.token, body: { programId: t.pid } });
    const renewedBy = Date.now();
    assert.equal(renewed.status, 200);
    await new Promise((r) => setTimeout(r, 1200));
    const graceOver = await tight.api('GET', `/v1/programs/${t.pid}/me`, { token: a.token });
    assert.equal(graceOver.body.error?.code, 'TOKEN_EXPIRED');
    assert.equal((await tight.api('GET', `/v1/programs/${t.pid}/me`, { token: renewed.body.token })).status, 200);
    const future = { id: 'fut', memberId: a.memberId, at: at8(Date.now() + 86400_000), type: 'check-in', challengeId: t.program.challenges[0].id };
    const f = await tight.api('POST', `/v1/programs/${t.pid}/events`, { token: renewed.body.token, body: { events: [future] } });
    assert.equal(f.status, 400);
    assert.equal(f.body.error.code, 'EVENT_IN_FUTURE');
    // b's token: 8 requests a minute, the 9th is refused, while a's token is not affected.
    let last;
    for (let i = 0; i < 9; i++) last = await tight.api('GET', `/v1/programs/${t.pid}/me`, { token: b.token });
    assert.equal(last.status, 429);
    assert.equal(last.body.error.code, 'RATE_LIMITED');

    // Two programmes, one engine kept: each request may rebuild the other; the answers stay right.
    const u = await community(tight.api, { pid: 'second', families: [{ family: 'G', building: 'B', people: ['c'] }] });
    for (let i = 0; i < 3; i++) {
      for (const [k, r] of [[t, a], [u, u.residents[0]]]) {
        const res = await tight.api('POST', `/v1/programs/${k.pid}/events`, { token: k.org, body: { events: [{ id: `lru-${i}`, memberId: r.memberId, at: at8(Date.now()), type: 'share' }] } });
        assert.equal(res.status, 200);
        assert.equal(res.body.member.balance, 5 * (i + 1));
      }
    }
    assert.equal((await replayLog(tight.api, t.org, t.pid, t.program)).exportState(), (await tight.api('GET', `/v1/programs/${t.pid}/state`, { token: t.org })).text);

    await new Promise((r) => setTimeout(r, Math.max(0, renewedBy + 5100 - Date.now())));
    const expired = await tight.api('GET', `/v1/programs/${t.pid}/me`, { token: renewed.body.token });
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'TOKEN_EXPIRED');
  } finally {
    await tight.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tokens are renewed with a full lifetime; the old one keeps only a grace period; nothing else renews', async () => {
  const [, b] = c.residents;
  const renewed = await svc.api('POST', '/v1/auth/renew', { token: b.token, body: { programId: c.pid } });
  assert.equal(renewed.status, 200, renewed.text);
  assert.notEqual(renewed.body.token, b.token);
  const days = (Date.parse(renewed.body.expiresAt) - Date.now()) / 86400_000;
  assert.ok(days > 179 && days <= 180, `a member token lives 180 days: ${days}`);
  for (const token of [renewed.body.token, b.token]) {
    const me = await svc.api('GET', `/v1/programs/${c.pid}/me`, { token });
    assert.equal(me.status, 200, 'the new token, and the old one within its grace period');
    assert.equal(me.body.member.memberId, b.memberId);
  }
  // A member token without its programme, a forged one, none, or a member token for another programme.
  await refused('POST', '/v1/auth/renew', { token: b.token, body: {} }, 401, 'UNAUTHENTICATED');
  await refused('POST', '/v1/auth/renew', { token: b.token.slice(0, -4) + 'AAAA', body: { programId: c.pid } }, 401, 'UNAUTHENTICATED');
  await refused('POST', '/v1/auth/renew', { body: {} }, 401, 'UNAUTHENTICATED');
  await refused('POST', '/v1/auth/renew', { token: b.token, body: { programId: "demo' OR 1=1" } }, 400, 'INVALID_REQUEST');
  // An organiser renews too.
  const org = await svc.api('POST', '/v1/auth/renew', { token: c.org, body: {} });
  assert.equal(org.status, 200);
  const list = await svc.api('GET', '/v1/programs', { token: org.body.token });
  assert.equal(list.status, 200);
  assert.ok(list.body.programs.some((p) => p.id === c.pid));
  assert.equal((await svc.api('GET', '/v1/programs', { token: c.org })).status, 200, 'the old one within its grace period');
});

test('messages follow Accept-Language (zh-CN by default, English on request)', async () => {
  const zh = await svc.api('POST', '/v1/auth/login', { body: { ...ADMIN, password: 'nope' } });
  assert.match(zh.body.error.message, /用户名或密码/);
  const en = await svc.api('POST', '/v1/auth/login', { body: { ...ADMIN, password: 'nope' }, headers: { 'accept-language': 'en-GB' } });
  assert.match(en.body.error.message, /Wrong user name or password/);
});
