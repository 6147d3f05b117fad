import type { UpdateDefinition } from '@temporalio/common';
import { setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type ActionActor,
  actorRefusal,
  payloadRefusal,
  repeatRefusal,
  roomRefusal,
  type StepRule,
} from '../domain/action-rules.js';
import { invalid, notNow } from './common.js';

/** What an action update carries, whichever workflow takes it. */
interface ActionRequestShape {
  actor: ActionActor;
  payload: unknown;
}

/** How one workflow type takes its actions (the visit, a complaint, a rescue). */
export interface WorkflowActions<N extends string, R> {
  /** The workflow's own word in a refusal: "assign is not accepted while the complaint is closed". */
  subject: 'visit' | 'complaint' | 'rescue';
  /** Each action's rule: the stages that accept it, who may send it, the payload fields it needs. */
  rules: { readonly [K in N]: StepRule & { readonly stages: readonly string[] } };
  /** One update per action, named as the action so the history reads as the workflow's story. */
  updates: { readonly [K in N]: UpdateDefinition<R, [ActionRequestShape]> };
  /** Where the workflow stands now; `busy` refuses every action in those words (a rescue being towed in). */
  standing(): { stage: string; busy?: string };
  /** The workflow's own preconditions beyond stage, role and payload (whose job it is, too); throws notNow or invalid. */
  check?(name: N, payload: unknown, actor: ActionActor): void;
  /** Takes the accepted action: the payload was held to its schema by the API, or comes from a history. */
  apply(name: N, payload: unknown, actor: ActionActor): Promise<R>;
}

/**
 * Every action is an update whose validator keeps refused requests out of the history, refused in one wording
 * for all workflows: stage, one action taken too often in it, or a history past its room (409 ActionNotAllowedNow), then actor and
 * payload (422 InvalidAction).
 */
export function registerActions<N extends string, R>(actions: WorkflowActions<N, R>): void {
  // How often each action was taken since the workflow entered its stage. A replay rebuilds it, as every accepted
  // update's handler runs again; only the validators read it, and a replay runs none.
  let taken = { stage: actions.standing().stage, counts: new Map<N, number>() };
  const takenInStage = (name: N, stage: string) => (taken.stage === stage ? (taken.counts.get(name) ?? 0) : 0);
  const count = (name: N) => {
    const { stage } = actions.standing();
    if (taken.stage !== stage) taken = { stage, counts: new Map() };
    taken.counts.set(name, (taken.counts.get(name) ?? 0) + 1);
  };
  for (const name of Object.keys(actions.rules) as N[]) {
    const rule = actions.rules[name];
    const update: UpdateDefinition<R, [ActionRequestShape]> = actions.updates[name];
    const apply = ({ actor, payload }: ActionRequestShape) => {
      count(name);
      return actions.apply(name, payload, actor);
    };
    setHandler(update, apply, {
      validator: ({ actor, payload }) => {
        const { stage, busy } = actions.standing();
        if (busy !== undefined || !rule.stages.includes(stage))
          throw notNow(`${name} is not accepted while the ${actions.subject} is ${busy ?? stage}`);
        const times = takenInStage(name, stage);
        const repeated = repeatRefusal(name, actions.subject, stage, times);
        if (repeated) throw notNow(repeated);
        // The server's measure of the history as of this activation; a validator never runs on replay.
        const { historySize: bytes, historyLength: events } = workflowInfo();
        const crowded = roomRefusal(name, actions.subject, stage, times, JSON.stringify(payload ?? null).length, {
          bytes,
          events,
        });
        if (crowded) throw notNow(crowded);
        const refused = actorRefusal(rule, name, actor) ?? payloadRefusal(rule, payload);
        if (refused) throw invalid(refused);
        actions.check?.(name, payload, actor);
      },
    });
  }
}
