// The organiser console: sign-in, the programme picker, and one view per tab (views.js). Every
// action goes through the service's HTTP API (api.js); nothing is computed here that the engine
// decides.
import { api } from './api.js';
import { getLocale, setLocale, t, translate } from './i18n.js';
import { VIEWS } from './views.js';
import { esc, hideToast } from './ui.js';

const state = { programs: [], pid: null, program: null };

function route() {
  const name = location.hash.replace(/^#/, '').split('/')[0];
  return VIEWS[name] ? name : 'overview';
}

function applyLanguage() {
  document.documentElement.lang = getLocale();
  api.setLocale(getLocale());
  translate(document);
  document.title = `${t('app.title')} · ${t('app.sub')}`;
  const lang = document.getElementById('lang');
  lang.textContent = t('app.lang');
  lang.lang = getLocale() === 'en' ? 'zh-CN' : 'en';
}

function showLogin() {
  document.getElementById('login').hidden = false;
  document.getElementById('shell').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('prog-wrap').hidden = true;
  document.getElementById('demo-banner').hidden = true;
  document.body.dataset.ready = 'login';
  document.getElementById('login-user').focus();
}

const programLabel = (p) => `${p.name}${p.demo ? ' · DEMO' : ''} (${t('prog.members', { n: p.members })})`;

/** The member count of a programme, read again whenever a view is shown: the list of
 *  programmes was read at sign-in and would otherwise keep the count of that moment. */
async function refreshMemberCount(pid) {
  const fresh = (await api.get('/v1/programs')).programs.find((x) => x.id === pid);
  const p = state.programs?.find((x) => x.id === pid);
  if (!fresh || !p || p.members === fresh.members) return;
  p.members = fresh.members;
  const option = [...document.getElementById('prog').options].find((o) => o.value === pid);
  if (option) option.textContent = programLabel(p);
}

/** Set when the list of programmes has just been read (sign-in, a language switch, a new
 *  programme): the view shown next takes its member count from it instead of reading it again. */
let listJustRead = false;

async function loadPrograms(select) {
  const { programs } = await api.get('/v1/programs');
  state.programs = programs;
  listJustRead = true;
  const saved = localStorage.getItem('hs-console-program');
  const pick = select ?? (programs.some((p) => p.id === saved) ? saved : programs[0]?.id ?? null);
  const sel = document.getElementById('prog');
  sel.innerHTML = programs.map((p) => `<option value="${esc(p.id)}">${esc(programLabel(p))}</option>`).join('');
  document.getElementById('prog-wrap').hidden = !programs.length;
  await choose(pick);
}

async function choose(pid) {
  state.pid = pid;
  state.program = null;
  if (pid) {
    localStorage.setItem('hs-console-program', pid);
    document.getElementById('prog').value = pid;
    const p = await api.get(`/v1/programs/${encodeURIComponent(pid)}`);
    state.program = p.program;
    state.demo = p.demo;
    state.name = p.name;
  }
  document.getElementById('demo-banner').hidden = !state.demo;
}

async function showShell() {
  document.getElementById('login').hidden = true;
  document.getElementById('shell').hidden = false;
  document.getElementById('sign-out').hidden = false;
  await loadPrograms();
  await render();
}

let renderId = 0;
async function render() {
  const name = state.pid ? route() : 'create';
  for (const a of document.querySelectorAll('[data-view]')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const root = document.getElementById('view');
  const id = ++renderId;
  const viewPid = state.pid;
  document.body.dataset.ready = 'loading';
  root.innerHTML = `<p class="muted">${esc(t('app.loading'))}</p>`;
  try {
    if (viewPid && !listJustRead) refreshMemberCount(viewPid).catch(() => {});
    listJustRead = false;
    await VIEWS[name](root, { ...state, reload: (pid) => loadPrograms(pid).then(render), isCurrent: () => id === renderId });
  } catch (e) {
    if (id !== renderId) return;
    root.innerHTML = `<div class="form-error" role="alert">${esc(t('err.generic', { msg: e.message }))}</div>
      <button type="button" class="secondary" id="retry">${esc(t('app.retry'))}</button>`;
    root.querySelector('#retry').addEventListener('click', render);
  }
  if (id === renderId) document.body.dataset.ready = name;
}

function main() {
  applyLanguage();
  api.onUnauthorised(() => showLogin());
  document.getElementById('lang').addEventListener('click', () => {
    setLocale(getLocale() === 'en' ? 'zh-CN' : 'en');
    hideToast();
    applyLanguage();
    if (api.signedIn()) loadPrograms(state.pid).then(render);
  });
  document.getElementById('sign-out').addEventListener('click', () => { api.signOut(); showLogin(); });
  document.getElementById('prog').addEventListener('change', async (e) => { await choose(e.target.value); render(); });
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = document.getElementById('login-error');
    err.hidden = true;
    const f = new FormData(e.target);
    try {
      await api.login(String(f.get('user')).trim(), String(f.get('password')));
      e.target.reset();
      await showShell();
    } catch (ex) {
      err.textContent = ex.message;
      err.hidden = false;
    }
  });
  window.addEventListener('hashchange', () => { if (api.signedIn()) render(); });
  if (api.signedIn()) showShell().catch(showLogin); else showLogin();
}

main();
