// The Fastify application: plugins, shared schemas, error handling and the routes.
import Fastify from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { Auth, bearerOf } from './auth.mjs';
import { errorBody, errorHandler, ServiceError } from './errors.mjs';
import { Programmes } from './programmes.mjs';
import { BODY_LIMIT, shared } from './schemas.mjs';
import { parseToken } from './security.mjs';
import { libraryVersion } from './engine.mjs';
import authRoutes from './routes/auth.mjs';
import programRoutes from './routes/programs.mjs';
import eventRoutes from './routes/events.mjs';
import organiserRoutes from './routes/organiser.mjs';
import deskRoutes from './routes/desk.mjs';

/** Builds the app on an open database; `listen` is the caller's. */
export async function buildApp({ db, config, logger = true }) {
  const app = Fastify({
    logger: logger && { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: Boolean(process.env.HS_TRUST_PROXY),
    // Validation never coerces types or drops fields: what the engine gets is what was sent.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });

  const programmes = new Programmes(db, { snapshotEvery: config.snapshotEvery, rebuildFrom: config.rebuildFrom, maxEngines: config.maxEngines, log: app.log });
  const auth = new Auth(db, config);
  const ctx = { db, config, programmes, auth };
  app.decorate('hs', ctx);

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody(request, 'NOT_FOUND')));

  await app.register(cors, {
    origin: config.corsOrigins, // only the configured origins get CORS headers
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept-Language'],
    maxAge: 600,
  });

  await app.register(rateLimit, {
    max: config.rateLimit,
    timeWindow: '1 minute',
    // Per token (its public selector), else per address.
    keyGenerator: (request) => parseToken(bearerOf(request))?.selector ?? `ip:${request.ip}`,
    errorResponseBuilder: () => new ServiceError(429, 'RATE_LIMITED'),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'health-steward challenge service',
        version: libraryVersion,
        description: 'The authoritative points log of a community: programmes, invites, members, event batches with '
          + 'per-event results and changed outcomes, leaderboards, desk fulfilment, exports. Errors are '
          + '`{ error: { code, message, field? } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json) => json.$id },
  });
  for (const s of shared) app.addSchema(s);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/v1/health', {
    schema: {
      summary: 'Liveness and database kind',
      response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, db: { type: 'string', enum: ['embedded', 'postgres'] }, version: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    try {
      await db.query('SELECT 1');
      return { ok: true, db: db.kind, version: libraryVersion };
    } catch {
      return reply.code(503).send({ ok: false, db: db.kind, version: libraryVersion });
    }
  });

  await app.register(authRoutes, ctx);
  await app.register(programRoutes, ctx);
  await app.register(eventRoutes, ctx);
  await app.register(organiserRoutes, ctx);
  await app.register(deskRoutes, ctx);

  // The organiser console (written in its own folder); a placeholder page until then.
  if (existsSync(config.consoleDir)) {
    // Its browser libraries come from its own node_modules (service/console/package.json), served
    // at /console/vendor/; nothing else of node_modules is.
    const modules = path.join(config.consoleDir, 'node_modules');
    await app.register(fastifyStatic, {
      root: config.consoleDir, prefix: '/console/', decorateReply: false,
      allowedPath: (p) => !/^\/?(node_modules|package(-lock)?\.json)(\/|$)/.test(p),
    });
    for (const [name, dir] of [['echarts', 'echarts/dist'], ['qrcode', 'qrcode-generator/dist']]) {
      if (existsSync(path.join(modules, dir))) {
        await app.register(fastifyStatic, { root: path.join(modules, dir), prefix: `/console/vendor/${name}/`, decorateReply: false, maxAge: '1d' });
      }
    }
    app.get('/', { schema: { hide: true } }, (request, reply) => reply.redirect('/console/'));
  }

  app.addHook('onClose', async () => programmes.close());
  return app;
}
