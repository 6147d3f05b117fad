import { z } from 'zod';
import { DispatchProposal, SkillLevel } from './dispatch.js';
import { lazySchema } from './lazy-schema.js';
import { DiscountCents, linesWithinBounds, PaymentCents, Quantity, UnitPriceCents } from './money.js';
import type { StaffRole } from './roles.js';
import type { Stage } from './stages.js';
import { multilineText, text } from './text.js';
import { InstantInput, IsoDateTime } from './time.js';
import type { Lane } from './visit-state.js';

/** A drawn signature (PNG data URL from the signature pad) with the signer's printed name. */
export const Signature = lazySchema(() =>
  z.object({
    signedBy: text(200),
    image: z
      .string()
      .max(200_000, 'signature image must be under 200 kB')
      .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, 'expected a data:image/png;base64,… URL'),
  }),
);
export type Signature = z.infer<typeof Signature>;

/** Evidence that the customer agreed: signed in person or on the approval page, or a recorded phone call. */
export const Consent = lazySchema(() =>
  z.discriminatedUnion('method', [
    z.object({ method: z.literal('signature'), signature: Signature }),
    z.object({
      method: z.literal('phone'),
      callReference: text(100),
      calledBy: text(64),
      calledAt: InstantInput,
      spokeWith: text(200),
    }),
  ]),
);
export type Consent = z.infer<typeof Consent>;

export const LineInput = lazySchema(() =>
  z.object({
    kind: z.enum(['labour', 'part']),
    description: text(500),
    jobCode: text(32).optional(),
    /** Hours for labour, units for parts. */
    quantity: Quantity,
    unitPriceCents: UnitPriceCents,
    discountCents: DiscountCents.default(0),
    requiredSkill: SkillLevel.default(1),
    /** A manufacturer campaign or recall line: dispatched first, never charged. */
    campaign: z.boolean().default(false),
    /** Repeats a recommendation the customer declined at an earlier visit (from the state's `declinedBefore`). */
    offeredFromLineId: text(64).optional(),
  }),
);
export type LineInput = z.infer<typeof LineInput>;

/** New lines, each within the money bounds and together within a visit's (the workflow adds the lines it has). */
const lines = lazySchema(() => linesWithinBounds(z.array(LineInput).min(1).max(100)));

/**
 * What staff send to dispatch a job: the plan's proposal, or anyone active and qualified with a reason; with the
 * plan version their screen showed, so a plan that moved in between is not held against them
 * (domain/dispatch.ts `judgeAssignment`).
 */
export const AssignChoice = lazySchema(() =>
  z.object({ technicianId: text(64), overrideReason: multilineText(500).optional(), planVersion: text(64).optional() }),
);
export type AssignChoice = z.infer<typeof AssignChoice>;

/**
 * The workshop plan the API checked the choice against when it was made (db/workshop-plan.ts): the API
 * computes it from the read model and sets it, whatever a client sent, so the visit records what was proposed
 * at that moment and never waits on a reading of its own.
 */
export const CheckedAgainstPlan = lazySchema(() =>
  z.object({ version: z.string().max(64), at: IsoDateTime, proposal: DispatchProposal.nullable() }),
);

export const FuelLevel = z.enum(['empty', 'quarter', 'half', 'three_quarters', 'full']);

/** Every action a visit accepts: its payload schema, the stages it is valid in and who may send it. */
export const ACTIONS = {
  confirm_appointment: {
    summary: 'The customer confirmed the booking',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ notes: multilineText(1000).optional() })),
  },
  record_confirmation_call: {
    summary: 'Outcome of the day-before confirmation call',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({ reached: z.boolean(), confirmed: z.boolean().optional(), notes: multilineText(1000).optional() }),
    ),
  },
  reschedule: {
    summary: 'Move the appointment to a new time (also the answer to a no-show)',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ appointmentAt: InstantInput, notes: multilineText(1000).optional() })),
  },
  cancel: {
    summary: 'Cancel the visit before any work is approved',
    lane: 'customer',
    stages: ['booked', 'reception', 'diagnosis'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ reason: multilineText(1000) })),
  },
  mark_no_show: {
    summary: 'Close a booking the customer did not come to and will not re-book',
    lane: 'front_stage',
    stages: ['booked'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ notes: multilineText(1000).optional() })),
  },
  arrive: {
    summary: 'The vehicle is at reception and the three protective covers are fitted in front of the customer',
    lane: 'customer',
    stages: ['booked', 'reception'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({
        coversFitted: z.literal(true, { error: 'the seat, steering-wheel and floor covers must be fitted first' }),
        mileage: z.number().int().min(0).max(3_000_000),
        customerWaiting: z.boolean().default(false),
      }),
    ),
  },
  record_inspection: {
    summary: 'Walk-around inspection, confirmed by the customer',
    lane: 'front_stage',
    stages: ['reception'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({
        damages: z.array(z.object({ area: text(100), description: text(500) })).max(50),
        valuables: z.array(text(200)).max(50),
        fuelLevel: FuelLevel,
        mileage: z.number().int().min(0).max(3_000_000),
        customerSignature: Signature,
      }),
    ),
  },
  record_requests: {
    summary: "The customer's requests, confirmed at reception",
    lane: 'customer',
    stages: ['reception', 'diagnosis'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ requests: z.array(text(500)).min(1).max(50) })),
  },
  check_warranty: {
    summary: 'Whether the job is covered by warranty',
    lane: 'back_stage',
    stages: ['reception', 'diagnosis'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({ covered: z.boolean(), reference: text(100).optional(), notes: multilineText(1000).optional() }),
    ),
  },
  record_diagnosis: {
    summary: 'Diagnosis report, explained to and signed by the customer',
    lane: 'back_stage',
    stages: ['diagnosis'],
    roles: ['advisor', 'technician', 'foreman', 'manager'],
    payload: lazySchema(() =>
      z.object({
        findings: multilineText(5000),
        scanReportRef: text(200).optional(),
        roadTest: z.boolean(),
        customerSignature: Signature.optional(),
      }),
    ),
  },
  submit_estimate: {
    summary: 'Estimate lines and the promised delivery time, for the customer to approve',
    lane: 'back_stage',
    stages: ['diagnosis'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ lines, promisedAt: InstantInput })),
  },
  decide: {
    summary: 'The customer approves or declines each pending line, with consent evidence',
    lane: 'customer',
    stages: ['awaiting_approval'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({
        decisions: z
          .array(z.object({ lineId: text(64), approved: z.boolean() }))
          .min(1)
          .max(100),
        consent: Consent,
      }),
    ),
  },
  send_approval_link: {
    summary: "Sends the customer the approval link again, on the customer's channel (a fresh link for the same approval)",
    lane: 'front_stage',
    stages: ['awaiting_approval'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({})),
  },
  report_additional_work: {
    summary: 'Extra work found during repair: lines, added cost and a new promised time',
    lane: 'back_stage',
    stages: ['in_repair'],
    roles: ['technician', 'foreman', 'advisor', 'manager'],
    payload: lazySchema(() => z.object({ lines, promisedAt: InstantInput, reason: multilineText(1000) })),
  },
  revise_promise: {
    summary:
      'A new promised time the customer agreed to (signed, or on a recorded call), when the workshop plan cannot meet the old one',
    lane: 'customer',
    stages: ['awaiting_dispatch', 'in_repair', 'quality_check'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() => z.object({ promisedAt: InstantInput, reason: multilineText(1000), consent: Consent })),
  },
  assign_technician: {
    summary: 'Dispatch the job to a technician (the proposal, or the foreman overriding it)',
    lane: 'back_stage',
    stages: ['awaiting_dispatch'],
    roles: ['foreman', 'manager'],
    payload: lazySchema(() => AssignChoice.extend({ plan: CheckedAgainstPlan.optional() })),
  },
  start_work: {
    summary: 'The technician starts (or resumes) the work order',
    lane: 'back_stage',
    stages: ['in_repair'],
    roles: ['technician', 'foreman'],
    payload: lazySchema(() => z.object({})),
  },
  complete_work: {
    summary: 'Every approved line is done; the vehicle goes to quality control',
    lane: 'back_stage',
    stages: ['in_repair'],
    roles: ['technician', 'foreman'],
    payload: lazySchema(() => z.object({ notes: multilineText(2000).optional() })),
  },
  record_qc: {
    summary: 'Quality control against the work order and the maintenance checklist',
    lane: 'back_stage',
    stages: ['quality_check'],
    roles: ['qc'],
    payload: lazySchema(() =>
      z.discriminatedUnion('passed', [
        z.object({ passed: z.literal(true), notes: multilineText(2000).optional() }),
        z.object({
          passed: z.literal(false),
          failedItems: z.array(text(300)).min(1).max(50),
          notes: multilineText(2000).optional(),
        }),
      ]),
    ),
  },
  record_pickup: {
    summary: 'Delivery checklist done and the invoice paid',
    lane: 'customer',
    stages: ['ready_for_pickup'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({
        checklist: z.object({
          cleaned: z.literal(true, { error: 'the vehicle must be cleaned inside and out' }),
          allItemsDone: z.literal(true, { error: 'every work-order item must be confirmed done' }),
          chargesExplained: z.literal(true, { error: 'the charges must be explained' }),
          nextMaintenanceTold: z.literal(true, { error: 'the customer must be told the next maintenance' }),
          coversRemoved: z.literal(true, { error: 'the covers must be removed in front of the customer' }),
        }),
        payment: z.object({
          amountCents: PaymentCents,
          method: z.enum(['card', 'cash', 'transfer', 'warranty', 'account']),
        }),
      }),
    ),
  },
  record_follow_up: {
    summary: 'Outcome of the follow-up call after delivery',
    lane: 'front_stage',
    stages: ['follow_up'],
    roles: ['advisor', 'manager'],
    payload: lazySchema(() =>
      z.object({
        reached: z.boolean(),
        satisfaction: z.number().int().min(1).max(5).optional(),
        complaint: z.boolean().default(false),
        comments: multilineText(2000).optional(),
      }),
    ),
  },
} as const satisfies Record<
  string,
  { summary: string; lane: Lane; stages: readonly Stage[]; roles: readonly StaffRole[]; payload: z.ZodType }
>;

export type ActionName = keyof typeof ACTIONS;
export const ActionName = z.enum(Object.keys(ACTIONS) as [ActionName, ...ActionName[]]);
export type ActionPayload<A extends ActionName> = z.infer<(typeof ACTIONS)[A]['payload']>;

/** Who acted: every accepted action carries it into the workflow history. */
export const ActionActor = lazySchema(() =>
  z.object({
    id: text(64),
    role: z.enum(['advisor', 'technician', 'qc', 'foreman', 'manager', 'admin', 'customer']),
  }),
);
export type ActionActor = z.infer<typeof ActionActor>;

export const mayPerform = (action: ActionName, role: StaffRole) =>
  role === 'admin' || (ACTIONS[action].roles as readonly StaffRole[]).includes(role);
