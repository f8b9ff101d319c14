// JSON schemas of the HTTP API: they validate every request and generate /openapi.json.
// Shapes that come from the library (ApplyResult, MemberView, Change, the program) are described
// with additionalProperties: true, so that fields the library adds pass through unchanged.

export const BODY_LIMIT = 1024 * 1024; // bytes of a request body
export const MAX_BATCH = 1000; // events in one batch

export const ID = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$';
export const PROGRAM_ID = '^[a-z0-9][a-z0-9-]{0,62}$';

const outcome = {
  type: 'object', required: ['accepted'], additionalProperties: true,
  properties: { accepted: { type: 'boolean' }, code: { type: 'string' } },
};

export const shared = [
  {
    $id: 'Error', type: 'object', required: ['error'],
    properties: {
      error: {
        type: 'object', required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable machine code (SCREAMING_SNAKE).' },
          message: { type: 'string', description: 'zh-CN, or English with Accept-Language: en.' },
          field: { type: 'string', description: 'The field to blame, as a path (events[3].at).' },
        },
      },
    },
  },
  {
    $id: 'PointsEvent', type: 'object', additionalProperties: false,
    description: 'A points event of the library (PointsEvent). Ids must be unique in the programme.',
    required: ['id', 'memberId', 'at', 'type'],
    properties: {
      id: { type: 'string', pattern: ID },
      memberId: { type: 'string', pattern: ID },
      at: { type: 'string', maxLength: 40, description: 'RFC 3339 instant with an offset.' },
      type: { type: 'string', enum: ['join', 'check-in', 'makeup', 'activity', 'follow-up', 'share', 'referral', 'redeem', 'refund', 'adjust'] },
      challengeId: { type: 'string', maxLength: 128 },
      date: { type: 'string', maxLength: 10 },
      groups: { type: 'object', additionalProperties: false, properties: { family: { type: 'string', maxLength: 128 }, building: { type: 'string', maxLength: 128 } } },
      referrerId: { type: 'string', pattern: ID },
      rewardId: { type: 'string', maxLength: 128 },
      redemptionId: { type: 'string', pattern: ID },
      points: { type: 'number' },
      reason: { type: 'string', maxLength: 500 },
      tier: { type: 'string', maxLength: 64 },
      until: { type: 'string', maxLength: 10 },
    },
  },
  { $id: 'Outcome', ...outcome },
  {
    $id: 'Change', type: 'object', additionalProperties: true,
    description: 'An earlier outcome that a later call changed (e.g. a redemption that lost the last voucher).',
    required: ['eventId', 'before', 'after'],
    properties: { eventId: { type: 'string' }, memberId: { type: 'string' }, before: { $ref: 'Outcome#' }, after: { $ref: 'Outcome#' } },
  },
  {
    $id: 'ApplyResult', type: 'object', additionalProperties: true,
    required: ['eventId', 'accepted', 'duplicate'],
    properties: {
      eventId: { type: 'string' }, accepted: { type: 'boolean' }, duplicate: { type: 'boolean' },
      code: { type: 'string' }, message: { type: 'string' }, balance: { type: 'number' }, tier: { type: 'string' },
    },
  },
  {
    $id: 'MemberView', type: 'object', additionalProperties: true,
    description: "The library's MemberView: balance, tier, expiring points, challenge progress, referrals.",
    properties: { memberId: { type: 'string' }, balance: { type: 'number' }, tier: { type: 'string' } },
  },
];

export const errors = (...statuses) => Object.fromEntries(statuses.map((s) => [s, { $ref: 'Error#' }]));
export const pidParams = { type: 'object', required: ['pid'], properties: { pid: { type: 'string', pattern: PROGRAM_ID } } };
export const bearer = [{ bearer: [] }];
