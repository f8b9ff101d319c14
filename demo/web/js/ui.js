// Small DOM helpers shared by the screens.
import { t } from './i18n.js';
import { describeError } from './lib.js';

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
}

/** Severity 0 (fine) … 3 (act now) of a stable category code, for colours only. */
const LEVELS = {
  0: ['low', 'normal', 'minimal', 'robust', 'independent', 'absent', 'not-elevated', 'controlled', 'none'],
  1: ['medium', 'borderline', 'slightly-elevated', 'mild', 'pre-frail', 'overweight', 'underweight',
    'pre-central-obesity', 'mild-dependence', 'high-normal', 'info'],
  2: ['moderate', 'medium-high', 'intermediate', 'moderate-dependence', 'central-obesity', 'moderately-severe',
    'present', 'grade-1', 'warning', 'uncontrolled-first'],
  3: ['high', 'high-very-high', 'very-high', 'severe', 'frail', 'dependent', 'obese', 'grade-2', 'grade-3',
    'critical', 'urgent', 'uncontrolled-repeat'],
};
export function level(category) {
  for (const [lv, codes] of Object.entries(LEVELS)) if (codes.includes(category)) return Number(lv);
  return 1;
}

/** A library Card ({ code, indicator, summary, detail, source }) as HTML. */
export function cardHtml(card) {
  const indicator = ['info', 'warning', 'critical'].includes(card.indicator) ? card.indicator : 'info';
  return `<div class="hs-card ${indicator}" data-code="${esc(card.code)}" role="${indicator === 'critical' ? 'alert' : 'note'}">
    <div class="hs-card-summary"><span class="chip ${indicator === 'critical' ? 'lv3' : indicator === 'warning' ? 'lv2' : 'lv0'}">${esc(t(`indicator.${indicator}`))}</span> ${esc(card.summary)}</div>
    ${card.detail ? `<div class="hs-card-detail">${esc(card.detail)}</div>` : ''}
    ${card.source && card.source.label ? `<div class="source">${esc(t('readings.source'))}：${esc(card.source.label)}</div>` : ''}
  </div>`;
}

export function clearErrors(root) {
  for (const el of root.querySelectorAll('.field-error, .form-error')) el.remove();
  for (const el of root.querySelectorAll('.has-error')) el.classList.remove('has-error');
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Shows the library's localized error: next to the input whose `data-field` matches `e.field`
 * (or its closest parent path), otherwise at the top of `root`.
 */
export function showError(root, e, { mapField = (f) => f } = {}) {
  const { field, message, code } = describeError(e);
  clearErrors(root);
  let target = null;
  for (let f = field && mapField(field); f && !target; f = parentPath(f)) {
    target = root.querySelector(`[data-field="${cssEscape(f)}"]`);
  }
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.dataset.code = code;
  if (field) box.dataset.field = field;
  box.textContent = message;
  if (target) {
    box.className = 'field-error';
    const wrap = target.closest('.field-wrap') || target.closest('.field');
    const field0 = target.closest('.field');
    if (field0) field0.classList.add('has-error');
    const input = target.matches('input, select') ? target : target.querySelector('input, select');
    if (input) input.setAttribute('aria-invalid', 'true');
    wrap.insertAdjacentElement('beforeend', box);
    (input || target).scrollIntoView({ block: 'center' });
    if (input) input.focus({ preventScroll: true });
  } else {
    box.className = 'field-error form-error';
    root.insertAdjacentElement('afterbegin', box);
    box.scrollIntoView({ block: 'center' });
  }
  return box;
}

function parentPath(f) {
  const i = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
  return i > 0 ? f.slice(0, i) : null;
}

function cssEscape(s) {
  return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
}

let toastTimer = null;
export function toast(message, ms = 2200) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, ms);
}

/** A "fill in your profile first" notice with a button to the risk screen. */
export function needProfileHtml() {
  return `<div class="card"><p>${esc(t('error.needProfile'))}</p>
    <a class="btn" href="#risk">${esc(t('error.goProfile'))}</a></div>`;
}

/** A box showing an error that belongs to no field (e.g. a function not there yet). */
export function errorBoxHtml(e) {
  const { message, code } = describeError(e);
  return `<div class="field-error form-error" role="alert" data-code="${esc(code)}">${esc(message)}</div>`;
}
