// Invites by family and building: one row per household, single-use codes from the service, and
// a printable sheet of QR codes (qrcode-generator from npm) with the links written out.
import { api } from './api.js';
import { day, t } from './i18n.js';
import { clearErrors, esc, showFieldError, toast } from './ui.js';

let qrModule = null;
const rows = [{ family: '', building: '', count: 2 }];
let last = [];

export async function renderInvites(root, ctx) {
  root.innerHTML = `
    <div class="card no-print">
      <h2>${esc(t('inv.title'))}</h2>
      <form id="inv-form" novalidate>
        <div id="inv-rows"></div>
        <div class="row">
          <button type="button" class="secondary" id="inv-add">${esc(t('inv.add'))}</button>
          <button type="submit" class="primary" id="inv-go">${esc(t('inv.go'))}</button>
        </div>
      </form>
    </div>
    <div class="card" id="inv-out" hidden>
      <div class="row no-print" style="justify-content:space-between">
        <p id="inv-made" class="ok-box" role="status"></p>
        <div class="row"><button type="button" class="secondary" id="inv-copy">${esc(t('inv.copy'))}</button>
          <button type="button" class="primary" id="inv-print">${esc(t('inv.print'))}</button></div>
      </div>
      <div class="sheet-head" id="sheet-head"></div>
      <div class="sheet" id="sheet"></div>
    </div>`;
  const list = root.querySelector('#inv-rows');
  const draw = () => {
    list.innerHTML = rows.map((r, i) => `<div class="inv-row" data-row="${i}">
      <label class="field"><span>${esc(t('inv.family'))}</span><input data-k="family" data-path="rows[${i}].family" value="${esc(r.family)}" maxlength="64"></label>
      <label class="field"><span>${esc(t('inv.building'))}</span><input data-k="building" data-path="rows[${i}].building" value="${esc(r.building)}" maxlength="64"></label>
      <label class="field"><span>${esc(t('inv.count'))}</span><input data-k="count" data-path="rows[${i}].count" value="${r.count}" inputmode="numeric"></label>
      <button type="button" class="ghost" data-remove="${i}" aria-label="${esc(t('inv.remove'))}" ${rows.length === 1 ? 'disabled' : ''}>✕</button>
    </div>`).join('');
    for (const input of list.querySelectorAll('input')) {
      input.addEventListener('input', () => { rows[Number(input.closest('[data-row]').dataset.row)][input.dataset.k] = input.value; });
    }
    for (const b of list.querySelectorAll('[data-remove]')) b.addEventListener('click', () => { rows.splice(Number(b.dataset.remove), 1); draw(); });
  };
  draw();
  root.querySelector('#inv-add').addEventListener('click', () => { rows.push({ family: '', building: rows.at(-1)?.building ?? '', count: 2 }); draw(); list.querySelector(`[data-row="${rows.length - 1}"] input`).focus(); });
  const form = root.querySelector('#inv-form');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const made = [];
    for (const [i, r] of rows.entries()) {
      const count = String(r.count).trim();
      if (!/^[1-9][0-9]*$/.test(count) || Number(count) > 500) {
        showFieldError(form, { field: `rows[${i}].count`, message: t('inv.needCount') }, () => t('inv.count'));
        return;
      }
    }
    try {
      for (const [i, r] of rows.entries()) {
        const body = { count: Number(r.count) };
        if (r.family.trim()) body.family = r.family.trim();
        if (r.building.trim()) body.building = r.building.trim();
        let res;
        try {
          res = await api.post(`/v1/programs/${encodeURIComponent(ctx.pid)}/invites`, body);
        } catch (ex) {
          showFieldError(form, { ...ex, field: ex.field ? `rows[${i}].${ex.field}` : undefined }, (p) => t(`inv.${p.split('.').pop()}`));
          return;
        }
        for (const inv of res.invites) made.push({ ...inv, family: body.family ?? '', building: body.building ?? '' });
      }
    } finally {
      if (made.length) await showSheet(root, ctx, made);
    }
  });
  if (last.length && last[0].pid === ctx.pid) await showSheet(root, ctx, last);
}

async function showSheet(root, ctx, invites) {
  last = invites.map((i) => ({ ...i, pid: ctx.pid }));
  qrModule ||= await import('/console/vendor/qrcode/qrcode.mjs');
  const qrcode = qrModule.default ?? qrModule.qrcode;
  const svgOf = (url, code) => {
    const qr = qrcode(0, 'M');
    qr.addData(url);
    qr.make();
    // A quiet zone of four modules, as the standard asks; a unique id for each description.
    return qr.createSvgTag({ cellSize: 4, margin: 16, scalable: true, alt: { text: `${t('inv.code')} ${code}`, id: `qr-${code}` } });
  };
  const out = root.querySelector('#inv-out');
  out.hidden = false;
  root.querySelector('#inv-made').textContent = t('inv.made', { n: invites.length });
  root.querySelector('#sheet-head').textContent = t('inv.sheetTitle', { name: ctx.name });
  root.querySelector('#sheet').innerHTML = invites.map((inv) => `<div class="qr-card" data-url="${esc(inv.url)}" data-code="${esc(inv.code)}">
    <div class="who">${esc([inv.family, inv.building].filter(Boolean).join(' · ') || ctx.name)}</div>
    ${svgOf(inv.url, inv.code)}
    <div class="small">${esc(t('inv.scan', { date: day(inv.expiresAt?.slice(0, 10)) }))}</div>
    <div class="code">${esc(t('inv.code'))} ${esc(inv.code)}</div>
    <div class="link">${esc(inv.url)}</div>
  </div>`).join('');
  root.querySelector('#inv-print').onclick = () => window.print();
  root.querySelector('#inv-copy').onclick = async () => {
    const textOut = invites.map((i) => `${[i.family, i.building].filter(Boolean).join(' ')}\t${i.url}`).join('\n');
    try { await navigator.clipboard.writeText(textOut); toast(t('inv.copied', { n: invites.length })); } catch { toast(textOut.slice(0, 200)); }
  };
}
