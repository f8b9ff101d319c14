// Configuration from the environment, with the defaults of `make serve`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const num = (v, d) => (v === undefined || v === '' ? d : Number(v));

export function loadConfig(env = process.env) {
  const port = num(env.PORT, 8787);
  const host = env.HOST ?? '0.0.0.0';
  const publicUrl = env.HS_PUBLIC_URL ?? `http://localhost:${port}`;
  return {
    port,
    host,
    publicUrl,
    joinUrl: env.HS_JOIN_URL ?? `${publicUrl}/console/join`,
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.HS_DATA_DIR ?? path.join(SERVICE_DIR, '..', 'data')),
    consoleDir: path.resolve(env.HS_CONSOLE_DIR ?? path.join(SERVICE_DIR, 'console')),
    adminUser: env.HS_ADMIN_USER || null,
    adminPassword: env.HS_ADMIN_PASSWORD || null,
    corsOrigins: (env.HS_CORS_ORIGINS ?? 'http://localhost:8080,http://127.0.0.1:8080')
      .split(',').map((s) => s.trim()).filter(Boolean),
    organiserTokenTtlMs: num(env.HS_ORGANISER_TOKEN_TTL_S, 12 * 3600) * 1000,
    memberTokenTtlMs: num(env.HS_MEMBER_TOKEN_TTL_S, 180 * 86400) * 1000,
    renewGraceMs: num(env.HS_RENEW_GRACE_S, 3600) * 1000, // a renewed token's remaining life
    tokenCacheMs: num(env.HS_TOKEN_CACHE_S, 30) * 1000, // verified tokens kept in memory
    inviteTtlMs: num(env.HS_INVITE_TTL_DAYS, 30) * 86400_000,
    rateLimit: num(env.HS_RATE_LIMIT, 600), // requests per minute per token (or per address)
    loginRateLimit: num(env.HS_LOGIN_RATE_LIMIT, 10), // log-in attempts per minute per address
    // Events dated more than this ahead of the service clock are refused (unset: no limit).
    futureToleranceMs: num(env.HS_FUTURE_TOLERANCE_S, Infinity) * 1000,
    advanceEveryMs: num(env.HS_ADVANCE_EVERY_S, 900) * 1000, // scheduled advanceTo(now)
    // Events between stored snapshots; 0 (the default) stores none: with this engine, replaying the
    // command log is faster than PointsEngine.fromState (service/README.md, "Measured").
    snapshotEvery: num(env.HS_SNAPSHOT_EVERY, 0),
    maxEngines: num(env.HS_MAX_ENGINES, Infinity), // programmes' engines kept in memory (LRU)
    preload: env.HS_PRELOAD !== '0', // rebuild every programme at start (else on first use)
    rebuildFrom: env.HS_REBUILD_FROM === 'log' ? 'log' : 'snapshot', // 'log' ignores snapshots (measuring)
    logLevel: env.HS_LOG_LEVEL ?? 'info',
  };
}
