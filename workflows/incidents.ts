import { ActivityFailure, ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { type Incident, type IncidentScope, RECORD_REJECTED, type RecordRejectedDetails } from '../domain/incidents.js';
import { nowIso, records } from './common.js';

/**
 * Patch id of "a record the database refused for good is an incident". Workflows check it once, at their
 * start: handling the failure adds steps to the promise chains of every write, which would reorder the
 * commands of a workflow started before (record activities then retried without end).
 */
export const RECORD_REJECTION_PATCH = 'record-rejection-is-an-incident';

export interface RaisedIncident extends Incident {
  /** The kind of refusal in plain words, without table names: what the person who acted is told. */
  condition: string;
}

/** A record refused for good: an activity's failure around it, or a local activity's (which comes bare). */
function refusal(err: unknown): { failure: ApplicationFailure; activity: string; activityId?: string } | undefined {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  if (!(failure instanceof ApplicationFailure) || failure.type !== RECORD_REJECTED) return undefined;
  if (err instanceof ActivityFailure) return { failure, activity: err.activityType, activityId: err.activityId };
  const named = (failure.details?.[0] as RecordRejectedDetails | undefined)?.activity;
  return { failure, activity: named?.type ?? 'record', activityId: named?.id };
}

/**
 * Raises the incident when `err` is a record the database refused for good (an alert with the cause, a task
 * for the administrator, the visit flagged) and returns it, so the workflow carries on without that record.
 * Anything else is rethrown.
 */
export async function incidentFrom(err: unknown, scope: IncidentScope, visitId?: string | null): Promise<RaisedIncident> {
  const refused = refusal(err);
  if (!refused) throw err;
  const { workflowId } = workflowInfo();
  const details = refused.failure.details?.[0] as RecordRejectedDetails | undefined;
  const incident: Incident = {
    id: `incident:${workflowId}:${refused.activityId ?? refused.activity}`,
    scope,
    subject: workflowId,
    activity: refused.activity,
    cause: refused.failure.message,
    at: nowIso(),
    visitId,
  };
  // The incident's own rows can be refused too (the same table may be broken); the workflow's state still has it.
  await records.raiseIncident(incident).catch((raiseErr) => {
    if (!refusal(raiseErr)) throw raiseErr;
  });
  return { ...incident, condition: details?.condition ?? 'data error' };
}

/** The answer to the action whose record was refused: it was accepted and is in the history, and who looks after it. */
export const recordRejected = (incident: RaisedIncident, what: string) =>
  ApplicationFailure.create({
    type: RECORD_REJECTED,
    nonRetryable: true,
    message: `${what} was accepted, but the database refused its record (${incident.condition}); an administrator has been alerted (${incident.id})`,
    details: [{ incidentId: incident.id, condition: incident.condition }],
  });
