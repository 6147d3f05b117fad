import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../api/errors.js';
import { type DatabaseHandle, openDatabase } from '../../db/client.js';
import { classifyDatabaseError } from '../../db/errors.js';
import { technicians } from '../../db/schema.js';
import { incidentReason } from '../../domain/incidents.js';
import { openTestDatabase } from '../support/database.js';

// The classifier reads real errors from the driver in use (PGlite, or PostgreSQL with TEST_DATABASE_URL).

const failureOf = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected the statement to fail');
};

describe('classifyDatabaseError', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('a number out of range for its column is refused for good, without the value', async () => {
    const err = await failureOf(() =>
      database.db.insert(technicians).values({ id: 'tech-big', name: 'Big', skillLevel: 2_200_000_000 }),
    );
    const failure = classifyDatabaseError(err);
    expect(failure).toMatchObject({ kind: 'rejected', sqlstate: '22003', condition: 'number out of range for its column' });
    expect(JSON.stringify(failure)).not.toContain('2200000000');
    // The incident card tells people the reason its cause stands for, in their words.
    if (failure.kind !== 'rejected') throw new Error('unreachable');
    expect(incidentReason(failure.cause)).toBe('out_of_range');
  });

  it('a broken constraint names the constraint and table, not the row', async () => {
    await database.db.insert(technicians).values({ id: 'tech-dup', name: 'Secret Name', skillLevel: 1 });
    const err = await failureOf(() =>
      database.db.insert(technicians).values({ id: 'tech-dup', name: 'Secret Name', skillLevel: 1 }),
    );
    const failure = classifyDatabaseError(err);
    expect(failure).toMatchObject({ kind: 'rejected', sqlstate: '23505', condition: 'duplicate key' });
    if (failure.kind !== 'rejected') throw new Error('unreachable');
    expect(failure.cause).toContain('technicians');
    expect(failure.cause).not.toContain('Secret Name');
    expect(failure.cause).not.toContain('tech-dup');
    expect(incidentReason(failure.cause)).toBe('duplicate');
  });

  it('a cause without a SQLSTATE is told as a step that keeps failing', () => {
    expect(incidentReason('TypeError: boom')).toBe('other');
    expect(incidentReason('database error SQLSTATE P0001')).toBe('other');
  });

  it('an unknown column is refused for good; a raised exception is retried', async () => {
    const unknown = await failureOf(() => database.db.execute(sql`select no_such_column from technicians`));
    expect(classifyDatabaseError(unknown)).toMatchObject({ kind: 'rejected', sqlstate: '42703' });
    const raised = await failureOf(() => database.db.execute(sql`do $$ begin raise exception 'busy'; end $$`));
    expect(classifyDatabaseError(raised)).toEqual({ kind: 'other', cause: 'database error SQLSTATE P0001' });
    expect(await database.db.select().from(technicians).where(eq(technicians.id, 'tech-big'))).toEqual([]);
  });

  it('a transaction rolled back by another (deadlock, serialization failure) is sent again: the API answers 503', async () => {
    for (const sqlstate of ['40P01', '40001']) {
      const statement = sql.raw(`do $$ begin raise exception 'rolled back' using errcode = '${sqlstate}'; end $$`);
      const err = await failureOf(() => database.db.execute(statement));
      expect(classifyDatabaseError(err)).toEqual({ kind: 'contention', cause: `database error SQLSTATE ${sqlstate}` });
      const app = new Hono().get('/', () => database.db.execute(statement).then(() => new Response('written')));
      app.onError(renderError);
      const res = await app.request('/');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/nothing was written; send the request again/),
      });
    }
  });

  it('an unreachable database is an outage, retried', async () => {
    const closed = openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    try {
      const err = await failureOf(() => closed.ping());
      expect(classifyDatabaseError(err)).toEqual({ kind: 'outage' });
    } finally {
      await closed.close();
    }
  });

  it('an error that is not the database’s is retried, named without its details', () => {
    const err = new Error('Failed query: insert into x values ($1)\nparams: secret', { cause: new TypeError('boom\nmore') });
    Object.defineProperty(err, 'name', { value: 'DrizzleQueryError' });
    expect(classifyDatabaseError(err)).toEqual({ kind: 'other', cause: 'TypeError: boom' });
  });
});
