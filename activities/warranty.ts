import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { outbox, vehicles } from '../db/schema.js';
import { addDays, localDate } from '../domain/local-time.js';

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

/** `timeZone`: the shop's (SHOP_TIME_ZONE), on whose calendar a warranty's last day and the notice period fall. */
export function warrantyActivities(db: Database, timeZone: string) {
  return {
    /**
     * The vehicles whose warranty ends within `noticeDays` of `asOf` (and has not ended) whose owner has not been
     * told yet: the sweep's message id (`noticePrefix` + VIN + `:` + end day) is in the outbox once they were.
     * "Today" is the shop's calendar day at `asOf`: UTC's was yesterday for a Shanghai shop until 08:00, so a
     * warranty that had ended was still noticed and one 30 days out was told a day late.
     */
    async warrantyNoticesDue(input: { asOf: string; noticeDays: number; noticePrefix: string }): Promise<WarrantyEnding[]> {
      const today = localDate(Date.parse(input.asOf), timeZone);
      const horizon = addDays(today, input.noticeDays);
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
