// Screen 4 — Readings: home blood pressure and glucose, kept on this phone, checked by
// evaluateReadings() (alerts in the current locale). The numbers are text (the full history, by
// day, newest first, each deletable with an undo); the trend charts are an addition, drawn by
// ECharts when they scroll into view, on a real time axis with the home targets marked.
//
// A reading is saved only when it passes, in order: the strict reading of each box (one plain
// number), a date and time not in the future, the library's validation (its message at the
// field it names), and the checks the library does not make yet (the lower pressure below the
// upper, a glucose a meter can show).
import { call } from '../lib.js';
import { getLocale, t } from '../i18n.js';
import { load, save } from '../store.js';
import { dateText, nowTime, pinned, splitInstant, today } from '../dates.js';
import { cardHtml, clearErrors, errorBoxHtml, esc, needProfileHtml, showErrors, toast } from '../ui.js';
import { lazyChart } from '../charts.js';
import { savedProfile } from '../profile.js';
import { impossiblePairs, implausibleGlucose, parseNumber } from '../numbers.js';

const KEY = 'readings';
const OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600 * 1000;
const CONTEXTS = ['fasting', 'postprandial', 'random'];

// Targets drawn on the charts (lines and a band; the alerts themselves come from the library):
// - Home blood pressure 135/85 mmHg: 中国高血压防治指南（2018年修订版）, 血压测量 — 家庭血压
//   ≥135/85 mmHg corresponds to office ≥140/90 mmHg (the home-measurement threshold of
//   hypertension and the target of home monitoring).
// - Fasting glucose 4.4–7.0 mmol/L and non-fasting < 10.0 mmol/L: 中国2型糖尿病防治指南（2020年版）,
//   表 综合控制目标 — 毛细血管血糖 空腹 4.4–7.0、非空腹 <10.0 mmol/L.
const HOME_BP_TARGET = { sbp: 135, dbp: 85 };
const FASTING_GLUCOSE_TARGET = { low: 4.4, high: 7.0 };
const NON_FASTING_GLUCOSE_TARGET = 10.0;

let kind = 'bp';
let glucoseUnit = 'mmol/L';
let readings = load(KEY, []);
let seq = load('readingSeq', readings.length);

/** A reading as the library takes it (the app's own notes, such as the unit typed, left out). */
function forLibrary(r) {
  const out = { id: r.id, at: r.at, kind: r.kind };
  for (const k of ['sbp', 'dbp', 'value', 'context']) if (r[k] !== undefined) out[k] = r[k];
  // Stored glucose is in mmol/L (mg/dL entries are converted): say so, or the library refuses a
  // value above 33.3 as probably mg/dL before the app's own meter-range check can speak.
  if (r.kind === 'glucose') out.unit = 'mmol/L';
  return out;
}

function evaluate(list, profile) {
  return call('evaluateReadings', list.map(forLibrary), profile, { asOf: today, locale: getLocale(), utcOffset: OFFSET });
}

function fmt(v) {
  return String(Math.round(v * 10) / 10);
}

function numberBox(id, name, field, label, mode, unit) {
  return `<div class="field-wrap"><div class="field"><label for="${id}">${esc(label)}${unit ? ` <span class="unit">${esc(unit)}</span>` : ''}</label>
      <input type="text" inputmode="${mode}" id="${id}" name="${name}" data-field="${field}" autocomplete="off" spellcheck="false"></div></div>`;
}

function formHtml() {
  const at = `${today}T${nowTime()}`;
  const bp = kind === 'bp';
  return `<form id="reading-form" class="card" novalidate>
    <div class="tabs" role="tablist">
      <button type="button" role="tab" data-kind="bp" aria-selected="${bp}">${esc(t('readings.kind.bp'))}</button>
      <button type="button" role="tab" data-kind="glucose" aria-selected="${!bp}">${esc(t('readings.kind.glucose'))}</button>
    </div>
    ${bp ? `${numberBox('r-sbp', 'sbp', 'reading.sbp', t('readings.sbp'), 'numeric', 'mmHg')}
      ${numberBox('r-dbp', 'dbp', 'reading.dbp', t('readings.dbp'), 'numeric', 'mmHg')}` : `
      ${numberBox('r-value', 'value', 'reading.value', t('readings.valueLabel'), 'decimal')}
      <div class="field-wrap"><div class="field" role="radiogroup" aria-label="${esc(t('readings.unit'))}">
        <span class="label">${esc(t('readings.unit'))}</span><span class="seg">${['mmol/L', 'mg/dL'].map((u) => `<label>
          <input type="radio" name="unit" value="${u}" ${u === glucoseUnit ? 'checked' : ''}><span>${u}</span></label>`).join('')}</span></div></div>
      <div class="field-wrap"><div class="field"><label for="r-context">${esc(t('readings.context'))}</label>
        <select id="r-context" name="context" data-field="reading.context">
          ${CONTEXTS.map((c) => `<option value="${c}">${esc(t(`readings.context.${c}`))}</option>`).join('')}
        </select></div></div>`}
    <div class="field-wrap"><div class="field stack"><label for="r-at">${esc(t('readings.at'))}</label>
      <input type="datetime-local" id="r-at" name="at" data-field="reading.at" value="${at}" max="${at}"></div></div>
    <button type="submit" class="btn" id="add-reading">${esc(t('readings.add'))}</button>
  </form>`;
}

/** `{ reading, errors }` from the form; the reading is only to be used when there are no errors. */
function readForm(form) {
  const errors = [];
  const num = (name, label, bpBox) => {
    const el = form.querySelector(`[name="${name}"]`);
    const n = parseNumber(el.value);
    if (n.problem) {
      const key = n.problem === 'two-numbers' && bpBox ? 'bp-in-one-box' : n.problem;
      errors.push({ field: `reading.${name}`, code: 'INVALID_INPUT', message: t(`input.${key}`, { raw: n.raw, label }) });
    }
    return n.value;
  };
  const atRaw = form.querySelector('[name="at"]').value;
  seq += 1;
  const r = { id: `r${seq}`, kind };
  if (!atRaw) {
    errors.push({ field: 'reading.at', code: 'MISSING_INPUT', message: t('readings.atMissing') });
  } else {
    r.at = `${atRaw.length === 16 ? `${atRaw}:00` : atRaw}${OFFSET}`;
    if (inFuture(r.at)) errors.push({ field: 'reading.at', code: 'OUT_OF_RANGE', message: t('readings.future') });
  }
  if (kind === 'bp') {
    r.sbp = num('sbp', t('readings.sbp'), true);
    r.dbp = num('dbp', t('readings.dbp'), true);
  } else {
    const v = num('value', t('readings.kind.glucose'), false);
    glucoseUnit = form.querySelector('[name="unit"]:checked').value;
    if (v !== undefined && glucoseUnit === 'mg/dL') {
      r.entered = { value: v, unit: 'mg/dL' };
      r.value = call('convertGlucose', v, 'mg/dL', 'mmol/L');
    } else {
      r.value = v;
    }
    r.context = form.querySelector('[name="context"]').value;
  }
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  return { reading: r, errors };
}

/** After today, or (on a real clock) more than 5 minutes after now. */
function inFuture(at) {
  if (at.slice(0, 10) > today) return true;
  return !pinned && Date.parse(at) > Date.now() + 5 * 60 * 1000;
}

/** Checks the library does not make yet, after it has accepted the reading. */
function readingProblems(r) {
  if (r.kind === 'bp') {
    return impossiblePairs(r).map((p) => ({ field: `reading.${p.field}`, code: 'INVALID_INPUT', message: t(`pair.${p.check}`, p) }));
  }
  if (r.kind === 'glucose' && typeof r.value === 'number' && implausibleGlucose(r.value)) {
    return [{ field: 'reading.value', code: 'OUT_OF_RANGE', message: t('input.glucose-implausible', { value: fmt(r.value) }) }];
  }
  return [];
}

function valueText(r) {
  if (r.kind === 'bp') return `${r.sbp}/${r.dbp} mmHg`;
  if (r.kind === 'glucose') {
    const entered = r.entered ? `（${r.entered.value} mg/dL）` : '';
    return `${fmt(r.value)} mmol/L${entered} · ${t(`readings.context.${r.context || 'random'}`)}`;
  }
  return `${r.value ?? ''}`;
}

function historyHtml() {
  if (!readings.length) return `<p class="muted">${esc(t('readings.empty'))}</p>`;
  const list = [...readings].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const out = [];
  let day = '';
  for (const r of list) {
    const { date, time } = splitInstant(r.at);
    if (date !== day) {
      day = date;
      out.push(`<li class="day-head">${esc(dateText(date, getLocale(), { weekdayToo: true }))}</li>`);
    }
    out.push(`<li class="reading-row" data-id="${esc(r.id)}" data-kind="${esc(r.kind)}">
      <span><span class="what">${esc(valueText(r))}</span><br><span class="muted">${esc(time)}</span></span>
      <button type="button" class="btn btn-secondary btn-inline" data-delete="${esc(r.id)}"
        aria-label="${esc(t('readings.deleteOne', { what: valueText(r), when: `${dateText(date, getLocale())} ${time}` }))}">${esc(t('readings.delete'))}</button></li>`);
  }
  return `<p class="muted" id="history-count">${esc(t('readings.count', { n: readings.length }))}</p>
    <ul class="plain" id="history">${out.join('')}</ul>`;
}

/** Milliseconds of an instant, and its +08:00 wall clock as a label ('11/24' or '11月24日'). */
const ms = (at) => Date.parse(at);
function axisDate(value) {
  const local = new Date(value + OFFSET_MS).toISOString().slice(0, 10);
  return dateText(local, getLocale());
}
function tooltipTime(value) {
  const local = new Date(value + OFFSET_MS).toISOString();
  return `${dateText(local.slice(0, 10), getLocale())} ${local.slice(11, 16)}`;
}

function chartBase(font) {
  return {
    animation: false,
    textStyle: { fontSize: font },
    grid: { left: 8, right: 16, top: font * 3.2, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: font, color: '#1a1a1a' }, itemGap: 12 },
    tooltip: { trigger: 'item', textStyle: { fontSize: font }, valueFormatter: (v) => fmt(v) },
    xAxis: {
      type: 'time', splitNumber: 3,
      axisLabel: { fontSize: font, color: '#333', hideOverlap: true, formatter: (v) => axisDate(v) },
      axisPointer: { label: { formatter: ({ value }) => tooltipTime(value) } },
    },
  };
}

function line(name, data, color, extra = {}) {
  return { name, type: 'line', data, symbolSize: 10, lineStyle: { width: 3 }, itemStyle: { color }, ...extra };
}

function targetLine(value, label, font) {
  return { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#333', width: 2 },
    label: { formatter: label, fontSize: font, color: '#1a1a1a', position: 'insideStartTop', backgroundColor: 'rgba(255,255,255,0.9)', padding: [1, 4] },
    data: [{ yAxis: value }] };
}

/** A y axis in steps of `step` that shows the data and the targets `low`…`high` with a margin. */
function yAxisAround(font, low, high, step) {
  return {
    type: 'value', interval: step, axisLabel: { fontSize: font, color: '#333' },
    min: (v) => Math.max(0, Math.floor((Math.min(v.min, low) - step / 4) / step) * step),
    max: (v) => Math.ceil((Math.max(v.max, high) + step / 4) / step) * step,
  };
}

function bpOption() {
  const font = document.body.classList.contains('elder') ? 18 : 14;
  const bp = readings.filter((r) => r.kind === 'bp').sort((a, b) => ms(a.at) - ms(b.at));
  return {
    ...chartBase(font),
    yAxis: yAxisAround(font, HOME_BP_TARGET.dbp, HOME_BP_TARGET.sbp, 20),
    series: [
      line(t('readings.sbp'), bp.map((r) => [ms(r.at), r.sbp]), '#b3261e', {
        markLine: targetLine(HOME_BP_TARGET.sbp, t('readings.target', { v: HOME_BP_TARGET.sbp }), font) }),
      line(t('readings.dbp'), bp.map((r) => [ms(r.at), r.dbp]), '#1f5fa8', {
        markLine: targetLine(HOME_BP_TARGET.dbp, t('readings.target', { v: HOME_BP_TARGET.dbp }), font) }),
    ],
  };
}

function glucoseOption() {
  const font = document.body.classList.contains('elder') ? 18 : 14;
  const of = (c) => readings.filter((r) => r.kind === 'glucose' && (r.context || 'random') === c)
    .sort((a, b) => ms(a.at) - ms(b.at)).map((r) => [ms(r.at), Math.round(r.value * 10) / 10]);
  const series = [
    line(t('readings.context.fasting'), of('fasting'), '#8a5a00', {
      markArea: { silent: true, itemStyle: { color: 'rgba(26,122,62,0.12)' },
        label: { show: true, formatter: t('readings.fastingBand'), fontSize: font, color: '#0b5c2e', position: 'insideBottomRight' },
        data: [[{ yAxis: FASTING_GLUCOSE_TARGET.low }, { yAxis: FASTING_GLUCOSE_TARGET.high }]] } }),
    line(t('readings.context.postprandial'), of('postprandial'), '#6a3fb0', {
      markLine: targetLine(NON_FASTING_GLUCOSE_TARGET, t('readings.nonFastingLine', { v: NON_FASTING_GLUCOSE_TARGET }), font) }),
    { name: t('readings.context.random'), type: 'scatter', data: of('random'), symbolSize: 12, itemStyle: { color: '#444' } },
  ].filter((s) => s.data.length || s.markArea || s.markLine);
  return { ...chartBase(font), yAxis: yAxisAround(font, FASTING_GLUCOSE_TARGET.low, NON_FASTING_GLUCOSE_TARGET, 2), series };
}

function chartCard(id, title, note) {
  return `<div class="card"><h3>${esc(title)}</h3><p class="small">${esc(note)}</p>
    <div class="trend" id="${id}" role="img" aria-label="${esc(title)}"></div></div>`;
}

let lastDeleted = null;

export function render(root) {
  const profile = savedProfile();
  const hasBp = readings.some((r) => r.kind === 'bp');
  const hasGlucose = readings.some((r) => r.kind === 'glucose');
  root.innerHTML = `<h2>${esc(t('readings.title'))}</h2><p class="intro">${esc(t('readings.intro'))}</p>
    ${profile ? `${formHtml()}<div id="readings-alerts"></div>
    ${hasBp ? chartCard('bp-trend', t('readings.bpTrend'), t('readings.bpTrendNote')) : ''}
    ${hasGlucose ? chartCard('glucose-trend', t('readings.glucoseTrend'), t('readings.glucoseTrendNote')) : ''}
    <div class="card"><h3>${esc(t('readings.history'))}</h3>${historyHtml()}</div>` : needProfileHtml()}`;
  if (!profile) return;
  const form = root.querySelector('#reading-form');
  const alertsBox = root.querySelector('#readings-alerts');

  if (readings.length) {
    try {
      const { alerts } = evaluate(readings, profile);
      alertsBox.innerHTML = `<div class="card" id="alerts"><h3>${esc(t('readings.alerts'))}</h3>
        ${alerts.length ? alerts.map(cardHtml).join('') : `<p class="muted">${esc(t('readings.noAlerts'))}</p>`}</div>`;
    } catch (e) {
      alertsBox.innerHTML = errorBoxHtml(e);
    }
  }

  for (const b of form.querySelectorAll('[data-kind]')) {
    b.addEventListener('click', () => { kind = b.dataset.kind; render(root); });
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const { reading, errors } = readForm(form);
    if (errors.length) {
      showErrors(form, errors);
      return;
    }
    const next = [...readings, reading];
    const index = next.length - 1;
    try {
      evaluate(next, profile); // validates the new reading (the library names the field)
    } catch (e) {
      // `readings[N].sbp` of the new reading → the input `reading.sbp`.
      showErrors(form, [e], { mapField: (f) => f.replace(new RegExp(`^readings\\[${index}\\]`), 'reading') });
      return;
    }
    const problems = readingProblems(reading);
    if (problems.length) {
      showErrors(form, problems);
      return;
    }
    readings = next;
    save(KEY, readings);
    save('readingSeq', seq);
    render(root);
    toast(t('readings.added'));
  });
  root.querySelector('#history')?.addEventListener('click', (ev) => {
    const id = ev.target.closest('[data-delete]')?.dataset.delete;
    if (!id) return;
    const index = readings.findIndex((r) => r.id === id);
    if (index < 0) return;
    lastDeleted = { reading: readings[index], index };
    readings = readings.filter((r) => r.id !== id);
    save(KEY, readings);
    render(root);
    toast(t('readings.deleted', { what: valueText(lastDeleted.reading) }), {
      action: {
        label: t('readings.undo'),
        run: () => {
          if (!lastDeleted) return;
          readings.splice(lastDeleted.index, 0, lastDeleted.reading);
          lastDeleted = null;
          save(KEY, readings);
          render(root);
        },
      },
    });
  });
  if (hasBp) lazyChart(root.querySelector('#bp-trend'), bpOption);
  if (hasGlucose) lazyChart(root.querySelector('#glucose-trend'), glucoseOption);
}
