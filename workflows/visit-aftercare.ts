import { allHandlersFinished, condition, makeContinueAsNewFunc, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { VisitEventRecord } from '../activities/visit-records.js';
import { ACTION_RULES } from '../domain/action-rules.js';
import type { VisitEventType } from '../domain/entry-words.js';
import type { MaintenanceDue } from '../domain/maintenance.js';
import type { VisitPolicy } from '../domain/policy.js';
import type { Stage } from '../domain/stage-rules.js';
import { afterPolicySpan } from '../domain/timer-rules.js';
import type { Lane, VisitState } from '../domain/visit-state.js';
import { registerActions } from './action-updates.js';
import { eventWrites, localRecords, notNow, nowIso, records } from './common.js';
import { incidentFrom } from './incidents.js';
import { deliverOrHandOver } from './message-delivery.js';
import { actionUpdates, supersededSignal, type VisitAck } from './messages.js';
import { upsertVisitStage } from './search-attributes.js';
import { waitForReminder } from './steps/reminder.js';
import type { visit } from './visit.js';
import { SHOP_CLOCK_TIMERS_PATCH, SYSTEM } from './visit-run.js';

/**
 * Patch id of the compact aftercare run: the first run plans the next maintenance itself and continues as new
 * with only what the reminder needs (`AftercarePlan`), not the visit's whole state. A visit already parked in an
 * aftercare run with the whole state keeps it (its input has `state`, `visit()` tells the two apart).
 */
export const COMPACT_AFTERCARE_PATCH = 'aftercare-compact-input';

/** Everything a visit's aftercare run needs, from the closed follow-up window to the reminder. */
export interface AftercarePlan {
  visitId: string;
  customer: Pick<VisitState['customer'], 'id' | 'name'>;
  vehicle: Pick<VisitState['vehicle'], 'vin' | 'plate'>;
  nextMaintenance: MaintenanceDue;
  reminderLeadMs: VisitPolicy['reminderLeadMs'];
  /**
   * The shop's zone, when the first run counted the policy's days on its calendar (`SHOP_CLOCK_TIMERS_PATCH`): the
   * reminder is then the due day's hour 14 calendar days before it. Absent, the lead is a duration, as it ran.
   */
  timeZone?: string;
  /** The visits row as the first run's last event left it: the closing event changes only its stage and end. */
  row: Omit<VisitEventRecord['visit'], 'facts'>;
  /** The sequence of the visit's last recorded event: the closing event follows it. */
  seq: number;
  /** Whether a refused record is an incident, as decided when the visit started (`RECORD_REJECTION_PATCH`). */
  raisesIncidents: boolean;
  /**
   * The visit started with `CURRENT_VISIT_PATCH` (workflows/visit-run.ts): this run writes its task and its
   * closing event as local activities, one after the other, and asks no patch. Absent from older visits' plans.
   */
  current?: boolean;
  /** A newer visit of the vehicle took over the reminder before this run began. */
  superseded: boolean;
}

/**
 * The compact aftercare run: waits for the reminder (or a newer visit of the vehicle), then sends it and closes
 * the visit. Its history is a handful of events however long it waits; the read model already holds the visit.
 * If the server suggests it (a history grown by signals), it continues as new again with the same plan.
 */
export async function aftercareReminder(plan: AftercarePlan): Promise<VisitAck> {
  const { visitId } = plan;
  let superseded = plan.superseded;
  let stage: Stage = 'aftercare';
  let seq = plan.seq;
  setHandler(supersededSignal, () => {
    superseded = true;
  });
  // Every action is refused in aftercare, in the same plain words as in the first run.
  registerActions({
    subject: 'visit',
    rules: ACTION_RULES,
    updates: actionUpdates,
    standing: () => ({ stage, busy: stage }),
    apply: async (name) => {
      throw notNow(`${name} is not accepted while the visit is ${stage}`);
    },
  });

  const recorded = <T>(write: Promise<T>) =>
    plan.raisesIncidents ? write.catch((err) => incidentFrom(err, 'visit', visitId)) : write;
  const close = (type: VisitEventType, lane: Lane, summary: string) => {
    stage = 'closed';
    upsertVisitStage(stage);
    const entry = {
      seq: ++seq,
      at: nowIso(),
      type,
      actor: { ...SYSTEM },
      lane,
      fromStage: 'aftercare' as const,
      toStage: stage,
      summary,
    };
    return recorded(
      (plan.current ? localRecords : eventWrites()).recordVisitEvent({
        visitId,
        entry,
        data: {},
        visit: { ...plan.row, stage, closedAt: entry.at },
      }),
    );
  };

  const due = plan.nextMaintenance;
  // Asked again in this run, which has a history of its own: a plan continued into by a worker without the change
  // counted a duration.
  const clock = plan.timeZone !== undefined && patched(SHOP_CLOCK_TIMERS_PATCH) ? plan.timeZone : undefined;
  const remindAt = afterPolicySpan(Date.parse(due.dueAt), -plan.reminderLeadMs, clock);
  const woken = () => superseded || workflowInfo().continueAsNewSuggested;
  if (await waitForReminder(remindAt, plan.timeZone, woken)) {
    if (!superseded) {
      await condition(allHandlersFinished);
      const again = makeContinueAsNewFunc<typeof visit>({ typedSearchAttributes: workflowInfo().typedSearchAttributes });
      await again({ aftercare: { plan } });
    }
    await close('reminder_superseded', 'back_stage', 'A newer visit of this vehicle took over the reminder');
    return { visitId, stage, seq };
  }
  const message = () =>
    recorded(
      deliverOrHandOver({
        id: `${visitId}:maintenance-reminder`,
        visitId,
        audience: 'customer',
        to: plan.customer.id,
        template: 'maintenance_due',
        payload: { plate: plan.vehicle.plate, ...due },
      }),
    );
  const task = (writer: typeof records) =>
    recorded(
      writer.openTask({
        id: `${visitId}:maintenance-reminder`,
        visitId,
        customerId: plan.customer.id,
        kind: 'maintenance_reminder',
        assigneeRole: 'advisor',
        title: `Maintenance due for ${plan.vehicle.plate} (${plan.customer.name}): offer a booking`,
        dueAt: due.dueAt,
        attempt: 1,
      }),
    );
  const closing = `Maintenance reminder sent: due ${due.dueAt.slice(0, 10)}`;
  if (plan.current) {
    // The message is an activity and goes meanwhile; the two writes are local activities, one after the other.
    const sent = message();
    await task(localRecords);
    await Promise.all([sent, close('maintenance_reminder_sent', 'front_stage', closing)]);
  } else {
    const effects = (async () => {
      await message();
      await task(records);
    })();
    await Promise.all([effects, close('maintenance_reminder_sent', 'front_stage', closing)]);
  }
  await condition(allHandlersFinished);
  return { visitId, stage, seq };
}
