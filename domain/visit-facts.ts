import type { VisitState } from './visit-state.js';

/**
 * Where the read model keeps each part of a visit (db/visit-view.ts assembles it again):
 * - `row`: a column of the visits row (or the customer and vehicle rows it points at);
 * - `table`: rows of their own (repair_lines, visit_events, alerts);
 * - `facts`: the visits row's `facts` document, which each event merges the parts it changed into.
 * Keyed by every field of the state, so a new field does not compile until it says where it is read from.
 */
export const VISIT_FIELD_SOURCE = {
  visitId: 'row',
  kind: 'row',
  stage: 'row',
  customer: 'row',
  vehicle: 'row',
  advisorId: 'row',
  appointmentAt: 'row',
  priorityReason: 'row',
  promisedAt: 'row',
  atRisk: 'row',
  late: 'row',
  reworkCount: 'row',
  taxRateBasisPoints: 'row',
  lines: 'table',
  timeline: 'table',
  incidents: 'table',
  openedAt: 'facts',
  /** Also kept in its column, which the booking writes and the lists read; reception adds to it. */
  requestedServices: 'facts',
  appointment: 'facts',
  arrival: 'facts',
  inspection: 'facts',
  warranty: 'facts',
  diagnosis: 'facts',
  declinedBefore: 'facts',
  approvals: 'facts',
  dispatch: 'facts',
  work: 'facts',
  qc: 'facts',
  totals: 'facts',
  pickup: 'facts',
  followUp: 'facts',
  nextMaintenance: 'facts',
} as const satisfies Record<keyof Required<VisitState>, 'row' | 'table' | 'facts'>;

export type FactKey = {
  [K in keyof typeof VISIT_FIELD_SOURCE]: (typeof VISIT_FIELD_SOURCE)[K] extends 'facts' ? K : never;
}[keyof typeof VISIT_FIELD_SOURCE];

export const FACT_KEYS = (Object.keys(VISIT_FIELD_SOURCE) as (keyof typeof VISIT_FIELD_SOURCE)[]).filter(
  (k): k is FactKey => VISIT_FIELD_SOURCE[k] === 'facts',
);

/** The facts an event changed; null clears a part the visit no longer has. */
export type VisitFacts = { [K in FactKey]?: VisitState[K] | null };

/**
 * The parts of `state` whose JSON differs from what was last recorded (`recorded`, updated in place): each
 * event carries only what it changed, so a visit's history holds each fact about as often as it changes.
 */
export function changedFacts(state: VisitState, recorded: Map<FactKey, string>): VisitFacts {
  const changed: Record<string, unknown> = {};
  for (const key of FACT_KEYS) {
    const json = JSON.stringify(state[key] ?? null);
    if (recorded.get(key) === json) continue;
    recorded.set(key, json);
    changed[key] = state[key] ?? null;
  }
  return changed as VisitFacts;
}
