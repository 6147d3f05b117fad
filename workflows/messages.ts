import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { ACTION_NAMES, type ActionActor, type ActionName } from '../domain/action-rules.js';
import type { ActionPayload } from '../domain/actions.js';
import type { Stage } from '../domain/stage-rules.js';
import type { VisitState } from '../domain/visit-state.js';

/** What every action update carries: who acted, and the payload the API held to ACTIONS[name].payload. */
export interface ActionRequest<A extends ActionName = ActionName> {
  actor: ActionActor;
  payload: ActionPayload<A>;
}

/**
 * What an accepted action answers: the visit, its stage now and the sequence of its last recorded event. Not the
 * state: the history would carry it again with every action, and the read model already holds it.
 */
export interface VisitAck {
  visitId: string;
  stage: Stage;
  seq: number;
}

/** One update per action, named as the action so the history reads as the story of the visit. */
export const actionUpdates = Object.fromEntries(
  ACTION_NAMES.map((name) => [name, defineUpdate<VisitAck, [ActionRequest]>(name)]),
) as { [A in ActionName]: ReturnType<typeof defineUpdate<VisitAck, [ActionRequest<A>]>> };

export const stateQuery = defineQuery<VisitState>('state');

/** A newer visit for the same vehicle takes over the pending maintenance reminder. */
export const supersededSignal = defineSignal<[{ byVisitId: string }]>('superseded');

/** Failure types an update validator raises; the API maps them to 409 and 422. */
export const REJECTION = {
  notNow: 'ActionNotAllowedNow',
  invalid: 'InvalidAction',
} as const;
