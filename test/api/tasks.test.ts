import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tasks } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { seedTask, seedVisit } from './seed.js';

const HOUR = 3_600_000;

describe('the call list: GET /tasks and POST /tasks/:id/outcome', () => {
  const stack = useTestStack();
  let staff: RequestingApp;
  let visit: { id: string; customerId: string };
  const ids = (body: { items: { id: string }[] }) => body.items.map((t) => t.id);
  const list = async (query = '') => {
    const res = await staff.request(`/tasks?${query}`);
    expect(res.status).toBe(200);
    return readJson(res);
  };

  beforeAll(async () => {
    staff = asStaff(stack.app, 'advisor');
    const db = stack.database.db;
    visit = await seedVisit(db, { stage: 'follow_up', plate: 'B-TL-7', customerName: 'Tina Lang' });
    const at = (iso: string) => new Date(iso);
    await seedTask(db, {
      id: 'overdue-call',
      kind: 'follow_up_call',
      visitId: visit.id,
      customerId: visit.customerId,
      dueAt: new Date(Date.now() - 2 * HOUR),
    });
    await seedTask(db, { id: 'confirm-1', kind: 'confirmation_call', dueAt: at('2031-07-01T07:00:00Z'), attempts: 2 });
    // 23:30 UTC on 30 June is already 1 July in Berlin.
    await seedTask(db, { id: 'confirm-0', kind: 'confirmation_call', dueAt: at('2031-06-30T23:30:00Z') });
    await seedTask(db, {
      id: 'escalation',
      kind: 'follow_up_escalation',
      assigneeRole: 'supervisor',
      dueAt: at('2031-07-01T09:00:00Z'),
    });
    await seedTask(db, {
      id: 'done-long-ago',
      kind: 'follow_up_call',
      status: 'done',
      dueAt: new Date(Date.now() - 48 * HOUR),
      closedBy: 'adv-lena',
      closedAt: new Date(Date.now() - 40 * HOUR),
    });
  });

  it('lists open tasks earliest due first, with whom to call and the visit’s plate', async () => {
    const body = await list();
    expect(ids(body)).toEqual(['overdue-call', 'confirm-0', 'confirm-1', 'escalation']);
    expect(body.items[0]).toMatchObject({
      kind: 'follow_up_call',
      status: 'open',
      overdue: true,
      visitId: visit.id,
      plate: 'B-TL-7',
      customer: { name: 'Tina Lang', phone: expect.any(String), preferredChannel: 'sms' },
    });
    expect(body.items[2]).toMatchObject({ id: 'confirm-1', overdue: false, attempts: 2, customer: null, plate: null });
  });

  it('filters by kind, day, overdue, status and assignee role', async () => {
    expect(ids(await list('kind=confirmation_call'))).toEqual(['confirm-0', 'confirm-1']);
    expect(ids(await list('due=2031-07-01'))).toEqual(['confirm-1', 'escalation']);
    expect(ids(await list('due=2031-07-01&tz=Europe/Berlin'))).toEqual(['confirm-0', 'confirm-1', 'escalation']);
    expect(ids(await list('due=overdue'))).toEqual(['overdue-call']);
    expect(ids(await list('status=done'))).toEqual(['done-long-ago']);
    expect(ids(await list('status=all&kind=follow_up_call'))).toEqual(['done-long-ago', 'overdue-call']);
    expect(ids(await list('assigneeRole=supervisor'))).toEqual(['escalation']);
  });

  it('pages with limit and cursor', async () => {
    const first = await list('limit=3');
    expect(ids(first)).toEqual(['overdue-call', 'confirm-0', 'confirm-1']);
    const second = await list(`limit=3&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual(['escalation']);
    expect(second.nextCursor).toBeNull();
  });

  it('needs a staff token to read the call list', async () => {
    const res = await stack.app.request('/tasks');
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('unauthenticated');
  });

  it.each([
    ['kind=callback', 'kind'],
    ['due=tomorrow', 'due'],
    ['due=2031-02-30', 'due'],
    ['status=closed', 'status'],
    ['assigneeRole=janitor', 'assigneeRole'],
    ['limit=0', 'limit'],
    ['cursor=xyz', 'cursor'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const res = await staff.request(`/tasks?${query}`);
    expect(res.status).toBe(400);
    const { error } = await readJson(res);
    expect(error.code).toBe('invalid_request');
    expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  describe('POST /tasks/:id/outcome', () => {
    it('logs the call and closes the task with who and when', async () => {
      const id = await seedTask(stack.database.db, { kind: 'follow_up_call', visitId: visit.id, customerId: visit.customerId });
      const res = await postJson(staff, `/tasks/${id}/outcome`, {
        outcome: 'reached',
        notes: 'Happy with the brakes',
        satisfaction: 5,
      });
      expect(res.status).toBe(200);
      const task = await readJson(res);
      expect(task).toMatchObject({
        id,
        status: 'done',
        closedBy: expect.any(String),
        closedAt: expect.any(String),
        overdue: false,
      });
      expect(task.outcome).toMatchObject({ outcome: 'reached', notes: 'Happy with the brakes', satisfaction: 5 });
      const [row] = await stack.database.db.select().from(tasks).where(eq(tasks.id, id));
      expect(row?.status).toBe('done');
      expect(Date.now() - (row?.closedAt?.getTime() ?? 0)).toBeLessThan(60_000);
    });

    it('answers 409 when the task is already closed, leaving the first outcome', async () => {
      const id = await seedTask(stack.database.db);
      expect((await postJson(staff, `/tasks/${id}/outcome`, { outcome: 'no_answer' })).status).toBe(200);
      const again = await postJson(staff, `/tasks/${id}/outcome`, { outcome: 'reached' });
      expect(again.status).toBe(409);
      expect((await readJson(again)).error.code).toBe('conflict');
      const [row] = await stack.database.db.select().from(tasks).where(eq(tasks.id, id));
      expect(row?.outcome).toMatchObject({ outcome: 'no_answer' });
    });

    it('lets exactly one of two simultaneous loggers win', async () => {
      const id = await seedTask(stack.database.db);
      const results = await Promise.all([
        postJson(staff, `/tasks/${id}/outcome`, { outcome: 'done' }),
        postJson(staff, `/tasks/${id}/outcome`, { outcome: 'rebooked' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('records the logged-in staff member as who closed it', async () => {
      const id = await seedTask(stack.database.db);
      const res = await postJson(asStaff(stack.app, 'manager', 'mgr-sam'), `/tasks/${id}/outcome`, { outcome: 'done' });
      expect(res.status).toBe(200);
      expect(await readJson(res)).toMatchObject({
        closedBy: 'mgr-sam',
        outcome: { loggedBy: 'mgr-sam', loggedByRole: 'manager' },
      });
    });

    it('needs a token (401) of an advisor or manager (403), and changes nothing otherwise', async () => {
      const id = await seedTask(stack.database.db);
      const anonymous = await postJson(stack.app, `/tasks/${id}/outcome`, { outcome: 'done' });
      expect(anonymous.status).toBe(401);
      expect((await readJson(anonymous)).error.code).toBe('unauthenticated');
      for (const role of ['technician', 'qc', 'foreman'] as const) {
        const res = await postJson(asStaff(stack.app, role), `/tasks/${id}/outcome`, { outcome: 'done' });
        expect(res.status).toBe(403);
        expect((await readJson(res)).error.code).toBe('forbidden');
      }
      const [row] = await stack.database.db.select().from(tasks).where(eq(tasks.id, id));
      expect(row?.status).toBe('open');
    });

    it('answers 404 for an unknown task', async () => {
      const res = await postJson(staff, '/tasks/no-such-task/outcome', { outcome: 'done' });
      expect(res.status).toBe(404);
      expect((await readJson(res)).error.code).toBe('not_found');
    });

    it.each([
      [{}, 'outcome'],
      [{ outcome: 'maybe' }, 'outcome'],
      [{ outcome: 'reached', satisfaction: 6 }, 'satisfaction'],
      [{ outcome: 'no_answer', satisfaction: 3 }, 'satisfaction'],
      [{ outcome: 'done', notes: '' }, 'notes'],
    ])('answers 400 naming the field for %j and leaves the task open', async (body, field) => {
      const id = await seedTask(stack.database.db);
      const res = await postJson(staff, `/tasks/${id}/outcome`, body);
      expect(res.status).toBe(400);
      const { error } = await readJson(res);
      expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      const [row] = await stack.database.db.select().from(tasks).where(eq(tasks.id, id));
      expect(row?.status).toBe('open');
    });
  });
});
