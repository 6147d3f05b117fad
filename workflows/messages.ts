import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { ACTION_NAMES, type ActionActor, type ActionName } from '../domain/action-rules.js';
import type { ActionPayload } from '../domain/actions.js';
import type { VisitState } from '../domain/visit-state.js';

/** What every action update carries: who acted, and the payload the API held to ACTIONS[name].payload. */
export interface ActionRequest<A extends ActionName = ActionName> {
  actor: ActionActor;
  payload: ActionPayload<A>;
}

/** One update per action, named as the action so the history reads as the story of the visit. */
export const actionUpdates = Object.fromEntries(
  ACTION_NAMES.map((name) => [name, defineUpdate<VisitState, [ActionRequest]>(name)]),
) as { [A in ActionName]: ReturnType<typeof defineUpdate<VisitState, [ActionRequest<A>]>> };

export const stateQuery = defineQuery<VisitState>('state');

/** A newer visit for the same vehicle takes over the pending maintenance reminder. */
export const supersededSignal = defineSignal<[{ byVisitId: string }]>('superseded');

/** Failure types an update validator raises; the API maps them to 409 and 422. */
export const REJECTION = {
  notNow: 'ActionNotAllowedNow',
  invalid: 'InvalidAction',
} as const;
