// The routes the organiser console reads besides the contract's: the redemption desk (look-up,
// list, refund marked), daily participation, the audit log (adjustments with their reason), the
// console's vendored libraries, and invite links that keep HS_JOIN_URL's own query.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startService, tempDir, community, programStarted, at8, hasChangeFeed, replayLog } from './helpers.mjs';

let svc, dataDir, c;
const DAY = 86400_000;
const localDay = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const events = (token, list) => svc.api('POST', `/v1/programs/${c.pid}/events`, { token, body: { events: list } });

before(async () => {
  dataDir = tempDir('hs-desk-');
  svc = await startService({ dataDir, env: { HS_JOIN_URL: 'http://app.example/?service=http%3A%2F%2Fsvc.example' } });
  c = await community(svc.api, {
    pid: 'desk',
    program: programStarted(3),
    families: [
      { family: '王家', building: '1号楼', people: ['王大爷', '王阿姨'] },
      { family: '李家', building: '2号楼', people: ['李奶奶'] },
    ],
  });
});
after(async () => { await svc?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

test('invite links keep the query of HS_JOIN_URL and add the programme and code', async () => {
  const inv = await svc.api('POST', `/v1/programs/${c.pid}/invites`, { token: c.org, body: { count: 1, family: '赵家', building: '3号楼' } });
  const url = new URL(inv.body.invites[0].url);
  assert.equal(url.origin, 'http://app.example');
  assert.equal(url.searchParams.get('service'), 'http://svc.example');
  assert.equal(url.searchParams.get('program'), c.pid);
  assert.equal(url.searchParams.get('code'), inv.body.invites[0].code);
});

test('daily participation counts members credited per day (check-ins and make-ups), as the engine decided', async () => {
  const ch = c.program.challenges[0];
  const now = Date.now();
  const [wang, wangAyi, li] = c.residents;
  // Day 1 and today: Wang checks in (twice on one day: one credit); Li makes day 2 up today.
  // The residents joined today, so the past days' check-ins are refused (before they joined).
  const sent = await events(wang.token, [
    { id: 'p-w-1', memberId: wang.memberId, at: at8(now + 1000), type: 'check-in', challengeId: ch.id },
    { id: 'p-w-2', memberId: wang.memberId, at: at8(now + 1500), type: 'check-in', challengeId: ch.id },
  ]);
  assert.equal(sent.status, 200);
  assert.equal((await events(wangAyi.token, [{ id: 'p-a-1', memberId: wangAyi.memberId, at: at8(now + 1200), type: 'check-in', challengeId: ch.id }])).status, 200);
  const early = await events(li.token, [{ id: 'p-l-0', memberId: li.memberId, at: at8(now - 2 * DAY), type: 'check-in', challengeId: ch.id }]);
  assert.equal(early.body.results[0].accepted, false, 'a check-in before joining is refused');

  const res = await svc.api('GET', `/v1/programs/${c.pid}/participation?challengeId=${ch.id}`, { token: c.org });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.days, 21);
  assert.equal(res.body.daily.length, 21);
  assert.equal(res.body.members, 3);
  const today = res.body.daily.find((d) => d.date === localDay(now));
  assert.deepEqual({ checkIns: today.checkIns, members: today.members }, { checkIns: 2, members: 2 });
  const before = res.body.daily.find((d) => d.date === localDay(now - 2 * DAY));
  assert.equal(before.members, 0, 'a refused check-in does not count');
  // The same numbers as the engine's member views: each member's credited days add up.
  const lib = await replayLog(svc.api, c.org, c.pid, c.program);
  const total = c.residents.reduce((s, r) => s + (lib.member(r.memberId).challenges[0]?.daysCompleted ?? 0), 0);
  assert.equal(res.body.daily.reduce((s, d) => s + d.members, 0), total);
  lib.free();

  const byResident = await svc.api('GET', `/v1/programs/${c.pid}/participation`, { token: wang.token });
  assert.equal(byResident.status, 403);
  const unknown = await svc.api('GET', `/v1/programs/${c.pid}/participation?challengeId=nope`, { token: c.org });
  assert.equal(unknown.status, 404);
});

test('the desk looks a voucher up, fulfils it once; a refund is marked; adjustments carry their reason into the audit log', async () => {
  const [wang, , li] = c.residents;
  const now = Date.now();
  const adjust = await events(c.org, [{ id: 'adj-1', memberId: wang.memberId, at: at8(now), type: 'adjust', points: 300, reason: '参加健康讲座（补录）' }]);
  assert.equal(adjust.status, 200, adjust.text);
  assert.equal(adjust.body.results[0].accepted, true);
  await events(c.org, [{ id: 'adj-2', memberId: li.memberId, at: at8(now), type: 'adjust', points: 300, reason: 'desk test' }]);

  const redeem = (r, id) => ({ id, memberId: r.memberId, at: at8(now + 1000), type: 'redeem', rewardId: 'health-gift' });
  assert.equal((await events(wang.token, [redeem(wang, 'K7Q2-9MXA')])).body.results[0].accepted, true);
  assert.equal((await events(li.token, [redeem(li, 'H3JD-8PWE')])).body.results[0].accepted, true);

  const look = await svc.api('GET', `/v1/programs/${c.pid}/redemptions/K7Q2-9MXA`, { token: c.org });
  assert.equal(look.status, 200, look.text);
  assert.equal(look.body.displayName, '王大爷');
  assert.equal(look.body.family, '王家');
  assert.equal(look.body.rewardId, 'health-gift');
  assert.equal(typeof look.body.cost, 'number');
  assert.equal(look.body.title['zh-CN'].length > 0, true);
  if (hasChangeFeed) assert.equal(look.body.status, 'ready');

  const missing = await svc.api('GET', `/v1/programs/${c.pid}/redemptions/NOPE-NOPE`, { token: c.org });
  assert.deepEqual([missing.status, missing.body.error.code], [404, 'REDEMPTION_NOT_FOUND']);
  const asResident = await svc.api('GET', `/v1/programs/${c.pid}/redemptions/K7Q2-9MXA`, { token: wang.token });
  assert.equal(asResident.status, 403);

  if (hasChangeFeed) {
    const done = await svc.api('POST', `/v1/programs/${c.pid}/redemptions/K7Q2-9MXA/fulfil`, { token: c.org });
    assert.equal(done.status, 200, done.text);
    assert.equal((await svc.api('GET', `/v1/programs/${c.pid}/redemptions/K7Q2-9MXA`, { token: c.org })).body.status, 'fulfilled');
  }
  const refund = await events(c.org, [{ id: 'rf-1', memberId: li.memberId, at: at8(now + 2000), type: 'refund', redemptionId: 'H3JD-8PWE' }]);
  assert.equal(refund.body.results[0].accepted, true, refund.text);
  const refunded = await svc.api('GET', `/v1/programs/${c.pid}/redemptions/H3JD-8PWE`, { token: c.org });
  assert.equal(refunded.body.status, 'refunded');
  assert.ok(refunded.body.refundedAt);

  const rewards = await svc.api('GET', `/v1/programs/${c.pid}/rewards`, { token: wang.token });
  assert.equal(rewards.status, 200, rewards.text);
  const gift = rewards.body.rewards.find((w) => w.id === 'health-gift');
  assert.equal(gift.left, gift.stock - 1, 'one gift taken (fulfilled or ready), one refunded');

  const list = await svc.api('GET', `/v1/programs/${c.pid}/redemptions`, { token: c.org });
  assert.deepEqual(list.body.redemptions.map((v) => v.redemptionId).sort(), ['H3JD-8PWE', 'K7Q2-9MXA']);
  const onlyRefunded = await svc.api('GET', `/v1/programs/${c.pid}/redemptions?status=refunded`, { token: c.org });
  assert.deepEqual(onlyRefunded.body.redemptions.map((v) => v.redemptionId), ['H3JD-8PWE']);

  const audit = await svc.api('GET', `/v1/programs/${c.pid}/audit?limit=50`, { token: c.org });
  assert.equal(audit.status, 200, audit.text);
  const actions = audit.body.entries.map((e) => e.action);
  assert.ok(actions.includes('create-program') && actions.includes('create-invites') && actions.includes('refund'), actions.join());
  const adj = audit.body.entries.find((e) => e.action === 'adjust' && e.detail.eventId === 'adj-1');
  assert.deepEqual({ actor: adj.actor, points: adj.detail.points, reason: adj.detail.reason, memberId: adj.detail.memberId },
    { actor: 'organiser:organiser', points: 300, reason: '参加健康讲座（补录）', memberId: wang.memberId });
  assert.ok(audit.body.entries.every((e, i, all) => i === 0 || all[i - 1].id > e.id), 'newest first');
  const page = await svc.api('GET', `/v1/programs/${c.pid}/audit?limit=2`, { token: c.org });
  const next = await svc.api('GET', `/v1/programs/${c.pid}/audit?limit=2&before=${page.body.next}`, { token: c.org });
  assert.ok(next.body.entries.every((e) => e.id < page.body.entries[1].id));
  assert.equal((await svc.api('GET', `/v1/programs/${c.pid}/audit`, { token: wang.token })).status, 403);

  // Resident types an organiser sends on a resident's behalf: one entry per batch with the counts;
  // the same batch sent again stores nothing and writes no second entry.
  const onBehalf = [{ id: 'ob-1', memberId: wang.memberId, at: at8(now + 3000), type: 'share' }, { id: 'ob-2', memberId: li.memberId, at: at8(now + 3000), type: 'share' }];
  for (let i = 0; i < 2; i++) assert.equal((await events(c.org, onBehalf)).status, 200);
  const after = (await svc.api('GET', `/v1/programs/${c.pid}/audit?limit=50`, { token: c.org })).body.entries;
  const sent = after.filter((e) => e.action === 'send-events');
  assert.equal(sent.length, 1, 'one entry for the batch, none for its resend');
  assert.deepEqual([sent[0].actor, sent[0].detail.count], ['organiser:organiser', { share: 2 }]);
});

test('the console and its libraries are served; node_modules is not', async () => {
  const page = await svc.api('GET', '/console/');
  assert.equal(page.status, 200);
  assert.match(page.text, /组织者控制台/);
  const echarts = await svc.api('GET', '/console/vendor/echarts/echarts.esm.min.mjs');
  assert.equal(echarts.status, 200);
  const qr = await svc.api('GET', '/console/vendor/qrcode/qrcode.mjs');
  assert.equal(qr.status, 200);
  for (const p of ['/console/node_modules/echarts/package.json', '/console/package.json', '/console/package-lock.json']) {
    assert.equal((await svc.api('GET', p)).status, 404, p);
  }
});

test('GET /me gives the member the check-ins and make-ups the organiser recorded for them, as sent, and nobody else\'s', async () => {
  const ch = c.program.challenges[0];
  const [wang, wangAyi] = c.residents;
  const at = at8(Date.now() + 3000);
  const desk = { id: 'desk-rec-1', memberId: wangAyi.memberId, at, type: 'check-in', challengeId: ch.id };
  assert.equal((await events(c.org, [desk, { id: 'desk-rec-2', memberId: wang.memberId, at, type: 'check-in', challengeId: ch.id }])).status, 200);
  const me = await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: wangAyi.token });
  assert.equal(me.status, 200);
  assert.deepEqual(me.body.recorded, [desk], 'her desk check-in, not Wang\'s, nor her own from the phone');
  const own = await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: wang.token });
  assert.deepEqual(own.body.recorded.map((e) => e.id), ['desk-rec-2']);
});
