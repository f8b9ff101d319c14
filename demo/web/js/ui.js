// Small DOM helpers shared by the screens.
import { t } from './i18n.js';
import { describeError } from './lib.js';
import { fieldLabel } from './profile.js';

export { level } from './severity.js';

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESC[c]);
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
 * A JSON path or code name a resident must never read ("profile.sbp", "readings[0].at",
 * "questionnaires.phq9", "NOT_AVAILABLE"). The library keeps paths in `field`; this catches a
 * message that still carries one, so the screen can say it in words instead.
 */
const CODE_LIKE = /\b[a-z]+(\[\d+\])?\.[a-zA-Z]|\[\d+\]|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}_[A-Z_]+\b/;
/** Words that look like code but are units and abbreviations a resident reads every day. */
const NOT_CODE = /\b(mmHg|mg\/dL|mmol\/L|eGFR|HbA1c|HDL-C|LDL-C|e\.g\.|i\.e\.)|[a-z0-9.-]+\.[a-z]{2,}\/\S*/g;
export function hasCodeNames(text) {
  return CODE_LIKE.test(String(text ?? '').replace(NOT_CODE, ''));
}

/** The message of `e` as a resident may read it: the library's, or a plain one naming the field. */
export function residentMessage(e) {
  const { field, message } = describeError(e);
  if (!hasCodeNames(message)) return message;
  const label = field && fieldLabel(field);
  return label ? t('error.checkField', { label }) : t('error.generic');
}

/**
 * Shows errors ({ field, message, code }) next to the inputs whose `data-field` matches each
 * `field` (or its closest parent path), otherwise at the top of `root`; focuses the first.
 */
export function showErrors(root, errors, { mapField = (f) => f } = {}) {
  clearErrors(root);
  let first = null;
  for (const e of errors) {
    const { field, code } = describeError(e);
    let target = null;
    for (let f = field && mapField(field); f && !target; f = parentPath(f)) {
      target = root.querySelector(`[data-field="${cssEscape(f)}"]`);
    }
    const box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.dataset.code = code;
    if (field) box.dataset.field = field;
    box.textContent = residentMessage(e);
    let focus = box;
    if (target) {
      box.className = 'field-error';
      const wrap = target.closest('.field-wrap') || target.closest('.field');
      const field0 = target.closest('.field');
      if (field0) field0.classList.add('has-error');
      const input = target.matches('input, select') ? target : target.querySelector('input, select');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        focus = input;
      }
      wrap.insertAdjacentElement('beforeend', box);
    } else {
      box.className = 'field-error form-error';
      root.insertAdjacentElement('afterbegin', box);
    }
    first ||= focus;
  }
  if (first) {
    first.scrollIntoView({ block: 'center' });
    if (first.matches('input, select')) first.focus({ preventScroll: true });
  }
}

/** Shows the library's localized error `e` next to its field (see showErrors). */
export function showError(root, e, options) {
  showErrors(root, [e], options);
}

function parentPath(f) {
  const i = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
  return i > 0 ? f.slice(0, i) : null;
}

function cssEscape(s) {
  return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
}

let toastTimer = null;
/**
 * A short message at the bottom of the screen; with `action` ({ label, run }) it carries a button
 * (e.g. "撤销" after a deletion) and stays longer.
 */
export function toast(message, { ms, action } = {}) {
  const el = document.getElementById('toast');
  el.textContent = message;
  if (action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'toast-action';
    b.id = 'toast-action';
    b.textContent = action.label;
    b.addEventListener('click', () => {
      el.hidden = true;
      action.run();
    });
    el.append(' ', b);
  }
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, ms ?? (action ? 8000 : 2500));
}

/** A "fill in your profile first" notice with a button to the risk screen. */
export function needProfileHtml() {
  return `<div class="card"><p>${esc(t('error.needProfile'))}</p>
    <a class="btn" href="#risk">${esc(t('error.goProfile'))}</a></div>`;
}

/**
 * A box showing an error that belongs to no input on this screen. An error about the saved
 * profile links back to that field on "My risk".
 */
export function errorBoxHtml(e) {
  const { field, code } = describeError(e);
  const fix = field && field.startsWith('profile.')
    ? `<a class="btn btn-secondary fix-profile" href="#risk/${esc(field)}">${esc(t('error.fixProfile'))}</a>` : '';
  return `<div class="field-error form-error" role="alert" data-code="${esc(code)}"${field ? ` data-field="${esc(field)}"` : ''}>${esc(residentMessage(e))}${fix}</div>`;
}
