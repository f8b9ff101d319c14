// Screen 4 — Readings: home blood pressure and glucose, kept on this phone, checked by
// evaluateReadings() (alerts in the current locale), with ECharts trends.
import { call } from '../lib.js';
import { getLocale, t } from '../i18n.js';
import { load, save } from '../store.js';
import { nowTime, shortDate, today } from '../dates.js';
import { cardHtml, clearErrors, errorBoxHtml, esc, needProfileHtml, showError, toast } from '../ui.js';
import { chart } from '../charts.js';
import { savedProfile } from './risk.js';

const KEY = 'readings';
const OFFSET = '+08:00';
let kind = 'bp';
let readings = load(KEY, []);
let seq = load('readingSeq', readings.length);

function evaluate(list, profile) {
  return call('evaluateReadings', list, profile, { asOf: today, locale: getLocale(), utcOffset: OFFSET });
}

function formHtml() {
  const at = `${today}T${nowTime()}`;
  const bp = kind === 'bp';
  return `<form id="reading-form" class="card" novalidate>
    <div class="tabs" role="tablist">
      <button type="button" role="tab" data-kind="bp" aria-selected="${bp}">${esc(t('readings.kind.bp'))}</button>
      <button type="button" role="tab" data-kind="glucose" aria-selected="${!bp}">${esc(t('readings.kind.glucose'))}</button>
    </div>
    ${bp ? `
    <div class="field-wrap"><div class="field"><label for="r-sbp">${esc(t('readings.sbp'))}</label>
      <input type="number" inputmode="numeric" step="1" id="r-sbp" name="sbp" data-field="reading.sbp" autocomplete="off"></div></div>
    <div class="field-wrap"><div class="field"><label for="r-dbp">${esc(t('readings.dbp'))}</label>
      <input type="number" inputmode="numeric" step="1" id="r-dbp" name="dbp" data-field="reading.dbp" autocomplete="off"></div></div>` : `
    <div class="field-wrap"><div class="field"><label for="r-value">${esc(t('readings.value'))}</label>
      <input type="number" inputmode="decimal" step="any" id="r-value" name="value" data-field="reading.value" autocomplete="off"></div></div>
    <div class="field-wrap"><div class="field"><label for="r-context">${esc(t('readings.context'))}</label>
      <select id="r-context" name="context" data-field="reading.context">
        ${['fasting', 'postprandial', 'random'].map((c) => `<option value="${c}">${esc(t(`readings.context.${c}`))}</option>`).join('')}
      </select></div></div>`}
    <div class="field-wrap"><div class="field stack"><label for="r-at">${esc(t('readings.at'))}</label>
      <input type="datetime-local" id="r-at" name="at" data-field="reading.at" value="${at}"></div></div>
    <button type="submit" class="btn" id="add-reading" style="margin-top:10px">${esc(t('readings.add'))}</button>
  </form>`;
}

function readForm(form) {
  const num = (name) => {
    const el = form.querySelector(`[name="${name}"]`);
    const raw = el ? el.value.trim() : '';
    return raw === '' ? undefined : Number(raw);
  };
  const atRaw = form.querySelector('[name="at"]').value;
  const at = atRaw ? `${atRaw.length === 16 ? `${atRaw}:00` : atRaw}${OFFSET}` : '';
  seq += 1;
  const r = { id: `r${seq}`, at, kind };
  if (kind === 'bp') {
    r.sbp = num('sbp');
    r.dbp = num('dbp');
  } else {
    r.value = num('value');
    r.context = form.querySelector('[name="context"]').value;
  }
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  return r;
}

function label(r) {
  if (r.kind === 'bp') return `${r.sbp}/${r.dbp} mmHg`;
  if (r.kind === 'glucose') return `${r.value} mmol/L · ${t(`readings.context.${r.context || 'random'}`)}`;
  return `${r.kind} ${r.value ?? ''}`;
}

function historyHtml() {
  if (!readings.length) return `<p class="muted">${esc(t('readings.empty'))}</p>`;
  const list = [...readings].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, 12);
  return `<ul class="plain" id="history">${list.map((r) => `<li class="reading-row" data-id="${esc(r.id)}">
    <span><span class="what">${esc(label(r))}</span><br><span class="muted">${esc(shortDate(r.at.slice(0, 10), getLocale()))} ${esc(r.at.slice(11, 16))}</span></span>
    <button type="button" class="btn btn-secondary btn-inline" data-delete="${esc(r.id)}">${esc(t('readings.delete'))}</button></li>`).join('')}</ul>`;
}

function trends(root) {
  const big = document.body.classList.contains('elder');
  const font = big ? 15 : 12;
  const sorted = [...readings].sort((a, b) => (a.at < b.at ? -1 : 1));
  const axisLabel = (at) => `${at.slice(5, 10).replace('-', '/')}\n${at.slice(11, 16)}`;
  const base = {
    animation: false,
    grid: { left: 44, right: 14, top: 34, bottom: 44 },
    legend: { top: 0, textStyle: { fontSize: font } },
    tooltip: { trigger: 'axis' },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: font } },
  };
  const bp = sorted.filter((r) => r.kind === 'bp');
  const glu = sorted.filter((r) => r.kind === 'glucose');
  const bpEl = root.querySelector('#bp-trend');
  const gluEl = root.querySelector('#glucose-trend');
  if (bpEl) {
    chart(bpEl, {
      ...base,
      xAxis: { type: 'category', data: bp.map((r) => axisLabel(r.at)), axisLabel: { fontSize: font } },
      series: [
        { name: t('readings.sbp'), type: 'line', data: bp.map((r) => r.sbp), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: '#c9241b' } },
        { name: t('readings.dbp'), type: 'line', data: bp.map((r) => r.dbp), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: '#1f5fa8' } },
      ],
    });
  }
  if (gluEl) {
    chart(gluEl, {
      ...base,
      xAxis: { type: 'category', data: glu.map((r) => axisLabel(r.at)), axisLabel: { fontSize: font } },
      series: [{ name: t('readings.kind.glucose'), type: 'line', data: glu.map((r) => r.value), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: '#9a6b00' } }],
    });
  }
}

export function render(root) {
  const profile = savedProfile();
  root.innerHTML = `<h2>${esc(t('readings.title'))}</h2><p class="intro">${esc(t('readings.intro'))}</p>
    ${profile ? `${formHtml()}<div id="readings-alerts"></div>
    ${readings.some((r) => r.kind === 'bp') ? `<div class="card"><h3>${esc(t('readings.bpTrend'))}</h3><div class="trend" id="bp-trend"></div></div>` : ''}
    ${readings.some((r) => r.kind === 'glucose') ? `<div class="card"><h3>${esc(t('readings.glucoseTrend'))}</h3><div class="trend" id="glucose-trend"></div></div>` : ''}
    <div class="card"><h3>${esc(t('readings.history'))}</h3>${historyHtml()}</div>` : needProfileHtml()}`;
  if (!profile) return;
  const form = root.querySelector('#reading-form');
  const alertsBox = root.querySelector('#readings-alerts');

  const showAlerts = () => {
    if (!readings.length) {
      alertsBox.innerHTML = '';
      return;
    }
    try {
      const { alerts } = evaluate(readings, profile);
      alertsBox.innerHTML = `<div class="card" id="alerts"><h3>${esc(t('readings.alerts'))}</h3>
        ${alerts.length ? alerts.map(cardHtml).join('') : `<p class="muted">${esc(t('readings.noAlerts'))}</p>`}</div>`;
    } catch (e) {
      alertsBox.innerHTML = errorBoxHtml(e);
    }
  };

  for (const b of form.querySelectorAll('[data-kind]')) {
    b.addEventListener('click', () => { kind = b.dataset.kind; render(root); });
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const reading = readForm(form);
    const next = [...readings, reading];
    const index = next.length - 1;
    try {
      evaluate(next, profile); // validates the new reading (the library names the field)
    } catch (e) {
      // `readings[N].sbp` of the new reading → the input `reading.sbp`.
      showError(form, e, { mapField: (f) => f.replace(new RegExp(`^readings\\[${index}\\]`), 'reading') });
      return;
    }
    readings = next;
    save(KEY, readings);
    save('readingSeq', seq);
    toast(t('readings.added'));
    render(root);
  });
  root.querySelector('#history')?.addEventListener('click', (ev) => {
    const id = ev.target.closest('[data-delete]')?.dataset.delete;
    if (!id) return;
    readings = readings.filter((r) => r.id !== id);
    save(KEY, readings);
    render(root);
  });
  showAlerts();
  trends(root);
}
