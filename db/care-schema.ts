import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { EntryDetail } from '../domain/entry-words.js';
import { customers, visits } from './schema.js';

// Customer care and the manager's loop [S4, S6, S7]: complaints, hotline calls, roadside rescues, KPI
// targets, the alerts raised against them, problem records for recurring comebacks and staff suggestions. The
// workflows decide; these rows, written by their activities, are what every GET and screen reads (db/care-view.ts).

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => at('created_at').notNull().defaultNow();

/** One complaint from receipt to closing, with its SLA deadlines and when each was met [S4]. */
export const complaints = pgTable(
  'complaints',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    stage: text('stage').notNull(),
    visitId: text('visit_id').references(() => visits.id),
    customerId: text('customer_id').references(() => customers.id),
    hotlineCallId: text('hotline_call_id'),
    plate: text('plate'),
    description: text('description').notNull(),
    satisfaction: integer('satisfaction'),
    assigneeId: text('assignee_id'),
    receivedAt: at('received_at').notNull(),
    firstResponseDueAt: at('first_response_due_at').notNull(),
    firstResponseAt: at('first_response_at'),
    resolutionDueAt: at('resolution_due_at').notNull(),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    firstResponseEscalatedAt: at('first_response_escalated_at'),
    resolutionEscalatedAt: at('resolution_escalated_at'),
    solution: text('solution'),
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    customerAccepted: boolean('customer_accepted'),
    /** The workflow's write counter: a late retry of an older snapshot never overwrites a newer one. */
    version: integer('version').notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('complaints_received_idx').on(t.receivedAt),
    index('complaints_stage_idx').on(t.stage, t.receivedAt),
    index('complaints_visit_idx').on(t.visitId),
  ],
);

/** The 24-hour hotline's log [S1.2, S3.5]: who called, what it was classified as, what was read back. */
export const hotlineCalls = pgTable(
  'hotline_calls',
  {
    id: text('id').primaryKey(),
    receivedAt: at('received_at').notNull(),
    takenBy: text('taken_by').notNull(),
    callerName: text('caller_name').notNull(),
    phone: text('phone').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    category: text('category').notNull(),
    /** What the keyword rule proposed; differs from `category` when the agent overruled it. */
    suggestedCategory: text('suggested_category').notNull(),
    summary: text('summary').notNull(),
    location: text('location'),
    plate: text('plate'),
    readBack: text('read_back').notNull(),
    rescueId: text('rescue_id'),
    complaintId: text('complaint_id'),
    createdAt: createdAt(),
  },
  (t) => [index('hotline_calls_received_idx').on(t.receivedAt)],
);

/** A roadside rescue from dispatch to the tow-in (which opens a walk-in visit) or an on-site fix. */
export const rescues = pgTable(
  'rescues',
  {
    id: text('id').primaryKey(),
    hotlineCallId: text('hotline_call_id'),
    customerId: text('customer_id').references(() => customers.id),
    stage: text('stage').notNull(),
    location: text('location').notNull(),
    problem: text('problem').notNull(),
    plate: text('plate'),
    crew: text('crew'),
    etaAt: at('eta_at'),
    etaMissedCount: integer('eta_missed_count').notNull().default(0),
    /** No crew set out in time and the service manager was called in. */
    setOutEscalated: boolean('set_out_escalated').notNull().default(false),
    dispatchedAt: at('dispatched_at').notNull(),
    onTheWayAt: at('on_the_way_at'),
    arrivedAt: at('arrived_at'),
    endedAt: at('ended_at'),
    visitId: text('visit_id'),
    version: integer('version').notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('rescues_dispatched_idx').on(t.dispatchedAt)],
);

/**
 * The timeline of a complaint or a rescue: one row per step or timer outcome, keyed by the workflow's own
 * sequence so a retried or replayed write lands once (the pattern of `visit_events`). One writer:
 * activities/care-records.ts, in the same transaction as the complaint's or rescue's row.
 */
export const careEvents = pgTable(
  'care_events',
  {
    id: text('id').primaryKey(),
    /** `complaint` or `rescue`: which table `subject_id` points into. */
    kind: text('kind').notNull(),
    subjectId: text('subject_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorId: text('actor_id').notNull(),
    at: at('at').notNull(),
    /** The entry in English as written before `detail` was recorded; screens word `type` + `detail` instead. */
    summary: text('summary').notNull(),
    /** The values a screen words the entry from in the reader's language (domain/entry-words.ts); null on old rows. */
    detail: jsonb('detail').$type<EntryDetail>(),
  },
  (t) => [uniqueIndex('care_events_seq_idx').on(t.subjectId, t.seq)],
);

/** A manager's target for one KPI; KPIs without a row use the defaults in domain/kpi-targets.ts. */
export const kpiTargets = pgTable('kpi_targets', {
  kpi: text('kpi').primaryKey(),
  direction: text('direction').notNull(),
  target: doublePrecision('target').notNull(),
  /** Fewer cases than this in the review window and the KPI is not judged (one late car is not a trend). */
  minSample: integer('min_sample').notNull().default(5),
  enabled: boolean('enabled').notNull().default(true),
  updatedBy: text('updated_by').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * Event management [S7]: what the service manager and the administrator must act on. A KPI that missed its
 * target in a review (`kpi_target_missed`, with the KPI columns), a record the database refused for good
 * (`record_rejected`: the workflow carries on, the record is missing), and an activity that has been failing
 * for minutes (`activity_failing`: still retrying, resolved when it gets through). `scope` is `shop` for a
 * KPI, else the kind of workflow (`visit`, `complaint`, `rescue`) whose id is `subject`.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    kpi: text('kpi'),
    scope: text('scope').notNull(),
    value: doublePrecision('value'),
    target: doublePrecision('target'),
    direction: text('direction'),
    sample: integer('sample'),
    periodFrom: at('period_from'),
    periodTo: at('period_to'),
    subject: text('subject'),
    activity: text('activity'),
    /** In plain words, without the values of the refused record. */
    cause: text('cause'),
    attempts: integer('attempts'),
    /** When the failing activity was first scheduled: how long the workflow has been held up. */
    failingSince: at('failing_since'),
    status: text('status').notNull().default('open'),
    taskId: text('task_id'),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: at('acknowledged_at'),
    resolvedAt: at('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('alerts_status_idx').on(t.status, t.createdAt), index('alerts_subject_idx').on(t.subject)],
);

/** Problem management [S7]: recurring comebacks on one vehicle or one job code, for root-cause analysis. */
export const problems = pgTable(
  'problems',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    comebackVisitIds: jsonb('comeback_visit_ids').$type<string[]>().notNull(),
    occurrences: integer('occurrences').notNull(),
    status: text('status').notNull().default('open'),
    rootCause: text('root_cause'),
    taskId: text('task_id'),
    openedAt: at('opened_at').notNull(),
    closedAt: at('closed_at'),
  },
  (t) => [index('problems_subject_idx').on(t.kind, t.subject, t.status)],
);

/**
 * Staff suggestions to improve a step of the loop [S6], with the service manager's decision and note; the KPI review
 * counts them per step (domain/feedback.ts). One writer: api/routes/feedback.ts.
 */
export const staffFeedback = pgTable(
  'staff_feedback',
  {
    id: text('id').primaryKey(),
    stage: text('stage').notNull(),
    suggestion: text('suggestion').notNull(),
    language: text('language').notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: at('submitted_at').notNull(),
    status: text('status').notNull().default('open'),
    decidedBy: text('decided_by'),
    decidedAt: at('decided_at'),
    note: text('note'),
  },
  (t) => [
    index('staff_feedback_submitted_idx').on(t.submittedAt),
    index('staff_feedback_status_idx').on(t.status, t.submittedAt),
  ],
);

/**
 * The customer's satisfaction survey after pickup [S4, S6]: one answer per visit (the key), 1–5 stars per question
 * (domain/survey-rules.ts). One writer: api/routes/surveys.ts. The checks hold a row to what the API takes, so no
 * other path could store a score the averages would misread.
 */
export const customerSurveys = pgTable(
  'customer_surveys',
  {
    visitId: text('visit_id')
      .primaryKey()
      .references(() => visits.id),
    overall: smallint('overall').notNull(),
    explanation: smallint('explanation').notNull(),
    onTime: smallint('on_time').notNull(),
    carReady: smallint('car_ready').notNull(),
    recommend: smallint('recommend').notNull(),
    comment: text('comment'),
    /** The page's language when the customer answered, so the manager knows how the comment was written. */
    language: text('language').notNull(),
    /** The link it came through (its `jti`), to trace an answer to the message that carried the link. */
    linkId: text('link_id').notNull(),
    submittedAt: at('submitted_at').notNull(),
  },
  (t) => [
    check(
      'customer_surveys_ratings',
      sql`${t.overall} between 1 and 5 and ${t.explanation} between 1 and 5 and ${t.onTime} between 1 and 5 and ${t.carReady} between 1 and 5 and ${t.recommend} between 1 and 5`,
    ),
    index('customer_surveys_submitted_idx').on(t.submittedAt),
  ],
);
