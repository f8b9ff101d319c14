// Apache ECharts, an addition to screens whose numbers are already text: fetched only when a
// chart scrolls into view (1 MB, ~300 KB compressed; never on the path to the first result), and
// when it cannot be fetched the chart's place says so and the page goes on working.
import { t } from './i18n.js';
import { esc } from './ui.js';

let echartsPromise = null;
const charts = new Map();

/** The module's URL: the page names it (with its version) in <meta name="hs-echarts">. */
function echartsUrl() {
  return document.querySelector('meta[name="hs-echarts"]')?.content || '/vendor/echarts/echarts.esm.min.mjs';
}

function load() {
  echartsPromise ||= import(echartsUrl()).catch((e) => {
    echartsPromise = null;
    throw e;
  });
  return echartsPromise;
}

async function draw(el, makeOption) {
  let echarts;
  try {
    echarts = await load();
  } catch {
    if (el.isConnected) {
      el.classList.add('chart-failed');
      el.dataset.chart = 'failed';
      el.innerHTML = `<p class="muted chart-fallback">${esc(t('chart.failed'))}</p>`;
    }
    return null;
  }
  if (!el.isConnected) return null;
  let inst = charts.get(el);
  if (!inst || inst.isDisposed()) {
    inst = echarts.init(el, null, { renderer: 'svg' });
    charts.set(el, inst);
  }
  inst.setOption(makeOption(), true);
  el.dataset.chart = 'ready';
  return inst;
}

/** Draws `makeOption()` into `el` once `el` comes near the screen. */
export function lazyChart(el, makeOption) {
  if (!el) return;
  el.dataset.chart = 'waiting';
  if (typeof IntersectionObserver !== 'function') {
    draw(el, makeOption);
    return;
  }
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    draw(el, makeOption);
  }, { rootMargin: '200px 0px' });
  io.observe(el);
}

/** Disposes the charts whose elements left the page. */
export function sweep() {
  for (const [el, inst] of charts) {
    if (!el.isConnected) {
      inst.dispose();
      charts.delete(el);
    }
  }
}

window.addEventListener('resize', () => {
  for (const inst of charts.values()) inst.resize();
});
