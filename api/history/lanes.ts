import { ACTIONS } from '../../domain/actions.js';
import type { Lane } from '../../domain/visit-state.js';

/** What one readable history entry stands for. */
export const HISTORY_ENTRY_KINDS = [
  'visit_opened',
  'action',
  'action_failed',
  'signal',
  'signal_sent',
  'stage_changed',
  'promised_time_set',
  'timer_started',
  'timer_fired',
  'timer_canceled',
  'activity_scheduled',
  'activity_completed',
  'activity_failed',
  'activity_timed_out',
  'activity_canceled',
  'child_workflow_started',
  'visit_completed',
  'visit_failed',
  'visit_timed_out',
  'visit_terminated',
  'visit_canceled',
  'continued_as_new',
] as const;
export type HistoryEntryKind = (typeof HISTORY_ENTRY_KINDS)[number];

export interface LaneInput {
  kind: HistoryEntryKind;
  /** The action (update) or signal name. */
  name?: string | null;
  /** Who sent the action. */
  actorRole?: string | null;
  /** For `visit_opened`: 'appointment' or 'walk_in'. */
  visitKind?: string | null;
  /** The lane the workflow itself gave the event an activity records (its timeline entry's lane): on the
   * activity's start, or on its completion for a local activity, whose history keeps only that. */
  recordedLane?: Lane;
}

const FRONT_DESK_ROLES = new Set(['advisor', 'manager']);

/**
 * The service-blueprint lane [S5] of one history entry — the only place this is decided.
 *
 * - customer: what the customer does — decisions and approvals, arriving (a walk-in opening the visit),
 *   pickup and payment. Anything a customer sent through their approval link is theirs.
 * - front_stage: what the advisor does in front of the customer — taking the booking, reception,
 *   confirmation and follow-up calls.
 * - back_stage: what the customer never sees — diagnosis, estimating, dispatch, repair, QC, and all the
 *   machinery: timers, activities (records, tasks, messages), stage bookkeeping — except that writing one of
 *   the visit's own timeline events keeps the lane the workflow gave that event.
 *
 * An action's lane is the one declared with the action in domain/actions.ts, so the visit's own timeline
 * (the `state` query) and this history agree.
 */
export function laneOf(entry: LaneInput): Lane {
  switch (entry.kind) {
    case 'visit_opened':
      return entry.visitKind === 'walk_in' ? 'customer' : 'front_stage';
    case 'action':
    case 'action_failed': {
      if (entry.actorRole === 'customer') return 'customer';
      const declared =
        entry.name && Object.hasOwn(ACTIONS, entry.name) ? ACTIONS[entry.name as keyof typeof ACTIONS].lane : undefined;
      if (declared) return declared;
      return entry.actorRole && FRONT_DESK_ROLES.has(entry.actorRole) ? 'front_stage' : 'back_stage';
    }
    case 'activity_scheduled':
    case 'activity_completed':
      return entry.recordedLane ?? 'back_stage';
    default:
      return 'back_stage';
  }
}
