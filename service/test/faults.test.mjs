// Faults: SIGKILL in the middle of a stream of acknowledged batches, restart, every acknowledged
// event there exactly once; a client that retries a batch after a timeout never pays twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startService, tempDir, community, at8 } from './helpers.mjs';

const DAY = 86400_000;
let dataDir, svc, c;

before(async () => {
  dataDir = tempDir('hs-faults-');
  svc = await startService({ dataDir });
  c = await community(svc.api, { families: [{ family: 'F', building: 'B', people: ['甲', '乙', '丙'] }] });
});
after(async () => { await svc?.kill(); rmSync(dataDir, { recursive: true, force: true }); });

const loggedIds = async (s) => JSON.parse((await s.api('GET', `/v1/programs/${c.pid}/state`, { token: c.org })).text).events.map((e) => e.id);

test('SIGKILL while batches stream: every acknowledged event is there after restart, none twice', async () => {
  const acked = [];
  const attempted = [];
  let stop = false;
  // Three residents stream small batches concurrently until the process dies.
  const streams = c.residents.map(async (r, k) => {
    for (let b = 0; !stop; b++) {
      const events = Array.from({ length: 3 }, (_, i) => ({
        id: `s-${r.memberId}-${b}-${i}`, memberId: r.memberId, at: at8(Date.now() + (b * 3 + i) * 3600_000 + k * 1000), type: 'share',
      }));
      attempted.push(events.map((e) => e.id));
      try {
        const res = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events } });
        if (res.status === 200) acked.push(...events.map((e) => e.id));
      } catch {
        return; // connection reset: the service is gone
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await svc.kill(); // SIGKILL, with batches in flight
  stop = true;
  await Promise.all(streams);
  assert.ok(acked.length >= 9, `some batches were acknowledged before the kill (${acked.length})`);

  svc = await startService({ dataDir });
  const ids = await loggedIds(svc);
  const count = new Map();
  for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
  for (const id of acked) assert.equal(count.get(id), 1, `acknowledged ${id} is logged exactly once`);
  // A batch in flight at the kill is all there or not at all.
  for (const batch of attempted) {
    const present = batch.filter((id) => count.has(id)).length;
    assert.ok(present === 0 || present === batch.length, `batch ${batch[0]} is atomic`);
  }
  assert.ok([...count.values()].every((n) => n === 1), 'no event twice');
});

test('a redemption retried after a timeout, and after a crash, is paid once', async () => {
  const [r] = c.residents;
  const cost = c.program.rewards[0].cost;
  await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: c.org, body: { events: [{ id: 'top-up', memberId: r.memberId, at: at8(Date.now()), type: 'adjust', points: cost * 3, reason: 'test' }] } });
  const start = (await svc.api('GET', `/v1/programs/${c.pid}/me`, { token: r.token })).body.member.balance;
  const redeem = { id: 'redeem-1', memberId: r.memberId, at: at8(Date.now() + 1000), type: 'redeem', rewardId: c.program.rewards[0].id };

  // The client gives up before the answer arrives, then sends the same batch again.
  const ctl = new AbortController();
  const first = svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: [redeem] }, signal: ctl.signal });
  ctl.abort();
  await first.catch(() => {});
  const retry = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: [redeem] } });
  assert.equal(retry.status, 200);
  assert.equal(retry.body.results[0].accepted, true, JSON.stringify(retry.body.results[0]));
  assert.equal(retry.body.member.balance, start - cost);
  const third = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: [redeem] } });
  assert.equal(third.body.results[0].duplicate, true);
  assert.equal(third.body.member.balance, start - cost, 'paid once');

  // A second redemption in flight when the process is killed; the phone resends after restart.
  const gift = c.program.rewards[2];
  const redeem2 = { ...redeem, id: 'redeem-2', rewardId: gift.id, at: at8(Date.now() + 2000) };
  const inflight = svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: [redeem2] } }).catch(() => null);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await svc.kill();
  await inflight;
  svc = await startService({ dataDir });
  const again = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events: [redeem2] } });
  assert.equal(again.status, 200);
  assert.equal(again.body.results[0].accepted, true, JSON.stringify(again.body.results[0]));
  assert.equal(again.body.member.balance, start - cost - gift.cost, 'each redemption paid once');
  const ids = await loggedIds(svc);
  assert.equal(ids.filter((id) => id === 'redeem-2').length, 1);
});
