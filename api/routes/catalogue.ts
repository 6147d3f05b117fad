import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { entriesFor, readCatalogue, readPackage } from '../../db/catalogue.js';
import type { Database } from '../../db/client.js';
import { labourOperations, packageItems, parts, servicePackages } from '../../db/schema.js';
import {
  CatalogueCode,
  type LabourOperation,
  operationLine,
  operationOutOfBounds,
  PackageItem,
  type Part,
  packageContents,
  partLine,
  type ServicePackage,
  Translations,
  totalOf,
} from '../../domain/catalogue.js';
import { SkillLevel } from '../../domain/dispatch.js';
import { Currency } from '../../domain/language.js';
import { lineOutOfBounds, Quantity, UnitPriceCents } from '../../domain/money.js';
import { PRICE_EDITORS } from '../../domain/roles.js';
import { text } from '../../domain/text.js';
import { requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

// The catalogue [S3.2]: the one writer of its tables. The service manager keeps the published prices; every staff
// member reads the whole catalogue; anyone reads the price list (`GET /catalogue`, no login).

const Cents = z.number().int().nonnegative();
const StockOnHand = z.number().int().min(0).max(1_000_000);
const Models = z
  .array(text(100))
  .max(20)
  .openapi({ description: 'The vehicle models it is offered for, as the vehicle file names them; empty: every model' });

const LabourOperationBody = z
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
const PartBody = z
  .object({
    partNumber: z.string(),
    description: z.string(),
    translations: Translations,
    unitPriceCents: Cents,
    stockOnHand: z.number().int(),
    active: z.boolean(),
  })
  .openapi('Part');
const PackageBody = z
  .object({
    code: z.string(),
    name: z.string(),
    translations: Translations,
    models: z.array(z.string()),
    active: z.boolean(),
    items: z.array(PackageItem),
    totalCents: Cents.openapi({ description: 'Its contents at the catalogue prices now, before tax' }),
  })
  .openapi('ServicePackage');

const PriceListItem = z.object({
  kind: z.enum(['labour', 'part']),
  code: z.string().openapi({ description: "The operation's code or the part number" }),
  description: z.string(),
  translations: Translations,
  quantity: z.number().openapi({ description: 'Hours for labour, units for parts' }),
  totalCents: Cents,
});
const PriceList = z
  .object({
    currency: Currency.openapi({ description: 'ISO 4217: every amount is in its minor unit' }),
    taxRateBasisPoints: z.number().int().openapi({ description: "The shop's sales tax, added to these prices on the estimate" }),
    labourOperations: z.array(LabourOperationBody.omit({ hourlyRateCents: true, active: true })),
    parts: z.array(PartBody.omit({ stockOnHand: true, active: true })),
    packages: z.array(
      PackageBody.omit({ items: true, active: true }).extend({
        items: z.array(PriceListItem),
      }),
    ),
  })
  .openapi('PriceList');

const NewLabourOperation = z
  .object({
    code: CatalogueCode,
    description: text(500),
    translations: Translations.optional(),
    flatRateHours: Quantity,
    hourlyRateCents: UnitPriceCents,
    skillLevel: SkillLevel,
  })
  .strict()
  .openapi('NewLabourOperation');
const LabourOperationChange = NewLabourOperation.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change')
  .openapi('LabourOperationChange');

const NewPart = z
  .object({
    partNumber: CatalogueCode,
    description: text(500),
    translations: Translations.optional(),
    unitPriceCents: UnitPriceCents,
    stockOnHand: StockOnHand.optional(),
  })
  .strict()
  .openapi('NewPart');
const PartChange = NewPart.omit({ partNumber: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change')
  .openapi('PartChange');

const PackageItems = z.array(PackageItem).min(1).max(50);
const NewPackage = z
  .object({
    code: CatalogueCode,
    name: text(200),
    translations: Translations.optional(),
    models: Models.optional(),
    items: PackageItems,
  })
  .strict()
  .openapi('NewServicePackage');
const PackageChange = NewPackage.omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change')
  .openapi('ServicePackageChange');

const CodeParam = z.object({ code: CatalogueCode.meta({ param: { name: 'code', in: 'path' } }) });
const PartNumberParam = z.object({ partNumber: CatalogueCode.meta({ param: { name: 'partNumber', in: 'path' } }) });

const operationView = (op: LabourOperation) => ({
  code: op.code,
  description: op.description,
  translations: op.translations,
  flatRateHours: op.flatRateHours,
  hourlyRateCents: op.hourlyRateCents,
  priceCents: totalOf([operationLine(op)]),
  skillLevel: op.skillLevel,
  active: op.active,
});
const partView = ({ partNumber, description, translations, unitPriceCents, stockOnHand, active }: Part) => ({
  partNumber,
  description,
  translations,
  unitPriceCents,
  stockOnHand,
  active,
});

/** The packages with their contents priced from the catalogue now. */
async function pricedPackages(db: Database, packages: ServicePackage[]) {
  const found = await entriesFor(db, {
    codes: packages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'labour' ? [i.code] : []))),
    partNumbers: packages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'part' ? [i.partNumber] : []))),
  });
  return packages.map(({ code, name, translations, models, active, items }) => {
    const contents = packageContents({ items }, found);
    return {
      view: { code, name, translations, models, active, items, totalCents: totalOf(contents.map((c) => c.line)) },
      contents,
    };
  });
}

/** What is on offer, as anyone may read it: no rates, stock or flags, only what a customer pays. */
async function priceList(db: Database) {
  const catalogue = await readCatalogue(db, { activeOnly: true });
  const packages = await pricedPackages(db, catalogue.packages);
  return {
    labourOperations: catalogue.operations.map((op) => {
      const { hourlyRateCents: _, active: __, ...shown } = operationView(op);
      return shown;
    }),
    parts: catalogue.parts.map((part) => {
      const { stockOnHand: _, active: __, ...shown } = partView(part);
      return shown;
    }),
    packages: packages.map(({ view: { items: _, active: __, ...pkg }, contents }) => ({
      ...pkg,
      items: contents.map(({ line, ...item }) => ({ ...item, quantity: line.quantity, totalCents: totalOf([line]) })),
    })),
  };
}

/** A package's contents all in the catalogue, each part line within the money bounds; else a refusal naming the item. */
async function checkItems(db: Database, items: PackageItem[]) {
  const found = await entriesFor(db, {
    codes: items.flatMap((i) => (i.kind === 'labour' ? [i.code] : [])),
    partNumbers: items.flatMap((i) => (i.kind === 'part' ? [i.partNumber] : [])),
  });
  items.forEach((item, i) => {
    if (item.kind === 'labour') {
      if (!found.operations.has(item.code)) throw refusal(`items.${i}.code`, `no labour operation ${item.code} in the catalogue`);
      return;
    }
    const part = found.parts.get(item.partNumber);
    if (!part) throw refusal(`items.${i}.partNumber`, `no part ${item.partNumber} in the catalogue`);
    const problem = lineOutOfBounds(partLine(part, item.quantity));
    if (problem) throw invalid(`items.${i}.quantity`, problem.message);
  });
}

const refusal = (field: string, message: string) =>
  new AppError('unprocessable', `Invalid body: ${field}: ${message}`, { fields: [{ field, message }] });
const invalid = (field: string, message: string) =>
  new AppError('invalid_request', `Invalid body: ${field}: ${message}`, { fields: [{ field, message }] });

function checkOperation(op: Pick<LabourOperation, 'flatRateHours' | 'hourlyRateCents'>) {
  const problem = operationOutOfBounds(op);
  if (problem) throw invalid(problem.field, problem.message);
}

const itemRows = (code: string, items: PackageItem[]) =>
  items.map((item, position) => ({
    packageCode: code,
    position,
    labourCode: item.kind === 'labour' ? item.code : null,
    partNumber: item.kind === 'part' ? item.partNumber : null,
    quantity: item.kind === 'part' ? item.quantity : 1,
  }));

const answers = {
  400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
};

export const catalogueRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/catalogue',
      tags: ['catalogue'],
      summary: 'The published price list: labour operations, parts and packaged jobs on offer, before tax (no login)',
      responses: { 200: jsonResponse(PriceList, 'What the shop offers now, by code') },
    }),
    async (c) => {
      const list = await dependency('database', () => priceList(c.var.deps.database.db));
      const { currency, taxRateBasisPoints } = c.var.settings;
      return c.json({ currency, taxRateBasisPoints, ...list }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/labour-operations',
      tags: ['catalogue'],
      summary: 'Every labour operation, on offer or not',
      responses: { 200: jsonResponse(z.array(LabourOperationBody), 'By code') },
    }),
    async (c) => {
      const { operations } = await dependency('database', () => readCatalogue(c.var.deps.database.db, { activeOnly: false }));
      return c.json(operations.map(operationView), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/catalogue/labour-operations',
      tags: ['catalogue'],
      summary: 'Add a labour operation: its flat-rate hours, its hourly rate and the skill it needs',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { body: jsonBody(NewLabourOperation, 'The operation') },
      responses: {
        201: jsonResponse(LabourOperationBody, 'Added'),
        ...answers,
        409: jsonResponse(ErrorBody, 'An operation with this code exists'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      checkOperation(body);
      const [row] = await dependency('database', () =>
        c.var.deps.database.db.insert(labourOperations).values(body).onConflictDoNothing().returning(),
      );
      if (!row) throw new AppError('conflict', `code: labour operation ${body.code} already exists`);
      return c.json(operationView(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/catalogue/labour-operations/{code}',
      tags: ['catalogue'],
      summary: 'Change a labour operation (a new price applies to estimates made from now on), or take it off offer',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { params: CodeParam, body: jsonBody(LabourOperationChange, 'The fields to change') },
      responses: {
        200: jsonResponse(LabourOperationBody, 'Changed'),
        ...answers,
        404: jsonResponse(ErrorBody, 'No labour operation has this code'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const change = c.req.valid('json');
      const db = c.var.deps.database.db;
      const row = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [now] = await tx.select().from(labourOperations).where(eq(labourOperations.code, code)).for('update');
          if (!now) throw new AppError('not_found', `No labour operation with code ${code}`);
          checkOperation({ ...now, ...change });
          const [changed] = await tx
            .update(labourOperations)
            .set({ ...change, updatedAt: new Date() })
            .where(eq(labourOperations.code, code))
            .returning();
          return changed ?? now;
        }),
      );
      return c.json(operationView(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/parts',
      tags: ['catalogue'],
      summary: 'Every part, on offer or not, with its stock on hand',
      responses: { 200: jsonResponse(z.array(PartBody), 'By part number') },
    }),
    async (c) => {
      const catalogue = await dependency('database', () => readCatalogue(c.var.deps.database.db, { activeOnly: false }));
      return c.json(catalogue.parts.map(partView), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/catalogue/parts',
      tags: ['catalogue'],
      summary: 'Add a part: its price per unit and the stock on hand',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { body: jsonBody(NewPart, 'The part') },
      responses: {
        201: jsonResponse(PartBody, 'Added'),
        ...answers,
        409: jsonResponse(ErrorBody, 'A part with this number exists'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const [row] = await dependency('database', () =>
        c.var.deps.database.db.insert(parts).values(body).onConflictDoNothing().returning(),
      );
      if (!row) throw new AppError('conflict', `partNumber: part ${body.partNumber} already exists`);
      return c.json(partView(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/catalogue/parts/{partNumber}',
      tags: ['catalogue'],
      summary: 'Change a part (price, stock on hand, wording), or take it off offer',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { params: PartNumberParam, body: jsonBody(PartChange, 'The fields to change') },
      responses: {
        200: jsonResponse(PartBody, 'Changed'),
        ...answers,
        404: jsonResponse(ErrorBody, 'No part has this number'),
      },
    }),
    async (c) => {
      const { partNumber } = c.req.valid('param');
      const change = c.req.valid('json');
      const [row] = await dependency('database', () =>
        c.var.deps.database.db
          .update(parts)
          .set({ ...change, updatedAt: new Date() })
          .where(eq(parts.partNumber, partNumber))
          .returning(),
      );
      if (!row) throw new AppError('not_found', `No part with number ${partNumber}`);
      return c.json(partView(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/packages',
      tags: ['catalogue'],
      summary: 'Every packaged job, on offer or not, with its contents and its price now',
      responses: { 200: jsonResponse(z.array(PackageBody), 'By code') },
    }),
    async (c) => {
      const db = c.var.deps.database.db;
      const { packages } = await dependency('database', () => readCatalogue(db, { activeOnly: false }));
      const priced = await dependency('database', () => pricedPackages(db, packages));
      return c.json(
        priced.map((p) => p.view),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/catalogue/packages',
      tags: ['catalogue'],
      summary: 'Add a packaged job: labour operations and a parts kit from the catalogue, for some models or all',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { body: jsonBody(NewPackage, 'The package') },
      responses: {
        201: jsonResponse(PackageBody, 'Added'),
        ...answers,
        409: jsonResponse(ErrorBody, 'A package with this code exists'),
        422: jsonResponse(ErrorBody, 'An item names an operation or part the catalogue does not have; the error names it'),
      },
    }),
    async (c) => {
      const { items, ...body } = c.req.valid('json');
      const db = c.var.deps.database.db;
      await dependency('database', () => checkItems(db, items));
      const added = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [row] = await tx.insert(servicePackages).values(body).onConflictDoNothing().returning();
          if (!row) return undefined;
          await tx.insert(packageItems).values(itemRows(row.code, items));
          return row;
        }),
      );
      if (!added) throw new AppError('conflict', `code: package ${body.code} already exists`);
      return c.json(await packageAnswer(db, added.code), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/catalogue/packages/{code}',
      tags: ['catalogue'],
      summary: 'Change a packaged job (its items are replaced when sent), or take it off offer',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { params: CodeParam, body: jsonBody(PackageChange, 'The fields to change') },
      responses: {
        200: jsonResponse(PackageBody, 'Changed'),
        ...answers,
        404: jsonResponse(ErrorBody, 'No package has this code'),
        422: jsonResponse(ErrorBody, 'An item names an operation or part the catalogue does not have; the error names it'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { items, ...change } = c.req.valid('json');
      const db = c.var.deps.database.db;
      if (items) await dependency('database', () => checkItems(db, items));
      const found = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .update(servicePackages)
            .set({ ...change, updatedAt: new Date() })
            .where(eq(servicePackages.code, code))
            .returning();
          if (!row) return false;
          if (items) {
            await tx.delete(packageItems).where(eq(packageItems.packageCode, code));
            await tx.insert(packageItems).values(itemRows(code, items));
          }
          return true;
        }),
      );
      if (!found) throw new AppError('not_found', `No package with code ${code}`);
      return c.json(await packageAnswer(db, code), 200);
    },
  );

/** The package as it is now, after a write. */
async function packageAnswer(db: Database, code: string) {
  const [priced] = await dependency('database', async () =>
    pricedPackages(db, [(await readPackage(db, code)) as ServicePackage]),
  );
  return (priced as { view: z.infer<typeof PackageBody> }).view;
}
