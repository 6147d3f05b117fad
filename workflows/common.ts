import { type ActivityOptions, ApplicationFailure, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { REJECTION } from './messages.js';

/** Activities that write records: they must land however long the database is away, so retry without end. */
const RECORDING = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;

export const records = proxyActivities<Activities>(RECORDING);

/** Patch id of a visit writing its events as local activities. */
export const LOCAL_EVENT_WRITES_PATCH = 'visit-events-local';

export const localRecords = proxyLocalActivities<Activities>(RECORDING);

/**
 * The activities that write a visit's events, in order (`VisitRun.inOrder`): local activities from
 * LOCAL_EVENT_WRITES_PATCH on. The worker running the visit writes them at once and the history keeps one marker
 * per write, where an activity costs three events, a round trip through the server and often a workflow task of
 * its own (issue 13: most of a whole visit's history, replay and CPU). An event is a short write to PostgreSQL,
 * the worker's own database, so nothing is gained by queueing it; a worker that dies mid-write leaves the
 * workflow task to time out and the next worker writes it again, which the write allows (it is idempotent, as a
 * retried activity's must be). The retry policy is the same; no backoff exceeds the local retry threshold
 * (1 minute), so an outage is waited out in the worker.
 * Only the ordered writes: the tasks and messages a visit sends in the background stay activities. Local
 * activities that run side by side resolve in one order live and another on replay, which the replay of a
 * captured visit showed as a nondeterminism error.
 * Visits that began before keep writing events as activities, and replay so.
 */
export const eventWrites = () => (patched(LOCAL_EVENT_WRITES_PATCH) ? localRecords : records);

/** Workflow time (deterministic), as the ISO string that records and timelines carry. */
export const nowIso = () => new Date().toISOString();

/** An update validator's refusals: the API answers 409 and 422, and neither enters the history. */
export const notNow = (message: string) => ApplicationFailure.create({ type: REJECTION.notNow, message, nonRetryable: true });
export const invalid = (message: string) => ApplicationFailure.create({ type: REJECTION.invalid, message, nonRetryable: true });
