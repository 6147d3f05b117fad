import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { visits } from '../../db/schema.js';
import { addDays, localDate } from '../../domain/local-time.js';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// A Shanghai shop's booking nobody confirmed and nobody came to [S1.1]: the day-before call went unanswered, the
// advisor was told, the no-show call went on the list; the advisor reaches the customer and re-books for tomorrow.
// The board of the new day showed the booking "not reached, 2 calls" and flagged as a no-show before its time had
// come: it read the calls of the booking that was moved. It shows the new booking as it stands now.

const ZONE = 'Asia/Shanghai';
const stack = useTestStack({ currency: 'CNY', timeZone: ZONE });

it('a no-show re-booked for tomorrow stands on tomorrow’s board unconfirmed and not a no-show, its calls off the list', async () => {
  const desk = asStaff(stack.app, 'advisor', 'adv-lena');
  const booked = await readJson(
    await postJson(desk, '/appointments', {
      customer: { name: '王小明', phone: '+86 138 0013 8000', email: 'wang@example.cn' },
      vehicle: { vin: 'LSVAU2180N2123456', plate: '沪A·12345', model: '大众 帕萨特', mileage: 30_000 },
      advisorId: 'adv-lena',
      requestedServices: ['保养'],
      appointmentAt: new Date(Date.now() + 6_000).toISOString(),
      confirmClosed: true,
      // One call, due at once and unanswered, then the no-show call a second after the booked time.
      policy: { confirmationLeadMs: 5_000, confirmationRetryMs: 1_000, confirmationAttempts: 1, noShowGraceMs: 1_000 },
    }),
  );
  const id: string = booked.visitId;
  const today = localDate(Date.now(), ZONE);
  const onBoard = async (date: string) =>
    (await readJson(await desk.request(`/appointments?tz=${ZONE}&date=${date}`))).items.find(
      (i: { visitId: string }) => i.visitId === id,
    );
  // Before the move: the booking as the desk saw it (the shop's day may have turned since the booking; read both).
  await expect
    .poll(async () => (await onBoard(today)) ?? (await onBoard(addDays(today, 1))), { timeout: 60_000 })
    .toMatchObject({ confirmation: { status: 'not_reached', calls: 1 }, noShowFlagged: true });

  const tomorrow = addDays(localDate(Date.now(), ZONE), 1);
  const moved = await postJson(desk, `/visits/${id}/actions/reschedule`, {
    appointmentAt: `${tomorrow}T10:00:00+08:00`,
    confirmClosed: true,
  });
  expect(moved.status, await moved.clone().text()).toBe(200);

  expect(await onBoard(tomorrow)).toMatchObject({
    time: '10:00',
    customer: { name: '王小明', phone: '+86 138 0013 8000' },
    vehicle: { plate: '沪A·12345', model: '大众 帕萨特' },
    confirmation: { status: 'unconfirmed', calls: 0 },
    arrived: false,
    noShowFlagged: false,
    stage: 'booked',
  });
  // The old time's calls are closed by the move: nothing of this visit is left on the call list.
  const open = (await readJson(await desk.request(`/tasks?tz=${ZONE}`))).items.filter(
    (t: { visitId: string | null }) => t.visitId === id,
  );
  expect(open).toEqual([]);
});

// Reached on the day-before call, the customer says they cannot keep the time: the advisor is to re-book them. The
// board said "not reached" and the call list "the customer could not be reached", as for a customer nobody got hold
// of, so the advisor rang to confirm what the customer had already declined.
it('a customer reached who cannot keep the time reads so on the board and the call list, until re-booked', async () => {
  const desk = asStaff(stack.app, 'advisor', 'adv-lena');
  const tomorrow = addDays(localDate(Date.now(), ZONE), 1);
  const booked = await readJson(
    await postJson(desk, '/appointments', {
      customer: { name: '赵六', phone: '+86 138 0013 8111' },
      vehicle: { vin: 'LSVAU2180N2123999', plate: '沪A·99999', model: '大众 朗逸', mileage: 10_000 },
      advisorId: 'adv-lena',
      requestedServices: ['保养'],
      appointmentAt: `${tomorrow}T10:00:00+08:00`,
      confirmClosed: true,
    }),
  );
  const id: string = booked.visitId;
  const called = await postJson(desk, `/visits/${id}/actions/record_confirmation_call`, { reached: true, confirmed: false });
  expect(called.status, await called.clone().text()).toBe(200);
  const onBoard = async (date: string) =>
    (await readJson(await desk.request(`/appointments?tz=${ZONE}&date=${date}`))).items.find(
      (i: { visitId: string }) => i.visitId === id,
    );
  expect(await onBoard(tomorrow)).toMatchObject({ confirmation: { status: 'cannot_keep' } });
  const [rebook] = (await readJson(await desk.request(`/tasks?tz=${ZONE}`))).items.filter(
    (t: { visitId: string | null }) => t.visitId === id,
  );
  expect(rebook).toMatchObject({ kind: 'confirmation_escalation', visit: { cannotKeep: true } });

  const screen = async (path: string) =>
    (
      await (
        await stack.app.request(`http://localhost${path}`, {
          headers: { cookie: `sl_session=${await staffToken('advisor', 'adv-lena')}; sl_tz=${ZONE}; sl_lang=zh-CN` },
        })
      ).text()
    ).replace(/<[^>]+>/g, ' ');
  const calls = await screen('/app/calls');
  expect(calls).toContain('客户无法按原定时间到店：请改约');
  expect(calls).not.toContain('联系不上客户');
  expect(await screen(`/app/board?date=${tomorrow}`)).toContain('无法按时到店，待改约');

  const dayAfter = addDays(tomorrow, 1);
  await postJson(desk, `/visits/${id}/actions/reschedule`, { appointmentAt: `${dayAfter}T10:00:00+08:00`, confirmClosed: true });
  expect(await onBoard(dayAfter)).toMatchObject({ confirmation: { status: 'unconfirmed', calls: 0 } });
});

// The customer confirms on the day-before call, then calls back: they cannot come after all; later they ring again,
// they can. Both answers stayed recorded, and the board, which reads "confirmed" first, showed the customer who could
// not come as coming. The latest answer stands, on the board and on the call list.
it('the latest answer to the confirmation call stands: confirmed, then cannot keep, then confirmed again', async () => {
  const desk = asStaff(stack.app, 'advisor', 'adv-lena');
  const tomorrow = addDays(localDate(Date.now(), ZONE), 1);
  const booked = await readJson(
    await postJson(desk, '/appointments', {
      customer: { name: '钱七', phone: '+86 138 0013 8222' },
      vehicle: { vin: 'LSVAU2180N2124777', plate: '沪A·77777', model: '大众 途观', mileage: 20_000 },
      advisorId: 'adv-lena',
      requestedServices: ['保养'],
      appointmentAt: `${tomorrow}T11:00:00+08:00`,
      confirmClosed: true,
    }),
  );
  const id: string = booked.visitId;
  const call = async (confirmed: boolean) => {
    const answered = await postJson(desk, `/visits/${id}/actions/record_confirmation_call`, { reached: true, confirmed });
    expect(answered.status, await answered.clone().text()).toBe(200);
  };
  const status = async () =>
    (await readJson(await desk.request(`/appointments?tz=${ZONE}&date=${tomorrow}`))).items.find(
      (i: { visitId: string }) => i.visitId === id,
    )?.confirmation.status;
  const openTasks = async () =>
    (await readJson(await desk.request(`/tasks?tz=${ZONE}`))).items
      .filter((t: { visitId: string | null }) => t.visitId === id)
      .map((t: { kind: string; visit: { cannotKeep: boolean } }) => [t.kind, t.visit.cannotKeep]);

  await call(true);
  expect(await status()).toBe('confirmed');
  await call(false);
  expect(await status()).toBe('cannot_keep');
  expect(await openTasks()).toEqual([['confirmation_escalation', true]]);
  // Confirmed again at the desk: the re-booking is off the list.
  const confirmed = await postJson(desk, `/visits/${id}/actions/confirm_appointment`, {});
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  expect(await status()).toBe('confirmed');
  expect(await openTasks()).toEqual([]);

  // A visit whose answers contradicted before confirmation-latest-answer-wins holds both in its row: its latest
  // answering event decides. Here the last was the desk's confirmation; then a call that the customer cannot come.
  const bothRecorded = () =>
    stack.database.db
      .update(visits)
      .set({ confirmed: true, facts: sql`jsonb_set(${visits.facts}, '{appointment,cannotKeep}', 'true')` })
      .where(eq(visits.id, id));
  await bothRecorded();
  expect(await status()).toBe('confirmed');
  await call(false);
  await bothRecorded();
  expect(await status()).toBe('cannot_keep');
  expect(await openTasks()).toEqual([['confirmation_escalation', true]]);
});
