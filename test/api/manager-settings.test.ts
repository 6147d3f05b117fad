import { describe, expect, it } from 'vitest';
import { staff as staffTable } from '../../db/schema.js';
import { DEFAULT_TARGETS } from '../../domain/kpi-targets.js';
import { MAX_RANGE_DAYS } from '../../domain/time.js';
import { asStaff, staffToken } from '../support/auth.js';
import { readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// What the service manager sets for the whole shop is bounded: a KPI target the figure can reach (domain/kpi-targets.ts
// TARGET_RANGE), a booking capacity someone can book, and a dashboard range the reports answer.

const stack = useTestStack();
const manager = () => asStaff(stack.app, 'manager', 'mgr-eva');
const put = (path: string, body: unknown) =>
  manager().request(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const targetOf = async (kpi: string) =>
  ((await readJson(await manager().request('/kpis/targets'))).items as { kpi: string; target: number }[]).find(
    (t) => t.kpi === kpi,
  );

describe("the manager's settings", () => {
  it('refuses a KPI target the figure can never reach, naming the target in words, and stores nothing', async () => {
    const hostile: [string, string][] = [
      ['rework_rate', '1e308'],
      ['rework_rate', '-0.5'],
      ['on_time_delivery', '1.5'],
      ['csi', '0'],
      ['csi', '6'],
      ['technician_efficiency', '1000'],
      ['declined_value', '-1'],
      ['declined_value', '1e12'],
    ];
    for (const [kpi, target] of hostile) {
      const res = await manager().request(`/kpis/targets/${kpi}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: `{"direction":"at_most","target":${target},"minSample":5}`,
      });
      expect(res.status, `${kpi} ${target}`).toBe(400);
      const { error } = await readJson(res);
      expect(error.details?.fields?.[0]?.field, `${kpi} ${target}`).toBe('target');
      expect(error.message).toMatch(/target/);
      expect(error.message).not.toMatch(/Number must|too_big|too_small|expected number/i);
      expect(await targetOf(kpi)).toEqual(DEFAULT_TARGETS.find((t) => t.kpi === kpi));
    }
    // In range, each kind of figure is taken.
    expect((await put('/kpis/targets/rework_rate', { direction: 'at_most', target: 0.08 })).status).toBe(200);
    expect((await put('/kpis/targets/csi', { direction: 'at_least', target: 4.2 })).status).toBe(200);
    expect((await put('/kpis/targets/technician_efficiency', { direction: 'at_least', target: 1.2 })).status).toBe(200);
    expect((await targetOf('rework_rate'))?.target).toBe(0.08);
  });

  it('stops online booking with 0 customers per slot, and refuses a capacity out of range in words', async () => {
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const slots = async () => readJson(await stack.app.request(`/booking/slots?date=${day}`));
    expect((await put('/booking-capacity', { slotMinutes: 30, receptionsPerSlot: 0, workshopHoursPerDay: 40 })).status).toBe(200);
    expect(await slots()).toMatchObject({ reason: 'fully_booked', slots: [] });
    expect((await put('/booking-capacity', { slotMinutes: 30, receptionsPerSlot: 2, workshopHoursPerDay: 40 })).status).toBe(200);
    expect((await slots()).slots.length).toBeGreaterThan(0);
    for (const receptionsPerSlot of [-1, 51, 1.5]) {
      const res = await put('/booking-capacity', { slotMinutes: 30, receptionsPerSlot, workshopHoursPerDay: 40 });
      expect(res.status, String(receptionsPerSlot)).toBe(400);
      const { error } = await readJson(res);
      expect(error.details?.fields?.[0]?.field).toBe('receptionsPerSlot');
    }
  });

  it('the KPI dashboard keeps a range the reports answer: a range of decades shows its last three years', async () => {
    const cookie = `sl_session=${await staffToken('manager', 'mgr-eva')}`;
    const page = await stack.app.request('/app/kpis?from=2001-01-01&to=2026-11-30&lang=en', { headers: { cookie } });
    expect(page.status).toBe(200);
    const from = new Date(Date.UTC(2026, 10, 30) - (MAX_RANGE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    expect(await page.text()).toContain(`name="from" value="${from}"`);
    // A day no calendar has, or one outside the years a report covers, gives way to the default range.
    for (const query of ['from=2026-02-31&to=2026-03-10', 'from=0001-01-01&to=0001-02-01'])
      expect((await stack.app.request(`/app/kpis?${query}&lang=en`, { headers: { cookie } })).status, query).toBe(200);
  });
});

describe('the sign-in page', () => {
  it('words a refused token in the reader’s language, not the API’s English sentence', async () => {
    await stack.database.db.insert(staffTable).values({ id: 'adv-moved', name: 'Moved On', role: 'qc' }).onConflictDoNothing();
    for (const [lang, said] of [
      ['zh-CN', '此令牌已无法登录'],
      ['en', 'This token no longer opens servicelane'],
    ] as const) {
      for (const token of [await staffToken('advisor', 'adv-moved'), await staffToken('advisor', 'adv-lena', -60)]) {
        const res = await stack.app.request('http://localhost/app/login', {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'http://localhost',
            cookie: `sl_lang=${lang}`,
          },
          body: new URLSearchParams({ mode: 'token', token, tz: '' }).toString(),
        });
        expect(res.status).toBe(401);
        const html = await res.text();
        expect(html, lang).toContain(said);
        expect(html).not.toMatch(/The token (is not valid|has expired)/);
      }
    }
  });
});
