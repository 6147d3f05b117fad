import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';
import { dependency } from './unavailable.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * A claim older than this belongs to a process that died mid-request (every request gives up on Temporal
 * and the database long before), so a retry may take the key over.
 */
const ABANDONED_AFTER_SECONDS = 60;

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

type Claim = { principal: string; key: string; requestHash: string };

async function claim(db: Database, c: Claim): Promise<boolean> {
  const inserted = await db.insert(idempotencyKeys).values(c).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return true;
  const takenOver = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()` })
    .where(
      and(
        eq(idempotencyKeys.principal, c.principal),
        eq(idempotencyKeys.key, c.key),
        eq(idempotencyKeys.requestHash, c.requestHash),
        isNull(idempotencyKeys.status),
        lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return takenOver.length > 0;
}

const byKey = (c: Claim) => and(eq(idempotencyKeys.principal, c.principal), eq(idempotencyKeys.key, c.key));

/**
 * Makes every POST safe to retry. The first request with a key claims it by inserting the row (the primary
 * key lets exactly one of two concurrent requests win); its answer is stored and returned to every retry.
 * 5xx answers release the key: nothing was written, so the retry must run for real.
 */
export const idempotency: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  const principal = c.var.principal;
  if (c.req.method !== 'POST' || key === undefined || !principal) return next();
  if (!VALID_KEY.test(key))
    throw new AppError('invalid_request', `${IDEMPOTENCY_HEADER}: 1 to 255 printable ASCII characters without spaces`, {
      fields: [{ field: IDEMPOTENCY_HEADER, message: '1 to 255 printable ASCII characters without spaces' }],
    });

  const url = new URL(c.req.url);
  const body = await c.req.text();
  const requestHash = createHash('sha256').update(`POST ${url.pathname}${url.search}\n${body}`).digest('hex');
  const request: Claim = { principal, key, requestHash };
  const { db } = c.var.deps.database;

  if (!(await dependency('database', () => claim(db, request)))) {
    const [first] = await dependency('database', () => db.select().from(idempotencyKeys).where(byKey(request)));
    if (first && first.requestHash !== requestHash)
      throw new AppError('unprocessable', `${IDEMPOTENCY_HEADER} ${key} was already used for a different request`);
    if (!first || first.status === null)
      throw new AppError('conflict', `A request with ${IDEMPOTENCY_HEADER} ${key} is still in progress; retry shortly`);
    c.header(REPLAYED_HEADER, 'true');
    return c.json(first.response, first.status as ContentfulStatusCode);
  }

  await next();
  try {
    await settle(db, request, c.res);
  } catch (err) {
    // The answer stands; the key stays claimed until it counts as abandoned.
    c.var.logger.error({ err, principal, key }, 'could not store the idempotent answer');
  }
};

async function settle(db: Database, request: Claim, res: Response) {
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  if (res.status >= 500 || !isJson) {
    await db.delete(idempotencyKeys).where(byKey(request));
    return;
  }
  const response = await res.clone().json();
  await db.update(idempotencyKeys).set({ status: res.status, response }).where(byKey(request));
}
