import { Client, Connection } from '@temporalio/client';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { idempotencyKeys, visits } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { newVisitBody, stateOf, walkIn } from '../support/visits.js';

const visitCount = async (stack: TestStack) => (await stack.database.db.select({ n: count() }).from(visits))[0]?.n;

describe('Idempotency-Key on POST', () => {
  let stack: TestStack;
  let advisor: ReturnType<typeof asStaff>;
  let keyCounter = 0;
  const newKey = () => `key-${Date.now()}-${++keyCounter}`;
  const withKey = (key: string) => ({ 'Idempotency-Key': key });

  beforeAll(async () => {
    stack = await startTestStack();
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });
  afterAll(async () => stack?.close());

  it('returns the first answer to a retry and opens the visit once', async () => {
    const key = newKey();
    const body = newVisitBody();
    const before = await visitCount(stack);
    const first = await postJson(advisor, '/visits', body, withKey(key));
    expect(first.status).toBe(201);
    const retry = await postJson(advisor, '/visits', body, withKey(key));
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(retry)).toEqual(await readJson(first));
    expect(await visitCount(stack)).toBe((before ?? 0) + 1);
  });

  it('does not apply an action twice', async () => {
    const visitId = await walkIn(stack);
    const key = newKey();
    const path = `/visits/${visitId}/actions/record_requests`;
    const body = { requests: ['Check the air conditioning'] };
    const first = await postJson(advisor, path, body, withKey(key));
    const retry = await postJson(advisor, path, body, withKey(key));
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await readJson(retry)).toEqual(await readJson(first));
    const confirmed = (await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'requests_confirmed');
    expect(confirmed).toHaveLength(1);
  });

  it('stores refusals too: a retried 409 stays a 409', async () => {
    const visitId = await walkIn(stack);
    const key = newKey();
    const path = `/visits/${visitId}/actions/record_pickup`;
    const body = {
      checklist: { cleaned: true, allItemsDone: true, chargesExplained: true, nextMaintenanceTold: true, coversRemoved: true },
      payment: { amountCents: 0, method: 'card' },
    };
    const first = await postJson(advisor, path, body, withKey(key));
    const retry = await postJson(advisor, path, body, withKey(key));
    expect([first.status, retry.status]).toEqual([409, 409]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key with a different body (422) or a bad key (400)', async () => {
    const key = newKey();
    expect((await postJson(advisor, '/visits', newVisitBody(), withKey(key))).status).toBe(201);
    const before = await visitCount(stack);
    const other = await postJson(advisor, '/visits', newVisitBody(), withKey(key));
    expect(other.status).toBe(422);
    expect((await readJson(other)).error.message).toContain('different request');
    expect(await visitCount(stack)).toBe(before);

    const bad = await postJson(advisor, '/visits', newVisitBody(), withKey('has spaces'));
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.message).toContain('Idempotency-Key');
  });

  it('answers 409 to a duplicate that arrives while the first is still in flight', async () => {
    const visitId = await walkIn(stack);
    const key = newKey();
    const path = `/visits/${visitId}/actions/check_warranty`;
    const [a, b] = await Promise.all([
      postJson(advisor, path, { covered: false }, withKey(key)),
      postJson(advisor, path, { covered: false }, withKey(key)),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const conflict = await readJson(a.status === 409 ? a : b);
    expect(conflict.error.message).toContain('still in progress');
    const checks = (await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'warranty_checked');
    expect(checks).toHaveLength(1);
  });

  it('scopes keys to the caller: two staff members may use the same key', async () => {
    const key = newKey();
    const manager = asStaff(stack.app, 'manager', 'mgr-ada');
    expect((await postJson(advisor, '/visits', newVisitBody(), withKey(key))).status).toBe(201);
    const res = await postJson(manager, '/visits', newVisitBody(), withKey(key));
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
  });

  it('releases the key after a 503 so the retry runs for real', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '500ms' });
    const down = createApp({ database: stack.database, temporal: new Client({ connection }), taskQueue: stack.taskQueue });
    const key = newKey();
    const body = newVisitBody();
    expect((await postJson(asStaff(down, 'advisor', 'adv-lena'), '/visits', body, withKey(key))).status).toBe(503);
    const retry = await postJson(advisor, '/visits', body, withKey(key));
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('takes over a key whose first request was abandoned mid-flight', async () => {
    const key = newKey();
    const body = newVisitBody();
    expect((await postJson(advisor, '/visits', body, withKey(key))).status).toBe(201);
    const row = and(eq(idempotencyKeys.principal, 'staff:adv-lena'), eq(idempotencyKeys.key, key));
    const abandoned = { status: null, response: null };
    await stack.database.db
      .update(idempotencyKeys)
      .set({ ...abandoned, createdAt: new Date() })
      .where(row);
    expect((await postJson(advisor, '/visits', body, withKey(key))).status).toBe(409);

    await stack.database.db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 5 * 60_000) })
      .where(row);
    const retry = await postJson(advisor, '/visits', body, withKey(key));
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});
