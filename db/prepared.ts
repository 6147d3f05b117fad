import type { Database } from './client.js';

/**
 * A query drizzle builds once per database and then runs with its placeholders (`sql.placeholder`) filled in.
 * Otherwise drizzle turns the query builder into SQL text on every execution: in `npm run bench`'s profile that
 * was the largest share of the API's own CPU per visit. The queries every action runs (the idempotency claim
 * and answer, the read-your-writes read of the visit) are built here once.
 */
export function prepared<Q>(build: (db: Database) => Q): (db: Database) => Q {
  const built = new WeakMap<Database, Q>();
  return (db) => {
    let queries = built.get(db);
    if (queries === undefined) {
      queries = build(db);
      built.set(db, queries);
    }
    return queries;
  };
}
