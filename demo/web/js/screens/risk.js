// Screen 1 — My risk: the profile form (kept in localStorage on this phone only), risk cards with
// category colours, factors, "what if" scenarios, alerts, and the models skipped with what is
// missing. Everything shown is computed by assessRisk() in the current locale.
import { call } from '../lib.js';
import { getLocale, t } from '../i18n.js';
import { load, save, remove } from '../store.js';
import { today } from '../dates.js';
import { cardHtml, clearErrors, esc, level, showError, toast } from '../ui.js';
import { chart } from '../charts.js';

// The form: each input's `path` inside the Profile (its error field is `profile.<path>`).
export const SECTIONS = [
  { id: 'basic', items: [
    { path: 'sex', label: 'risk.sex', type: 'seg', options: ['male', 'female'] },
    { path: 'age', label: 'risk.age', type: 'number', step: '1' },
    { path: 'heightCm', label: 'risk.heightCm', type: 'number' },
    { path: 'weightKg', label: 'risk.weightKg', type: 'number' },
    { path: 'waistCm', label: 'risk.waistCm', type: 'number' },
  ] },
  { id: 'bp', items: [
    { path: 'sbp', label: 'risk.sbp', type: 'number', step: '1' },
    { path: 'dbp', label: 'risk.dbp', type: 'number', step: '1' },
    { path: 'onAntihypertensives', label: 'risk.onAntihypertensives', type: 'check' },
  ] },
  { id: 'lab', items: [
    { path: 'totalCholesterol', label: 'risk.totalCholesterol', type: 'number' },
    { path: 'hdlCholesterol', label: 'risk.hdlCholesterol', type: 'number' },
    { path: 'ldlCholesterol', label: 'risk.ldlCholesterol', type: 'number' },
    { path: 'triglycerides', label: 'risk.triglycerides', type: 'number' },
    { path: 'fastingGlucose', label: 'risk.fastingGlucose', type: 'number' },
  ] },
  { id: 'life', items: [
    { path: 'smoker', label: 'risk.smoker', type: 'check' },
    { path: 'hypertension', label: 'risk.hypertension', type: 'check' },
    { path: 'diabetes', label: 'risk.diabetes', type: 'check' },
    { path: 'familyHistory.ascvd', label: 'risk.familyAscvd', type: 'check' },
    { path: 'familyHistory.diabetes', label: 'risk.familyDiabetes', type: 'check' },
    { path: 'history.stroke', label: 'risk.historyStroke', type: 'check' },
    { path: 'region', label: 'risk.region', type: 'seg', options: ['north', 'south'] },
    { path: 'residence', label: 'risk.residence', type: 'seg', options: ['urban', 'rural'] },
    { path: 'activity.sessionsPerWeek', label: 'risk.sessionsPerWeek', type: 'number', step: '1' },
    { path: 'activity.minutesPerSession', label: 'risk.minutesPerSession', type: 'number', step: '1' },
  ] },
];
const ITEMS = SECTIONS.flatMap((s) => s.items);

const EXAMPLE = {
  sex: 'male', age: 58, heightCm: 168, weightKg: 75, waistCm: 92, sbp: 148, dbp: 92,
  onAntihypertensives: false, totalCholesterol: 5.6, hdlCholesterol: 1.1, ldlCholesterol: 3.5,
  triglycerides: 1.9, fastingGlucose: 6.3, smoker: true, hypertension: true, diabetes: false,
  familyHistory: { ascvd: false, diabetes: true }, history: { stroke: false },
  region: 'north', residence: 'urban', activity: { sessionsPerWeek: 2, minutesPerSession: 30 },
};

/** The profile saved on this phone (also used by the plan and readings screens). */
export function savedProfile() {
  return load('profile', null);
}

let draft = savedProfile() || {};
let assessed = !!savedProfile();

function get(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}
function set(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ||= {};
  if (value === undefined) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

function inputHtml(item) {
  const id = `p-${item.path.replace(/\./g, '-')}`;
  const field = `profile.${item.path}`;
  const value = get(draft, item.path);
  const label = esc(t(item.label));
  if (item.type === 'check') {
    return `<div class="field-wrap"><div class="field"><label class="check" for="${id}">
      <input type="checkbox" id="${id}" name="${item.path}" data-field="${field}" ${value ? 'checked' : ''}>
      <span>${label}</span></label></div></div>`;
  }
  if (item.type === 'seg') {
    const opts = item.options.map((o) => `<label><input type="radio" name="${item.path}" value="${o}" ${value === o ? 'checked' : ''}>
        <span>${esc(t(`${item.label}.${o}`))}</span></label>`).join('');
    return `<div class="field-wrap"><div class="field" data-field="${field}" role="radiogroup" aria-label="${label}">
      <span class="label">${label}</span><span class="seg">${opts}</span></div></div>`;
  }
  return `<div class="field-wrap"><div class="field"><label for="${id}">${label}</label>
    <input type="number" inputmode="decimal" step="${item.step || 'any'}" id="${id}" name="${item.path}"
      data-field="${field}" value="${value === undefined ? '' : esc(value)}" autocomplete="off"></div></div>`;
}

function formHtml() {
  return `<form id="profile-form" class="profile-form" novalidate>
    ${SECTIONS.map((s) => `<div class="form-section"><h3>${esc(t(`risk.section.${s.id}`))}</h3>
      <div class="card">${s.items.map(inputHtml).join('')}</div></div>`).join('')}
    <button type="submit" class="btn" id="assess">${esc(t('risk.submit'))}</button>
    <div class="btn-row">
      <button type="button" class="btn btn-secondary" id="example">${esc(t('risk.example'))}</button>
      <button type="button" class="btn btn-secondary" id="clear">${esc(t('risk.clear'))}</button>
    </div>
  </form>`;
}

/** Reads the form into a Profile: empty inputs are left out, never guessed. */
export function readForm(form) {
  const profile = {};
  for (const item of ITEMS) {
    if (item.type === 'check') {
      set(profile, item.path, form.querySelector(`input[name="${item.path}"]`).checked);
    } else if (item.type === 'seg') {
      const checked = form.querySelector(`input[name="${item.path}"]:checked`);
      if (checked) set(profile, item.path, checked.value);
    } else {
      const raw = form.querySelector(`input[name="${item.path}"]`).value.trim();
      if (raw !== '') set(profile, item.path, Number(raw));
    }
  }
  return profile;
}

function unitText(unit) {
  return unit === 'percent' ? '%' : t(`unit.${unit}`);
}
function fmt(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

let catalog = null;
let catalogLocale = null;
function catalogEntries() {
  if (catalogLocale !== getLocale()) {
    try {
      catalog = call('modelCatalog', getLocale()) || [];
    } catch {
      catalog = [];
    }
    catalogLocale = getLocale();
  }
  return catalog;
}
function categoryLabel(modelId, code, result) {
  if (result && result.category === code) return result.label;
  const m = catalogEntries().find((x) => x.id === modelId);
  const c = m && Array.isArray(m.categories) ? m.categories.find((x) => x.id === code) : null;
  return c ? c.label : code;
}
function modelName(id) {
  const m = catalogEntries().find((x) => x.id === id);
  return m ? m.name : id;
}
function fieldLabel(path) {
  const p = path.replace(/^profile\./, '');
  const item = ITEMS.find((i) => i.path === p);
  return item ? t(item.label) : p;
}

/** Numbers only: booleans and machine codes ('north', 'male') are already said by the label. */
function factorValue(v) {
  if (typeof v === 'number') return fmt(v);
  if (v && typeof v === 'object') return Object.values(v).filter((x) => typeof x === 'number').map(fmt).join(' / ');
  return '';
}

function resultHtml(r) {
  const lv = level(r.category);
  const unit = unitText(r.unit);
  return `<article class="card risk-card lv${lv}" data-model="${esc(r.id)}" data-category="${esc(r.category)}">
    <div class="risk-head"><h3>${esc(r.name)}</h3><span class="chip lv${lv} category">${esc(r.label)}</span></div>
    ${r.id === 'china-par' ? '<div class="gauge" aria-hidden="true"></div>' : ''}
    <div class="risk-value"${r.id === 'china-par' ? ' hidden' : ''}>${esc(fmt(r.value))}<small>${esc(unit)}</small></div>
    <p class="risk-summary">${esc(r.summary)}</p>
    ${r.details && typeof r.details.ideal === 'number' ? `<p class="small ideal">${esc(t('risk.ideal', { value: `${fmt(r.details.ideal)}${unit}` }))}</p>` : ''}
    ${r.factors && r.factors.length ? `<h4>${esc(t('risk.factors'))}</h4><ul class="plain factors">${r.factors.map((f) => `
      <li><span>${esc(f.label)}${f.modifiable ? `<span class="tag">${esc(t('risk.modifiable'))}</span>` : ''}</span>
      <span class="muted">${esc([factorValue(f.value), typeof f.points === 'number' ? `${fmt(f.points)}${t('unit.points')}` : ''].filter(Boolean).join(' · '))}</span></li>`).join('')}</ul>` : ''}
    ${r.whatIf && r.whatIf.length ? `<h4>${esc(t('risk.whatIf'))}</h4><ul class="plain whatif">${r.whatIf.map((w) => `
      <li data-whatif="${esc(w.id)}"><span>${esc(w.label)}</span>
      <span><b>${esc(fmt(w.value))}${esc(unit)}</b> <span class="chip lv${level(w.category)}">${esc(categoryLabel(r.id, w.category, r))}</span></span></li>`).join('')}</ul>` : ''}
    ${r.warnings && r.warnings.length ? `<h4>${esc(t('risk.warnings'))}</h4>${r.warnings.map((w) => `<p class="small" data-warning="${esc(w.code)}">${esc(w.message)}</p>`).join('')}` : ''}
    <details class="source"><summary>${esc(t('risk.source'))}</summary>${esc(r.source.citation)}${r.source.edition ? `（${esc(r.source.edition)}）` : ''}</details>
  </article>`;
}

function reportHtml(report) {
  const order = (r) => (r.id === 'china-par' ? 0 : 1);
  const results = [...report.results].sort((a, b) => order(a) - order(b));
  return `<section id="risk-results" aria-live="polite">
    <h2>${esc(t('risk.results'))}</h2>
    <p class="intro">${esc(t('risk.asOf', { date: report.asOf || today, age: fmt(report.age) }))}</p>
    ${report.alerts.length ? `<div class="card alerts"><h3>${esc(t('risk.alerts'))}</h3>${report.alerts.map(cardHtml).join('')}</div>` : ''}
    ${results.length ? results.map(resultHtml).join('') : `<div class="card muted">${esc(t('risk.noResults'))}</div>`}
    ${report.skipped.length ? `<details class="card skipped"><summary>${esc(t('risk.skipped'))}（${report.skipped.length}）</summary>
      <p class="muted">${esc(t('risk.skippedIntro'))}</p><ul class="plain">${report.skipped.map((s) => `
      <li data-skipped="${esc(s.id)}" style="display:block"><b>${esc(modelName(s.id))}</b>
        <div class="small">${esc(s.message)}</div>
        ${s.fields && s.fields.length ? `<div class="muted">${esc(t('risk.missing'))}${s.fields.map((f) => esc(fieldLabel(f))).join('、')}</div>` : ''}</li>`).join('')}</ul></details>` : ''}
  </section>`;
}

const LEVEL_COLOURS = ['#1a9a55', '#e0a800', '#f07c1b', '#c9241b'];

function gauge(el, r) {
  const big = document.body.classList.contains('elder');
  const common = { type: 'gauge', min: 0, max: 30, startAngle: 200, endAngle: -20, center: ['50%', '66%'], splitNumber: 6 };
  // Outer thin ring: China-PAR's published bands (< 5 % low, 5–9.9 % medium, ≥ 10 % high); the
  // library decides the category, the bands only paint the dial. Inner ring: the resident's risk,
  // in the colour of the library's category, with no needle to hide the numbers.
  chart(el, {
    animation: false,
    series: [
      {
        ...common, radius: '96%',
        axisLine: { lineStyle: { width: 6, color: [[5 / 30, '#1a9a55'], [10 / 30, '#e0a800'], [1, '#c9241b']] } },
        pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
        title: { show: false }, detail: { show: false }, data: [{ value: 0 }],
      },
      {
        ...common, radius: '86%',
        axisLine: { lineStyle: { width: 18, color: [[1, '#ececec']] } },
        progress: { show: true, width: 18, itemStyle: { color: LEVEL_COLOURS[level(r.category)] } },
        pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false },
        axisLabel: { show: false },
        title: { show: false },
        detail: { offsetCenter: [0, '0%'], fontSize: big ? 38 : 32, fontWeight: 800, formatter: () => `${fmt(r.value)}%`, color: '#111' },
        data: [{ value: Math.min(r.value, 30) }],
      },
    ],
  });
}

function assess(root, profile) {
  const results = root.querySelector('#risk-output');
  try {
    const report = call('assessRisk', profile, { asOf: today, locale: getLocale() });
    results.innerHTML = reportHtml(report);
    const par = report.results.find((r) => r.id === 'china-par');
    const g = results.querySelector('.gauge');
    if (par && g) gauge(g, par);
    return report;
  } catch (e) {
    results.innerHTML = '';
    showError(root.querySelector('#profile-form'), e);
    return null;
  }
}

export function render(root) {
  catalogEntries();
  root.innerHTML = `<h2>${esc(t('risk.title'))}</h2><p class="intro">${esc(t('risk.intro'))}</p>
    ${formHtml()}<div id="risk-output">${assessed ? '' : `<p class="muted" style="text-align:center">${esc(t('risk.empty'))}</p>`}</div>`;
  const form = root.querySelector('#profile-form');
  form.addEventListener('input', () => { draft = readForm(form); });
  form.addEventListener('change', () => { draft = readForm(form); });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    draft = readForm(form);
    save('profile', draft);
    assessed = true;
    const report = assess(root, draft);
    if (report) {
      toast(t('risk.saved'));
      root.querySelector('#risk-results').scrollIntoView({ block: 'start' });
    }
  });
  root.querySelector('#example').addEventListener('click', () => {
    draft = structuredClone(EXAMPLE);
    render(root);
  });
  root.querySelector('#clear').addEventListener('click', () => {
    draft = {};
    assessed = false;
    remove('profile');
    render(root);
  });
  const profile = assessed ? savedProfile() : null;
  if (profile) assess(root, profile);
}
