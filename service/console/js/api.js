// The console talks to the service only through its HTTP API (same origin: the service serves
// this page). The organiser's token is kept for the browser session only.
const KEY = 'hs-console-token';

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'HTTP_ERROR';
    this.field = error?.field;
  }
}

let token = sessionStorage.getItem(KEY);
let locale = 'zh-CN';
let onUnauthorised = () => {};

export const api = {
  setLocale(l) { locale = l; },
  signedIn: () => Boolean(token),
  onUnauthorised(fn) { onUnauthorised = fn; },
  signOut() { token = null; sessionStorage.removeItem(KEY); },

  async login(user, password) {
    const { token: t } = await request('POST', '/v1/auth/login', { user, password }, { auth: false });
    token = t;
    sessionStorage.setItem(KEY, t);
  },
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body ?? {}),
  put: (path, body) => request('PUT', path, body ?? {}),

  /** A file answer (CSV) as a Blob, with the bearer token. */
  async download(path) {
    const res = await fetch(path, { headers: headers(false) });
    if (!res.ok) throw await errorOf(res);
    return res.blob();
  },
};

function headers(json, auth = true) {
  const h = { 'Accept-Language': locale === 'en' ? 'en' : 'zh-CN' };
  if (auth && token) h.Authorization = `Bearer ${token}`;
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

async function errorOf(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const e = new ApiError(res.status, body?.error);
  if (res.status === 401 && token) { api.signOut(); onUnauthorised(e); }
  return e;
}

async function request(method, path, body, { auth = true } = {}) {
  let res;
  try {
    res = await fetch(path, { method, headers: headers(body !== undefined, auth), body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { code: 'OFFLINE', message: locale === 'en' ? 'The service cannot be reached.' : '无法连接服务，请检查网络。' });
  }
  if (!res.ok) throw await errorOf(res);
  return res.status === 204 ? null : res.json();
}
