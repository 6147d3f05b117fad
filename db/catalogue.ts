import { asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { CatalogueEntries, LabourOperation, PackageItem, Part, ServicePackage } from '../domain/catalogue.js';
import type { Database } from './client.js';
import { labourOperations, packageChecklistItems, packageItems, partStock, parts, servicePackages } from './schema.js';

// Reads of the catalogue (its one writer is api/routes/catalogue.ts): the price list, the entries an estimate names,
// and the checklists quality control records.

const itemOf = (row: typeof packageItems.$inferSelect): PackageItem =>
  row.labourCode !== null
    ? { kind: 'labour', code: row.labourCode }
    : { kind: 'part', partNumber: row.partNumber ?? '', quantity: row.quantity };

/** A part with its stock (db/stock.ts keeps the balance; a part never received has none). */
const partWithStock = (db: Pick<Database, 'select'>) =>
  db
    .select({
      ...getTableColumns(parts),
      stockOnHand: sql<number>`coalesce(${partStock.onHand}, 0)`.mapWith(Number),
      stockReserved: sql<number>`coalesce(${partStock.reserved}, 0)`.mapWith(Number),
    })
    .from(parts)
    .leftJoin(partStock, eq(partStock.partNumber, parts.partNumber));

/** The packages with their contents and their checklists in order. */
async function withItems(db: Database, rows: (typeof servicePackages.$inferSelect)[]): Promise<ServicePackage[]> {
  if (rows.length === 0) return [];
  const codes = rows.map((r) => r.code);
  const [items, checks] = await Promise.all([
    db
      .select()
      .from(packageItems)
      .where(inArray(packageItems.packageCode, codes))
      .orderBy(asc(packageItems.packageCode), asc(packageItems.position)),
    checklistsOf(db, codes),
  ]);
  return rows.map((r) => ({
    ...r,
    items: items.filter((i) => i.packageCode === r.code).map(itemOf),
    checklist: checks
      .filter((c) => c.packageCode === r.code)
      .map(({ code, description, translations }) => ({ code, description, translations })),
  }));
}

/** The checklist items of the packages, package by package, each in its order. */
export const checklistsOf = (db: Database, packageCodes: readonly string[]) =>
  packageCodes.length
    ? db
        .select()
        .from(packageChecklistItems)
        .where(inArray(packageChecklistItems.packageCode, [...packageCodes]))
        .orderBy(asc(packageChecklistItems.packageCode), asc(packageChecklistItems.position))
    : Promise.resolve([]);

export interface WholeCatalogue {
  operations: LabourOperation[];
  parts: Part[];
  packages: ServicePackage[];
}

/** Every entry, by code; with `activeOnly`, what the price list offers now. */
export async function readCatalogue(db: Database, { activeOnly }: { activeOnly: boolean }): Promise<WholeCatalogue> {
  const only = <T extends { active: boolean }>(rows: T[]) => (activeOnly ? rows.filter((r) => r.active) : rows);
  const [operationRows, partRows, packageRows] = await Promise.all([
    db.select().from(labourOperations).orderBy(asc(labourOperations.code)),
    partWithStock(db).orderBy(asc(parts.partNumber)),
    db.select().from(servicePackages).orderBy(asc(servicePackages.code)),
  ]);
  return { operations: only(operationRows), parts: only(partRows), packages: await withItems(db, only(packageRows)) };
}

/** One part with its stock now. */
export async function readPart(db: Pick<Database, 'select'>, partNumber: string): Promise<Part | undefined> {
  return (await partWithStock(db).where(eq(parts.partNumber, partNumber)))[0];
}

export async function readPackage(db: Database, code: string): Promise<ServicePackage | undefined> {
  const rows = await db.select().from(servicePackages).where(eq(servicePackages.code, code));
  return (await withItems(db, rows))[0];
}

/** The operations and parts by code, as `CatalogueEntries` holds them. */
export async function entriesFor(
  db: Database,
  wanted: { codes: readonly string[]; partNumbers: readonly string[] },
): Promise<Pick<CatalogueEntries, 'operations' | 'parts'>> {
  const [operationRows, partRows] = await Promise.all([
    wanted.codes.length
      ? db
          .select()
          .from(labourOperations)
          .where(inArray(labourOperations.code, [...wanted.codes]))
      : [],
    wanted.partNumbers.length ? partWithStock(db).where(inArray(parts.partNumber, [...wanted.partNumbers])) : [],
  ]);
  return {
    operations: new Map(operationRows.map((r) => [r.code, r])),
    parts: new Map(partRows.map((r) => [r.partNumber, r])),
  };
}

/** What an estimate's lines name: the packages with their contents, and every operation and part in either. */
export async function catalogueEntries(
  db: Database,
  named: { codes: readonly string[]; partNumbers: readonly string[]; packageCodes: readonly string[] },
): Promise<CatalogueEntries> {
  const packageRows = named.packageCodes.length
    ? await db
        .select()
        .from(servicePackages)
        .where(inArray(servicePackages.code, [...named.packageCodes]))
    : [];
  const packages = await withItems(db, packageRows);
  const contents = packages.flatMap((p) => p.items);
  const found = await entriesFor(db, {
    codes: [...named.codes, ...contents.flatMap((i) => (i.kind === 'labour' ? [i.code] : []))],
    partNumbers: [...named.partNumbers, ...contents.flatMap((i) => (i.kind === 'part' ? [i.partNumber] : []))],
  });
  return { ...found, packages: new Map(packages.map((p) => [p.code, p])) };
}
