// Screen 2 — My plan: generateCarePlan() from the saved profile (and its risk report): segments,
// goals, a dated timeline, cards and service packages; "add to calendar" downloads carePlanToIcs().
// Dates carry the year whenever it is not this year's; activities due on the same day are one
// visit with several items (not five separate "today"s).
import { call } from '../lib.js';
import { getLocale, t } from '../i18n.js';
import { load, save } from '../store.js';
import { dateText, monthTitle, relativeDay, today } from '../dates.js';
import { cardHtml, errorBoxHtml, esc, needProfileHtml, toast } from '../ui.js';
import { savedProfile } from '../profile.js';
import { assessProfile } from './risk.js';

let wanted = !!load('planWanted', false);
let plan = null;

function generate(profile) {
  let report;
  try {
    report = assessProfile(profile);
  } catch {
    report = undefined; // the plan can still be made from the profile alone
  }
  const options = { startDate: today, horizonMonths: 12, locale: getLocale() };
  if (report) options.report = report;
  return call('generateCarePlan', profile, options);
}

function dayHtml(date) {
  const rel = relativeDay(date, getLocale());
  return `${esc(dateText(date, getLocale(), { weekdayToo: true }))}${rel ? ` <span class="rel">${esc(t('plan.relative', { rel }))}</span>` : ''}`;
}

function activityHtml(a) {
  return `<li class="activity" data-kind="${esc(a.kind)}" data-due="${esc(a.due)}">
    <div><span class="tag">${esc(t(`kind.${a.kind}`))}</span> <span class="title">${esc(a.title)}</span></div>
    ${a.reason ? `<div class="small">${esc(a.reason)}</div>` : ''}
    ${a.window ? `<div class="muted">${esc(t('plan.window', { start: dateText(a.window.start, getLocale()), end: dateText(a.window.end, getLocale()) }))}</div>` : ''}
    ${a.source && a.source.label ? `<div class="source">${esc(t('risk.source'))}：${esc(a.source.label)}${a.source.clause ? ` ${esc(a.source.clause)}` : ''}</div>` : ''}
  </li>`;
}

/** One entry per date (a visit), under month headings that carry the year. */
function timelineHtml(activities) {
  if (!activities.length) return `<p class="muted">${esc(t('plan.noActivities'))}</p>`;
  const days = new Map();
  for (const a of activities) {
    if (!days.has(a.due)) days.set(a.due, []);
    days.get(a.due).push(a);
  }
  let month = '';
  const out = [];
  for (const [date, items] of days) {
    if (date.slice(0, 7) !== month) {
      month = date.slice(0, 7);
      out.push(`<li class="month">${esc(monthTitle(date, getLocale()))}</li>`);
    }
    out.push(`<li class="visit" data-date="${esc(date)}">
      <div class="when">${dayHtml(date)}</div>
      ${items.length > 1 ? `<p class="small together">${esc(t('plan.together', { n: items.length }))}</p>` : ''}
      <ul class="plain items">${items.map(activityHtml).join('')}</ul>
    </li>`);
  }
  return `<ol class="timeline" id="timeline">${out.join('')}</ol>`;
}

/** The plan's first and last day; both with the year when they are in different years. */
function periodDates(p) {
  const withYear = p.startDate.slice(0, 4) !== p.endDate.slice(0, 4);
  return { start: dateText(p.startDate, getLocale(), { withYear }), end: dateText(p.endDate, getLocale(), { withYear }) };
}

function planHtml(p) {
  return `<section id="plan-result">
    <div class="card"><b id="plan-period">${esc(t('plan.period', periodDates(p)))}</b>
      ${p.rulesVersion ? `<div class="source">${esc(t('plan.rulesVersion', { v: p.rulesVersion }))}</div>` : ''}
      <div class="btn-row"><button type="button" class="btn" id="ics">${esc(t('plan.ics'))}</button></div></div>
    ${p.segments.length ? `<div class="card"><h3>${esc(t('plan.segments'))}</h3><div class="chips">${p.segments.map((s) => `
      <div class="segment" data-segment="${esc(s.id)}"><b>${esc(s.label)}</b>${s.reason ? `<span class="small">${esc(s.reason)}</span>` : ''}</div>`).join('')}</div></div>` : ''}
    ${p.cards.length ? `<div class="card"><h3>${esc(t('plan.cards'))}</h3>${p.cards.map(cardHtml).join('')}</div>` : ''}
    ${p.goals.length ? `<div class="card"><h3>${esc(t('plan.goals'))}</h3><ul class="plain">${p.goals.map((g) => `
      <li class="goal" data-goal="${esc(g.id)}"><span>${esc(g.label)}</span>${g.due ? `<span class="muted due">${esc(t('plan.due', { date: dateText(g.due, getLocale()) }))}</span>` : ''}</li>`).join('')}</ul></div>` : ''}
    <div class="card"><h3>${esc(t('plan.timeline'))}</h3>${timelineHtml(p.activities)}</div>
    ${p.packages.length ? `<details class="card"><summary>${esc(t('plan.packages'))}</summary>${p.packages.map((k) => `
      <h4>${esc(k.label)}</h4><ul class="plain">${k.services.map((s) => `<li>${esc(s.label)}</li>`).join('')}</ul>`).join('')}</details>` : ''}
  </section>`;
}

function downloadIcs(root) {
  const out = root.querySelector('#plan-error');
  try {
    const ics = call('carePlanToIcs', plan, { calendarName: t('plan.calendarName') });
    const url = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `health-plan-${plan.startDate}.ics`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
    toast(t('plan.icsDone'));
  } catch (e) {
    out.innerHTML = errorBoxHtml(e);
  }
}

export function render(root) {
  const profile = savedProfile();
  root.innerHTML = `<h2>${esc(t('plan.title'))}</h2><p class="intro">${esc(t('plan.intro'))}</p>
    ${profile ? `<button type="button" class="btn" id="generate">${esc(t(wanted ? 'plan.regenerate' : 'plan.generate'))}</button>` : needProfileHtml()}
    <div id="plan-error" style="margin-top:12px"></div><div id="plan-output"></div>`;
  if (!profile) return;
  const show = () => {
    const out = root.querySelector('#plan-output');
    const err = root.querySelector('#plan-error');
    err.innerHTML = '';
    try {
      plan = generate(profile);
      out.innerHTML = planHtml(plan);
      out.querySelector('#ics').addEventListener('click', () => downloadIcs(root));
    } catch (e) {
      plan = null;
      out.innerHTML = '';
      err.innerHTML = errorBoxHtml(e);
    }
  };
  root.querySelector('#generate').addEventListener('click', () => {
    wanted = true;
    save('planWanted', true);
    root.querySelector('#generate').textContent = t('plan.regenerate');
    show();
    const first = root.querySelector('#plan-result, #plan-error .field-error');
    if (first) first.scrollIntoView({ block: 'start' });
  });
  if (wanted) show();
}
