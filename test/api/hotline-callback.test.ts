// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../api/queries/tasks.js';
import { WEEKDAYS } from '../../domain/calendar-rules.js';
import { addDays, localDate, localTime } from '../../domain/local-time.js';
import { asStaff, staffToken } from '../support/auth.js';
import { postJson, type RequestingApp, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// [S1.2] A consultation on the 24-hour hotline is read back with "an advisor will follow up": the call-back is on the
// advisors' call list, due when the shop is next open, with whom to call and what they asked, and closed like any call.
// Before, nothing put it anywhere: the promise read to the caller was kept by nobody.

describe('a consultation on the hotline puts a call-back on the call list', () => {
  const stack = useTestStack();
  let advisor: RequestingApp;
  let zone: string;

  beforeAll(async () => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    zone = (await readJson(await advisor.request('/calendar'))).timeZone;
  });

  const callbacks = async () =>
    (await readJson(await advisor.request('/tasks?kind=hotline_callback&status=all&limit=100'))).items as Task[];

  it('due at once when taken while the shop is open', async () => {
    // Open around the clock but the day's last minute: whenever this runs, the call-back is due within a minute.
    const manager = asStaff(stack.app, 'manager', 'mgr-max');
    const allDay = { opensAt: '00:00', closesAt: '23:59' };
    const week = Object.fromEntries(WEEKDAYS.map((d) => [d, allDay]));
    const hours = await manager.request('/calendar/hours', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(week),
    });
    expect(hours.status, await hours.clone().text()).toBe(200);
    const before = Date.now();
    const taken = await readJson(
      await postJson(advisor, '/hotline/calls', {
        callerName: 'Olga Berg',
        phone: '+49 30 5550193',
        summary: 'Do you fit winter tyres?',
      }),
    );
    const after = Date.now();
    const due = Date.parse((await callbacks()).find((t) => t.id === taken.callbackTaskId)?.dueAt ?? '');
    expect(due).toBeGreaterThanOrEqual(before);
    expect(due).toBeLessThanOrEqual(after + 60_000);

    // Answered, from the call list's own form: off the list.
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    const form = await stack.app.request(`http://localhost/app/calls/${encodeURIComponent(taken.callbackTaskId)}`, {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _key: crypto.randomUUID(), kind: 'hotline_callback', visitId: '', op: 'reached' }).toString(),
    });
    expect([form.status, form.headers.get('location')]).toEqual([303, '/app/calls?done=logged']);
    expect((await callbacks()).find((t) => t.id === taken.callbackTaskId)).toMatchObject({
      status: 'done',
      closedBy: 'adv-lena',
    });
  });

  it('due at the next opening when taken while the shop is closed, shown in both languages, closed with an outcome', async () => {
    // Closed today, opening late tomorrow: the call taken at any hour today is called back tomorrow at 09:15.
    const manager = asStaff(stack.app, 'manager', 'mgr-max');
    const today = localDate(Date.now(), zone);
    const tomorrow = addDays(today, 1);
    for (const [date, hours] of [
      [today, null],
      [tomorrow, { opensAt: '09:15', closesAt: '17:00' }],
    ] as const)
      expect((await postJson(manager, '/calendar/exceptions', { date, hours, note: 'Stocktaking' })).status).toBe(201);

    const res = await postJson(advisor, '/hotline/calls', {
      callerName: 'Wei Zhang',
      phone: '+49 30 5550190',
      summary: 'How long does a brake fluid change take?',
    });
    expect(res.status).toBe(201);
    const taken = await readJson(res);
    expect(taken).toMatchObject({ category: 'consultation', rescueId: null, complaintId: null });
    expect(taken.readBack).toContain('advisor will follow up');

    const [task] = (await callbacks()).filter((t) => t.id === taken.callbackTaskId);
    expect(task).toMatchObject({
      kind: 'hotline_callback',
      assigneeRole: 'advisor',
      status: 'open',
      customerId: taken.customerId,
      customer: { name: 'Wei Zhang', phone: '+49 30 5550190' },
      params: { reference: taken.reference, summary: 'How long does a brake fluid change take?' },
    });
    expect([localDate(Date.parse(task?.dueAt ?? ''), zone), localTime(Date.parse(task?.dueAt ?? ''), zone)]).toEqual([
      tomorrow,
      '09:15',
    ]);

    // The call list shows it among customer care: who, their number, what they asked, in English and Chinese.
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    for (const [language, kindLabel, words] of [
      ['en', 'Hotline call-back', `Hotline call ${taken.reference}: call back about “How long does a brake fluid change take?”`],
      ['zh-CN', '热线回电', `热线来电 ${taken.reference}：就“How long does a brake fluid change take?”给客户回电`],
    ] as const) {
      const page = await stack.app.request('http://localhost/app/calls', { headers: { cookie, 'accept-language': language } });
      expect(page.status).toBe(200);
      const html = await page.text();
      const row = html.slice(html.indexOf(`data-task="${taken.callbackTaskId}"`));
      expect(html.indexOf(`data-task="${taken.callbackTaskId}"`), language).toBeGreaterThan(html.indexOf('id="care"'));
      const cells = row.slice(0, row.indexOf('</tr>'));
      for (const shown of ['Wei Zhang', '+49 30 5550190', kindLabel, words])
        expect(cells, `${language}: ${shown}`).toContain(shown);
      expect(cells).toContain('data-op="reached"');
      expect(cells).not.toContain('hotline_callback</');
    }

    // Called back and answered: off the list, with who logged it.
    const closed = await postJson(advisor, `/tasks/${encodeURIComponent(taken.callbackTaskId)}/outcome`, {
      outcome: 'reached',
      notes: 'About 30 minutes; booked nothing yet.',
    });
    expect(closed.status).toBe(200);
    expect(await readJson(closed)).toMatchObject({ status: 'done', closedBy: 'adv-lena', outcome: { outcome: 'reached' } });
  });

  it('only a consultation opens one; a long question is shown cut between whole characters; a refused call leaves none', async () => {
    const complaint = await readJson(
      await postJson(advisor, '/hotline/calls', {
        callerName: 'Jan Ott',
        phone: '+49 30 5550191',
        summary: 'I was overcharged for my last service',
      }),
    );
    expect(complaint).toMatchObject({ category: 'complaint', callbackTaskId: null });

    // 2,000 characters of emoji: the preview on the list is whole characters, not half a surrogate pair.
    const long = await postJson(advisor, '/hotline/calls', {
      callerName: 'Eva Lind',
      phone: '+49 30 5550192',
      summary: `x${'🚗'.repeat(999)}`,
    });
    expect(long.status).toBe(201);
    const { callbackTaskId } = await readJson(long);
    const preview = String((await callbacks()).find((t) => t.id === callbackTaskId)?.params?.summary);
    expect(preview.length).toBeLessThanOrEqual(300);
    expect(preview.endsWith('…')).toBe(true);
    expect(Buffer.from(preview).toString(), 'no lone surrogate').toBe(preview);

    const before = (await callbacks()).length;
    const refused = await postJson(advisor, '/hotline/calls', {
      callerName: 'Eva Lind',
      phone: '+49 30 5550192',
      summary: 'When is my next service due?',
      visitId: '00000000-0000-4000-8000-000000000000',
    });
    expect(refused.status).toBe(422);
    expect((await callbacks()).length).toBe(before);
  });
});
