// health-steward/sync: the outbox, batching, retry and change feed of the challenge service.
import type { PointsEvent, ApplyResult, MemberView } from '../index.js';

/** The outcome of an event: accepted or refused with a code. */
export interface Outcome { accepted: boolean; code?: string }

/** An earlier outcome of this member that a later event (from someone else) changed. */
export interface Change { eventId: string; memberId?: string; before: Outcome; after: Outcome }

/** Synchronous key-value storage; `localStorage` itself is one. */
export interface StorageAdapter { getItem(key: string): string | null; setItem(key: string, value: string): void }

export interface TransportRequest { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string; timeoutMs?: number }
export interface TransportResponse { status: number; body: any }
/** Sends one HTTP request; rejects only when no answer came (network error, timeout). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** The service's error body. */
export interface ServiceError { code: string; message: string; field?: string }

export interface SyncClientOptions {
  /** The service, e.g. `https://health.example.org`. */
  baseUrl: string;
  programId: string;
  memberId: string;
  /** The member's bearer token from joining. */
  token: string;
  storage: StorageAdapter;
  transport: Transport;
  /** Events per request (1–1000); default 100. */
  batchSize?: number;
  /** Per request; default 15000. */
  timeoutMs?: number;
  /** Backoff of automatic retries: base, cap and factor (default 1000 ms, 60000 ms, 2), with jitter. */
  retry?: { baseMs?: number; maxMs?: number; factor?: number };
  /** Retry failed flushes on a timer (default true). */
  autoRetry?: boolean;
  /** The clock for `at` stamps of events added without one (default Date.now). */
  now?: () => number;
  /** Storage key (default `health-steward/sync:<programId>:<memberId>`). */
  key?: string;
}

/** An event as the app adds it: id, memberId and at are filled in when missing. */
export type OutboxEvent = Omit<PointsEvent, 'id' | 'memberId' | 'at'> & Partial<Pick<PointsEvent, 'id' | 'memberId' | 'at'>>;

export interface SyncClient {
  /** Queues an event (persisted at once) and returns it with its id. */
  add(event: OutboxEvent): PointsEvent;
  /** Sends the outbox in batches; rejects (events stay queued) when the service cannot be reached. */
  flush(): Promise<void>;
  /** The member's view and the changes since the last cursor. */
  refresh(): Promise<{ member: MemberView; changed: Change[]; cursor: string; recorded?: PointsEvent[] }>;
  /** flush() then refresh(). */
  sync(): Promise<{ member: MemberView; changed: Change[]; cursor: string }>;
  pending(): PointsEvent[];
  /** Events the service refused (nothing stored), with its error. */
  rejected(): { event: PointsEvent; error: ServiceError }[];
  clearRejected(): void;
  /** The last member view the service sent. */
  member(): MemberView | null;
  /**
   * Check-ins and make-ups the organiser recorded for the member (at the desk, say), as the last
   * `refresh` returned them: apply them with the member's own events so the phone counts them too.
   */
  recorded(): PointsEvent[];
  cursor(): string | null;
  setToken(token: string): void;
  /**
   * Asks the service for a fresh member token (full lifetime) and uses it from now on; the old one
   * stays valid for a grace period only. Keep the new token (see `onToken`) where the old one was.
   */
  renewToken(): Promise<{ token: string; expiresAt: string }>;
  onToken(listener: (renewed: { token: string; expiresAt: string }) => void): () => void;
  onChange(listener: (change: Change) => void): () => void;
  onResult(listener: (result: ApplyResult) => void): () => void;
  onReject(listener: (rejection: { events: PointsEvent[]; error: ServiceError }) => void): () => void;
  onError(listener: (failure: { error: unknown; status?: number; retrying: boolean }) => void): () => void;
  onMember(listener: (member: MemberView) => void): () => void;
  /** Stops retry timers; the outbox stays in storage. */
  close(): void;
}

export const MAX_BATCH: 1000;
export function createSyncClient(options: SyncClientOptions): SyncClient;
export function localStorageAdapter(storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }): StorageAdapter;
export function wxStorageAdapter(wx?: { getStorageSync(key: string): any; setStorageSync(key: string, value: any): void }): StorageAdapter;
export function memoryStorage(map?: Map<string, string>): StorageAdapter;
export function fetchTransport(fetchImpl?: typeof fetch): Transport;
export function wxRequestTransport(wx?: { request(options: any): any }): Transport;
