import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { readCatalogue, readPackage, readPart } from '../../db/catalogue.js';
import type { Database } from '../../db/client.js';
import { labourOperations, packageChecklistItems, packageItems, parts, servicePackages } from '../../db/schema.js';
import { countStock, openStock, receiveStock, StockRefused } from '../../db/stock.js';
import type { ServicePackage } from '../../domain/catalogue.js';
import { PRICE_EDITORS, STOCK_KEEPERS } from '../../domain/roles.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import {
  CodeParam,
  LabourOperationBody,
  LabourOperationChange,
  NewLabourOperation,
  NewPackage,
  NewPart,
  PackageBody,
  PackageChange,
  PartBody,
  PartChange,
  PartNumberParam,
  PriceList,
  StockReceipt,
} from '../catalogue-schemas.js';
import {
  checkItems,
  checklistRows,
  checkOperation,
  itemRows,
  operationView,
  partView,
  pricedPackages,
  priceList,
  refusal,
} from '../catalogue-store.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

// The catalogue [S3.2]: the one writer of its tables. The service manager keeps the published prices; every staff
// member reads the whole catalogue; anyone reads the price list (`GET /catalogue`, no login).

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
      middleware: [requireReader('catalogue')],
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
      middleware: [requireReader('catalogue')],
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
      const { stockOnHand, ...body } = c.req.valid('json');
      const db = c.var.deps.database.db;
      const added = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [row] = await tx.insert(parts).values(body).onConflictDoNothing().returning();
          if (row) await openStock(tx, row.partNumber, stockOnHand ?? 0, actingStaff(c).id);
          return row;
        }),
      );
      if (!added) throw new AppError('conflict', `partNumber: part ${body.partNumber} already exists`);
      return c.json(await partAnswer(db, body.partNumber), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/catalogue/parts/{partNumber}',
      tags: ['catalogue'],
      summary: 'Change a part (price, lead time, wording, stock on hand after a stocktake), or take it off offer',
      middleware: [requireRole(...PRICE_EDITORS)] as const,
      request: { params: PartNumberParam, body: jsonBody(PartChange, 'The fields to change') },
      responses: {
        200: jsonResponse(PartBody, 'Changed'),
        ...answers,
        404: jsonResponse(ErrorBody, 'No part has this number'),
        409: jsonResponse(ErrorBody, 'The stocktake counts fewer than visits have reserved'),
      },
    }),
    async (c) => {
      const { partNumber } = c.req.valid('param');
      const { stockOnHand, ...change } = c.req.valid('json');
      const db = c.var.deps.database.db;
      const found = await stockChange(() =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .update(parts)
            .set({ ...change, updatedAt: new Date() })
            .where(eq(parts.partNumber, partNumber))
            .returning({ partNumber: parts.partNumber });
          if (row && stockOnHand !== undefined)
            await countStock(tx, { key: randomUUID(), partNumber, onHand: stockOnHand, by: actingStaff(c).id });
          return row !== undefined;
        }),
      );
      if (!found) throw new AppError('not_found', `No part with number ${partNumber}`);
      return c.json(await partAnswer(db, partNumber), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/catalogue/parts/{partNumber}/receipts',
      tags: ['catalogue'],
      summary: 'Receive a delivery of a part into stock; it goes first to the booked visits waiting for it',
      middleware: [requireRole(...STOCK_KEEPERS)] as const,
      request: { params: PartNumberParam, body: jsonBody(StockReceipt, 'The delivery') },
      responses: {
        200: jsonResponse(PartBody, 'The part with its stock now'),
        ...answers,
        404: jsonResponse(ErrorBody, 'No part has this number'),
        422: jsonResponse(ErrorBody, 'The delivery would overflow the stock; the error names the field'),
      },
    }),
    async (c) => {
      const { partNumber } = c.req.valid('param');
      const { quantity } = c.req.valid('json');
      const db = c.var.deps.database.db;
      if (!(await dependency('database', () => readPart(db, partNumber))))
        throw new AppError('not_found', `No part with number ${partNumber}`);
      await stockChange(() => receiveStock(db, { key: randomUUID(), partNumber, quantity, by: actingStaff(c).id }));
      return c.json(await partAnswer(db, partNumber), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/packages',
      middleware: [requireReader('catalogue')],
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
      summary:
        'Add a packaged job: labour operations and a parts kit from the catalogue, for some models or all, and its maintenance checklist',
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
      const { items, checklist, ...body } = c.req.valid('json');
      const db = c.var.deps.database.db;
      await dependency('database', () => checkItems(db, items));
      const added = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [row] = await tx.insert(servicePackages).values(body).onConflictDoNothing().returning();
          if (!row) return undefined;
          await tx.insert(packageItems).values(itemRows(row.code, items));
          if (checklist?.length) await tx.insert(packageChecklistItems).values(checklistRows(row.code, checklist));
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
      summary: 'Change a packaged job (its items or its checklist are replaced when sent), or take it off offer',
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
      const { items, checklist, ...change } = c.req.valid('json');
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
          if (checklist) {
            await tx.delete(packageChecklistItems).where(eq(packageChecklistItems.packageCode, code));
            if (checklist.length) await tx.insert(packageChecklistItems).values(checklistRows(code, checklist));
          }
          return true;
        }),
      );
      if (!found) throw new AppError('not_found', `No package with code ${code}`);
      return c.json(await packageAnswer(db, code), 200);
    },
  );

/** The part as it is now, after a write. */
async function partAnswer(db: Database, partNumber: string) {
  const part = await dependency('database', () => readPart(db, partNumber));
  if (!part) throw new AppError('not_found', `No part with number ${partNumber}`);
  return partView(part);
}

/** A stock write; what the stock refuses is answered naming the field (a stocktake below the reservations: 409). */
async function stockChange<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await dependency('database', write);
  } catch (err) {
    if (!(err instanceof StockRefused)) throw err;
    if (err.field === 'stockOnHand')
      throw new AppError('conflict', `stockOnHand: ${err.message}`, { fields: [{ field: err.field, message: err.message }] });
    throw refusal(err.field, err.message);
  }
}

/** The package as it is now, after a write. */
async function packageAnswer(db: Database, code: string) {
  const [priced] = await dependency('database', async () =>
    pricedPackages(db, [(await readPackage(db, code)) as ServicePackage]),
  );
  return (priced as { view: z.infer<typeof PackageBody> }).view;
}
