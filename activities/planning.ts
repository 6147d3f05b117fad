import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { repairLines, serviceHistory, technicians, visits } from '../db/schema.js';
import { type DispatchProposal, type Job, proposeTechnician } from '../domain/dispatch.js';
import { averageDailyKm, type MaintenanceDue, nextMaintenanceDue, type ServiceInterval } from '../domain/maintenance.js';

export interface TechnicianOption {
  id: string;
  name: string;
  skillLevel: number;
}

export function planningActivities(db: Database) {
  return {
    /**
     * Reads the workshop as it is now — active technicians and the unfinished labour hours already on each —
     * and proposes who should take this job; the foreman may pick any of the returned technicians instead.
     */
    async proposeDispatch(job: Job): Promise<{ proposal: DispatchProposal | null; technicians: TechnicianOption[] }> {
      const active = await db.select().from(technicians).where(eq(technicians.active, true)).orderBy(asc(technicians.id));
      const load = await db
        .select({ technicianId: visits.technicianId, hours: sql<number>`coalesce(sum(${repairLines.quantity}), 0)::float` })
        .from(visits)
        .innerJoin(repairLines, eq(repairLines.visitId, visits.id))
        .where(
          and(
            inArray(visits.stage, ['in_repair', 'quality_check', 'awaiting_approval']),
            isNotNull(visits.technicianId),
            ne(visits.id, job.visitId),
            eq(repairLines.kind, 'labour'),
            eq(repairLines.status, 'approved'),
          ),
        )
        .groupBy(visits.technicianId);
      const loadOf = new Map(load.map((row) => [row.technicianId, Number(row.hours)]));
      const proposal = proposeTechnician(
        job,
        active.map((t) => ({
          id: t.id,
          name: t.name,
          skillLevel: t.skillLevel,
          active: t.active,
          loadHours: loadOf.get(t.id) ?? 0,
        })),
        new Date().toISOString(),
      );
      return { proposal, technicians: active.map((t) => ({ id: t.id, name: t.name, skillLevel: t.skillLevel })) };
    },

    /** The next service from the interval and how far this vehicle is driven per day, judged from its history. */
    async planNextMaintenance(input: {
      vin: string;
      deliveredAt: string;
      mileage: number | null;
      interval: ServiceInterval;
    }): Promise<MaintenanceDue> {
      const history = await db
        .select({ at: serviceHistory.at, mileage: serviceHistory.mileage })
        .from(serviceHistory)
        .where(and(eq(serviceHistory.vin, input.vin), isNotNull(serviceHistory.mileage)));
      const readings = history.map((row) => ({ at: row.at.toISOString(), mileage: row.mileage ?? 0 }));
      if (input.mileage !== null) readings.push({ at: input.deliveredAt, mileage: input.mileage });
      const lastMileage = input.mileage ?? readings.at(-1)?.mileage ?? 0;
      return nextMaintenanceDue({
        lastServiceAt: input.deliveredAt,
        lastMileage,
        interval: input.interval,
        averageDailyKm: averageDailyKm(readings),
      });
    },
  };
}
