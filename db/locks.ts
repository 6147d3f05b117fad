import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/**
 * Serialises the transactions that take the same key until each one ends: a check and the write it guards happen
 * as one step (a transaction-scoped advisory lock, on PostgreSQL and PGlite alike; keys are namespaced by their
 * caller, `booking:<day>`, `vehicle:<vin>`). Take several in one fixed order: day, then vehicle, then customer.
 */
export async function lockUntilCommit(tx: Pick<Database, 'execute'>, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}
