import type { CareEntry } from './care-records.js';
import type { VisitPolicyOverride } from './policy.js';
import {
  RESCUE_ACTION_RULES,
  RESCUE_PAYLOAD_DEFAULTS,
  RESCUE_STAGES,
  type RescueActionName,
  TOWED_IN_PRIORITIES,
} from './rescue-rules.js';
import { multilineText, text } from './text.js';
import { InstantInput, MS_PER_HOUR } from './time.js';
import { VehicleInput } from './visit.js';
import { z } from './zod.js';

export { RESCUE_END_STAGES, type RescueActionName } from './rescue-rules.js';

const MINUTE = 60_000;
const duration = (defaultMs: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * MS_PER_HOUR)
    .default(defaultMs);

/** Roadside rescue [S1.2, S3.5]: the truck is sent, is on its way with an ETA, arrives, and tows in or fixes on site. */
export const RescueStage = z.enum(RESCUE_STAGES);
export type RescueStage = z.infer<typeof RescueStage>;

export const RescuePolicy = z.object({
  /** A dispatched rescue whose crew has not set out after this long is escalated to the service manager. */
  setOutWithinMs: duration(20 * MINUTE),
  /** The crew is late when it has not arrived by its ETA plus this grace. */
  etaGraceMs: duration(15 * MINUTE),
});
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
export const TowedInPriority = z.enum(TOWED_IN_PRIORITIES);

/** Every step of a rescue: its rules (rescue-rules.ts) with the schema its payload is held to at the API. */
export const RESCUE_ACTIONS = {
  set_out: {
    ...RESCUE_ACTION_RULES.set_out,
    payload: z.object({ crew: text(200), etaAt: InstantInput }).strict(),
  },
  arrive: {
    ...RESCUE_ACTION_RULES.arrive,
    payload: z.object({ notes: multilineText(2000).optional() }).strict(),
  },
  tow_in: {
    ...RESCUE_ACTION_RULES.tow_in,
    payload: z
      .object({
        // Strict as every step's body is, so a misspelt field is refused rather than dropped.
        vehicle: VehicleInput.strict(),
        advisorId: text(64),
        requestedServices: z
          .array(text(500))
          .max(50)
          .default(() => [...RESCUE_PAYLOAD_DEFAULTS.tow_in.requestedServices]),
        priorityReason: TowedInPriority.default(RESCUE_PAYLOAD_DEFAULTS.tow_in.priorityReason),
        // The walk-in a tow-in opens may be a second visit of a car in the shop, as at the desk (POST /visits); the
        // activity that writes it checks under the vehicle's lock, so the rescue carries the advisor's answer.
        confirmDuplicate: z
          .boolean()
          .optional()
          .openapi({ description: 'Open the walk-in even though the vehicle is already in the shop or booked for about now' }),
      })
      .strict(),
  },
  resolve_on_site: {
    ...RESCUE_ACTION_RULES.resolve_on_site,
    payload: z.object({ notes: multilineText(2000) }).strict(),
  },
  cancel: {
    ...RESCUE_ACTION_RULES.cancel,
    payload: z.object({ reason: multilineText(1000) }).strict(),
  },
} as const satisfies { [A in RescueActionName]: (typeof RESCUE_ACTION_RULES)[A] & { payload: z.ZodType } };
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
  timeline: CareEntry[];
}
