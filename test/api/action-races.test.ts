import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { visitEvents } from '../../db/schema.js';
import { CATALOGUES, inLanguage } from '../../web/i18n/index.js';
import { plainFieldError, RAW_TEXT } from '../../web/plain-errors.js';
import { asStaff } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { bookVisit, comparableState, foreman, inRepairWith, seedTechnicians, stateOf, workStarted } from '../support/visits.js';

// Two people acting on one visit's job at once, through the API as the workshop's screens send it: whichever lands
// first wins, the other is told why in words, and the read model ends as the workflow does.

const stack = useTestStack();
let app: RequestingApp;
beforeAll(async () => {
  app = createApp(
    { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
    { ...devSettings(), temporalCallTimeoutMs: 60_000 },
  );
  await seedTechnicians(stack);
});

/** The second request starts this long after the first: from at once to after the first's check. */
const LAGS = [0, 0, 5, 10, 20, 35, 50];
const lagged = (ms: number, send: () => Response | Promise<Response>) =>
  new Promise<Response>((resolve) => setTimeout(() => resolve(send()), ms));

describe('the job handed to another technician while its technician starts it', () => {
  it('the start lands first and the hand-over stops it, or the start is told by name whose job it is now', async () => {
    const outcomes = new Set<string>();
    for (const lag of LAGS) {
      const visitId = await inRepairWith(stack, 'tech-omar');
      const [handedOver, started] = await Promise.all([
        postJson(asStaff(app, 'foreman', foreman.id), `/visits/${visitId}/actions/reassign_technician`, {
          technicianId: 'tech-ivy',
          confirmOffToday: true,
        }),
        lagged(lag, () =>
          postJson(asStaff(app, 'technician', 'tech-omar'), `/visits/${visitId}/actions/start_work`, workStarted),
        ),
      ]);
      expect(handedOver.status, `lag ${lag} ms`).toBe(200);
      const types = (await stack.database.db.select().from(visitEvents).where(eq(visitEvents.visitId, visitId))).map(
        (e) => e.type,
      );
      if (started.status === 200) {
        outcomes.add('started, then handed over');
        expect(types.slice(-2)).toEqual(['work_started', 'technician_reassigned']);
      } else {
        outcomes.add('handed over, start refused');
        expect(started.status, `lag ${lag} ms`).toBe(409);
        // Whether the API's own check or the workflow's caught it: Ivy by name, never her id.
        const { error } = await readJson(started);
        expect(error, `lag ${lag} ms`).toMatchObject({
          message: 'this job is assigned to Ivy; ask the foreman to reassign it',
          details: { reason: 'assigned_elsewhere', assignee: { id: 'tech-ivy', name: 'Ivy' } },
        });
        expect(types.at(-1)).toBe('technician_reassigned');
        expect(types).not.toContain('work_started');
      }
      const manager = asStaff(app, 'manager', 'mgr-eva');
      const stored = await readJson(await manager.request(`/visits/${visitId}`));
      const live = await readJson(await manager.request(`/visits/${visitId}?live=true`));
      expect(comparableState(stored.state)).toEqual(comparableState(live.state));
    }
    console.log(`outcomes: ${[...outcomes].join('; ')}`);
  });
});

describe('the booking moved while its day-before call is being logged', () => {
  const advisor = () => asStaff(app, 'advisor', 'adv-lena');
  const dayAhead = (n: number, hour: number) => {
    const at = new Date(Date.now() + n * 86_400_000);
    at.setUTCHours(hour, 0, 0, 0);
    return at.toISOString();
  };
  const move = (visitId: string, appointmentAt: string) =>
    postJson(advisor(), `/visits/${visitId}/actions/reschedule`, { appointmentAt, confirmClosed: true });
  /** The call as the call list logs it: confirmed, about the time the list showed. */
  const confirmedOnCall = (visitId: string, appointmentAt: string) =>
    postJson(advisor(), `/visits/${visitId}/actions/record_confirmation_call`, { reached: true, confirmed: true, appointmentAt });

  it('a call about the old time is refused once the booking moved, naming the time, and confirms nothing', async () => {
    const visitId = await bookVisit(stack, { inMs: 2 * 86_400_000 });
    const booked = (await stateOf(stack, visitId)).appointmentAt as string;
    expect((await move(visitId, dayAhead(5, 10))).status).toBe(200);
    const refused = await confirmedOnCall(visitId, booked);
    expect(refused.status).toBe(409);
    const { error } = await readJson(refused);
    expect(error.details.fields.map((f: { field: string }) => f.field)).toEqual(['appointmentAt']);
    expect(error.message).toBe(
      'appointmentAt: the booking was moved since this call was about it; call the customer about the new time',
    );
    expect((await stateOf(stack, visitId)).appointment.confirmed).toBe(false);
    // The call list and the visit page tell the person what happened, in their language, never the field's name.
    const [field, words] = [error.details.fields[0].field, error.details.fields[0].message];
    const told = (['en', 'zh-CN'] as const).map((language) => inLanguage(language, () => plainFieldError(field, words)));
    expect(told).toEqual([CATALOGUES.en.error.callAboutMovedBooking, CATALOGUES['zh-CN'].error.callAboutMovedBooking]);
    for (const said of told) expect(said).not.toMatch(RAW_TEXT);
    // About the new time, the call is taken.
    expect((await confirmedOnCall(visitId, dayAhead(5, 10))).status).toBe(200);
    expect((await stateOf(stack, visitId)).appointment.confirmed).toBe(true);
  });

  it('sent at once, either the call lands first and the move asks again, or the call is refused: the new time is never confirmed unasked', async () => {
    for (const [i, lag] of LAGS.entries()) {
      const visitId = await bookVisit(stack, { inMs: 2 * 86_400_000 });
      const booked = (await stateOf(stack, visitId)).appointmentAt as string;
      const [moved, called] = await Promise.all([
        move(visitId, dayAhead(6 + i, 9)),
        lagged(lag, () => confirmedOnCall(visitId, booked)),
      ]);
      expect(moved.status, `lag ${lag} ms`).toBe(200);
      expect([200, 409], `lag ${lag} ms`).toContain(called.status);
      const state = await stateOf(stack, visitId);
      expect(state.appointment.confirmed, `lag ${lag} ms, call answered ${called.status}`).toBe(false);
      const manager = asStaff(app, 'manager', 'mgr-eva');
      const stored = await readJson(await manager.request(`/visits/${visitId}`));
      expect(stored.state.appointment).toEqual(state.appointment);
      expect(stored.state.appointmentAt).toBe(state.appointmentAt);
    }
  });
});
