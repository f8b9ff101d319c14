// Screen 1 — My risk. With a saved profile it opens on the result: the report's summary first (the
// one finding that matters most, the next step and how soon, the changes that lower the risk most
// and what they would do together), then each result as a number in text with its category, the
// details folded away. Without one (or after "change my details") it shows the form.
//
// The form is read strictly (profile.js): a box that is not one plain number is an error at that
// box; then the library validates (its message at the field it names); then the pairs it does not
// check yet. Only a profile that passed all three is saved. Everything shown is computed by
// assessRisk() in the current locale.
import { call } from '../lib.js';
import { getLocale, t } from '../i18n.js';
import { remove } from '../store.js';
import { dateText, today, withinText } from '../dates.js';
import { cardHtml, clearErrors, esc, level, residentMessage, showErrors, toast } from '../ui.js';
import {
  EXAMPLE, ITEMS, SECTIONS, fieldLabel, get, profileProblems, readForm, saveProfile, savedProfile,
} from '../profile.js';

/** The form's raw values ({ path: string | boolean }), kept across re-renders, saved nowhere. */
let draft = rawOf(savedProfile() || {});
/** True while the form is shown although a saved profile has a result. */
let editing = false;

function rawOf(profile) {
  const raw = {};
  for (const item of ITEMS) {
    const v = get(profile, item.path);
    if (v !== undefined) raw[item.path] = item.type === 'number' ? String(v) : v;
  }
  return raw;
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

/**
 * The models this app asks for: the library's default set (China-first: the US-cohort models only
 * when asked for) whose required inputs its form collects — no questionnaire it cannot ask.
 */
function offeredModels() {
  const onForm = (field) => ITEMS.some((i) => i.path === field || i.path.startsWith(`${field}.`)) || field === 'bmi';
  return catalogEntries()
    .filter((m) => m.byDefault !== false)
    .filter((m) => (m.inputs || []).filter((i) => i.required).every((i) => onForm(i.field)))
    .map((m) => m.id);
}

function chinaParFirst(report) {
  const order = (r) => (r.id === 'china-par' ? 0 : 1);
  report.results = [...report.results].sort((a, b) => order(a) - order(b));
  return report;
}

/** assessRisk() of `profile` as this app asks it (today, the current language, its models). */
export function assessProfile(profile) {
  const options = { asOf: today, locale: getLocale() };
  const models = offeredModels();
  if (models.length) options.models = models;
  return call('assessRisk', profile, options);
}

function fmt(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

/** A result's value with its unit, in the current language ('12.3%', '92 厘米', '符合 3 项'). */
function valueText(value, unit) {
  const v = fmt(value);
  if (unit === 'percent') return `${v}%`;
  return t(`value.${unit}`, { v });
}

function categoryLabel(modelId, code) {
  const m = catalogEntries().find((x) => x.id === modelId);
  const c = m && Array.isArray(m.categories) ? m.categories.find((x) => x.id === code) : null;
  return c ? c.label : '';
}
function modelName(id) {
  const m = catalogEntries().find((x) => x.id === id);
  return m ? m.name : '';
}

/** Numbers only: booleans and machine codes ('north', 'male') are already said by the label. */
function factorValue(v) {
  if (typeof v === 'number') return fmt(v);
  if (v && typeof v === 'object') return Object.values(v).filter((x) => typeof x === 'number').map(fmt).join(' / ');
  return '';
}

/** The report's summary: the finding, the next step and how soon, the changes that help most. */
function summaryHtml(report) {
  const s = report.summary;
  if (!s || !s.headline) return `<div class="card" id="summary"><p>${esc(t('risk.noResults'))}</p></div>`;
  const lead = report.results[0];
  const lv = lead ? level(lead.category) : 0;
  const within = s.nextStep && withinText(s.nextStep.within, getLocale());
  const combined = s.combinedWhatIf;
  const from = combined && report.results.find((r) => r.id === combined.modelId);
  return `<div class="card summary lv${lv}" id="summary">
    <p class="eyebrow">${esc(t('risk.summaryTitle'))}</p>
    <p class="headline" id="headline">${esc(s.headline)}</p>
    ${s.nextStep && s.nextStep.text ? `<div class="next-step" id="next-step">
      <h3>${esc(t('risk.nextStep'))}${within ? ` <span class="chip when lv${lv}" id="next-step-when">${esc(within)}</span>` : ''}</h3>
      <p>${esc(s.nextStep.text)}</p></div>` : ''}
    ${s.topChanges && s.topChanges.length ? `<h3>${esc(t('risk.topChanges'))}</h3>
      <ol class="changes" id="top-changes">${s.topChanges.map((c) => `<li data-change="${esc(c.id)}">${esc(c.label)}</li>`).join('')}</ol>` : ''}
    ${combined && from ? `<p class="combined" id="combined">${esc(t('risk.combined', {
    model: from.name, from: valueText(from.value, from.unit), to: valueText(combined.value, from.unit),
    label: categoryLabel(combined.modelId, combined.category) || '',
  }))}</p>` : ''}
  </div>`;
}

/** China-PAR's number beside the ideal risk of the same age, as text with two plain bars. */
function compareHtml(r) {
  const ideal = r.details && typeof r.details.ideal === 'number' ? r.details.ideal : null;
  if (ideal === null) return '';
  const top = Math.max(r.value, ideal) * 1.15 || 1;
  const bar = (cls, label, v) => `<div class="bar-row"><span class="bar-label">${esc(label)}</span>
    <span class="bar"><span class="${cls}" style="width:${Math.max(2, (v / top) * 100).toFixed(1)}%"></span></span>
    <span class="bar-value">${esc(valueText(v, r.unit))}</span></div>`;
  return `<div class="compare">${bar(`fill lv${level(r.category)}`, t('risk.you'), r.value)}${bar('fill ideal', t('risk.idealShort'), ideal)}</div>
    <p class="small ideal">${esc(t('risk.ideal', { value: valueText(ideal, r.unit) }))}</p>`;
}

/** Factors, what-ifs, warnings and the source of one result (folded away under it). */
function detailHtml(r) {
  return `${r.factors && r.factors.length ? `<h4>${esc(t('risk.factors'))}</h4><ul class="plain factors">${r.factors.map((f) => `
      <li><span>${esc(f.label)}${f.modifiable ? `<span class="tag">${esc(t('risk.modifiable'))}</span>` : ''}</span>
      <span class="muted">${esc([factorValue(f.value), typeof f.points === 'number' ? t('value.points', { v: fmt(f.points) }) : ''].filter(Boolean).join(' · '))}</span></li>`).join('')}</ul>` : ''}
    ${r.whatIf && r.whatIf.length ? `<h4>${esc(t('risk.whatIf'))}</h4><ul class="plain whatif">${r.whatIf.map((w) => `
      <li data-whatif="${esc(w.id)}"><span>${esc(w.label)}</span>
      <span><b>${esc(valueText(w.value, r.unit))}</b> <span class="chip lv${level(w.category)}">${esc(w.category === r.category ? r.label : categoryLabel(r.id, w.category))}</span></span></li>`).join('')}</ul>` : ''}
    ${r.warnings && r.warnings.length ? `<h4>${esc(t('risk.warnings'))}</h4>${r.warnings.map((w) => `<p class="small" data-warning="${esc(w.code)}">${esc(residentMessage(w))}</p>`).join('')}` : ''}
    <p class="source">${esc(t('risk.source'))}：${esc(r.source.citation)}${r.source.edition ? `（${esc(r.source.edition)}）` : ''}</p>`;
}

/** The first result (China-PAR when scored): its number large, as text, beside the ideal risk. */
function leadHtml(r, headline) {
  const lv = level(r.category);
  return `<article class="card risk-card lead lv${lv}" data-model="${esc(r.id)}" data-category="${esc(r.category)}">
    <div class="risk-head"><h3>${esc(r.name)}</h3><span class="chip lv${lv} category">${esc(r.label)}</span></div>
    <p class="risk-value" data-value="${esc(r.value)}">${esc(valueText(r.value, r.unit))}</p>
    ${r.summary !== headline ? `<p class="risk-summary">${esc(r.summary)}</p>` : ''}
    ${compareHtml(r)}
    <details class="more"><summary>${esc(t('risk.moreLead'))}</summary>${detailHtml(r)}</details>
  </article>`;
}

/** Every other result: one row each (name, number, category), its sentence and details folded. */
function othersHtml(results) {
  if (!results.length) return '';
  return `<div class="card others"><h3>${esc(t('risk.others'))}</h3><ul class="plain results">${results.map((r) => {
    const lv = level(r.category);
    return `<li class="result-row lv${lv}" data-model="${esc(r.id)}" data-category="${esc(r.category)}"><details>
      <summary><span class="rname">${esc(r.name)}</span><span class="rline"><span class="risk-value" data-value="${esc(r.value)}">${esc(valueText(r.value, r.unit))}</span>
        <span class="chip lv${lv} category">${esc(r.label)}</span></span></summary>
      <p class="risk-summary">${esc(r.summary)}</p>${detailHtml(r)}</details></li>`;
  }).join('')}</ul></div>`;
}

function skippedHtml(skipped) {
  if (!skipped.length) return '';
  const rows = skipped.map((s) => {
    const missing = s.reason === 'missing-input' ? (s.fields || []).map((f) => ({ f, label: fieldLabel(f) })) : [];
    const askable = missing.length > 0 && missing.every((m) => m.label);
    const text = askable ? t('risk.needs', { fields: missing.map((m) => m.label).join(t('list.sep')) }) : residentMessage(s);
    return `<li data-skipped="${esc(s.id)}" data-reason="${esc(s.reason)}"><b>${esc(modelName(s.id))}</b>
      <p class="small">${esc(text)}</p>
      ${askable ? `<a class="btn btn-secondary btn-inline" href="#risk/${esc(missing[0].f)}">${esc(t('risk.fillIn'))}</a>` : ''}</li>`;
  }).join('');
  return `<details class="card skipped" id="skipped"><summary>${esc(t('risk.skipped', { n: skipped.length }))}</summary>
    <ul class="plain stacked">${rows}</ul></details>`;
}

function reportHtml(report) {
  return `<section id="risk-results" aria-live="polite">
    ${summaryHtml(report)}
    ${report.alerts.length ? `<div class="card alerts" id="risk-alerts"><h3>${esc(t('risk.alerts'))}</h3>${report.alerts.map(cardHtml).join('')}</div>` : ''}
    <h2>${esc(t('risk.results'))}</h2>
    <p class="intro">${esc(t('risk.asOf', { date: dateText(report.asOf || today, getLocale()), age: fmt(report.age) }))}</p>
    ${report.results.length ? leadHtml(report.results[0], report.summary && report.summary.headline) + othersHtml(report.results.slice(1))
    : `<div class="card muted">${esc(t('risk.noResults'))}</div>`}
    ${skippedHtml(report.skipped)}
    <button type="button" class="btn btn-secondary" id="edit-profile">${esc(t('risk.edit'))}</button>
  </section>`;
}

function inputHtml(item) {
  const id = `p-${item.path.replace(/\./g, '-')}`;
  const field = `profile.${item.path}`;
  const value = draft[item.path];
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
  // type="text": the browser's number box silently drops what it cannot read ("1e" → empty);
  // the app reads the text itself and says what is wrong.
  return `<div class="field-wrap"><div class="field"><label for="${id}">${label}</label>
    <input type="text" inputmode="${item.integer ? 'numeric' : 'decimal'}" id="${id}" name="${item.path}"
      data-field="${field}" value="${esc(value ?? '')}" autocomplete="off" spellcheck="false"></div></div>`;
}

function formHtml(hasResult) {
  return `<p class="intro">${esc(t('risk.intro'))}</p>
    <form id="profile-form" class="profile-form" novalidate>
    ${SECTIONS.map((s) => `<div class="form-section"><h3>${esc(t(`risk.section.${s.id}`))}</h3>
      <div class="card">${s.items.map(inputHtml).join('')}</div></div>`).join('')}
    <button type="submit" class="btn" id="assess">${esc(t('risk.submit'))}</button>
    <div class="btn-row">
      ${hasResult ? `<button type="button" class="btn btn-secondary" id="cancel-edit">${esc(t('risk.cancel'))}</button>`
    : `<button type="button" class="btn btn-secondary" id="example">${esc(t('risk.example'))}</button>`}
      <button type="button" class="btn btn-secondary" id="clear">${esc(t('risk.clear'))}</button>
    </div>
  </form>`;
}

function readDraft(form) {
  const raw = {};
  for (const item of ITEMS) {
    if (item.type === 'check') raw[item.path] = form.querySelector(`input[name="${item.path}"]`).checked;
    else if (item.type === 'seg') {
      const checked = form.querySelector(`input[name="${item.path}"]:checked`);
      if (checked) raw[item.path] = checked.value;
    } else raw[item.path] = form.querySelector(`input[name="${item.path}"]`).value;
  }
  return raw;
}

/** Validates and, only when everything passes, saves. Returns the report or null. */
function submit(form) {
  clearErrors(form);
  const { profile, errors } = readForm(form);
  if (errors.length) {
    showErrors(form, errors);
    return null;
  }
  let report;
  try {
    report = assessProfile(profile);
  } catch (e) {
    showErrors(form, [e]);
    return null;
  }
  const problems = profileProblems(profile);
  if (problems.length) {
    showErrors(form, problems);
    return null;
  }
  saveProfile(profile);
  draft = rawOf(profile);
  return report;
}

/**
 * Renders the screen. `focus` (a field such as `profile.sbp`, from a link on another screen)
 * opens the form on that field.
 */
export function render(root, { focus } = {}) {
  catalogEntries();
  const saved = savedProfile();
  if (focus) editing = true;
  let report = null;
  let savedError = null;
  if (saved && !editing) {
    try {
      report = chinaParFirst(assessProfile(saved));
    } catch (e) {
      savedError = e;
    }
  }
  root.innerHTML = `<h2>${esc(t('risk.title'))}</h2>${report ? reportHtml(report) : formHtml(!!saved && !savedError)}`;

  if (report) {
    root.querySelector('#edit-profile').addEventListener('click', () => {
      editing = true;
      render(root);
      window.scrollTo(0, 0);
    });
    return;
  }
  const form = root.querySelector('#profile-form');
  form.addEventListener('input', () => { draft = readDraft(form); });
  form.addEventListener('change', () => { draft = readDraft(form); });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    draft = readDraft(form);
    if (!submit(form)) return;
    editing = false;
    render(root);
    toast(t('risk.saved'));
    window.scrollTo(0, 0);
  });
  root.querySelector('#example')?.addEventListener('click', () => {
    draft = rawOf(structuredClone(EXAMPLE));
    render(root);
  });
  root.querySelector('#cancel-edit')?.addEventListener('click', () => {
    draft = rawOf(saved);
    editing = false;
    render(root);
    window.scrollTo(0, 0);
  });
  root.querySelector('#clear').addEventListener('click', () => {
    draft = {};
    editing = false;
    remove('profile');
    render(root);
  });
  if (savedError) showErrors(form, [savedError]);
  if (focus) {
    const input = form.querySelector(`[data-field="${CSS.escape(focus)}"]`);
    const target = input && (input.matches('input') ? input : input.querySelector('input'));
    if (target) {
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  }
}
