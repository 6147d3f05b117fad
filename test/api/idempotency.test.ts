import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client, Connection } from '@temporalio/client';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { isIdempotency } from '../../api/idempotency.js';
import { idempotencyKeys, visits } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { type TestStack, useTestStack } from '../support/stack.js';
import { newVisitBody, pickup, stateOf, walkIn } from '../support/visits.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A full collection, then a turn of the event loop, in which the finalizers of what it collected run. */
const collectGarbage = async () => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
};

const visitCount = async (stack: TestStack) => (await stack.database.db.select({ n: count() }).from(visits))[0]?.n;

describe('Idempotency-Key on POST', () => {
  const stack = useTestStack();
  let advisor: ReturnType<typeof asStaff>;
  let keyCounter = 0;
  const newKey = () => `key-${Date.now()}-${++keyCounter}`;
  const withKey = (key: string) => ({ 'Idempotency-Key': key });

  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });

  /** The updates a workflow's history accepted: a retry that acted twice would show up here. */
  const acceptedUpdates = async (workflowId: string, what: 'name' | 'updateId' = 'name') => {
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).flatMap((e) => {
      const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
      const value = what === 'name' ? request?.input?.name : request?.meta?.updateId;
      return value ? [value] : [];
    });
  };

  it('guards every POST route of the API, including routes added later', () => {
    const posts = stack.app.routes.filter((r) => r.method === 'POST' && !r.path.startsWith('/app/'));
    const paths = [...new Set(posts.map((r) => r.path))].filter((path) => path !== '/auth/dev-token');
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths)
      expect(
        posts.some((r) => r.path === path && isIdempotency(r.handler)),
        path,
      ).toBe(true);
  });

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

  it('hands the client the whole first answer however late it reads it, also after a garbage collection', async () => {
    // On a busy machine the first answer of a retried request is read only after the retry: time for a collection.
    const first = await postJson(advisor, '/visits', newVisitBody(), withKey(newKey()));
    await collectGarbage();
    expect(first.status).toBe(201);
    expect(await readJson(first)).toMatchObject({ visitId: expect.any(String), stage: 'reception' });
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
    const body = pickup(0);
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

  it('knows a retry by its data, not its bytes: JSON built again with other key order and spacing is replayed', async () => {
    const key = newKey();
    const body = newVisitBody();
    const before = await visitCount(stack);
    const first = await postJson(advisor, '/visits?lang=en&x=1', body, withKey(key));
    expect(first.status).toBe(201);
    // The same data as another client library writes it: every object's keys the other way round, spaced out.
    const reversed = (value: unknown): unknown =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([k, v]) => [k, reversed(v)]),
          )
        : value;
    const rebuilt = await advisor.request('/visits?x=1&lang=en', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...withKey(key) },
      body: JSON.stringify(reversed(body), null, 2),
    });
    expect(rebuilt.status).toBe(201);
    expect(rebuilt.headers.get('idempotent-replayed')).toBe('true');
    expect(await readJson(rebuilt)).toEqual(await readJson(first));
    expect(await visitCount(stack)).toBe((before ?? 0) + 1);
  });

  it('runs parallel retries with one key once: one answer, the others 409, one update in the history', async () => {
    const visitId = await walkIn(stack);
    const key = newKey();
    const path = `/visits/${visitId}/actions/check_warranty`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => postJson(advisor, path, { covered: false }, withKey(key))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const conflict = await readJson(answers.find((a) => a.status === 409) as Response);
    expect(conflict.error.message).toContain('still in progress');
    const checks = (await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'warranty_checked');
    expect(checks).toHaveLength(1);
    expect(await acceptedUpdates(visitId)).toEqual(['check_warranty']);
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

  describe('an answer that cannot be stored', () => {
    // A real failure of the store: the table refuses every answer, as a full disk or a broken column would.
    const refuseAnswers = () =>
      stack.database.db.execute(
        sql`alter table idempotency_keys add constraint test_refuses_answers check (status is null) not valid`,
      );
    const acceptAnswers = () =>
      stack.database.db.execute(sql`alter table idempotency_keys drop constraint if exists test_refuses_answers`);
    const ageClaim = (key: string) =>
      stack.database.db
        .update(idempotencyKeys)
        .set({ createdAt: new Date(Date.now() - 5 * 60_000) })
        .where(and(eq(idempotencyKeys.principal, 'staff:adv-lena'), eq(idempotencyKeys.key, key)));
    const claimOf = async (key: string) =>
      (
        await stack.database.db
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.principal, 'staff:adv-lena'), eq(idempotencyKeys.key, key)))
      )[0];

    afterEach(acceptAnswers);

    it('never opens the visit twice: a retry is told the outcome is unknown, now and later', async () => {
      const key = newKey();
      const body = newVisitBody();
      const before = (await visitCount(stack)) ?? 0;
      await refuseAnswers();
      expect((await postJson(advisor, '/visits', body, withKey(key))).status).toBe(201);
      expect(await claimOf(key)).toMatchObject({ status: null });

      const soon = await postJson(advisor, '/visits', body, withKey(key));
      expect(soon.status).toBe(409);
      expect((await readJson(soon)).error.message).toContain('still in progress');

      await acceptAnswers();
      await ageClaim(key);
      const later = await postJson(advisor, '/visits', body, withKey(key));
      expect(later.status).toBe(409);
      const error = (await readJson(later)).error;
      expect(error.message).toContain('answer was lost');
      expect(error.details).toMatchObject({ idempotencyKey: key, outcome: 'unknown' });
      expect(await visitCount(stack)).toBe(before + 1);
    });

    it('replays a visit action through its Temporal update id instead of applying it again', async () => {
      const visitId = await walkIn(stack);
      const key = newKey();
      const path = `/visits/${visitId}/actions/record_requests`;
      const body = { requests: ['Check the wipers'] };
      await refuseAnswers();
      const first = await postJson(advisor, path, body, withKey(key));
      expect(first.status).toBe(200);
      const firstState = await readJson(first);

      expect((await postJson(advisor, path, body, withKey(key))).status).toBe(409);
      await ageClaim(key);
      // Parallel retries of the lost answer: one recovers it, the others wait; none applies the action again.
      const retries = await Promise.all([1, 2, 3].map(() => postJson(advisor, path, body, withKey(key))));
      expect(retries.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const recovered = retries.find((r) => r.status === 200) as Response;
      expect(recovered.headers.get('idempotent-replayed')).toBeNull();
      expect(await readJson(recovered)).toEqual(firstState);

      // Once answers can be stored again, the recovered answer is kept and replayed from the database.
      await acceptAnswers();
      await ageClaim(key);
      expect((await postJson(advisor, path, body, withKey(key))).status).toBe(200);
      const replay = await postJson(advisor, path, body, withKey(key));
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await readJson(replay)).toEqual(firstState);

      const confirmed = (await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'requests_confirmed');
      expect(confirmed).toHaveLength(1);
      expect(await acceptedUpdates(visitId)).toEqual(['record_requests']);
      expect(await acceptedUpdates(visitId, 'updateId')).toEqual([
        `staff:adv-lena POST /visits/:id/actions/record_requests ${key}`,
      ]);
    });

    it('recovers a complaint step the same way: every update the API sends carries the id derived from the key', async () => {
      const openKey = newKey();
      const opened = await postJson(
        advisor,
        '/complaints',
        { description: 'Scratch on the door after the car wash', plate: 'B-CX-9' },
        withKey(openKey),
      );
      expect(opened.status).toBe(201);
      const { complaintId } = await readJson(opened);
      const key = newKey();
      const path = `/complaints/${complaintId}/actions/assign`;
      const body = { assigneeId: 'adv-lena', acknowledgement: 'We are looking into it today' };
      await refuseAnswers();
      const first = await postJson(advisor, path, body, withKey(key));
      expect(first.status).toBe(200);
      await ageClaim(key);
      const retry = await postJson(advisor, path, body, withKey(key));
      expect(retry.status).toBe(200);
      expect(await readJson(retry)).toEqual(await readJson(first));
      // Opening waits on the complaint's record through an update of its own, keyed like the step.
      expect(await acceptedUpdates(complaintId, 'updateId')).toEqual([
        `staff:adv-lena POST /complaints ${openKey}`,
        `staff:adv-lena POST /complaints/:id/actions/assign ${key}`,
      ]);
    });
  });

  it('checks the role before replaying: the same staff id with a role that may not act gets 403', async () => {
    const visitId = await walkIn(stack);
    const key = newKey();
    const path = `/visits/${visitId}/actions/record_requests`;
    const body = { requests: ['Check the horn'] };
    // An id the staff directory does not list, so only the tokens' roles differ (a listed advisor's technician token
    // is refused outright, api/auth.ts).
    const unlisted = asStaff(stack.app, 'advisor', 'adv-unlisted');
    expect((await postJson(unlisted, path, body, withKey(key))).status).toBe(200);
    const asTechnician = asStaff(stack.app, 'technician', 'adv-unlisted');
    const refused = await postJson(asTechnician, path, body, withKey(key));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('idempotent-replayed')).toBeNull();
    expect((await readJson(refused)).error.code).toBe('forbidden');

    const opened = newVisitBody();
    expect((await postJson(unlisted, '/visits', opened, withKey(`${key}-visit`))).status).toBe(201);
    expect((await postJson(asTechnician, '/visits', opened, withKey(`${key}-visit`))).status).toBe(403);
  });
});
