import { NEW_INPUT_ONLY } from './input-rules.js';
import { Language } from './language.js';
import { latestLocalDate } from './local-time.js';
import { multilineText, text } from './text.js';
import { ContactChannel, Phone, Plate } from './visit.js';
import { z } from './zod.js';

// Editing the customer and vehicle files [S2]. A field sent as null is cleared on purpose; a field left out is
// kept. Every change is recorded with who and when (db/file-records.ts).

/** A calendar day in the past (a birthday, a purchase date): from `fromYear` up to today, wherever the shop is. */
const PastDay = (fromYear: number) =>
  z.iso
    .date('expected a day such as 1980-05-17')
    .refine((day) => day >= `${fromYear}-01-01` && day <= latestLocalDate(Date.now()), {
      message: `must be a day between ${fromYear}-01-01 and today`,
      ...NEW_INPUT_ONLY,
    });

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const CustomerChange = z
  .object({
    name: text(200).optional(),
    phone: Phone.optional(),
    email: optional(z.email('expected an e-mail address such as ana@example.com').max(254)),
    address: optional(multilineText(500)),
    birthday: optional(PastDay(1900)),
    household: optional(multilineText(500)),
    preferredChannel: ContactChannel.optional(),
    /** The language of their messages and approval page; null: English. */
    language: optional(Language),
    optedOut: z.boolean().optional(),
  })
  .strict();
export type CustomerChange = z.infer<typeof CustomerChange>;
export type CustomerField = keyof CustomerChange;
export const CUSTOMER_FIELDS = CustomerChange.keyof().options as CustomerField[];

export const VehicleChange = z
  .object({
    plate: Plate.optional(),
    model: text(100).optional(),
    year: optional(z.number().int().min(1950).max(2100)),
    engineNo: optional(text(40)),
    keyCode: optional(text(40)),
    colour: optional(text(60)),
    transmission: optional(text(60)),
    options: optional(multilineText(1000)),
    purchaseDate: optional(PastDay(1950)),
    /** The maker's warranty from the purchase date, in months; its end is noticed to the owner before it comes. */
    warrantyMonths: optional(z.number().int().min(1).max(240)),
    salesperson: optional(text(200)),
    mileage: optional(z.number().int().min(0).max(3_000_000)),
  })
  .strict();
export type VehicleChange = z.infer<typeof VehicleChange>;
export type VehicleField = keyof VehicleChange;
export const VEHICLE_FIELDS = VehicleChange.keyof().options as VehicleField[];

/** How a stored value is kept in the change history: text, or null for "nothing on file". */
export const asRecorded = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

/** The fields whose value the change actually alters, with the value before and after. */
export function changedFields<T extends Record<string, unknown>>(
  before: Record<string, unknown>,
  change: T,
): { field: keyof T & string; oldValue: string | null; newValue: string | null }[] {
  return Object.entries(change)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => ({ field, oldValue: asRecorded(before[field]), newValue: asRecorded(value) }))
    .filter((c) => c.oldValue !== c.newValue);
}
