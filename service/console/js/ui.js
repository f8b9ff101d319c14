// Small DOM helpers of the console.
import { t } from './i18n.js';

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

let timer = null;
export function toast(message, ms = 3000) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { el.hidden = true; }, ms);
}

/** Hides the toast at once (its words are in the language being left). */
export function hideToast() {
  clearTimeout(timer);
  document.getElementById('toast').hidden = true;
}

/** Asks before a destructive or irreversible action; resolves true on "confirm". */
export function confirmAction(message) {
  const dlg = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = message;
  document.getElementById('confirm-yes').textContent = t('confirm.yes');
  document.getElementById('confirm-no').textContent = t('confirm.no');
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'yes'), { once: true });
    dlg.showModal();
  });
}

export function clearErrors(root) {
  for (const el of root.querySelectorAll('.field-error')) el.remove();
  for (const el of root.querySelectorAll('.has-error')) el.classList.remove('has-error');
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Shows an error at the input whose `data-path` is the error's field (or its closest parent
 * path), else at the top of `root`. `label(path)` names the field, so that the message never
 * shows a path. Returns the element focused.
 */
export function showFieldError(root, error, label = () => null) {
  clearErrors(root);
  let target = null;
  for (let f = error.field; f && !target; f = parent(f)) target = root.querySelector(`[data-path="${CSS.escape(f)}"]`);
  const box = document.createElement('div');
  box.className = target ? 'field-error' : 'form-error';
  box.setAttribute('role', 'alert');
  box.dataset.code = error.code ?? '';
  if (error.field) box.dataset.field = error.field;
  box.textContent = readable(error, target && label(target.dataset.path));
  if (target) {
    const field = target.closest('.field');
    field.classList.add('has-error');
    target.setAttribute('aria-invalid', 'true');
    field.append(box);
    target.focus();
    return target;
  }
  root.prepend(box);
  box.scrollIntoView({ block: 'center' });
  return box;
}

/** The message with any path it quotes replaced by the field's label. */
function readable(error, name) {
  let msg = String(error.message ?? '');
  if (error.field) {
    const paths = [error.field, error.field.replace(/^program\./, '')];
    for (const p of paths) msg = msg.split(p).join(name ? `“${name}”` : '');
  }
  msg = msg.replace(/^积分方案无效：\s*/, '').replace(/^Invalid (points )?program:\s*/i, '').trim();
  return name ? `${name}：${msg}` : msg;
}

function parent(f) {
  const i = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
  return i > 0 ? f.slice(0, i) : null;
}

/** Saves a Blob as a file. */
export function saveBlob(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
