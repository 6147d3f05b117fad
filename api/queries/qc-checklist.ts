import { z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { checklistsOf } from '../../db/catalogue.js';
import type { Database } from '../../db/client.js';
import { repairLines, servicePackages, visits } from '../../db/schema.js';
import { Translations } from '../../domain/catalogue.js';
import { type ChecklistCheck, EVERY_VEHICLE, EVERY_VEHICLE_CHECKS } from '../../domain/checklist-rules.js';
import { AppError } from '../errors.js';

// The maintenance checklist a visit is held to at quality control [S1.7]: the items every vehicle is checked on (the
// wash, domain/checklist-rules.ts), then the items of every package its approved lines came from
// (`repair_lines.catalogue_ref`), as the catalogue words them now. The QC form lists them, and the API sends them with
// the record so the workflow can check it (domain/checklist-rules.ts).

export const QcChecklistItem = z
  .object({
    packageCode: z.string(),
    packageName: z.string(),
    packageTranslations: Translations,
    code: z.string(),
    description: z.string(),
    translations: Translations,
  })
  .openapi('QcChecklistItem');
export const QcChecklist = z
  .object({
    items: z.array(QcChecklistItem).openapi({
      description:
        'What every vehicle is checked on (package code `every-vehicle`: the wash), then package by package, in the order they are checked',
    }),
  })
  .openapi('QcChecklist');
export type QcChecklist = z.infer<typeof QcChecklist>;

/** What every vehicle is checked on, as a group of the checklist like a package's. */
const everyVehicle: QcChecklist['items'] = EVERY_VEHICLE_CHECKS.map((check) => ({
  ...check,
  packageName: EVERY_VEHICLE.packageName,
  packageTranslations: { ...EVERY_VEHICLE.packageTranslations },
  translations: { ...check.translations },
}));

/**
 * The checklist of the visit: what every vehicle is checked on, then the packages on its approved lines in the order
 * they came onto the visit.
 */
export async function visitChecklist(db: Database, visitId: string): Promise<QcChecklist> {
  const [visit] = await db.select({ id: visits.id }).from(visits).where(eq(visits.id, visitId));
  if (!visit) throw new AppError('not_found', `No visit with id ${visitId}`);
  const packageCode = sql<string>`${repairLines.catalogueRef}->>'packageCode'`;
  const lines = await db
    .select({ packageCode })
    .from(repairLines)
    .where(and(eq(repairLines.visitId, visitId), inArray(repairLines.status, ['approved', 'done']), isNotNull(packageCode)))
    .orderBy(asc(repairLines.createdAt), asc(repairLines.id));
  const codes = [...new Set(lines.map((l) => l.packageCode))];
  if (codes.length === 0) return { items: everyVehicle };
  const [packages, checks] = await Promise.all([
    db.select().from(servicePackages).where(inArray(servicePackages.code, codes)),
    checklistsOf(db, codes),
  ]);
  return {
    items: everyVehicle.concat(
      codes.flatMap((code) => {
        const pkg = packages.find((p) => p.code === code);
        return checks
          .filter((c) => c.packageCode === code)
          .map((c) => ({
            packageCode: code,
            packageName: pkg?.name ?? code,
            packageTranslations: pkg?.translations ?? {},
            code: c.code,
            description: c.description,
            translations: c.translations,
          }));
      }),
    ),
  };
}

/** The items as the workflow checks a record against them. */
export const requiredChecks = ({ items }: QcChecklist): ChecklistCheck[] =>
  items.map(({ packageCode, code, description, translations }) => ({ packageCode, code, description, translations }));
