// Must NOT type-check (sync.test.mjs): a client without a transport, and a change read as a number.
import { createSyncClient, memoryStorage } from '../../../pkg/sync/index.js';
const client = createSyncClient({ baseUrl: 'x', programId: 'p', memberId: 'm', token: 't', storage: memoryStorage() });
client.onChange((c) => { const n: number = c.after; void n; });
