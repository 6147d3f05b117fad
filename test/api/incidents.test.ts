import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openComplaint } from '../../api/open-complaint.js';
import { complaints } from '../../db/care-schema.js';
import { outbox, tasks, visitEvents, visits } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { bookVisit, CALL_DUE_AFTER_MS, fastPolicy, newVisitBody, signature, stateOf, walkIn } from '../support/visits.js';
import { waitFor } from '../support/waiting.js';

// [S7] A record the database refuses for good is an incident (422, alert, admin task, visit flagged) and the
// visit goes on; an activity failing for another reason keeps retrying and shows as failing until it gets through.

const arrival = { coversFitted: true, mileage: 52_000 };
const FAILING_ALERT_AFTER_MS = 3_000;
const HOUR = 3_600_000;

describe('incidents', () => {
  const stack = useTestStack({ failingAlertAfterMs: FAILING_ALERT_AFTER_MS });
  let advisor: ReturnType<typeof asStaff>;
  let manager: ReturnType<typeof asStaff>;
  const action = (visitId: string, name: string, body: unknown, as = advisor) =>
    postJson(as, `/visits/${visitId}/actions/${name}`, body, { 'idempotency-key': crypto.randomUUID() });
  const alertsOf = async (query: string, subject: string) => {
    const res = await manager.request(`/alerts?${query}`);
    expect(res.status).toBe(200);
    const items: Record<string, unknown>[] = (await readJson(res)).items;
    return items.find((a) => a.subject === subject);
  };

  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
  });

  it('a record refused by a constraint: 422 without internals, an incident on GET /alerts within a minute, the visit flagged and its other actions still work', async () => {
    const body = newVisitBody();
    const visitId = await walkIn(stack, { body });
    expect((await action(visitId, 'arrive', arrival)).status).toBe(200);
    const db = stack.database.db;
    await db.execute(
      sql.raw(
        `alter table visit_events add constraint test_refuses_marker check (position('REFUSE-ME' in data::text) = 0) not valid`,
      ),
    );
    try {
      const sent = Date.now();
      const refused = await action(visitId, 'record_requests', { requests: ['REFUSE-ME: rattle at the back'] });
      expect(refused.status).toBe(422);
      const { error } = await readJson(refused);
      expect(error.code).toBe('unprocessable');
      expect(error.message).toContain('was accepted');
      expect(error.message).toContain('check constraint violated');
      expect(error.details).toMatchObject({ accepted: true, incidentId: expect.stringContaining(visitId) });
      expect(error.requestId).toBeTruthy();
      const text = JSON.stringify(error);
      for (const internal of ['REFUSE-ME', 'test_refuses_marker', 'visit_events', 'insert', 'params'])
        expect(text).not.toContain(internal);

      const incident = await waitFor('the incident on GET /alerts', () => alertsOf('kind=record_rejected', visitId));
      expect(Date.now() - sent).toBeLessThan(60_000);
      expect(incident).toMatchObject({
        id: error.details.incidentId,
        kind: 'record_rejected',
        scope: 'visit',
        activity: 'recordVisitEvent',
        status: 'open',
      });
      // The administrator sees where to look, never the refused values.
      expect(incident.cause).toContain('test_refuses_marker');
      expect(incident.cause).not.toContain('rattle');
      const [task] = await db
        .select()
        .from(tasks)
        .where(eq(tasks.id, String(incident.taskId)));
      expect(task).toMatchObject({ kind: 'incident', assigneeRole: 'admin', status: 'open', visitId });

      const listed = await readJson(await advisor.request(`/visits?plate=${encodeURIComponent(body.vehicle.plate)}`));
      expect(listed.items).toEqual([expect.objectContaining({ visitId, needsAttention: true })]);
      const state = await stateOf(stack, visitId);
      expect(state.incidents).toEqual([expect.objectContaining({ id: incident.id, activity: 'recordVisitEvent' })]);
      // Accepted: the workflow kept the requests, and nothing is left retrying.
      expect(state.requestedServices).toContain('REFUSE-ME: rattle at the back');
      // The read model shows the incident from its alert; the refused event's facts are not in it yet.
      const read = await readJson(await advisor.request(`/visits/${visitId}`));
      expect(read.state.incidents).toEqual([expect.objectContaining({ id: incident.id, activity: 'recordVisitEvent' })]);
      expect(read.state.requestedServices).not.toContain('REFUSE-ME: rattle at the back');
      const described = await stack.client.workflow.getHandle(visitId).describe();
      expect(described.raw.pendingActivities ?? []).toHaveLength(0);

      // The visit's other actions still work, and their records land.
      const warranty = await action(visitId, 'check_warranty', { covered: false });
      expect(warranty.status).toBe(200);
      // The next event sends every fact again, so the read model catches up with what the refused one carried.
      expect((await readJson(warranty)).requestedServices).toContain('REFUSE-ME: rattle at the back');
      const inspected = await action(visitId, 'record_inspection', {
        damages: [],
        valuables: [],
        fuelLevel: 'half',
        mileage: 52_000,
        customerSignature: signature('Ana Pereira'),
      });
      expect(inspected.status).toBe(200);
      expect((await readJson(inspected)).stage).toBe('diagnosis');
      const types = (await db.select().from(visitEvents).where(eq(visitEvents.visitId, visitId))).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['arrived', 'warranty_checked', 'inspection_signed']));
      expect(types).not.toContain('requests_confirmed');
      const [row] = await db.select().from(visits).where(eq(visits.id, visitId));
      expect(row).toMatchObject({ stage: 'diagnosis', needsAttention: true });

      // Once the administrator has dealt with it, the visit no longer needs attention.
      const acknowledged = await postJson(
        manager,
        `/alerts/${encodeURIComponent(String(incident.id))}/acknowledge`,
        { notes: 'requests re-entered by hand' },
        { 'idempotency-key': crypto.randomUUID() },
      );
      expect(acknowledged.status).toBe(200);
      const [after] = await db.select().from(visits).where(eq(visits.id, visitId));
      expect(after?.needsAttention).toBe(false);
    } finally {
      await db.execute(sql.raw('alter table visit_events drop constraint test_refuses_marker'));
    }
  }, 180_000);

  it('a task refused by a constraint: an incident naming openTask, and the writes queued after it still land', async () => {
    const body = newVisitBody();
    body.customer.name = `REFUSE-TASK ${body.customer.name}`;
    const db = stack.database.db;
    await db.execute(
      sql.raw(`alter table tasks add constraint test_refuses_task check (position('REFUSE-TASK' in title) = 0) not valid`),
    );
    try {
      // The day-before call falls due a few seconds after the booking; its task carries the customer's name.
      const visitId = await bookVisit(stack, {
        inMs: HOUR,
        body,
        policy: fastPolicy({ confirmationLeadMs: HOUR - CALL_DUE_AFTER_MS, confirmationRetryMs: 60_000 }),
      });
      const incident = await waitFor('the incident on GET /alerts', () => alertsOf('kind=record_rejected', visitId));
      expect(incident).toMatchObject({ kind: 'record_rejected', scope: 'visit', activity: 'openTask', status: 'open' });
      expect(incident.cause).not.toContain('REFUSE-TASK');
      // The event written after the refused task, in the same queue, is in the read model; no call task is.
      await waitFor('the call-due event', async () => {
        const events = await db.select().from(visitEvents).where(eq(visitEvents.visitId, visitId));
        return events.find((e) => e.type === 'confirmation_call_due');
      });
      const visitTasks = await db.select().from(tasks).where(eq(tasks.visitId, visitId));
      expect(visitTasks.map((t) => t.kind)).toEqual(['incident']);
      const described = await stack.client.workflow.getHandle(visitId).describe();
      expect(described.raw.pendingActivities ?? []).toHaveLength(0);
      // The visit takes its next action.
      const logged = await action(visitId, 'record_confirmation_call', { reached: true, confirmed: true });
      expect(logged.status).toBe(200);
    } finally {
      await db.execute(sql.raw('alter table tasks drop constraint test_refuses_task'));
    }
  });

  it('an activity failing for another reason keeps retrying, shows as failing on GET /alerts, and is resolved when it gets through', async () => {
    const visitId = await walkIn(stack);
    expect((await action(visitId, 'arrive', arrival)).status).toBe(200);
    const inspection = { damages: [], valuables: [], fuelLevel: 'half', mileage: 52_000, customerSignature: signature('Ana') };
    expect((await action(visitId, 'record_inspection', inspection)).status).toBe(200);
    const technician = asStaff(stack.app, 'technician', 'tech-omar');
    expect((await action(visitId, 'record_diagnosis', { findings: 'Pads at 3 mm', roadTest: false }, technician)).status).toBe(
      200,
    );
    const db = stack.database.db;
    // Not a data error (a raised exception, SQLSTATE P0001): the customer's message is retried, not given up.
    await db.execute(
      sql.raw(`create function test_stall_outbox() returns trigger language plpgsql as $$
        begin raise exception 'outbox is stalled for this test'; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger test_stall_outbox before insert on outbox for each row
        when (new.visit_id = '${visitId}') execute function test_stall_outbox()`),
    );
    try {
      const estimate = await action(visitId, 'submit_estimate', {
        promisedAt: new Date(Date.now() + 6 * 3_600_000).toISOString(),
        lines: [{ kind: 'labour', description: 'Front pads', quantity: 1, unitPriceCents: 9_500 }],
      });
      expect(estimate.status).toBe(200);
      const failing = await waitFor('the failing activity on GET /alerts', () => alertsOf('kind=activity_failing', visitId));
      expect(failing).toMatchObject({ scope: 'visit', activity: 'notify', status: 'open' });
      expect(Number(failing.attempts)).toBeGreaterThan(1);
      expect(failing.cause).toContain('P0001');
      const described = await stack.client.workflow.getHandle(visitId).describe();
      expect(described.raw.pendingActivities?.some((a) => a.activityType?.name === 'notify')).toBe(true);
      expect(await alertsOf('kind=record_rejected', visitId)).toBeUndefined();
    } finally {
      await db.execute(sql.raw('drop trigger test_stall_outbox on outbox'));
      await db.execute(sql.raw('drop function test_stall_outbox'));
    }
    const resolved = await waitFor(
      'the failing activity resolved',
      () => alertsOf('kind=activity_failing&status=resolved', visitId),
      120_000,
    );
    expect(resolved.resolvedAt).toBeTruthy();
    const messages = await db.select().from(outbox).where(eq(outbox.visitId, visitId));
    expect(messages.filter((m) => m.template === 'estimate_ready')).toHaveLength(1);
  }, 240_000);

  it('a complaint step whose snapshot is refused: 422, an incident, and the complaint takes the step again', async () => {
    const opened = await openComplaint(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { description: 'Scratch on the door after the service', plate: 'B-IN-1', source: 'api' },
    );
    const id = opened.complaintId;
    const db = stack.database.db;
    const step = (name: string, body: unknown) =>
      postJson(manager, `/complaints/${id}/actions/${name}`, body, { 'idempotency-key': crypto.randomUUID() });
    await db.execute(
      sql.raw(`alter table complaints add constraint test_refuses_owner check (assignee_id <> 'adv-tom') not valid`),
    );
    try {
      const refused = await step('assign', { assigneeId: 'adv-tom', acknowledgement: 'Calling the customer today' });
      expect(refused.status).toBe(422);
      const { error } = await readJson(refused);
      expect(error.details).toMatchObject({ accepted: true, incidentId: expect.stringContaining(id) });
      expect(JSON.stringify(error)).not.toContain('adv-tom');
      const incident = await waitFor('the complaint incident', () => alertsOf('kind=record_rejected', id));
      expect(incident).toMatchObject({ scope: 'complaint', activity: 'saveComplaint', status: 'open' });

      const reassigned = await step('assign', { assigneeId: 'adv-lena', acknowledgement: 'Calling the customer today' });
      expect(reassigned.status).toBe(200);
      const [row] = await db.select().from(complaints).where(eq(complaints.id, id));
      expect(row).toMatchObject({ stage: 'assigned', assigneeId: 'adv-lena' });
    } finally {
      await db.execute(sql.raw('alter table complaints drop constraint test_refuses_owner'));
    }
  }, 120_000);
});
