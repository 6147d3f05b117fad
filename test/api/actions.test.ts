import { Client, Connection } from '@temporalio/client';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { UNKNOWN_FIELD } from '../../api/errors.js';
import { devSettings } from '../../api/settings.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import {
  bookVisit,
  fastPolicy,
  newVisitBody,
  phoneConsent,
  receiveAndEstimate,
  seedTechnicians,
  signature,
  stateOf,
  walkIn,
  workCompleted,
} from '../support/visits.js';

const UNKNOWN_VISIT = '00000000-0000-4000-8000-000000000000';
const arrival = { coversFitted: true, mileage: 52_000 };

describe('POST /visits/{id}/actions/{action}', () => {
  const stack = useTestStack();
  let advisor: ReturnType<typeof asStaff>;
  const action = (visitId: string, name: string, body: unknown, as = advisor, headers?: Record<string, string>) =>
    postJson(as, `/visits/${visitId}/actions/${name}`, body, headers);

  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });

  it("sends the action as the token's staff member and answers the new visit state", async () => {
    const visitId = await walkIn(stack);
    const res = await action(visitId, 'arrive', arrival);
    expect(res.status).toBe(200);
    const state = await readJson(res);
    expect(state).toMatchObject({ visitId, stage: 'reception', arrival: { mileage: 52_000, coversFitted: true } });
    expect(state.timeline.find((e: { type: string }) => e.type === 'arrived')?.actor).toEqual({
      id: 'adv-lena',
      role: 'advisor',
    });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it.each([
    [{ coversFitted: false, mileage: 1 }, 'coversFitted'],
    [{ coversFitted: true, mileage: 'lots' }, 'mileage'],
    [{ coversFitted: true }, 'mileage'],
  ])('rejects an invalid payload with a 400 naming the field (%o)', async (body, field) => {
    const visitId = await walkIn(stack);
    const res = await action(visitId, 'arrive', body);
    expect(res.status).toBe(400);
    const { error } = await readJson(res);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain(field);
    expect((await stateOf(stack, visitId)).arrival).toBeUndefined();
  });

  it('refuses a key the action does not take with a 400 naming it, and records nothing: a typo never loses what was written', async () => {
    const visitId = await walkIn(stack);
    const refused = async (name: string, body: object, field: string) => {
      const res = await action(visitId, name, body);
      expect(res.status, field).toBe(400);
      const { error } = await readJson(res);
      expect(error.details.fields, field).toEqual([{ field, message: UNKNOWN_FIELD }]);
      expect(error.message, field).toBe(`Invalid body: ${field}: ${UNKNOWN_FIELD}`);
    };
    // Who acted comes from the token: a body naming someone else is refused rather than quietly overruled.
    await refused('arrive', { ...arrival, actor: { id: 'someone-else', role: 'admin' } }, 'actor');
    await refused('arrive', { ...arrival, milage: 60_000 }, 'milage');
    expect((await stateOf(stack, visitId)).arrival).toBeUndefined();
    expect((await action(visitId, 'arrive', arrival)).status).toBe(200);
    const arrived = await stateOf(stack, visitId);
    await refused('record_requests', { requests: ['Brakes squeal'], extra: 1 }, 'extra');
    const inspection = { damages: [], valuables: [], fuelLevel: 'half', mileage: 52_000, customerSignature: signature('Mia') };
    await refused(
      'record_inspection',
      { ...inspection, damages: [{ area: 'Door', description: 'Dent', severty: 'minor' }] },
      'damages.0.severty',
    );
    await refused(
      'record_inspection',
      { ...inspection, customerSignature: { ...signature('Mia'), signatur: 'x' } },
      'customerSignature.signatur',
    );
    expect((await stateOf(stack, visitId)).timeline).toEqual(arrived.timeline);
  });

  it('needs a token (401) with a role the action accepts (403)', async () => {
    const visitId = await walkIn(stack);
    const anonymous = await postJson(stack.app, `/visits/${visitId}/actions/arrive`, arrival);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await readJson(anonymous)).error.code).toBe('unauthenticated');

    const technician = await action(visitId, 'arrive', arrival, asStaff(stack.app, 'technician'));
    expect(technician.status).toBe(403);
    expect((await readJson(technician)).error.message).toContain('arrive');
    const advisorQc = await action(visitId, 'record_qc', { passed: true });
    expect(advisorQc.status).toBe(403);
    const technicianConsent = await action(visitId, 'decide', {}, asStaff(stack.app, 'technician'));
    expect(technicianConsent.status).toBe(403);
    expect((await stateOf(stack, visitId)).timeline.some((e) => e.type === 'arrived')).toBe(false);
  });

  it('answers 409 for an action the stage does not accept, and writes nothing', async () => {
    const visitId = await walkIn(stack);
    const res = await action(visitId, 'complete_work', workCompleted, asStaff(stack.app, 'technician'));
    expect(res.status).toBe(409);
    const { error } = await readJson(res);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('reception');
    expect((await stateOf(stack, visitId)).timeline.map((e) => e.type)).not.toContain('work_completed');
  });

  it("answers 422 naming the field when the payload contradicts the visit (the workflow validator's verdict)", async () => {
    const visitId = await bookVisit(stack, { inMs: 48 * 3_600_000, policy: fastPolicy({ confirmationLeadMs: 3_600_000 }) });
    const res = await action(visitId, 'reschedule', { appointmentAt: '2020-01-01T09:00:00Z' });
    expect(res.status).toBe(422);
    const { error } = await readJson(res);
    expect(error.code).toBe('unprocessable');
    expect(error.details.fields[0].field).toBe('appointmentAt');
  });

  it("names a refused field once, beside what is wrong with it, as the edge's 400s do: refusals of several steps", async () => {
    await seedTechnicians(stack);
    const booked = await bookVisit(stack, { inMs: 48 * 3_600_000 });
    const visitId = await walkIn(stack);
    const { lines } = await receiveAndEstimate(stack, visitId);
    const approveAll = lines.map((l) => ({ lineId: l.id, approved: true }));
    const refusals: [Response, string, string][] = [
      // The appointment's step, the approval's twice (a line, the call), the promised time's, the dispatch rule's.
      [await action(booked, 'reschedule', { appointmentAt: '2020-01-01T09:00:00Z' }), 'appointmentAt', 'must be in the future'],
      [
        await action(visitId, 'decide', {
          decisions: [{ lineId: `${visitId}:L9`, approved: true }],
          consent: phoneConsent('REC-1'),
        }),
        'decisions.0.lineId',
        `no line ${visitId}:L9 on this visit`,
      ],
      [
        await action(visitId, 'decide', {
          decisions: approveAll,
          consent: { ...phoneConsent('REC-2'), calledAt: new Date(Date.now() - 2 * 86_400_000).toISOString() },
        }),
        'consent.calledAt',
        'the call cannot be before the customer was asked',
      ],
    ];
    expect((await action(visitId, 'decide', { decisions: approveAll, consent: phoneConsent('REC-3') })).status).toBe(200);
    const { promisedAt } = await stateOf(stack, visitId);
    refusals.push([
      await action(visitId, 'revise_promise', { promisedAt, reason: 'Same time', consent: phoneConsent('REC-4') }),
      'promisedAt',
      'this is the promised time already',
    ]);
    await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
    const foreman = asStaff(stack.app, 'foreman', 'fm-jo');
    refusals.push([
      await action(visitId, 'assign_technician', { technicianId: 'tech-ben', overrideReason: 'Free now' }, foreman),
      'technicianId',
      'Ben has skill 1; this job needs skill 2',
    ]);
    for (const [res, field, message] of refusals) {
      expect(res.status, field).toBe(422);
      const { error } = await readJson(res);
      expect(error.details.fields, field).toEqual([{ field, message }]);
      expect(error.message, field).toBe(`${field}: ${message}`);
    }
  });

  it('refuses consent on a call made before the customer was asked: 422 naming consent.calledAt, nothing decided', async () => {
    const visitId = await walkIn(stack);
    const { lines } = await receiveAndEstimate(stack, visitId);
    const decide = (calledAt: string) =>
      action(visitId, 'decide', {
        decisions: lines.map((l) => ({ lineId: l.id, approved: true })),
        consent: { ...phoneConsent('REC-7'), calledAt },
      });
    // A call two days ago, before the car was even in: it was taken as the customer's yes to this estimate.
    const early = await decide(new Date(Date.now() - 2 * 86_400_000).toISOString());
    expect(early.status).toBe(422);
    const { error } = await readJson(early);
    expect(error.details.fields[0].field).toBe('consent.calledAt');
    expect(error.message).toBe('consent.calledAt: the call cannot be before the customer was asked');
    expect((await stateOf(stack, visitId)).lines.every((l) => l.status === 'proposed')).toBe(true);
    // The minute the estimate went out, as a form names it (whole minutes), is the call that answers it.
    const called = await decide(new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString());
    expect(called.status).toBe(200);
  });

  it('refuses a move to a time the shop is closed, naming confirmClosed, unless the advisor confirms it', async () => {
    const manager = asStaff(stack.app, 'manager');
    // New Year's Day 2032 is a Thursday; the other days keep the default hours, 08:00–18:00 in the shop's zone (UTC).
    const holiday = { date: '2032-01-01', hours: null, note: "New Year's Day" };
    expect((await postJson(manager, '/calendar/exceptions', holiday)).status).toBe(201);
    try {
      const visitId = await bookVisit(stack, { inMs: 48 * 3_600_000 });
      const booked = (await stateOf(stack, visitId)).appointmentAt;
      for (const [appointmentAt, why] of [
        ['2032-01-01T10:00:00Z', "the shop is closed on 2032-01-01 (New Year's Day)"],
        ['2032-01-02T03:00:00Z', '03:00 is outside the opening hours on 2032-01-02 (08:00–18:00, UTC)'],
      ]) {
        const refused = await action(visitId, 'reschedule', { appointmentAt });
        expect(refused.status).toBe(409);
        expect((await readJson(refused)).error.details.fields).toEqual([
          { field: 'confirmClosed', message: `${why}; tick "move anyway" (confirmClosed: true) to move it all the same` },
        ]);
      }
      // The visit never heard of either: it keeps its time and no move in its history.
      const kept = await stateOf(stack, visitId);
      expect(kept.appointmentAt).toBe(booked);
      expect(kept.timeline.map((e) => e.type)).not.toContain('rescheduled');
      // Inside the hours no question is asked; a special the advisor arranged is moved once confirmed.
      expect((await action(visitId, 'reschedule', { appointmentAt: '2032-01-02T17:45:00Z' })).status).toBe(200);
      const special = await action(visitId, 'reschedule', { appointmentAt: '2032-01-01T10:00:00Z', confirmClosed: true });
      expect(special.status).toBe(200);
      expect(Date.parse((await readJson(special)).appointmentAt)).toBe(Date.parse('2032-01-01T10:00:00Z'));
      // A move the visit refuses anyway is never asked "move anyway" first: a time gone by (at 03:00, closed) is
      // the workflow's 422, and a visit past its booking the workflow's 409, with no box to tick.
      const past = await action(visitId, 'reschedule', { appointmentAt: '2020-01-02T03:00:00Z' });
      expect(past.status).toBe(422);
      expect((await readJson(past)).error.details.fields.map((f: { field: string }) => f.field)).toEqual(['appointmentAt']);
      expect((await action(visitId, 'arrive', arrival)).status).toBe(200);
      const arrived = await action(visitId, 'reschedule', { appointmentAt: '2032-01-01T10:00:00Z' });
      expect(arrived.status).toBe(409);
      expect(JSON.stringify((await readJson(arrived)).error)).not.toContain('confirmClosed');
    } finally {
      await manager.request('/calendar/exceptions/2032-01-01', { method: 'DELETE' });
    }
  });

  it("refuses a move onto a day the car already has another open booking of the shop's calendar; its own day moves", async () => {
    // Shanghai (UTC+8): a day of the shop runs from 16:00 UTC the day before, whatever offset a client writes in.
    const shanghai = asStaff(
      createApp(
        { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
        { ...devSettings(), shopTimeZone: 'Asia/Shanghai' },
      ),
      'advisor',
      'adv-lena',
    );
    const body = newVisitBody();
    const move = (visitId: string, appointmentAt: string) =>
      action(visitId, 'reschedule', { appointmentAt, confirmClosed: true }, shanghai);
    const staying = await bookVisit(stack, { inMs: 48 * 3_600_000, body });
    const moving = await bookVisit(stack, {
      inMs: 72 * 3_600_000,
      body: { ...newVisitBody(body.vehicle.vin), vehicle: body.vehicle },
    });
    expect((await move(staying, '2032-03-10T09:00:00+08:00')).status).toBe(200);
    const before = (await stateOf(stack, moving)).appointmentAt;
    // 23:30 UTC the day before, and 01:30 at +14 the day after, are both that Wednesday in Shanghai.
    for (const appointmentAt of ['2032-03-09T23:30:00Z', '2032-03-11T01:30:00+14:00']) {
      const refused = await move(moving, appointmentAt);
      expect(refused.status, appointmentAt).toBe(409);
      const { error } = await readJson(refused);
      expect(error.details.fields).toEqual([
        {
          field: 'appointmentAt',
          // The time of the booking already there as the shop's clock reads it.
          message: expect.stringMatching(
            /^B-\d{4} is already booked on 2032-03-10 at 09:00 \(repair order \d+\); pick another day, or move or cancel that booking first$/,
          ),
        },
      ]);
      expect(error.details.duplicates).toMatchObject([{ visitId: staying }]);
    }
    expect((await stateOf(stack, moving)).appointmentAt).toBe(before);
    // 20:00 UTC that Wednesday is already Thursday in Shanghai: no second booking.
    expect((await move(moving, '2032-03-10T20:00:00Z')).status).toBe(200);
    // A visit moved within its own day is no second booking of itself.
    expect((await move(staying, '2032-03-10T11:00:00+08:00')).status).toBe(200);
  });

  it('answers 404 for an unknown visit or action and 400 for a malformed id', async () => {
    expect((await action(UNKNOWN_VISIT, 'arrive', arrival)).status).toBe(404);
    expect((await action('not-a-uuid', 'arrive', arrival)).status).toBe(400);
    const visitId = await walkIn(stack);
    expect((await action(visitId, 'teleport', {})).status).toBe(404);
  });

  it('lets exactly one of two different actions racing on one visit win; the other gets 409', async () => {
    // Just past its slot, so the booking may be closed as a no-show (and the customer may still turn up).
    const visitId = await bookVisit(stack, { inMs: 500, policy: fastPolicy({ noShowGraceMs: 3_600_000 }) });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [arrive, noShow] = await Promise.all([
      action(visitId, 'arrive', arrival),
      action(visitId, 'mark_no_show', {}, asStaff(stack.app, 'manager')),
    ]);
    expect([arrive.status, noShow.status].sort()).toEqual([200, 409]);
    const state = await stateOf(stack, visitId);
    expect(state.stage).toBe(arrive.status === 200 ? 'reception' : 'no_show');
  });

  it('refuses to close a booking as a no-show before its time: 409 saying so, and the booking stands', async () => {
    const visitId = await bookVisit(stack, { inMs: 48 * 3_600_000, policy: fastPolicy({ confirmationLeadMs: 3_600_000 }) });
    const res = await action(visitId, 'mark_no_show', {});
    expect(res.status).toBe(409);
    expect((await readJson(res)).error.message).toContain('has not come yet');
    expect((await stateOf(stack, visitId)).stage).toBe('booked');
  });

  it('answers 409 once the visit has ended', async () => {
    const visitId = await walkIn(stack);
    expect((await action(visitId, 'cancel', { reason: 'Customer changed their mind' })).status).toBe(200);
    await expect.poll(async () => (await stack.client.workflow.getHandle(visitId).describe()).status.name).toBe('COMPLETED');
    const res = await action(visitId, 'arrive', arrival);
    expect(res.status).toBe(409);
    expect((await readJson(res)).error.message).toContain('ended (cancelled)');
  });

  it('answers 503 within seconds when Temporal is unreachable', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '500ms' });
    // The request's deadline (1 s here) ends the wait, not the client's own retries (about 25 s of back-off).
    const app = createApp(
      { database: stack.database, temporal: new Client({ connection }), taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 1_000 },
    );
    const started = Date.now();
    const res = await action(UNKNOWN_VISIT, 'arrive', arrival, asStaff(app, 'advisor'));
    expect(res.status).toBe(503);
    const { error } = await readJson(res);
    // Unconfirmed is not unwritten: the answer says so and how to learn the outcome safely.
    expect(error).toMatchObject({ code: 'unavailable', details: { outcome: 'unknown' } });
    expect(error.message).toContain('Idempotency-Key');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('answers 503, not 500, while the API is shutting down its Temporal connection', async () => {
    const visitId = await walkIn(stack);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const app = createApp(
      { database: stack.database, temporal: new Client({ connection }), taskQueue: stack.taskQueue },
      devSettings(),
    );
    await connection.close();
    const res = await action(visitId, 'arrive', arrival, asStaff(app, 'advisor'));
    expect(res.status).toBe(503);
    expect((await readJson(res)).error.code).toBe('unavailable');
  });
});
