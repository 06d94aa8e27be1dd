/**
 * The bench's record/replay store: every live bench call is recorded (its answer, its attempts'
 * token usage and its latency) so that `herald bench --replay` re-scores a run without a single
 * request — it costs nothing and reports the recorded latency, marked replayed. Kept in the
 * database (table `lab_recordings`) so a team shares it; in memory when there is no store.
 */
import type { Store } from '../data/store.js';
import type { LabAnswer } from './suite.js';
import type { Clock } from '../time/clock.js';

export interface RecordedAttempt {
  status: string;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

export interface Recording {
  answer: LabAnswer<unknown>;
  /** Latency of the live call, ms. */
  latencyMs: number;
  attempts: RecordedAttempt[];
}

export interface RecordingKey {
  key: string;
  suite: string;
  model: string;
  caseId: string;
}

export interface RecordingStore {
  get(key: string): Promise<Recording | null>;
  /** Buffered; `flush` writes what is pending. */
  put(key: RecordingKey, recording: Recording): void;
  flush(): Promise<void>;
}

export function createMemoryRecordings(): RecordingStore {
  const rows = new Map<string, Recording>();
  return {
    get: async (key) => rows.get(key) ?? null,
    put: (key, recording) => void rows.set(key.key, recording),
    flush: async () => {},
  };
}

/** Rows are written in batches of `batchSize` (one multi-row insert) to keep a long run off the database's back. */
export function createStoreRecordings(store: Store, clock: Clock, batchSize = 100): RecordingStore {
  let pending: Array<[RecordingKey, Recording]> = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const write = (batch: Array<[RecordingKey, Recording]>) => {
    const params: unknown[] = [];
    const values = batch.map(([k, r], i) => {
      params.push(k.key, k.suite, k.model, k.caseId, JSON.stringify(r), new Date(clock.now()).toISOString());
      const b = i * 6;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::text::jsonb, $${b + 6}::timestamptz)`;
    });
    return store.query(
      `insert into lab_recordings (key, suite, model, case_id, recording, recorded_at) values ${values.join(', ')}
       on conflict (key) do update set recording = excluded.recording, recorded_at = excluded.recorded_at`,
      params,
    );
  };
  const drain = () => {
    if (pending.length === 0) return writing;
    const batch = pending;
    pending = [];
    writing = writing.then(() => write(batch)).then(
      () => undefined,
      (err: unknown) => void (failure ??= err),
    );
    return writing;
  };
  return {
    async get(key) {
      const [row] = await store.query<{ recording: Recording }>('select recording from lab_recordings where key = $1', [key]);
      return row?.recording ?? null;
    },
    put(key, recording) {
      pending.push([key, recording]);
      if (pending.length >= batchSize) void drain();
    },
    async flush() {
      await drain();
      if (failure) throw failure;
    },
  };
}
