import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { devSettings } from '../../api/settings.js';
import { signStaffToken } from '../../api/tokens.js';
import { complaints } from '../../db/care-schema.js';
import { technicians, visitEvents } from '../../db/schema.js';
import { MAX_LINE_CENTS, MAX_VISIT_SUBTOTAL_CENTS } from '../../domain/money.js';
import { REJECTION } from '../../workflows/messages.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  act,
  assigneeOf,
  foreman,
  receiveAndDiagnose,
  receiveAndEstimate,
  signature,
  stateOf,
  waitForStage,
  walkIn,
  workStarted,
} from '../support/visits.js';

// The reproductions of issue 12: each payload once entered a workflow's history (or a query) and then failed in
// PostgreSQL, jamming the visit with an endlessly retried activity or answering 503 with the failed SQL. Each is
// now refused with a 4xx naming the field, and the visit goes on.

const NUL = '\u0000';
const HOUR = 3_600_000;

/** What a body must never carry: SQL, a query's parameters, a stack. */
const INTERNALS = /\b(select|insert|update|delete)\b .*\b(from|into|set)\b|failed query|params:|\n\s+at |node_modules/i;

async function refusedWith(res: Response, status: number, field: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).not.toMatch(INTERNALS);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = JSON.parse(text);
  expect(body.error.message).toContain(field);
  return body;
}

describe('poison input: nothing the records cannot store enters a workflow', () => {
  const stack = useTestStack({ technicians: true });
  let advisor: RequestingApp;
  let manager: RequestingApp;

  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
  });

  /** The workflow is idle: no activity left retrying (a jammed record write would stay here for ever). */
  const noPendingActivities = async (workflowId: string) =>
    expect
      .poll(async () => (await stack.client.workflow.getHandle(workflowId).describe()).raw.pendingActivities ?? [], {
        timeout: 15_000,
        interval: 250,
      })
      .toEqual([]);

  const eventCount = async (visitId: string) =>
    (await stack.database.db.select({ n: count() }).from(visitEvents).where(eq(visitEvents.visitId, visitId)))[0]?.n;

  const action = (as: RequestingApp, visitId: string, name: string, payload: unknown) =>
    postJson(as, `/visits/${visitId}/actions/${name}`, payload);

  /** A payload sent to the workflow directly: its update validator refuses it, so it never enters the history. */
  async function validatorRefuses(visitId: string, name: Parameters<typeof act>[2], payload: unknown, field: string) {
    const err = await act(stack, visitId, name, payload as Record<string, unknown>).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (err as WorkflowUpdateFailedError).cause;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).type).toBe(REJECTION.invalid);
    expect((failure as ApplicationFailure).message).toContain(field);
  }

  it('refuses a NUL in record_requests (API 400) and the visit takes its next action', async () => {
    const visitId = await walkIn(stack);
    await act(stack, visitId, 'arrive', { coversFitted: true, mileage: 52_000 });
    const before = await eventCount(visitId);

    const body = await refusedWith(
      await action(advisor, visitId, 'record_requests', { requests: [`Check ${NUL} noise`] }),
      400,
      'requests.0',
    );
    expect(body.error.message).toContain('U+0000');
    // A lone surrogate cannot be stored in jsonb either; C1 control characters are never meant.
    await refusedWith(
      await action(advisor, visitId, 'record_requests', { requests: ['Check \ud800 noise'] }),
      400,
      'lone surrogate',
    );
    await refusedWith(await action(advisor, visitId, 'record_requests', { requests: ['Check \u0085 noise'] }), 400, 'U+0085');

    // Nor what people would read wrongly: a right-to-left override, or nothing visible at all.
    await refusedWith(await action(advisor, visitId, 'record_requests', { requests: ['\u202eesion kcehC'] }), 400, 'U+202E');
    await refusedWith(
      await action(advisor, visitId, 'record_requests', { requests: ['\u200b\u2060\ufeff'] }),
      400,
      'no visible character',
    );
    // One-line text takes no tab either.
    await refusedWith(await action(advisor, visitId, 'record_requests', { requests: ['Check\tnoise'] }), 400, 'requests.0');
    // Nor a Unicode line or paragraph separator, which breaks the line as a line feed does.
    await refusedWith(await action(advisor, visitId, 'record_requests', { requests: ['Check\u2028noise'] }), 400, 'U+2028');
    await refusedWith(await action(advisor, visitId, 'record_requests', { requests: ['Check\u2029noise'] }), 400, 'U+2029');
    expect((await action(advisor, visitId, 'record_requests', { requests: ['Check noise front left'] })).status).toBe(200);
    expect(await eventCount(visitId)).toBe((before ?? 0) + 1);
    // Multi-line text keeps its line breaks and tabs.
    expect((await action(advisor, visitId, 'check_warranty', { covered: false, notes: 'Line one\r\nLine\ttwo' })).status).toBe(
      200,
    );
    await noPendingActivities(visitId);
  });

  it("refuses a NUL in the customer's signedBy on the approval link, and the customer can still decide", async () => {
    const visitId = await walkIn(stack);
    const state = await receiveAndEstimate(stack, visitId);
    const link = await readJson(await postJson(advisor, `/visits/${visitId}/approval-links`, {}));
    const decisions = state.lines.map((l) => ({ lineId: l.id, approved: true }));

    await refusedWith(
      await postJson(stack.app, `/approvals/${link.token}`, { decisions, signature: signature(`Ana${NUL}Pereira`) }),
      400,
      'signature.signedBy',
    );
    expect((await stateOf(stack, visitId)).stage).toBe('awaiting_approval');
    const ok = await postJson(stack.app, `/approvals/${link.token}`, { decisions, signature: signature('Ana Pereira') });
    expect(ok.status).toBe(200);
    await waitForStage(stack, visitId, 'awaiting_dispatch');
    await noPendingActivities(visitId);
  });

  it('refuses a staff token whose sub holds a NUL: 401 naming the claim, nothing recorded', async () => {
    const visitId = await walkIn(stack);
    // The workflow records the visit's opening after the walk-in's answer: count from once it has.
    await expect.poll(() => eventCount(visitId)).toBeGreaterThan(0);
    const before = await eventCount(visitId);
    const { token } = await signStaffToken(
      { id: `adv${NUL}lena`, role: 'advisor', name: 'Lena' },
      devSettings().staffTokenKey,
      3600,
    );
    const res = await stack.app.request(`/visits/${visitId}/actions/arrive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ coversFitted: true, mileage: 1 }),
    });
    await refusedWith(res, 401, 'claim sub');
    expect(await eventCount(visitId)).toBe(before);
    expect((await action(advisor, visitId, 'arrive', { coversFitted: true, mileage: 1 })).status).toBe(200);
    await noPendingActivities(visitId);
  });

  it('refuses POST /complaints with a NUL: 400 and no complaint stored or started', async () => {
    const visitId = await walkIn(stack);
    const countComplaints = async () => (await stack.database.db.select({ n: count() }).from(complaints))[0]?.n;
    const before = await countComplaints();
    await refusedWith(await postJson(advisor, '/complaints', { description: `Noise ${NUL} again`, visitId }), 400, 'description');
    await refusedWith(await postJson(advisor, '/complaints', { description: 'Noise', plate: `B-${NUL}1` }), 400, 'plate');
    // The hotline opens complaints too.
    const call = {
      callerName: 'Ana Pereira',
      phone: '+351 21 123 4567',
      summary: `Unhappy ${NUL} with the repair`,
      category: 'complaint',
    };
    await refusedWith(await postJson(advisor, '/hotline/calls', call), 400, 'summary');
    expect(await countComplaints()).toBe(before);
    const running = stack.client.workflow.list({ query: `TaskQueue = "${stack.taskQueue}" AND WorkflowType = "complaint"` });
    for await (const _ of running) expect.unreachable('no complaint workflow may have started');
  });

  it('refuses submit_estimate with 22 × 100,000,000 cents (and a discount over its line); the visit takes a sane estimate', async () => {
    const visitId = await walkIn(stack);
    await receiveAndDiagnose(stack, visitId);
    const promisedAt = new Date(Date.now() + 8 * HOUR).toISOString();
    const huge = { promisedAt, lines: [{ kind: 'part', description: 'Engine', quantity: 22, unitPriceCents: 100_000_000 }] };

    await refusedWith(await action(advisor, visitId, 'submit_estimate', huge), 400, 'lines.0.unitPriceCents');
    // Sent to the workflow directly, past the API's schema: the visit's own total still refuses it.
    await validatorRefuses(visitId, 'submit_estimate', huge, 'lines:');
    const overDiscounted = {
      promisedAt,
      lines: [{ kind: 'part', description: 'Filter', quantity: 1, unitPriceCents: 1_000, discountCents: 1_001 }],
    };
    await refusedWith(await action(advisor, visitId, 'submit_estimate', overDiscounted), 400, 'lines.0.discountCents');
    const overVisit = {
      promisedAt,
      lines: Array.from({ length: MAX_VISIT_SUBTOTAL_CENTS / MAX_LINE_CENTS + 1 }, (_, i) => ({
        kind: 'part',
        description: `Part ${i}`,
        quantity: 1,
        unitPriceCents: MAX_LINE_CENTS,
      })),
    };
    await refusedWith(await action(advisor, visitId, 'submit_estimate', overVisit), 400, 'lines');
    const farFuture = {
      promisedAt: '9999-12-31T00:00:00Z',
      lines: [{ kind: 'part', description: 'Filter', quantity: 1, unitPriceCents: 1_000 }],
    };
    await refusedWith(await action(advisor, visitId, 'submit_estimate', farFuture), 400, 'promisedAt');

    const sane = await action(advisor, visitId, 'submit_estimate', {
      promisedAt,
      lines: [{ kind: 'part', description: 'Engine', quantity: 1, unitPriceCents: MAX_LINE_CENTS }],
    });
    expect(sane.status).toBe(200);
    await noPendingActivities(visitId);
  });

  it("refuses additional work that would take the visit's total past the bound, in the workflow's own validator", async () => {
    const visitId = await walkIn(stack);
    const tenMillion = Array.from({ length: MAX_VISIT_SUBTOTAL_CENTS / MAX_LINE_CENTS }, (_, i) => ({
      kind: 'part' as const,
      description: `Part ${i}`,
      quantity: 1,
      unitPriceCents: MAX_LINE_CENTS,
    }));
    const estimated = await receiveAndEstimate(stack, visitId, tenMillion);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal, { timeout: 15_000 }).not.toBeNull();
    const proposed = (await stateOf(stack, visitId)).dispatch.proposal?.technicianId as string;
    await act(stack, visitId, 'assign_technician', { technicianId: proposed }, foreman);
    // The technician the job went to, who alone reports extra work on it.
    const assigned = await assigneeOf(stack, visitId);
    await act(stack, visitId, 'start_work', workStarted, assigned);

    // One more cent of work passes the payload's own bounds, but not the visit's: only the workflow knows its lines.
    const oneMore = {
      promisedAt: new Date(Date.now() + 9 * HOUR).toISOString(),
      reason: 'Found a worn belt',
      lines: [{ kind: 'part', description: 'Belt', quantity: 1, unitPriceCents: 1 }],
    };
    const res = await postJson(
      asStaff(stack.app, 'technician', assigned.id),
      `/visits/${visitId}/actions/report_additional_work`,
      oneMore,
    );
    const body = await refusedWith(res, 422, 'lines');
    expect(body.error.message).toContain(String(MAX_VISIT_SUBTOTAL_CENTS));
    expect((await stateOf(stack, visitId)).stage).toBe('in_repair');
    const campaign = { ...oneMore, lines: [{ ...oneMore.lines[0], campaign: true }] };
    expect(
      (
        await postJson(
          asStaff(stack.app, 'technician', assigned.id),
          `/visits/${visitId}/actions/report_additional_work`,
          campaign,
        )
      ).status,
    ).toBe(200);
    await noPendingActivities(visitId);
  });

  it('answers 400 for far and ancient dates, naming the parameter, never 5xx', async () => {
    for (const path of [
      '/appointments?date=9999-12-31',
      '/appointments?date=0099-03-14',
      '/visits?date=9999-12-31',
      '/visits?date=0001-01-01',
      '/tasks?due=9999-12-31',
      '/complaints?from=2026-01-01&to=9999-12-31',
    ])
      await refusedWith(await manager.request(path), 400, path.includes('to=') ? 'to' : path.includes('due') ? 'due' : 'date');
    await refusedWith(await manager.request('/kpis?from=2026-01-01&to=9999-12-31'), 400, 'to');
    await refusedWith(await manager.request('/kpis?from=0001-01-01&to=0002-01-01'), 400, 'from');
    await refusedWith(await manager.request('/kpis?from=2020-01-01&to=2026-01-01'), 400, 'at most');
    await refusedWith(await manager.request('/kpis?from=2026-02-01&to=2026-01-01'), 400, 'must not be before from');
    expect((await manager.request('/kpis?from=2026-01-01&to=2026-12-31')).status).toBe(200);
    expect((await manager.request('/appointments?date=2100-12-31')).status).toBe(200);

    const booking = await postJson(advisor, '/appointments', {
      customer: { name: 'Ana Pereira', phone: '+351 21 123 4567' },
      vehicle: { vin: 'WVWZZZ1JZXW000912', plate: 'AA-12-BB', model: 'VW Golf' },
      advisorId: 'adv-lena',
      appointmentAt: '9999-12-31T09:00:00Z',
    });
    await refusedWith(booking, 400, 'appointmentAt');
  });

  it('answers 400 for a NUL in a query parameter, a cursor or a path id, with no SQL in the body', async () => {
    const nulCursor = Buffer.from(JSON.stringify([1_700_000_000_000_000, `x${NUL}`]), 'utf8').toString('base64url');
    for (const [path, field] of [
      ['/visits?advisor=adv%00lena', 'advisor'],
      ['/visits?plate=B%00', 'plate'],
      ['/appointments?advisor=%00', 'advisor'],
      [`/visits?cursor=${nulCursor}`, 'cursor'],
      [`/tasks?cursor=${nulCursor}`, 'cursor'],
      ['/complaints?cursor=%00', 'cursor'],
    ] as const)
      await refusedWith(await manager.request(path), 400, field);
    await refusedWith(await postJson(advisor, '/tasks/task%00x/outcome', { outcome: 'no_answer' }), 400, 'id');
    await refusedWith(await postJson(manager, '/alerts/a%00/acknowledge', {}), 400, 'id');
    await refusedWith(
      await manager.request('/technicians/t%00', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ active: false }),
      }),
      400,
      'id',
    );
    await refusedWith(
      await postJson(manager, '/technicians', { id: 'tech-nul', name: `Om${NUL}ar`, skillLevel: 2 }),
      400,
      'name',
    );
  });

  it('answers a database error that is not an outage with 500 and a request id, nothing of the query', async () => {
    // A real constraint violation from PostgreSQL, not a stand-in.
    await stack.database.db.execute(sql`alter table technicians add constraint poison_probe check (name <> 'Poison')`);
    try {
      const res = await postJson(manager, '/technicians', { id: 'tech-poison', name: 'Poison', skillLevel: 2 });
      const text = await res.text();
      expect(res.status, text).toBe(500);
      expect(text).not.toMatch(INTERNALS);
      expect(text).not.toContain('poison_probe');
      const body = JSON.parse(text);
      expect(body.error).toEqual({ code: 'internal', message: expect.any(String), requestId: expect.any(String) });
    } finally {
      await stack.database.db.execute(sql`alter table technicians drop constraint poison_probe`);
    }
    expect(await stack.database.db.select().from(technicians).where(eq(technicians.id, 'tech-poison'))).toEqual([]);
  });

  it('answers 400 to PATCH /technicians/{id} without a change, and no-store on every JSON answer', async () => {
    const patch = (body?: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      manager.request('/technicians/tech-omar', { method: 'PATCH', headers, body });
    await refusedWith(await patch('{}'), 400, 'name at least one');
    expect((await patch()).status).toBe(400);
    expect((await patch(undefined, {})).status).toBe(400);
    const changed = await patch(JSON.stringify({ skillLevel: 2 }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/healthz', '/openapi.json', '/technicians', '/no-such-route'])
      expect((await manager.request(path)).headers.get('cache-control'), path).toBe('no-store');
    expect((await stack.app.request('/visits')).headers.get('cache-control')).toBe('no-store');
  });
});
