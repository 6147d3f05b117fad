import { and, desc, eq, ne, or, sql } from 'drizzle-orm';
import { legacyPhoneKey, phoneKey, type ShopCountry } from '../domain/phone.js';
import type { Database } from './client.js';
import { lockUntilCommit } from './locks.js';
import { customers } from './schema.js';

// One number, one customer file [S2]: finding a file by its number, and keeping a second file from taking it. Used by
// the customers' writers (db/visit-records.ts, db/file-records.ts) inside their transactions.

type Executor = Pick<Database, 'select' | 'execute'>;

/**
 * The customer on file with this number, locked until the transaction ends. The phone's own lock (by its key) makes
 * the look-up and a new file one step, so a new customer's first bookings sent at once make one file, not one each
 * (`for update` locks no row while the number is new).
 */
export async function customerWithPhone(
  db: Executor,
  phone: string,
  country: ShopCountry | undefined,
  /** A file to leave out: the one being given this number. */
  exceptId?: string,
) {
  const key = phoneKey(phone, country);
  await lockUntilCommit(db, `customer-phone:${key}`);
  // A file written before the shop's country was set holds a national number by its digits (migration 0021): the
  // number in either form finds it that way too, and the writer gives it its key.
  const legacy = country ? legacyPhoneKey(phone, country) : undefined;
  const [found] = await db
    .select()
    .from(customers)
    .where(
      and(
        legacy
          ? or(eq(customers.phoneKey, key), and(eq(customers.phoneKey, legacy), sql`${customers.phone} !~ '^([+]|00)'`))
          : eq(customers.phoneKey, key),
        exceptId ? ne(customers.id, exceptId) : undefined,
      ),
    )
    .orderBy(desc(eq(customers.phoneKey, key)))
    .limit(1)
    .for('update');
  return found;
}

/** Another customer's file already has the number a file is being given. */
export class PhoneOnAnotherFile extends Error {
  override name = 'PhoneOnAnotherFile';
  constructor(readonly other: { id: string; name: string }) {
    super(`this number is on another customer's file (${other.name}): open that file, or give this one another number`);
  }
}

/**
 * Refuses giving file `id` a number another file has, under the number's lock until the transaction ends, so two
 * files cannot take it at once either: later bookings by the number would find one of them at random.
 */
export async function refuseTakenPhone(db: Executor, id: string, phone: string, country: ShopCountry | undefined) {
  const other = await customerWithPhone(db, phone, country, id);
  if (other) throw new PhoneOnAnotherFile({ id: other.id, name: other.name });
}
