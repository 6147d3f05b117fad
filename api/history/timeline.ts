// Over 300 lines on purpose: `historyTimeline` is one pass over a history, one case per event type that
// becomes an entry; the values it reads out of events are event-values.ts, the lanes lanes.ts.
import { z } from '@hono/zod-openapi';
import type { History, Payload } from '@temporalio/common/lib/proto-utils.js';
import { Stage } from '../../domain/stages.js';
import { Lane } from '../../domain/visit-state.js';
import { LOCAL_ACTIVITY_MARKER } from '../../runtime/history-json.js';
import {
  describeActivityInput,
  type HistoryEvent,
  humanDuration,
  isRecord,
  type LongLike,
  millis,
  num,
  recordedLaneOf,
  searchAttribute,
  stageOf,
  str,
  trimmed,
} from './event-values.js';
import { HISTORY_ENTRY_KINDS, type HistoryEntryKind, laneOf } from './lanes.js';

export const HistoryEntry = z
  .object({
    eventId: z.number().int().openapi({ description: 'The Temporal history event this entry reads' }),
    at: z.string(),
    kind: z.enum(HISTORY_ENTRY_KINDS),
    name: z.string().nullable().openapi({ description: 'Action, signal, activity type or timer id' }),
    lane: Lane,
    actor: z.object({ id: z.string(), role: z.string() }).nullable(),
    summary: z.string(),
    fromStage: Stage.nullable().optional(),
    toStage: Stage.nullable().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('HistoryEntry');
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Turns a payload into its value with the client's data converter (codecs included); undefined when it cannot. */
export type PayloadDecoder = (payload: Payload | null | undefined) => Promise<unknown>;

/**
 * The values a screen words an activity from in the reader's language (web/entry-words.ts): the event a
 * `recordVisitEvent` writes, the task an `openTask` puts on the call list.
 */
function wordsOfActivityInput(input: unknown): Record<string, unknown> {
  if (!isRecord(input)) return {};
  if (isRecord(input.entry) && str(input.entry.type))
    return { event: { type: input.entry.type, data: trimmed(isRecord(input.data) ? input.data : {}) } };
  if (str(input.kind) && str(input.id) && str(input.title))
    return { task: { id: input.id, kind: input.kind, title: input.title, params: isRecord(input.params) ? input.params : null } };
  return {};
}

/** A visit event as `visit_events` holds it (its words and lane are in `data`), by its number. */
export interface RecordedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** A task as `tasks` holds it, by its id: the words of an `openTask` that ran as a local activity. */
export interface RecordedTask {
  id: string;
  kind: string;
  title: string;
  params: unknown;
}

/** What the read model holds of the visit's local activities' writes, which their markers name by id. */
export interface RecordedWrites {
  events: ReadonlyMap<number, RecordedEvent>;
  tasks: ReadonlyMap<string, RecordedTask>;
}

/** The input a `recordVisitEvent` activity was given, rebuilt from the event it wrote. */
const eventWriteInput = ({ type, data: { summary, lane, ...data } }: RecordedEvent) => ({
  entry: { type, summary, lane },
  data,
});

/** A page of the timeline: the entries after an event id, at most `limit` of them and one more to say there are more. */
export interface TimelinePage {
  afterEventId: number;
  limit: number;
}

/**
 * The workflow history as the story of the visit: one entry per meaningful event — opened, each accepted
 * action (who, when), timers, activities, signals, stage changes, the end — each tagged with its
 * service-blueprint lane (see `laneOf`). Workflow-task bookkeeping is left out.
 *
 * With a page, events before it are only read for what later entries carry (the stage, timers, activities, who
 * asked for an action), and reading stops after the page: a payload (an action's arguments, which can be a
 * 200 kB drawn signature) is decoded only for an entry the page shows, so paging through a big history costs
 * each page its own events, not the whole history's again.
 */
export async function historyTimeline(
  history: History | readonly History[],
  decodePayload: PayloadDecoder,
  recorded: RecordedWrites = { events: new Map(), tasks: new Map() },
  page: TimelinePage = { afterEventId: 0, limit: Number.POSITIVE_INFINITY },
): Promise<HistoryEntry[]> {
  // A visit that continued as new has one history per run; event ids run on across them, so each stays a cursor.
  const runs: readonly History[] = Array.isArray(history) ? history : [history as History];
  let offset = 0;
  const decode = async (payload: Payload | null | undefined) => {
    if (!payload) return undefined;
    try {
      return await decodePayload(payload);
    } catch {
      return undefined;
    }
  };
  const summaryOf = async (event: HistoryEvent) => str(await decode(event.userMetadata?.summary));

  const entries: HistoryEntry[] = [];
  const timers = new Map<number, { timerId: string; durationMs: number; what?: string }>();
  const activities = new Map<number, { type: string; activityId: string; what?: string }>();
  // An action's arguments stay undecoded until an entry shows them (its own, or its failure's actor).
  const updates = new Map<string, { name: string; args: Payload | null | undefined }>();
  const actionOf = async (args: Payload | null | undefined) => {
    const arg = await decode(args);
    const request = isRecord(arg) ? arg : {};
    const actorIn = isRecord(request.actor) ? request.actor : undefined;
    const actor = actorIn && str(actorIn.id) && str(actorIn.role) ? { id: String(actorIn.id), role: String(actorIn.role) } : null;
    return { actor, payload: request.payload };
  };
  let stage: Stage | null = null;
  let promisedAt: string | null = null;

  const push = (
    event: HistoryEvent,
    entry: Omit<HistoryEntry, 'eventId' | 'at' | 'lane' | 'actor' | 'name'> & {
      kind: HistoryEntryKind;
      name?: string | null;
      actor?: HistoryEntry['actor'];
      visitKind?: string;
      recordedLane?: Lane;
    },
  ) => {
    const eventId = offset + num(event.eventId as LongLike);
    if (eventId <= page.afterEventId) return;
    const { visitKind, recordedLane, ...rest } = entry;
    const atMs = millis(event.eventTime);
    entries.push({
      eventId,
      at: atMs === null ? '' : new Date(atMs).toISOString(),
      ...rest,
      name: entry.name ?? null,
      actor: entry.actor ?? null,
      lane: laneOf({ kind: entry.kind, name: entry.name, actorRole: entry.actor?.role, visitKind, recordedLane }),
    });
  };

  for (const run of runs) {
    // Timers and activities are named by the event ids of their own run.
    timers.clear();
    activities.clear();
    for (const event of run.events ?? []) {
      const eventId = num(event.eventId as LongLike);
      if (entries.length > page.limit) return entries;
      // Before the page, an event is read only for what the entries after it need.
      const shown = offset + eventId > page.afterEventId;

      const started = event.workflowExecutionStartedEventAttributes;
      if (started) {
        const input = await decode(started.input?.payloads?.[0]);
        if (isRecord(input) && isRecord(input.aftercare)) {
          // The visit's aftercare run: the story goes on where its last run continued as new.
          stage = 'aftercare';
          continue;
        }
        const v = isRecord(input) ? input : {};
        const vehicle = isRecord(v.vehicle) ? v.vehicle : {};
        const customer = isRecord(v.customer) ? v.customer : {};
        stage =
          stageOf(searchAttribute(started.searchAttributes?.indexedFields?.VisitStage)) ??
          (v.kind === 'walk_in' ? 'reception' : 'booked');
        const who = [str(customer.name), [str(vehicle.model), str(vehicle.plate)].filter(Boolean).join(' ')]
          .filter(Boolean)
          .join(', ');
        const opened =
          v.kind === 'walk_in'
            ? 'Walk-in at reception'
            : `Appointment booked${str(v.appointmentAt) ? ` for ${v.appointmentAt}` : ''}`;
        push(event, {
          kind: 'visit_opened',
          name: started.workflowType?.name ?? null,
          visitKind: str(v.kind),
          summary: `${opened}${who ? `: ${who}` : ''}${str(v.advisorId) ? ` (advisor ${v.advisorId})` : ''}`,
          toStage: stage,
          details: trimmed({
            visitKind: v.kind,
            advisorId: v.advisorId,
            appointmentAt: v.appointmentAt,
            requestedServices: v.requestedServices,
            priorityReason: v.priorityReason,
          }) as Record<string, unknown>,
        });
        continue;
      }

      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
      if (accepted) {
        const name = accepted.acceptedRequest?.input?.name ?? 'update';
        const updateId = accepted.acceptedRequest?.meta?.updateId ?? accepted.protocolInstanceId ?? '';
        const args = accepted.acceptedRequest?.input?.args?.payloads?.[0];
        updates.set(updateId, { name, args });
        if (!shown) continue;
        const { actor, payload } = await actionOf(args);
        push(event, {
          kind: 'action',
          name,
          actor,
          summary: `${name.replaceAll('_', ' ')}${actor ? ` by ${actor.id} (${actor.role})` : ''}`,
          details: { updateId, payload: trimmed(payload) },
        });
        continue;
      }

      const completedUpdate = event.workflowExecutionUpdateCompletedEventAttributes;
      if (completedUpdate) {
        const failure = completedUpdate.outcome?.failure;
        if (failure && shown) {
          const updateId = completedUpdate.meta?.updateId ?? '';
          const update = updates.get(updateId);
          const actor = update ? (await actionOf(update.args)).actor : null;
          push(event, {
            kind: 'action_failed',
            name: update?.name ?? null,
            actor,
            summary: `${(update?.name ?? 'action').replaceAll('_', ' ')} failed: ${failure.message ?? 'no reason given'}`,
            details: { updateId },
          });
        }
        continue;
      }

      const signaled = event.workflowExecutionSignaledEventAttributes;
      if (signaled) {
        if (!shown) continue;
        const input = await decode(signaled.input?.payloads?.[0]);
        push(event, {
          kind: 'signal',
          name: signaled.signalName ?? null,
          summary: `Signal ${signaled.signalName ?? ''} received`,
          details: { input: trimmed(input), identity: signaled.identity ?? null },
        });
        continue;
      }

      const upsert = event.upsertWorkflowSearchAttributesEventAttributes;
      if (upsert) {
        const fields = upsert.searchAttributes?.indexedFields ?? {};
        if (fields.VisitStage) {
          const next = stageOf(searchAttribute(fields.VisitStage));
          if (next && next !== stage) {
            push(event, {
              kind: 'stage_changed',
              name: 'VisitStage',
              summary: `Stage ${stage ?? '?'} → ${next}`,
              fromStage: stage,
              toStage: next,
            });
            stage = next;
          }
        }
        if (fields.PromisedAt) {
          const value = searchAttribute(fields.PromisedAt);
          const next = value instanceof Date ? value.toISOString() : str(value);
          if (next && next !== promisedAt) {
            push(event, {
              kind: 'promised_time_set',
              name: 'PromisedAt',
              summary: `Promised for ${next}`,
              details: { promisedAt: next },
            });
            promisedAt = next;
          }
        }
        continue;
      }

      const timerStarted = event.timerStartedEventAttributes;
      if (timerStarted) {
        const durationMs = millis(timerStarted.startToFireTimeout) ?? 0;
        const what = await summaryOf(event);
        const timerId = timerStarted.timerId ?? String(eventId);
        timers.set(eventId, { timerId, durationMs, what });
        const atMs = millis(event.eventTime);
        push(event, {
          kind: 'timer_started',
          name: timerId,
          summary: `Timer set for ${humanDuration(durationMs)}${what ? `: ${what}` : ''}`,
          details: {
            timerId,
            durationMs,
            firesAt: atMs === null ? null : new Date(atMs + durationMs).toISOString(),
            for: what ?? null,
          },
        });
        continue;
      }

      const timerFired = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
      if (timerFired) {
        const fired = Boolean(event.timerFiredEventAttributes);
        const timer = timers.get(num(timerFired.startedEventId as LongLike));
        const timerId = timerFired.timerId ?? timer?.timerId ?? '';
        const span = timer ? ` (${humanDuration(timer.durationMs)})` : '';
        push(event, {
          kind: fired ? 'timer_fired' : 'timer_canceled',
          name: timerId,
          summary: `${fired ? 'Timer fired' : 'Timer cancelled'}${span}${timer?.what ? `: ${timer.what}` : ''}`,
          details: { timerId, durationMs: timer?.durationMs ?? null, for: timer?.what ?? null },
        });
        continue;
      }

      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) {
        const type = scheduled.activityType?.name ?? 'activity';
        const input = await decode(scheduled.input?.payloads?.[0]);
        const what = (await summaryOf(event)) ?? describeActivityInput(input);
        const activityId = scheduled.activityId ?? String(eventId);
        activities.set(eventId, { type, activityId, what });
        push(event, {
          kind: 'activity_scheduled',
          name: type,
          recordedLane: recordedLaneOf(input),
          summary: `${type}${what ? `: ${what}` : ''}`,
          details: { activityId, ...wordsOfActivityInput(input) },
        });
        continue;
      }

      const done =
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes ??
        event.activityTaskCanceledEventAttributes;
      if (done) {
        const activity = activities.get(num(done.scheduledEventId as LongLike));
        const type = activity?.type ?? 'activity';
        const [kind, verb]: [HistoryEntryKind, string] = event.activityTaskCompletedEventAttributes
          ? ['activity_completed', 'done']
          : event.activityTaskFailedEventAttributes
            ? ['activity_failed', 'failed']
            : event.activityTaskTimedOutEventAttributes
              ? ['activity_timed_out', 'timed out']
              : ['activity_canceled', 'cancelled'];
        const failure = 'failure' in done ? done.failure : undefined;
        push(event, {
          kind,
          name: type,
          summary: `${type} ${verb}${failure?.message ? `: ${failure.message}` : ''}`,
          details: { activityId: activity?.activityId ?? null, ...(failure?.message ? { failure: failure.message } : {}) },
        });
        continue;
      }

      // A local activity (a visit's event and task writes) leaves one marker: its type, outcome and result, not
      // its input. An event write answers the event's number and a task's opening its id, whose words the
      // database still holds.
      const marker = event.markerRecordedEventAttributes;
      if (marker?.markerName === LOCAL_ACTIVITY_MARKER) {
        if (!shown) continue;
        const data = await decode(marker.details?.data?.payloads?.[0]);
        const result = await decode(marker.details?.result?.payloads?.[0]);
        const type = isRecord(data) && str(data.activity_type) ? String(data.activity_type) : 'activity';
        const written = isRecord(result) && typeof result.seq === 'number' ? recorded.events.get(result.seq) : undefined;
        const input = written
          ? eventWriteInput(written)
          : isRecord(result) && str(result.taskId)
            ? recorded.tasks.get(String(result.taskId))
            : undefined;
        const what = input && describeActivityInput(input);
        const failure = marker.failure?.message;
        push(event, {
          kind: failure ? 'activity_failed' : 'activity_completed',
          name: type,
          recordedLane: recordedLaneOf(input),
          summary: failure ? `${type} failed: ${failure}` : `${type}${what ? `: ${what}` : ''}`,
          details: {
            activityId: isRecord(data) && str(data.activity_id) ? String(data.activity_id) : null,
            local: true,
            ...(failure ? { failure } : wordsOfActivityInput(input)),
          },
        });
        continue;
      }

      const signalOut = event.signalExternalWorkflowExecutionInitiatedEventAttributes;
      if (signalOut) {
        const target = signalOut.workflowExecution?.workflowId ?? '';
        push(event, {
          kind: 'signal_sent',
          name: signalOut.signalName ?? null,
          summary: `Signal ${signalOut.signalName ?? ''} sent to visit ${target}`,
          details: { workflowId: target },
        });
        continue;
      }

      const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (child) {
        push(event, {
          kind: 'child_workflow_started',
          name: child.workflowType?.name ?? null,
          summary: `Started ${child.workflowType?.name ?? 'workflow'} ${child.workflowId ?? ''}`.trim(),
        });
        continue;
      }

      const completed = event.workflowExecutionCompletedEventAttributes;
      if (completed) {
        if (!shown) continue;
        const result = await decode(completed.result?.payloads?.[0]);
        const final = isRecord(result) ? stageOf(result.stage) : null;
        push(event, {
          kind: 'visit_completed',
          summary: `Visit process finished${final ? ` at ${final}` : ''}`,
          fromStage: stage,
          toStage: final ?? stage,
        });
        continue;
      }

      const ended =
        (event.workflowExecutionFailedEventAttributes &&
          (['visit_failed', 'failed', event.workflowExecutionFailedEventAttributes.failure?.message] as const)) ||
        (event.workflowExecutionTimedOutEventAttributes && (['visit_timed_out', 'timed out', undefined] as const)) ||
        (event.workflowExecutionTerminatedEventAttributes &&
          (['visit_terminated', 'terminated', event.workflowExecutionTerminatedEventAttributes.reason] as const)) ||
        (event.workflowExecutionCanceledEventAttributes && (['visit_canceled', 'cancelled', undefined] as const)) ||
        (event.workflowExecutionContinuedAsNewEventAttributes &&
          (['continued_as_new', 'went on in a new run (its aftercare)', undefined] as const));
      if (ended) {
        const [kind, verb, reason] = ended;
        push(event, { kind, summary: `Visit process ${verb}${reason ? `: ${reason}` : ''}`, fromStage: stage });
      }
    }
    offset += run.events?.length ?? 0;
  }
  return entries;
}
