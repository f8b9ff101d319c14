// Computes a China-PAR result with the bundled package and shows it (the test reads
// `window.__result`).
export const PROFILE = {
  sex: 'male', age: 60, sbp: 130, totalCholesterol: 5.44, hdlCholesterol: 1.42, waistCm: 80,
  region: 'north', residence: 'urban', smoker: false, diabetes: true,
};

export function show(hs) {
  const r = hs.assessModel('china-par', PROFILE, { locale: 'zh-CN' });
  window.__result = { version: hs.version(), id: r.id, value: r.value, category: r.category, label: r.label };
  document.getElementById('out').textContent = `${r.name}: ${r.value}% (${r.label})`;
}

export function fail(e) {
  window.__result = { error: String(e && e.stack ? e.stack : e) };
}
