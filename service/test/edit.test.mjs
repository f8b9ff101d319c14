// Editing a programme's rules (PUT /v1/programs/:pid): the engine validates the new rules, the
// log is replayed under them, the outcomes they change reach members as `changed`, a restart and
// the library replaying the command log give the same state, and refused edits store nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startService, tempDir, community, programStarted, at8, replayLog } from './helpers.mjs';

const voucher = { id: 'eye-test', title: { 'zh-CN': '眼科检查券', en: 'Eye test voucher' }, cost: 30, stock: 2 };
let svc, dataDir, c;
const post = (token, events) => svc.api('POST', `/v1/programs/${c.pid}/events`, { token, body: { events } });
const put = (body, token = c.org, headers) => svc.api('PUT', `/v1/programs/${c.pid}`, { token, body, headers });
const current = async () => (await svc.api('GET', `/v1/programs/${c.pid}`, { token: c.org })).body.program;
const stateOf = async (s = svc) => {
  const { clock, seal, ...rest } = JSON.parse((await s.api('GET', `/v1/programs/${c.pid}/state`, { token: c.org })).text);
  return rest;
};

before(async () => {
  dataDir = tempDir('hs-edit-');
  svc = await startService({ dataDir });
  c = await community(svc.api, { pid: 'edit', program: programStarted(0, { rewards: [voucher] }), families: [{ family: '张家', building: '5号楼', people: ['张伯', '张姨'] }] });
  const [a, b] = c.residents;
  const now = Date.now();
  // 20 points each from the organiser, then both redeem the eye test (2 in stock): A first.
  assert.equal((await post(c.org, [a, b].map((r, i) => ({ id: `act-${i}`, memberId: r.memberId, at: at8(now + 1000 + i), type: 'activity' })))).status, 200);
  assert.equal((await post(c.org, [a, b].map((r, i) => ({ id: `act2-${i}`, memberId: r.memberId, at: at8(now + 1100 + i), type: 'activity' })))).status, 200);
  for (const [i, r] of [a, b].entries()) {
    const res = await post(r.token, [{ id: `rd-${i}`, memberId: r.memberId, at: at8(now + 2000 + i * 1000), type: 'redeem', rewardId: voucher.id }]);
    assert.equal(res.body.results[0].accepted, true, JSON.stringify(res.body));
  }
});
after(async () => { await svc?.kill(); rmSync(dataDir, { recursive: true, force: true }); });

test('refused edits store nothing: wrong role, no token, junk, invalid rules, a removed id', async () => {
  const stateBefore = await stateOf();
  // Reading the state is itself in the audit log; everything else must stay as it was.
  const edits = async () => (await svc.api('GET', `/v1/programs/${c.pid}/audit`, { token: c.org })).body.entries.filter((e) => e.action !== 'export-state');
  const auditBefore = await edits();
  const program = await current();

  assert.equal((await put({ program }, c.residents[0].token)).status, 403, 'a resident cannot edit');
  assert.equal((await put({ program }, null)).status, 401, 'nobody without a token');
  assert.equal((await put({ program }, 'hs_stolen-or-made-up-token')).status, 401);
  assert.equal((await put({ program: 'x' })).status, 400);
  assert.equal((await put({ program, extra: 1 })).status, 400);
  const raw = await svc.api('PUT', `/v1/programs/${c.pid}`, { token: c.org, raw: '{"program": {', headers: { 'content-type': 'application/json' } });
  assert.equal(raw.status, 400);

  const negative = structuredClone(program);
  negative.rewards[0].cost = -5;
  const bad = await put({ program: negative });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'INVALID_RULES');
  assert.equal(bad.body.error.field, 'program.rewards[0].cost');

  const renamed = structuredClone(program);
  renamed.rewards.at(-1).id = 'eye-check';
  const gone = await put({ program: renamed });
  assert.equal(gone.status, 400);
  assert.equal(gone.body.error.code, 'INVALID_RULES');
  assert.equal(gone.body.error.field, `program.rewards[${program.rewards.length - 1}].id`);
  assert.match(gone.body.error.message, /“eye-test”已在本项目中使用，不能删除或改名/);
  const goneEn = await put({ program: renamed }, c.org, { 'accept-language': 'en' });
  assert.match(goneEn.body.error.message, /“eye-test” is used by the programme and cannot be removed or renamed/);
  assert.doesNotMatch(goneEn.body.error.message, /program\.|rewards\[/, 'no path in the words');

  assert.deepEqual(await stateOf(), stateBefore);
  assert.deepEqual(await current(), program);
  assert.deepEqual(await edits(), auditBefore);
});

test('an edit replays the log under the new rules and tells the member whose voucher ran out', async () => {
  const [a, b] = c.residents;
  const cursor = (await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: b.token })).body.cursor;
  const program = await current();
  const edited = structuredClone(program);
  edited.rewards.find((r) => r.id === voucher.id).stock = 1;
  edited.earning.find((r) => r.on === 'activity').points = 30;
  edited.challenges[0].days = 14;
  const res = await put({ program: edited, name: '张家试点' });
  assert.equal(res.status, 200, res.text + svc.logs());
  assert.equal(res.body.id, c.pid);
  assert.deepEqual(res.body.changed, [{ eventId: 'rd-1', memberId: b.memberId, before: { accepted: true }, after: { accepted: false, code: 'OUT_OF_STOCK' } }]);

  // B learns it through the change feed, as after a late event; A keeps the voucher.
  const me = await svc.api('GET', `/v1/programs/${c.pid}/me?since=${cursor}`, { token: b.token });
  assert.deepEqual(me.body.changed.map((x) => [x.eventId, x.after.code]), [['rd-1', 'OUT_OF_STOCK']]);
  assert.equal(me.body.member.balance, 60, 'two activities at the new 30 points, no voucher paid');
  const meA = await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: a.token });
  assert.equal(meA.body.member.balance, 60 - voucher.cost);

  const shown = await svc.api('GET', `/v1/programs/${c.pid}`, { token: a.token });
  assert.equal(shown.body.name, '张家试点');
  assert.equal(shown.body.program.challenges[0].days, 14);
  assert.equal(shown.body.program.rewards.find((r) => r.id === voucher.id).stock, 1);

  const audit = (await svc.api('GET', `/v1/programs/${c.pid}/audit`, { token: c.org })).body;
  assert.ok(JSON.stringify(audit).includes('edit-program'), 'the edit is in the audit log');

  // New events go on under the new rules.
  const more = await post(c.org, [{ id: 'act3', memberId: a.memberId, at: at8(Date.now() + 5000), type: 'activity' }]);
  assert.equal(more.body.results[0].awards[0].points, 30);

  // The library replaying the command log, and a restarted service, give the same state.
  const state = await stateOf();
  const lib = await replayLog(svc.api, c.org, c.pid, c.program);
  const { clock, seal, ...fromLib } = JSON.parse(lib.exportState());
  assert.deepEqual(fromLib.events, state.events);
  assert.deepEqual(fromLib.program, state.program);
  assert.deepEqual(fromLib.summary, state.summary);
  await svc.stop();
  svc = await startService({ dataDir });
  assert.deepEqual(await stateOf(), state);
  assert.equal((await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: b.token })).body.member.balance, 60);
});

test('/openapi.json documents the edit', async () => {
  const spec = (await svc.api('GET', '/openapi.json')).body;
  const op = spec.paths['/v1/programs/{pid}']?.put;
  assert.ok(op, 'PUT /v1/programs/{pid} is in the spec');
  assert.ok(op.requestBody.content['application/json'].schema.required.includes('program'));
});
