import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { mileageReadings } from '../../db/mileage-readings.js';
import { visits } from '../../db/schema.js';
import { readVisit } from '../../db/visit-view.js';
import { MaintenanceDue, planNextService } from '../../domain/maintenance.js';
import { isEndStage } from '../../domain/stages.js';
import { AppError } from '../errors.js';

// The next maintenance the advisor tells the customer at delivery [S1.8]. The pickup plans it (activities/reminder.ts);
// before, the delivery form shows it worked out by the same rule (domain/maintenance.ts `planNextService`) as if the car
// were handed over now, so the advisor reads the figure they confirm telling.

/** Why a visit has no next service to tell; the delivery form words each (web/actions/delivery.tsx). */
export const NEXT_SERVICE_MISSING = ['mileage', 'interval', 'ended'] as const;
export type NextServiceMissing = (typeof NEXT_SERVICE_MISSING)[number];

export const NextService = z
  .object({
    due: MaintenanceDue.nullable().openapi({
      description:
        'The next service: recorded at pickup, or before it worked out as if the car were handed over now. ' +
        'Null when it cannot be worked out (`missing` says why)',
    }),
    recorded: z.boolean().openapi({ description: 'true: the figure the pickup recorded; false: worked out now' }),
    missing: z
      .enum(NEXT_SERVICE_MISSING)
      .nullable()
      .openapi({
        description:
          '`mileage`: the vehicle has no odometer reading on file; `interval`: the visit was opened before its service ' +
          'interval was kept with it (either way the pickup plans it, and the invoice tells it); `ended`: the visit was ' +
          'cancelled or the car never came, so no pickup will plan one',
      }),
  })
  .openapi('NextService');
export type NextService = z.infer<typeof NextService>;

export async function visitNextService(db: Database, visitId: string, timeZone: string, now = new Date()): Promise<NextService> {
  const state = await readVisit(db, visitId);
  if (!state) throw new AppError('not_found', `No visit with id ${visitId}`);
  if (state.nextMaintenance) return { due: state.nextMaintenance, recorded: true, missing: null };
  // A cancelled or no-show visit is never handed over: a figure "as if picked up now" would promise a service nobody plans.
  if (isEndStage(state.stage)) return { due: null, recorded: false, missing: 'ended' };
  const [row] = await db.select({ interval: visits.serviceInterval }).from(visits).where(eq(visits.id, visitId));
  if (!row?.interval) return { due: null, recorded: false, missing: 'interval' };
  const due = planNextService({
    history: await mileageReadings(db, state.vehicle.vin),
    deliveredAt: now.toISOString(),
    // What the pickup passes (workflows/steps/reminder.ts): the reading at arrival, else the vehicle file's.
    mileage: state.arrival?.mileage ?? state.vehicle.mileage ?? null,
    interval: row.interval,
    timeZone,
  });
  return due ? { due, recorded: false, missing: null } : { due: null, recorded: false, missing: 'mileage' };
}
