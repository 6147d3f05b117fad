import { CatalogueCode } from './catalogue.js';
import { PriorityReason } from './dispatch.js';
import { NEW_INPUT_ONLY } from './input-rules.js';
import { Language } from './language.js';
import { VisitPolicy, VisitPolicyOverride } from './policy.js';
import { multilineText, text } from './text.js';
import { z } from './zod.js';

/**
 * The shape of a phone number, as permissive as people write it: "(030) 6241343", "030/6241343", "138.1234.5678",
 * and the full-width digits and spaces a Chinese keyboard types (read as plain ones). Whether it can be a number of
 * its country is checked with the shop's country (api/phone-check.ts, rule domain/phone.ts).
 */
export const Phone = z
  .string()
  .normalize('NFKC')
  .trim()
  .regex(/^\+?[(]?[0-9][0-9 ()./-]{5,22}$/, 'expected a phone number such as +49 30 1234567');

/** ISO 3779 VINs are 17 characters and never use I, O or Q (they read as 1 and 0). */
export const Vin = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'expected a 17-character VIN (no I, O or Q)');

// A format character (zero-width space or joiner, soft hyphen, word joiner): nothing on a plate, and one hidden in it
// keeps the desk's search by the plate people read from ever finding the car.
const FORMAT_CHARACTER = /\p{Cf}/u;

/**
 * A number plate as written on the vehicle, compared upper-case, in the characters people read on it: a Chinese
 * keyboard's full-width letters and digits ("沪Ａ·１２３４５") are stored as the plain ones the desk searches with
 * (NFKC, as `Phone` reads them), and an invisible character inside is refused.
 */
export const Plate = text(16)
  .normalize('NFKC')
  .toUpperCase()
  .refine((plate) => !FORMAT_CHARACTER.test(plate), {
    message: 'must not contain invisible characters such as zero-width spaces',
    ...NEW_INPUT_ONLY,
  });

export const ContactChannel = z.enum(['sms', 'email', 'phone']);

export const CustomerInput = z.object({
  id: z.uuid().optional(),
  name: text(200),
  phone: Phone,
  email: z.email().max(254).optional(),
  address: multilineText(500).optional(),
  /** A new customer is reached by SMS unless told otherwise; a returning one keeps the channel on file. */
  preferredChannel: ContactChannel.optional(),
  /** The language the customer reads their messages in; a returning customer keeps the one on file when left out. */
  language: Language.optional(),
});
export type CustomerInput = z.infer<typeof CustomerInput>;

export const VehicleInput = z.object({
  vin: Vin,
  plate: Plate,
  model: text(100),
  year: z.number().int().min(1950).max(2100).optional(),
  mileage: z.number().int().min(0).max(3_000_000).optional(),
});
export type VehicleInput = z.infer<typeof VehicleInput>;

export const VisitKind = z.enum(['appointment', 'walk_in']);
export type VisitKind = z.infer<typeof VisitKind>;

/** What the front desk sends to open a visit (walk-in) — an appointment adds its time. */
export const NewVisit = z.object({
  customer: CustomerInput,
  vehicle: VehicleInput,
  advisorId: text(64),
  requestedServices: z.array(text(500)).max(50).default([]),
  /** The catalogue's jobs booked (packages, labour operations, parts): the day before, their parts are reserved. */
  requestedJobs: z.array(CatalogueCode).max(20).optional().openapi({
    description:
      'Catalogue codes of the packaged jobs, labour operations or parts booked; their parts are reserved the day before',
  }),
  /** A comeback for the same fault, a campaign or a warranty job queues ahead of ordinary work. */
  priorityReason: z.enum(['recall', 'rework', 'warranty', 'waiting']).optional(),
  /** Development only: shortened timers for this visit (the demo's day plays out in minutes). */
  policy: VisitPolicyOverride.optional(),
});
export type NewVisit = z.infer<typeof NewVisit>;

/** The workflow's start input: everything it needs is copied in so replay never reads the database. */
export const VisitStart = z.object({
  visitId: z.uuid(),
  kind: VisitKind,
  customer: z.object({ id: z.uuid(), name: z.string(), phone: z.string(), email: z.string().optional() }),
  vehicle: z.object({ vin: z.string(), plate: z.string(), model: z.string(), mileage: z.number().int().optional() }),
  advisorId: z.string(),
  appointmentAt: z.iso.datetime({ offset: true }).optional(),
  requestedServices: z.array(z.string()),
  /** Absent on visits started before jobs could be booked from the catalogue. */
  requestedJobs: z.array(z.string()).optional(),
  priorityReason: PriorityReason,
  policy: VisitPolicy,
  /**
   * The shop's zone (`SHOP_TIME_ZONE`) when the visit opened, kept like its policy: the policy's whole days are
   * calendar days on that clock (`domain/timer-rules.ts`). Absent on visits started before it, whose timers stay
   * durations.
   */
  timeZone: z.string().optional(),
  /**
   * Booked by the customer on the public booking page. Every booking is confirmed with the link to move or cancel it;
   * the mark says which patch a visit asks for that (`online-booking-confirmed` or `desk-booking-confirmed`).
   */
  bookedOnline: z.literal(true).optional(),
});
export type VisitStart = z.infer<typeof VisitStart>;
