// Snapshots: a programme restarts from its latest exportState() snapshot plus the commands after
// it; a snapshot the library cannot read (corrupted, or of another version) never stops the
// service — the programme is rebuilt from its whole log, which stays authoritative, with the same
// state, and the service says so in its log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startService, tempDir, community, at8 } from './helpers.mjs';
import { openDatabase } from '../src/db.mjs';

const EVERY = { HS_SNAPSHOT_EVERY: '3' };
let dataDir, svc, c;

before(async () => {
  dataDir = tempDir('hs-snapshots-');
  svc = await startService({ dataDir, env: EVERY });
  c = await community(svc.api, { families: [{ family: 'F', building: 'B', people: ['甲', '乙'] }] });
  for (const [k, r] of c.residents.entries()) {
    const events = Array.from({ length: 4 }, (_, i) => ({ id: `s-${k}-${i}`, memberId: r.memberId, at: at8(Date.now() - (i + 1) * 3600_000), type: 'share' }));
    const res = await svc.api('POST', `/v1/programs/${c.pid}/events`, { token: r.token, body: { events } });
    assert.equal(res.status, 200);
  }
  // Snapshots are written after the answer; give the last one time to land.
  await new Promise((resolve) => setTimeout(resolve, 800));
});
after(async () => { await svc?.kill(); rmSync(dataDir, { recursive: true, force: true }); });

/**
 * What a restart must give back: the exported state (but its clock, which the scheduler moves
 * on at start, and the seal over it) and a member's view.
 */
async function observed(s) {
  const state = await s.api('GET', `/v1/programs/${c.pid}/state`, { token: c.org });
  const me = await s.api('GET', `/v1/programs/${c.pid}/me`, { token: c.residents[0].token });
  assert.equal(state.status, 200);
  assert.equal(me.status, 200);
  const { clock, seal, ...rest } = JSON.parse(state.text);
  assert.ok(seal?.checksum);
  return { state: rest, member: me.body.member };
}

/** Runs `fn(q)` on the stopped service's embedded database. */
async function withDatabase(fn) {
  const db = await openDatabase({ dataDir });
  try { return await fn(db.query); } finally { await db.close(); }
}

test('a restart reads the latest snapshot and gives the same state', async () => {
  const before = await observed(svc);
  await svc.stop();
  const snaps = await withDatabase((q) => q('SELECT seq, length(state) AS n FROM snapshots WHERE program_id = $1', [c.pid]));
  assert.equal(snaps.length, 1, 'one snapshot kept (older ones are deleted)');
  assert.ok(Number(snaps[0].seq) > 0 && Number(snaps[0].n) > 100);
  svc = await startService({ dataDir, env: EVERY });
  assert.deepEqual(await observed(svc), before);
  assert.doesNotMatch(svc.logs(), /snapshot not readable/);
});

for (const [k, [what, corrupt]] of [
  ['truncated', "left(state, 120)"],
  ['of an unknown version', `'{"version":99,"program":{}}'`],
  ['not JSON at all', "'garbage'"],
].entries()) {
  test(`a snapshot ${what} is passed over: the programme is rebuilt from its log, the same, and keeps serving`, async () => {
    const before = await observed(svc);
    await svc.stop();
    const changed = await withDatabase((q) => q(`UPDATE snapshots SET state = ${corrupt} WHERE program_id = $1 RETURNING seq`, [c.pid]));
    assert.equal(changed.length, 1);
    svc = await startService({ dataDir, env: EVERY });
    assert.match(svc.logs(), /snapshot not readable; rebuilding from the whole log/);
    assert.deepEqual(await observed(svc), before);
    const r = c.residents[1];
    const res = await svc.api('POST', `/v1/programs/${c.pid}/events`, {
      token: c.org, body: { events: [{ id: `after-corrupt-${k}`, memberId: r.memberId, at: at8(Date.now()), type: 'activity' }] },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.results[0].accepted, true, JSON.stringify(res.body.results[0]));
  });
}
