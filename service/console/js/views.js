// One function per tab of the console: `(root, ctx)` renders into `root` from the service's API.
// ctx: { pid, program, name, demo, reload(pid), isCurrent() }.
import { api } from './api.js';
import { day, getLocale, t, text, when } from './i18n.js';
import { clearErrors, confirmAction, esc, saveBlob, showFieldError, toast } from './ui.js';
import { renderCreate, renderEdit } from './program-form.js';
import { renderInvites } from './invites.js';

const base = (pid) => `/v1/programs/${encodeURIComponent(pid)}`;
const challengeOf = (program) => program?.challenges?.[0] ?? null;
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const tierTitle = (program, id) => text(program?.tiers?.levels?.find((l) => l.id === id)?.title) || id;
const rewardTitle = (program, id) => text(program?.rewards?.find((r) => r.id === id)?.title) || id;

// ------------------------------------------------------------------------------------------------
// Overview: members, today's check-ins, completion, streaks and the daily participation chart.

async function overview(root, ctx) {
  const ch = challengeOf(ctx.program);
  const [{ members }, part] = await Promise.all([
    api.get(`${base(ctx.pid)}/members`),
    ch ? api.get(`${base(ctx.pid)}/participation?challengeId=${encodeURIComponent(ch.id)}`) : null,
  ]);
  if (!ctx.isCurrent()) return;
  const active = members.filter((m) => !m.erased);
  const progress = active.map((m) => m.challenges?.find((c) => c.id === ch?.id)).filter(Boolean);
  const completed = progress.filter((c) => c.completed).length;
  const avgStreak = progress.length ? progress.reduce((s, c) => s + c.currentStreak, 0) / progress.length : 0;
  const today = localToday(ctx.program);
  const todayRow = part?.daily.find((d) => d.date === today);
  const buckets = streakBuckets(progress);
  root.innerHTML = `
    <h2>${esc(ctx.name)}</h2>
    ${ch ? `<p class="muted" id="dates">${esc(text(ch.title))} · ${esc(t('ov.dates', { start: day(ch.startDate), end: day(addDays(ch.startDate, ch.days - 1)), days: ch.days }))}</p>` : ''}
    <div class="stats">
      <div class="stat"><span class="n" id="stat-members">${active.length}</span><span class="k">${esc(t('ov.members'))}</span></div>
      <div class="stat"><span class="n" id="stat-today">${todayRow ? todayRow.members : 0}</span><span class="k">${esc(t('ov.today'))}</span></div>
      <div class="stat"><span class="n" id="stat-completed">${completed}</span><span class="k">${esc(t('ov.completed'))}</span></div>
      <div class="stat"><span class="n" id="stat-streak">${avgStreak.toFixed(1)}</span><span class="k">${esc(t('ov.avgStreak'))}</span></div>
    </div>
    <div class="card">
      <h3>${esc(t('ov.daily'))}</h3>
      <p class="muted small">${esc(t('ov.dailyNote'))}</p>
      <div id="daily-chart" class="chart" role="img" aria-label="${esc(t('ov.daily'))}"></div>
      <details><summary>${esc(t('ov.table'))}</summary>
        <div class="table-wrap"><table id="daily-table"><thead><tr><th>${esc(t('ov.date'))}</th><th class="num">${esc(t('ov.daily'))}</th><th class="num">${esc(t('ov.checkIns'))}</th><th class="num">${esc(t('ov.makeups'))}</th></tr></thead>
        <tbody>${(part?.daily ?? []).map((d) => `<tr data-date="${d.date}"><td>${esc(day(d.date))}</td><td class="num">${d.members}</td><td class="num">${d.checkIns}</td><td class="num">${d.makeups}</td></tr>`).join('')}</tbody></table></div>
      </details>
    </div>
    <div class="card">
      <h3>${esc(t('ov.streaks'))}</h3>
      <div id="streak-chart" class="chart" style="height:240px" role="img" aria-label="${esc(t('ov.streaks'))}"></div>
    </div>`;
  const daily = (part?.daily ?? []).filter((d) => d.date <= today);
  await drawCharts(root, daily, buckets);
}

function localToday(program) {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(program?.utcOffset ?? '+08:00');
  const shift = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(Date.now() + shift).toISOString().slice(0, 10);
}

function streakBuckets(progress) {
  const edges = [[0, 0], [1, 3], [4, 6], [7, 13], [14, 20], [21, 366]];
  return edges.map(([a, b]) => ({
    label: a === 0 ? t('ov.streakZero') : b > 21 ? `≥ ${a}` : t('ov.streakBucket', { a, b }),
    n: progress.filter((c) => c.currentStreak >= a && c.currentStreak <= b).length,
  }));
}

let echartsModule = null;
async function drawCharts(root, daily, buckets) {
  try {
    echartsModule ||= await import('/console/vendor/echarts/echarts.esm.min.mjs');
  } catch {
    root.querySelector('#daily-chart').outerHTML = `<p class="muted" id="daily-chart">${esc(t('ov.chartFailed'))}</p>`;
    return;
  }
  const ec = echartsModule;
  const text = { color: '#1a1a1a', fontSize: 14 };
  const dailyEl = root.querySelector('#daily-chart');
  const chart = ec.init(dailyEl, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    textStyle: text,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('ov.checkIns'), t('ov.makeups')], textStyle: text },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: daily.map((d) => d.date.slice(5).replace('-', '/')), axisLabel: { ...text } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { ...text } },
    series: [
      { name: t('ov.checkIns'), type: 'bar', stack: 'd', data: daily.map((d) => d.checkIns), itemStyle: { color: '#0a7d43' } },
      { name: t('ov.makeups'), type: 'bar', stack: 'd', data: daily.map((d) => d.makeups), itemStyle: { color: '#8a5a00' } },
    ],
  });
  dailyEl.dataset.chart = 'ready';
  const streakEl = root.querySelector('#streak-chart');
  const s = ec.init(streakEl, null, { renderer: 'svg' });
  s.setOption({
    animation: false,
    textStyle: text,
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: buckets.map((b) => b.label), axisLabel: { ...text } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { ...text } },
    series: [{ type: 'bar', data: buckets.map((b) => b.n), itemStyle: { color: '#1f4e99' }, label: { show: true, position: 'top', ...text } }],
  });
  streakEl.dataset.chart = 'ready';
  const resize = () => { chart.resize(); s.resize(); };
  window.addEventListener('resize', resize, { once: true });
}

// ------------------------------------------------------------------------------------------------
// Participants: everyone with points, tier, days completed and streaks; CSV export.

async function members(root, ctx) {
  const ch = challengeOf(ctx.program);
  const { members: list } = await api.get(`${base(ctx.pid)}/members`);
  if (!ctx.isCurrent()) return;
  const rows = list.filter((m) => !m.erased).map((m) => ({ ...m, c: m.challenges?.find((c) => c.id === ch?.id) ?? {} }));
  root.innerHTML = `
    <div class="row" style="justify-content:space-between">
      <label class="field" style="flex:1;max-width:420px"><span>${esc(t('mem.search'))}</span><input id="mem-search" type="search"></label>
      <button type="button" class="primary" id="csv">${esc(t('mem.csv'))}</button>
    </div>
    <p class="muted" id="mem-count">${esc(t('mem.count', { n: rows.length }))}</p>
    <div class="card table-wrap"><table id="members">
      <thead><tr><th>${esc(t('mem.name'))}</th><th>${esc(t('mem.family'))}</th><th>${esc(t('mem.building'))}</th>
        <th class="num">${esc(t('mem.balance'))}</th><th>${esc(t('mem.tier'))}</th><th class="num">${esc(t('mem.days'))}</th>
        <th class="num">${esc(t('mem.streak'))}</th><th class="num">${esc(t('mem.longest'))}</th><th>${esc(t('mem.done'))}</th><th>${esc(t('mem.joined'))}</th></tr></thead>
      <tbody>${rows.map((m) => `<tr data-member="${esc(m.memberId)}" data-search="${esc(`${m.displayName} ${m.family ?? ''} ${m.building ?? ''}`.toLowerCase())}">
        <td>${esc(m.displayName)}</td><td>${esc(m.family)}</td><td>${esc(m.building)}</td>
        <td class="num" data-k="balance">${m.balance}</td><td>${esc(tierTitle(ctx.program, m.tier))}</td>
        <td class="num" data-k="days">${m.c.daysCompleted ?? 0}</td><td class="num">${m.c.currentStreak ?? 0}</td><td class="num">${m.c.longestStreak ?? 0}</td>
        <td>${m.c.completed ? esc(t('mem.yes')) : ''}</td><td>${esc(when(m.joinedAt, false))}</td></tr>`).join('')}</tbody>
    </table></div>`;
  const search = root.querySelector('#mem-search');
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    let n = 0;
    for (const tr of root.querySelectorAll('#members tbody tr')) {
      tr.hidden = Boolean(q) && !tr.dataset.search.includes(q);
      if (!tr.hidden) n++;
    }
    root.querySelector('#mem-count').textContent = t('mem.count', { n });
  });
  root.querySelector('#csv').addEventListener('click', async () => {
    try {
      saveBlob(await api.download(`${base(ctx.pid)}/export.csv`), `${ctx.pid}-members.csv`);
    } catch (e) {
      toast(t('err.generic', { msg: e.message }));
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Leaderboards: families, buildings and residents, by points or participation.

const boardState = { scope: 'family', metric: 'points' };
async function boards(root, ctx) {
  const ch = challengeOf(ctx.program);
  const q = new URLSearchParams({ scope: boardState.scope });
  if (ch) q.set('challengeId', ch.id);
  if (boardState.scope !== 'member') q.set('metric', boardState.metric);
  const { rows } = await api.get(`${base(ctx.pid)}/leaderboard?${q}`);
  if (!ctx.isCurrent()) return;
  const tab = (scope) => `<button type="button" class="${boardState.scope === scope ? 'primary' : 'secondary'}" data-scope="${scope}" aria-pressed="${boardState.scope === scope}">${esc(t(`board.${scope}`))}</button>`;
  const fmt = (v) => (boardState.metric === 'participation' && boardState.scope !== 'member' ? `${Math.round(v * 1000) / 10}%` : String(Math.round(v * 10) / 10));
  root.innerHTML = `
    <div class="row">${tab('family')}${tab('building')}${tab('member')}
      ${boardState.scope === 'member' ? '' : `<label class="field" style="margin:0 0 0 auto"><span>${esc(t('board.metric'))}</span>
        <select id="metric"><option value="points">${esc(t('board.points'))}</option><option value="participation">${esc(t('board.participation'))}</option></select></label>`}</div>
    <p class="muted small">${esc(t('board.note'))}</p>
    <div class="card table-wrap"><table id="board" data-scope="${boardState.scope}">
      <thead><tr><th class="num">${esc(t('board.rank'))}</th><th>${esc(t('board.name'))}</th><th class="num">${esc(t('board.score'))}</th>${boardState.scope === 'member' ? '' : `<th class="num">${esc(t('board.size'))}</th>`}</tr></thead>
      <tbody>${rows.map((r) => `<tr data-name="${esc(r.name)}" data-score="${r.score}"><td class="num">${r.rank}</td><td>${esc(r.name)}</td><td class="num">${esc(fmt(r.score))}</td>${boardState.scope === 'member' ? '' : `<td class="num">${r.members}</td>`}</tr>`).join('')}</tbody>
    </table></div>`;
  for (const b of root.querySelectorAll('[data-scope]')) b.addEventListener('click', () => { boardState.scope = b.dataset.scope; boards(root, ctx); });
  const metric = root.querySelector('#metric');
  if (metric) {
    metric.value = boardState.metric;
    metric.addEventListener('change', () => { boardState.metric = metric.value; boards(root, ctx); });
  }
}

// ------------------------------------------------------------------------------------------------
// Redemption desk: look a voucher code up, fulfil it, or refund it; the recent vouchers.

/** What a resident may type for a code: spaces, lower case, O for 0 and I/L for 1. */
export function normaliseCode(s) {
  const raw = String(s).toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return raw.length === 8 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : String(s).trim();
}

async function desk(root, ctx) {
  const { redemptions } = await api.get(`${base(ctx.pid)}/redemptions?limit=50`);
  if (!ctx.isCurrent()) return;
  root.innerHTML = `
    <div class="grid2">
      <div class="card">
        <h2>${esc(t('desk.title'))}</h2>
        <form id="desk-form" class="row" novalidate>
          <label class="field" style="flex:1"><span>${esc(t('desk.code'))}</span><input id="voucher-code" data-path="redemptionId" autocomplete="off" autocapitalize="characters" placeholder="K7Q2-9MXA" required></label>
          <button type="submit" class="primary" style="margin-bottom:12px">${esc(t('desk.find'))}</button>
        </form>
        <div id="voucher"></div>
      </div>
      <div class="card">
        <h3 style="margin-top:0">${esc(t('desk.stock'))}</h3>
        <table id="stock"><tbody>${(ctx.program.rewards ?? []).map((r) => `<tr><td>${esc(text(r.title))}</td><td class="num">${r.cost} ${esc(t('desk.cost'))}</td><td class="num">${r.stock === undefined ? '∞' : esc(t('desk.left', { n: r.stock - redemptions.filter((v) => v.rewardId === r.id && (v.status === 'ready' || v.status === 'fulfilled')).length }))}</td></tr>`).join('')}</tbody></table>
        <p class="muted small">${esc(t('desk.recent'))}: ${redemptions.length}</p>
      </div>
    </div>
    <div class="card table-wrap">
      <h3 style="margin-top:0">${esc(t('desk.recent'))}</h3>
      ${redemptions.length ? `<table id="vouchers"><thead><tr><th>${esc(t('desk.code'))}</th><th>${esc(t('desk.who'))}</th><th>${esc(t('desk.reward'))}</th><th>${esc(t('desk.when'))}</th><th>${esc(t('desk.status'))}</th></tr></thead>
      <tbody>${redemptions.map((v) => `<tr data-code="${esc(v.redemptionId)}"><td><a href="#desk" data-open="${esc(v.redemptionId)}">${esc(v.redemptionId)}</a></td><td>${esc(v.displayName)} <span class="muted">${esc(v.family ?? '')}</span></td>
        <td>${esc(text(v.title) || v.rewardId)}</td><td>${esc(when(v.redeemedAt))}</td><td>${statusChip(v.status)}</td></tr>`).join('')}</tbody></table>` : `<p class="muted">${esc(t('desk.none'))}</p>`}
    </div>`;
  const form = root.querySelector('#desk-form');
  const input = root.querySelector('#voucher-code');
  const open = async (code) => {
    clearErrors(form);
    const box = root.querySelector('#voucher');
    box.innerHTML = '';
    try {
      const v = await api.get(`${base(ctx.pid)}/redemptions/${encodeURIComponent(code)}`);
      showVoucher(box, v, ctx, () => desk(root, ctx).then(() => root.querySelector('[data-open]') && open(v.redemptionId)));
    } catch (e) {
      showFieldError(form, { ...e, field: 'redemptionId' }, () => t('desk.code'));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = normaliseCode(input.value);
    input.value = code;
    if (code) open(code);
  });
  for (const a of root.querySelectorAll('[data-open]')) a.addEventListener('click', (e) => { e.preventDefault(); input.value = a.dataset.open; open(a.dataset.open); });
}

const statusChip = (s) => `<span class="chip ${esc(s)}" data-status="${esc(s)}">${esc(t(`desk.status.${s}`))}</span>`;

function showVoucher(box, v, ctx, refresh) {
  const reward = text(v.title) || v.rewardId;
  box.innerHTML = `<div class="voucher" id="voucher-card" data-status="${esc(v.status)}">
    <div class="code">${esc(v.redemptionId)}</div>
    <table><tbody>
      <tr><th>${esc(t('desk.who'))}</th><td id="v-who">${esc(v.displayName ?? t('mem.erased'))} <span class="muted">${esc([v.family, v.building].filter(Boolean).join(' · '))}</span></td></tr>
      <tr><th>${esc(t('desk.reward'))}</th><td id="v-reward">${esc(reward)} · ${v.cost ?? ''} ${esc(t('desk.cost'))}</td></tr>
      <tr><th>${esc(t('desk.when'))}</th><td>${esc(when(v.redeemedAt))}</td></tr>
      <tr><th>${esc(t('desk.status'))}</th><td id="v-status">${statusChip(v.status)}${v.fulfilledAt ? ` <span class="muted">${esc(t('desk.fulfilledAt'))} ${esc(when(v.fulfilledAt))}</span>` : ''}</td></tr>
    </tbody></table>
    ${v.status === 'ready' ? `<div class="row" style="margin-top:12px"><button type="button" class="primary" id="fulfil">${esc(t('desk.fulfil'))}</button>
      <button type="button" class="danger" id="refund">${esc(t('desk.refund'))}</button></div>` : ''}
  </div>`;
  const who = v.displayName ?? t('mem.erased');
  box.querySelector('#fulfil')?.addEventListener('click', async () => {
    if (!(await confirmAction(t('desk.fulfilConfirm', { reward, name: who })))) return;
    try {
      await api.post(`${base(ctx.pid)}/redemptions/${encodeURIComponent(v.redemptionId)}/fulfil`);
      toast(t('desk.done'));
      await refresh();
    } catch (e) { toast(t('err.generic', { msg: e.message })); }
  });
  box.querySelector('#refund')?.addEventListener('click', async () => {
    if (!(await confirmAction(t('desk.refundConfirm', { reward, name: who, cost: v.cost ?? '' })))) return;
    try {
      const res = await api.post(`${base(ctx.pid)}/events`, { events: [{ id: `refund-${v.redemptionId}`, memberId: v.memberId, at: instantNow(ctx.program), type: 'refund', redemptionId: v.redemptionId }] });
      const r = res.results[0];
      if (!r.accepted) throw new Error(r.message || r.code);
      toast(t('desk.refunded', { n: v.cost ?? '' }));
      await refresh();
    } catch (e) { toast(t('err.generic', { msg: e.message })); }
  });
}

/** Now, as an RFC 3339 instant in the programme's offset (the service checks it against its clock). */
function instantNow(program) {
  const offset = program?.utcOffset ?? '+08:00';
  const m = /^([+-])(\d\d):(\d\d)$/.exec(offset);
  const shift = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(Date.now() + shift).toISOString().replace('Z', offset);
}

// ------------------------------------------------------------------------------------------------
// Adjustments: credit points with a reason, or record an activity or a follow-up visit.

async function adjust(root, ctx) {
  const { members: list } = await api.get(`${base(ctx.pid)}/members`);
  if (!ctx.isCurrent()) return;
  const people = list.filter((m) => !m.erased).sort((a, b) => `${a.family}${a.displayName}`.localeCompare(`${b.family}${b.displayName}`, getLocale()));
  const earn = (on) => ctx.program.earning?.find((r) => r.on === on)?.points;
  root.innerHTML = `<div class="card" style="max-width:640px">
    <h2>${esc(t('adj.title'))}</h2>
    <form id="adj-form" novalidate>
      <label class="field"><span>${esc(t('adj.member'))}</span><select id="adj-member" data-path="events[0].memberId" required>
        <option value="">${esc(t('adj.pick'))}</option>
        ${people.map((m) => `<option value="${esc(m.memberId)}">${esc(m.displayName)} · ${esc(m.family ?? '')} · ${esc(m.building ?? '')} (${m.balance})</option>`).join('')}</select></label>
      <label class="field"><span>${esc(t('adj.kind'))}</span><select id="adj-kind" data-path="events[0].type">
        <option value="adjust">${esc(t('adj.kind.adjust'))}</option>
        ${earn('activity') !== undefined ? `<option value="activity">${esc(t('adj.kind.activity'))} (+${earn('activity')})</option>` : ''}
        ${earn('follow-up') !== undefined ? `<option value="follow-up">${esc(t('adj.kind.follow-up'))} (+${earn('follow-up')})</option>` : ''}</select></label>
      <label class="field" id="adj-points-field"><span>${esc(t('adj.points'))}</span><input id="adj-points" data-path="events[0].points" inputmode="numeric"></label>
      <label class="field" id="adj-reason-field"><span>${esc(t('adj.reason'))}</span><input id="adj-reason" data-path="events[0].reason" maxlength="200"></label>
      <button type="submit" class="primary">${esc(t('adj.go'))}</button>
      <div id="adj-result"></div>
    </form></div>`;
  const form = root.querySelector('#adj-form');
  const kind = root.querySelector('#adj-kind');
  const sync = () => { root.querySelector('#adj-points-field').hidden = kind.value !== 'adjust'; root.querySelector('#adj-reason-field').hidden = kind.value !== 'adjust'; };
  kind.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    root.querySelector('#adj-result').innerHTML = '';
    const memberId = root.querySelector('#adj-member').value;
    const m = people.find((p) => p.memberId === memberId);
    const label = (p) => ({ 'events[0].memberId': t('adj.member'), 'events[0].points': t('adj.points'), 'events[0].reason': t('adj.reason') })[p];
    if (!m) return showFieldError(form, { field: 'events[0].memberId', message: t('adj.needMember') });
    const event = { id: `${kind.value}-${crypto.randomUUID()}`, memberId, at: instantNow(ctx.program), type: kind.value };
    let what;
    if (kind.value === 'adjust') {
      const raw = root.querySelector('#adj-points').value.trim();
      if (!/^[1-9][0-9]*$/.test(raw)) return showFieldError(form, { field: 'events[0].points', message: t('form.notNumber') }, label);
      const reason = root.querySelector('#adj-reason').value.trim();
      if (!reason) return showFieldError(form, { field: 'events[0].reason', message: t('adj.needReason') }, label);
      Object.assign(event, { points: Number(raw), reason });
      what = `+${raw} (${reason})`;
    } else {
      what = t(`adj.kind.${kind.value}`);
    }
    if (!(await confirmAction(t('adj.confirm', { name: m.displayName, what })))) return;
    try {
      const res = await api.post(`${base(ctx.pid)}/events`, { events: [event] });
      const r = res.results[0];
      root.querySelector('#adj-result').innerHTML = r.accepted
        ? `<div class="ok-box" role="status" id="adj-ok">${esc(t('adj.done', { name: m.displayName, balance: r.balance }))}</div>`
        : `<div class="form-error" role="alert">${esc(t('adj.refused', { msg: r.message || r.code }))}</div>`;
      if (r.accepted) { form.reset(); sync(); m.balance = r.balance; }
    } catch (ex) {
      showFieldError(form, ex, label);
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Audit log: who did what, newest first, in pages.

async function audit(root, ctx) {
  root.innerHTML = `<div class="card table-wrap"><table id="audit"><thead><tr><th>${esc(t('audit.when'))}</th><th>${esc(t('audit.who'))}</th><th>${esc(t('audit.what'))}</th><th>${esc(t('audit.detail'))}</th></tr></thead><tbody></tbody></table>
    <button type="button" class="secondary" id="audit-more" hidden>${esc(t('audit.more'))}</button></div>`;
  const names = new Map();
  try {
    const { members: list } = await api.get(`${base(ctx.pid)}/members`);
    for (const m of list) names.set(m.memberId, m.displayName ?? t('mem.erased'));
  } catch { /* names are a nicety */ }
  const body = root.querySelector('tbody');
  const more = root.querySelector('#audit-more');
  const page = async (before) => {
    const { entries, next } = await api.get(`${base(ctx.pid)}/audit?limit=100${before ? `&before=${before}` : ''}`);
    if (!ctx.isCurrent()) return;
    body.insertAdjacentHTML('beforeend', entries.map((e) => `<tr data-action="${esc(e.action)}"><td>${esc(when(e.at))}</td><td>${esc(e.actor.replace(/^organiser:/, ''))}</td>
      <td>${esc(actionName(e.action))}</td><td>${esc(detailText(e, names, ctx.program))}</td></tr>`).join(''));
    more.hidden = !next;
    more.onclick = () => page(next);
  };
  await page();
}

function actionName(a) {
  const key = `audit.action.${a}`;
  const s = t(key);
  return s === key ? a : s;
}

function detailText(e, names, program) {
  const d = e.detail ?? {};
  const who = d.memberId ? names.get(d.memberId) ?? d.memberId : '';
  switch (e.action) {
    case 'adjust': return `${who} +${d.points ?? 0} · ${d.reason ?? ''}${d.accepted === false ? ` · ${d.code}` : ''}`;
    case 'refund': case 'fulfil': return `${who} · ${d.redemptionId ?? ''}${d.rewardId ? ` · ${rewardTitle(program, d.rewardId)}` : ''}`;
    case 'activity': case 'follow-up': return who;
    case 'create-invites': return [d.family, d.building, `×${d.count}`].filter(Boolean).join(' · ');
    case 'create-program': return d.name ?? '';
    case 'edit-program': return [d.name, d.changed ? t('audit.changed', { n: d.changed }) : ''].filter(Boolean).join(' · ');
    case 'send-events': return Object.entries(d.count ?? {}).map(([k, n]) => `${k} ×${n}`).join(', ');
    default: return Object.keys(d).length ? JSON.stringify(d) : '';
  }
}

export const VIEWS = {
  overview, members, boards, invites: renderInvites, desk, adjust, audit, create: renderCreate, edit: renderEdit,
};
