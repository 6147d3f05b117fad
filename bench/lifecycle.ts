import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ceiling, pingUpdate } from './ceiling-workflow.js';
import type { HttpClient, HttpResult } from './http.js';
import type { SkeletonReport } from './protocol.js';
import type { CompiledSkeleton } from './skeleton-script.js';
import { skeletonVisit } from './skeleton-workflow.js';
import { nowMs, pool, ratio, round, type Summary, sleep, summarize } from './stats.js';
import { STEPS, type State, type Tokens, tokenFor, walkInBody } from './visit-steps.js';

export interface LoadCounters {
  actionMs: number[];
  walkInMs: number[];
  /** 409 "dispatch proposal still being prepared": the foreman tries again a moment later. */
  dispatchRetries: number;
  /** Any other non-2xx answer (503 under load, …), each followed by a re-read and a retry. */
  errors: Record<string, number>;
  requests: number;
}

export const newCounters = (): LoadCounters => ({ actionMs: [], walkInMs: [], dispatchRetries: 0, errors: {}, requests: 0 });

const idem = () => ({ 'Idempotency-Key': randomUUID() });

function countError(c: LoadCounters, res: HttpResult, what: string) {
  const key = `${what} ${res.status}`;
  c.errors[key] = (c.errors[key] ?? 0) + 1;
}

/** One whole visit through the HTTP API, as the front desk, workshop and QC would send it. */
export async function driveVisitOverHttp(
  http: HttpClient,
  tokens: Tokens,
  c: LoadCounters,
  deadlineMs = 120_000,
): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  const advisor = http.as(tokens.advisor);
  let created: HttpResult;
  for (;;) {
    c.requests++;
    created = await advisor.post('/visits', walkInBody(), idem());
    if (created.status === 201) break;
    countError(c, created, 'POST /visits');
    if (Date.now() > deadline) throw new Error(`walk-in refused: ${created.status} ${JSON.stringify(created.body)}`);
    await sleep(100);
  }
  c.walkInMs.push(created.ms);
  const visitId: string = created.body.visitId;
  let state: State = { stage: 'reception' };
  for (const step of STEPS) {
    const as = http.as(tokenFor(tokens, step.role, state));
    for (;;) {
      c.requests++;
      const res = await as.post(`/visits/${visitId}/actions/${step.action}`, step.payload(state), idem());
      if (res.status === 200) {
        c.actionMs.push(res.ms);
        state = res.body;
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`${visitId} ${step.action}: ${res.status} ${JSON.stringify(res.body)} past the deadline`);
      if (res.status === 409 && step.action === 'assign_technician' && /being prepared/.test(res.body?.error?.message ?? '')) {
        c.dispatchRetries++;
        await sleep(25);
        continue;
      }
      if (res.status !== 409 && res.status < 500)
        throw new Error(`${visitId} ${step.action}: ${res.status} ${JSON.stringify(res.body)}`);
      countError(c, res, step.action);
      await sleep(100);
      c.requests++;
      const read = await advisor.get(`/visits/${visitId}`);
      if (read.status === 200 && read.body.state) state = read.body.state;
      if (step.done(state)) break;
    }
  }
  if (state.stage !== 'aftercare') throw new Error(`${visitId} ended the loop at ${state.stage}, not aftercare`);
  return visitId;
}

/** CPU ms so far of the stack process and the Temporal dev server (see MemoryReport). */
export type CpuProbe = () => Promise<{ stack: number; temporal: number; database: number }>;

export interface CpuPer {
  /** CPU ms per unit (visit, workflow, booking) in the stack process (worker + API + PGlite) and in the dev server. */
  stackMs: number;
  temporalMs: number;
  /** PostgreSQL's processes; 0 on PGlite, whose time is in stackMs. */
  databaseMs: number;
  totalMs: number;
}

async function cpuPer(probe: CpuProbe | undefined, units: number, work: () => Promise<void>): Promise<CpuPer | undefined> {
  const a = await probe?.();
  await work();
  const b = await probe?.();
  if (!a || !b) return undefined;
  const stackMs = round((b.stack - a.stack) / units, 1);
  const temporalMs = round((b.temporal - a.temporal) / units, 1);
  const databaseMs = round((b.database - a.database) / units, 1);
  return { stackMs, temporalMs, databaseMs, totalMs: round(stackMs + temporalMs + databaseMs, 1) };
}

export interface ThroughputRow {
  concurrency: number;
  visits: number;
  visitsPerSecond: number;
  actionsPerSecond: number;
  action: Summary;
  walkIn: Summary;
  dispatchRetries: number;
  errors: Record<string, number>;
  ceilingPerSecond: number;
  ceiling: Summary;
  ratioToCeiling: number;
  /** CPU per whole visit and per ceiling workflow, and their ratio: unlike wall times, not inflated by other load. */
  cpuPerVisit?: CpuPer;
  cpuPerCeiling?: CpuPer;
  cpuRatio?: number;
  /** The skeleton visit (same updates, timers and activity calls, empty bodies) at the same count and concurrency. */
  skeletonPerSecond: number;
  skeleton: Summary;
  cpuPerSkeleton?: CpuPer;
  /** CPU per whole visit ÷ CPU per skeleton visit (target ≤ 1.5). */
  cpuRatioToSkeleton?: number;
  /** Workflow queries the API sent to Temporal while these visits ran. */
  workflowQueries: number;
}

/** The script skeleton visits run, compiled once from a whole visit of this run, and what runs them. */
export interface SkeletonRun {
  /** `runSkeleton` in the stack process (bench/stack.ts), so its CPU holds the client's side of the updates too. */
  run(compiled: CompiledSkeleton, count: number, concurrency: number): Promise<SkeletonReport>;
  compiled?: CompiledSkeleton;
  compile(visitId: string): Promise<CompiledSkeleton>;
  /** One skeleton visit that ran the whole script, whose history the bench replays beside the visit's. */
  sampleId?: string;
}

/**
 * Skeleton visits through the same lifecycle: started, sent the whole visit's updates with its arguments, parked.
 * Runs in the stack process: a whole visit's start and updates are sent by the API there, and their client-side
 * cost (gRPC, payloads) belongs to the skeleton's share as much as to the visit's.
 */
export async function runSkeleton(
  client: Client,
  taskQueue: string,
  compiled: CompiledSkeleton,
  count: number,
  concurrency: number,
): Promise<SkeletonReport> {
  const latencies: number[] = [];
  let sampleId: string | undefined;
  const wallMs = await pool(count, concurrency, async () => {
    const t0 = nowMs();
    const handle = await client.workflow.start(skeletonVisit, {
      taskQueue,
      workflowId: `skeleton-${randomUUID()}`,
      args: [compiled.script],
    });
    // Each update with the arguments the whole visit sent it (one JSON value per update in this API).
    for (const [i, update] of compiled.script.updates.entries())
      await handle.executeUpdate<void, [unknown, ...unknown[]]>(update.name, {
        args: (compiled.updateArgs[i] ?? [null]) as [unknown, ...unknown[]],
      });
    latencies.push(nowMs() - t0);
    sampleId ??= handle.workflowId;
  });
  return { perSecond: round((count / wallMs) * 1000, 3), latency: summarize(latencies), sampleId };
}

/** The ceiling: start a one-update workflow, answer its update, wait for it to complete. */
export async function runCeiling(client: Client, taskQueue: string, count: number, concurrency: number) {
  const latencies: number[] = [];
  const wallMs = await pool(count, concurrency, async () => {
    const t0 = nowMs();
    const handle = await client.workflow.start(ceiling, { taskQueue, workflowId: `ceiling-${randomUUID()}` });
    await handle.executeUpdate(pingUpdate, { args: ['ping'] });
    await handle.result();
    latencies.push(nowMs() - t0);
  });
  return { perSecond: round((count / wallMs) * 1000), latency: summarize(latencies) };
}

export async function runLifecycle(
  http: HttpClient,
  tokens: Tokens,
  client: Client,
  ceilingTaskQueue: string,
  count: number,
  concurrency: number,
  onVisit: (done: number) => void,
  cpu?: CpuProbe,
  /** `npm run bench`'s extras: the skeleton visit beside the whole one, and the API's workflow queries. */
  extra: { skeleton?: SkeletonRun; queries?: () => Promise<number> } = {},
): Promise<ThroughputRow> {
  const queries = extra.queries ?? (async () => 0);
  const c = newCounters();
  let done = 0;
  let wallMs = 0;
  const visitIds: string[] = [];
  const queriesBefore = await queries();
  const cpuPerVisit = await cpuPer(cpu, count, async () => {
    wallMs = await pool(count, concurrency, async () => {
      visitIds.push(await driveVisitOverHttp(http, tokens, c));
      onVisit(++done);
    });
    // The activities and workflow tasks a visit's last answer leaves behind belong to the visit.
    await sleep(1_000);
  });
  const workflowQueries = (await queries()) - queriesBefore;
  const visitsPerSecond = round((count / wallMs) * 1000, 3);
  const { skeleton } = extra;
  const firstVisit = visitIds[0];
  if (skeleton && !skeleton.compiled && firstVisit) skeleton.compiled = await skeleton.compile(firstVisit);
  const compiled = skeleton?.compiled;
  let skeletonRun: SkeletonReport = { perSecond: 0, latency: summarize([]) };
  const cpuPerSkeleton =
    skeleton && compiled
      ? await cpuPer(cpu, count, async () => {
          skeletonRun = await skeleton.run(compiled, count, concurrency);
          await sleep(1_000);
        })
      : undefined;
  if (skeleton) skeleton.sampleId ??= skeletonRun.sampleId;
  let ceilingRun = { perSecond: 0, latency: summarize([]) };
  const cpuPerCeiling = await cpuPer(cpu, count, async () => {
    ceilingRun = await runCeiling(client, ceilingTaskQueue, count, concurrency);
    await sleep(1_000);
  });
  return {
    concurrency,
    visits: count,
    visitsPerSecond,
    actionsPerSecond: round((c.actionMs.length / wallMs) * 1000),
    action: summarize(c.actionMs),
    walkIn: summarize(c.walkInMs),
    dispatchRetries: c.dispatchRetries,
    errors: c.errors,
    ceilingPerSecond: ceilingRun.perSecond,
    ceiling: ceilingRun.latency,
    ratioToCeiling: ratio(visitsPerSecond, ceilingRun.perSecond, 4),
    cpuPerVisit,
    cpuPerCeiling,
    cpuRatio: cpuPerVisit && cpuPerCeiling ? ratio(cpuPerVisit.totalMs, cpuPerCeiling.totalMs, 1) : undefined,
    skeletonPerSecond: skeletonRun.perSecond,
    skeleton: skeletonRun.latency,
    cpuPerSkeleton,
    cpuRatioToSkeleton: cpuPerVisit && cpuPerSkeleton ? ratio(cpuPerVisit.totalMs, cpuPerSkeleton.totalMs) : undefined,
    workflowQueries,
  };
}
