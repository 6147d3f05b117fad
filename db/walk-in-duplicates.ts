import { and, asc, eq, gte, inArray, lt, ne, or } from 'drizzle-orm';
import { IN_SHOP_STAGES } from '../domain/stage-rules.js';
import type { Database } from './client.js';
import { visits } from './schema.js';

/** How near now a booking must be for a walk-in of the same car to be that booking arriving. */
const WALK_IN_BOOKING_WINDOW_MS = 12 * 3_600_000;

/**
 * The failure type of a walk-in refused as a second visit of the car, thrown by the activity that opens a towed-in
 * car's visit (activities/rescues.ts) and answered 409 by the API (api/workflow-updates.ts).
 */
export const DUPLICATE_WALK_IN = 'DuplicateWalkIn';

/** A refused walk-in: the words for the desk and the refusal's details (the field to tick, the visits in the way). */
export interface DuplicateWalkIn {
  message: string;
  details: {
    fields: { field: 'confirmDuplicate'; message: string }[];
    duplicates: { visitId: string; roNumber: number; stage: string; appointmentAt: string | undefined }[];
  };
}

/**
 * A walk-in for a car that is already in the shop, or that is booked within hours of now, is most often the same
 * visit opened twice (the booking should be received instead): answers the refusal naming that visit, which the
 * advisor may lift by confirming a second one. Asked in the transaction that writes the walk-in's visit row, under
 * the vehicle's lock (`vehicle:<vin>`, db/locks.ts), so of two walk-ins of one car at once the second finds the
 * first: the desk's (api/open-visit.ts) and a tow-in's (activities/rescues.ts) alike. `except` is the visit being
 * written, which a retried write finds already there.
 */
export async function duplicateWalkIn(
  db: Pick<Database, 'select'>,
  vin: string,
  { now = Date.now(), except }: { now?: number; except?: string } = {},
): Promise<DuplicateWalkIn | undefined> {
  const open = await db
    .select({
      visitId: visits.id,
      roNumber: visits.roNumber,
      plate: visits.plate,
      stage: visits.stage,
      appointmentAt: visits.appointmentAt,
    })
    .from(visits)
    .where(
      and(
        eq(visits.vin, vin),
        except === undefined ? undefined : ne(visits.id, except),
        or(
          inArray(visits.stage, [...IN_SHOP_STAGES]),
          and(
            eq(visits.stage, 'booked'),
            gte(visits.appointmentAt, new Date(now - WALK_IN_BOOKING_WINDOW_MS)),
            lt(visits.appointmentAt, new Date(now + WALK_IN_BOOKING_WINDOW_MS)),
          ),
        ),
      ),
    )
    .orderBy(asc(visits.createdAt))
    .limit(5);
  const first = open[0];
  if (!first) return undefined;
  const message =
    first.stage === 'booked'
      ? `${first.plate} is booked for about now (repair order ${first.roNumber}): receive that booking instead, or tick "open anyway" (confirmDuplicate: true) for a second visit`
      : `${first.plate} is already in the shop (repair order ${first.roNumber}); tick "open anyway" (confirmDuplicate: true) for a second visit`;
  return {
    message,
    details: {
      fields: [{ field: 'confirmDuplicate', message }],
      duplicates: open.map((v) => ({
        visitId: v.visitId,
        roNumber: v.roNumber,
        stage: v.stage,
        appointmentAt: v.appointmentAt?.toISOString(),
      })),
    },
  };
}
