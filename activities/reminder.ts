import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { serviceHistory } from '../db/schema.js';
import { averageDailyKm, type MaintenanceDue, nextMaintenanceDue, type ServiceInterval } from '../domain/maintenance.js';

/** The reminder step's plan: when the vehicle's next maintenance is due (the reminder goes out before it). */
/** `timeZone`: the shop's (SHOP_TIME_ZONE), whose calendar the service interval's months are counted on. */
export function reminderActivities(db: Database, timeZone: string) {
  return {
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
        timeZone,
      });
    },
  };
}
