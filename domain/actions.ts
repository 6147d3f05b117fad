import {
  ACTION_NAMES,
  ACTION_RULES,
  type ActionActor as ActionActorRule,
  type ActionName as ActionNameRule,
  LINE_DEFAULTS,
  MAX_ACTOR_ID,
  PAYLOAD_DEFAULTS,
} from './action-rules.js';
import { CATALOGUE_LINES, CatalogueCode, CatalogueRef, Translations } from './catalogue.js';
import type { ChecklistCheck, ChecklistRecord } from './checklist-rules.js';
import { DispatchProposal, SkillLevel } from './dispatch.js';
import { DiscountCents, linesWithinBounds, PaymentCents, Quantity, UnitPriceCents } from './money.js';
import { ACTION_ACTOR_ROLES } from './role-rules.js';
import { multilineText, text } from './text.js';
import { InstantInput, IsoDateTime } from './time.js';
import { z } from './zod.js';

export { ACTION_RULES, acceptedAt, mayPerform } from './action-rules.js';

/** A drawn signature (PNG data URL from the signature pad) with the signer's printed name. */
export const Signature = z
  .object({
    signedBy: text(200),
    image: z
      .string()
      .max(200_000, 'signature image must be under 200 kB')
      .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, 'expected a data:image/png;base64,… URL'),
  })
  .strict();
export type Signature = z.infer<typeof Signature>;

/** Evidence that the customer agreed: signed in person or on the approval page, or a recorded phone call. */
export const Consent = z.discriminatedUnion('method', [
  z.object({ method: z.literal('signature'), signature: Signature }).strict(),
  z
    .object({
      method: z.literal('phone'),
      callReference: text(100),
      calledBy: text(64),
      calledAt: InstantInput,
      spokeWith: text(200),
    })
    .strict(),
]);
export type Consent = z.infer<typeof Consent>;

export const LineInput = z
  .object({
    kind: z.enum(['labour', 'part']),
    description: text(500),
    jobCode: text(32).optional(),
    /** Hours for labour, units for parts. */
    quantity: Quantity,
    unitPriceCents: UnitPriceCents,
    discountCents: DiscountCents.default(LINE_DEFAULTS.discountCents),
    requiredSkill: SkillLevel.default(LINE_DEFAULTS.requiredSkill),
    /** A manufacturer campaign or recall line: dispatched first, never charged. */
    campaign: z.boolean().default(LINE_DEFAULTS.campaign),
    /** Recommended by the advisor rather than required; lines are required unless marked. */
    recommended: z.boolean().default(LINE_DEFAULTS.recommended),
    /** Repeats a recommendation the customer declined at an earlier visit (from the state's `declinedBefore`). */
    offeredFromLineId: text(64).optional(),
  })
  .strict();
export type LineInput = z.infer<typeof LineInput>;

/** A line as the visit takes it: typed by hand, or priced by the API from the catalogue entry `catalogue` names. */
const VisitLineInput = LineInput.extend({ catalogue: CatalogueRef.optional() });

/** The most checklist items one visit's packages may require (a package holds at most 40). */
const MAX_CHECKS = 200;

/** What the inspector records for one item of the maintenance checklist of a package on the visit's lines. */
const CheckRecorded = z
  .object({
    packageCode: CatalogueCode,
    code: CatalogueCode,
    passed: z.boolean(),
    note: multilineText(500).optional(),
  })
  .strict() satisfies z.ZodType<ChecklistRecord>;

/** A checklist item the visit requires, as the API read it from the catalogue (api/queries/qc-checklist.ts). */
const RequiredCheck = z.object({
  packageCode: z.string().max(32),
  code: z.string().max(32),
  description: z.string().max(300),
  translations: Translations,
}) satisfies z.ZodType<ChecklistCheck>;

/** A failure says what failed: typed, or an item of the checklist. */
const namesAFailure = (qc: { passed: boolean; failedItems?: string[]; checklist?: ChecklistRecord[] }) =>
  qc.passed || !!qc.failedItems?.length || !!qc.checklist?.some((c) => !c.passed);

/**
 * Quality control's record: passed, or failed with what is below standard (typed, or items of the checklist that
 * failed), and the checklist as recorded; `extra` holds what the API adds before the workflow sees it.
 */
const qcPayload = <S extends z.ZodRawShape>(extra: S) => {
  const recorded = {
    notes: multilineText(2000).optional(),
    checklist: z.array(CheckRecorded).max(MAX_CHECKS).optional(),
    ...extra,
  };
  return z
    .discriminatedUnion('passed', [
      z.object({ passed: z.literal(true), ...recorded }).strict(),
      z.object({ passed: z.literal(false), failedItems: z.array(text(300)).max(50).optional(), ...recorded }).strict(),
    ])
    .refine((qc) => namesAFailure(qc as Parameters<typeof namesAFailure>[0]), {
      path: ['failedItems'],
      message: 'name what is below standard, or fail an item of the checklist',
    });
};

/** New lines, each within the money bounds and together within a visit's (the workflow adds the lines it has). */
const lines = linesWithinBounds(z.array(VisitLineInput).min(1).max(100));

/**
 * What staff send to dispatch a job: the plan's proposal, or anyone active and qualified with a reason; with the
 * plan version their screen showed, so a plan that moved in between is not held against them
 * (domain/dispatch.ts `judgeAssignment`).
 */
export const AssignChoice = z
  .object({
    technicianId: text(64),
    overrideReason: multilineText(500).optional(),
    planVersion: text(64).optional(),
  })
  .strict();
export type AssignChoice = z.infer<typeof AssignChoice>;

/** What staff send to hand a job in repair to another technician: whom, and why (off sick, moved off the rota). */
export const ReassignChoice = z
  .object({
    technicianId: text(64),
    reason: multilineText(500).optional(),
    // Asked at the API only (api/assigned-work.ts `checkedReassignment`): the workflow knows no calendar and ignores it.
    confirmOffToday: z.boolean().optional().meta({
      description:
        'The technician does not work today (no shift hours today, or the shop is closed: GET /calendar): true hands them the job anyway (else 409)',
    }),
  })
  .strict();
export type ReassignChoice = z.infer<typeof ReassignChoice>;

/**
 * The technician a reassignment names, as the API read them from the directory (domain/assignment-rules.ts
 * `reassignRefusal` holds the choice to them): the API sets it, whatever a client sent.
 */
export const ReassignCandidate = z.object({ name: text(200), skillLevel: z.number().int(), active: z.boolean() });

/**
 * The workshop plan the API checked the choice against when it was made (db/workshop-plan.ts): the API
 * computes it from the read model and sets it, whatever a client sent, so the visit records what was proposed
 * at that moment and never waits on a reading of its own.
 */
export const CheckedAgainstPlan = z.object({
  version: z.string().max(64),
  at: IsoDateTime,
  proposal: DispatchProposal.nullable(),
});

/**
 * The assigned technician a repair step was recorded for, when the foreman or manager records it for them
 * (domain/assignment-rules.ts): the API sets it from the visit, whatever a client sent, so the history says who did
 * the work as well as who recorded it.
 */
const ForTechnician = text(64).optional();

export const PaymentMethod = z.enum(['card', 'cash', 'transfer', 'warranty', 'account']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const FuelLevel = z.enum(['empty', 'quarter', 'half', 'three_quarters', 'full']);

/** Every action a visit accepts: its rules (action-rules.ts) with the schema its payload is held to at the API. */
export const ACTIONS = {
  confirm_appointment: {
    ...ACTION_RULES.confirm_appointment,
    payload: z.object({ notes: multilineText(1000).optional() }).strict(),
  },
  record_confirmation_call: {
    ...ACTION_RULES.record_confirmation_call,
    payload: z
      .object({
        reached: z.boolean(),
        confirmed: z.boolean().optional(),
        notes: multilineText(1000).optional(),
        appointmentAt: InstantInput.optional().meta({
          description:
            'The booked time the call was about, as the form showed it: a booking moved since is refused (409), since the customer answered about the old time',
        }),
      })
      .strict(),
  },
  reschedule: {
    ...ACTION_RULES.reschedule,
    payload: z
      .object({
        appointmentAt: InstantInput,
        notes: multilineText(1000).optional(),
        // Asked at the API only (api/booking.ts `closedRefusal`): the workflow knows no calendar and ignores it.
        confirmClosed: z.boolean().optional().meta({
          description:
            'The new time is outside the opening hours or on a day the shop is closed (GET /calendar): true moves it anyway (else 409)',
        }),
      })
      .strict(),
  },
  cancel: {
    ...ACTION_RULES.cancel,
    payload: z.object({ reason: multilineText(1000) }).strict(),
  },
  mark_no_show: {
    ...ACTION_RULES.mark_no_show,
    payload: z.object({ notes: multilineText(1000).optional() }).strict(),
  },
  arrive: {
    ...ACTION_RULES.arrive,
    payload: z
      .object({
        coversFitted: z.literal(true, { error: 'the seat, steering-wheel and floor covers must be fitted first' }),
        mileage: z.number().int().min(0).max(3_000_000),
        customerWaiting: z.boolean().default(PAYLOAD_DEFAULTS.arrive.customerWaiting),
      })
      .strict(),
  },
  record_inspection: {
    ...ACTION_RULES.record_inspection,
    payload: z
      .object({
        damages: z.array(z.object({ area: text(100), description: text(500) }).strict()).max(50),
        valuables: z.array(text(200)).max(50),
        fuelLevel: FuelLevel,
        mileage: z.number().int().min(0).max(3_000_000),
        customerSignature: Signature,
      })
      .strict(),
  },
  record_requests: {
    ...ACTION_RULES.record_requests,
    payload: z.object({ requests: z.array(text(500)).min(1).max(50) }).strict(),
  },
  check_warranty: {
    ...ACTION_RULES.check_warranty,
    payload: z.object({ covered: z.boolean(), reference: text(100).optional(), notes: multilineText(1000).optional() }).strict(),
  },
  record_diagnosis: {
    ...ACTION_RULES.record_diagnosis,
    payload: z
      .object({
        findings: multilineText(5000),
        scanReportRef: text(200).optional(),
        roadTest: z.boolean(),
        customerSignature: Signature.optional(),
      })
      .strict(),
  },
  submit_estimate: {
    ...ACTION_RULES.submit_estimate,
    payload: z.object({ lines, promisedAt: InstantInput }).strict(),
  },
  decide: {
    ...ACTION_RULES.decide,
    payload: z
      .object({
        decisions: z
          .array(z.object({ lineId: text(64), approved: z.boolean() }).strict())
          .min(1)
          .max(100),
        consent: Consent,
      })
      .strict(),
  },
  send_approval_link: {
    ...ACTION_RULES.send_approval_link,
    payload: z.object({}).strict(),
  },
  report_additional_work: {
    ...ACTION_RULES.report_additional_work,
    payload: z.object({ lines, promisedAt: InstantInput, reason: multilineText(1000) }).strict(),
  },
  revise_promise: {
    ...ACTION_RULES.revise_promise,
    payload: z.object({ promisedAt: InstantInput, reason: multilineText(1000), consent: Consent }).strict(),
  },
  assign_technician: {
    ...ACTION_RULES.assign_technician,
    payload: AssignChoice.extend({ plan: CheckedAgainstPlan.optional() }),
  },
  reassign_technician: {
    ...ACTION_RULES.reassign_technician,
    payload: ReassignChoice.extend({ technician: ReassignCandidate.optional() }),
  },
  // Repair [S1.6], confirmed by the technician like the delivery checklist: the covers before the work (and again when
  // it resumes), since they protect the car while it is worked on; the parts and the scope once the work is done,
  // since only then is it true what went into the car.
  start_work: {
    ...ACTION_RULES.start_work,
    payload: z
      .object({
        forTechnician: ForTechnician,
        checklist: z
          .object({
            fenderCovers: z.literal(true, { error: 'fit the fender covers before working in the engine bay' }),
          })
          .strict(),
      })
      .strict(),
  },
  complete_work: {
    ...ACTION_RULES.complete_work,
    payload: z
      .object({
        forTechnician: ForTechnician,
        notes: multilineText(2000).optional(),
        checklist: z
          .object({
            genuineParts: z.literal(true, { error: 'confirm that only genuine parts and fluids were used' }),
            onlyWorkOrderItems: z.literal(true, { error: 'confirm that exactly the items on the work order were done' }),
          })
          .strict(),
      })
      .strict(),
  },
  record_qc: {
    ...ACTION_RULES.record_qc,
    // The API adds the checklist items of the visit's packages, as the catalogue words them now (QC_AS_SENT is what staff send).
    payload: qcPayload({ requiredChecks: z.array(RequiredCheck).max(MAX_CHECKS).optional() }),
  },
  record_pickup: {
    ...ACTION_RULES.record_pickup,
    payload: z
      .object({
        checklist: z
          .object({
            cleaned: z.literal(true, { error: 'the vehicle must be cleaned inside and out' }),
            allItemsDone: z.literal(true, { error: 'every work-order item must be confirmed done' }),
            chargesExplained: z.literal(true, { error: 'the charges must be explained' }),
            nextMaintenanceTold: z.literal(true, { error: 'the customer must be told the next maintenance' }),
            coversRemoved: z.literal(true, { error: 'the covers must be removed in front of the customer' }),
          })
          .strict(),
        payment: z
          .object({
            amountCents: PaymentCents,
            method: PaymentMethod,
          })
          .strict(),
      })
      .strict(),
  },
  record_follow_up: {
    ...ACTION_RULES.record_follow_up,
    payload: z
      .object({
        reached: z.boolean(),
        satisfaction: z.number().int().min(1).max(5).optional(),
        complaint: z.boolean().default(PAYLOAD_DEFAULTS.record_follow_up.complaint),
        comments: multilineText(2000).optional(),
      })
      .strict(),
  },
} as const satisfies { [A in ActionName]: (typeof ACTION_RULES)[A] & { payload: z.ZodType } };

/**
 * What staff send for the lines of an estimate or of additional work: typed lines, or catalogue entries that the
 * API prices (api/catalogue-lines.ts) into the action's payload before the workflow sees them.
 */
const linesSent = z
  .array(z.discriminatedUnion('kind', [LineInput, ...CATALOGUE_LINES]))
  .min(1)
  .max(100);
export const LINES_FROM_CATALOGUE = {
  submit_estimate: ACTIONS.submit_estimate.payload.extend({ lines: linesSent }),
  report_additional_work: ACTIONS.report_additional_work.payload.extend({ lines: linesSent }),
};
export type LinesFromCatalogueAction = keyof typeof LINES_FROM_CATALOGUE;

/** What staff send for quality control: the record without the checklist it is held to, which the API reads. */
export const QC_AS_SENT = qcPayload({});

/** A repair step as staff send it: for whom it is taken is the API's to say (`forTechnician`). */
export const STEP_AS_SENT = {
  start_work: ACTIONS.start_work.payload.omit({ forTechnician: true }),
  complete_work: ACTIONS.complete_work.payload.omit({ forTechnician: true }),
};

export type ActionName = ActionNameRule;
export const ActionName = z.enum(ACTION_NAMES as [ActionName, ...ActionName[]]);
export type ActionPayload<A extends ActionName> = z.infer<(typeof ACTIONS)[A]['payload']>;

/** Who acted: every accepted action carries it into the workflow history. */
export const ActionActor = z.object({
  id: text(MAX_ACTOR_ID),
  role: z.enum(ACTION_ACTOR_ROLES),
}) satisfies z.ZodType<ActionActorRule>;
export type ActionActor = z.infer<typeof ActionActor>;
