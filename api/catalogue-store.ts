import { catalogueEntries, entriesFor, readCatalogue } from '../db/catalogue.js';
import type { Database } from '../db/client.js';
import {
  type ChecklistItem,
  type LabourOperation,
  operationLine,
  operationOutOfBounds,
  type PackageItem,
  type Part,
  packageContents,
  partLine,
  type ServicePackage,
  totalOf,
} from '../domain/catalogue.js';
import { lineOutOfBounds } from '../domain/money.js';
import { AppError } from './errors.js';

// What the catalogue's routes read and check: entries as the API shows them, the priced price list, a package's
// items checked against the catalogue (routes: api/routes/catalogue.ts, the tables' one writer).

export const operationView = (op: LabourOperation) => ({
  code: op.code,
  description: op.description,
  translations: op.translations,
  flatRateHours: op.flatRateHours,
  hourlyRateCents: op.hourlyRateCents,
  priceCents: totalOf([operationLine(op)]),
  skillLevel: op.skillLevel,
  active: op.active,
});
export const partView = (p: Part) => ({
  partNumber: p.partNumber,
  description: p.description,
  translations: p.translations,
  unitPriceCents: p.unitPriceCents,
  stockOnHand: p.stockOnHand,
  stockReserved: p.stockReserved,
  stockAvailable: p.stockOnHand - p.stockReserved,
  leadTimeDays: p.leadTimeDays,
  active: p.active,
});

/** The packages with their contents priced from the catalogue now. */
export async function pricedPackages(db: Database, packages: ServicePackage[]) {
  const found = await entriesFor(db, {
    codes: packages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'labour' ? [i.code] : []))),
    partNumbers: packages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'part' ? [i.partNumber] : []))),
  });
  return packages.map(({ code, name, translations, models, active, items, checklist }) => {
    const contents = packageContents({ items }, found);
    return {
      view: { code, name, translations, models, active, items, totalCents: totalOf(contents.map((c) => c.line)), checklist },
      contents,
    };
  });
}

/** What is on offer, as anyone may read it: no rates, stock or flags, only what a customer pays. */
export async function priceList(db: Database) {
  const catalogue = await readCatalogue(db, { activeOnly: true });
  const packages = await pricedPackages(db, catalogue.packages);
  return {
    labourOperations: catalogue.operations.map((op) => {
      const { hourlyRateCents: _, active: __, ...shown } = operationView(op);
      return shown;
    }),
    parts: catalogue.parts.map((part) => {
      const { partNumber, description, translations, unitPriceCents } = part;
      return { partNumber, description, translations, unitPriceCents };
    }),
    packages: packages.map(({ view: { items: _, active: __, checklist: ___, ...pkg }, contents }) => ({
      ...pkg,
      items: contents.map(({ line, ...item }) => ({ ...item, quantity: line.quantity, totalCents: totalOf([line]) })),
    })),
  };
}

/** A package's contents all in the catalogue, each part line within the money bounds; else a refusal naming the item. */
export async function checkItems(db: Database, items: PackageItem[]) {
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

/** Every booked job names a package, labour operation or part the catalogue has; else a refusal naming it. */
export async function checkRequestedJobs(db: Database, codes: readonly string[]) {
  const found = await catalogueEntries(db, { codes, partNumbers: codes, packageCodes: codes });
  codes.forEach((code, i) => {
    if (!found.packages.has(code) && !found.operations.has(code) && !found.parts.has(code))
      throw refusal(`requestedJobs.${i}`, `no package, labour operation or part ${code} in the catalogue`);
  });
}

export const refusal = (field: string, message: string) =>
  new AppError('unprocessable', `Invalid body: ${field}: ${message}`, { fields: [{ field, message }] });
export const invalid = (field: string, message: string) =>
  new AppError('invalid_request', `Invalid body: ${field}: ${message}`, { fields: [{ field, message }] });

export function checkOperation(op: Pick<LabourOperation, 'flatRateHours' | 'hourlyRateCents'>) {
  const problem = operationOutOfBounds(op);
  if (problem) throw invalid(problem.field, problem.message);
}

export const checklistRows = (code: string, checklist: ChecklistItem[]) =>
  checklist.map((item, position) => ({ packageCode: code, position, ...item }));

export const itemRows = (code: string, items: PackageItem[]) =>
  items.map((item, position) => ({
    packageCode: code,
    position,
    labourCode: item.kind === 'labour' ? item.code : null,
    partNumber: item.kind === 'part' ? item.partNumber : null,
    quantity: item.kind === 'part' ? item.quantity : 1,
  }));
