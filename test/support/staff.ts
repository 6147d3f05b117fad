import type { Database } from '../../db/client.js';
import { staff } from '../../db/schema.js';

/** The test shop's staff directory: the advisors and managers the suites book and act as. */
export const TEST_STAFF = [
  { id: 'adv-lena', name: 'Lena Vogt', role: 'advisor' },
  { id: 'adv-tom', name: 'Tom Weiss', role: 'advisor' },
  { id: 'adv-kai', name: 'Kai Brandt', role: 'advisor' },
  { id: 'adv-paul', name: 'Paul Roth', role: 'advisor' },
  { id: 'adv-a', name: 'Anna Adler', role: 'advisor' },
  { id: 'adv-b', name: 'Ben Bauer', role: 'advisor' },
  { id: 'mgr-eva', name: 'Eva Stein', role: 'manager' },
  { id: 'mgr-max', name: 'Max Adler', role: 'manager' },
] as const;

export async function seedStaffDirectory(db: Database): Promise<void> {
  await db
    .insert(staff)
    .values(TEST_STAFF.map((s) => ({ ...s })))
    .onConflictDoNothing();
}
