// What one `npm run bench` measures (bench/run.ts), as written to bench/results.json and rendered by bench/report.ts.
import type { ColdStart } from './cold-start.js';
import type { HistoryFigure } from './histories.js';
import type { CpuPer, ThroughputRow } from './lifecycle.js';
import type { OverheadResult } from './overhead.js';
import type { CacheProbeResult, FiredReport, MemoryReport, ParkResult, PlanReport } from './protocol.js';
import type { ReadCount } from './reads.js';
import type { Summary } from './stats.js';

export interface QueryLatency {
  name: string;
  path: string;
  rows: number;
  latency: Summary;
  /** ÷ GET /healthz (one Temporal and one database round trip) measured in the same rounds. */
  ratioToHealthz: number;
}

export interface BenchResults {
  meta: Record<string, unknown>;
  coldStart?: { fresh: ColdStart; restart: ColdStart; stackProcessStartupMs: number };
  overhead: OverheadResult;
  throughput: ThroughputRow[];
  queriesSmall: { visits: number; healthz: Summary; queries: QueryLatency[] };
  parked: {
    requested: number;
    total: number;
    pilot: ParkResult;
    due: ParkResult;
    topUp: ParkResult;
    bookingPerSecond: number;
    dueAtOffsetS: number;
    /** Seconds the last booking left before the due instant (negative: timers fired during booking). */
    slackS: number;
    fired: FiredReport;
    allFiredAfterS: number | null;
    firedPerSecond: number | null;
    ratioFiredToCeiling: number | null;
    memory: { before: MemoryReport; dueParked: MemoryReport; fired: MemoryReport; allParked: MemoryReport };
    cpuPerBooking: CpuPer;
    cpuPerFiredTimer: CpuPer;
    /** CPU-bound floor on an otherwise idle machine: (CPU per booking × parked + CPU per timer × due) ÷ cores. */
    idleMachineFloorS: number;
    perVisit: { rssBytes: number; sqliteBytes: number; pgliteBytes: number | null };
  };
  queriesParked: { visits: number; healthz: Summary; queries: QueryLatency[]; scaling: { name: string; ratio: number }[] };
  explain: PlanReport[];
  bend?: BendRow[];
  /** The list routes again once parking went past 10,000 (BENCH_PARKED). */
  queriesAtScale?: { visits: number; healthz: Summary; queries: QueryLatency[]; rssBytes: number; sqliteBytes: number };
  histories: HistoryFigure[];
  /** A whole visit of this run (walk-in → follow-up, parked in aftercare): its history as the server has it. */
  liveVisit: { runs: number; events: number; bytes: number; storedBytes: number };
  /** Replay CPU of that visit (its runs summed) and of a skeleton visit that ran its script, in this process. */
  liveReplay: { visitMs: number; skeletonMs: number; ratio: number };
  /** Stack RSS when the ceiling and skeleton workers stopped, after the lifecycle: parking is measured without them. */
  referenceWorkers: { before: number; after: number };
  /** The skeleton read off that visit's history. */
  skeleton: { updates: number; activities: number; timers: number; cancels: number };
  cacheProbe: { visit: CacheProbeResult; skeleton: CacheProbeResult; ratio: number };
  workflowQueries: {
    total: number;
    lifecycle: number;
    lists: number;
    reads: { cached: ReadCount[]; evicted: ReadCount[]; skipped: string[] };
  };
}

export interface BendRow {
  parked: number;
  bookingPerSecond: number;
  failed: number;
  rssBytes: number;
  sqliteBytes: number;
  temporalServerRssBytes: number | null;
  cachedWorkflows: number;
}
