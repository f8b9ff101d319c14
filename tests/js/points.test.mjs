// The points engine through pkg/node: rule scenarios through the JS class, errors at the
// boundary, a replay of 100,000 events across 1,000 members and 3 challenges, and a fast-check
// property: shuffled batches give the same exportState().
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';

const hs = createRequire(import.meta.url)('../../pkg/node/index.js');
const { PointsEngine, defaultProgram } = hs;

const throwsWith = (fn, code, field) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'a JS Error');
    assert.equal(e.code, code, e.message);
    if (field !== undefined) assert.equal(e.field, field);
    return true;
  });

const C21 = 'healthy-habit-21';
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const earned = (r) => sum(r.awards.map((a) => a.points));
const pad = (n) => String(n).padStart(2, '0');

function fresh(program) {
  const e = program === undefined ? new PointsEngine() : new PointsEngine(program);
  return e;
}

function join(e, memberId, at = '2026-11-20T09:00:00+08:00', extra = {}) {
  return e.apply({ id: `join-${memberId}`, memberId, at, type: 'join', ...extra });
}

test('defaultProgram() is the program of docs/points-rules.md and a fresh copy each time', () => {
  const p = defaultProgram();
  assert.equal(p.version, 1);
  assert.equal(p.utcOffset, '+08:00');
  assert.deepEqual(p.earning.map((r) => [r.on, r.points, r.cap?.times ?? null]), [
    ['check-in', 10, 1], ['activity', 20, null], ['follow-up', 30, null], ['share', 5, 3],
  ]);
  assert.deepEqual(p.referral, { points: 50, bonus: { at: 3, points: 200 } });
  assert.deepEqual(p.tiers.levels.map((l) => [l.id, l.minEarned, l.title['zh-CN']]), [
    ['regular', 0, '普通会员'], ['silver', 500, '银卡会员'], ['gold', 2000, '金卡会员'],
  ]);
  assert.equal(p.tiers.windowDays, 365);
  assert.deepEqual(p.expiry, { policy: 'end-of-next-year' });
  const c = p.challenges[0];
  assert.deepEqual([c.days, c.makeupCards, c.completionBonus, c.syncGraceHours], [21, 2, 100, 24]);
  assert.deepEqual(c.streakMilestones, [{ days: 7, points: 20 }, { days: 14, points: 20 }]);
  p.version = 99;
  assert.equal(defaultProgram().version, 1);
  // The default program is what `new PointsEngine()` uses.
  assert.equal(JSON.parse(new PointsEngine().exportState()).program.utcOffset, '+08:00');
});

test('local days: 23:30 and 00:30 the next day are two check-ins; 15:30Z and 16:30Z are two days', () => {
  const e = fresh();
  join(e, 'a');
  const r1 = e.apply({ id: 'c1', memberId: 'a', at: '2026-11-24T23:30:00+08:00', type: 'check-in' });
  const r2 = e.apply({ id: 'c2', memberId: 'a', at: '2026-11-25T00:30:00+08:00', type: 'check-in' });
  assert.deepEqual([earned(r1), earned(r2), r2.balance], [10, 10, 20]);
  join(e, 'b');
  const z1 = e.apply({ id: 'z1', memberId: 'b', at: '2026-11-24T15:30:00Z', type: 'check-in' });
  const z2 = e.apply({ id: 'z2', memberId: 'b', at: '2026-11-24T16:30:00Z', type: 'check-in' });
  assert.deepEqual([earned(z1), earned(z2)], [10, 10]);
  assert.deepEqual(e.ledger('b').map((l) => l.localDate), ['2026-11-24', '2026-11-25']);
});

test('caps: the 4th share of a local day is accepted, earns 0 and says why', () => {
  const e = fresh();
  join(e, 'a');
  const rs = [0, 1, 2, 3].map((i) => e.apply({ id: `s${i}`, memberId: 'a', at: `2026-11-24T1${i}:00:00+08:00`, type: 'share' }));
  assert.deepEqual(rs.map(earned), [5, 5, 5, 0]);
  assert.equal(rs[3].accepted, true);
  assert.equal(rs[3].code, 'CAP_REACHED');
  assert.match(rs[3].message, /3/);
  assert.equal(rs[3].awards[0].points, 0);
  assert.ok(rs[3].awards[0].reason.length > 0);
});

test('tiers use earned points; spending does not demote; the promotion is in the ledger', () => {
  const e = fresh();
  join(e, 'a');
  let last;
  for (let i = 0; i < 25; i++) {
    last = e.apply({ id: `a${i}`, memberId: 'a', at: `2026-12-${pad(i + 1)}T10:00:00+08:00`, type: 'activity' });
  }
  assert.equal(last.tier, 'silver');
  assert.deepEqual(last.tierChange, { from: 'regular', to: 'silver' });
  const r = e.apply({ id: 'r', memberId: 'a', at: '2026-12-30T10:00:00+08:00', type: 'redeem', rewardId: 'checkup-voucher' });
  assert.equal(r.accepted, true);
  const m = e.member('a');
  assert.deepEqual([m.balance, m.earnedInWindow, m.lifetimeEarned, m.tier], [200, 500, 500, 'silver']);
  assert.deepEqual(m.nextTier, { id: 'gold', pointsNeeded: 1500 });
  assert.equal(e.ledger('a').filter((l) => l.kind === 'tier').length, 1);
});

test('expiry: points earned in 2026 expire at 2027-12-31 end of day local, driven by advanceTo', () => {
  const e = fresh();
  join(e, 'a', '2026-03-01T09:00:00+08:00');
  e.apply({ id: 'c', memberId: 'a', at: '2026-03-02T09:00:00+08:00', type: 'check-in' });
  assert.equal(e.ledger('a')[0].expiresAt, '2027-12-31T23:59:59+08:00');
  assert.deepEqual(e.member('a').expiring, [{ date: '2027-12-31', points: 10 }]);
  assert.deepEqual(e.advanceTo('2027-12-31T23:59:59+08:00'), { expired: [], finalized: ['healthy-habit-21'] });
  assert.equal(e.member('a').balance, 10);
  assert.deepEqual(e.advanceTo('2028-01-01T00:00:00+08:00'), { expired: [{ memberId: 'a', points: 10 }], finalized: [] });
  const l = e.ledger('a');
  assert.deepEqual([l.at(-1).kind, l.at(-1).points], ['expire', -10]);
  assert.equal(sum(l.map((x) => x.points)), e.member('a').balance);
});

test('a 21-day challenge completed with 2 make-up cards pays the bonus once', () => {
  const e = fresh();
  join(e, 'a');
  for (let d = 1; d <= 21; d++) {
    if (d === 5 || d === 12) continue;
    e.apply({ id: `c${d}`, memberId: 'a', at: `2026-12-${pad(d)}T08:00:00+08:00`, type: 'check-in', challengeId: C21 });
  }
  const mk = (id, date) => ({ id, memberId: 'a', at: '2026-12-21T21:00:00+08:00', type: 'makeup', challengeId: C21, date });
  e.apply(mk('m1', '2026-12-05'));
  const r = e.apply(mk('m2', '2026-12-12'));
  assert.deepEqual(r.awards.map((a) => [a.ruleId, a.points]), [[`${C21}:streak-14`, 20], [`${C21}:completion`, 100]]);
  assert.equal(e.apply(mk('m2', '2026-12-12')).duplicate, true);
  const third = e.apply(mk('m3', '2026-12-13'));
  assert.deepEqual([third.accepted, third.code], [false, 'INVALID_MAKEUP']);
  const m = e.member('a', { asOf: '2026-12-21T22:00:00+08:00' });
  assert.deepEqual(m.challenges[0], {
    id: C21, daysCompleted: 21, currentStreak: 21, longestStreak: 21, makeupCardsLeft: 0, completed: true, final: false, points: 330,
  });
  assert.equal(m.balance, 19 * 10 + 20 + 20 + 100);
});

test('referrals: the 3rd qualified referral pays 50 + 200; a referred member who never checks in pays nothing', () => {
  const e = fresh();
  join(e, 'r');
  for (const m of ['a', 'b', 'c', 'd']) {
    e.apply({ id: `j-${m}`, memberId: m, at: '2026-11-21T09:00:00+08:00', type: 'join', referrerId: 'r' });
  }
  const paid = ['a', 'b', 'c'].map((m) =>
    e.apply({ id: `ci-${m}`, memberId: m, at: '2026-11-22T09:00:00+08:00', type: 'check-in' })
      .awards.filter((a) => a.memberId === 'r').map((a) => a.points));
  assert.deepEqual(paid, [[50], [50], [50, 200]]);
  assert.deepEqual(e.member('r').referrals, { qualified: 3, pending: 1 });
  assert.equal(e.member('r').balance, 350);
  const self = e.apply({ id: 'j-x', memberId: 'x', at: '2026-11-22T09:00:00+08:00', type: 'join', referrerId: 'x' });
  assert.deepEqual([self.accepted, self.code], [false, 'INVALID_REFERRAL']);
  const existing = e.apply({ id: 'j-a2', memberId: 'a', at: '2026-11-23T09:00:00+08:00', type: 'referral', referrerId: 'b' });
  assert.deepEqual([existing.accepted, existing.code], [false, 'INVALID_REFERRAL']);
});

test('redemption limits, stock and refunds; never a negative balance', () => {
  const program = defaultProgram();
  program.rewards[2].stock = 1;
  const e = fresh(program);
  for (const m of ['a', 'b']) {
    join(e, m);
    for (let i = 0; i < 5; i++) e.apply({ id: `${m}${i}`, memberId: m, at: `2026-11-21T09:0${i}:00+08:00`, type: 'follow-up' });
  }
  const red = (id, memberId, rewardId) => e.apply({ id, memberId, at: '2026-11-22T09:00:00+08:00', type: 'redeem', rewardId });
  assert.equal(red('r1', 'a', 'health-gift').accepted, true);
  assert.equal(red('r2', 'b', 'health-gift').code, 'OUT_OF_STOCK');
  assert.equal(red('r3', 'a', 'checkup-voucher').code, 'INSUFFICIENT_POINTS');
  assert.equal(red('r4', 'a', 'no-such-thing').code, 'UNKNOWN_REWARD');
  const f = e.apply({ id: 'f1', memberId: 'a', at: '2026-11-23T09:00:00+08:00', type: 'refund', redemptionId: 'r1' });
  assert.deepEqual([f.accepted, f.balance], [true, 150]);
  assert.equal(e.apply({ id: 'r5', memberId: 'b', at: '2026-11-24T09:00:00+08:00', type: 'redeem', rewardId: 'health-gift' }).accepted, true);
  for (const m of ['a', 'b']) {
    const l = e.ledger(m);
    let running = 0;
    for (const x of l) {
      running += x.points;
      assert.ok(running >= 0);
    }
    assert.equal(running, e.member(m).balance);
  }
});

test('out of order: a late earlier check-in turns a refused redemption into an accepted one', () => {
  const e = fresh();
  join(e, 'a');
  for (let i = 0; i < 9; i++) e.apply({ id: `x${i}`, memberId: 'a', at: `2026-11-21T09:0${i}:00+08:00`, type: 'follow-up' });
  const redeem = { id: 'r', memberId: 'a', at: '2026-11-25T09:00:00+08:00', type: 'redeem', rewardId: 'checkup-voucher' };
  assert.equal(e.apply(redeem).code, 'INSUFFICIENT_POINTS');
  e.apply({ id: 'late', memberId: 'a', at: '2026-11-24T09:00:00+08:00', type: 'follow-up' });
  const again = e.apply(redeem);
  assert.deepEqual([again.duplicate, again.accepted, e.member('a').balance], [true, true, 0]);
});

test('change feed: a late redemption reports the earlier outcome it changed; outcome() has both', () => {
  const e = fresh();
  join(e, 'a', '2026-03-01T09:00:00+08:00');
  for (let i = 0; i < 10; i++) e.apply({ id: `f${i}`, memberId: 'a', at: `2026-03-02T09:0${i}:00+08:00`, type: 'follow-up' });
  const p1 = e.apply({ id: 'p1', memberId: 'a', at: '2026-03-05T10:00:00+08:00', type: 'redeem', rewardId: 'checkup-voucher' });
  assert.deepEqual([p1.accepted, p1.changed], [true, []]);
  const p2 = e.apply({ id: 'p2', memberId: 'a', at: '2026-03-04T10:00:00+08:00', type: 'redeem', rewardId: 'tcm-therapy' });
  assert.equal(p2.accepted, true);
  assert.deepEqual(p2.changed, [{ eventId: 'p1', memberId: 'a', before: { accepted: true }, after: { accepted: false, code: 'INSUFFICIENT_POINTS' } }]);
  assert.deepEqual(e.outcome('p1'), { eventId: 'p1', memberId: 'a', original: { accepted: true }, current: { accepted: false, code: 'INSUFFICIENT_POINTS' } });
  assert.equal(e.outcome('nope'), null);
  const b = e.applyBatch([{ id: 'rf', memberId: 'a', at: '2026-03-04T11:00:00+08:00', type: 'refund', redemptionId: 'p2' }]);
  assert.deepEqual(Object.keys(b).sort(), ['changed', 'results']);
  assert.equal('changed' in b.results[0], false);
  assert.deepEqual(b.changed, [{ eventId: 'p1', memberId: 'a', before: { accepted: false, code: 'INSUFFICIENT_POINTS' }, after: { accepted: true } }]);
  throwsWith(() => e.outcome(42), 'INVALID_INPUT', 'eventId');
});

test('sync grace: late check-ins accepted until 24 h after the end, then final', () => {
  const e = fresh();
  join(e, 'a');
  assert.deepEqual(e.advanceTo('2026-12-22T23:00:00+08:00').finalized, []);
  assert.equal(e.apply({ id: 'l1', memberId: 'a', at: '2026-12-03T08:00:00+08:00', type: 'check-in', challengeId: C21 }).accepted, true);
  assert.deepEqual(e.advanceTo('2026-12-23T00:00:00+08:00').finalized, [C21]);
  const late = e.apply({ id: 'l2', memberId: 'a', at: '2026-12-04T08:00:00+08:00', type: 'check-in', challengeId: C21 });
  assert.deepEqual([late.accepted, late.code], [false, 'CHALLENGE_CLOSED']);
  assert.equal(e.member('a').challenges[0].final, true);
});

test('leaderboards rank groups by average per enrolled member or participation, ties deterministic', () => {
  const e = fresh();
  for (const m of ['b1', 'b2', 'b3', 'b4']) join(e, m, undefined, { groups: { family: 'big', building: 'east' } });
  join(e, 's1', undefined, { groups: { family: 'small', building: 'west' } });
  for (let d = 1; d <= 5; d++) {
    for (const m of ['b1', 'b2']) e.apply({ id: `${m}-${d}`, memberId: m, at: `2026-12-0${d}T08:00:00+08:00`, type: 'check-in', challengeId: C21 });
  }
  for (let d = 1; d <= 3; d++) e.apply({ id: `s1-${d}`, memberId: 's1', at: `2026-12-0${d}T08:00:00+08:00`, type: 'check-in', challengeId: C21 });
  assert.deepEqual(e.leaderboard({ challengeId: C21, scope: 'family' }), [
    { rank: 1, id: 'small', score: 30, members: 1 },
    { rank: 2, id: 'big', score: 25, members: 4 },
  ]);
  assert.deepEqual(e.leaderboard({ challengeId: C21, scope: 'building', metric: 'participation' }).map((r) => [r.id, r.score]), [
    ['west', 100], ['east', 50],
  ]);
  assert.deepEqual(e.leaderboard({ challengeId: C21, scope: 'member', limit: 3 }).map((r) => r.id), ['b1', 'b2', 's1']);
});

test('errors: malformed events, programs and documents throw Errors with codes; refusals do not throw', () => {
  const e = fresh();
  join(e, 'a');
  const before = e.exportState();
  throwsWith(() => e.apply({ id: 'x', memberId: 'a', at: '2026-11-24 08:30', type: 'check-in' }), 'INVALID_DATE', 'event.at');
  throwsWith(() => e.apply({ id: 'x', memberId: 'a', at: '2026-11-24T08:30:00+08:00', type: 'dance' }), 'INVALID_INPUT', 'event.type');
  throwsWith(() => e.apply({ id: 'x', memberId: 'a', at: '2026-11-24T08:30:00+08:00', type: 'adjust', points: -5 }), 'INVALID_INPUT', 'event.points');
  throwsWith(() => e.apply({ id: 'x', memberId: 'a', at: '2026-11-24T08:30:00+08:00', type: 'adjust', points: 1.5 }), 'INVALID_INPUT', 'event.points');
  throwsWith(() => e.apply({ id: 'x', at: '2026-11-24T08:30:00+08:00', type: 'share' }), 'MISSING_INPUT', 'event.memberId');
  throwsWith(() => e.apply('nope'), 'INVALID_INPUT', 'event');
  throwsWith(() => e.apply({ id: 'x', memberId: 'a', at: '2026-11-24T08:30:00+08:00', type: 'share', points: 10n }), 'INVALID_INPUT');
  throwsWith(() => e.applyBatch([{ id: 'ok', memberId: 'a', at: '2026-11-24T08:30:00+08:00', type: 'share' }, { id: 'bad', memberId: 'a', at: 'x', type: 'share' }]), 'INVALID_DATE', 'events[1].at');
  assert.equal(e.exportState(), before, 'a rejected event changes nothing');
  const unknown = e.apply({ id: 'u', memberId: 'ghost', at: '2026-11-24T08:30:00+08:00', type: 'check-in' });
  assert.deepEqual([unknown.accepted, unknown.code], [false, 'UNKNOWN_MEMBER']);
  throwsWith(() => e.member('ghost'), 'UNKNOWN_MEMBER');
  throwsWith(() => e.ledger('ghost'), 'UNKNOWN_MEMBER');
  // Same id, different content.
  e.apply({ id: 'same', memberId: 'a', at: '2026-11-24T08:30:00+08:00', type: 'share' });
  throwsWith(() => e.apply({ id: 'same', memberId: 'a', at: '2026-11-24T08:31:00+08:00', type: 'share' }), 'INVALID_INPUT', 'event.id');
  // Programs.
  const p = defaultProgram();
  p.earning[1].cap = { times: 0, per: 'day' };
  throwsWith(() => new PointsEngine(p), 'INVALID_RULES', 'program.earning[1].cap.times');
  throwsWith(() => new PointsEngine({ ...defaultProgram(), utcOffset: 'Asia/Shanghai' }), 'INVALID_RULES', 'program.utcOffset');
  throwsWith(() => new PointsEngine(42), 'INVALID_RULES', 'program');
  // State documents.
  const doc = JSON.parse(e.exportState());
  throwsWith(() => PointsEngine.fromState(JSON.stringify({ ...doc, version: 3 })), 'INVALID_STATE', 'state.version');
  const tampered = structuredClone(doc);
  tampered.summary.eventCount += 1;
  throwsWith(() => PointsEngine.fromState(JSON.stringify(tampered)), 'INVALID_STATE', 'state.seal.checksum');
  // With a host key: sealed with an HMAC, read back only with the same key.
  const key = '00112233445566778899aabbccddeeff';
  const sealed = e.exportState({ key });
  assert.equal(PointsEngine.fromState(sealed, { key }).exportState({ key }), sealed);
  throwsWith(() => PointsEngine.fromState(sealed, { key: 'ffeeddccbbaa99887766554433221100' }), 'INVALID_STATE', 'state.seal.hmac');
  throwsWith(() => PointsEngine.fromState(e.exportState(), { key }), 'INVALID_STATE', 'state.seal.hmac');
  throwsWith(() => PointsEngine.fromState('{'), 'INVALID_STATE');
  throwsWith(() => PointsEngine.fromState(42), 'INVALID_INPUT');
  // Messages follow the engine's locale.
  const en = new PointsEngine(undefined, { locale: 'en' });
  assert.match(en.apply({ id: 'x', memberId: 'nobody', at: '2026-11-24T08:30:00+08:00', type: 'share' }).message, /has not joined/);
  assert.throws(() => en.member('nobody'), /has not joined/);
});

// ------------------------------------------------------------------------------------------
// Replay: 100,000 events, 1,000 members, 3 challenges.

function threeChallengeProgram() {
  const p = defaultProgram();
  const base = p.challenges[0];
  p.challenges = [
    { ...base, id: 'walk-21', startDate: '2026-12-01' },
    { ...base, id: 'diet-14', startDate: '2026-12-08', days: 14, streakMilestones: [{ days: 7, points: 20 }] },
    { ...base, id: 'sleep-30', startDate: '2026-12-15', days: 30, makeupCards: 3, streakMilestones: [{ days: 10, points: 30 }, { days: 20, points: 30 }] },
  ];
  return p;
}

/** A deterministic stream: joins (some referred), then check-ins, make-ups, activities, shares,
 *  redemptions and refunds over 45 days. */
function stream(n, members) {
  // mulberry32
  let seed = 12345;
  const rnd = (k) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
  const events = [];
  const t0 = Date.parse('2026-11-25T00:00:00+08:00');
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  for (let m = 0; m < members; m++) {
    const e = { id: `j${m}`, memberId: `m${m}`, at: iso(t0 + m * 1000), type: 'join', groups: { family: `f${m % 300}`, building: `b${m % 20}` } };
    if (m > 10 && m % 7 === 0) e.referrerId = `m${m % 10}`;
    events.push(e);
  }
  const challenges = [['walk-21', '2026-12-01', 21], ['diet-14', '2026-12-08', 14], ['sleep-30', '2026-12-15', 30]];
  for (let i = events.length; i < n; i++) {
    const m = `m${rnd(members)}`;
    const t = t0 + 86400000 + rnd(45 * 86400000);
    const at = iso(t);
    const k = rnd(20);
    let e;
    if (k < 11) e = { type: 'check-in', challengeId: challenges[rnd(3)][0] };
    else if (k < 12) {
      const [cid, start, days] = challenges[rnd(3)];
      const d = new Date(`${start}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + rnd(days));
      e = { type: 'makeup', challengeId: cid, date: d.toISOString().slice(0, 10) };
    } else if (k < 14) e = { type: 'share' };
    else if (k < 15) e = { type: 'activity' };
    else if (k < 16) e = { type: 'follow-up' };
    else if (k < 18) e = { type: 'redeem', rewardId: ['checkup-voucher', 'tcm-therapy', 'health-gift'][rnd(3)] };
    else if (k < 19) e = { type: 'refund', redemptionId: `e${Math.max(0, i - 1 - rnd(2000))}` };
    else e = { type: 'check-in' };
    events.push({ id: `e${i}`, memberId: m, at, ...e });
  }
  return events;
}

const byTime = (a, b) => {
  const d = Date.parse(a.at) - Date.parse(b.at);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

test('replay: 100,000 events across 1,000 members and 3 challenges, in order and shuffled', () => {
  const program = threeChallengeProgram();
  const events = stream(100_000, 1000);
  const sorted = [...events].sort(byTime);

  // In timestamp order, in batches of 1,000 (the append path).
  const a = new PointsEngine(program);
  let t = performance.now();
  const codes = {};
  for (let i = 0; i < sorted.length; i += 1000) {
    for (const r of a.applyBatch(sorted.slice(i, i + 1000)).results) codes[r.code ?? 'ok'] = (codes[r.code ?? 'ok'] ?? 0) + 1;
  }
  const inOrderMs = performance.now() - t;
  assert.ok(codes.ok > 40_000, JSON.stringify(codes));
  assert.ok(codes.INSUFFICIENT_POINTS > 0 && codes.CAP_REACHED > 0, JSON.stringify(codes));
  a.advanceTo('2027-02-01T00:00:00+08:00');
  const expected = a.exportState();

  // The same events shuffled, in one batch: one sort and one replay.
  const shuffled = [...events];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = (i * 7919 + 13) % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const b = new PointsEngine(program);
  t = performance.now();
  b.applyBatch(shuffled);
  const batchMs = performance.now() - t;
  b.advanceTo('2027-02-01T00:00:00+08:00');
  assert.equal(b.exportState(), expected);

  // A phone syncing late: 2,000 single events of a few members, out of order, after the rest.
  const late = new Set(['m1', 'm2', 'm3']);
  const c = new PointsEngine(program);
  c.applyBatch(sorted.filter((e) => !late.has(e.memberId)));
  const lateEvents = shuffled.filter((e) => late.has(e.memberId));
  t = performance.now();
  for (const e of lateEvents) c.apply(e);
  const lateMs = performance.now() - t;
  c.advanceTo('2027-02-01T00:00:00+08:00');
  assert.equal(c.exportState(), expected);

  // The document round-trips, and every balance is the sum of its ledger.
  t = performance.now();
  const back = PointsEngine.fromState(expected);
  const importMs = performance.now() - t;
  assert.equal(back.exportState(), expected);
  for (let m = 0; m < 1000; m += 37) {
    const view = back.member(`m${m}`);
    assert.equal(sum(back.ledger(`m${m}`).map((l) => l.points)), view.balance);
    assert.ok(view.balance >= 0);
  }
  const top = back.leaderboard({ challengeId: 'walk-21', scope: 'building', limit: 5 });
  assert.equal(top.length, 5);
  assert.ok(top.every((r, i) => i === 0 || r.score <= top[i - 1].score));
  console.log(`# replay of 100,000 events: in order ${inOrderMs.toFixed(0)} ms, shuffled batch ${batchMs.toFixed(0)} ms, ` +
    `${lateEvents.length} late single events ${lateMs.toFixed(0)} ms, import ${importMs.toFixed(0)} ms`);
});

// ------------------------------------------------------------------------------------------
// Property: shuffled batches (with duplicates) give the same state as timestamp order.

const member = fc.constantFrom('m0', 'm1', 'm2', 'm3');
const minute = fc.integer({ min: 0, max: 30 * 1440 });
const atOf = (min) => new Date(Date.parse('2026-11-28T00:00:00+08:00') + min * 60000).toISOString();
const rawEvent = fc.oneof(
  fc.record({ type: fc.constant('check-in'), memberId: member, min: minute, challengeId: fc.constantFrom(C21, undefined) }),
  fc.record({ type: fc.constantFrom('share', 'activity', 'follow-up'), memberId: member, min: minute }),
  fc.record({ type: fc.constant('redeem'), memberId: member, min: minute, rewardId: fc.constantFrom('health-gift', 'tcm-therapy') }),
  fc.record({ type: fc.constant('refund'), memberId: member, min: minute, target: fc.nat(40) }),
  fc.record({ type: fc.constant('makeup'), memberId: member, min: minute, day: fc.integer({ min: 1, max: 21 }) }),
  fc.record({ type: fc.constant('join'), memberId: fc.constantFrom('m3', 'm4'), min: minute, referrerId: fc.constantFrom('m0', 'm1', undefined) }),
);

function materialise(raws) {
  const events = [0, 1, 2].map((k) => ({ id: `j${k}`, memberId: `m${k}`, at: atOf(k), type: 'join' }));
  raws.forEach((r, i) => {
    const e = { id: `e${i}`, memberId: r.memberId, at: atOf(r.min), type: r.type };
    if (r.challengeId) e.challengeId = r.challengeId;
    if (r.rewardId) e.rewardId = r.rewardId;
    if (r.type === 'refund') e.redemptionId = `e${r.target}`;
    if (r.type === 'makeup') Object.assign(e, { challengeId: C21, date: `2026-12-${pad(r.day)}` });
    if (r.referrerId) e.referrerId = r.referrerId;
    events.push(e);
  });
  return events;
}

test('property: any shuffle of a batch, with duplicates, gives the exportState of timestamp order', () => {
  fc.assert(
    fc.property(fc.array(rawEvent, { maxLength: 60 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (raws, cuts) => {
      const events = materialise(raws);
      const ref = new PointsEngine();
      for (const e of [...events].sort(byTime)) ref.apply(e);
      ref.advanceTo('2027-01-31T00:00:00+08:00');
      const expected = ref.exportState();

      const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { numRuns: 1, seed: cuts[0] })[0];
      const withDups = shuffled.flatMap((e, i) => (i % 3 === 0 ? [e, { ...e }] : [e]));
      // As one batch.
      const one = new PointsEngine();
      one.applyBatch(withDups);
      one.advanceTo('2027-01-31T00:00:00+08:00');
      assert.equal(one.exportState(), expected);
      // As several batches cut at arbitrary places.
      const several = new PointsEngine();
      let start = 0;
      for (const c of [...cuts, withDups.length]) {
        const end = Math.min(withDups.length, start + (c % 17) + 1);
        several.applyBatch(withDups.slice(start, end));
        start = end;
      }
      several.applyBatch(withDups.slice(start));
      several.advanceTo('2027-01-31T00:00:00+08:00');
      assert.equal(several.exportState(), expected);
      for (const m of ['m0', 'm1', 'm2']) {
        const ledger = several.ledger(m);
        let running = 0;
        for (const l of ledger) {
          running += l.points;
          assert.ok(running >= 0, 'never a negative balance');
        }
        assert.equal(running, several.member(m).balance);
      }
    }),
    { numRuns: 150 },
  );
});

test('compaction and stats: history before the horizon folds into checkpoints, views stay the same', () => {
  const e = new PointsEngine();
  const events = [];
  for (let m = 0; m < 50; m++) {
    events.push({ id: `j${m}`, memberId: `m${m}`, at: '2026-03-01T08:00:00+08:00', type: 'join', groups: { family: `f${m % 7}`, building: `b${m % 3}` } });
    for (let d = 0; d < 30; d++) {
      const day = new Date(Date.parse('2026-03-02T09:00:00+08:00') + d * 86_400_000).toISOString();
      events.push({ id: `m${m}-${d}`, memberId: `m${m}`, at: day, type: d % 2 ? 'activity' : 'share' });
    }
  }
  e.applyBatch(events);
  const before = e.stats();
  assert.equal(before.events, 1550);
  assert.ok(before.bytes / before.events <= 96, `${before.bytes / before.events} bytes per event`);
  assert.equal(e.compact().horizon, null, 'nothing to fold before the first advanceTo');
  e.advanceTo('2026-06-01T00:00:00+08:00');
  const view = e.member('m3');
  const ledgerSum = sum(e.ledger('m3').map((l) => l.points));
  const board = e.leaderboard({ scope: 'building' });
  const c = e.compact();
  assert.deepEqual([c.folded, c.members], [1550, 50]);
  assert.equal(c.horizon, '2026-05-25T00:00:00+08:00');
  assert.equal(e.stats().events, 0);
  assert.deepEqual(e.member('m3'), view);
  assert.deepEqual(e.leaderboard({ scope: 'building' }), board);
  const ledger = e.ledger('m3');
  assert.equal(ledger[0].kind, 'carry');
  assert.equal(sum(ledger.map((l) => l.points)), ledgerSum);
  // A late event before the horizon is refused; the compacted document round-trips.
  const late = e.apply({ id: 'late', memberId: 'm3', at: '2026-05-01T09:00:00+08:00', type: 'activity' });
  assert.equal(late.code, 'TOO_LATE');
  const doc = e.exportState();
  assert.equal(PointsEngine.fromState(doc).exportState(), doc);
  assert.ok(doc.length < 40_000, `${doc.length} bytes`);
});
