// Apache ECharts, loaded on first use (1 MB: not on the critical path of the first screen).
let echartsPromise = null;
const charts = new Map();

function load() {
  echartsPromise ||= import('/vendor/echarts/echarts.esm.min.mjs');
  return echartsPromise;
}

/** Renders `option` into `el` (re-using its chart instance). Returns the instance. */
export async function chart(el, option) {
  const echarts = await load();
  if (!el.isConnected) return null;
  let inst = charts.get(el);
  if (!inst || inst.isDisposed()) {
    inst = echarts.init(el, null, { renderer: 'svg' });
    charts.set(el, inst);
  }
  inst.setOption(option, true);
  return inst;
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
