import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { WEEKDAYS } from '../../domain/calendar-rules.js';
import { localDate, nextDate } from '../../domain/local-time.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { act, receiveAndEstimate, seedTechnicians, signature, walkIn } from '../support/visits.js';

// Issue 18, the shop's calendar [S3.4]: the manager keeps opening hours and holidays, anyone reads them, and a
// holiday moves what the shop promises: the promised-time suggestion and the complaint SLA clocks.

const putJson = (app: RequestingApp, path: string, body: unknown) =>
  app.request(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const fieldsOf = async (res: Response) =>
  ((await readJson(res)).error.details?.fields ?? []).map((f: { field: string }) => f.field);

describe('the shop calendar', () => {
  let stack: TestStack;
  let manager: RequestingApp;
  let advisor: RequestingApp;
  beforeAll(async () => {
    stack = await startTestStack();
    manager = asStaff(stack.app, 'manager', 'mgr-eva');
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });
  afterAll(async () => stack?.close());

  it('starts as the fixed hours of before, and anyone reads it without signing in', async () => {
    const res = await stack.app.request('/calendar');
    expect(res.status).toBe(200);
    const calendar = await readJson(res);
    expect(calendar.timeZone).toBe('UTC');
    expect(calendar.week.monday).toEqual({ opensAt: '08:00', closesAt: '18:00' });
    expect(calendar.week.sunday).toEqual({ opensAt: '08:00', closesAt: '18:00' });
    expect(calendar.exceptions).toEqual([]);
  });

  it('only the manager (or an admin) edits it', async () => {
    expect((await putJson(advisor, '/calendar/hours', { sunday: null })).status).toBe(403);
    expect((await postJson(advisor, '/calendar/exceptions', { date: '2030-12-25', hours: null, note: 'Xmas' })).status).toBe(403);
    const saturday = await putJson(manager, '/calendar/hours', { saturday: { opensAt: '09:00', closesAt: '13:00' } });
    expect(saturday.status).toBe(200);
    expect((await readJson(saturday)).week.saturday).toEqual({ opensAt: '09:00', closesAt: '13:00' });
    const admin = asStaff(stack.app, 'admin', 'adm-1');
    expect((await readJson(await putJson(admin, '/calendar/hours', { sunday: null }))).week).toMatchObject({
      sunday: null,
      monday: { opensAt: '08:00', closesAt: '18:00' },
    });
  });

  it('refuses hostile input with a 400 naming the field', async () => {
    const cases: [Response, string][] = [
      [await putJson(manager, '/calendar/hours', { monday: { opensAt: '18:00', closesAt: '08:00' } }), 'monday.closesAt'],
      [await putJson(manager, '/calendar/hours', { monday: { opensAt: '8', closesAt: '18:00' } }), 'monday.opensAt'],
      [await putJson(manager, '/calendar/hours', { monday: { opensAt: '24:00', closesAt: '25:00' } }), 'monday.opensAt'],
      [await postJson(manager, '/calendar/exceptions', { date: '2030-02-30', hours: null, note: 'x' }), 'date'],
      [await postJson(manager, '/calendar/exceptions', { date: '1900-01-01', hours: null, note: 'x' }), 'date'],
      [await postJson(manager, '/calendar/exceptions', { date: '2030-01-01', hours: null, note: 'a\u0000b' }), 'note'],
      // A day gone by: it would change nothing, and the calendar would not show it.
      [await postJson(manager, '/calendar/exceptions', { date: '2020-01-01', hours: null, note: 'Too late' }), 'date'],
    ];
    for (const [res, field] of cases) {
      expect(res.status).toBe(400);
      expect(await fieldsOf(res)).toContain(field);
    }
    expect((await putJson(manager, '/calendar/hours', {})).status).toBe(400);
    expect((await putJson(manager, '/calendar/hours', { funday: null })).status).toBe(400);
    expect((await manager.request('/calendar/exceptions/not-a-day', { method: 'DELETE' })).status).toBe(400);
    expect((await manager.request('/calendar/exceptions/2031-01-01', { method: 'DELETE' })).status).toBe(404);
    expect((await advisor.request('/calendar/promise?workMinutes=-5')).status).toBe(400);
    expect((await advisor.request('/calendar/promise?workMinutes=60&from=yesterday')).status).toBe(400);
  });

  it('in Berlin, special hours in the hour the clocks skip are refused in plain words; the hour they repeat is open twice', async () => {
    const berlin = createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), shopTimeZone: 'Europe/Berlin' },
    );
    const [boss, desk] = [asStaff(berlin, 'manager', 'mgr-eva'), asStaff(berlin, 'advisor', 'adv-lena')];
    const special = (date: string, opensAt: string, closesAt: string) =>
      postJson(boss, '/calendar/exceptions', { date, hours: { opensAt, closesAt }, note: 'Night of the clocks' });
    // 28 March 2027: 02:00 is followed by 03:00.
    for (const [opensAt, closesAt, field, clock] of [
      ['02:30', '05:00', 'hours.opensAt', '02:30'],
      ['01:00', '02:30', 'hours.closesAt', '02:30'],
    ] as const) {
      const refused = await special('2027-03-28', opensAt, closesAt);
      expect(refused.status).toBe(400);
      expect((await readJson(refused)).error.details.fields).toEqual([
        {
          field,
          message: `the clocks go forward from 02:00 to 03:00 on 2027-03-28, so ${clock} does not happen that day; choose a time before 02:00 or from 03:00`,
        },
      ]);
    }
    expect((await special('2027-03-28', '01:00', '04:00')).status).toBe(201);
    // 31 October 2027: 02:00–03:00 happens twice, first in summer time (+02:00), then in winter time (+01:00).
    expect((await special('2027-10-31', '02:00', '03:00')).status).toBe(201);
    const book = (appointmentAt: string) =>
      postJson(desk, '/appointments', {
        customer: { name: 'Nacht Eule', phone: '+49 30 555 0707' },
        vehicle: { vin: 'WVWZZZ1JZXW070707', plate: 'B-NE 7', model: 'VW Golf' },
        advisorId: 'adv-lena',
        requestedServices: ['Night check'],
        appointmentAt,
        confirmDuplicate: true,
      });
    try {
      for (const open of [
        '2027-03-28T01:30:00+01:00',
        '2027-03-28T03:30:00+02:00',
        '2027-10-31T02:15:00+02:00',
        '2027-10-31T02:15:00+01:00',
      ])
        expect((await book(open)).status, open).toBe(201);
      const late = await book('2027-03-28T04:30:00+02:00');
      expect(late.status).toBe(409);
      expect((await readJson(late)).error.details.fields[0].message).toBe(
        '04:30 is outside the opening hours on 2027-03-28 (01:00–04:00, Europe/Berlin); tick "book anyway" (confirmClosed: true) to book it all the same',
      );
    } finally {
      for (const date of ['2027-03-28', '2027-10-31']) await boss.request(`/calendar/exceptions/${date}`, { method: 'DELETE' });
    }
  });

  it('a holiday moves a promised time to the next opening plus the remaining work', async () => {
    // Monday 30 Sep 2030 16:00 UTC with 4 h of work: 2 h that day; Tuesday 1 Oct is a holiday.
    const ask = () => advisor.request('/calendar/promise?workMinutes=240&from=2030-09-30T16:00:00Z');
    expect(await readJson(await ask())).toMatchObject({ promisedAt: '2030-10-01T10:00:00.000Z', moved: 'after_hours' });
    const added = await postJson(manager, '/calendar/exceptions', { date: '2030-10-01', hours: null, note: 'National Day' });
    expect(added.status).toBe(201);
    expect((await readJson(added)).exceptions).toEqual([{ date: '2030-10-01', hours: null, note: 'National Day' }]);
    expect(await readJson(await ask())).toEqual({
      promisedAt: '2030-10-02T10:00:00.000Z',
      moved: 'holiday',
      holiday: { date: '2030-10-01', hours: null, note: 'National Day' },
    });
    // Special hours replace it: the day opens at noon, the promise lands 14:00.
    await postJson(manager, '/calendar/exceptions', {
      date: '2030-10-01',
      hours: { opensAt: '12:00', closesAt: '16:00' },
      note: 'Half day',
    });
    expect(await readJson(await ask())).toMatchObject({ promisedAt: '2030-10-01T14:00:00.000Z', moved: 'after_hours' });
    const removed = await manager.request('/calendar/exceptions/2030-10-01', { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await readJson(removed)).exceptions).toEqual([]);
  });

  it('the complaint clocks skip the days the shop is closed', async () => {
    const today = localDate(Date.now(), 'UTC');
    const tomorrow = nextDate(today);
    for (const date of [today, tomorrow])
      expect((await postJson(manager, '/calendar/exceptions', { date, hours: null, note: 'Closed for works' })).status).toBe(201);
    // Sunday is closed since the test above; 4 open hours land on the first open day after tomorrow, 12:00.
    let open = nextDate(tomorrow);
    while (new Date(`${open}T00:00:00Z`).getUTCDay() === 0) open = nextDate(open);
    const saturday = new Date(`${open}T00:00:00Z`).getUTCDay() === 6;
    const created = await postJson(advisor, '/complaints', { description: 'Nobody called back', plate: 'B-CAL-1' });
    expect(created.status).toBe(201);
    const { complaintId } = await readJson(created);
    const { state } = await readJson(await advisor.request(`/complaints/${complaintId}`));
    expect(state.firstResponseDueAt).toBe(`${open}T${saturday ? '13:00' : '12:00'}:00.000Z`);

    // The workshop plans no work on the closed days either: the approved job finishes on that first open day.
    await seedTechnicians(stack);
    const visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    const board = await readJson(await advisor.request('/workshop'));
    const job = board.awaitingDispatch.find((j: { visitId: string }) => j.visitId === visitId);
    expect(job.proposal.projectedFinishAt.slice(0, 10)).toBe(open);
  });
  it('a shop closed every weekday still records a complaint, its clocks counted around the clock', async () => {
    const week = Object.fromEntries(WEEKDAYS.map((d) => [d, null]));
    expect((await putJson(manager, '/calendar/hours', week)).status).toBe(200);
    const received = Date.now();
    const created = await postJson(advisor, '/complaints', { description: 'The shop never opens', plate: 'B-CAL-2' });
    expect(created.status).toBe(201);
    const { complaintId } = await readJson(created);
    // The deadlines came from the calendar once; they were retried for ever when it never opens.
    const due = async () => (await readJson(await advisor.request(`/complaints/${complaintId}`))).state?.firstResponseDueAt;
    await expect.poll(due, { timeout: 30_000 }).toBeTruthy();
    expect(Date.parse(await due())).toBeGreaterThan(received);
    const pending = (await stack.client.workflow.getHandle(complaintId).describe()).raw.pendingActivities ?? [];
    expect(pending).toEqual([]);
  });
});
