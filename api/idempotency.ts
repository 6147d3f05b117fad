import { createHash, randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { stringify } from 'safe-stable-stringify';
import type { Database } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { idempotencyKeys } from '../db/schema.js';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';
import { dependency } from './unavailable.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * A claim older than this without an answer belongs to a request whose answer was lost: its process died,
 * or the answer could not be stored. Every request gives up on Temporal and the database long before.
 */
const ANSWER_LOST_AFTER_SECONDS = 60;

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

type Claim = { principal: string; key: string; requestHash: string };

const byKey = (c: Claim) => and(eq(idempotencyKeys.principal, c.principal), eq(idempotencyKeys.key, c.key));

const placeholder = {
  principal: sql.placeholder('principal'),
  key: sql.placeholder('key'),
  requestHash: sql.placeholder('requestHash'),
  status: sql.placeholder('status'),
  response: sql.placeholder('response'),
};
const byPlaceholderKey = and(eq(idempotencyKeys.principal, placeholder.principal), eq(idempotencyKeys.key, placeholder.key));

/** The claim and the answer, which every request with a key writes, are built once (db/prepared.ts). */
const everyRequest = prepared((db) => ({
  claim: db
    .insert(idempotencyKeys)
    .values({ principal: placeholder.principal, key: placeholder.key, requestHash: placeholder.requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .prepare('idempotency_claim'),
  answer: db
    .update(idempotencyKeys)
    // As SQL: drizzle's set() takes no placeholder; the answer goes as its JSON text, as drizzle writes jsonb.
    .set({ status: sql`${placeholder.status}`, response: sql`${placeholder.response}::jsonb` })
    .where(byPlaceholderKey)
    .prepare('idempotency_answer'),
}));

const claim = async (db: Database, c: Claim) => (await everyRequest(db).claim.execute(c)).length > 0;

/** Exactly one of several retries finding the same lost answer may go and recover it. */
async function takeOver(db: Database, c: Claim): Promise<boolean> {
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()` })
    .where(
      and(
        byKey(c),
        eq(idempotencyKeys.requestHash, c.requestHash),
        isNull(idempotencyKeys.status),
        lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${ANSWER_LOST_AFTER_SECONDS})`),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0;
}

/**
 * What a route can do for a retry whose first answer was lost:
 * - `unknown`: nothing; the effect may or may not have happened, so the retry is told to look (409), never run.
 * - `temporal-update`: run again. The route's only effect is a workflow update whose id is derived from the key
 *   (`updateIdOf`), and Temporal answers a repeated update id with the first update's outcome instead of
 *   applying it a second time.
 */
type LostAnswer = 'unknown' | 'temporal-update';

const idempotencyMiddlewares = new WeakSet<MiddlewareHandler<ApiEnv>>();

/**
 * Makes a POST safe to retry. The first request with a key claims it by inserting the row (the primary key lets
 * exactly one of two concurrent requests win); its answer is stored and returned to every retry. 5xx answers
 * release the key: nothing was written, so the retry must run for real. A claim is never run a second time
 * unless the route can recover its lost answer without acting twice (see `LostAnswer`).
 *
 * It runs as the route's last middleware, after the role check: a replay shows a stored answer, which only a
 * caller allowed to make the request may see.
 */
function idempotency(lostAnswer: LostAnswer): MiddlewareHandler<ApiEnv> {
  const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    const principal = c.var.principal;
    if (c.req.method !== 'POST' || key === undefined || !principal) return next();
    if (!VALID_KEY.test(key))
      throw new AppError('invalid_request', `${IDEMPOTENCY_HEADER}: 1 to 255 printable ASCII characters without spaces`, {
        fields: [{ field: IDEMPOTENCY_HEADER, message: '1 to 255 printable ASCII characters without spaces' }],
      });

    const url = new URL(c.req.url);
    const requestHash = fingerprint(url, await c.req.text());
    const request: Claim = { principal, key, requestHash };
    const { db } = c.var.deps.database;

    if (!(await dependency('database', () => claim(db, request)))) {
      const [first] = await dependency('database', () => db.select().from(idempotencyKeys).where(byKey(request)));
      if (first && first.requestHash !== requestHash)
        throw new AppError('unprocessable', `${IDEMPOTENCY_HEADER} ${key} was already used for a different request`);
      if (first && first.status !== null) {
        c.header(REPLAYED_HEADER, 'true');
        return c.json(first.response, first.status as ContentfulStatusCode);
      }
      if (lostAnswer === 'unknown') throw inProgressOrLost(key, url.pathname, first?.createdAt);
      // Young claims are still running; of several retries of a lost one, one recovers and the others wait.
      if (!(await dependency('database', () => takeOver(db, request)))) throw inProgress(key);
    }

    await next();
    try {
      await settle(db, request, c);
    } catch (err) {
      // The answer stands. The key stays claimed without an answer, so a retry is refused or recovered, never run.
      c.var.logger.error({ err, principal, key }, 'could not store the idempotent answer');
    }
  };
  idempotencyMiddlewares.add(middleware);
  return middleware;
}

/**
 * What makes a retry the same request: its path, its query and its body as data, not as bytes. A client that builds
 * its JSON again before retrying (other key order, other spacing) is retrying, not asking for something else; a body
 * that is not JSON, which the route refuses, is compared as sent.
 */
function fingerprint(url: URL, body: string): string {
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(`POST ${url.pathname}?${new URLSearchParams(query)}\n${asData(body)}`)
    .digest('hex');
}

function asData(body: string): string {
  try {
    return stringify(JSON.parse(body)) ?? body;
  } catch {
    return body;
  }
}

const inProgress = (key: string) =>
  new AppError('conflict', `A request with ${IDEMPOTENCY_HEADER} ${key} is still in progress; retry shortly`);

function inProgressOrLost(key: string, path: string, claimedAt: Date | undefined): AppError {
  const age = claimedAt ? (Date.now() - claimedAt.getTime()) / 1000 : 0;
  if (age < ANSWER_LOST_AFTER_SECONDS) return inProgress(key);
  return new AppError(
    'conflict',
    `The first request with ${IDEMPOTENCY_HEADER} ${key} may have been carried out, but its answer was lost, so it ` +
      `will not be run again: look at what POST ${path} was meant to change, and if it did not happen, send it with a new key`,
    { idempotencyKey: key, claimedAt: claimedAt?.toISOString(), outcome: 'unknown' },
  );
}

/**
 * Stores the answer, read from the response, which is then handed on rebuilt from what was read. Never as a clone:
 * Node's fetch cancels the rest of a cloned Response's stream once that Response is garbage-collected, and Hono
 * moves the stream into a new Response whenever a header is set after the handler (app.ts's cache-control), so a
 * clone lets a collection before the client reads the answer turn it into "Body has already been read".
 */
async function settle(db: Database, request: Claim, c: Context<ApiEnv>) {
  const res = c.res;
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  if (res.status >= 500 || !isJson) {
    await db.delete(idempotencyKeys).where(byKey(request));
    return;
  }
  const response = await res.text();
  c.res = new Response(response, res);
  await everyRequest(db).answer.execute({ principal: request.principal, key: request.key, status: res.status, response });
}

/** Every POST route's default: a lost answer is reported, never acted on again. */
export const idempotent = idempotency('unknown');

/** For routes whose only effect is a workflow update sent with `updateIdOf(c)`. */
export const idempotentUpdate = idempotency('temporal-update');

export const isIdempotency = (middleware: unknown) =>
  typeof middleware === 'function' && idempotencyMiddlewares.has(middleware as MiddlewareHandler<ApiEnv>);

/**
 * The Temporal update id for this request. With an Idempotency-Key it is derived from the key, scoped by caller
 * and route (its pattern: the workflow id names the visit, and a link's token stays out of the history), so the
 * same request is the same update even when its first answer was lost: Temporal applies an update id once per
 * workflow run. Without a key each request is its own update.
 */
export function updateIdOf(c: Context<ApiEnv>): string {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined || !c.var.principal) return randomUUID();
  return `${c.var.principal} ${c.req.method} ${routePath(c, -1)} ${key}`;
}

/**
 * The id of the record this request opens. With an Idempotency-Key it is derived from the key as `updateIdOf` is,
 * so a retry of a request whose start Temporal took but confirmed too late names the same record and finds it
 * started, instead of opening a second; without a key, a fresh UUID.
 */
export function openedIdOf(c: Context<ApiEnv>): string {
  if (c.req.header(IDEMPOTENCY_HEADER) === undefined || !c.var.principal) return randomUUID();
  const hex = createHash('sha256').update(updateIdOf(c)).digest('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}
