import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import type { VisitPolicyOverride } from './policy.js';
import type { StaffRole } from './roles.js';
import { multilineText, text } from './text.js';
import { InstantInput, MS_PER_HOUR } from './time.js';
import { VehicleInput } from './visit.js';

const MINUTE = 60_000;
const duration = (defaultMs: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * MS_PER_HOUR)
    .default(defaultMs);

/** Roadside rescue [S1.2, S3.5]: the truck is sent, is on its way with an ETA, arrives, and tows in or fixes on site. */
export const RescueStage = z.enum(['dispatched', 'on_the_way', 'arrived', 'towed_in', 'resolved_on_site', 'cancelled']);
export type RescueStage = z.infer<typeof RescueStage>;
export const RESCUE_END_STAGES: readonly RescueStage[] = ['towed_in', 'resolved_on_site', 'cancelled'];

export const RescuePolicy = lazySchema(() =>
  z.object({
    /** A dispatched rescue whose crew has not set out after this long is escalated to the service manager. */
    setOutWithinMs: duration(20 * MINUTE),
    /** The crew is late when it has not arrived by its ETA plus this grace. */
    etaGraceMs: duration(15 * MINUTE),
  }),
);
export type RescuePolicy = z.infer<typeof RescuePolicy>;
export type RescuePolicyOverride = z.input<typeof RescuePolicy>;

export interface RescueStart {
  rescueId: string;
  hotlineCallId?: string;
  customer: { id: string; name: string };
  location: string;
  problem: string;
  plate?: string;
  policy: RescuePolicy;
  /** The visit policy the walk-in gets when the car is towed in (tests shorten its timers); defaults otherwise. */
  visitPolicy?: VisitPolicyOverride;
}

/** A towed-in car queues as a customer waiting on site unless the advisor knows a stronger claim. */
export const TowedInPriority = z.enum(['waiting', 'warranty', 'rework', 'recall']);

export const RESCUE_ACTIONS = {
  set_out: {
    summary: 'The crew is on its way; a new ETA may be given while it is',
    stages: ['dispatched', 'on_the_way'],
    roles: ['advisor', 'foreman', 'manager'],
    payload: lazySchema(() => z.object({ crew: text(200), etaAt: InstantInput })),
  },
  arrive: {
    summary: 'The crew is at the vehicle',
    stages: ['on_the_way'],
    roles: ['advisor', 'foreman', 'manager'],
    payload: lazySchema(() => z.object({ notes: multilineText(2000).optional() })),
  },
  tow_in: {
    summary: 'The vehicle is at the shop: a walk-in visit opens with priority',
    stages: ['arrived'],
    roles: ['advisor', 'foreman', 'manager'],
    payload: lazySchema(() =>
      z.object({
        vehicle: VehicleInput,
        advisorId: text(64),
        requestedServices: z.array(text(500)).max(50).default([]),
        priorityReason: TowedInPriority.default('waiting'),
      }),
    ),
  },
  resolve_on_site: {
    summary: 'Fixed at the roadside; nothing to tow',
    stages: ['arrived'],
    roles: ['advisor', 'foreman', 'manager'],
    payload: lazySchema(() => z.object({ notes: multilineText(2000) })),
  },
  cancel: {
    summary: 'The caller no longer needs the crew',
    stages: ['dispatched', 'on_the_way'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ reason: multilineText(1000) })),
  },
} as const satisfies Record<
  string,
  { summary: string; stages: readonly RescueStage[]; roles: readonly StaffRole[]; payload: z.ZodType }
>;
export type RescueActionName = keyof typeof RESCUE_ACTIONS;
export type RescueActionPayload<A extends RescueActionName> = z.infer<(typeof RESCUE_ACTIONS)[A]['payload']>;

export interface RescueState {
  rescueId: string;
  stage: RescueStage;
  customer: { id: string; name: string };
  location: string;
  problem: string;
  plate?: string;
  hotlineCallId?: string;
  dispatchedAt: string;
  crew?: string;
  etaAt?: string;
  onTheWayAt?: string;
  arrivedAt?: string;
  endedAt?: string;
  etaMissed: number;
  setOutEscalated: boolean;
  visitId?: string;
  timeline: { at: string; type: string; actorId: string; summary: string }[];
}
