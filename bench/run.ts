// `npm run bench`: the figures of issue 7, each as a ratio measured in the same run. See bench/results.md.
// Just over 300 lines on purpose: main() is the run's phases in their order, each phase's work in its own file
// (parking.ts, lifecycle.ts, list-queries.ts, probe-process.ts, …), with the stack and its clean-up around them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { type ColdStart, coldStart } from './cold-start.js';
import { BenchPostgres, createDatabase } from './databases.js';
import { measureHistories, measureLiveReplay, visitHistory } from './histories.js';
import { benchStaff, HttpClient } from './http.js';
import { runLifecycle, type SkeletonRun, type ThroughputRow } from './lifecycle.js';
import { measureQueries } from './list-queries.js';
import { measureOverhead } from './overhead.js';
import { parkToTarget, parkVisits } from './parking.js';
import { measureCacheMemory } from './probe-process.js';
import type { MemoryReport, PlanReport, QueryCount } from './protocol.js';
import { countReads } from './reads.js';
import { renderMarkdown } from './report.js';
import type { BenchResults } from './results.js';
import { progress, settings, t0 } from './settings.js';
import { compileSkeleton, scriptShape } from './skeleton-script.js';
import { StackProcess } from './stack-client.js';
import { nowMs, ratio, round } from './stats.js';

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
  const postgresServer = new BenchPostgres();
  const drops: (() => Promise<void>)[] = [];
  let stack: StackProcess | undefined;
  let connection: Connection | undefined;
  let http: HttpClient | undefined;
  let ok = false;
  // Ctrl-C: stop the stack (and its dev server) before leaving.
  const onSignal = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: stopping the bench stack…\n`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => {
      postgresServer.stop();
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    postgresServer.start();
    const serverUrl = postgresServer.url;
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
      progress('cold start: npm start on fresh data…');
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
        BENCH_PG_PID: postgresServer.pid ?? '',
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
    const tokens = await benchStaff(http);
    const advisorHttp = http.as(tokens.advisor);
    const running = stack;
    const cpu = async () => {
      const m = await running.call<MemoryReport>({ cmd: 'memory' });
      return { stack: m.stackCpuMs, temporal: m.temporalServerCpuMs ?? 0, database: m.databaseCpuMs ?? 0 };
    };
    const queries = async () => (await running.call<QueryCount>({ cmd: 'queries' })).queries;
    // The skeleton is read off the first whole visit of the run, whose history is also the live one reported.
    let liveVisitId: string | undefined;
    let liveVisit = { runs: 0, events: 0, bytes: 0, storedBytes: 0 };
    const skeleton: SkeletonRun = {
      run: (compiled, count, concurrency) => running.call({ cmd: 'skeleton', compiled, count, concurrency }),
      compile: async (visitId) => {
        const history = await visitHistory(client, visitId);
        liveVisitId = visitId;
        liveVisit = history.size;
        return compileSkeleton(history.runs);
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
    const skeletonShape = scriptShape(script);
    progress(
      `skeleton: ${JSON.stringify(skeletonShape)}; live visit history ${liveVisit.events} events, ${liveVisit.bytes} bytes`,
    );
    if (!skeleton.sampleId) throw new Error('no skeleton visit ran, so there is no replay to compare with');
    const liveReplay = await measureLiveReplay(client, liveVisitId, skeleton.sampleId, settings.replayPasses);
    progress(
      `replay: this run's whole visit ${liveReplay.visitMs} ms CPU, its skeleton ${liveReplay.skeletonMs} ms (×${liveReplay.ratio})`,
    );
    // From here on the stack is the shape a shop runs: the reference workers stop (bench/stack.ts).
    const referenceWorkers = await running.call<{ before: number; after: number }>({ cmd: 'retireReferences' });
    progress(
      `reference workers stopped: stack RSS ${Math.round(referenceWorkers.before / 2 ** 20)} → ${Math.round(referenceWorkers.after / 2 ** 20)} MiB`,
    );

    // 6. Which reads ask the workflow: every GET route and the visit's screens, the visit still in the cache.
    const adminToken = tokens.admin;
    const readsCached = await countReads(http, adminToken, liveVisitId, queries);
    progress(
      `reads: ${readsCached.reads.reduce((n, r) => n + r.workflowQueries, 0)} workflow queries over ${readsCached.reads.length} GET routes and screens`,
    );

    // 1b. Memory per cached workflow: real bookings, then skeletons of the same shape, each in a process of its own.
    const probeDir = join(work, 'probe');
    mkdirSync(probeDir);
    const cacheProbe = await measureCacheMemory(
      { address: info.temporalAddress, namespace: info.namespace, databaseUrl: await freshDb('probe'), dataDir: probeDir },
      logPath,
    );

    // 4b (small). The list routes before parking, for the scaling ratio.
    const countsSmall = await stack.call<{ visits: number }>({ cmd: 'counts' });
    progress(`queries with ${countsSmall.visits} visits…`);
    const smallPaths = [{ name: 'GET /visits?stage=aftercare', path: '/visits?stage=aftercare' }];
    let listQueries = await queries();
    const queriesSmall = { visits: countsSmall.visits, ...(await measureQueries(advisorHttp, smallPaths, settings.queryRounds)) };
    listQueries = (await queries()) - listQueries;

    // 3. Parked visits (bench/parking.ts).
    const parked = await parkVisits(stack, throughput.at(-1)?.ceilingPerSecond);

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
    const bend = await parkToTarget(stack, parked.total, parked.bookingPerSecond);

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
      liveReplay,
      referenceWorkers,
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
    postgresServer.stop();
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
