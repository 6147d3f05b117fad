import { catalogueEntries } from '../db/catalogue.js';
import type { Database } from '../db/client.js';
import { reserveForVisit, settleVisit } from '../db/stock.js';
import { type PartsOutcome, type PartsReservation, partsNeeded } from '../domain/parts-rules.js';

/** The visit's parts [S1.1]: what the workflow decided, recorded through the stock's one writer (db/stock.ts). */
export function partsActivities(db: Database) {
  return {
    /**
     * Reserves the parts of the booked jobs (a package's kit, a part booked by its number) as far as stock holds
     * them and answers what to pick and what to order. `at` is the visit's clock, so a short part's expected
     * arrival is counted from the day the visit reserved it.
     */
    async reserveVisitParts(input: { visitId: string; requestedJobs: string[]; at: string }): Promise<PartsReservation> {
      const codes = input.requestedJobs;
      const found = await catalogueEntries(db, { codes: [], partNumbers: codes, packageCodes: codes });
      const needs = partsNeeded(codes, found.packages, new Set(found.parts.keys()));
      return reserveForVisit(db, { visitId: input.visitId, needs, now: new Date(input.at), by: 'servicelane' });
    },
    /** The visit's reserved parts used on its completed job, or released when the booking is off. */
    async settleVisitParts(input: { visitId: string; outcome: PartsOutcome }): Promise<void> {
      await settleVisit(db, { ...input, by: 'servicelane' });
    },
  };
}
