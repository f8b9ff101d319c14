// Generated from ../index.d.ts by service/scripts/sync-cjs.mjs: edit that file, not this one.
import type { PointsEvent, ApplyResult, MemberView } from '../../index.js';
export interface Outcome { accepted: boolean; code?: string }
export interface Change { eventId: string; memberId?: string; before: Outcome; after: Outcome }
export interface StorageAdapter { getItem(key: string): string | null; setItem(key: string, value: string): void }

export interface TransportRequest { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string; timeoutMs?: number }
export interface TransportResponse { status: number; body: any }
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
export interface ServiceError { code: string; message: string; field?: string }

export interface SyncClientOptions {
  baseUrl: string;
  programId: string;
  memberId: string;
  token: string;
  storage: StorageAdapter;
  transport: Transport;
  batchSize?: number;
  timeoutMs?: number;
  retry?: { baseMs?: number; maxMs?: number; factor?: number };
  autoRetry?: boolean;
  now?: () => number;
  key?: string;
}
export type OutboxEvent = Omit<PointsEvent, 'id' | 'memberId' | 'at'> & Partial<Pick<PointsEvent, 'id' | 'memberId' | 'at'>>;

export interface SyncClient {
  add(event: OutboxEvent): PointsEvent;
  flush(): Promise<void>;
  refresh(): Promise<{ member: MemberView; changed: Change[]; cursor: string; recorded?: PointsEvent[] }>;
  sync(): Promise<{ member: MemberView; changed: Change[]; cursor: string }>;
  pending(): PointsEvent[];
  rejected(): { event: PointsEvent; error: ServiceError }[];
  clearRejected(): void;
  member(): MemberView | null;
  recorded(): PointsEvent[];
  cursor(): string | null;
  setToken(token: string): void;
  renewToken(): Promise<{ token: string; expiresAt: string }>;
  onToken(listener: (renewed: { token: string; expiresAt: string }) => void): () => void;
  onChange(listener: (change: Change) => void): () => void;
  onResult(listener: (result: ApplyResult) => void): () => void;
  onReject(listener: (rejection: { events: PointsEvent[]; error: ServiceError }) => void): () => void;
  onError(listener: (failure: { error: unknown; status?: number; retrying: boolean }) => void): () => void;
  onMember(listener: (member: MemberView) => void): () => void;
  close(): void;
}

export const MAX_BATCH: 1000;
export function createSyncClient(options: SyncClientOptions): SyncClient;
export function localStorageAdapter(storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }): StorageAdapter;
export function wxStorageAdapter(wx?: { getStorageSync(key: string): any; setStorageSync(key: string, value: any): void }): StorageAdapter;
export function memoryStorage(map?: Map<string, string>): StorageAdapter;
export function fetchTransport(fetchImpl?: typeof fetch): Transport;
export function wxRequestTransport(wx?: { request(options: any): any }): Transport;
