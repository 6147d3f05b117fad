// Before/after for one tuning: two bench stacks side by side (A = as configured, B = with the change), the
// same work alternated between them in slices so the machine's noise falls on both alike. Not part of
// `npm run bench`; run e.g.
//   BENCH_B='{"BENCH_WORKER_OPTIONS":"{\"maxCachedWorkflows\":20000}"}' npx tsx bench/compare.ts
// Sides take the stack's env knobs: BENCH_WORKER_OPTIONS, BENCH_TEMPORAL_ARGS, BENCH_POOL_SIZE,
// BENCH_DATABASE_URL (a PostgreSQL server; a fresh database is made on it) and BENCH_CODE_DIR (another checkout,
// to compare a code change: `git worktree add /tmp/before HEAD~1`, link node_modules and .tools into it).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { benchStaff, HttpClient } from './http.js';
import { runLifecycle } from './lifecycle.js';
import type { FiredReport, MemoryReport, ParkResult } from './protocol.js';
import { StackProcess } from './stack-client.js';
import { ratio, round, sleep } from './stats.js';
import type { Tokens } from './visit-steps.js';

const sides = { A: JSON.parse(process.env.BENCH_A || '{}'), B: JSON.parse(process.env.BENCH_B || '{}') } as Record<
  'A' | 'B',
  Record<string, string>
>;
const phases = (process.env.BENCH_CMP_PHASES || 'park,lifecycle,fire').split(',');
const parkSlice = Number(process.env.BENCH_CMP_PARK || 200);
const rounds = Number(process.env.BENCH_CMP_ROUNDS || 3);
const fireCount = Number(process.env.BENCH_CMP_FIRE || 600);
const lifecycleVisits = Number(process.env.BENCH_CMP_VISITS || 16);
const log = (text: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

const mean = (xs: number[] = []) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Each side's rates and CPU per unit over the rounds, and B's mean over A's. */
const bVersusA = (rates: Record<string, number[]>, cpu: Record<string, number[]>) => ({
  rates,
  cpu,
  ratioBtoA: ratio(mean(rates.B), mean(rates.A)),
  cpuRatioBtoA: ratio(mean(cpu.B), mean(cpu.A)),
});
const cpuOf = (m: MemoryReport) => m.stackCpuMs + (m.temporalServerCpuMs ?? 0);
const cpuSplit = (a: MemoryReport, b: MemoryReport, n: number) =>
  `stack ${round((b.stackCpuMs - a.stackCpuMs) / n, 1)} + server ${round(((b.temporalServerCpuMs ?? 0) - (a.temporalServerCpuMs ?? 0)) / n, 1)}`;

interface Side {
  name: 'A' | 'B';
  stack: StackProcess;
  http: HttpClient;
  client: Client;
  connection: Connection;
  tokens: Tokens;
  drop?: () => Promise<void>;
}

async function startSide(name: 'A' | 'B', work: string): Promise<Side> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...sides[name], LOG_LEVEL: 'warn' };
  const dir = join(work, name);
  mkdirSync(dir);
  env.BENCH_DATA_DIR = dir;
  let drop: (() => Promise<void>) | undefined;
  if (env.BENCH_DATABASE_URL) {
    const db = `servicelane_cmp_${name.toLowerCase()}_${Date.now().toString(36)}`;
    const admin = postgres(env.BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${db}`);
    const url = new URL(env.BENCH_DATABASE_URL);
    url.pathname = `/${db}`;
    env.BENCH_STACK_DATABASE_URL = url.toString();
    drop = async () => {
      await admin.unsafe(`drop database if exists ${db} with (force)`);
      await admin.end();
    };
  } else env.BENCH_STACK_DATABASE_URL = '';
  const stack = await StackProcess.start(env, join(work, `${name}.log`), () => {});
  const http = new HttpClient(stack.info.apiUrl);
  const tokens = await benchStaff(http);
  const connection = await Connection.connect({ address: stack.info.temporalAddress });
  log(`${name} up in ${stack.info.startupMs} ms (${stack.info.databaseKind}) ${JSON.stringify(sides[name])}`);
  return { name, stack, http, client: new Client({ connection }), connection, tokens, drop };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'servicelane-compare-'));
  const both = [await startSide('A', work), await startSide('B', work)];
  const results: Record<string, unknown> = { sides };
  try {
    if (phases.includes('park')) {
      const rates: Record<string, number[]> = { A: [], B: [] };
      const cpu: Record<string, number[]> = { A: [], B: [] };
      for (let i = 0; i < rounds; i++)
        for (const side of i % 2 === 0 ? both : [...both].reverse()) {
          const m0 = await side.stack.call<MemoryReport>({ cmd: 'memory' });
          const r = await side.stack.call<ParkResult>({
            cmd: 'park',
            request: { count: parkSlice, concurrency: 16, group: 'pilot', batch: 50 + i },
          });
          await sleep(3_000);
          const m1 = await side.stack.call<MemoryReport>({ cmd: 'memory' });
          rates[side.name]?.push(round((r.started / r.elapsedMs) * 1000));
          cpu[side.name]?.push(round((cpuOf(m1) - cpuOf(m0)) / r.started, 1));
          log(
            `park ${side.name}: ${rates[side.name]?.at(-1)} bookings/s, ${cpu[side.name]?.at(-1)} CPU ms/booking (${cpuSplit(m0, m1, r.started)})`,
          );
        }
      const park = bVersusA(rates, cpu);
      results.park = park;
      log(`park: rate B/A = ${park.ratioBtoA}, CPU per booking B/A = ${park.cpuRatioBtoA}`);
    }
    if (phases.includes('lifecycle')) {
      const rates: Record<string, number[]> = { A: [], B: [] };
      const cpu: Record<string, number[]> = { A: [], B: [] };
      for (let i = 0; i < Math.max(2, rounds - 1); i++)
        for (const side of i % 2 === 0 ? both : [...both].reverse()) {
          const probe = async () => {
            const m = await side.stack.call<MemoryReport>({ cmd: 'memory' });
            return { stack: m.stackCpuMs, temporal: m.temporalServerCpuMs ?? 0, database: m.databaseCpuMs ?? 0 };
          };
          const { ceilingTaskQueue } = side.stack.info;
          const row = await runLifecycle(
            side.http,
            side.tokens,
            side.client,
            ceilingTaskQueue,
            lifecycleVisits,
            16,
            () => {},
            probe,
          );
          rates[side.name]?.push(row.visitsPerSecond);
          cpu[side.name]?.push(row.cpuPerVisit?.totalMs ?? Number.NaN);
          log(
            `lifecycle ${side.name}: ${row.visitsPerSecond} visits/s (ceiling ${row.ceilingPerSecond}), CPU per visit ${JSON.stringify(row.cpuPerVisit)}, errors ${JSON.stringify(row.errors)}`,
          );
        }
      const lifecycle = bVersusA(rates, cpu);
      results.lifecycle = lifecycle;
      log(`lifecycle: rate B/A = ${lifecycle.ratioBtoA}, CPU per visit B/A = ${lifecycle.cpuRatioBtoA}`);
    }
    if (phases.includes('fire')) {
      const fire: Record<string, unknown> = {};
      for (const side of both) {
        const pilot = await side.stack.call<ParkResult>({
          cmd: 'park',
          request: { count: 100, concurrency: 16, group: 'pilot', batch: 90 },
        });
        const rate = (pilot.started / pilot.elapsedMs) * 1000;
        const dueAtMs = Date.now() + Math.ceil((fireCount / rate) * 1.4 + 15) * 1000;
        const due = await side.stack.call<ParkResult>({
          cmd: 'park',
          request: { count: fireCount, concurrency: 16, group: 'due', dueAtMs, batch: 91, stopAtMs: dueAtMs - 10_000 },
        });
        await sleep(Math.max(0, dueAtMs - Date.now()));
        const m0 = await side.stack.call<MemoryReport>({ cmd: 'memory' });
        let report = await side.stack.call<FiredReport>({ cmd: 'fired', dueAtMs, expected: due.started });
        const deadline = Date.now() + 600_000;
        while (report.created < due.started && Date.now() < deadline) {
          await sleep(1_000);
          report = await side.stack.call<FiredReport>({ cmd: 'fired', dueAtMs, expected: due.started });
        }
        const memory = await side.stack.call<MemoryReport>({ cmd: 'memory' });
        const cpuPerTimer = round((cpuOf(memory) - cpuOf(m0)) / Math.max(1, report.created), 1);
        fire[side.name] = {
          report,
          rss: memory.rssBytes,
          cached: memory.cachedWorkflows,
          perSecond: report.lagMax ? round(report.created / report.lagMax) : null,
          cpuPerTimer,
        };
        log(
          `fire ${side.name}: ${report.created}/${due.started} all after ${report.lagMax} s, ${cpuPerTimer} CPU ms/timer (${cpuSplit(m0, memory, report.created)}), RSS ${round(memory.rssBytes / 2 ** 20)} MiB, cached ${memory.cachedWorkflows}`,
        );
        // One side's firing must be over before the other's starts.
        await sleep(5_000);
      }
      results.fire = fire;
    }
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    for (const side of both) {
      side.http.close();
      await side.connection.close().catch(() => {});
      await side.stack.stop().catch(() => {});
      await side.drop?.().catch(() => {});
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
