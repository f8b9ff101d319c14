#!/usr/bin/env node
// Seeds the demo community of `make demo`: an organiser, a programme from the default template
// whose 21-day challenge started two weeks ago, ~300 residents of ~100 families in 4 buildings who
// joined through invites, and their history — check-ins, make-ups, shares, health talks recorded
// by the organiser, referrals, redemptions fulfilled or refunded at the desk, adjustments with a
// reason — all through the service's own routes, so the log, the audit trail and every table are
// what the real service writes. The programme is flagged as demo data (`programs.demo`), which
// the console and the resident apps show wherever it appears.
//
// The history is replayed under a simulated clock: this process replaces `Date` so that the
// routes stamp each request with the day being replayed (the service owns the clock; nothing in
// the library reads one). It never runs inside the real service.
//
//   node service/scripts/seed-demo.mjs [--data data/demo] [--force] [--join-url URL]
//   → writes <data>/demo.json: { programId, organiser: { user, password }, joinLinks, seededAt }
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = path.resolve(opt('--data', path.join(ROOT, 'data', 'demo')));
const force = args.includes('--force');
const joinUrl = opt('--join-url', 'http://localhost:8080/?service=http%3A%2F%2Flocalhost%3A8787');
const MAX_AGE_DAYS = 7; // an older demo community is generated anew (its challenge would be over)

export const DEMO = { programId: 'demo-xingfuli', user: 'demo', password: 'demo-2026' };
const OFFSET = '+08:00';
const DAY = 86400_000;
const START_DAYS_AGO = 14;

const marker = path.join(dataDir, 'demo.json');
if (existsSync(marker) && !force) {
  const info = JSON.parse(readFileSync(marker, 'utf8'));
  const age = (Date.now() - Date.parse(info.seededAt)) / DAY;
  if (age < MAX_AGE_DAYS) {
    console.log(`[demo] the demo community of ${info.seededAt.slice(0, 10)} is in ${path.relative(ROOT, dataDir)}/ (make demo-reset makes a new one)`);
    process.exit(0);
  }
  console.log(`[demo] the demo community is ${Math.floor(age)} days old: generating a new one`);
}
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

// ------------------------------------------------------------------------------------------------
// The simulated clock.
const RealDate = Date;
let simulated = null;
class SimDate extends RealDate {
  constructor(...a) { super(...(a.length ? a : [simulated ?? RealDate.now()])); }
  static now() { return simulated ?? RealDate.now(); }
}
globalThis.Date = SimDate;
const setClock = (ms) => { simulated = Math.min(ms, RealDate.now()); };

const { loadConfig } = await import('../src/config.mjs');
const { openDatabase } = await import('../src/db.mjs');
const { buildApp } = await import('../src/app.mjs');
const { advanceProgramme } = await import('../src/scheduler.mjs');
const { defaultProgram, PointsEngine } = await import('../src/engine.mjs');
// Desk fulfilment reads the engine's change feed (outcome()); without it the desk part is skipped.
const hasChangeFeed = typeof PointsEngine.prototype.outcome === 'function';

const config = {
  ...loadConfig({ ...process.env, HS_DATA_DIR: dataDir, HS_JOIN_URL: joinUrl, DATABASE_URL: '' }),
  rateLimit: 1e9, loginRateLimit: 1e9, organiserTokenTtlMs: 60 * DAY,
};
const db = await openDatabase({ url: null, dataDir });
const app = await buildApp({ db, config, logger: false });
await app.ready();

async function call(method, url, { token, body } = {}) {
  const res = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body });
  const json = res.body ? JSON.parse(res.body) : null;
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return json;
}

// ------------------------------------------------------------------------------------------------
// A deterministic community.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261201);
const pick = (list) => list[Math.floor(rand() * list.length)];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN_OLD = ['建国', '秀英', '桂兰', '玉兰', '志强', '淑珍', '国华', '凤英', '德明', '丽华', '文华', '金凤', '永福', '素梅', '长林', '春花'];
const GIVEN_MID = ['海燕', '晓明', '丽娟', '建军', '红梅', '伟', '静', '磊', '敏', '勇', '芳', '军'];
const BUILDINGS = ['1号楼', '2号楼', '3号楼', '5号楼'];

const localDate = (ms) => new RealDate(ms + 8 * 3600_000).toISOString().slice(0, 10);
const instant = (ms) => new RealDate(ms + 8 * 3600_000).toISOString().replace('Z', OFFSET);
/** Epoch ms of a local date at hh:mm (+08:00). */
const at = (date, minutes) => RealDate.parse(`${date}T00:00:00${OFFSET}`) + minutes * 60_000;

const now = RealDate.now();
const today = localDate(now);
const start = localDate(RealDate.parse(`${today}T00:00:00${OFFSET}`) - START_DAYS_AGO * DAY);
const addDays = (d, n) => localDate(RealDate.parse(`${d}T12:00:00${OFFSET}`) + n * DAY);

const families = [];
for (let b = 0; b < BUILDINGS.length; b++) {
  for (let k = 0; k < 25; k++) {
    const unit = `${1 + Math.floor(k / 4)}0${1 + (k % 4)}`;
    const surname = SURNAMES[(b * 7 + k * 3) % SURNAMES.length];
    const size = 2 + Math.floor(rand() * 3) + (rand() < 0.15 ? 1 : 0);
    families.push({ family: `${surname}家（${BUILDINGS[b].replace('号楼', '')}-${unit}）`, building: BUILDINGS[b], surname, size });
  }
}

// ------------------------------------------------------------------------------------------------
// Day −17: the organiser, the programme and the invites.
const t0 = at(addDays(start, -3), 9 * 60);
setClock(t0);
await app.hs.auth.ensureOrganiser(DEMO.user, DEMO.password);
const { token: org } = await call('POST', '/v1/auth/login', { body: { user: DEMO.user, password: DEMO.password } });
const program = defaultProgram();
program.challenges[0] = { ...program.challenges[0], startDate: start };
const pid = DEMO.programId;
await call('POST', '/v1/programs', { token: org, body: { id: pid, name: '幸福里社区 · 21天健康打卡（演示）', program } });
await db.query('UPDATE programs SET demo = true WHERE program_id = $1', [pid]);
await db.query("INSERT INTO audit_log (program_id, actor, action, detail) VALUES ($1, 'seed-demo', 'seed-demo', $2)",
  [pid, JSON.stringify({ note: 'generated demo data: residents and records are not real people' })]);
const challengeId = program.challenges[0].id;

for (const f of families) {
  const { invites } = await call('POST', `/v1/programs/${pid}/invites`, { token: org, body: { count: f.size, family: f.family, building: f.building } });
  f.codes = invites.map((i) => i.code);
}

// Who they are, when they join (most before the start, some during the first ten days), and how
// steadily they check in.
const residents = [];
for (const f of families) {
  for (let i = 0; i < f.size; i++) {
    const elder = i < 2;
    const joinDay = rand() < 0.75 ? -Math.floor(rand() * 3) : Math.floor(rand() * 10);
    residents.push({
      family: f, code: f.codes[i], name: `${f.surname}${pick(elder ? GIVEN_OLD : GIVEN_MID)}`,
      joinDay, diligence: rand() < 0.2 ? 0.35 + rand() * 0.3 : 0.72 + rand() * 0.27,
      morning: rand() < 0.7, cards: program.challenges[0].makeupCards, missed: [],
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Day by day up to today.
let events = 0;
let seq = 0;
const vouchers = [];
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const voucherCode = () => { let s = ''; for (let i = 0; i < 8; i++) s += CROCKFORD[Math.floor(rand() * 32)]; return `${s.slice(0, 4)}-${s.slice(4)}`; };

for (let d = -3; d <= START_DAYS_AGO; d++) {
  const date = addDays(start, d);
  const isToday = date === today;
  // Joins of the day.
  for (const r of residents.filter((x) => x.joinDay === d)) {
    setClock(at(date, 8 * 60 + Math.floor(rand() * 600)));
    const j = await call('POST', `/v1/programs/${pid}/join`, { body: { code: r.code, displayName: r.name } });
    Object.assign(r, { memberId: j.memberId, token: j.token, joinedMs: RealDate.parse(j.event.at) });
  }
  // Each resident's phone: the day's events, sent when the phone syncs (at the check-in).
  for (const r of residents) {
    if (!r.token || d < 0) continue;
    const mine = [];
    const minutes = r.morning ? 6 * 60 + Math.floor(rand() * 180) : 18 * 60 + Math.floor(rand() * 200);
    const t = Math.max(at(date, minutes), r.joinedMs + 60_000);
    if (localDate(t) !== date || (isToday && t > now)) continue;
    if (rand() < r.diligence) {
      mine.push({ id: `ci-${r.memberId}-${date}`, memberId: r.memberId, at: instant(t), type: 'check-in', challengeId });
      if (r.missed.length && r.cards > 0 && rand() < 0.4) {
        const missedDay = r.missed.pop();
        r.cards -= 1;
        mine.push({ id: `mk-${r.memberId}-${missedDay}`, memberId: r.memberId, at: instant(t + 60_000), type: 'makeup', challengeId, date: missedDay });
      }
      if (rand() < 0.12) mine.push({ id: `sh-${r.memberId}-${date}`, memberId: r.memberId, at: instant(t + 120_000), type: 'share' });
    } else if (!isToday) {
      r.missed.push(date);
      if (r.missed.length > 2) r.missed.shift();
    }
    r.outbox = [...(r.outbox ?? []), ...mine];
    // Phones sync when they can: at about half of the check-ins, and everyone by today.
    if (!r.outbox.length || (rand() < 0.5 && !isToday)) continue;
    setClock(t + 180_000);
    await call('POST', `/v1/programs/${pid}/events`, { token: r.token, body: { events: r.outbox } });
    events += r.outbox.length;
    r.outbox = [];
  }
  // Saturday morning health talk at the community centre, attendance recorded by the organiser.
  if (d >= 0 && d % 7 === 4 && !isToday) {
    const attendees = residents.filter((r) => r.token && rand() < 0.18);
    const talk = at(date, 10 * 60);
    setClock(talk + 2 * 3600_000);
    await call('POST', `/v1/programs/${pid}/events`, { token: org, body: { events: attendees.map((r) => ({ id: `talk-${date}-${r.memberId}`, memberId: r.memberId, at: instant(talk), type: 'activity' })) } });
    events += attendees.length;
  }
  // Redemptions in the evening by residents with points to spare; the desk hands some over the next day.
  if (d >= 6) {
    for (const r of residents.filter((x) => x.token && rand() < 0.05)) {
      const me = await call('GET', `/v1/programs/${pid}/me`, { token: r.token });
      const reward = me.member.balance >= 200 && rand() < 0.4 ? 'tcm-therapy' : 'health-gift';
      const cost = reward === 'tcm-therapy' ? 200 : 100;
      if (me.member.balance < cost) continue;
      const t = at(date, 20 * 60 + Math.floor(rand() * 60));
      if (t > now) continue;
      const code = voucherCode();
      setClock(t);
      const res = await call('POST', `/v1/programs/${pid}/events`, { token: r.token, body: { events: [{ id: code, memberId: r.memberId, at: instant(t), type: 'redeem', rewardId: reward }] } });
      if (res.results[0].accepted) vouchers.push({ code, r, day: d });
      events += 1;
    }
  }
  for (const v of vouchers.filter((x) => x.day === d - 1)) {
    const t = at(date, 9 * 60 + Math.floor(rand() * 240));
    setClock(t);
    if (rand() < 0.08) {
      await call('POST', `/v1/programs/${pid}/events`, { token: org, body: { events: [{ id: `refund-${v.code}`, memberId: v.r.memberId, at: instant(t), type: 'refund', redemptionId: v.code }] } });
    } else if (rand() < 0.8 && hasChangeFeed) {
      await call('POST', `/v1/programs/${pid}/redemptions/${v.code}/fulfil`, { token: org });
    }
  }
  // Now and then a correction with its reason.
  if (d === 5 || d === 11) {
    const r = residents.find((x, i) => x.token && i % 37 === d);
    const t = at(date, 16 * 60);
    setClock(t);
    const reason = d === 5 ? '社区义诊志愿服务（演示）' : '手机故障期间纸质签到补录（演示）';
    await call('POST', `/v1/programs/${pid}/events`, { token: org, body: { events: [{ id: `adj-${date}-${r.memberId}`, memberId: r.memberId, at: instant(t), type: 'adjust', points: d === 5 ? 30 : 20, reason }] } });
  }
  // The service's scheduled advanceTo at the end of the day.
  if (!isToday) {
    setClock(at(date, 23 * 60 + 59));
    await advanceProgramme(app.hs.programmes, pid, Date.now(), { force: true });
  }
  seq += 1;
}

// Invites left for whoever tries the demo: two families of a new building, one with a referrer.
setClock(now);
simulated = null;
const visitors = await call('POST', `/v1/programs/${pid}/invites`, { token: org, body: { count: 3, family: '访客家（6-101）', building: '6号楼' } });
const neighbours = await call('POST', `/v1/programs/${pid}/invites`, { token: org, body: { count: 3, family: '邻居家（6-102）', building: '6号楼' } });
await app.close();
await db.close();

const joinLinks = [...visitors.invites, ...neighbours.invites].map((i) => i.url);
writeFileSync(marker, JSON.stringify({ programId: pid, organiser: { user: DEMO.user, password: DEMO.password }, joinLinks, seededAt: new RealDate(now).toISOString(), residents: residents.filter((r) => r.token).length, events }, null, 2));
console.log(`[demo] seeded ${residents.filter((r) => r.token).length} residents in ${families.length} families and ${BUILDINGS.length} buildings, ${events} events over ${seq} days, ${vouchers.length} vouchers (demo data)`);
