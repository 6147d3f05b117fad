// Size and replay CPU of the recorded histories in test/histories (the visits running in production stand for
// them): what a worker pays to bring an evicted visit back, and what the server stores per visit.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { type ReplayWorkerOptions, Worker } from '@temporalio/worker';
import { historyFromJson, historyStoredBytes, historyToJson } from '../runtime/history-json.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { workflowSources } from '../worker.js';
import { ratio, round } from './stats.js';

export interface HistoryFigure {
  name: string;
  events: number;
  /** The history as compact JSON (`temporal workflow show -o json` without indentation). */
  bytes: number;
  /** The history as the server stores it (protobuf). */
  storedBytes: number;
  /** Median CPU (user + system, every thread of the process) of one replay, over the passes. */
  replayCpuMs: number;
  replayCpuMsMax: number;
}

const historiesDir = fileURLToPath(new URL('../test/histories/', import.meta.url));
const skeletonWorkflowPath = fileURLToPath(new URL('./skeleton-workflow.ts', import.meta.url));

/** Events, compact JSON bytes and stored (protobuf) bytes of a history in Temporal's JSON form. */
export const historySize = (json: { events: unknown[] }) => ({
  events: json.events.length,
  bytes: Buffer.byteLength(JSON.stringify(json)),
  storedBytes: historyStoredBytes(json),
});

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Replays each history `passes` times in one replay worker (bundled once) and times each replay by the process's
 * CPU between one result and the next; the first replay also pays for bundling the workflows, so it is left out
 * and the median quoted. Answers each history's median and slowest replay, in the order given.
 */
async function replayCpu(
  options: ReplayWorkerOptions,
  histories: { name: string; history: History }[],
  passes: number,
): Promise<{ medianMs: number; maxMs: number }[]> {
  installTemporalRuntime();
  const samples = histories.map(() => [] as number[]);
  const order = Array.from({ length: passes }, () => histories.map((_, i) => i)).flat();
  const inputs = order.map((i, k) => ({ workflowId: `${histories[i]?.name}#${k}`, history: histories[i]?.history }));
  let mark = cpuMs();
  let n = 0;
  for await (const result of Worker.runReplayHistories(options, inputs)) {
    const now = cpuMs();
    const i = order[n++] as number;
    if (result.error) throw new Error(`replay of ${histories[i]?.name} failed: ${String(result.error)}`);
    if (n > 1) samples[i]?.push(now - mark);
    mark = cpuMs();
  }
  return samples.map((taken) => {
    const sorted = [...taken].sort((a, b) => a - b);
    return {
      medianMs: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN, 1),
      maxMs: round(sorted.at(-1) ?? Number.NaN, 1),
    };
  });
}

/** Size and replay CPU of every recorded history in test/histories, each replayed `passes` times. */
export async function measureHistories(passes: number): Promise<HistoryFigure[]> {
  const loaded = readdirSync(historiesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(`${historiesDir}${name}`, 'utf8'));
      return { name, json, history: historyFromJson(json) };
    });
  const cpu = await replayCpu({ ...workflowSources, replayName: 'bench-histories' }, loaded, passes);
  return loaded.map(({ name, json }, i) => ({
    name,
    ...historySize(json),
    replayCpuMs: cpu[i]?.medianMs ?? Number.NaN,
    replayCpuMsMax: cpu[i]?.maxMs ?? Number.NaN,
  }));
}

/**
 * Replay CPU of this run's whole visit (every run of it, summed) and of a skeleton visit that ran the same
 * script: what bringing an evicted visit back costs beyond what its updates, timers and activities cost the SDK.
 */
export async function measureLiveReplay(client: Client, visitId: string, skeletonId: string, passes: number) {
  const { runs } = await visitHistory(client, visitId);
  const visit = await replayCpu(
    { ...workflowSources, replayName: 'bench-live-visit' },
    runs.map((json, i) => ({ name: `visit-run${i + 1}`, history: historyFromJson(json) })),
    passes,
  );
  const skeletonHistory = await client.workflow.getHandle(skeletonId).fetchHistory();
  const [skeleton] = await replayCpu(
    { workflowsPath: skeletonWorkflowPath, replayName: 'bench-live-skeleton' },
    [{ name: 'skeleton', history: skeletonHistory }],
    passes,
  );
  const visitMs = round(
    visit.reduce((sum, run) => sum + run.medianMs, 0),
    1,
  );
  const skeletonMs = skeleton?.medianMs ?? Number.NaN;
  return { visitMs, skeletonMs, ratio: ratio(visitMs, skeletonMs) };
}

/** Every run of a live visit, oldest first (it continues as new into its aftercare), and their size together. */
export async function visitHistory(client: Client, visitId: string) {
  const runs: { events: Record<string, unknown>[] }[] = [];
  let runId: string | undefined;
  do {
    const json = historyToJson(await client.workflow.getHandle(visitId, runId).fetchHistory());
    runs.unshift(json);
    const started = json.events[0]?.workflowExecutionStartedEventAttributes as { continuedExecutionRunId?: string };
    runId = started?.continuedExecutionRunId || undefined;
  } while (runId);
  const sizes = runs.map(historySize);
  const size = {
    runs: runs.length,
    events: sizes.reduce((n, x) => n + x.events, 0),
    bytes: sizes.reduce((n, x) => n + x.bytes, 0),
    storedBytes: sizes.reduce((n, x) => n + x.storedBytes, 0),
  };
  return { runs, size };
}
