#!/usr/bin/env node
// `make demo`: the seeded demo community on the challenge service (embedded database in
// data/demo/), the resident web app, and the organiser console; prints every URL and the demo
// organiser's log-in. Ctrl-C stops both servers.
//
//   node service/scripts/demo.mjs [--port 8080] [--service-port 8787] [--data data/demo] [--reset]
// Port 0 picks free ports (the URLs printed are the real ones).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `port`, or a free one when it is 0. */
const portOr = (port) => (port !== 0 ? port : new Promise((resolve, reject) => {
  const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => { const p = probe.address().port; probe.close(() => resolve(p)); });
}));
const appPort = await portOr(Number(opt('--port', process.env.PORT || 8080)));
const servicePort = await portOr(Number(opt('--service-port', process.env.SERVICE_PORT || 8787)));
const host = 'localhost';
const dataDir = path.resolve(opt('--data', path.join(ROOT, 'data', 'demo')));
const serviceUrl = `http://${host}:${servicePort}`;
const appUrl = `http://${host}:${appPort}/`;
const joinUrl = `${appUrl}?service=${encodeURIComponent(serviceUrl)}`;

// 1. The demo community (once; again when it is a week old or with --reset).
const seed = spawnSync(process.execPath, [path.join(ROOT, 'service/scripts/seed-demo.mjs'), '--data', dataDir, '--join-url', joinUrl, ...(args.includes('--reset') ? ['--force'] : [])], { stdio: 'inherit' });
if (seed.status !== 0) process.exit(seed.status ?? 1);
const info = JSON.parse(readFileSync(path.join(dataDir, 'demo.json'), 'utf8'));

// 2. The service on :8787 with the embedded database.
Object.assign(process.env, {
  PORT: String(servicePort), HS_DATA_DIR: dataDir, HS_JOIN_URL: joinUrl, HS_PUBLIC_URL: serviceUrl,
  HS_CORS_ORIGINS: process.env.HS_CORS_ORIGINS ?? `http://localhost:${appPort},http://127.0.0.1:${appPort}`,
  HS_LOG_LEVEL: process.env.HS_LOG_LEVEL ?? 'warn', DATABASE_URL: '',
});
const { start } = await import('../src/server.mjs');
const service = await start();

// Fresh one-time invite links for whoever tries the demo (a new family of building 6), through the API.
const post = async (url, body, token) => (await fetch(`http://127.0.0.1:${service.port}${url}`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body),
})).json();
const { token } = await post('/v1/auth/login', { user: info.organiser.user, password: info.organiser.password });
const family = `访客家（6-${String(100 + Math.floor(Math.random() * 900))}）`;
const { invites } = await post(`/v1/programs/${info.programId}/invites`, { count: 2, family, building: '6号楼' }, token);
info.joinLinks = invites.map((i) => i.url);

// 3. The resident web app on :8080.
const { startServer } = await import('../../scripts/serve.mjs');
const web = await startServer({ port: appPort, host: '0.0.0.0' });

const line = '─'.repeat(72);
console.log(`
${line}
 health-steward demo — 演示数据 (generated demo community, not real people)
${line}
 居民端 Resident app (standalone)   ${appUrl}
 加入演示社区 Join the demo community as a resident (one-time links, family ${family}):
   ${info.joinLinks.slice(0, 2).join('\n   ')}
 组织者控制台 Organiser console     ${serviceUrl}/console/
   user: ${info.organiser.user}   password: ${info.organiser.password}   programme: ${info.programId}
 挑战服务 Challenge service         ${serviceUrl}   (API: ${serviceUrl}/openapi.json)
 ${info.residents} residents, ${info.events} events, embedded database in ${path.relative(ROOT, dataDir) || dataDir}/ (make demo-reset regenerates it)
${line}
 Ctrl-C stops the demo.`);

const stop = async () => {
  web.close();
  await service.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
