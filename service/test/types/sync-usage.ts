// A consumer of health-steward/sync, type-checked with tsc --strict by sync.test.mjs.
import {
  createSyncClient, fetchTransport, localStorageAdapter, wxRequestTransport, wxStorageAdapter, memoryStorage,
  type Change, type SyncClient, type Transport,
} from '../../../pkg/sync/index.js';

declare const wx: {
  getStorageSync(key: string): any; setStorageSync(key: string, value: any): void; request(options: any): any;
};

const web: SyncClient = createSyncClient({
  baseUrl: 'https://health.example.org', programId: 'xinhua-2026', memberId: 'm_1', token: 't',
  storage: localStorageAdapter(), transport: fetchTransport(), batchSize: 50, retry: { baseMs: 500 },
});
const mini = createSyncClient({
  baseUrl: 'https://health.example.org', programId: 'xinhua-2026', memberId: 'm_1', token: 't',
  storage: wxStorageAdapter(wx), transport: wxRequestTransport(wx),
});
const custom: Transport = async (req) => ({ status: 200, body: { url: req.url } });
createSyncClient({ baseUrl: 'x', programId: 'p', memberId: 'm', token: 't', storage: memoryStorage(), transport: custom });

const queued = web.add({ type: 'check-in', challengeId: 'habit-21' });
const id: string = queued.id;
const stop = web.onChange((c: Change) => { const lost: boolean = c.before.accepted && !c.after.accepted; void lost; });
web.onReject(({ events, error }) => { const code: string = error.code; void events.length; void code; });
async function run(): Promise<number> {
  const { member, changed, cursor } = await mini.sync();
  const n: number = member.balance + changed.length + cursor.length;
  return n + web.pending().length + (web.member()?.balance ?? 0);
}
void id; void stop; void run;
