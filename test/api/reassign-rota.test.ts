import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { workshopBoard } from '../../api/queries/workshop.js';
import { calendarExceptions, technicians } from '../../db/schema.js';
import type { ActionActor } from '../../domain/actions.js';
import { isoWeekday, localDate } from '../../domain/local-time.js';
import type { VisitState } from '../../domain/visit-state.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';
import { foreman, inRepairWith, stateOf } from '../support/visits.js';

// "Off the rota today" on the shop's calendar (domain/assignment-rules.ts `awayToday`), against PostgreSQL: a shop
// holiday keeps every technician home on the shop's local day, in Shanghai and in Berlin across a change of the
// clocks; and a job handed to someone not working today asks the foreman to confirm it.

const SHOP_ZONE = 'Asia/Shanghai';
const stack = useTestStack({ technicians: true, timeZone: SHOP_ZONE });
const post = (as: ActionActor, id: string, body: unknown) =>
  postJson(asStaff(stack.app, 'foreman', as.id), `/visits/${id}/actions/reassign_technician`, body);
const holiday = (date: string, note: string) => ({ date, note, opensAt: null, closesAt: null, createdBy: 'mgr-max' });

describe('the board on a shop holiday', () => {
  it.each([
    // National Day in Shanghai (UTC+8): the shop's day runs 16:00–16:00 UTC.
    {
      timeZone: 'Asia/Shanghai',
      date: '2026-10-01',
      before: '2026-09-30T15:59:00Z',
      first: '2026-09-30T16:00:00Z',
      last: '2026-10-01T15:59:00Z',
      after: '2026-10-01T16:00:00Z',
    },
    // The Sunday the clocks go back in Berlin, 25 hours long: 22:00 UTC to 23:00 UTC the next day.
    {
      timeZone: 'Europe/Berlin',
      date: '2026-10-25',
      before: '2026-10-24T21:59:00Z',
      first: '2026-10-24T22:00:00Z',
      last: '2026-10-25T22:59:00Z',
      after: '2026-10-25T23:00:00Z',
    },
    // The Sunday the clocks go forward in Berlin, 23 hours long: 23:00 UTC to 22:00 UTC the next day.
    {
      timeZone: 'Europe/Berlin',
      date: '2026-03-29',
      before: '2026-03-28T22:59:00Z',
      first: '2026-03-28T23:00:00Z',
      last: '2026-03-29T21:59:00Z',
      after: '2026-03-29T22:00:00Z',
    },
  ])(
    'flags every job and technician off on $date in $timeZone, from its midnight to its next',
    async ({ timeZone, date, before, first, last, after }) => {
      const id = await inRepairWith(stack, 'tech-omar');
      const db = stack.database.db;
      await db.insert(calendarExceptions).values(holiday(date, 'Shop holiday'));
      try {
        const seen = async (at: string) => {
          const board = await workshopBoard(db, 200, timeZone, new Date(at));
          const job = board.inRepair.find((j) => j.visitId === id);
          return {
            job: [job?.assigneeOffRota, job?.assigneeAwayToday],
            technicians: board.technicians.map((t) => t.awayToday),
          };
        };
        for (const at of [first, last])
          expect(await seen(at), at).toEqual({
            job: [true, 'shop_closed'],
            technicians: ['shop_closed', 'shop_closed', 'shop_closed'],
          });
        for (const at of [before, after])
          expect(await seen(at), at).toEqual({ job: [false, null], technicians: [null, null, null] });
      } finally {
        await db.delete(calendarExceptions).where(eq(calendarExceptions.date, date));
      }
    },
  );
});

describe('handing a job to someone not working today', () => {
  it('asks to confirm a technician with no shift today, or any on a shop holiday, and hands it over once confirmed', async () => {
    const id = await inRepairWith(stack, 'tech-omar');
    const db = stack.database.db;
    const today = localDate(Date.now(), SHOP_ZONE);
    // Ivy works every weekday of the shop's week but today's.
    const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== isoWeekday(today));
    await db
      .update(technicians)
      .set({ shift: { timeZone: SHOP_ZONE, days, opensAt: '08:00', closesAt: '17:00' } })
      .where(eq(technicians.id, 'tech-ivy'));
    try {
      const refused = await post(foreman, id, { technicianId: 'tech-ivy', reason: 'Omar went home sick' });
      const body = await readJson(refused);
      expect(refused.status).toBe(409);
      expect(body.error.message).toMatch(/^Ivy has no shift hours today .*; tick "hand over anyway" \(confirmOffToday: true\)/);
      expect(body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['confirmOffToday']);
      expect((await stateOf(stack, id)).dispatch.technicianId).toBe('tech-omar');

      const confirmed = await post(foreman, id, {
        technicianId: 'tech-ivy',
        reason: 'Omar went home sick',
        confirmOffToday: true,
      });
      expect(confirmed.status, await confirmed.clone().text()).toBe(200);
      expect(((await readJson(confirmed)) as VisitState).dispatch.technicianId).toBe('tech-ivy');

      // A holiday today: Omar, who has no shift and works whenever the shop is open, does not work either.
      await db.insert(calendarExceptions).values(holiday(today, 'Staff outing'));
      const closed = await readJson(await post(foreman, id, { technicianId: 'tech-omar' }));
      expect(closed.error.message).toMatch(
        new RegExp(
          `^the shop is closed today \\(${today}, Staff outing\\), so Omar does not work today; tick "hand over anyway"`,
        ),
      );
      expect((await post(foreman, id, { technicianId: 'tech-omar', confirmOffToday: true })).status).toBe(200);
      expect((await stateOf(stack, id)).dispatch.technicianId).toBe('tech-omar');
    } finally {
      await db.update(technicians).set({ shift: null }).where(eq(technicians.id, 'tech-ivy'));
      await db.delete(calendarExceptions);
    }
  });
});
