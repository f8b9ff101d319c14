// POST /v1/auth/login: an organiser's user name and password for a bearer token; POST /v1/auth/renew: a fresh token.
import { ServiceError } from '../errors.mjs';
import { burnPasswordCheck, verifyPassword } from '../security.mjs';
import { actorOf, audit } from './common.mjs';
import { bearer, errors, PROGRAM_ID } from '../schemas.mjs';

export default async function authRoutes(app, { db, auth, config }) {
  app.post('/v1/auth/login', {
    config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute', keyGenerator: (r) => `login:${r.ip}` } },
    schema: {
      summary: 'Organiser log-in',
      body: {
        type: 'object', required: ['user', 'password'], additionalProperties: false,
        properties: { user: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
      },
      response: {
        200: { type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string' } } },
        ...errors(400, 401, 429),
      },
    },
  }, async (request) => {
    const { user, password } = request.body;
    const [row] = await db.query('SELECT password_hash FROM organisers WHERE username = $1', [user]);
    if (!row) {
      await burnPasswordCheck(password);
      throw new ServiceError(401, 'INVALID_CREDENTIALS');
    }
    if (!(await verifyPassword(password, row.password_hash))) throw new ServiceError(401, 'INVALID_CREDENTIALS');
    const token = await auth.issueOrganiserToken(user);
    await audit(db.query, '', `organiser:${user}`, 'login');
    return { token, expiresAt: new Date(Date.now() + config.organiserTokenTtlMs).toISOString() };
  });

  app.post('/v1/auth/renew', {
    schema: {
      summary: 'A fresh token for the caller (organiser, or member with programId), with a full lifetime',
      description: 'The token sent stays valid for a grace period only (`HS_RENEW_GRACE_S`, one hour by default, never beyond its own expiry), '
        + 'so a renewal whose answer was lost can be asked again. An expired or erased token cannot be renewed (`TOKEN_EXPIRED`, `UNAUTHENTICATED`): '
        + 'a resident then joins again with a new invite. Phones renew well before expiry (the sync client\'s `renewToken()`).',
      security: bearer,
      body: {
        type: 'object', additionalProperties: false,
        properties: { programId: { type: 'string', pattern: PROGRAM_ID, description: 'The programme of a member token; omitted for an organiser token.' } },
      },
      response: {
        200: { type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string' } } },
        ...errors(400, 401, 429),
      },
    },
  }, async (request) => {
    const { who, token, expiresAt } = await auth.renew(request, request.body?.programId);
    if (who.role === 'organiser') await audit(db.query, '', actorOf(who), 'renew-token');
    return { token, expiresAt };
  });
}
