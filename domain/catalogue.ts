import { LINE_DEFAULTS } from './action-rules.js';
import type { Language } from './language.js';
import { lineOutOfBounds, PartUnits, type PricedLineInput, priceLine } from './money.js';
import { text } from './text.js';
import { z } from './zod.js';

// The shop's published prices [S3.2]: labour operations, parts and packaged jobs, and how an estimate line that names
// one of them becomes a priced line. The catalogue's price is copied onto the line when the estimate is made, so a
// price changed later never changes a visit's lines. The tables are db/schema.ts; their one writer is
// api/routes/catalogue.ts.

/** A labour operation's code, a part number, a package's code: it travels in URLs, so no spaces or slashes. */
export const CatalogueCode = text(32).regex(
  /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  'must be letters and digits, with dots, dashes or underscores between them',
);

/** Descriptions are written in English; the other languages the shop speaks may have their own wording. */
export const Translations = z
  .object({ 'zh-CN': text(500).optional() })
  .strict()
  .openapi({ description: "The description in the shop's other languages; a language left out reads the English" });
export type Translations = z.infer<typeof Translations>;

/** What a reader of `language` sees: its translation, else the English. */
export const wordedIn = (english: string, translations: Translations | null | undefined, language: Language) =>
  (language === 'en' ? undefined : translations?.[language]) ?? english;

export interface LabourOperation {
  code: string;
  description: string;
  translations: Translations;
  flatRateHours: number;
  hourlyRateCents: number;
  skillLevel: number;
  active: boolean;
}

export interface Part {
  partNumber: string;
  description: string;
  translations: Translations;
  unitPriceCents: number;
  stockOnHand: number;
  /** Of the stock on hand, what visits have reserved (db/stock.ts). */
  stockReserved: number;
  /** Days from ordering to arrival: when a short part is expected. */
  leadTimeDays: number;
  active: boolean;
}

export const PackageItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('labour'), code: CatalogueCode }).strict(),
  z.object({ kind: z.literal('part'), partNumber: CatalogueCode, quantity: PartUnits }).strict(),
]);
export type PackageItem = z.infer<typeof PackageItem>;

/**
 * One check of a packaged job's maintenance checklist [S1.7]: quality control records it, passed or failed, for every
 * vehicle whose lines came from the package. The code names it in what quality control sends.
 */
export const ChecklistItem = z
  .object({ code: CatalogueCode, description: text(300), translations: Translations.optional() })
  .strict();
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** A package's checklist in the order it is checked; each code once, so a recorded check names one item. */
export const Checklist = z
  .array(ChecklistItem)
  .max(40)
  .superRefine((items, ctx) => {
    items.forEach((item, i) => {
      if (items.findIndex((other) => other.code === item.code) < i)
        ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `item ${item.code} is on the checklist twice` });
    });
  });

export interface ServicePackage {
  code: string;
  name: string;
  translations: Translations;
  /** The vehicle models it is offered for; empty: every model. */
  models: string[];
  active: boolean;
  items: PackageItem[];
  checklist: Required<ChecklistItem>[];
}

/**
 * Labour is priced per hour, as a typed labour line is: there is no one shop rate, so each operation states its
 * own, and its price is its flat-rate hours at that rate.
 */
export const operationLine = (op: Pick<LabourOperation, 'flatRateHours' | 'hourlyRateCents'>): PricedLineInput => ({
  kind: 'labour',
  quantity: op.flatRateHours,
  unitPriceCents: op.hourlyRateCents,
});
export const partLine = (part: Pick<Part, 'unitPriceCents'>, quantity: number): PricedLineInput => ({
  kind: 'part',
  quantity,
  unitPriceCents: part.unitPriceCents,
});

/** Why an operation's hours at its rate make no line the records can hold, or undefined. */
export const operationOutOfBounds = (op: Pick<LabourOperation, 'flatRateHours' | 'hourlyRateCents'>) => {
  const problem = lineOutOfBounds(operationLine(op));
  return problem && { field: problem.field === 'quantity' ? 'flatRateHours' : 'hourlyRateCents', message: problem.message };
};

/** Whether a package is offered for the vehicle's model (names compared as people type them). */
export const fitsModel = (models: readonly string[], model: string) => {
  const norm = (m: string) => m.trim().toLowerCase();
  return models.length === 0 || models.some((m) => norm(m) === norm(model));
};

/** What an estimate may name instead of typing a line: an operation, a part with its quantity, or a package. */
const recommended = z.boolean().optional().openapi({ description: 'Recommended rather than required (default: required)' });
export const CATALOGUE_LINES = [
  z.object({ kind: z.literal('labour_operation'), code: CatalogueCode, recommended }).strict(),
  z.object({ kind: z.literal('catalogue_part'), partNumber: CatalogueCode, quantity: PartUnits, recommended }).strict(),
  z.object({ kind: z.literal('package'), code: CatalogueCode, recommended }).strict(),
] as const;
type CatalogueLine = z.infer<(typeof CATALOGUE_LINES)[number]>;

/** Where a priced line came from; a line without one was typed by hand (a free line). */
export const CatalogueRef = z.object({
  kind: z.enum(['labour_operation', 'part']),
  /** The operation's code or the part number. */
  code: z.string().max(32),
  /** The package the line was expanded from. */
  packageCode: z.string().max(32).optional(),
  /** The recall campaign the line carries out (never charged): its line done completes the campaign on the vehicle. */
  campaign: z.string().max(32).optional(),
});
export type CatalogueRef = z.infer<typeof CatalogueRef>;

/** A line priced from the catalogue, in the shape the estimate's payload takes. */
export interface CataloguePricedLine {
  kind: 'labour' | 'part';
  description: string;
  jobCode?: string;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  requiredSkill: number;
  campaign: boolean;
  recommended: boolean;
  catalogue: CatalogueRef;
}

/** The catalogue entries an estimate's lines name, looked up by code. */
export interface CatalogueEntries {
  operations: ReadonlyMap<string, LabourOperation>;
  parts: ReadonlyMap<string, Part>;
  packages: ReadonlyMap<string, ServicePackage>;
}

export type Expanded<L> =
  | { ok: true; lines: (L | CataloguePricedLine)[]; origin: number[] }
  | { ok: false; field: string; message: string };

const isCatalogueLine = (line: { kind: string }): line is CatalogueLine =>
  CATALOGUE_LINES.some((schema) => schema.shape.kind.value === line.kind);

/**
 * The estimate's lines with every catalogue line priced at the catalogue's price now (a package in place of its
 * contents, in its order), free lines as they are; `origin` maps each line back to the one that was sent.
 */
export function expandLines<L extends { kind: string }>(
  sent: readonly (L | CatalogueLine)[],
  found: CatalogueEntries,
  vehicle: { model: string; language: Language },
): Expanded<L> {
  const lines: (L | CataloguePricedLine)[] = [];
  const origin: number[] = [];
  const operationAt = (op: LabourOperation, extra: { recommended?: boolean; packageCode?: string }) =>
    lines.push({
      ...LINE_DEFAULTS,
      ...operationLine(op),
      kind: 'labour',
      description: wordedIn(op.description, op.translations, vehicle.language),
      jobCode: op.code,
      requiredSkill: op.skillLevel,
      recommended: extra.recommended ?? false,
      catalogue: { kind: 'labour_operation', code: op.code, ...(extra.packageCode ? { packageCode: extra.packageCode } : {}) },
    });
  const partAt = (part: Part, quantity: number, extra: { recommended?: boolean; packageCode?: string }) =>
    lines.push({
      ...LINE_DEFAULTS,
      ...partLine(part, quantity),
      kind: 'part',
      description: wordedIn(part.description, part.translations, vehicle.language),
      recommended: extra.recommended ?? false,
      catalogue: { kind: 'part', code: part.partNumber, ...(extra.packageCode ? { packageCode: extra.packageCode } : {}) },
    });
  for (const [i, line] of sent.entries()) {
    if (!isCatalogueLine(line)) lines.push(line as L);
    else if (line.kind === 'labour_operation') {
      const op = found.operations.get(line.code);
      if (!op?.active) return notOffered(`lines.${i}.code`, 'labour operation', line.code, op);
      operationAt(op, line);
    } else if (line.kind === 'catalogue_part') {
      const part = found.parts.get(line.partNumber);
      if (!part?.active) return notOffered(`lines.${i}.partNumber`, 'part', line.partNumber, part);
      partAt(part, line.quantity, line);
    } else {
      const pkg = found.packages.get(line.code);
      if (!pkg?.active) return notOffered(`lines.${i}.code`, 'package', line.code, pkg);
      if (!fitsModel(pkg.models, vehicle.model))
        return {
          ok: false,
          field: `lines.${i}.code`,
          message: `package ${pkg.code} is for ${pkg.models.join(', ')}, not a ${vehicle.model}`,
        };
      for (const item of pkg.items) {
        const extra = { recommended: line.recommended, packageCode: pkg.code };
        // The package's contents are kept by foreign keys: every item is in the catalogue.
        if (item.kind === 'labour') operationAt(found.operations.get(item.code) as LabourOperation, extra);
        else partAt(found.parts.get(item.partNumber) as Part, item.quantity, extra);
      }
    }
    while (origin.length < lines.length) origin.push(i);
  }
  return { ok: true, lines, origin };
}

/** A code the catalogue does not know, or one it no longer offers (kept for the visits that used it). */
const notOffered = (field: string, what: string, code: string, retired: object | undefined): Expanded<never> => ({
  ok: false,
  field,
  message: retired ? `${what} ${code} is no longer offered` : `no ${what} ${code} in the catalogue`,
});

/** One item of a package as the price list shows it: the entry's wording and its line at the catalogue price now. */
export interface PricedItem {
  kind: 'labour' | 'part';
  code: string;
  description: string;
  translations: Translations;
  line: PricedLineInput;
}

/** A package's contents priced the way an estimate made now would price them. */
export const packageContents = (
  pkg: Pick<ServicePackage, 'items'>,
  found: Pick<CatalogueEntries, 'operations' | 'parts'>,
): PricedItem[] =>
  pkg.items.flatMap((item): PricedItem[] => {
    if (item.kind === 'labour') {
      const op = found.operations.get(item.code);
      return op
        ? [{ kind: 'labour', code: op.code, description: op.description, translations: op.translations, line: operationLine(op) }]
        : [];
    }
    const part = found.parts.get(item.partNumber);
    return part
      ? [
          {
            kind: 'part',
            code: part.partNumber,
            description: part.description,
            translations: part.translations,
            line: partLine(part, item.quantity),
          },
        ]
      : [];
  });

export const totalOf = (lines: readonly PricedLineInput[]) => lines.reduce((sum, l) => sum + priceLine(l).totalCents, 0);
