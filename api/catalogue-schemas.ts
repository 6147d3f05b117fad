import { z } from '@hono/zod-openapi';
import { CatalogueCode, Checklist, PackageItem, Translations } from '../domain/catalogue.js';
import { EVERY_VEHICLE } from '../domain/checklist-rules.js';
import { SkillLevel } from '../domain/dispatch.js';
import { Currency } from '../domain/language.js';
import { Hours, UnitPriceCents } from '../domain/money.js';
import { text } from '../domain/text.js';

// The catalogue's request and answer shapes as the OpenAPI document publishes them (routes: api/routes/catalogue.ts).

const Cents = z.number().int().nonnegative();
const StockOnHand = z.number().int().min(0).max(1_000_000);
const Models = z
  .array(text(100))
  .max(20)
  .openapi({ description: 'The vehicle models it is offered for, as the vehicle file names them; empty: every model' });

export const LabourOperationBody = z
  .object({
    code: z.string(),
    description: z.string(),
    translations: Translations,
    flatRateHours: z.number(),
    hourlyRateCents: Cents,
    priceCents: Cents.openapi({ description: 'Its flat-rate hours at its rate, before tax' }),
    skillLevel: z.number().int(),
    active: z.boolean(),
  })
  .openapi('LabourOperation');
export const PartBody = z
  .object({
    partNumber: z.string(),
    description: z.string(),
    translations: Translations,
    unitPriceCents: Cents,
    stockOnHand: z.number().int(),
    stockReserved: z.number().int().openapi({ description: 'Of the stock on hand, what booked visits have reserved' }),
    stockAvailable: z.number().int().openapi({ description: 'On hand and not reserved: what a new reservation may take' }),
    leadTimeDays: z.number().int().openapi({ description: 'Days from ordering to arrival, when a part is short' }),
    active: z.boolean(),
  })
  .openapi('Part');
export const PackageBody = z
  .object({
    code: z.string(),
    name: z.string(),
    translations: Translations,
    models: z.array(z.string()),
    active: z.boolean(),
    items: z.array(PackageItem),
    totalCents: Cents.openapi({ description: 'Its contents at the catalogue prices now, before tax' }),
    checklist: z
      .array(z.object({ code: z.string(), description: z.string(), translations: Translations }))
      .openapi({ description: 'The maintenance checklist quality control records for a vehicle given this job' }),
  })
  .openapi('ServicePackage');

export const PriceListItem = z.object({
  kind: z.enum(['labour', 'part']),
  code: z.string().openapi({ description: "The operation's code or the part number" }),
  description: z.string(),
  translations: Translations,
  quantity: z.number().openapi({ description: 'Hours for labour, units for parts' }),
  totalCents: Cents,
});
export const PriceList = z
  .object({
    currency: Currency.openapi({ description: 'ISO 4217: every amount is in its minor unit' }),
    taxRateBasisPoints: z.number().int().openapi({ description: "The shop's sales tax, added to these prices on the estimate" }),
    labourOperations: z.array(LabourOperationBody.omit({ hourlyRateCents: true, active: true })),
    parts: z.array(
      PartBody.omit({ stockOnHand: true, stockReserved: true, stockAvailable: true, leadTimeDays: true, active: true }),
    ),
    packages: z.array(
      PackageBody.omit({ items: true, active: true, checklist: true }).extend({
        items: z.array(PriceListItem),
      }),
    ),
  })
  .openapi('PriceList');

export const NewLabourOperation = z
  .object({
    code: CatalogueCode,
    description: text(500),
    translations: Translations.optional(),
    flatRateHours: Hours,
    hourlyRateCents: UnitPriceCents,
    skillLevel: SkillLevel,
  })
  .strict()
  .openapi('NewLabourOperation');
export const LabourOperationChange = NewLabourOperation.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change')
  .openapi('LabourOperationChange');

export const NewPart = z
  .object({
    partNumber: CatalogueCode,
    description: text(500),
    translations: Translations.optional(),
    unitPriceCents: UnitPriceCents,
    stockOnHand: StockOnHand.optional().openapi({ description: 'Units on the shelf (a stocktake when changed)' }),
    leadTimeDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .optional()
      .openapi({ description: 'Days from ordering to arrival (default 2)' }),
  })
  .strict()
  .openapi('NewPart');
export const PartChange = NewPart.omit({ partNumber: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change')
  .openapi('PartChange');

export const StockReceipt = z
  .object({ quantity: StockOnHand.min(1).openapi({ description: 'Units delivered' }) })
  .strict()
  .openapi('StockReceipt');

const PackageItems = z.array(PackageItem).min(1).max(50);
export const NewPackage = z
  .object({
    // The checks every vehicle gets at quality control are grouped under this code (domain/checklist-rules.ts).
    code: CatalogueCode.refine((code) => code !== EVERY_VEHICLE.packageCode, {
      message: `${EVERY_VEHICLE.packageCode} names the checks every vehicle gets at quality control; choose another code`,
    }),
    name: text(200),
    translations: Translations.optional(),
    models: Models.optional(),
    items: PackageItems,
    checklist: Checklist.optional().openapi({
      description: 'What quality control checks for a vehicle given this job, in order (replaced whole when changed)',
    }),
  })
  .strict()
  .openapi('NewServicePackage');
export const PackageChange = NewPackage.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change')
  .openapi('ServicePackageChange');

export const CodeParam = z.object({ code: CatalogueCode.meta({ param: { name: 'code', in: 'path' } }) });
export const PartNumberParam = z.object({ partNumber: CatalogueCode.meta({ param: { name: 'partNumber', in: 'path' } }) });
