// Screen 3 — Check-in challenge: a PointsEngine on the default program, whose first challenge
// starts four days before "today" on first use (so there is a past to make up). The phone keeps
// only the resident's own events; on every visit the engine is rebuilt by replaying them (plus the
// simulated community, when asked for) with applyBatch — the library decides everything shown:
// acceptance, streak, make-up cards, points, tier and leaderboards.
import { call, hs, notAvailable } from '../lib.js';
import { getLocale, t, text } from '../i18n.js';
import { load, save, remove } from '../store.js';
import { addDays, daysBetween, instant, nowTime, shortDate, today } from '../dates.js';
import { errorBoxHtml, esc, toast } from '../ui.js';
import { communityEvents, MY_BUILDING, MY_FAMILY } from '../community.js';

const ME = 'me';
const KEY = 'checkin';

let state = load(KEY, null);
let engine = null;
let program = null;
let challenge = null;
let outcomes = new Map();
let community = 0;
let scope = 'family';
let selected = null;

function freshState() {
  return { start: addDays(today, -4), simulated: false, events: [] };
}

function build() {
  if (typeof hs.PointsEngine !== 'function') throw notAvailable('PointsEngine');
  if (!state) state = freshState();
  program = call('defaultProgram');
  if (!program || !Array.isArray(program.challenges) || program.challenges.length === 0) {
    throw notAvailable('defaultProgram().challenges');
  }
  challenge = program.challenges.find((c) => c.days === 21) || program.challenges[0];
  challenge.startDate = state.start;
  const offset = program.utcOffset || '+08:00';
  if (!state.events.some((e) => e.type === 'join')) {
    state.events.unshift({
      id: `${ME}-join`, memberId: ME, at: instant(state.start, '08:00', offset), type: 'join',
      groups: { family: MY_FAMILY, building: MY_BUILDING },
    });
  }
  if (engine && typeof engine.free === 'function') engine.free();
  engine = null;
  const next = new hs.PointsEngine(program);
  let events = state.events;
  community = 0;
  if (state.simulated) {
    const sim = communityEvents({ challenge, today, offset });
    community = sim.members;
    events = [...sim.events, ...state.events];
  }
  const { results } = next.applyBatch(events);
  outcomes = new Map(results.map((r) => [r.eventId, r]));
  engine = next;
}

function persist() {
  save(KEY, state);
}

/** Local dates the resident checked in (or made up), from the events the engine accepted. */
function myDays() {
  const days = new Map();
  for (const e of state.events) {
    const r = outcomes.get(e.id);
    if (!r || !r.accepted) continue;
    if (e.type === 'check-in') days.set(e.at.slice(0, 10), 'done');
    if (e.type === 'makeup' && e.date) days.set(e.date, 'makeup');
  }
  return days;
}

function apply(event) {
  const r = engine.apply(event);
  if (r.accepted && !r.duplicate) {
    state.events.push(event);
    persist();
    outcomes.set(event.id, r);
    const pts = r.awards.filter((a) => a.memberId === ME).reduce((s, a) => s + a.points, 0);
    toast(pts > 0 ? t('checkin.awarded', { n: pts }) : t('readings.added'));
  } else if (!r.accepted) {
    toast(`${t('checkin.refused')}${r.message || r.code || ''}`, 3500);
  }
  return r;
}

function memberName(id) {
  if (id === MY_FAMILY) return `${t('family.zhang')}（${t('checkin.myFamily')}）`;
  let m = id.match(/^family-(\w+)$/);
  if (m) return t(`family.${m[1]}`);
  m = id.match(/^building-(\d+)$/);
  if (m) return t('building', { n: m[1] });
  if (id === ME) return t('checkin.me');
  return id;
}

function tierTitle(id) {
  const lv = program.tiers && program.tiers.levels ? program.tiers.levels.find((l) => l.id === id) : null;
  return lv ? text(lv.title) : id;
}

function gridHtml(view) {
  const days = myDays();
  const cells = [];
  for (let i = 0; i < challenge.days; i++) {
    const date = addDays(challenge.startDate, i);
    let cls = days.get(date) || (date === today ? 'today' : date < today ? 'missed' : 'future');
    if (date === today && days.has(date)) cls += ' today';
    const status = t(`checkin.cell.${cls.split(' ')[0]}`);
    const label = `${t('checkin.day', { n: i + 1 })} ${shortDate(date, getLocale())} ${status}`;
    cells.push(`<button type="button" class="day ${cls}${selected === date ? ' selected' : ''}" data-date="${date}" aria-label="${esc(label)}"
      ${cls === 'missed' && view.makeupCardsLeft > 0 ? '' : 'tabindex="-1"'}>
      <b>${i + 1}</b><span>${esc(date.slice(5).replace('-', '/'))}</span></button>`);
  }
  return `<div class="grid21" id="grid" role="group" aria-label="${esc(t('checkin.title'))}">${cells.join('')}</div>`;
}

function boardHtml() {
  let rows = [];
  try {
    rows = engine.leaderboard({ challengeId: challenge.id, scope, metric: 'points', limit: 8 });
  } catch (e) {
    return errorBoxHtml(e);
  }
  const mine = scope === 'family' ? MY_FAMILY : MY_BUILDING;
  if (!rows.length || (rows.length === 1 && !state.simulated)) {
    return `${rows.length ? listHtml(rows, mine) : ''}<p class="muted">${esc(t('checkin.noBoard'))}</p>`;
  }
  return listHtml(rows, mine);
}

function listHtml(rows, mine) {
  return `<ol class="plain board" id="board">${rows.map((r) => `
    <li class="${r.id === mine ? 'mine' : ''}" data-id="${esc(r.id)}"><span class="rank">${r.rank}</span>
      <span class="who"><b>${esc(memberName(r.id))}</b><br><span class="muted">${esc(t('checkin.members', { n: r.members }))}</span></span>
      <span class="score">${esc(String(Math.round(r.score * 10) / 10))} <span class="muted">${esc(t('checkin.score.points'))}</span></span></li>`).join('')}</ol>`;
}

export function render(root) {
  root.innerHTML = `<h2>${esc(t('checkin.title'))}</h2><p class="intro">${esc(t('checkin.intro'))}</p><div id="checkin-body"></div>`;
  const body = root.querySelector('#checkin-body');
  try {
    build();
    persist();
  } catch (e) {
    body.innerHTML = errorBoxHtml(e);
    return;
  }
  draw(root);
}

function draw(root) {
  const body = root.querySelector('#checkin-body');
  let view;
  try {
    view = engine.member(ME, { asOf: instant(today, nowTime(), program.utcOffset || '+08:00') });
  } catch (e) {
    body.innerHTML = errorBoxHtml(e);
    return;
  }
  const c = (view.challenges || []).find((x) => x.id === challenge.id) || {
    daysCompleted: 0, currentStreak: 0, longestStreak: 0, makeupCardsLeft: challenge.makeupCards, completed: false,
  };
  const lastDay = addDays(challenge.startDate, challenge.days - 1);
  const over = today > lastDay;
  const days = myDays();
  const doneToday = days.has(today);
  const next = view.nextTier;
  const progress = next ? view.earnedInWindow / Math.max(1, view.earnedInWindow + next.pointsNeeded) : 1;
  const dayNo = Math.min(daysBetween(challenge.startDate, today) + 1, challenge.days);

  body.innerHTML = `
    <div class="card" id="challenge">
      <h3>${esc(text(challenge.title))}</h3>
      <p class="muted">${esc(shortDate(challenge.startDate, getLocale()))} – ${esc(shortDate(lastDay, getLocale()))} · ${esc(t('checkin.day', { n: dayNo }))}</p>
      <div class="stats">
        <div class="stat"><span class="n" id="streak">${c.currentStreak}</span><span class="k">${esc(t('checkin.streak'))}</span></div>
        <div class="stat"><span class="n" id="completed">${c.daysCompleted}/${challenge.days}</span><span class="k">${esc(t('checkin.completed'))}</span></div>
        <div class="stat"><span class="n" id="makeup-left">${c.makeupCardsLeft}</span><span class="k">${esc(t('checkin.makeup'))}</span></div>
      </div>
      ${gridHtml(c)}
      <p class="muted">${esc(t('checkin.longest'))} ${esc(t('checkin.days', { n: c.longestStreak }))}${c.makeupCardsLeft > 0 ? ` · ${esc(t('checkin.makeupHint'))}` : ''}</p>
      <div id="makeup-confirm"></div>
      <button type="button" class="btn" id="checkin-today" ${doneToday || over || today < challenge.startDate ? 'disabled' : ''}>
        ${esc(over ? t('checkin.over') : doneToday ? `✓ ${t('checkin.done')}` : t('checkin.today'))}</button>
    </div>
    <div class="card" id="points">
      <h3>${esc(t('checkin.points'))}</h3>
      <div class="stats" style="grid-template-columns: 1fr 1fr">
        <div class="stat"><span class="n" id="balance">${view.balance}</span><span class="k">${esc(t('checkin.balance'))}</span></div>
        <div class="stat"><span class="n" id="tier" data-tier="${esc(view.tier)}">${esc(tierTitle(view.tier))}</span><span class="k">${esc(t('checkin.tier'))}</span></div>
      </div>
      <div class="progress" role="progressbar" aria-label="${esc(t('checkin.tier'))}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${Math.round(progress * 100)}"><div style="width:${Math.round(progress * 100)}%"></div></div>
      <p class="small" id="next-tier">${esc(next ? t('checkin.nextTier', { n: next.pointsNeeded, tier: tierTitle(next.id) }) : t('checkin.topTier'))}</p>
      ${(view.expiring || []).slice(0, 2).map((x) => `<p class="muted">${esc(t('checkin.expiring', { n: x.points, date: x.date }))}</p>`).join('')}
    </div>
    <div class="card" id="leaderboard">
      <h3>${esc(t('checkin.leaderboard'))}</h3>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" data-scope="family" aria-selected="${scope === 'family'}">${esc(t('checkin.scope.family'))}</button>
        <button type="button" role="tab" data-scope="building" aria-selected="${scope === 'building'}">${esc(t('checkin.scope.building'))}</button>
      </div>
      ${boardHtml()}
      ${state.simulated ? `<p class="muted">${esc(t('checkin.simulated', { n: community }))}</p>` : ''}
      <div class="btn-row">
        ${state.simulated ? '' : `<button type="button" class="btn btn-secondary" id="simulate">${esc(t('checkin.simulate'))}</button>`}
        <button type="button" class="btn btn-secondary" id="reset">${esc(t('checkin.reset'))}</button>
      </div>
    </div>`;

  const redraw = () => draw(root);
  body.querySelector('#checkin-today').addEventListener('click', () => {
    apply({
      id: `${ME}-checkin-${today}`, memberId: ME, at: instant(today, nowTime(), program.utcOffset || '+08:00'),
      type: 'check-in', challengeId: challenge.id,
    });
    redraw();
  });
  body.querySelector('#grid').addEventListener('click', (ev) => {
    const cell = ev.target.closest('.day.missed');
    if (!cell || c.makeupCardsLeft <= 0) return;
    selected = cell.dataset.date;
    const box = body.querySelector('#makeup-confirm');
    box.innerHTML = `<button type="button" class="btn btn-secondary" id="makeup-go" style="margin-bottom:8px">
      ${esc(t('checkin.makeupConfirm', { date: shortDate(selected, getLocale()) }))}</button>`;
    box.querySelector('#makeup-go').addEventListener('click', () => {
      apply({
        id: `${ME}-makeup-${selected}`, memberId: ME, at: instant(today, nowTime(), program.utcOffset || '+08:00'),
        type: 'makeup', challengeId: challenge.id, date: selected,
      });
      selected = null;
      redraw();
    });
  });
  for (const b of body.querySelectorAll('[data-scope]')) {
    b.addEventListener('click', () => { scope = b.dataset.scope; redraw(); });
  }
  const sim = body.querySelector('#simulate');
  if (sim) {
    sim.addEventListener('click', () => {
      state.simulated = true;
      try {
        build();
      } catch (e) {
        state.simulated = false;
        body.insertAdjacentHTML('afterbegin', errorBoxHtml(e));
        return;
      }
      persist();
      toast(t('checkin.simulated', { n: community }));
      redraw();
    });
  }
  body.querySelector('#reset').addEventListener('click', () => {
    remove(KEY);
    state = null;
    selected = null;
    render(root);
  });
}
