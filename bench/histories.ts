// Size and replay CPU of the recorded histories in test/histories (the visits running in production stand for
// them): what a worker pays to bring an evicted visit back, and what the server stores per visit.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { historyFromJson, historyStoredBytes, historyToJson } from '../runtime/history-json.js';
import { installTemporalRuntime } from '../runtime/temporal-runtime.js';
import { workflowsPath } from '../worker.js';
import { round } from './stats.js';

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
 * Replays every recorded history `passes` times in one replay worker (bundled once) and times each replay by the
 * process's CPU between one result and the next; the first pass pays the bundle's warm-up, so the median is quoted.
 */
export async function measureHistories(passes: number): Promise<HistoryFigure[]> {
  installTemporalRuntime();
  const files = readdirSync(historiesDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const loaded = files.map((name) => {
    const json = JSON.parse(readFileSync(`${historiesDir}${name}`, 'utf8'));
    return { name, json, history: historyFromJson(json) };
  });
  const samples = loaded.map(() => [] as number[]);
  const order = Array.from({ length: passes }, () => loaded.map((_, i) => i)).flat();
  let mark = cpuMs();
  let n = 0;
  const inputs = order.map((i, k) => ({ workflowId: `${loaded[i]?.name}#${k}`, history: loaded[i]?.history }));
  for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'bench-histories' }, inputs)) {
    const now = cpuMs();
    const i = order[n++] as number;
    if (result.error) throw new Error(`replay of ${loaded[i]?.name} failed: ${String(result.error)}`);
    // The first replay also pays for bundling the workflows: not a replay's cost.
    if (n > 1) samples[i]?.push(now - mark);
    mark = cpuMs();
  }
  return loaded.map(({ name, json }, i) => {
    const sorted = [...(samples[i] ?? [])].sort((a, b) => a - b);
    return {
      name,
      ...historySize(json),
      replayCpuMs: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN, 1),
      replayCpuMsMax: round(sorted.at(-1) ?? Number.NaN, 1),
    };
  });
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
