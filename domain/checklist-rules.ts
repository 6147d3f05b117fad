import type { Translations } from './catalogue.js';

// Quality control against the maintenance checklist [S1.7], as plain code for the workflow. The API sends the items
// the visit's packages require (api/qc-checklist.ts reads them from the lines' catalogue references) with what the
// inspector recorded; the rule here says whether the record can be taken and which items failed. Every item must be
// recorded for the vehicle to pass; any failed item sends it back to rework, named.

/** One item the visit must be checked against, as the catalogue words it when quality control is recorded. */
export interface ChecklistCheck {
  packageCode: string;
  code: string;
  description: string;
  translations: Translations;
}

/**
 * The items every vehicle is checked on, whatever its lines [S1.7]: how clean the wash is. The API puts them before
 * the packages' items (api/queries/qc-checklist.ts), so a visit with no packaged job has a checklist too and a dirty
 * car fails quality control like any other item. Their group is named like a package's, so the form and the
 * timeline word it the same way; its code is one no package may take (api/catalogue-schemas.ts `NewPackage`).
 */
export const EVERY_VEHICLE = {
  packageCode: 'every-vehicle',
  packageName: 'Every vehicle',
  packageTranslations: { 'zh-CN': '每辆车' },
} as const;
export const EVERY_VEHICLE_CHECKS: readonly ChecklistCheck[] = [
  {
    packageCode: EVERY_VEHICLE.packageCode,
    code: 'wash',
    description: 'Wash clean inside and out: body, glass, wheels, interior, door sills',
    translations: { 'zh-CN': '内外清洗干净：车身、玻璃、轮毂、内饰、门槛' },
  },
];

/** What the inspector recorded for one item. */
export interface ChecklistRecord {
  packageCode: string;
  code: string;
  passed: boolean;
  note?: string;
}

/** A failed item as the rework report and the timeline name it. */
export type FailedCheck = ChecklistCheck & { note?: string };

const same = (a: Pick<ChecklistCheck, 'packageCode' | 'code'>, b: Pick<ChecklistCheck, 'packageCode' | 'code'>) =>
  a.packageCode === b.packageCode && a.code === b.code;

/** The items recorded as failed, worded as the checklist words them. */
export const failedChecks = (required: readonly ChecklistCheck[], recorded: readonly ChecklistRecord[]): FailedCheck[] =>
  recorded.flatMap((r) => {
    const item = required.find((q) => same(q, r));
    return r.passed || !item ? [] : [{ ...item, ...(r.note ? { note: r.note } : {}) }];
  });

/**
 * Why the record cannot be taken (`field: reason`, as every refusal of the workflow), or undefined: an item the
 * visit's checklist does not hold, an item recorded twice, or a pass with an item not recorded.
 */
export function checklistRefusal(
  passed: boolean,
  required: readonly ChecklistCheck[],
  recorded: readonly ChecklistRecord[],
): string | undefined {
  for (const [i, r] of recorded.entries()) {
    if (!required.some((q) => same(q, r)))
      return `checklist.${i}.code: ${r.code} of package ${r.packageCode} is not on this vehicle's checklist`;
    if (recorded.findIndex((other) => same(other, r)) < i) return `checklist.${i}.code: ${r.code} is recorded twice`;
  }
  // A failed item sends the vehicle back whatever else is recorded; only a pass needs every item.
  if (!passed || recorded.some((r) => !r.passed)) return undefined;
  const missing = required.filter((q) => !recorded.some((r) => same(q, r)));
  return missing.length
    ? `checklist: record every item of the maintenance checklist to pass; not recorded: ${missing.map((m) => m.description).join('; ')}`
    : undefined;
}
