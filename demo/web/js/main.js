// The demo shell: loads the library, the language and age-friendly settings, and the four screens.
import { loadLibrary } from './lib.js';
import { getLocale, setLocale, t, translate } from './i18n.js';
import { load, save } from './store.js';
import { esc } from './ui.js';
import { sweep } from './charts.js';
import * as risk from './screens/risk.js';
import * as plan from './screens/plan.js';
import * as checkin from './screens/checkin.js';
import * as readings from './screens/readings.js';
import { takeInviteFromUrl } from './service.js';

const SCREENS = { risk, plan, checkin, readings };
let current = null;

/** '#risk/profile.sbp' → { name: 'risk', focus: 'profile.sbp' } (a link back to a field). */
function route() {
  const [name, ...rest] = location.hash.replace(/^#/, '').split('/');
  return SCREENS[name] ? { name, focus: rest.join('/') || undefined } : { name: 'risk' };
}

function show({ name, focus }) {
  current = name;
  document.getElementById('toast').hidden = true;
  for (const el of document.querySelectorAll('.screen')) el.hidden = el.dataset.screen !== name;
  for (const a of document.querySelectorAll('[data-tab]')) {
    const on = a.dataset.tab === name;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  window.scrollTo(0, 0);
  renderCurrent({ focus });
}

function renderCurrent(options = {}) {
  const el = document.getElementById(`screen-${current}`);
  SCREENS[current].render(el, options);
  sweep();
}

function applySettings() {
  const elder = !!load('elder', false);
  document.body.classList.toggle('elder', elder);
  const elderBtn = document.getElementById('elder-toggle');
  elderBtn.setAttribute('aria-pressed', String(elder));
  document.documentElement.lang = getLocale();
  document.title = `${t('app.title')} health-steward`;
  translate(document);
  const lang = document.getElementById('lang-toggle');
  lang.textContent = t('app.langToggle');
  lang.lang = getLocale() === 'en' ? 'zh-CN' : 'en';
}

async function main() {
  takeInviteFromUrl(); // an invite link opens the check-in screen to join
  applySettings();
  document.getElementById('lang-toggle').addEventListener('click', () => {
    setLocale(getLocale() === 'en' ? 'zh-CN' : 'en');
    document.getElementById('toast').hidden = true;
    applySettings();
    renderCurrent();
  });
  document.getElementById('elder-toggle').addEventListener('click', () => {
    save('elder', !load('elder', false));
    applySettings();
    renderCurrent();
  });

  let version;
  try {
    version = await loadLibrary();
  } catch (e) {
    const boot = document.getElementById('boot');
    boot.innerHTML = `<div class="field-error form-error" role="alert">${esc(t('app.loadFailed'))}</div>`;
    console.warn(e);
    document.body.dataset.ready = 'error';
    return;
  }
  document.getElementById('version').textContent = version;
  document.getElementById('boot').hidden = true;
  window.addEventListener('hashchange', () => show(route()));
  show(route());
  document.body.dataset.ready = 'true';
}

main();
