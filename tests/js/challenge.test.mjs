// The check-in helpers both resident apps share (demo/web/js/challenge.js, run here as the
// CommonJS the WeChat example gets from sync-lib.mjs, converted in memory): the programme's
// calendar day of an instant written in any offset, the days the day grid credits, and the outbox
// carried over to a new membership after joining again.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SHARED_SOURCE, toCommonJs } from '../../demo/wechat-miniprogram/sync-lib.mjs';

const require = createRequire(import.meta.url);
const hs = require('../../pkg/node/index.js');
const ch = {};
new Function('exports', toCommonJs(readFileSync(join(SHARED_SOURCE, 'challenge.js'), 'utf8'), 'challenge.js', 'demo/web/js'))(ch);

test('localDay: the day in the programme\'s offset, whatever offset the instant is written in', () => {
  assert.equal(ch.localDay('2026-12-01T23:30:00Z', '+08:00'), '2026-12-02', '07:30 in Beijing');
  assert.equal(ch.localDay('2026-12-01T18:30:00.000-05:00', '+08:00'), '2026-12-02', 'written in New York time');
  assert.equal(ch.localDay('2026-12-02T07:30:00+08:00', '-05:00'), '2026-12-01', 'a programme west of UTC');
  assert.equal(ch.localDay('2026-12-01T18:20:00Z', '+05:45'), '2026-12-02', 'a quarter-hour offset');
  assert.equal(ch.localDay('2026-12-02T00:00:00+08:00', '+08:00'), '2026-12-02', 'midnight starts the day');
  assert.equal(ch.localDay('2026-12-01T23:59:59.999+08:00'), '2026-12-01', '+08:00 when the programme names none');
});

test('creditedDays: a desk check-in written in UTC credits its day in the programme\'s offset, as the engine counts it', () => {
  for (const utcOffset of ['+08:00', '-05:00']) {
    const program = hs.defaultProgram();
    program.utcOffset = utcOffset;
    program.challenges[0].startDate = '2026-12-01';
    const events = [
      { id: 'j', memberId: 'm', at: `2026-12-01T00:00:00${utcOffset}`, type: 'join' },
      { id: 'desk', memberId: 'm', at: new Date(Date.parse(`2026-12-02T07:30:00${utcOffset}`)).toISOString(), type: 'check-in', challengeId: program.challenges[0].id },
    ];
    const engine = new hs.PointsEngine(program);
    const outcomes = new Map(engine.applyBatch(events).results.map((r) => [r.eventId, r]));
    const view = engine.member('m', { asOf: `2026-12-02T12:00:00${utcOffset}` }).challenges[0];
    engine.free();
    assert.deepEqual([...ch.creditedDays(events, outcomes, program.challenges[0].id, utcOffset)], [['2026-12-02', 'done']], utcOffset);
    assert.deepEqual([view.daysCompleted, view.currentStreak], [1, 1], `the engine agrees (${utcOffset})`);
  }
});

test('carryOver: the kept outbox for the new membership; the join day\'s events just after the join, earlier days as they were', () => {
  const join = { id: 'join-m_new', memberId: 'm_new', at: '2026-12-03T10:05:00.123+08:00', type: 'join' };
  const kept = [
    { id: 'a', memberId: 'm_old', at: '2026-12-03T10:00:00.000+08:00', type: 'check-in', challengeId: 'c' },
    { id: 'b', memberId: 'm_old', at: '2026-12-03T01:00:00Z', type: 'share' },
    { id: 'c', memberId: 'm_old', at: '2026-12-02T10:00:00+08:00', type: 'check-in', challengeId: 'c' },
  ];
  assert.deepEqual(ch.carryOver(kept, join, '+08:00'), [
    { id: 'a', memberId: 'm_new', at: '2026-12-03T10:05:00.124+08:00', type: 'check-in', challengeId: 'c' },
    { id: 'b', memberId: 'm_new', at: '2026-12-03T10:05:00.125+08:00', type: 'share' },
    { id: 'c', memberId: 'm_new', at: '2026-12-02T10:00:00+08:00', type: 'check-in', challengeId: 'c' },
  ]);
  assert.equal(kept[0].memberId, 'm_old', 'the kept events are not changed in place');

  // The engine counts the join day's check-in for the new member, and not the earlier day's.
  const program = hs.defaultProgram();
  program.challenges[0].startDate = '2026-12-01';
  const moved = ch.carryOver(kept.filter((e) => e.type === 'check-in').map((e) => ({ ...e, challengeId: program.challenges[0].id })), join, program.utcOffset);
  const engine = new hs.PointsEngine(program);
  const results = engine.applyBatch([join, ...moved]).results;
  engine.free();
  assert.deepEqual(results.map((r) => [r.eventId, r.accepted]), [['join-m_new', true], ['a', true], ['c', false]]);
});
