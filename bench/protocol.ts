import type { CompiledSkeleton, SkeletonScript } from './skeleton-script.js';
import type { Summary } from './stats.js';

/** Messages between bench/run.ts and the stack process (bench/stack.ts) over the fork IPC channel. */

export interface StackInfo {
  apiUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  ceilingTaskQueue: string;
  databaseKind: 'postgres' | 'pglite';
  /** ms from the child's first line to the API listening: dev server, migrations, the workflow bundles (bench/bundles.ts). */
  startupMs: number;
  workerOptions: Record<string, unknown>;
  temporalExtraArgs: string[];
}

export interface MemoryReport {
  /** The stack process: worker, API and (PGlite) the database, as in `npm start`. */
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  cachedWorkflows: number;
  temporalServerRssBytes: number | null;
  /** The dev server's SQLite file with its -wal and -shm. */
  sqliteBytes: number;
  pgliteBytes: number | null;
  /** CPU time used so far (user + system, all threads): robust to a busy machine where wall times are not. */
  stackCpuMs: number;
  temporalServerCpuMs: number | null;
  /** PostgreSQL's server processes, when the bench started its own (BENCH_PG_PID); PGlite is in stackCpuMs. */
  databaseCpuMs: number | null;
}

export interface ParkRequest {
  count: number;
  concurrency: number;
  /** `pilot`: production timing, the call weeks ahead. `due`: every confirmation call due at dueAtMs. */
  group: 'pilot' | 'due';
  dueAtMs?: number;
  /** Label of this batch, for advisor ids (several batches for the 100k run). */
  batch: number;
  /** No booking starts after this instant (the due group must be in before its timers are due). */
  stopAtMs?: number;
}

export interface ParkResult {
  started: number;
  failed: number;
  /** Not attempted: stopAtMs had passed. */
  skipped: number;
  /** Until the worker had run every one of them (its `visit_opened` recorded). */
  elapsedMs: number;
  /** Until the last workflow start returned. */
  startsMs: number;
  firstError?: string;
}

export interface FiredReport {
  expected: number;
  created: number;
  /** Seconds from the due instant to the task's row, over the tasks that exist. */
  lagP50: number | null;
  lagP90: number | null;
  lagP99: number | null;
  lagMax: number | null;
}

export interface PlanReport {
  name: string;
  sql: string;
  plan: string[];
  usesIndex: boolean;
  seqScanOnVisits: boolean;
}

export interface CacheProbeRequest {
  kind: 'visit' | 'skeleton';
  count: number;
  warmup: number;
  address: string;
  namespace: string;
  /** The probe's own database (PostgreSQL) or, without one, its own PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** Skeleton: the parked shape, read off a real booking's history by the visit probe. */
  script?: SkeletonScript;
}

export interface CacheProbeResult {
  kind: 'visit' | 'skeleton';
  count: number;
  before: { rssBytes: number; heapBytes: number; cached: number };
  after: { rssBytes: number; heapBytes: number; cached: number };
  /** Growth of the live heap (after a full collection) ÷ workflows added to the cache. */
  perCachedBytes: number;
  /** RSS growth ÷ workflows added to the cache: the live heap plus whatever garbage is not yet collected. */
  perCachedRssBytes: number;
  fillSeconds: number;
  script?: SkeletonScript;
}

export interface QueryCount {
  /** QueryWorkflow calls on the API's client so far. */
  queries: number;
  skeletonActivityCalls: number;
}

/** Skeleton visits the stack process drives itself, as its API drives the whole visits (bench/lifecycle.ts). */
export interface SkeletonReport {
  perSecond: number;
  latency: Summary;
  sampleId?: string;
}

export type Command =
  | { cmd: 'memory' }
  | { cmd: 'skeleton'; compiled: CompiledSkeleton; count: number; concurrency: number }
  | { cmd: 'park'; request: ParkRequest }
  | { cmd: 'fired'; dueAtMs: number; expected: number }
  | { cmd: 'busiestDay' }
  | { cmd: 'explain'; date: string; stages: string[] }
  | { cmd: 'counts' }
  | { cmd: 'queries' }
  | { cmd: 'retireReferences' }
  | { cmd: 'stop' };

export type ChildMessage =
  | { type: 'ready'; info: StackInfo }
  | { type: 'progress'; text: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

export type ParentMessage = { id: number; command: Command };

/** Advisor ids mark who booked what, so the bench can count a group's rows with one indexed query. */
export const dueAdvisorPrefix = 'bench-due-';
export const pilotAdvisorPrefix = 'bench-pilot-';
