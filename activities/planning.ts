import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { serviceHistory } from '../db/schema.js';
import { readWorkshop } from '../db/workshop-plan.js';
import type { DispatchProposal, Job } from '../domain/dispatch.js';
import { averageDailyKm, type MaintenanceDue, nextMaintenanceDue, type ServiceInterval } from '../domain/maintenance.js';

export interface TechnicianOption {
  id: string;
  name: string;
  skillLevel: number;
}

export function planningActivities(db: Database) {
  return {
    /**
     * This visit's place in the workshop's plan as the read model stands now (db/workshop-plan.ts, the plan
     * the board shows), for the visit's history. It informs; it binds nothing: the API checks an assignment
     * against the plan of the moment it is made.
     */
    async proposeDispatch(job: Job): Promise<{ proposal: DispatchProposal | null; technicians: TechnicianOption[] }> {
      const { plan, technicians } = await readWorkshop(db, new Date(), {
        visitId: job.visitId,
        reason: job.reason,
        promisedAt: job.promisedAt,
        requiredSkill: job.requiredSkill,
        hours: job.estimatedHours,
        technicianId: null,
        inProgress: false,
        assignedAt: null,
      });
      const proposal = plan.dispatch.find((d) => d.job.visitId === job.visitId)?.proposal ?? null;
      return { proposal, technicians: technicians.map((t) => ({ id: t.id, name: t.name, skillLevel: t.skillLevel })) };
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
