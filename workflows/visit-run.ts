// Over 300 lines on purpose: VisitRun is one class, the visit's state with the only ways to change it (events,
// tasks, messages, ids) and the one queue that writes them in order; split, its invariants would span files.
// The steps that use it are workflows/steps/.
import { condition, patched, workflowInfo } from '@temporalio/workflow';
import type { Notification } from '../activities/notifications.js';
import type { OpenTask } from '../activities/tasks.js';
import type { VisitEventRecord } from '../activities/visit-records.js';
import type { ActionActor } from '../domain/action-rules.js';
import type { VisitEventType } from '../domain/entry-words.js';
import type { MaintenanceDue } from '../domain/maintenance.js';
import { invoiceTotals, isCharged } from '../domain/money-rules.js';
import type { VisitPolicy } from '../domain/policy.js';
import { strongestPriority } from '../domain/priority.js';
import type { ActorRole } from '../domain/roles.js';
import { isEndStage, type Stage } from '../domain/stage-rules.js';
import { afterPolicySpan } from '../domain/timer-rules.js';
import type { VisitStart } from '../domain/visit.js';
import { changedFacts, type FactKey } from '../domain/visit-facts.js';
import type { Lane, Line, VisitState } from '../domain/visit-state.js';
import { eventWrites, type LOCAL_EVENT_WRITES_PATCH, localRecords, nowIso, records } from './common.js';
import type { COMPLAINT_FROM_FOLLOW_UP_PATCH } from './complaint-link.js';
import { incidentFrom, type RaisedIncident, RECORD_REJECTION_PATCH, recordRejected } from './incidents.js';
import { DELIVERY_HANDOVER_PATCH, deliverOrHandOver } from './message-delivery.js';
import type { VisitAck } from './messages.js';
import { upsertPromisedAt, upsertVisitStage } from './search-attributes.js';
import type { CUSTOMER_DECISION_TELLS_ADVISOR_PATCH } from './steps/approval.js';
import type { FOLLOW_UP_OWED_UNTIL_REACHED_PATCH } from './steps/follow-up.js';
import type { CUSTOMER_COPIES_PATCH } from './steps/handler.js';
import type { PARTS_RESERVATION_PATCH } from './steps/parts.js';
import type { AFTERCARE_RUN_PATCH, BOOKING_CONFIRMATION_PATCH, VISIT_OPENED_IN_ONE_WRITE_PATCH } from './visit.js';
import type { AftercarePlan, COMPACT_AFTERCARE_PATCH } from './visit-aftercare.js';

const acts = records;

/** Patch id of recording, with each event, the parts of the visit it changed (`visits.facts`, the read model). */
export const VISIT_FACTS_PATCH = 'visit-facts-recorded';

/**
 * Patch id of a visit that writes its tasks with its events, in order, as local activities; a visit started with
 * it also holds every visit patch before it (`VisitRun.patched`).
 * - Tasks: each was an activity in the background, three events, a round trip through the server and often a
 *   workflow task of its own; eleven of them were a third of a whole visit's history (issue 13). In order with
 *   the events, the task an action opens or closes is on the lists when the action answers, and no two local
 *   activities ever run side by side (whose results a replay may deliver in another order).
 * - Patches: core records a marker and a `TemporalChangeVersion` upsert listing every patch so far for each
 *   patch a visit meets; nine were 8 KB of every new visit's history. One marker now stands for all of them.
 */
export const CURRENT_VISIT_PATCH = 'visit-current-2026-12';

/**
 * Patch id of counting the policy's whole days as calendar days on the shop's clock (`VisitRun.after`): a visit
 * whose start input carries the zone but whose first task ran on a worker without this change counted durations,
 * and must replay so. Asked with `patched()` itself, once, when the visit starts.
 */
export const SHOP_CLOCK_TIMERS_PATCH = 'timers-on-shop-clock';

/**
 * The visit patches CURRENT_VISIT_PATCH holds, which `VisitRun.patched` accepts. A patch added after it is asked
 * with `patched()` itself: a visit started with this one ran without that change, and must replay so.
 */
type FoldedPatch =
  | typeof RECORD_REJECTION_PATCH
  | typeof VISIT_OPENED_IN_ONE_WRITE_PATCH
  | typeof BOOKING_CONFIRMATION_PATCH
  | typeof AFTERCARE_RUN_PATCH
  | typeof COMPACT_AFTERCARE_PATCH
  | typeof VISIT_FACTS_PATCH
  | typeof LOCAL_EVENT_WRITES_PATCH
  | typeof DELIVERY_HANDOVER_PATCH
  | typeof FOLLOW_UP_OWED_UNTIL_REACHED_PATCH
  | typeof COMPLAINT_FROM_FOLLOW_UP_PATCH
  | typeof PARTS_RESERVATION_PATCH
  | typeof CUSTOMER_COPIES_PATCH
  | typeof CUSTOMER_DECISION_TELLS_ADVISOR_PATCH;

export const SYSTEM: { id: string; role: ActorRole } = { id: 'servicelane', role: 'system' };

type Records = Omit<VisitEventRecord, 'visitId' | 'entry' | 'data' | 'visit'>;

export interface EventSpec {
  type: VisitEventType;
  actor: ActionActor | typeof SYSTEM;
  lane: Lane;
  summary: string;
  toStage?: Stage;
  data?: Record<string, unknown>;
  records?: Records;
}

type Effect =
  | { kind: 'task'; task: Omit<OpenTask, 'visitId' | 'customerId'> }
  | { kind: 'close_task'; id: string; closedBy: string; outcome: Record<string, unknown> }
  | { kind: 'close_all_tasks'; outcome: Record<string, unknown> }
  | { kind: 'notify'; notification: Omit<Notification, 'visitId'> };

/** A visit's state and its id counters, carried into its next run when it continues as new. */
export interface CarriedOver {
  state: VisitState;
  ids: Record<string, number>;
  /** A newer visit of the vehicle may have taken over the reminder while this run was ending. */
  superseded: boolean;
}

/**
 * One visit's live state and the two ways it touches the world: events (awaited by the action that caused
 * them, written in order) and effects (tasks and messages, sent in the background so a slow SMS gateway
 * never holds up the front desk).
 */
export class VisitRun {
  readonly state: VisitState;
  readonly policy: VisitPolicy;
  readonly activities = acts;
  /** Changes whenever the appointment time changes, so booking timers start over. */
  appointmentRev = 0;
  bookedAt: number;
  noShowTaskOpened = false;
  /** The catalogue jobs booked, whose parts are reserved the day before (workflows/steps/parts.ts). */
  readonly requestedJobs: readonly string[];
  /** Where the visit's parts stand: none reserved yet, reserved, or used or released. */
  parts: 'none' | 'reserved' | 'settled' = 'none';
  /** Changes whenever a new promised time is agreed, so the promise watch starts over. */
  promiseRev = 0;
  /** The promise in force when additional work asked for a later one: it stands again if the customer declines all of it. */
  promiseBeforeAdditionalWork: string | undefined;
  superseded = false;
  /** Whether the visit started with CURRENT_VISIT_PATCH: asked first, before any other patch. */
  readonly current = patched(CURRENT_VISIT_PATCH);
  /**
   * Whether a record the database refuses is an incident (`RECORD_REJECTION_PATCH`). Decided when the visit
   * starts, so a visit started before keeps the exact order of its steps on replay.
   */
  readonly raisesIncidents = this.patched(RECORD_REJECTION_PATCH);
  /**
   * The shop's zone, on whose calendar the policy's whole days fall (`SHOP_CLOCK_TIMERS_PATCH`); undefined for a
   * visit started without it, whose timers stay durations.
   */
  readonly timeZone: string | undefined;
  /** Technicians the foreman may choose from, read when the job reached dispatch; null until then. */
  dispatchCandidates: string[] | null = null;
  private bookingPriority: VisitStart['priorityReason'];
  private seq = 0;
  /**
   * The facts as the read model last got them: an event sends only what changed since (domain/visit-facts.ts).
   * Null until `VISIT_FACTS_PATCH` holds: a visit started before replays its old events without them, and its
   * first event written by this code then sends every fact, so its read model is whole from there on.
   */
  private recordedFacts: Map<FactKey, string> | null = null;
  private counters = new Map<string, number>();
  private writes: Promise<void> = Promise.resolve();
  private effects: Effect[] = [];
  private effectsRunning = 0;
  private effectFailure: { err: unknown } | undefined;

  /** A new visit from its start input, or one resumed in a new run from what its last run carried over. */
  constructor(input: VisitStart, resumed?: CarriedOver) {
    this.policy = input.policy;
    this.timeZone = input.timeZone !== undefined && patched(SHOP_CLOCK_TIMERS_PATCH) ? input.timeZone : undefined;
    this.bookingPriority = input.priorityReason;
    this.requestedJobs = input.requestedJobs ?? [];
    // When the booking was made, not when a worker first got to it: a busy worker must not skip the day-before call.
    this.bookedAt = workflowInfo().startTime.getTime();
    if (resumed) {
      this.state = resumed.state;
      this.seq = resumed.state.timeline.at(-1)?.seq ?? 0;
      this.counters = new Map(Object.entries(resumed.ids));
      this.superseded = resumed.superseded;
      return;
    }
    this.state = {
      visitId: input.visitId,
      kind: input.kind,
      stage: input.kind === 'walk_in' ? 'reception' : 'booked',
      customer: input.customer,
      vehicle: input.vehicle,
      advisorId: input.advisorId,
      appointmentAt: input.appointmentAt,
      requestedServices: input.requestedServices,
      priorityReason: input.priorityReason,
      openedAt: nowIso(),
      appointment: { confirmed: false, confirmationCalls: 0, flaggedForAdvisor: false },
      declinedBefore: [],
      lines: [],
      approvals: [],
      atRisk: false,
      late: false,
      dispatch: { proposal: null },
      work: { inProgress: false },
      qc: [],
      reworkCount: 0,
      totals: invoiceTotals([], { taxRateBasisPoints: input.policy.taxRateBasisPoints }),
      taxRateBasisPoints: input.policy.taxRateBasisPoints,
      followUp: { attempts: 0, reached: false, escalated: false, supervisorNotified: false },
      timeline: [],
    };
  }

  /** What a new run of this visit needs to carry on where this one stops. */
  carriedOver(): CarriedOver {
    return { state: this.state, ids: Object.fromEntries(this.counters), superseded: this.superseded };
  }

  /** What the compact aftercare run needs once the next maintenance is planned (workflows/visit-aftercare.ts). */
  aftercarePlan(nextMaintenance: MaintenanceDue): AftercarePlan {
    const { customer, vehicle } = this.state;
    return {
      visitId: this.visitId,
      customer: { id: customer.id, name: customer.name },
      vehicle: { vin: vehicle.vin, plate: vehicle.plate },
      nextMaintenance,
      reminderLeadMs: this.policy.reminderLeadMs,
      ...(this.timeZone === undefined ? {} : { timeZone: this.timeZone }),
      row: this.rowSnapshot(),
      seq: this.seq,
      raisesIncidents: this.raisesIncidents,
      superseded: this.superseded,
      current: this.current,
    };
  }

  /** The instant a span of the policy ends after `fromMs` (before it, when negative), on the shop's clock. */
  after(fromMs: number, spanMs: number): number {
    return afterPolicySpan(fromMs, spanMs, this.timeZone);
  }

  /** What an accepted action answers: the API reads the visit itself from the read model, written by then. */
  acknowledgement(): VisitAck {
    return { visitId: this.visitId, stage: this.state.stage, seq: this.seq };
  }

  get visitId() {
    return this.state.visitId;
  }

  get ended() {
    return isEndStage(this.state.stage);
  }

  /**
   * `patched(id)` for a visit started before CURRENT_VISIT_PATCH, which replays as it ran; true without a
   * marker for one started after it, which holds every patch folded into it.
   */
  patched(id: FoldedPatch): boolean {
    return this.current || patched(id);
  }

  /** The activities that write the visit's events and, for a current visit, its tasks (see `inOrder`). */
  writer() {
    return this.current ? localRecords : eventWrites();
  }

  /** Short, stable ids for lines, approvals and consents: replay makes the same ones. */
  nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n}`;
  }

  /** Price and priority follow from the lines and the facts; recomputed, never edited by hand. */
  private refreshDerived() {
    const s = this.state;
    const charged = s.lines.filter(isCharged);
    s.totals = invoiceTotals(charged, { taxRateBasisPoints: this.policy.taxRateBasisPoints });
    s.priorityReason = strongestPriority([
      this.bookingPriority,
      s.lines.some((l) => l.campaign && l.status !== 'declined') && 'recall',
      s.warranty?.covered && 'warranty',
      s.arrival?.customerWaiting && 'waiting',
    ]);
  }

  /**
   * Appends to the timeline, moves the stage, and writes the event with its records (in order, exactly once).
   * If the database refuses the records for good, the visit keeps its state and raises an incident; a
   * person's action then fails with `RecordRejected` (the API answers 422), a timer's step has nobody to tell.
   */
  event(spec: EventSpec): Promise<unknown> {
    const record = this.eventRecord(spec);
    const write = this.inOrder(() => this.writer().recordVisitEvent(record));
    if (!this.raisesIncidents) return write;
    return write.catch(async (err) => {
      // The read model did not get this event's facts: the next event sends them all again.
      if (this.recordedFacts) this.recordedFacts = new Map();
      const incident = await this.incident(err);
      if (spec.actor.role !== 'system') throw recordRejected(incident, `The action (${spec.type.replaceAll('_', ' ')})`);
    });
  }

  /** A record refused for good becomes an incident the visit remembers; any other failure is rethrown. */
  async incident(err: unknown): Promise<RaisedIncident> {
    const incident = await incidentFrom(err, 'visit', this.visitId);
    this.state.incidents ??= [];
    this.state.incidents.push({ id: incident.id, at: incident.at, activity: incident.activity, cause: incident.cause });
    return incident;
  }

  /** Applies an event to the state and returns its record, for a caller that writes it with other records. */
  eventRecord(spec: EventSpec): VisitEventRecord {
    const s = this.state;
    const fromStage = s.stage;
    const moves = spec.toStage !== undefined && spec.toStage !== fromStage;
    if (moves && spec.toStage) {
      s.stage = spec.toStage;
      upsertVisitStage(s.stage);
    }
    this.refreshDerived();
    const entry = {
      seq: ++this.seq,
      at: nowIso(),
      type: spec.type,
      actor: { id: spec.actor.id, role: spec.actor.role },
      lane: spec.lane,
      ...(moves ? { fromStage, toStage: s.stage } : {}),
      summary: spec.summary,
    };
    s.timeline.push(entry);
    return {
      visitId: s.visitId,
      entry,
      data: spec.data ?? {},
      visit: this.snapshot(),
      ...spec.records,
    };
  }

  /** Database writes happen in the order the workflow decided them, whatever order their activities finish in. */
  inOrder<T>(write: () => Promise<T>): Promise<T> {
    const done = this.writes.then(write);
    this.writes = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  setPromisedAt(promisedAt: string) {
    this.state.promisedAt = promisedAt;
    this.state.atRisk = false;
    this.state.late = false;
    this.promiseRev++;
    upsertPromisedAt(promisedAt);
  }

  private snapshot(): VisitEventRecord['visit'] {
    return { ...this.rowSnapshot(), facts: this.factsToRecord() };
  }

  /** The visits row's columns as this run's events write them (the facts aside). */
  rowSnapshot(): Omit<VisitEventRecord['visit'], 'facts'> {
    const s = this.state;
    const pending = s.stage === 'awaiting_approval' ? s.approvals.find((a) => !a.decidedAt) : undefined;
    const decided = s.approvals.filter((a) => a.decidedAt).at(-1);
    return {
      pendingApprovalId: pending?.id ?? null,
      awaitingCustomerSince: pending?.requestedAt ?? null,
      customerDecidedAt: decided?.decidedAt ?? null,
      stage: s.stage,
      priorityReason: s.priorityReason,
      confirmed: s.appointment.confirmed,
      appointmentAt: s.appointmentAt ?? null,
      arrivedAt: s.arrival?.at ?? null,
      mileageIn: s.arrival?.mileage ?? null,
      technicianId: s.dispatch.technicianId ?? null,
      promisedAt: s.promisedAt ?? null,
      atRisk: s.atRisk,
      late: s.late,
      reworkCount: s.reworkCount,
      totalCents: s.totals.totalCents,
      deliveredAt: s.pickup?.at ?? null,
      closedAt: this.ended ? nowIso() : null,
    };
  }

  private factsToRecord() {
    if (!this.recordedFacts && this.patched(VISIT_FACTS_PATCH)) this.recordedFacts = new Map();
    return this.recordedFacts ? changedFacts(this.state, this.recordedFacts) : undefined;
  }

  task(task: Omit<OpenTask, 'visitId' | 'customerId'>) {
    this.effect({ kind: 'task', task });
  }

  closeTask(id: string, closedBy: string, outcome: Record<string, unknown>) {
    this.effect({ kind: 'close_task', id, closedBy, outcome });
  }

  closeAllTasks(outcome: Record<string, unknown>) {
    this.effect({ kind: 'close_all_tasks', outcome });
  }

  notify(notification: Omit<Notification, 'visitId'>) {
    this.effect({ kind: 'notify', notification });
  }

  /**
   * Messages go to the background queue (`runEffects`); so do tasks for a visit started before
   * CURRENT_VISIT_PATCH. A current visit writes its tasks in order with its events; a task the database refuses
   * is an incident, and the writes after it still run.
   */
  private effect(effect: Effect) {
    if (!this.current || effect.kind === 'notify') {
      this.effects.push(effect);
      return;
    }
    this.effectsRunning++;
    this.inOrder(() => this.perform(effect, localRecords))
      .catch((err) => this.incident(err))
      .then(
        () => this.effectsRunning--,
        (err: unknown) => {
          this.effectsRunning--;
          this.effectFailure ??= { err };
        },
      );
  }

  /** Runs the background effects until the visit ends and none are left. */
  async runEffects(): Promise<void> {
    for (;;) {
      // A current visit's task writes (`effect`) count as running until written, so the loop outlives them; for a
      // visit started before, only this loop runs effects, the count is 0 here and the wait is as it was.
      await condition(() => this.effects.length > 0 || (this.ended && this.effectsRunning === 0));
      const effect = this.effects.shift();
      if (!effect) break;
      this.effectsRunning++;
      // A task or message the database refuses is an incident; the effects after it still run.
      const performed = this.perform(effect, acts);
      await (this.raisesIncidents ? performed.catch((err) => this.incident(err)) : performed);
      this.effectsRunning--;
    }
    // A task write that failed other than by the database's refusal fails the visit, as a queued effect's does.
    if (this.effectFailure) throw this.effectFailure.err;
  }

  effectsDone() {
    return this.effects.length === 0 && this.effectsRunning === 0;
  }

  private perform(effect: Effect, writer: typeof acts): Promise<unknown> {
    const { visitId } = this;
    switch (effect.kind) {
      case 'task':
        return writer.openTask({ ...effect.task, visitId, customerId: this.state.customer.id });
      case 'close_task':
        return writer.closeTask({ id: effect.id, closedBy: effect.closedBy, at: nowIso(), outcome: effect.outcome });
      case 'close_all_tasks':
        return writer.closeOpenTasksOfVisit({ visitId, closedBy: SYSTEM.id, at: nowIso(), outcome: effect.outcome });
      case 'notify':
        // Bounded retries, then a call-list task: an SMS gateway that stays down must not stall the visit's effects.
        if (this.patched(DELIVERY_HANDOVER_PATCH)) return deliverOrHandOver({ ...effect.notification, visitId });
        return acts.notify({ ...effect.notification, visitId });
    }
  }

  findLine(id: string): Line | undefined {
    return this.state.lines.find((line) => line.id === id);
  }
}
