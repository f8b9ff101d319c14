// POST /v1/auth/login: an organiser's user name and password for a bearer token.
import { ServiceError } from '../errors.mjs';
import { burnPasswordCheck, verifyPassword } from '../security.mjs';
import { audit } from './common.mjs';
import { errors } from '../schemas.mjs';

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
}
