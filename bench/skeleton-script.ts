/**
 * A skeleton visit's script, read off a real visit's history: the updates it was sent, and per update (and
 * before the first) the activities it scheduled and the timers it started and cancelled, in the workflow tasks
 * that did so. bench/skeleton-workflow.ts replays that shape with empty bodies, so the bench can price the
 * domain's own work as a ratio: what a visit costs beyond the same updates, timers and activity calls.
 */
import { LOCAL_ACTIVITY_MARKER } from '../runtime/history-json.js';

/**
 * Commands one workflow task completed with: activity types, local activity types (one after the other, as a
 * visit writes its events), timers started [id, ms, fired in the original], timers cancelled.
 */
export interface Batch {
  activities: string[];
  localActivities: string[];
  timers: [id: string, ms: number, fires: boolean][];
  cancels: string[];
}

/** Before the update's answer (`handler`) and after it, until the next update arrived (`after`). */
export interface Segment {
  handler: Batch[];
  after: Batch[];
}

export interface SkeletonScript {
  /** From the start to the first update. */
  start: Batch[];
  updates: { name: string; segment: Segment }[];
}

export interface CompiledSkeleton {
  script: SkeletonScript;
  /** The arguments each update was sent with (decoded JSON payloads), for the driver to send again. */
  updateArgs: unknown[][];
}

type JsonEvent = Record<string, unknown>;
type Attributes = Record<string, unknown> & { workflowTaskCompletedEventId?: string | number };

const attributesOf = (event: JsonEvent): Attributes =>
  (Object.entries(event).find(([key]) => key.endsWith('EventAttributes'))?.[1] ?? {}) as Attributes;

/** "0.434s" (protobuf Duration in JSON) → ms. */
const durationMs = (value: unknown) => Math.round(Number.parseFloat(String(value ?? '0').replace(/s$/, '')) * 1000);

function decodePayload(payload: { metadata?: Record<string, string>; data?: string }): unknown {
  const encoding = payload.metadata?.encoding ? Buffer.from(payload.metadata.encoding, 'base64').toString('utf8') : '';
  if (encoding === 'binary/null' || !payload.data) return undefined;
  return JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
}

/** The activity type a local activity's marker records (core's marker data: `activity_type`), or none for other markers. */
export function localActivityType(a: Attributes): string | undefined {
  if (a.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const data = (a.details as Record<string, { payloads?: { metadata?: Record<string, string>; data?: string }[] }>)?.data;
  const payload = data?.payloads?.[0];
  return payload ? (decodePayload(payload) as { activity_type?: string })?.activity_type : undefined;
}

/**
 * Compiles a visit's runs (it continues as new into its aftercare), oldest first, each in Temporal's JSON form
 * (test/histories, `historyToJson`), into one skeleton: a later run's commands follow the last update's.
 */
export function compileSkeleton(runs: { events: JsonEvent[] }[]): CompiledSkeleton {
  const script: SkeletonScript = { start: [], updates: [] };
  const updateArgs: unknown[][] = [];
  // Timer and workflow-task ids restart in each run: prefixed with the run's index.
  const events = runs.flatMap((history, run) => history.events.map((event) => ({ run, event, a: attributesOf(event) })));
  const fired = new Set(
    events.filter(({ event }) => event.eventType === 'EVENT_TYPE_TIMER_FIRED').map(({ run, a }) => `${run}:${a.timerId}`),
  );
  let batches = script.start;
  let lastTask: string | undefined;
  const batchFor = (task: string): Batch => {
    let batch = batches.at(-1);
    if (!batch || task !== lastTask) {
      batch = { activities: [], localActivities: [], timers: [], cancels: [] };
      batches.push(batch);
      lastTask = task;
    }
    return batch;
  };
  for (const { run, event, a } of events) {
    const task = `${run}:${a.workflowTaskCompletedEventId}`;
    const timer = `${run}:${a.timerId}`;
    switch (String(event.eventType)) {
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
        const input = (a.acceptedRequest as { input: { name: string; args?: { payloads?: [] } } }).input;
        const segment: Segment = { handler: [], after: [] };
        script.updates.push({ name: input.name, segment });
        updateArgs.push((input.args?.payloads ?? []).map(decodePayload));
        batches = segment.handler;
        lastTask = undefined;
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
        const segment = script.updates.at(-1)?.segment;
        if (segment) batches = segment.after;
        lastTask = undefined;
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED':
        batchFor(task).activities.push((a.activityType as { name: string }).name);
        break;
      case 'EVENT_TYPE_MARKER_RECORDED': {
        const local = localActivityType(a);
        if (local) batchFor(task).localActivities.push(local);
        break;
      }
      case 'EVENT_TYPE_TIMER_STARTED':
        batchFor(task).timers.push([timer, durationMs(a.startToFireTimeout), fired.has(timer)]);
        break;
      case 'EVENT_TYPE_TIMER_CANCELED':
        batchFor(task).cancels.push(timer);
        break;
    }
  }
  return { script, updateArgs };
}

/** Activity calls, local ones too, in a list of batches (to know when a parked skeleton has done its start). */
export const activityCount = (batches: Batch[]) =>
  batches.reduce((n, b) => n + b.activities.length + b.localActivities.length, 0);

/** How much a script does: its updates, and the activity calls (local ones too), timers started and timers cancelled in all of it. */
export function scriptShape(script: SkeletonScript) {
  const batches = [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])].flat();
  return {
    updates: script.updates.length,
    activities: activityCount(batches),
    timers: batches.reduce((n, b) => n + b.timers.length, 0),
    cancels: batches.reduce((n, b) => n + b.cancels.length, 0),
  };
}
