import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { openTestDatabase } from '../support/database.js';

// Every move of a booking claims a place (db/booking.ts `holdPlace`) and first deletes the holds that ran out; every
// count of a day skips them. Both find the rows by their expiry, on the driver in use (PGlite, or PostgreSQL).

describe('booking holds', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('are found by their expiry through an index, not a scan of the table', async () => {
    // An empty table is scanned whatever its indexes; with scans priced out, the planner shows the index if there is one.
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await tx.execute(sql`explain delete from booking_holds where expires_at <= now()`);
      return JSON.stringify(rows);
    });
    expect(plan).toContain('booking_holds_expires_at_idx');
  });
});
