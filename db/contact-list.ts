import { randomUUID } from 'node:crypto';
import { asc, count, eq, ne } from 'drizzle-orm';
import { MOST_SERVICE_POINTS, type NewServicePoint, type ServicePointChange } from '../domain/contact-list.js';
import { sameListing } from '../domain/contact-list-rules.js';
import type { Database } from './client.js';
import { lockUntilCommit } from './locks.js';
import { servicePoints } from './schema.js';

// The nationwide contact list in PostgreSQL [S3.5]: its reads, and the writes of the contact-list API, its only
// writer. Every write takes one lock, so the checks (one name per city, the list's bound) and the write are one step.

export type ServicePointRow = typeof servicePoints.$inferSelect;

/** Why a write was refused, naming the field, for the API to answer with. */
export class ServicePointRefused extends Error {
  constructor(
    readonly kind: 'taken' | 'full',
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const LIST_LOCK = 'service-points';

/** A point as staff read it. */
export const view = ({ updatedBy: _, updatedAt: __, ...point }: ServicePointRow) => point;
/** A point as the published list shows it: everything on it is on the list, so no flag. */
export const publicView = ({ active: _, updatedBy: __, updatedAt: ___, ...point }: ServicePointRow) => point;

/** Every point on file, by region, city and name; with `activeOnly`, those on the published list. */
export function readServicePoints(db: Database, { activeOnly }: { activeOnly: boolean }) {
  return db
    .select()
    .from(servicePoints)
    .where(activeOnly ? eq(servicePoints.active, true) : undefined)
    .orderBy(asc(servicePoints.region), asc(servicePoints.city), asc(servicePoints.name))
    .limit(MOST_SERVICE_POINTS);
}

async function refuseNameTaken(
  tx: Pick<Database, 'select'>,
  point: { region: string; city: string; name: string },
  except?: string,
) {
  // Compared in code, not by the unique index alone: "Wuhan East" and "WUHAN-EAST" are one point to a caller. The list
  // is bounded (MOST_SERVICE_POINTS) and the writer's lock is held, so reading every name is small and cannot race.
  const others = await tx
    .select({ id: servicePoints.id, region: servicePoints.region, city: servicePoints.city, name: servicePoints.name })
    .from(servicePoints)
    .where(except ? ne(servicePoints.id, except) : undefined);
  const other = others.find((o) => sameListing(o, point));
  if (other) throw new ServicePointRefused('taken', 'name', `${point.city} already has a service point named ${other.name}`);
}

/** Adds a point to the list; refused when its city has one of that name, or the list is full. */
export function addServicePoint(db: Database, point: NewServicePoint, staffId: string): Promise<ServicePointRow> {
  return db.transaction(async (tx) => {
    await lockUntilCommit(tx, LIST_LOCK);
    const [held] = await tx.select({ n: count() }).from(servicePoints);
    if ((held?.n ?? 0) >= MOST_SERVICE_POINTS)
      throw new ServicePointRefused(
        'full',
        'name',
        `the list holds at most ${MOST_SERVICE_POINTS} service points; take one off and change it instead`,
      );
    await refuseNameTaken(tx, point);
    const [row] = await tx
      .insert(servicePoints)
      .values({ id: randomUUID(), ...point, updatedBy: staffId })
      .returning();
    if (!row) throw new Error('the insert returned no row');
    return row;
  });
}

/** Changes a point; undefined when there is none with this id. */
export function changeServicePoint(
  db: Database,
  id: string,
  change: ServicePointChange,
  staffId: string,
): Promise<ServicePointRow | undefined> {
  return db.transaction(async (tx) => {
    await lockUntilCommit(tx, LIST_LOCK);
    const [now] = await tx.select().from(servicePoints).where(eq(servicePoints.id, id));
    if (!now) return undefined;
    await refuseNameTaken(tx, { ...now, ...change }, id);
    const [row] = await tx
      .update(servicePoints)
      .set({ ...change, updatedBy: staffId, updatedAt: new Date() })
      .where(eq(servicePoints.id, id))
      .returning();
    return row;
  });
}
