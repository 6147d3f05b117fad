import type { StepRule } from './action-rules.js';
import type { PriorityReason } from './priority.js';

// What the rescue workflow knows of rescues, as plain code (workflow code is evaluated once per cached
// workflow); the schemas that hold what is sent are in rescue.ts, built from these.

/** Roadside rescue [S1.2, S3.5]: the truck is sent, is on its way with an ETA, arrives, and tows in or fixes on site. */
export const RESCUE_STAGES = ['dispatched', 'on_the_way', 'arrived', 'towed_in', 'resolved_on_site', 'cancelled'] as const;
export type RescueStage = (typeof RESCUE_STAGES)[number];
export const RESCUE_END_STAGES: readonly RescueStage[] = ['towed_in', 'resolved_on_site', 'cancelled'];

/**
 * The first request of a towed-in visit: the rescue's reference and the problem reported on the hotline. The visit
 * records this text; screens find its parts again (`rescueRequestParts`) and word it in the reader's language.
 */
export const rescueRequest = (reference: string, problem: string) => `Roadside rescue ${reference}: ${problem}`;

export function rescueRequestParts(request: string): { reference: string; problem: string } | undefined {
  const found = /^Roadside rescue (R-[0-9A-F]{1,8}): ([\s\S]*)$/.exec(request);
  return found ? { reference: found[1] as string, problem: found[2] as string } : undefined;
}

/** A towed-in car queues as a customer waiting on site unless the advisor knows a stronger claim. */
export const TOWED_IN_PRIORITIES = ['waiting', 'warranty', 'rework', 'recall'] as const satisfies readonly PriorityReason[];

/** Every step of a rescue: the stages it is accepted in, and who may take it. */
export const RESCUE_ACTION_RULES = {
  set_out: {
    summary: 'The crew is on its way; a new ETA may be given while it is',
    stages: ['dispatched', 'on_the_way'],
    roles: ['advisor', 'foreman', 'manager'],
    required: ['crew', 'etaAt'],
  },
  arrive: {
    summary: 'The crew is at the vehicle',
    stages: ['on_the_way'],
    roles: ['advisor', 'foreman', 'manager'],
    required: [],
  },
  tow_in: {
    summary: 'The vehicle is at the shop: a walk-in visit opens with priority',
    stages: ['arrived'],
    roles: ['advisor', 'foreman', 'manager'],
    required: ['vehicle', 'advisorId'],
  },
  resolve_on_site: {
    summary: 'Fixed at the roadside; nothing to tow',
    stages: ['arrived'],
    roles: ['advisor', 'foreman', 'manager'],
    required: ['notes'],
  },
  cancel: {
    summary: 'The caller no longer needs the crew',
    stages: ['dispatched', 'on_the_way'],
    roles: ['advisor', 'manager'],
    required: ['reason'],
  },
} as const satisfies Record<string, StepRule & { summary: string; stages: readonly RescueStage[] }>;
export type RescueActionName = keyof typeof RESCUE_ACTION_RULES;

/** The fields a rescue step's payload may leave out (the API's schema fills them in; a tool may not). */
export const RESCUE_PAYLOAD_DEFAULTS = {
  tow_in: { requestedServices: [] as string[], priorityReason: 'waiting' as (typeof TOWED_IN_PRIORITIES)[number] },
} as const satisfies { [A in RescueActionName]?: object };
