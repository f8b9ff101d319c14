// Screen 3 — the check-in challenge, in one of two modes:
//
// - **Community** (joined with an invite link): the programme, its dates, rewards and the family
//   and building leaderboards come from the challenge service; the resident's own events go
//   through health-steward/sync (outbox, retry) and are also replayed into a PointsEngine on the
//   phone, so that the calendar, streak and make-up cards answer at once, offline too. Balance and
//   tier are the service's (which also knows the organiser's adjustments and activities), plus
//   what waits in the outbox. Outcomes the service later changes (the last voucher) are told in
//   words.
// - **On this phone only** (no service): the default programme, whose challenge starts the day
//   the resident first opens it; the resident's events stay in localStorage and are replayed.
//
// Every rule (acceptance, streaks, milestones, points, tiers, leaderboards) is the engine's.
import { call, hs, notAvailable } from '../lib.js';
import { getLocale, t, text } from '../i18n.js';
import { load, remove, save } from '../store.js';
import { addDays, dateText, daysBetween, instant, nowTime, pinned, shortDate, today as deviceToday } from '../dates.js';
import { errorBoxHtml, esc, residentMessage, toast } from '../ui.js';
import '../checkin-text.js';
import * as community from '../service.js';
import { clockIn, creditedDays as credited, daysLeft as left, localDay, maxMorePoints, milestones, voucherCode as codeOf } from '../challenge.js';

const ME = 'me';
const KEY = 'checkin';
const css = document.createElement('link');
css.rel = 'stylesheet';
css.href = new URL('../../checkin.css', import.meta.url).href;
document.head.append(css);

/**
 * Today and the time of day in the programme's fixed offset (the service's local days), from the
 * device clock; `?today=` pins both for reproducible runs.
 */
let now = { date: deviceToday, time: nowTime(), at: instant(deviceToday, nowTime()) };
function tick(offset = '+08:00') {
  now = pinned ? { date: deviceToday, time: nowTime(), at: instant(deviceToday, nowTime(), offset) } : clockIn(offset);
}

let scope = 'family';
let root = null;
let listening = null;

// ------------------------------------------------------------------------------------------------
// The model of one draw: program, challenge, the phone's engine and the views to show.

/** The standalone state: the challenge starts the first day the resident opens it. */
function standaloneState() {
  const s = load(KEY, null);
  // Earlier versions kept the join (with invented family and building) among the events.
  if (s && Array.isArray(s.events)) return { start: s.start, events: s.events.filter((e) => e.type !== 'join' && e.memberId === ME) };
  const fresh = { start: now.date, events: [] };
  save(KEY, fresh);
  return fresh;
}

function offsetOf(program) {
  return program.utcOffset || '+08:00';
}

/** The phone's engine over the resident's own events; `results` by event id. */
function replay(program, events) {
  if (typeof hs.PointsEngine !== 'function') throw notAvailable('PointsEngine');
  const engine = new hs.PointsEngine(program);
  const { results } = engine.applyBatch(events);
  return { engine, outcomes: new Map(results.map((r) => [r.eventId, r])) };
}

function model() {
  const conn = community.connection();
  tick(community.cached().program?.utcOffset);
  if (!conn) {
    const state = standaloneState();
    const program = call('defaultProgram');
    if (!program?.challenges?.length) throw notAvailable('defaultProgram().challenges');
    const challenge = { ...program.challenges[0], startDate: state.start };
    program.challenges[0] = challenge;
    const join = { id: `${ME}-join`, memberId: ME, at: instant(state.start, '00:00', offsetOf(program)), type: 'join' };
    const events = [join, ...state.events];
    const { engine, outcomes } = replay(program, events);
    const view = engine.member(ME, { asOf: now.at });
    engine.free();
    return { mode: 'alone', program, challenge, memberId: ME, events: state.events, outcomes, view, local: view, pending: 0, pendingPoints: 0 };
  }
  const cache = community.cached();
  if (!cache.program) return { mode: 'loading', conn };
  const program = cache.program;
  const challenge = program.challenges?.[0];
  const sync = community.syncClient();
  // The resident's own events, and the check-ins the organiser recorded for them (at the desk,
  // say): the day grid, streak and days completed count both.
  const ownIds = new Set(load('community-events', []).map((e) => e.id));
  const own = [...load('community-events', []), ...(sync.recorded?.() ?? []).filter((e) => !ownIds.has(e.id))];
  const pendingIds = new Set(sync.pending().map((e) => e.id));
  const asOf = now.at;
  const all = replay(program, [conn.joinEvent, ...own]);
  const local = all.engine.member(conn.memberId, { asOf });
  all.engine.free();
  // What the outbox adds: the phone's engine with and without the pending events.
  let pendingPoints = 0;
  if (pendingIds.size) {
    const sent = replay(program, [conn.joinEvent, ...own.filter((e) => !pendingIds.has(e.id))]);
    pendingPoints = local.balance - sent.engine.member(conn.memberId, { asOf }).balance;
    sent.engine.free();
  }
  const service = sync.member();
  const view = service ? { ...service, challenges: local.challenges } : local;
  return {
    mode: 'community', conn, cache, program, challenge, memberId: conn.memberId, events: own, outcomes: all.outcomes,
    view, local, pending: pendingIds.size, pendingPoints, sync,
  };
}

/** Local dates the resident checked in or made up, from the events the engine accepted. */
const creditedDays = (m) => credited(m.events, m.outcomes, m.challenge.id, offsetOf(m.program));

const tierOf = (program, id) => program.tiers?.levels?.find((l) => l.id === id);
const tierTitle = (program, id) => text(tierOf(program, id)?.title) || id;
const earnPoints = (program, on) => program.earning?.find((r) => r.on === on)?.points ?? 0;

// ------------------------------------------------------------------------------------------------
// Rendering.

export function render(el) {
  root = el;
  root.innerHTML = `<h2>${esc(t('checkin.title'))}</h2><p class="intro">${esc(t('checkin.intro'))}</p>
    <div id="checkin-top"></div><div id="checkin-body"></div>`;
  draw();
  refresh();
}

/** A redraw asked for while a question was open on screen, done once it is answered. */
let drawWhenAnswered = false;

function draw() {
  if (!root) return;
  // A question on screen (leave, start again, redeem) is not swept away by a redraw that a sync
  // or a timer asked for: the redraw waits for the answer.
  if (root.querySelector('.confirm')) {
    drawWhenAnswered = true;
    return;
  }
  drawWhenAnswered = false;
  const body = root.querySelector('#checkin-body');
  const top = root.querySelector('#checkin-top');
  let m;
  try {
    m = model();
  } catch (e) {
    body.innerHTML = errorBoxHtml(e);
    return;
  }
  top.innerHTML = topHtml(m);
  if (m.mode === 'loading') {
    body.innerHTML = `<div class="card"><p class="muted">${esc(t('app.loading'))}</p></div>`;
    wireTop(top, m);
    return;
  }
  const c = m.view.challenges?.find((x) => x.id === m.challenge.id) ?? { daysCompleted: 0, currentStreak: 0, longestStreak: 0, makeupCardsLeft: m.challenge.makeupCards, completed: false, points: 0 };
  const lastDay = addDays(m.challenge.startDate, m.challenge.days - 1);
  const phase = now.date < m.challenge.startDate ? 'before' : now.date > lastDay ? 'after' : 'during';
  body.innerHTML = `
    ${phase === 'after' ? summaryHtml(m, c) : challengeHtml(m, c, phase)}
    ${milestonesHtml(m, c)}
    ${pointsHtml(m, c, phase)}
    ${rewardsHtml(m)}
    ${boardHtml(m)}
    ${footHtml(m)}`;
  wireTop(top, m);
  wire(body, m, c, phase);
  root.dataset.mode = m.mode;
}

function topHtml(m) {
  const parts = [];
  const invite = community.pendingInvite();
  // After a 401 an invite to the same community joins again, keeping what was not sent.
  if (invite && (!m.conn || (community.isLost() && community.sameCommunity(invite, m.conn)))) parts.push(joinCardHtml(invite));
  if (m.mode === 'alone') {
    parts.push(`<div class="note-banner" id="standalone" role="note">${esc(t('checkin.standalone'))}</div>`);
    if (!invite) {
      parts.push(`<details class="card" id="join-paste"><summary>${esc(t('checkin.joinTitle'))}</summary>
        <p class="small">${esc(t('checkin.joinHint'))}</p>
        <label class="field"><span class="label">${esc(t('checkin.joinLink'))}</span>
          <div class="field-wrap"><input id="join-link" inputmode="url" autocomplete="off"></div></label>
        <button type="button" class="btn btn-secondary" id="join-link-go">${esc(t('checkin.joinGo'))}</button></details>`);
    }
    return parts.join('');
  }
  if (m.cache?.demo) parts.push(`<div class="note-banner demo" id="demo-note" role="note">${esc(t('checkin.demo'))}</div>`);
  if (m.cache?.name) parts.push(`<p class="small community-name" id="community-name">${esc(t('checkin.connected', { name: m.cache.name }))}<br>
    <span class="muted">${esc(t('checkin.you', { name: m.conn.displayName, family: m.view.family ?? '', building: m.view.building ?? '' }))}</span></p>`);
  for (const n of load('community-notices', [])) {
    parts.push(`<div class="notice" role="alert" data-notice="${esc(n.eventId)}">${esc(n.text)}
      <button type="button" class="btn btn-inline btn-secondary" data-dismiss="${esc(n.eventId)}">${esc(t('checkin.change.ok'))}</button></div>`);
  }
  parts.push(syncHtml(m));
  return parts.join('');
}

function joinCardHtml(invite) {
  return `<div class="card" id="join-card">
    <h3>${esc(t('checkin.invitedUnknown'))}</h3>
    <label class="field"><span class="label">${esc(t('checkin.joinName'))}</span>
      <div class="field-wrap"><input id="join-name" maxlength="40" autocomplete="nickname"></div></label>
    <p class="small muted">${esc(t('checkin.joinNameHint'))}</p>
    <p class="small muted">${esc(invite.baseUrl)}</p>
    <div class="btn-row"><button type="button" class="btn" id="join-go">${esc(t('checkin.joinGo'))}</button>
      <button type="button" class="btn btn-secondary" id="join-later">${esc(t('checkin.cancel'))}</button></div>
  </div>`;
}

function syncHtml(m) {
  if (community.isLost()) {
    const kept = m.pending ? ` ${t('checkin.sync.lostKept', { n: m.pending })}` : '';
    return `<div class="field-error form-error" id="sync-status" data-state="lost" data-pending="${m.pending}" role="alert">${esc(t('checkin.sync.lost'))}${esc(kept)}</div>`;
  }
  const offline = navigator.onLine === false;
  const state = m.pending ? (offline ? 'offline' : 'pending') : offline ? 'offline' : 'ok';
  const label = state === 'ok' ? t('checkin.sync.ok') : state === 'offline' ? t('checkin.sync.offline') : t('checkin.sync.pending', { n: m.pending });
  return `<div class="sync-status ${state}" id="sync-status" data-state="${state}" data-pending="${m.pending}" role="status">
    <span>${esc(label)}${m.pending && state === 'offline' ? ` · ${esc(t('checkin.sync.pending', { n: m.pending }))}` : ''}</span>
    ${m.pending ? `<button type="button" class="btn btn-inline btn-secondary" id="sync-now">${esc(t('checkin.sync.now'))}</button>` : ''}</div>`;
}

function challengeHtml(m, c, phase) {
  const days = creditedDays(m);
  const joined = m.mode === 'community' ? localDay(m.conn.joinEvent.at, offsetOf(m.program)) : m.challenge.startDate;
  const cells = [];
  for (let i = 0; i < m.challenge.days; i++) {
    const date = addDays(m.challenge.startDate, i);
    let cls = days.get(date) || (date === now.date ? 'today' : date < joined ? 'before' : date < now.date ? 'missed' : 'future');
    if (date === now.date && days.has(date)) cls += ' today';
    const label = `${t('checkin.day', { n: i + 1 })} ${shortDate(date, getLocale())} ${t(`checkin.cell.${cls.split(' ')[0]}`)}`;
    const canMakeUp = cls === 'missed' && c.makeupCardsLeft > 0;
    cells.push(`<button type="button" class="day ${cls}" data-date="${date}" aria-label="${esc(label)}" ${canMakeUp ? '' : 'tabindex="-1"'}>
      <b>${i + 1}</b><span>${esc(date.slice(5).replace('-', '/'))}</span></button>`);
  }
  const doneToday = days.has(now.date);
  const dayNo = daysBetween(m.challenge.startDate, now.date) + 1;
  const when = phase === 'before'
    ? t('checkin.startsIn', { n: daysBetween(now.date, m.challenge.startDate) })
    : t('checkin.dayOf', { n: dayNo, days: m.challenge.days });
  const button = phase === 'before' ? t('checkin.notStarted', { date: shortDate(m.challenge.startDate, getLocale()) })
    : doneToday ? `✓ ${t('checkin.done')}` : t('checkin.today');
  return `<div class="card" id="challenge">
    <h3>${esc(text(m.challenge.title))}</h3>
    <p class="muted" id="challenge-dates">${esc(t('checkin.dates', { start: shortDate(m.challenge.startDate, getLocale()), end: shortDate(addDays(m.challenge.startDate, m.challenge.days - 1), getLocale()) }))} · ${esc(when)}</p>
    <div class="stats">
      <div class="stat"><span class="n" id="streak">${c.currentStreak}</span><span class="k">${esc(t('checkin.streak'))}</span></div>
      <div class="stat"><span class="n" id="completed">${c.daysCompleted}/${m.challenge.days}</span><span class="k">${esc(t('checkin.completed'))}</span></div>
      <div class="stat"><span class="n" id="makeup-left">${c.makeupCardsLeft}</span><span class="k">${esc(t('checkin.makeup'))}</span></div>
    </div>
    <div class="grid21" id="grid" role="group" aria-label="${esc(t('checkin.title'))}">${cells.join('')}</div>
    <p class="muted">${esc(t('checkin.longest'))} ${esc(t('checkin.days', { n: c.longestStreak }))}${c.makeupCardsLeft > 0 && phase === 'during' ? ` · ${esc(t('checkin.makeupHint'))}` : ''}</p>
    <div id="makeup-confirm"></div>
    <button type="button" class="btn" id="checkin-today" ${doneToday || phase !== 'during' ? 'disabled' : ''}>${esc(button)}</button>
  </div>`;
}

function summaryHtml(m, c) {
  const ch = m.challenge;
  const board = m.cache?.boards?.family?.rows ?? [];
  const mine = board.find((r) => r.name === m.view.family);
  return `<div class="card" id="summary">
    <h3>${esc(t('checkin.summary'))} · ${esc(text(ch.title))}</h3>
    <p class="summary-lead">${esc(c.completed ? t('checkin.summaryDone', { days: ch.days }) : t('checkin.summaryPartly', { n: c.daysCompleted, days: ch.days }))}</p>
    <div class="stats">
      <div class="stat"><span class="n" id="completed">${c.daysCompleted}/${ch.days}</span><span class="k">${esc(t('checkin.completed'))}</span></div>
      <div class="stat"><span class="n" id="longest">${c.longestStreak}</span><span class="k">${esc(t('checkin.longest'))}</span></div>
      <div class="stat"><span class="n" id="challenge-points">${c.points ?? 0}</span><span class="k">${esc(t('checkin.points'))}</span></div>
    </div>
    <p>${esc(t('checkin.summaryPoints', { n: c.points ?? 0 }))} · ${esc(t('checkin.summaryLongest', { n: c.longestStreak }))}</p>
    ${mine ? `<p id="summary-family">${esc(t('checkin.summaryFamily', { rank: mine.rank, of: board.length }))}</p>` : ''}
    <p class="muted">${esc(t('checkin.summaryNext'))}</p>
  </div>`;
}

/** Days left in the challenge on which a check-in can still count (today included unless done). */
const daysLeft = (m) => left(m.challenge, now.date, creditedDays(m).has(now.date));

function milestonesHtml(m, c) {
  const items = milestones(m.challenge, c, daysLeft(m)).map((x) => ({
    ...x,
    label: x.kind === 'streak' ? t('checkin.milestone', { d: x.days }) : t('checkin.completion', { d: x.days }),
    status: x.reached ? t('checkin.reached') : x.reachable ? t('checkin.toGo', { n: x.need }) : t('checkin.missedOut'),
  }));
  return `<div class="card" id="milestones"><h3>${esc(t('checkin.milestones'))}</h3>
    <ul class="plain milestones">${items.map((x) => `<li data-milestone="${x.id}" class="${x.reached ? 'reached' : ''}">
      <span class="ms-mark" aria-hidden="true">${x.reached ? '✓' : '○'}</span>
      <span class="who"><b>${esc(x.label)}</b><br><span class="muted">${esc(x.status)}</span></span>
      <span class="score">${esc(t('checkin.bonus', { n: x.points }))}</span></li>`).join('')}</ul></div>`;
}

function pointsHtml(m, c, phase) {
  const v = m.view;
  const next = v.nextTier;
  const current = tierOf(m.program, v.tier);
  const progress = next ? v.earnedInWindow / Math.max(1, v.earnedInWindow + next.pointsNeeded) : 1;
  const benefits = (current?.benefits ?? []).map(text);
  let nextText = t('checkin.topTier');
  let howText = '';
  if (next) {
    const nextBenefits = (tierOf(m.program, next.id)?.benefits ?? []).map(text).join('、') || '—';
    nextText = t('checkin.nextTier', { n: next.pointsNeeded, tier: tierTitle(m.program, next.id), benefits: nextBenefits });
    const max = maxMorePoints(m.program, m.challenge, c, daysLeft(m));
    howText = max >= next.pointsNeeded ? t('checkin.nextReachable', { max })
      : t('checkin.nextFar', { max, activity: earnPoints(m.program, 'activity'), followUp: earnPoints(m.program, 'follow-up') });
  }
  return `<div class="card" id="points">
    <h3>${esc(t('checkin.points'))}</h3>
    <div class="stats two">
      <div class="stat"><span class="n" id="balance">${v.balance}</span><span class="k">${esc(t('checkin.balance'))}</span></div>
      <div class="stat"><span class="n" id="tier" data-tier="${esc(v.tier)}">${esc(tierTitle(m.program, v.tier))}</span><span class="k">${esc(t('checkin.tier'))}</span></div>
    </div>
    ${m.pendingPoints > 0 ? `<p class="small" id="pending-points">${esc(t('checkin.pendingPoints', { n: m.pendingPoints }))}</p>` : ''}
    <p class="small" id="benefits"><b>${esc(t('checkin.benefits'))}：</b>${esc(benefits.length ? benefits.join('、') : t('checkin.noBenefits'))}</p>
    <div class="progress" role="progressbar" aria-label="${esc(t('checkin.tier'))}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${Math.round(progress * 100)}"><div style="width:${Math.round(progress * 100)}%"></div></div>
    <p class="small" id="next-tier">${esc(nextText)}</p>
    ${howText ? `<p class="small muted" id="next-step">${esc(howText)}</p>` : ''}
    ${(v.expiring || []).slice(0, 2).map((x) => `<p class="muted">${esc(t('checkin.expiring', { n: x.points, date: dateText(x.date, getLocale()) }))}</p>`).join('')}
  </div>`;
}

function rewardsHtml(m) {
  const list = m.mode === 'community' && m.cache?.rewards ? m.cache.rewards : (m.program.rewards ?? []).map((r) => ({ ...r, left: r.stock ?? null }));
  const vouchers = load('community-vouchers', []);
  const balance = m.view.balance + (m.pendingPoints || 0);
  return `<div class="card" id="rewards"><h3>${esc(t('checkin.rewards'))}</h3>
    <ul class="plain rewards">${list.map((r) => {
    const soldOut = r.left !== null && r.left !== undefined && r.left <= 0;
    const short = r.cost - balance;
    const can = m.mode === 'community' && !soldOut && short <= 0;
    const stock = r.left === null || r.left === undefined ? t('checkin.unlimited') : soldOut ? t('checkin.soldOut') : t('checkin.left', { n: r.left });
    return `<li data-reward="${esc(r.id)}"><span class="who"><b>${esc(text(r.title))}</b><br>
      <span class="muted">${esc(t('checkin.cost', { n: r.cost }))} · ${esc(stock)}${short > 0 && !soldOut ? ` · ${esc(t('checkin.needPoints', { n: short }))}` : ''}</span></span>
      <button type="button" class="btn btn-inline" data-redeem="${esc(r.id)}" ${can ? '' : 'disabled'}>${esc(t('checkin.redeem'))}</button></li>`;
  }).join('')}</ul>
    ${m.mode === 'alone' ? `<p class="muted">${esc(t('checkin.onlineOnly'))}</p>` : ''}
    <div id="redeem-confirm"></div>
    ${vouchers.length ? `<h4>${esc(t('checkin.vouchers'))}</h4><div id="vouchers">${vouchers.slice().reverse().map((v) => `
      <div class="voucher ${esc(v.status)}" data-code="${esc(v.code)}" data-status="${esc(v.status)}">
        <div class="voucher-code">${esc(v.code)}</div>
        <div><b>${esc(text(v.title))}</b> · ${esc(t(`checkin.voucher.${v.status}`))}${v.status === 'refused' && v.reason ? `（${esc(v.reason)}）` : ''}</div>
        ${v.status !== 'refused' ? `<div class="muted">${esc(t('checkin.voucherShow'))}</div>` : ''}</div>`).join('')}</div>` : ''}
  </div>`;
}

function boardHtml(m) {
  if (m.mode === 'alone') {
    return `<div class="card" id="leaderboard"><h3>${esc(t('checkin.leaderboard'))}</h3><p class="muted">${esc(t('checkin.boardStandalone'))}</p></div>`;
  }
  const board = m.cache?.boards?.[scope];
  const mine = scope === 'family' ? m.view.family : m.view.building;
  const time = board ? new Date(board.at).toLocaleTimeString(getLocale(), { hour: '2-digit', minute: '2-digit' }) : '';
  const rows = board?.rows ?? [];
  return `<div class="card" id="leaderboard"><h3>${esc(t('checkin.leaderboard'))}</h3>
    <div class="tabs" role="tablist">
      <button type="button" role="tab" data-scope="family" aria-selected="${scope === 'family'}">${esc(t('checkin.scope.family'))}</button>
      <button type="button" role="tab" data-scope="building" aria-selected="${scope === 'building'}">${esc(t('checkin.scope.building'))}</button>
    </div>
    ${rows.length ? `<ol class="plain board" id="board" data-scope="${scope}">${rows.map((r) => `
      <li class="${r.name === mine ? 'mine' : ''}" data-name="${esc(r.name)}" data-score="${r.score}"><span class="rank">${r.rank}</span>
        <span class="who"><b>${esc(r.name)}${r.name === mine ? esc(t(scope === 'family' ? 'checkin.mine' : 'checkin.myBuilding')) : ''}</b><br><span class="muted">${esc(t('checkin.members', { n: r.members }))}</span></span>
        <span class="score">${esc(String(Math.round(r.score * 10) / 10))} <span class="muted">${esc(t('checkin.score.points'))}</span></span></li>`).join('')}</ol>`
    : `<p class="muted">${esc(board ? t('checkin.boardEmpty') : t('app.loading'))}</p>`}
    ${board ? `<p class="muted" id="board-time">${esc(boardFresh ? t('checkin.boardAsOf', { time }) : t('checkin.boardOffline', { time }))}</p>` : ''}
  </div>`;
}

function footHtml(m) {
  return `<div class="card" id="checkin-foot">
    <p class="small muted">${esc(m.mode === 'community' ? t('checkin.privacy') : t('checkin.standalone'))}</p>
    <div id="foot-confirm"></div>
    ${m.mode === 'community'
    ? `<button type="button" class="btn btn-secondary" id="leave">${esc(t('checkin.leave'))}</button>`
    : `<button type="button" class="btn btn-secondary" id="reset">${esc(t('checkin.reset'))}</button>`}
  </div>`;
}

// ------------------------------------------------------------------------------------------------
// Actions.

/** Asks first: the question with 确定/取消 in `box`; `yes` runs on 确定. */
function askFirst(box, question, yes) {
  box.innerHTML = `<div class="confirm" role="alertdialog" aria-label="${esc(question)}"><p>${esc(question)}</p>
    <div class="btn-row"><button type="button" class="btn" id="confirm-yes">${esc(t('checkin.confirm'))}</button>
    <button type="button" class="btn btn-secondary" id="confirm-no">${esc(t('checkin.cancel'))}</button></div></div>`;
  const answered = () => {
    box.innerHTML = '';
    if (drawWhenAnswered) draw();
  };
  box.querySelector('#confirm-yes').addEventListener('click', () => { answered(); yes(); });
  box.querySelector('#confirm-no').addEventListener('click', answered);
  box.querySelector('#confirm-yes').focus();
}

/** A voucher code a resident can read out at the desk (challenge.js). */
const voucherCode = () => codeOf(crypto.getRandomValues(new Uint8Array(8)));

/** Records one of the resident's own events: on the phone alone, or through the outbox. */
function record(m, event) {
  if (m.mode === 'alone') {
    const state = standaloneState();
    const full = { ...event, id: event.id ?? `${ME}-${event.type}-${event.date ?? now.date}-${state.events.length}`, memberId: ME };
    const { engine, outcomes } = replay(m.program, [{ id: `${ME}-join`, memberId: ME, at: instant(state.start, '00:00', offsetOf(m.program)), type: 'join' }, ...state.events, full]);
    engine.free();
    const r = outcomes.get(full.id);
    if (r?.accepted) {
      state.events.push(full);
      save(KEY, state);
      const pts = r.awards.filter((a) => a.memberId === ME).reduce((s, a) => s + a.points, 0);
      toast(pts > 0 ? t('checkin.awarded', { n: pts }) : t('checkin.done'));
    } else {
      toast(`${t('checkin.refused')}${r?.message || ''}`, { ms: 3500 });
    }
    draw();
    return;
  }
  const added = m.sync.add(event);
  save('community-events', [...load('community-events', []), added]);
  const { outcomes, engine } = replay(m.program, [m.conn.joinEvent, ...load('community-events', [])]);
  engine.free();
  const r = outcomes.get(added.id);
  // A redemption is the service's to decide (it knows points the phone does not: adjustments, activities).
  if (event.type === 'redeem') toast(t('checkin.voucher.pending'));
  else if (r && !r.accepted) toast(`${t('checkin.refused')}${r.message || ''}`, { ms: 3500 });
  else if (navigator.onLine === false) toast(t('checkin.savedOffline'));
  else if (r) {
    const pts = r.awards.filter((a) => a.memberId === m.memberId).reduce((s, a) => s + a.points, 0);
    if (pts > 0) toast(t('checkin.awarded', { n: pts }));
  }
  draw();
  flushSoon();
  return added;
}

function wireTop(top, m) {
  top.querySelector('#join-go')?.addEventListener('click', async () => {
    const input = top.querySelector('#join-name');
    const name = input.value.trim();
    const card = top.querySelector('#join-card');
    for (const e of card.querySelectorAll('.field-error')) e.remove();
    if (!name) {
      input.insertAdjacentHTML('afterend', `<div class="field-error" role="alert">${esc(t('checkin.joinNeedName'))}</div>`);
      input.focus();
      return;
    }
    try {
      const { carried } = await community.join(community.pendingInvite(), name, getLocale());
      for (const e of carried) carriedIds.add(e.id);
      await refresh();
      noteCarried(carried);
      toast(t('checkin.joined', { name: community.cached().name ?? '' }));
    } catch (e) {
      input.insertAdjacentHTML('afterend', `<div class="field-error" role="alert" data-code="${esc(e.code ?? '')}">${esc(residentMessage(e))}</div>`);
    }
  });
  top.querySelector('#join-later')?.addEventListener('click', () => { community.dropInvite(); draw(); });
  top.querySelector('#join-link-go')?.addEventListener('click', () => {
    const input = top.querySelector('#join-link');
    const invite = community.parseInvite(input.value);
    for (const e of top.querySelectorAll('#join-paste .field-error')) e.remove();
    if (!invite) {
      input.insertAdjacentHTML('afterend', `<div class="field-error" role="alert">${esc(t('checkin.joinBadLink'))}</div>`);
      return;
    }
    save('invite', invite);
    draw();
    root.querySelector('#join-name')?.focus();
  });
  top.querySelector('#sync-now')?.addEventListener('click', () => refresh());
  for (const b of top.querySelectorAll('[data-dismiss]')) {
    b.addEventListener('click', () => { save('community-notices', load('community-notices', []).filter((n) => n.eventId !== b.dataset.dismiss)); draw(); });
  }
}

function wire(body, m, c, phase) {
  const offset = offsetOf(m.program);
  body.querySelector('#checkin-today')?.addEventListener('click', () => {
    record(m, { type: 'check-in', challengeId: m.challenge.id, at: now.at });
  });
  body.querySelector('#grid')?.addEventListener('click', (ev) => {
    const cell = ev.target.closest('.day.missed');
    if (!cell || c.makeupCardsLeft <= 0 || phase !== 'during') return;
    const date = cell.dataset.date;
    for (const d of body.querySelectorAll('.day.selected')) d.classList.remove('selected');
    cell.classList.add('selected');
    const box = body.querySelector('#makeup-confirm');
    box.innerHTML = `<div class="btn-row"><button type="button" class="btn btn-secondary" id="makeup-go">${esc(t('checkin.makeupConfirm', { date: shortDate(date, getLocale()) }))}</button>
      <button type="button" class="btn btn-secondary" id="makeup-no">${esc(t('checkin.makeupCancel'))}</button></div>`;
    box.querySelector('#makeup-go').addEventListener('click', () => record(m, { type: 'makeup', challengeId: m.challenge.id, date, at: now.at }));
    box.querySelector('#makeup-no').addEventListener('click', () => { box.innerHTML = ''; cell.classList.remove('selected'); });
  });
  for (const b of body.querySelectorAll('[data-redeem]')) {
    b.addEventListener('click', () => {
      const reward = (m.cache?.rewards ?? m.program.rewards).find((r) => r.id === b.dataset.redeem);
      askFirst(body.querySelector('#redeem-confirm'), t('checkin.redeemConfirm', { cost: reward.cost, reward: text(reward.title) }), () => {
        const code = voucherCode();
        save('community-vouchers', [...load('community-vouchers', []), { code, rewardId: reward.id, title: reward.title, at: now.at, status: 'pending' }]);
        record(m, { id: code, type: 'redeem', rewardId: reward.id, at: now.at });
      });
    });
  }
  for (const b of body.querySelectorAll('[data-scope]')) {
    b.addEventListener('click', () => { scope = b.dataset.scope; draw(); refreshBoard(m); });
  }
  body.querySelector('#reset')?.addEventListener('click', () => {
    askFirst(body.querySelector('#foot-confirm'), t('checkin.resetConfirm'), () => { remove(KEY); draw(); });
  });
  body.querySelector('#leave')?.addEventListener('click', () => {
    // Leaving drops what the phone has not sent yet: the question says how much.
    const unsent = m.pending ? `${t('checkin.leaveUnsent', { n: m.pending })} ` : '';
    askFirst(body.querySelector('#foot-confirm'), unsent + t('checkin.leaveConfirm', { name: m.cache?.name ?? '' }), () => {
      community.leave();
      listening = null;
      draw();
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Talking to the service: sync, then the programme, rewards and the leaderboard; redraw once.

let boardFresh = false;
let flushTimer = null;
function flushSoon() {
  clearTimeout(flushTimer);
  flushTimer = setTimeout(() => refresh(), 50);
}

/** Events moved to a new membership on joining again (their refusals are told in one notice). */
const carriedIds = new Set();

/** After joining again: says what became of the records the phone had kept (a notice). */
function noteCarried(carried) {
  if (!carried.length) return;
  const m = model();
  if (m.mode !== 'community') return;
  const pending = new Set(m.sync.pending().map((e) => e.id));
  const n = carried.length;
  const notCounted = carried.filter((e) => !pending.has(e.id) && !m.outcomes.get(e.id)?.accepted).length;
  const words = carried.some((e) => pending.has(e.id)) ? t('checkin.carried.kept', { n })
    : `${t('checkin.carried.sent', { n })}${notCounted ? ` ${t('checkin.carried.notCounted', { n: notCounted })}` : ''}`;
  save('community-notices', [...load('community-notices', []).filter((x) => x.eventId !== 'carried'), { eventId: 'carried', text: words }]);
  draw();
}

/** Voucher statuses and notices from results and changed outcomes of the service. */
function listen(sync) {
  if (listening === sync) return;
  listening = sync;
  sync.onResult((r) => {
    const vouchers = load('community-vouchers', []);
    const v = vouchers.find((x) => x.code === r.eventId);
    if (v) {
      v.status = r.accepted ? 'ready' : 'refused';
      v.reason = r.accepted ? undefined : reasonText(r.code, r.message);
      save('community-vouchers', vouchers);
      // Sent while offline, it arrived after the last one was gone: say so in words.
      if (!r.accepted && r.code === 'OUT_OF_STOCK' && !r.duplicate) {
        const words = t('checkin.late.redeem.OUT_OF_STOCK', { reward: text(v.title), when: shortDate(dayOf(v.at), getLocale()) });
        save('community-notices', [...load('community-notices', []).filter((n) => n.eventId !== r.eventId), { eventId: r.eventId, text: words }]);
      }
    } else if (!r.accepted && !r.duplicate && !carriedIds.has(r.eventId)) {
      toast(`${t('checkin.refused')}${r.message || ''}`, { ms: 3500 });
    }
  });
  // A retry that got through (after the phone came back online) shows the service's view.
  let redraw = null;
  sync.onMember(() => {
    clearTimeout(redraw);
    redraw = setTimeout(() => { if (root?.isConnected && !refreshing) draw(); }, 100);
  });
  sync.onChange((change) => {
    const events = load('community-events', []);
    const e = events.find((x) => x.id === change.eventId);
    const when = e ? shortDate(dayOf(e.at), getLocale()) : '';
    const vouchers = load('community-vouchers', []);
    const v = vouchers.find((x) => x.code === change.eventId);
    let words;
    if (v) {
      v.status = change.after.accepted ? 'ready' : 'refused';
      v.reason = change.after.accepted ? undefined : reasonText(change.after.code);
      save('community-vouchers', vouchers);
      const reward = text(v.title);
      words = change.after.accepted ? t('checkin.change.redeemOk', { reward, when })
        : change.after.code === 'OUT_OF_STOCK' ? t('checkin.change.redeem.OUT_OF_STOCK', { reward, when })
          : t('checkin.change.redeem', { reward, when, reason: reasonText(change.after.code) });
    } else {
      words = t('checkin.change.other', { when, reason: reasonText(change.after.code) || t('checkin.voucher.ready') });
    }
    save('community-notices', [...load('community-notices', []).filter((n) => n.eventId !== change.eventId), { eventId: change.eventId, text: words }]);
  });
  sync.onReject(({ events, error }) => {
    toast(`${t('checkin.refused')}${residentMessage(error)}`, { ms: 3500 });
    const ids = new Set(events.map((x) => x.id));
    save('community-events', load('community-events', []).filter((x) => !ids.has(x.id)));
  });
}

/** The programme's day of an instant of the resident's (the programme as last fetched). */
const dayOf = (at) => localDay(at, community.cached().program?.utcOffset);

function reasonText(code, message) {
  const key = `checkin.reason.${code}`;
  const s = t(key);
  return s !== key ? s : message || '';
}

async function refreshBoard(m) {
  try {
    await community.fetchBoard(scope, m.challenge?.id, getLocale());
    boardFresh = true;
  } catch {
    boardFresh = false;
  }
  if (root?.isConnected) draw();
}

let refreshing = null;
async function refresh() {
  const conn = community.connection();
  if (!conn) return;
  // One refresh at a time; one that started with an earlier connection (before joining again) is
  // waited for, then this one runs with the new connection.
  if (refreshing) {
    if (refreshing.memberId === conn.memberId) return refreshing;
    await refreshing.catch(() => {});
    return refresh();
  }
  refreshing = (async () => {
    const sync = community.syncClient();
    listen(sync);
    // A 401 (the token expired, or was revoked when the organiser removed the member) or a
    // programme gone: the outbox keeps its events until the resident joins again with an invite.
    // Offline, nothing is known either way (null).
    let lost = null;
    try {
      await community.fetchProgram(getLocale());
      lost = false;
    } catch (e) {
      if (e.status) lost = e.status === 401 || e.status === 404;
    }
    try { await sync.sync(); } catch (e) { if (e.status === 401) lost = true; /* offline: the outbox keeps the events; retried with backoff */ }
    // Only about the connection it started with (not one made by joining again meanwhile).
    if (lost !== null && community.connection()?.memberId === conn.memberId) community.setLost(lost);
    const program = community.cached().program;
    await Promise.allSettled([
      community.fetchRewards(getLocale()),
      program ? community.fetchBoard(scope, program.challenges?.[0]?.id, getLocale()).then(() => { boardFresh = true; }, () => { boardFresh = false; }) : null,
    ]);
    if (root?.isConnected && document.querySelector('#screen-checkin:not([hidden])')) draw();
    root?.setAttribute('data-synced', String(Date.now()));
  })().finally(() => { refreshing = null; });
  refreshing.memberId = conn.memberId;
  return refreshing;
}

// Back online: sync and redraw.
window.addEventListener('online', () => refresh());
window.addEventListener('offline', () => { if (root?.isConnected) draw(); });
