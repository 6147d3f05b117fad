import { CatalogueCode, Translations } from './catalogue.js';
import { PartUnits } from './money.js';
import { text } from './text.js';
import { Vin } from './visit.js';
import { z } from './zod.js';

// Recall and product campaigns [S1.5 recalls first, S2 product-change notices]: what the maker sends, as the
// service manager imports it. Affected vehicles are named by VIN, or by a model and a model-year range matched
// against the vehicle file. The tables are db/schema.ts; their one writer is api/routes/campaigns.ts.

const ModelYear = z.number().int().min(1950).max(2100);

/** Upper bound of one import: a maker's recall list for one dealer is hundreds of VINs, rarely thousands. */
export const MAX_CAMPAIGN_VINS = 5_000;

export const NewCampaign = z
  .object({
    code: CatalogueCode.openapi({ description: "The maker's campaign code", example: 'RC-24-017' }),
    description: text(500).openapi({ description: 'What the recall fixes, in English' }),
    translations: Translations.optional(),
    labourCode: CatalogueCode.openapi({ description: 'The catalogue labour operation the recall line is priced from' }),
    parts: z
      .array(z.object({ partNumber: CatalogueCode, quantity: PartUnits }).strict())
      .max(20)
      .default([])
      .openapi({ description: 'The catalogue parts the recall fits, with their quantities' }),
    vins: z
      .array(Vin)
      .min(1)
      .max(MAX_CAMPAIGN_VINS)
      .optional()
      .openapi({ description: 'The affected vehicles by VIN (a bad VIN is named by its row, counted from 0)' }),
    model: text(100).optional().openapi({ description: 'Instead of VINs: the affected model, as the vehicle file names it' }),
    yearFrom: ModelYear.optional().openapi({ description: 'With `model`: the first model year affected' }),
    yearTo: ModelYear.optional().openapi({ description: 'With `model`: the last model year affected' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const byRange = c.model !== undefined || c.yearFrom !== undefined || c.yearTo !== undefined;
    if (c.vins && byRange)
      ctx.addIssue({ code: 'custom', path: ['vins'], message: 'name the vehicles by VIN or by model and years, not both' });
    else if (!c.vins && !byRange)
      ctx.addIssue({
        code: 'custom',
        path: ['vins'],
        message: 'name the affected vehicles: a list of VINs, or a model and years',
      });
    else if (byRange) {
      for (const field of ['model', 'yearFrom', 'yearTo'] as const)
        if (c[field] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'a model-year range needs the model, its first and its last year',
          });
      if (c.yearFrom !== undefined && c.yearTo !== undefined && c.yearFrom > c.yearTo)
        ctx.addIssue({ code: 'custom', path: ['yearTo'], message: 'must not be before the first model year' });
    }
    const seen = new Set<string>();
    c.parts.forEach((p, i) => {
      if (seen.has(p.partNumber))
        ctx.addIssue({ code: 'custom', path: ['parts', i, 'partNumber'], message: 'this part is listed twice' });
      seen.add(p.partNumber);
    });
  })
  .openapi('NewCampaign');
export type NewCampaign = z.infer<typeof NewCampaign>;

/** A campaign with its reach: how many vehicles it affects, how many customers were told, how many are done. */
export const CampaignView = z
  .object({
    code: z.string(),
    description: z.string(),
    translations: Translations,
    labourCode: z.string(),
    parts: z.array(z.object({ partNumber: z.string(), quantity: z.number() })),
    model: z.string().nullable(),
    yearFrom: z.number().int().nullable(),
    yearTo: z.number().int().nullable(),
    importedAt: z.string(),
    affected: z.number().int().openapi({ description: 'Vehicles the campaign affects' }),
    notified: z.number().int().openapi({ description: 'Of those, the ones whose owner is on file and is told' }),
    completed: z.number().int().openapi({ description: 'Vehicles whose recall line is done' }),
  })
  .openapi('Campaign');
export type CampaignView = z.infer<typeof CampaignView>;

/** What the workflow tells each affected owner: deterministic ids make every message and task once. */
export interface CampaignRecipient {
  vin: string;
  customerId: string;
  plate: string;
}
