/**
 * Event and incident management [S7]. A record the database refuses for good (a constraint, an encoding, a
 * range) is not retried: its activity fails with `RECORD_REJECTED`, the workflow carries on without that
 * record and raises a `record_rejected` alert with a task for the administrator. An activity that keeps
 * failing for another reason keeps retrying and, after `FAILING_ALERT_AFTER_MS`, shows as `activity_failing`.
 */
export const AlertKind = ['kpi_target_missed', 'record_rejected', 'activity_failing'] as const;
export type AlertKind = (typeof AlertKind)[number];

/** Alerts about one workflow rather than the shop's KPIs. */
export const INCIDENT_KINDS = ['record_rejected', 'activity_failing'] as const satisfies readonly AlertKind[];

export const AlertStatus = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof AlertStatus)[number];

/** The failure type of an activity whose record the database refused, and of the action that caused it. */
export const RECORD_REJECTED = 'RecordRejected';

/** What a refused record's failure carries besides its message (the cause in plain words, for the alert). */
export interface RecordRejectedDetails {
  sqlstate: string;
  /** The kind of refusal without table or column names, for the person whose action it was. */
  condition: string;
  /**
   * The refused activity: a local activity's failure reaches the workflow as this failure alone, without the
   * activity failure around it that names the activity (absent from failures recorded before).
   */
  activity?: { type: string; id: string };
}

/** What a person is told an incident's cause was: the kind of refusal, without table, column or code. */
export const IncidentReason = [
  'too_long',
  'out_of_range',
  'bad_date',
  'bad_character',
  'bad_value',
  'missing_value',
  'missing_reference',
  'duplicate',
  'rule',
  'schema',
  'other',
] as const;
export type IncidentReason = (typeof IncidentReason)[number];

const REASON_BY_SQLSTATE: Readonly<Record<string, IncidentReason>> = {
  '22001': 'too_long',
  '22003': 'out_of_range',
  '22007': 'bad_date',
  '22008': 'bad_date',
  '22021': 'bad_character',
  '22P05': 'bad_character',
  '22P02': 'bad_value',
  '23502': 'missing_value',
  '23503': 'missing_reference',
  '23505': 'duplicate',
  '23514': 'rule',
  '42703': 'schema',
  '42P01': 'schema',
};

/**
 * The reason behind an alert's cause. The cause is the technical account the classifier wrote for IT
 * (db/errors.ts: "<condition> (SQLSTATE <code>; table …)"); people read the reason its SQLSTATE stands for.
 */
export function incidentReason(cause: string): IncidentReason {
  const code = /\(SQLSTATE ([0-9A-Z]{5})\b/.exec(cause)?.[1];
  if (!code) return 'other';
  return REASON_BY_SQLSTATE[code] ?? (code.startsWith('23') ? 'rule' : code.startsWith('42') ? 'schema' : 'other');
}

/** A few minutes: longer than a database restart or a failover, short enough that a stuck visit is seen the same hour. */
export const FAILING_ALERT_AFTER_MS = 3 * 60_000;

/** The workflows an incident can be about. */
export const IncidentScope = ['visit', 'complaint', 'rescue'] as const;
export type IncidentScope = (typeof IncidentScope)[number];

/** A record refused for good, as the workflow that wanted it written raises it. */
export interface Incident {
  /** Deterministic (workflow id + the failed activity's id), so a retried raise changes nothing. */
  id: string;
  scope: IncidentScope;
  subject: string;
  activity: string;
  cause: string;
  at: string;
  /** The visit to flag "needs attention" (the visit itself, or the one a complaint is about). */
  visitId?: string | null;
}
