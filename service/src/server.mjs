#!/usr/bin/env node
// Starts the challenge service: `node service/src/server.mjs` (or `make serve`).
//   PORT (8787), DATABASE_URL (postgres://…; the embedded database in ./data/ when unset),
//   HS_ADMIN_USER / HS_ADMIN_PASSWORD (create that organiser if missing); more in docs/service.md.
import { loadConfig } from './config.mjs';
import { openDatabase } from './db.mjs';
import { buildApp } from './app.mjs';
import { startScheduler } from './scheduler.mjs';

export async function start(config = loadConfig()) {
  const t0 = performance.now();
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const app = await buildApp({ db, config });
  const { auth, programmes } = app.hs;
  if (config.adminUser && config.adminPassword) {
    if (await auth.ensureOrganiser(config.adminUser, config.adminPassword)) app.log.info(`organiser ${config.adminUser} created`);
  }
  const t1 = performance.now();
  const count = config.preload ? await programmes.loadAll() : 0;
  const rebuildMs = performance.now() - t1;
  const startMs = performance.now() - t0;
  const stopScheduler = startScheduler({ db, programmes, everyMs: config.advanceEveryMs, log: app.log });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address();
  app.log.info(`health-steward service on http://localhost:${port} (${db.kind} database, ${count} programmes rebuilt in ${rebuildMs.toFixed(0)} ms, ready in ${startMs.toFixed(0)} ms)`);
  // One machine-readable line for tests and scripts that start the service on port 0.
  if (process.env.HS_READY_LINE) process.stdout.write(`HS_READY ${JSON.stringify({ port, db: db.kind, programmes: count, rebuildMs, startMs })}\n`);

  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    stopScheduler();
    await app.close();
    await db.close();
  };
  return { app, db, port, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await start().catch((err) => {
    console.error(`[service] could not start: ${err.message}`);
    process.exit(1);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => server.stop().then(() => process.exit(0), () => process.exit(1)));
}
