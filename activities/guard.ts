import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { alerts } from '../db/care-schema.js';
import type { Database } from '../db/client.js';
import { classifyDatabaseError } from '../db/errors.js';
import { FAILING_ALERT_AFTER_MS, RECORD_REJECTED, type RecordRejectedDetails } from '../domain/incidents.js';
import { log } from '../runtime/log.js';

export interface GuardOptions {
  /** How long an activity may keep failing before it shows on `GET /alerts`; tests shorten it. */
  failingAlertAfterMs?: number;
}

type WorkflowActivity = Context['info'] & { workflowExecution: { workflowId: string } };

/** The workflow's activity being run, or none when a function is called outside a worker (a script, a test). */
function currentActivity(): WorkflowActivity | undefined {
  try {
    const info = Context.current().info;
    return info.workflowExecution ? { ...info, workflowExecution: info.workflowExecution } : undefined;
  } catch {
    return undefined;
  }
}

const failingAlertId = (info: WorkflowActivity) => `failing:${info.workflowExecution.workflowId}:${info.activityId}`;

/**
 * Every activity runs through here, so one rule decides what a failure means [S7]:
 * - the database refused the record for good (`db/errors.ts`): a non-retryable `RecordRejected` failure whose
 *   message names the condition, table and constraint but never the refused values; the workflow turns it
 *   into an incident;
 * - an outage: thrown as is and retried until the database is back (there is nowhere to report it meanwhile;
 *   `/healthz` says so);
 * - anything else: retried, and once it has been failing for `failingAlertAfterMs` recorded as an
 *   `activity_failing` alert, resolved when an attempt gets through.
 * The failing activities report themselves rather than a monitor describing every open workflow: that costs
 * one query per failed attempt of a long-failing activity, where describing thousands of open visits every
 * minute would cost thousands of calls to Temporal to find none.
 */
export function guarded<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  db: Database,
  activities: T,
  options: GuardOptions = {},
): T {
  const alertAfterMs = options.failingAlertAfterMs ?? FAILING_ALERT_AFTER_MS;
  const longFailing = (info: WorkflowActivity) => info.attempt > 1 && Date.now() - info.scheduledTimestampMs >= alertAfterMs;

  async function reportFailing(info: WorkflowActivity, cause: string) {
    const values = {
      id: failingAlertId(info),
      kind: 'activity_failing',
      scope: info.workflowType ?? 'workflow',
      subject: info.workflowExecution.workflowId,
      activity: info.activityType,
      cause,
      attempts: info.attempt,
      failingSince: new Date(info.scheduledTimestampMs),
    };
    await db
      .insert(alerts)
      .values(values)
      .onConflictDoUpdate({ target: alerts.id, set: { cause, attempts: info.attempt, status: 'open', resolvedAt: null } })
      .catch((err) => log.warn({ err: String(err), alert: values.id }, 'could not record a failing activity'));
  }

  async function reportRecovered(info: WorkflowActivity) {
    await db
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(and(eq(alerts.id, failingAlertId(info)), eq(alerts.status, 'open')))
      .catch((err) => log.warn({ err: String(err) }, 'could not resolve a failing-activity alert'));
  }

  async function failure(err: unknown): Promise<unknown> {
    if (err instanceof ApplicationFailure || err instanceof CancelledFailure) return err;
    const classified = classifyDatabaseError(err);
    const info = currentActivity();
    if (classified.kind === 'rejected') {
      const details: RecordRejectedDetails = {
        sqlstate: classified.sqlstate,
        condition: classified.condition,
        ...(info && { activity: { type: info.activityType, id: info.activityId } }),
      };
      return ApplicationFailure.create({
        type: RECORD_REJECTED,
        message: `The database refused the record: ${classified.cause}`,
        nonRetryable: true,
        details: [details],
      });
    }
    if ((classified.kind === 'other' || classified.kind === 'contention') && info && longFailing(info))
      await reportFailing(info, classified.cause);
    return err;
  }

  const wrapped = Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (...args: never[]) => {
        let result: unknown;
        try {
          result = await activity(...args);
        } catch (err) {
          throw await failure(err);
        }
        const info = currentActivity();
        if (info && longFailing(info)) await reportRecovered(info);
        return result;
      },
    ]),
  );
  return wrapped as T;
}
