import type { Database } from '../db/client.js';
import { mileageReadings } from '../db/mileage-readings.js';
import { type MaintenanceDue, nextMaintenanceDue, planNextService, type ServiceInterval } from '../domain/maintenance.js';

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
      const plan = { ...input, history: await mileageReadings(db, input.vin), timeZone };
      // No visit reaches pickup without the reading taken at its arrival; one that ever came here with no reading at
      // all (nor any in its history) is planned from zero, as it always was, rather than stopping its handover.
      return (
        planNextService(plan) ??
        nextMaintenanceDue({ lastServiceAt: input.deliveredAt, lastMileage: 0, interval: input.interval, timeZone })
      );
    },
  };
}
