/**
 * The bench's skeleton visit must have a whole visit's shape, or "CPU per whole visit ÷ skeleton" compares with
 * the wrong thing: read off a recorded visit, run on a real server, its own history reads back as the same script.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Batch, compileSkeleton, localActivityType, type SkeletonScript, scriptShape } from '../../bench/skeleton-script.js';
import { skeletonVisit } from '../../bench/skeleton-workflow.js';
import { historyToJson } from '../../runtime/history-json.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';

const recorded = (name: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../histories/${name}`, import.meta.url)), 'utf8'));

/** A visit as the code now runs it: its events and tasks written by local activities. */
const CURRENT_VISIT = 'happy-path-current-run1.json';

type RecordedEvent = {
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
  markerRecordedEventAttributes?: Record<string, unknown>;
};

/** The activity types a recorded history calls: scheduled, and local (read off core's markers). */
const activityTypes = (events: RecordedEvent[]) => ({
  scheduled: events.flatMap((e) =>
    e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType.name] : [],
  ),
  local: events.flatMap((e) => localActivityType(e.markerRecordedEventAttributes ?? {}) ?? []),
});

/**
 * What the comparison keeps: the updates in order, and over the whole run the activity types, the timers'
 * durations and the cancellations. Which segment a command lands in depends on how fast the updates follow the
 * start (the bench sends them as fast as they are answered, as it does a visit's), so segments are not compared.
 */
const shape = (script: SkeletonScript) => {
  const all: Batch[] = [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])].flat();
  return {
    updates: script.updates.map((u) => u.name),
    activities: all.flatMap((b) => b.activities).sort(),
    localActivities: all.flatMap((b) => b.localActivities),
    timers: all.flatMap((b) => b.timers.map(([, ms]) => ms)).sort((a, b) => a - b),
    cancels: all.reduce((n, b) => n + b.cancels.length, 0),
  };
};

describe('skeleton script', () => {
  it("keeps a recorded visit's updates, activity calls and timers, in order", () => {
    const history = recorded('happy-path.json');
    const { script, updateArgs } = compileSkeleton([history]);
    const types = history.events.map((e: { eventType: string }) => e.eventType);
    const count = (type: string) => types.filter((t: string) => t === `EVENT_TYPE_${type}`).length;
    const all = [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])].flat();
    expect(script.updates.map((u) => u.name)).toEqual(
      history.events
        .filter((e: { eventType: string }) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')
        .map(
          (e: { workflowExecutionUpdateAcceptedEventAttributes: { acceptedRequest: { input: { name: string } } } }) =>
            e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.name,
        ),
    );
    expect(all.reduce((n, b) => n + b.activities.length, 0)).toBe(count('ACTIVITY_TASK_SCHEDULED'));
    expect(all.reduce((n, b) => n + b.timers.length, 0)).toBe(count('TIMER_STARTED'));
    expect(all.reduce((n, b) => n + b.cancels.length, 0)).toBe(count('TIMER_CANCELED'));
    expect(updateArgs).toHaveLength(script.updates.length);
    expect(updateArgs[0]?.[0]).toMatchObject({ actor: { role: expect.any(String) } });
  });

  it("keeps a visit's local activities, in order", () => {
    const history = recorded(CURRENT_VISIT);
    const { script } = compileSkeleton([history]);
    const all = [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])].flat();
    const { scheduled, local } = activityTypes(history.events);
    expect(local.length).toBeGreaterThan(5);
    expect(all.flatMap((b) => b.localActivities)).toEqual(local);
    expect(all.flatMap((b) => b.activities).sort()).toEqual([...scheduled].sort());
  });

  it("numbers a later run's timers apart from the first run's", () => {
    const { script } = compileSkeleton([recorded('aftercare-run1.json'), recorded('aftercare-parked-run2.json')]);
    const ids = [script.start, ...script.updates.flatMap((u) => [u.segment.handler, u.segment.after])]
      .flat()
      .flatMap((b) => b.timers.map(([id]) => id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.startsWith('1:'))).toBe(true);
  });
});

describe('skeleton visit on a real server', () => {
  const taskQueue = `skeleton-test-${randomUUID()}`;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  let workerConnection: NativeConnection;

  beforeAll(async () => {
    installTemporalRuntime();
    workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../../bench/skeleton-workflow.ts', import.meta.url)),
      // Every activity the recorded visit calls, local or not, by name, doing nothing.
      activities: Object.fromEntries(
        [...new Set(Object.values(activityTypes(recorded(CURRENT_VISIT).events)).flat())].map((name) => [name, async () => {}]),
      ),
      shutdownForceTime: '10 seconds',
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
    await workerConnection?.close();
  });

  it("runs the recorded visit's shape: its own history reads back as the same script", async () => {
    const compiled = compileSkeleton([recorded(CURRENT_VISIT)]);
    const handle = await client.workflow.start(skeletonVisit, {
      taskQueue,
      workflowId: `skeleton-${randomUUID()}`,
      args: [compiled.script],
    });
    // Each update came, in the original, after what the visit had done by then (a task opened once a timer fired,
    // a timer started that the update cancels): sent sooner, it would find a skeleton still behind in an earlier
    // segment, and its local activities would go first.
    const doneBefore = (script: SkeletonScript, i: number) => {
      const { activities, timers } = scriptShape({ start: script.start, updates: script.updates.slice(0, i) });
      return { activities, timers };
    };
    for (const [i, update] of compiled.script.updates.entries()) {
      const before = doneBefore(compiled.script, i);
      await expect
        .poll(async () => {
          const done = doneBefore(compileSkeleton([historyToJson(await handle.fetchHistory())]).script, i);
          return done.activities >= before.activities && done.timers >= before.timers;
        })
        .toBe(true);
      await handle.executeUpdate<void, [unknown, ...unknown[]]>(update.name, {
        args: (compiled.updateArgs[i] ?? [null]) as [unknown, ...unknown[]],
      });
    }
    const expected = shape(compiled.script);
    await expect.poll(async () => shape(compileSkeleton([historyToJson(await handle.fetchHistory())]).script)).toEqual(expected);
    await handle.terminate('test done');
  });
});
