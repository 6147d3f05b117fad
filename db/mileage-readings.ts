import { and, eq, isNotNull } from 'drizzle-orm';
import type { MileageReading } from '../domain/maintenance.js';
import type { Database } from './client.js';
import { serviceHistory } from './schema.js';

/** The odometer readings of a vehicle's service history: how far it is driven per day is judged from them. */
export async function mileageReadings(db: Database, vin: string): Promise<MileageReading[]> {
  const rows = await db
    .select({ at: serviceHistory.at, mileage: serviceHistory.mileage })
    .from(serviceHistory)
    .where(and(eq(serviceHistory.vin, vin), isNotNull(serviceHistory.mileage)));
  return rows.map((row) => ({ at: row.at.toISOString(), mileage: row.mileage ?? 0 }));
}
