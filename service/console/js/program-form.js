// A new programme and challenge from the library's default template (GET /v1/templates/default),
// and the edit of the current programme (PUT /v1/programs/:pid): dates, points, make-up cards,
// milestones, rewards and stock are edited here; the service's engine validates the whole program
// and its error is shown at the field it names. Rewards already in the programme keep their id
// (the log refers to them); new ones can be added and removed before saving.
import { api } from './api.js';
import { day, getLocale, t, text } from './i18n.js';
import { clearErrors, esc, showFieldError, toast } from './ui.js';

const EARN = ['check-in', 'activity', 'follow-up', 'share'];
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
const todayLocal = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

// The programs being written (kept while the organiser moves between tabs): a new one, and the
// edit of the current programme (with the programme it is the edit of).
const drafts = { create: null, edit: null, editOf: null, kept: 0 };

export async function renderCreate(root, ctx) {
  if (!drafts.create) {
    drafts.create = await api.get('/v1/templates/default');
    drafts.create.challenges[0].startDate = addDays(todayLocal(), 1);
  }
  if (!ctx.isCurrent()) return;
  renderForm(root, ctx, 'create');
}

export async function renderEdit(root, ctx) {
  if (!ctx.pid || !ctx.program) return renderCreate(root, ctx);
  if (drafts.editOf !== ctx.pid || !drafts.edit) {
    drafts.edit = structuredClone(ctx.program);
    drafts.editOf = ctx.pid;
    drafts.kept = ctx.program.rewards.length;
  }
  renderForm(root, ctx, 'edit');
}

function renderForm(root, ctx, mode) {
  const editing = mode === 'edit';
  const draft = drafts[mode];
  const rerender = () => renderForm(root, ctx, mode);
  const p = draft;
  const ch = p.challenges[0];
  const labels = new Map();
  const input = (path, label, value, attrs = '') => {
    labels.set(path, label);
    return `<label class="field"><span>${esc(label)}</span><input data-path="${esc(path)}" value="${esc(value ?? '')}" ${attrs}></label>`;
  };
  const earnRow = (on) => {
    const i = p.earning.findIndex((r) => r.on === on);
    return i < 0 ? '' : input(`program.earning[${i}].points`, t(`form.earn.${on}`), p.earning[i].points, 'inputmode="numeric" data-num');
  };
  root.innerHTML = `<div class="card">
    <h2>${esc(t(editing ? 'form.editTitle' : 'form.title'))}</h2>
    <p class="muted">${esc(t(editing ? 'form.editIntro' : 'form.intro'))}</p>
    <form id="program-form" novalidate>
      <div class="grid2">
        ${input('id', t('form.id'), editing ? ctx.pid : '', `id="f-id" autocomplete="off" pattern="[a-z0-9][a-z0-9-]*"${editing ? ' readonly' : ''}`)}
        ${input('name', t('form.name'), editing ? ctx.name : '', 'id="f-name" maxlength="100"')}
      </div>
      <fieldset><legend>${esc(t('form.challenge'))}</legend>
        <div class="grid3">
          ${input('program.challenges[0].title.zh-CN', t('form.chTitleZh'), ch.title['zh-CN'])}
          ${input('program.challenges[0].title.en', t('form.chTitleEn'), ch.title.en)}
          ${input('program.challenges[0].startDate', t('form.start'), ch.startDate, 'type="date" id="f-start"')}
          ${input('program.challenges[0].days', t('form.days'), ch.days, 'inputmode="numeric" data-num id="f-days"')}
          ${input('program.challenges[0].makeupCards', t('form.makeup'), ch.makeupCards, 'inputmode="numeric" data-num')}
          ${input('program.challenges[0].completionBonus', t('form.bonus'), ch.completionBonus, 'inputmode="numeric" data-num')}
          ${ch.streakMilestones.map((m, i) => input(`program.challenges[0].streakMilestones[${i}].points`, t('form.milestone', { d: m.days }), m.points, 'inputmode="numeric" data-num')).join('')}
        </div>
        <p class="muted" id="f-end">${esc(t('form.end', { date: day(addDays(ch.startDate, ch.days - 1)) }))}</p>
      </fieldset>
      <fieldset><legend>${esc(t('form.points'))}</legend>
        <div class="grid3">${EARN.map(earnRow).join('')}
          ${input('program.referral.points', t('form.referral'), p.referral.points, 'inputmode="numeric" data-num')}</div>
      </fieldset>
      <fieldset><legend>${esc(t('form.rewards'))}</legend>
        <div id="rewards">${p.rewards.map((r, i) => `<div class="rw-row" data-reward="${i}">
          ${input(`program.rewards[${i}].id`, t('form.rwId'), r.id, editing && i < drafts.kept ? 'readonly' : '')}
          ${input(`program.rewards[${i}].title.zh-CN`, t('form.rwZh'), r.title['zh-CN'])}
          ${input(`program.rewards[${i}].title.en`, t('form.rwEn'), r.title.en)}
          ${input(`program.rewards[${i}].cost`, t('form.rwCost'), r.cost, 'inputmode="numeric" data-num')}
          ${input(`program.rewards[${i}].stock`, t('form.rwStock'), r.stock, 'inputmode="numeric" data-num data-optional')}
          ${input(`program.rewards[${i}].perMemberLimit`, t('form.rwLimit'), r.perMemberLimit, 'inputmode="numeric" data-num data-optional')}
          ${editing && i < drafts.kept ? '<span></span>' : `<button type="button" class="ghost" data-drop="${i}" aria-label="${esc(t('inv.remove'))}">✕</button>`}</div>`).join('')}</div>
        <button type="button" class="secondary" id="rw-add">${esc(t('form.rwAdd'))}</button>
      </fieldset>
      <fieldset><legend>${esc(t(editing ? 'form.tiersEdit' : 'form.tiers'))}</legend>
        <ul>${p.tiers.levels.map((l) => `<li>${esc(t('form.tierLine', { title: text(l.title), n: l.minEarned }))}${l.benefits.length ? ` — ${esc(l.benefits.map(text).join(getLocale() === 'en' ? ', ' : '、'))}` : ''}</li>`).join('')}</ul>
      </fieldset>
      <button type="submit" class="primary" id="${editing ? 'f-save' : 'f-create'}">${esc(t(editing ? 'form.save' : 'form.create'))}</button>
    </form></div>`;

  const form = root.querySelector('#program-form');
  const label = (path) => labels.get(path) ?? null;
  const readForm = () => {
    // Every input writes its value back into the draft at its path; numbers must be whole numbers.
    for (const el of form.querySelectorAll('[data-path^="program."]')) {
      const raw = el.value.trim();
      const path = el.dataset.path.slice('program.'.length);
      if (el.hasAttribute('data-num')) {
        if (raw === '' && el.hasAttribute('data-optional')) { setPath(draft, path, undefined); continue; }
        if (!/^-?[0-9]+$/.test(raw)) return { field: el.dataset.path, message: raw === '' ? t('form.required') : t('form.notNumber') };
        setPath(draft, path, Number(raw));
      } else {
        setPath(draft, path, raw);
      }
    }
    return null;
  };
  form.addEventListener('input', (e) => {
    if (e.target.id === 'f-start' || e.target.id === 'f-days') {
      const start = form.querySelector('#f-start').value;
      const days = Number(form.querySelector('#f-days').value);
      if (/^\d{4}-\d{2}-\d{2}$/.test(start) && days > 0) form.querySelector('#f-end').textContent = t('form.end', { date: day(addDays(start, days - 1)) });
    }
  });
  root.querySelector('#rw-add').addEventListener('click', () => {
    readForm();
    draft.rewards.push({ id: `reward-${draft.rewards.length + 1}`, title: { 'zh-CN': '', en: '' }, cost: 100, stock: 10 });
    rerender();
  });
  for (const b of root.querySelectorAll('[data-drop]')) {
    b.addEventListener('click', () => { readForm(); draft.rewards.splice(Number(b.dataset.drop), 1); rerender(); });
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const id = editing ? ctx.pid : form.querySelector('#f-id').value.trim();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) return showFieldError(form, { field: 'id', message: t('form.id') }, label);
    const bad = readForm();
    if (bad) return showFieldError(form, bad, label);
    const name = form.querySelector('#f-name').value.trim() || text(draft.challenges[0].title);
    let saved;
    try {
      saved = editing
        ? await api.put(`/v1/programs/${encodeURIComponent(id)}`, { name, program: draft })
        : await api.post('/v1/programs', { id, name, program: draft });
    } catch (ex) {
      return showFieldError(form, ex, label);
    }
    drafts[mode] = null;
    if (editing) {
      drafts.editOf = null;
      toast(t('form.saved', { name, n: saved.changed.length }), 6000);
      location.hash = '#overview';
    } else {
      toast(t('form.created', { name }), 5000);
      location.hash = '#invites';
    }
    await ctx.reload(id);
  });
}

/** Sets `obj` at a path like `challenges[0].title.zh-CN` (undefined deletes the key). */
function setPath(obj, path, value) {
  const keys = path.match(/[^.[\]]+/g).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k];
  const last = keys.at(-1);
  if (value === undefined) delete o[last]; else o[last] = value;
}
