// Errors as clients see them: `{ error: { code, message, field? } }` with a 4xx/5xx status.
// Messages are bilingual (zh-CN first; English when the request's Accept-Language starts with
// `en`). Nothing else ever reaches a client: no stack trace, no SQL, no library internals.

const TEXT = {
  UNAUTHENTICATED: ['请先登录或提供有效的访问令牌。', 'Sign in or send a valid access token.'],
  TOKEN_EXPIRED: ['访问令牌已过期，请重新登录或重新加入。', 'The access token has expired; sign in or join again.'],
  FORBIDDEN: ['您没有权限进行此操作。', 'You are not allowed to do this.'],
  WRONG_MEMBER: ['只能提交您本人的积分事件。', 'You can only send your own points events.'],
  EVENT_TYPE_NOT_ALLOWED: ['居民不能提交此类积分事件，请联系组织者。', 'Residents cannot send this kind of points event; ask the organiser.'],
  USE_INVITE: ['加入和推荐只能通过邀请码完成。', 'Joining and referrals go through invite codes.'],
  EVENT_IN_FUTURE: ['事件时间晚于当前时间，请检查手机时间。', 'The event is dated in the future; check the phone clock.'],
  INVALID_CREDENTIALS: ['用户名或密码不正确。', 'Wrong user name or password.'],
  INVALID_REQUEST: ['请求内容不符合要求。', 'The request is not in the expected form.'],
  INVALID_JSON: ['请求内容不是有效的 JSON。', 'The request body is not valid JSON.'],
  BODY_TOO_LARGE: ['请求内容超过 1 MB 上限。', 'The request body is larger than the 1 MB limit.'],
  BATCH_TOO_LARGE: ['一次最多提交 1000 个事件。', 'At most 1,000 events can be sent at once.'],
  UNSUPPORTED_MEDIA_TYPE: ['请以 application/json 提交。', 'Send the body as application/json.'],
  NOT_FOUND: ['找不到该内容。', 'Not found.'],
  PROGRAM_NOT_FOUND: ['找不到该积分项目。', 'No such points programme.'],
  PROGRAM_EXISTS: ['该项目编号已被使用。', 'A programme with this id already exists.'],
  MEMBER_NOT_FOUND: ['找不到该成员。', 'No such member.'],
  INVALID_INVITE: ['邀请码无效、已使用或已过期。', 'The invite code is not valid, already used or expired.'],
  REDEMPTION_NOT_FOUND: ['找不到该兑换记录。', 'No such redemption.'],
  REDEMPTION_NOT_ACCEPTED: ['该兑换未成功，不能核销。', 'This redemption did not go through; it cannot be fulfilled.'],
  ALREADY_FULFILLED: ['该兑换券已核销。', 'This voucher has already been used.'],
  RATE_LIMITED: ['请求过于频繁，请稍后再试。', 'Too many requests; try again shortly.'],
  INVALID_CURSOR: ['同步游标无效。', 'The sync cursor is not valid.'],
  INTERNAL: ['服务暂时出现问题，请稍后再试。', 'The service had a problem; try again later.'],
};

export class ServiceError extends Error {
  constructor(status, code, { message, field } = {}) {
    super(message ?? code);
    this.status = status;
    this.code = code;
    this.field = field;
    this.ownMessage = message;
  }
}

/** True when the request asks for English (Accept-Language: en…). */
export const english = (request) => /^en\b/i.test(request?.headers?.['accept-language'] ?? '');

export function errorBody(request, code, { message, field } = {}) {
  const text = TEXT[code];
  const error = { code, message: message ?? (text ? text[english(request) ? 1 : 0] : code) };
  if (field) error.field = field;
  return { error };
}

/** `/events/3/at` → `events[3].at`, the path style of the library's errors. */
function fieldOf(v) {
  let path = (v.instancePath ?? '').split('/').filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  const extra = v.params?.missingProperty ?? v.params?.additionalProperty;
  if (extra) path = path ? `${path}.${extra}` : extra;
  return path || undefined;
}

/** Maps anything thrown in a request to a client error; logs what the client must not see. */
export function errorHandler(err, request, reply) {
  let status, code, field, message;
  if (err instanceof ServiceError) {
    ({ status, code, field } = err);
    message = err.ownMessage;
  } else if (err.validation) {
    const v = err.validation[0] ?? {};
    field = fieldOf(v);
    if (v.keyword === 'maxItems' && field === 'events') [status, code] = [413, 'BATCH_TOO_LARGE'];
    else [status, code] = [400, 'INVALID_REQUEST'];
  } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    [status, code] = [413, 'BODY_TOO_LARGE'];
  } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    [status, code] = [415, 'UNSUPPORTED_MEDIA_TYPE'];
  } else if (err.statusCode === 429) {
    [status, code] = [429, 'RATE_LIMITED'];
  } else if (err.statusCode === 400 && (err instanceof SyntaxError || /^FST_ERR_CTP/.test(err.code ?? ''))) {
    [status, code] = [400, 'INVALID_JSON'];
  } else if (err.statusCode >= 400 && err.statusCode < 500) {
    [status, code] = [err.statusCode, err.statusCode === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST'];
  } else {
    request.log.error({ err }, 'request failed');
    [status, code] = [500, 'INTERNAL'];
  }
  if (status >= 500 && !(err instanceof ServiceError)) message = undefined;
  reply.code(status).type('application/json; charset=utf-8').send(errorBody(request, code, { message, field }));
}

/** The library's own errors (code, field, resident-readable message) as a 4xx. */
export function fromEngineError(e, status = 400) {
  if (e && typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code)) {
    return new ServiceError(status, e.code, { message: e.message, field: e.field });
  }
  return e;
}
