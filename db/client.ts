import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as careSchema from './care-schema.js';
import * as visitSchema from './schema.js';

/** Every table: the visit's records and customer care's (complaints, rescues, KPI targets, alerts). */
const schema = { ...visitSchema, ...careSchema };

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface DatabaseOptions {
  /** postgres:// URL; unset → PGlite. */
  url?: string;
  /** PGlite data directory; unset with no url → in memory. */
  dataDir?: string;
  poolSize?: number;
}

/** The one place that decides which Postgres the app talks to; both run the same migrations. */
export function openDatabase(opts: DatabaseOptions): DatabaseHandle {
  if (opts.url) {
    const client = postgres(opts.url, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 30,
    });
    const db = drizzlePostgres(client, { schema });
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      migrate: () => migrateExclusively(opts.url as string),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = resolve(opts.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema });
  // PGlite runs no autovacuum, so without fresh statistics the planner misjudges list queries (45 ms vs 5.7 ms
  // for GET /visits?stage= over 10,000 visits in `npm run bench`). The statistics are refreshed after migrating
  // and then hourly, in the background: an ANALYZE takes ~0.4 s even on little data, too long to hold up a start.
  let analyzing: Promise<unknown> = Promise.resolve();
  let analyzeTimer: NodeJS.Timeout | undefined;
  const analyze = () => {
    // A failed ANALYZE keeps the old statistics; the queries after it report a broken database themselves.
    analyzing = analyzing.then(() => client.exec('analyze')).catch(() => undefined);
  };
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(db, { migrationsFolder });
      analyze();
      analyzeTimer ??= setInterval(analyze, PGLITE_ANALYZE_EVERY_MS).unref();
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      clearInterval(analyzeTimer);
      await analyzing;
      await client.close();
    },
  };
}

const PGLITE_ANALYZE_EVERY_MS = 60 * 60 * 1000;

/** Any fixed number: the key of the session lock every process takes while it migrates. */
const MIGRATION_LOCK = 7_311_034_265;

/**
 * Every worker and API process migrates at start, and drizzle's migrator takes no lock: two processes starting
 * together on a fresh database both created the tables and one failed. A session-level advisory lock on one
 * dedicated connection lets one migrate while the others wait, then find nothing left to do.
 */
async function migrateExclusively(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  } finally {
    // Closing the session releases the lock, also when the migration failed.
    await client.end({ timeout: 5 });
  }
}

export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite');
