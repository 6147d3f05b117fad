import type { ActionActor, ActionName, ActionPayload } from '../../domain/actions.js';
import { invalid } from '../common.js';
import type { VisitRun } from '../visit-run.js';

/** How a visit takes one action: the update validator runs `check`, the update handler `apply`. */
export interface ActionHandler<A extends ActionName> {
  /**
   * Checks of the payload against the visit, beyond its stage, the sender and what the visit's state must hold
   * (domain/precondition-rules.ts, which the screens read too); throws notNow (409) or invalid (422). Must not
   * change state.
   */
  check?(run: VisitRun, payload: ActionPayload<A>, actor: ActionActor): void;
  /** Changes the state synchronously (so a concurrent action already sees it), then awaits the write. */
  apply(run: VisitRun, payload: ActionPayload<A>, actor: ActionActor): Promise<void>;
}

/** The handlers of one step's actions, keyed by the action's name (steps/index.ts joins them into one map). */
export type StepActions<A extends ActionName> = { [K in A]: ActionHandler<K> };

export const future = (iso: string, field: string) => {
  if (Date.parse(iso) <= Date.now()) throw invalid(`${field}: must be in the future`);
};

export const money = (cents: number) => (cents / 100).toFixed(2);

/** Patch id of the customer's copies [S1.2]: the signed estimate (the pickup voucher) and the invoice, sent to them. */
export const CUSTOMER_COPIES_PATCH = 'customer-keeps-copies';
