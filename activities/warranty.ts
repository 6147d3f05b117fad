import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { outbox, vehicles } from '../db/schema.js';
import { MS_PER_DAY } from '../domain/time-units.js';

/** A vehicle whose maker's warranty ends soon, and the owner to tell. */
export interface WarrantyEnding {
  vin: string;
  plate: string;
  customerId: string;
  /** The last day of the warranty (purchase date + term), as YYYY-MM-DD. */
  endsOn: string;
}

/** The day a warranty bought on `purchase_date` for `warranty_months` ends, in SQL, as the vehicle file holds it. */
const endsOn = sql<string>`to_char((${vehicles.purchaseDate}::date + make_interval(months => ${vehicles.warrantyMonths})), 'YYYY-MM-DD')`;

export function warrantyActivities(db: Database) {
  return {
    /**
     * The vehicles whose warranty ends within `noticeDays` of `asOf` (and has not ended) whose owner has not been
     * told yet: the sweep's message id (`noticePrefix` + VIN + `:` + end day) is in the outbox once they were.
     */
    async warrantyNoticesDue(input: { asOf: string; noticeDays: number; noticePrefix: string }): Promise<WarrantyEnding[]> {
      const today = input.asOf.slice(0, 10);
      const horizon = new Date(Date.parse(input.asOf) + input.noticeDays * MS_PER_DAY).toISOString().slice(0, 10);
      const rows = await db
        .select({ vin: vehicles.vin, plate: vehicles.plate, customerId: vehicles.customerId, endsOn })
        .from(vehicles)
        .where(
          sql`${vehicles.purchaseDate} is not null and ${vehicles.warrantyMonths} is not null
            and ${endsOn} >= ${today} and ${endsOn} <= ${horizon}
            and not exists (select 1 from ${outbox} where ${outbox.id} = ${input.noticePrefix} || ${vehicles.vin} || ':' || ${endsOn})`,
        )
        .orderBy(vehicles.vin)
        .limit(1_000);
      return rows;
    },
  };
}
