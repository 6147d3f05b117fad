import { defaultPayloadConverter } from '@temporalio/common';
import type { History, Payload } from '@temporalio/common/lib/proto-utils.js';
import { Stage } from '../../domain/stages.js';
import { clip } from '../../domain/text-rules.js';
import { Lane } from '../../domain/visit-state.js';

// Values read out of a Temporal history's events for the visit's timeline (timeline.ts): numbers, durations,
// search attributes, stages, and what an activity's input says it was doing.

export type HistoryEvent = NonNullable<History['events']>[number];
export type LongLike = number | { toNumber(): number } | null | undefined;

export const num = (value: LongLike): number => (value == null ? 0 : typeof value === 'number' ? value : value.toNumber());
export const millis = (t: { seconds?: LongLike; nanos?: number | null } | null | undefined): number | null =>
  t ? num(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1_000_000) : null;

export function humanDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Strings longer than this (signature images, long notes) are cut in the timeline; `?format=raw` has them whole. */
export const MAX_STRING = 200;

export function trimmed(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value, MAX_STRING + 1, '…');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => trimmed(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v, depth + 1)]));
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** A search attribute as the server keeps it (never codec-encoded); keyword lists come as arrays. */
export function searchAttribute(payload: Payload | null | undefined): unknown {
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload as never);
    return Array.isArray(value) ? value[0] : value;
  } catch {
    return undefined;
  }
}

export const stageOf = (value: unknown): Stage | null => {
  const parsed = Stage.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** The lane of the visit event an activity writes (recordVisitEvent's `entry.lane`), if that is what it writes. */
export function recordedLaneOf(input: unknown): Lane | undefined {
  if (!isRecord(input) || !isRecord(input.entry)) return undefined;
  const lane = Lane.safeParse(input.entry.lane);
  return lane.success ? lane.data : undefined;
}

/** What an activity was doing, read from its input when the input says (a task's title, an event's summary…). */
export function describeActivityInput(input: unknown): string | undefined {
  if (!isRecord(input)) return undefined;
  const entry = isRecord(input.entry) ? input.entry : undefined;
  const notification = isRecord(input.notification) ? input.notification : undefined;
  return (
    str(entry?.summary) ??
    str(input.title) ??
    str(input.summary) ??
    str(input.template) ??
    str(notification?.template) ??
    (str(input.kind) && str(input.id) ? `${input.kind} ${input.id}` : undefined)
  );
}
