// `npm run bench`: the figures of issue 7, each as a ratio measured in the same run. See bench/results.md.
import { execFileSync, fork } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { historyToJson } from '../runtime/history-json.js';
import { type ColdStart, coldStart } from './cold-start.js';
import { type HistoryFigure, historySize, measureHistories } from './histories.js';
import { HttpClient } from './http.js';
import { BENCH_ADVISOR, type CpuPer, runLifecycle, type SkeletonRun, type ThroughputRow, type Tokens } from './lifecycle.js';
import { measureOverhead, type OverheadResult } from './overhead.js';
import type {
  CacheProbeRequest,
  CacheProbeResult,
  FiredReport,
  MemoryReport,
  ParkResult,
  PlanReport,
  QueryCount,
} from './protocol.js';
import { countReads, type ReadCount } from './reads.js';
import { renderMarkdown } from './report.js';
import { activityCount, compileSkeleton } from './skeleton-script.js';
import { StackProcess } from './stack-client.js';
import { nowMs, ratio, round, type Summary, sleep, summarize } from './stats.js';

const int = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${value}`);
  return n;
};

const settings = {
  overheadRounds: int('BENCH_OVERHEAD_ROUNDS', 100),
  lifecycle: [
    { concurrency: 1, visits: int('BENCH_VISITS_C1', 5) },
    { concurrency: 16, visits: int('BENCH_VISITS_C16', 32) },
    { concurrency: 64, visits: int('BENCH_VISITS_C64', 64) },
  ],
  /** Above 10,000 (e.g. 100000), parking goes on in batches of 10,000 and the list routes are measured again. */
  parked: int('BENCH_PARKED', 5_000),
  pilot: int('BENCH_PARKED_PILOT', 500),
  /** How many of the parked visits have their confirmation call due at one instant (issue 13: 10000); the rest are weeks ahead. */
  due: int('BENCH_PARKED_DUE', 2_000),
  /** Workflows parked in each memory probe (real bookings, then skeleton visits of the same shape). */
  cacheProbe: int('BENCH_CACHE_PROBE', 300),
  /** Replays of each recorded history in test/histories (the median is quoted). */
  replayPasses: int('BENCH_REPLAY_PASSES', 5),
  parkConcurrency: int('BENCH_PARK_CONCURRENCY', 16),
  queryRounds: int('BENCH_QUERY_ROUNDS', 60),
  fireTimeoutS: int('BENCH_FIRE_TIMEOUT_S', 900),
  skipColdStart: process.env.BENCH_SKIP_COLD_START === '1',
};

const t0 = Date.now();
let lastLine = 0;
const progress = (text: string, force = true) => {
  if (!force && Date.now() - lastLine < 2_000) return;
  lastLine = Date.now();
  process.stdout.write(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(4)} s] ${text}\n`);
};

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
  liveVisit: { runs: number; events: number; bytes: number };
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

function cpuBetween(a: MemoryReport, b: MemoryReport, units: number): CpuPer {
  const stackMs = round((b.stackCpuMs - a.stackCpuMs) / Math.max(1, units), 1);
  const temporalMs = round(((b.temporalServerCpuMs ?? 0) - (a.temporalServerCpuMs ?? 0)) / Math.max(1, units), 1);
  const databaseMs = round(((b.databaseCpuMs ?? 0) - (a.databaseCpuMs ?? 0)) / Math.max(1, units), 1);
  return { stackMs, temporalMs, databaseMs, totalMs: round(stackMs + temporalMs + databaseMs, 1) };
}

async function createDatabase(serverUrl: string, label: string) {
  const name = `servicelane_bench_${label}_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function devToken(http: HttpClient, role: keyof Tokens): Promise<string> {
  const res = await http.post('/auth/dev-token', { staffId: `bench-${role}`, role, name: `Bench ${role}` });
  if (res.status !== 200) throw new Error(`POST /auth/dev-token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** GET latencies of the list routes, interleaved with /healthz as the same-run yardstick. */
async function measureQueries(http: HttpClient, paths: { name: string; path: string }[], rounds: number) {
  const healthz: number[] = [];
  const samples = paths.map(() => [] as number[]);
  const rows = paths.map(() => 0);
  for (let round = 0; round < rounds + 5; round++) {
    const h = await http.get('/healthz');
    if (h.status !== 200) throw new Error(`/healthz: ${h.status}`);
    if (round >= 5) healthz.push(h.ms);
    for (const [i, p] of paths.entries()) {
      const res = await http.get(p.path);
      if (res.status !== 200) throw new Error(`GET ${p.path}: ${res.status} ${JSON.stringify(res.body)}`);
      rows[i] = res.body.items.length;
      if (round >= 5) samples[i]?.push(res.ms);
    }
    if (round % 25 === 0) progress(`queries: round ${round}/${rounds + 5}`, false);
  }
  const h = summarize(healthz);
  return {
    healthz: h,
    queries: paths.map((p, i) => {
      const latency = summarize(samples[i] ?? []);
      return { ...p, rows: rows[i] ?? 0, latency, ratioToHealthz: ratio(latency.p50, h.p50) };
    }),
  };
}

/** One memory probe (bench/cache-probe.ts) in a process of its own. */
function runCacheProbe(request: CacheProbeRequest, logPath: string): Promise<CacheProbeResult> {
  const logFd = openSync(logPath, 'a');
  const child = fork(fileURLToPath(new URL('./cache-probe.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PROBE: JSON.stringify(request), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  return new Promise((resolve, reject) => {
    let result: CacheProbeResult | undefined;
    child.on('message', (m: { type: 'result'; result: CacheProbeResult } | { type: 'error'; error: string }) => {
      if (m.type === 'result') result = m.result;
      else reject(new Error(`cache probe (${request.kind}): ${m.error}`));
    });
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`cache probe (${request.kind}) exited (${code}); see ${logPath}`)),
    );
  });
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

async function main() {
  const benchDir = fileURLToPath(new URL('.', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'servicelane-bench-'));
  const logPath = join(work, 'bench.log');
  // PostgreSQL, as in production: BENCH_DATABASE_URL, or a throwaway server of the bench's own (CI's script);
  // BENCH_DATABASE=pglite runs on the embedded default instead.
  const localPostgres =
    !process.env.BENCH_DATABASE_URL && process.env.BENCH_DATABASE !== 'pglite'
      ? join(tmpdir(), `servicelane-bench-pg-${process.pid}`)
      : undefined;
  const postgresScript = fileURLToPath(new URL('../scripts/local-postgres.sh', import.meta.url));
  const stopLocalPostgres = () => {
    if (localPostgres) execFileSync('bash', [postgresScript, 'stop', localPostgres], { stdio: 'ignore' });
  };
  let serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  let postgresPid: string | undefined;
  const drops: (() => Promise<void>)[] = [];
  let stack: StackProcess | undefined;
  let connection: Connection | undefined;
  let http: HttpClient | undefined;
  let ok = false;
  // Ctrl-C: stop the stack (and its dev server) before leaving.
  const onSignal = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: stopping the bench stack…\n`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => {
      stopLocalPostgres();
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (localPostgres) {
      progress('starting a throwaway PostgreSQL (scripts/local-postgres.sh)…');
      serverUrl = execFileSync('bash', [postgresScript, 'start', localPostgres], { stdio: ['ignore', 'pipe', 'inherit'] })
        .toString()
        .trim()
        .split('\n')
        .at(-1);
      postgresPid = readFileSync(join(localPostgres, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
    }
    progress(
      `servicelane bench: ${cpus().length} cores, ${round(totalmem() / 2 ** 30, 1)} GiB, database ${serverUrl ? 'PostgreSQL' : 'PGlite'}; work dir ${work}`,
    );
    const freshDb = async (label: string) => {
      if (!serverUrl) return undefined;
      const db = await createDatabase(serverUrl, label);
      drops.push(db.drop);
      return db.url;
    };

    // 5. The recorded histories: size, and CPU per replay, before anything else runs in this process.
    progress(`histories: replaying test/histories ${settings.replayPasses} times each…`);
    const histories = await measureHistories(settings.replayPasses);
    for (const h of histories)
      progress(`history ${h.name}: ${h.events} events, ${h.bytes} bytes, replay ${h.replayCpuMs} ms CPU`);

    // 4a. Cold start: a fresh `npm start` process on fresh data, then again on the data it left.
    let cold: { fresh: ColdStart; restart: ColdStart } | undefined;
    if (!settings.skipColdStart) {
      progress('cold start: scripts/start.ts on fresh data…');
      const coldDir = join(work, 'cold');
      mkdirSync(coldDir);
      // `npm start` as a shop would first run it: the embedded default, PGlite.
      const fresh = await coldStart(coldDir, logPath, undefined);
      progress(`cold start: healthy after ${fresh.toHealthyMs} ms; again on the same data…`);
      const restart = await coldStart(coldDir, logPath, undefined);
      progress(`cold start: restart healthy after ${restart.toHealthyMs} ms`);
      cold = { fresh, restart };
    }

    progress('starting the bench stack (dev server, database, worker, ceiling worker, API)…');
    const stackDir = join(work, 'stack');
    mkdirSync(stackDir);
    const stackDb = await freshDb('stack');
    stack = await StackProcess.start(
      {
        ...process.env,
        BENCH_DATA_DIR: stackDir,
        BENCH_STACK_DATABASE_URL: stackDb ?? '',
        BENCH_PG_PID: postgresPid ?? '',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      logPath,
      (text) => progress(text, false),
    );
    const info = stack.info;
    progress(`stack up in ${info.startupMs} ms: API ${info.apiUrl}, Temporal ${info.temporalAddress}, ${info.databaseKind}`);
    http = new HttpClient(info.apiUrl);
    connection = await Connection.connect({ address: info.temporalAddress });
    const client = new Client({ connection, namespace: info.namespace });
    const tokens: Tokens = {
      advisor: await devToken(http, 'advisor'),
      technician: await devToken(http, 'technician'),
      foreman: await devToken(http, 'foreman'),
      qc: await devToken(http, 'qc'),
    };
    const advisorHttp = http.as(tokens.advisor);
    // Walk-ins name their advisor from the staff directory, which the admin keeps.
    const adminToken0 = await http.post('/auth/dev-token', { staffId: 'bench-admin', role: 'admin', name: 'Bench admin' });
    const registered = await http
      .as(adminToken0.body.token)
      .post('/staff', { id: BENCH_ADVISOR, name: 'Bench advisor', role: 'advisor' });
    if (registered.status !== 201) throw new Error(`POST /staff: ${registered.status} ${JSON.stringify(registered.body)}`);
    const running = stack;
    const cpu = async () => {
      const m = await running.call<MemoryReport>({ cmd: 'memory' });
      return { stack: m.stackCpuMs, temporal: m.temporalServerCpuMs ?? 0, database: m.databaseCpuMs ?? 0 };
    };
    const queries = async () => (await running.call<QueryCount>({ cmd: 'queries' })).queries;
    // The skeleton is read off the first whole visit of the run, whose history is also the live one reported.
    let liveVisitId: string | undefined;
    let liveVisit = { runs: 0, events: 0, bytes: 0 };
    const skeleton: SkeletonRun = {
      taskQueue: info.skeletonTaskQueue,
      compile: async (visitId) => {
        // Every run of the visit, oldest first: it continues as new into its aftercare.
        const runs: { events: Record<string, unknown>[] }[] = [];
        let runId: string | undefined;
        do {
          const json = historyToJson(await client.workflow.getHandle(visitId, runId).fetchHistory());
          runs.unshift(json);
          const started = json.events[0]?.workflowExecutionStartedEventAttributes as { continuedExecutionRunId?: string };
          runId = started?.continuedExecutionRunId || undefined;
        } while (runId);
        liveVisitId = visitId;
        const sizes = runs.map(historySize);
        liveVisit = {
          runs: runs.length,
          events: sizes.reduce((n, x) => n + x.events, 0),
          bytes: sizes.reduce((n, x) => n + x.bytes, 0),
        };
        return compileSkeleton(runs);
      },
    };

    // 1. API overhead.
    progress(
      `API overhead: ${settings.overheadRounds} rounds of record_requests, HTTP vs HTTP+Idempotency-Key vs Temporal client…`,
    );
    const overhead = await measureOverhead(http, tokens, client, settings.overheadRounds, (n) =>
      progress(`API overhead: ${n}/${settings.overheadRounds}`, false),
    );
    progress(`API overhead: p50 direct ${overhead.direct.p50} ms, HTTP ${overhead.http.p50} ms (×${overhead.ratio.p50})`);

    // 2. Lifecycle throughput against the ceiling, concurrency by concurrency.
    const throughput: ThroughputRow[] = [];
    for (const level of settings.lifecycle) {
      if (level.visits === 0) continue;
      progress(`lifecycle: ${level.visits} visits at concurrency ${level.concurrency}…`);
      const row = await runLifecycle(
        http,
        tokens,
        client,
        info.ceilingTaskQueue,
        level.visits,
        level.concurrency,
        (n) => progress(`lifecycle c=${level.concurrency}: ${n}/${level.visits} visits in aftercare`, false),
        cpu,
        { skeleton, queries },
      );
      throughput.push(row);
      progress(
        `lifecycle c=${level.concurrency}: ${row.visitsPerSecond} visits/s, ceiling ${row.ceilingPerSecond} wf/s, ratio ${row.ratioToCeiling}; CPU ${row.cpuPerVisit?.totalMs} ms/visit vs ${row.cpuPerSkeleton?.totalMs} ms/skeleton visit (×${row.cpuRatioToSkeleton}) vs ${row.cpuPerCeiling?.totalMs} ms/ceiling workflow; ${row.workflowQueries} workflow queries`,
      );
    }
    const script = skeleton.compiled?.script;
    if (!script || !liveVisitId) throw new Error('no whole visit ran, so there is no skeleton to compare with');
    const skeletonShape = {
      updates: script.updates.length,
      activities:
        activityCount(script.start) +
        script.updates.reduce((n, u) => n + activityCount(u.segment.handler) + activityCount(u.segment.after), 0),
      timers: [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])]
        .flat()
        .reduce((n, b) => n + b.timers.length, 0),
      cancels: [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])]
        .flat()
        .reduce((n, b) => n + b.cancels.length, 0),
    };
    progress(
      `skeleton: ${JSON.stringify(skeletonShape)}; live visit history ${liveVisit.events} events, ${liveVisit.bytes} bytes`,
    );

    // 6. Which reads ask the workflow: every GET route and the visit's screens, the visit still in the cache.
    const adminToken = adminToken0.body.token as string;
    const readsCached = await countReads(http, adminToken, liveVisitId, queries);
    progress(
      `reads: ${readsCached.reads.reduce((n, r) => n + r.workflowQueries, 0)} workflow queries over ${readsCached.reads.length} GET routes and screens`,
    );

    // 1b. Memory per cached workflow: real bookings, then skeletons of the same shape, each in a process of its own.
    const probeDir = join(work, 'probe');
    mkdirSync(probeDir);
    const probeBase = {
      count: settings.cacheProbe,
      warmup: 20,
      address: info.temporalAddress,
      namespace: info.namespace,
      databaseUrl: await freshDb('probe'),
      dataDir: probeDir,
    };
    progress(`memory: ${settings.cacheProbe} booked visits parked in a fresh worker…`);
    const visitProbe = await runCacheProbe({ ...probeBase, kind: 'visit' }, logPath);
    progress(`memory: ${settings.cacheProbe} skeleton visits of a booking's shape in a fresh worker…`);
    const skeletonProbe = await runCacheProbe({ ...probeBase, kind: 'skeleton', script: visitProbe.script }, logPath);
    const cacheProbe = {
      visit: { ...visitProbe, script: undefined },
      skeleton: { ...skeletonProbe, script: undefined },
      ratio: ratio(visitProbe.perCachedBytes, skeletonProbe.perCachedBytes),
    };
    progress(
      `memory: ${round(visitProbe.perCachedBytes / 1024)} KiB per cached visit, ${round(skeletonProbe.perCachedBytes / 1024)} KiB per cached skeleton (×${cacheProbe.ratio})`,
    );

    // 4b (small). The list routes before parking, for the scaling ratio.
    const countsSmall = await stack.call<{ visits: number }>({ cmd: 'counts' });
    progress(`queries with ${countsSmall.visits} visits…`);
    const smallPaths = [{ name: 'GET /visits?stage=aftercare', path: '/visits?stage=aftercare' }];
    let listQueries = await queries();
    const queriesSmall = { visits: countsSmall.visits, ...(await measureQueries(advisorHttp, smallPaths, settings.queryRounds)) };
    listQueries = (await queries()) - listQueries;

    // 3. Parked visits: a pilot for the booking rate, then as many as fit before one due instant with every
    // confirmation call due then, the timers fired, then bookings weeks ahead up to the full count.
    const parkTarget = Math.min(settings.parked, Math.max(10_000, settings.pilot + settings.due));
    const before = await stack.call<MemoryReport>({ cmd: 'memory' });
    const pilotCount = Math.min(settings.pilot, parkTarget);
    progress(`parking: ${pilotCount} bookings weeks ahead (production timing) to measure the booking rate…`);
    const pilot = await stack.call<ParkResult>({
      cmd: 'park',
      request: { count: pilotCount, concurrency: settings.parkConcurrency, group: 'pilot', batch: 0 },
    });
    const bookingPerSecond = round((pilot.started / pilot.elapsedMs) * 1000);
    const dueTarget = Math.min(settings.due, parkTarget - pilotCount);
    // The due instant: the due group at the pilot's rate, +15 %, +10 s. Bookings stop 5 s before it (a visit
    // booked after its call was due gets no call), and whatever did not fit is booked after the timers fired.
    const dueAtOffsetS = Math.ceil((dueTarget / Math.max(bookingPerSecond, 1)) * 1.15 + 10);
    const dueAtMs = Date.now() + dueAtOffsetS * 1000;
    progress(
      `parking: ${bookingPerSecond} bookings/s; up to ${dueTarget} more with every confirmation call due in ${dueAtOffsetS} s (${new Date(dueAtMs).toISOString()})…`,
    );
    const due = await stack.call<ParkResult>({
      cmd: 'park',
      request: {
        count: dueTarget,
        concurrency: settings.parkConcurrency,
        group: 'due',
        dueAtMs,
        batch: 0,
        stopAtMs: dueAtMs - 5_000,
      },
    });
    const afterDue = await stack.call<MemoryReport>({ cmd: 'memory' });
    const slackS = round((dueAtMs - Date.now()) / 1000, 1);
    progress(
      `parking: ${due.started} booked (${due.failed} failed, ${due.skipped} left for later) in ${round(due.elapsedMs / 1000, 1)} s; ${slackS} s to the due instant`,
    );
    await sleep(Math.max(0, dueAtMs - Date.now() - 3_000));
    const parkedMemory = await stack.call<MemoryReport>({ cmd: 'memory' });
    await sleep(Math.max(0, dueAtMs - Date.now()));
    progress(`timers due now: waiting for ${due.started} confirmation calls on the call list…`);
    const atDue = await stack.call<MemoryReport>({ cmd: 'memory' });
    let report = await stack.call<FiredReport>({ cmd: 'fired', dueAtMs, expected: due.started });
    const fireDeadline = Date.now() + settings.fireTimeoutS * 1000;
    while (report.created < due.started && Date.now() < fireDeadline) {
      await sleep(1_000);
      report = await stack.call<FiredReport>({ cmd: 'fired', dueAtMs, expected: due.started });
      progress(`timers: ${report.created}/${due.started} confirmation calls on the list`, false);
    }
    const firedMemory = await stack.call<MemoryReport>({ cmd: 'memory' });
    const allFired = report.created >= due.started && report.lagMax !== null;
    const allFiredAfterS = allFired ? report.lagMax : null;
    const firedPerSecond = allFired && report.lagMax ? round(report.created / report.lagMax) : null;
    const ceilingC64 = throughput.at(-1)?.ceilingPerSecond;
    progress(
      allFired
        ? `timers: all ${report.created} fired and written ${allFiredAfterS} s after the due instant (p50 ${report.lagP50} s)`
        : `timers: only ${report.created}/${due.started} within ${settings.fireTimeoutS} s`,
    );
    const topUpCount = parkTarget - pilot.started - due.started;
    let topUp: ParkResult = { started: 0, failed: 0, skipped: 0, elapsedMs: 0, startsMs: 0 };
    if (topUpCount > 0) {
      progress(`parking: ${topUpCount} more weeks ahead to reach ${parkTarget}…`);
      topUp = await stack.call<ParkResult>({
        cmd: 'park',
        request: { count: topUpCount, concurrency: settings.parkConcurrency, group: 'pilot', batch: 0 },
      });
    }
    const parkedTotal = pilot.started + due.started + topUp.started;
    const allParkedMemory = await stack.call<MemoryReport>({ cmd: 'memory' });
    const parked: BenchResults['parked'] = {
      requested: parkTarget,
      total: parkedTotal,
      pilot,
      due,
      topUp,
      bookingPerSecond,
      dueAtOffsetS,
      slackS,
      fired: report,
      allFiredAfterS,
      firedPerSecond,
      ratioFiredToCeiling: firedPerSecond && ceilingC64 ? ratio(firedPerSecond, ceilingC64) : null,
      memory: { before, dueParked: parkedMemory, fired: firedMemory, allParked: allParkedMemory },
      cpuPerBooking: cpuBetween(before, afterDue, pilot.started + due.started),
      cpuPerFiredTimer: cpuBetween(atDue, firedMemory, report.created),
      idleMachineFloorS: 0,
      perVisit: {
        rssBytes: Math.round((allParkedMemory.rssBytes - before.rssBytes) / parkedTotal),
        sqliteBytes: Math.round((allParkedMemory.sqliteBytes - before.sqliteBytes) / parkedTotal),
        pgliteBytes:
          allParkedMemory.pgliteBytes !== null && before.pgliteBytes !== null
            ? Math.round((allParkedMemory.pgliteBytes - before.pgliteBytes) / parkedTotal)
            : null,
      },
    };

    parked.idleMachineFloorS = Math.round(
      (parked.cpuPerBooking.totalMs * parkedTotal + parked.cpuPerFiredTimer.totalMs * report.created) / (cpus().length * 1000),
    );

    // 4b. The list routes with the parked visits in the database, and their plans.
    const busiest = await stack.call<{ day: string; n: number } | null>({ cmd: 'busiestDay' });
    const date = busiest?.day ?? new Date().toISOString().slice(0, 10);
    const countsParked = await stack.call<{ visits: number }>({ cmd: 'counts' });
    progress(`queries with ${countsParked.visits} visits (board of ${date}: ${busiest?.n ?? 0} bookings)…`);
    const parkedPaths = [
      { name: `GET /appointments?date= (busiest day, ${busiest?.n ?? 0} bookings)`, path: `/appointments?date=${date}` },
      { name: 'GET /visits?stage=booked', path: '/visits?stage=booked' },
      ...smallPaths,
    ];
    const queriesBeforeLists = await queries();
    const measured = await measureQueries(advisorHttp, parkedPaths, settings.queryRounds);
    listQueries += (await queries()) - queriesBeforeLists;
    const scaling = smallPaths.map((p) => {
      const small = queriesSmall.queries.find((q) => q.path === p.path);
      const large = measured.queries.find((q) => q.path === p.path);
      return { name: p.name, ratio: ratio(large?.latency.p50 ?? Number.NaN, small?.latency.p50 ?? Number.NaN) };
    });
    const queriesParked = { visits: countsParked.visits, ...measured, scaling };
    const explain = await stack.call<PlanReport[]>({ cmd: 'explain', date, stages: ['booked', 'aftercare'] });
    for (const plan of explain)
      progress(
        `plan ${plan.name}: ${plan.usesIndex ? 'index' : 'NO INDEX'}${plan.seqScanOnVisits ? ', Seq Scan on visits' : ''}`,
      );

    // 3b. Only on request: keep parking to 100,000 and note where it bends.
    let bend: BendRow[] | undefined;
    const target = settings.parked;
    if (target > parkedTotal) {
      bend = [];
      const firstRate = bookingPerSecond;
      let total = parkedTotal;
      const bendDeadline = Date.now() + int('BENCH_BEND_MAX_S', 3_600) * 1000;
      for (let batch = 1; total < target && Date.now() < bendDeadline; batch++) {
        const count = Math.min(10_000, target - total);
        const result = await stack.call<ParkResult>(
          { cmd: 'park', request: { count, concurrency: settings.parkConcurrency, group: 'pilot', batch } },
          7_200_000,
        );
        total += result.started;
        const memory = await stack.call<MemoryReport>({ cmd: 'memory' });
        const rate = round((result.started / result.elapsedMs) * 1000);
        bend.push({
          parked: total,
          bookingPerSecond: rate,
          failed: result.failed,
          rssBytes: memory.rssBytes,
          sqliteBytes: memory.sqliteBytes,
          temporalServerRssBytes: memory.temporalServerRssBytes,
          cachedWorkflows: memory.cachedWorkflows,
        });
        progress(
          `bend: ${total} parked, ${rate} bookings/s, RSS ${round(memory.rssBytes / 2 ** 20)} MiB, SQLite ${round(memory.sqliteBytes / 2 ** 20)} MiB`,
        );
        if (result.failed > count * 0.01 || rate < firstRate * 0.25) {
          progress(`bend: stopping — ${result.failed} failed, rate ${rate} vs ${firstRate} at the start`);
          break;
        }
      }
    }

    let queriesAtScale: BenchResults['queriesAtScale'];
    if (bend && bend.length > 0) {
      const counts = await stack.call<{ visits: number }>({ cmd: 'counts' });
      progress(`queries with ${counts.visits} visits…`);
      const before = await queries();
      const again = await measureQueries(advisorHttp, parkedPaths, settings.queryRounds);
      listQueries += (await queries()) - before;
      const memory = await stack.call<MemoryReport>({ cmd: 'memory' });
      queriesAtScale = { visits: counts.visits, ...again, rssBytes: memory.rssBytes, sqliteBytes: memory.sqliteBytes };
    }

    // 6b. The same reads once thousands of bookings have gone through the cache since the visit was last touched.
    const readsEvicted = await countReads(http, adminToken, liveVisitId, queries);
    const workflowQueries: BenchResults['workflowQueries'] = {
      total: await queries(),
      lifecycle: throughput.reduce((n, t) => n + t.workflowQueries, 0),
      lists: listQueries,
      reads: { cached: readsCached.reads, evicted: readsEvicted.reads, skipped: readsCached.skipped },
    };
    progress(`workflow queries sent by the API in this run: ${workflowQueries.total}`);

    const results: BenchResults = {
      meta: {
        date: new Date().toISOString(),
        commit: gitCommit(),
        node: process.version,
        cores: cpus().length,
        memoryGiB: round(totalmem() / 2 ** 30, 1),
        database: info.databaseKind,
        workerOptions: info.workerOptions,
        temporalExtraArgs: info.temporalExtraArgs,
        settings,
        totalSeconds: Math.round((Date.now() - t0) / 1000),
        command: 'npm run bench',
      },
      coldStart: cold && { ...cold, stackProcessStartupMs: info.startupMs },
      overhead,
      throughput,
      queriesSmall,
      parked,
      queriesParked,
      explain,
      bend,
      queriesAtScale,
      histories,
      liveVisit,
      skeleton: skeletonShape,
      cacheProbe,
      workflowQueries,
    };
    const resultsName = process.env.BENCH_RESULTS_NAME || 'results';
    writeFileSync(join(benchDir, `${resultsName}.json`), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(benchDir, `${resultsName}.md`), renderMarkdown(results));
    progress(`done in ${results.meta.totalSeconds} s: bench/${resultsName}.json and bench/${resultsName}.md`);
    ok = true;
  } finally {
    http?.close();
    await connection?.close().catch(() => {});
    await stack?.stop().catch(() => {});
    for (const drop of drops) await drop().catch(() => {});
    stopLocalPostgres();
    if (ok) rmSync(work, { recursive: true, force: true });
    else {
      // The stack's own last error (e.g. the workflow thread running out of heap) says more than "exited (1)".
      const errors = existsSync(logPath)
        ? readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((line) => line.includes('"level":50'))
        : [];
      if (errors.length > 0) process.stdout.write(`last error of the stack: ${errors.at(-1)?.slice(0, 600)}\n`);
      process.stdout.write(`the bench failed; its data and log stay in ${work}\n`);
    }
  }
}

const started = nowMs();
main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(
      `bench failed after ${Math.round((nowMs() - started) / 1000)} s: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
