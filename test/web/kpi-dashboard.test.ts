// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { alerts, problems } from '../../db/care-schema.js';
import { complaintFixture, vinOf, visitFixture } from '../care/fixtures.js';
import { asStaff } from '../support/auth.js';
import { expectNoHorizontalOverflow, screen, signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { until } from '../support/waiting.js';

// The service manager's KPI dashboard and the complaint list [S4, S6, S7], on records written by hand three weeks
// back so the figures are known: four visits delivered, one of them late and reworked, each followed up.

const DAY = 86_400_000;

let seeded: { late: string; onTime: string[]; complaintId: string; overdueComplaintId: string };

/** Its page is the service manager's (signed in by the first test). */
const web = useBrowserStack({
  seed: async () => {
    seeded = await seed();
  },
});

/** `HH:MM` UTC on the day `daysAgo` days before today (UTC); well inside one Berlin day. */
const on = (daysAgo: number, hhmm: string) => `${new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10)}T${hhmm}:00Z`;

/** A visit delivered at 16:00 `daysAgo` days ago and followed up the next morning. */
function delivered(
  i: number,
  o: { daysAgo: number; late?: boolean; rework?: boolean; satisfaction: number; advisorId: string; technicianId: string },
) {
  const d = (hhmm: string) => on(o.daysAgo, hhmm);
  const repair: [string, string, string?][] = o.rework
    ? [
        ['work_started', d('09:45')],
        ['work_completed', d('11:45'), 'quality_check'],
        ['qc_failed', d('12:00'), 'in_repair'],
        ['work_started', d('12:15')],
        ['work_completed', d('13:15'), 'quality_check'],
      ]
    : [
        ['work_started', d('09:45')],
        ['work_completed', d('11:45'), 'quality_check'],
      ];
  return visitFixture(web.stack.database.db, {
    kind: 'appointment',
    stage: 'aftercare',
    advisorId: o.advisorId,
    technicianId: o.technicianId,
    vin: vinOf(9000 + i),
    createdAt: on(o.daysAgo + 5, '10:00'),
    appointmentAt: d('08:00'),
    arrivedAt: d('08:00'),
    // Ready at 14:00: on time for a 15:00 promise, late for a 13:00 one.
    promisedAt: d(o.late ? '13:00' : '15:00'),
    deliveredAt: d('16:00'),
    reworkCount: o.rework ? 1 : 0,
    events: [
      ['visit_opened', on(o.daysAgo + 5, '10:00')],
      ['arrived', d('08:00'), 'reception'],
      ['inspection_signed', d('08:15'), 'diagnosis'],
      ['estimate_submitted', d('08:45'), 'awaiting_approval'],
      ['customer_decided', d('09:00'), 'awaiting_dispatch'],
      ['dispatched', d('09:30'), 'in_repair'],
      ...repair,
      ['qc_passed', d('14:00'), 'ready_for_pickup'],
      ['picked_up', d('16:00'), 'follow_up'],
      ['follow_up_logged', on(o.daysAgo - 1, '10:00'), 'aftercare'],
    ],
    lines: [
      ['labour', 'done', 2, 18_000, d('09:00')],
      ['part', 'declined', 1, 8_000, d('09:00')],
    ],
    followUps: [[on(o.daysAgo - 1, '10:00'), true, o.satisfaction]],
  });
}

async function seed() {
  const db = web.stack.database.db;
  const a = await delivered(1, { daysAgo: 20, satisfaction: 5, advisorId: 'adv-lena', technicianId: 'tech-omar' });
  const late = await delivered(2, {
    daysAgo: 13,
    late: true,
    rework: true,
    satisfaction: 2,
    advisorId: 'adv-lena',
    technicianId: 'tech-omar',
  });
  const c = await delivered(3, { daysAgo: 6, satisfaction: 4, advisorId: 'adv-paul', technicianId: 'tech-omar' });
  const d = await delivered(4, { daysAgo: 6, satisfaction: 5, advisorId: 'adv-paul', technicianId: 'tech-ina' });

  // A complaint about the late visit, through the API (its workflow records it and keeps the timeline) …
  const advisor = asStaff(web.stack.app, 'advisor', 'adv-lena');
  const created = await postJson(advisor, '/complaints', {
    visitId: late,
    description: 'The car was promised for 13:00 and was not ready; the brake noise is back.',
  });
  expect(created.status).toBe(201);
  const { complaintId } = await readJson(created);
  await until('the complaint workflow', async () => (await advisor.request(`/complaints/${complaintId}`)).status === 200);
  const assigned = await postJson(advisor, `/complaints/${complaintId}/actions/assign`, {
    assigneeId: 'adv-lena',
    acknowledgement: 'Called the customer back and booked a check for tomorrow.',
  });
  expect(assigned.status).toBe(200);
  // The workflow writes the first response into the records a moment after it answers.
  await until('the complaint workflow', async () => {
    const list = await readJson(await advisor.request('/complaints?status=all'));
    return !!list.items.find((c: { complaintId: string }) => c.complaintId === complaintId)?.firstResponseAt;
  });
  // … and an old one nobody answered, written straight into the records (its workflow is long gone).
  const overdueComplaintId = await complaintFixture(db, {
    receivedAt: on(10, '09:00'),
    firstResponseDueAt: on(10, '13:00'),
    resolutionDueAt: on(7, '13:00'),
  });

  // What the daily review would have raised.
  await db.insert(alerts).values({
    id: 'alert-test-on-time',
    kind: 'kpi_target_missed',
    kpi: 'on_time_delivery',
    scope: 'shop',
    value: 0.5,
    target: 0.9,
    direction: 'at_least',
    sample: 6,
    periodFrom: new Date(on(14, '00:00')),
    periodTo: new Date(on(7, '00:00')),
  });
  await db.insert(problems).values({
    id: 'problem-test-vehicle',
    kind: 'vehicle',
    subject: vinOf(9002),
    comebackVisitIds: [a, late],
    occurrences: 2,
    openedAt: new Date(on(5, '06:00')),
  });
  return { late, onTime: [a, c, d], complaintId: complaintId as string, overdueComplaintId };
}

const tile = (page: Page, kpi: string) => page.locator(`section[data-kpi="${kpi}"]`);

describe('the KPI dashboard and the complaint list', () => {
  it('shows the manager each KPI against its target with weekly trends and the stage-time breakdown', async () => {
    await signIn(web.page, web.server.url, 'mgr-max');
    const response = await web.page.goto(`${web.server.url}/app/kpis`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => web.page.locator('nav.mainnav a[href="/app/kpis"]').getAttribute('aria-current')).toBe('page');

    // On-time delivery: 3 of the 4 delivered visits were ready by their promise → 75 %, under the 90 % target.
    const onTime = tile(web.page, 'on_time_delivery');
    expect(await onTime.getAttribute('data-status')).toBe('bad');
    expect(await onTime.locator('[data-figure]').textContent()).toBe('75 %');
    expect(await onTime.locator('[data-sample]').textContent()).toContain('3 / 4');
    expect(await onTime.locator('[data-goal]').textContent()).toBe('target ≥ 90 %');
    // CSI (5 + 2 + 4 + 5) / 4 = 4.00 < 4.5; every customer reached within 72 h; one of four reworked.
    expect(await tile(web.page, 'csi').locator('[data-figure]').textContent()).toBe('4.00');
    expect(await tile(web.page, 'csi').getAttribute('data-status')).toBe('bad');
    expect(await tile(web.page, 'follow_up_completion').locator('[data-figure]').textContent()).toBe('100 %');
    expect(await tile(web.page, 'follow_up_completion').getAttribute('data-status')).toBe('good');
    expect(await tile(web.page, 'rework_rate').locator('[data-figure]').textContent()).toBe('25 %');
    expect(await tile(web.page, 'declined_value').getAttribute('data-status')).toBe('tracked');

    // Every KPI has a trend chart over 8 weekly periods with its target line; on-time delivery has a point in the
    // three weeks with deliveries: the late week at 0 %, the others at 100 %.
    expect(await web.page.locator('svg[data-chart="trend"]').count()).toBe(14);
    const trend = onTime.locator('svg[data-chart="trend"]');
    expect(await trend.locator('[data-target]').getAttribute('data-target')).toBe('0.9');
    const points = await trend.locator('circle[data-point]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    expect(points.map(Number).sort()).toEqual([0, 1, 1]);
    expect(await trend.locator('polyline').count()).toBeGreaterThan(0);

    // Stage times: five repair stays (the reworked visit went back once), each ending in the range.
    const repair = web.page.locator('svg[data-chart="bars"] g[data-bar="In repair"]');
    expect(await repair.count()).toBe(1);
    expect(await repair.locator('text').last().textContent()).toContain('5 stays');
    expect(Number(await repair.getAttribute('data-value'))).toBeCloseTo((4 * 2.25 + 1.25) / 5, 5);

    // The open alert links to its KPI; the problem record links to the comeback visits.
    const alert = web.page.locator('tr[data-alert="alert-test-on-time"]');
    expect(await alert.locator('a').getAttribute('href')).toBe('#kpi-on_time_delivery');
    expect(await alert.textContent()).toContain('50 %');
    const problem = web.page.locator('tr[data-problem="problem-test-vehicle"]');
    expect(await problem.locator('a').count()).toBe(2);
    expect(await problem.locator('a').nth(1).getAttribute('href')).toBe(`/app/visits/${seeded.late}`);

    // The manager reaches the complaints from here: the overdue one is flagged.
    expect(await web.page.locator('#complaints a[data-complaints-link]').getAttribute('href')).toBe('/app/complaints');
    expect(await web.page.locator(`[data-urgent-complaint="${seeded.overdueComplaintId}"]`).count()).toBe(1);

    await screen(web.page, '40-kpi-dashboard');
    await web.page.locator('#stage-times').scrollIntoViewIfNeeded();
    await screen(web.page, '41-kpi-stage-times-alerts');
  });

  it('splits the range per advisor', async () => {
    await web.page.goto(`${web.server.url}/app/kpis?by=advisor`);
    const cell = (group: string, kpi: string) =>
      web.page.locator(`table[data-grouped="advisor"] td[data-group="${group}"][data-kpi="${kpi}"]`);
    expect(await cell('adv-lena', 'on_time_delivery').textContent()).toContain('50 %');
    expect(await cell('adv-paul', 'on_time_delivery').textContent()).toContain('100 %');
    // Named from the staff directory, not by their sign-in.
    expect(await web.page.locator('table[data-grouped="advisor"] thead').textContent()).toContain('Lena Vogt');
    expect(await web.page.locator('select[name=by]').inputValue()).toBe('advisor');
    await web.page.locator('#grouped').scrollIntoViewIfNeeded();
    await screen(web.page, '42-kpi-per-advisor');
  });

  it('lists complaints with their deadlines and shows one with its timeline', async () => {
    await web.page.goto(`${web.server.url}/app/kpis`);
    await web.page.locator('#complaints a[data-complaints-link]').click();
    await web.page.waitForURL('**/app/complaints');
    const row = web.page.locator(`tr[data-complaint="${seeded.complaintId}"]`);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('brake noise is back');
    expect(await row.locator('a[data-visit-link]').getAttribute('href')).toBe(`/app/visits/${seeded.late}`);
    expect(await row.locator('[data-deadline]').first().getAttribute('data-deadline')).toBe('done');
    const overdue = web.page.locator(`tr[data-complaint="${seeded.overdueComplaintId}"]`);
    expect(await overdue.locator('[data-deadline="overdue"]').count()).toBe(2);
    await screen(web.page, '43-complaints');

    await row.locator(`a[href="/app/complaints/${seeded.complaintId}"]`).first().click();
    await web.page.waitForURL(`**/app/complaints/${seeded.complaintId}`);
    const timeline = web.page.locator('[data-timeline] li');
    expect(await timeline.count()).toBeGreaterThanOrEqual(2);
    // The owner is named from the staff directory, never by their staff id.
    const entries = await web.page.locator('[data-timeline]').textContent();
    expect(entries).toContain('Lena Vogt');
    expect(entries).not.toContain('adv-lena');
    await screen(web.page, '44-complaint');
    expect(web.errors).toEqual([]);
  });

  it('fits a tablet both ways round', async () => {
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ]) {
      await web.page.setViewportSize(viewport);
      for (const path of ['/app/kpis', '/app/kpis?by=technician', '/app/complaints', `/app/complaints/${seeded.complaintId}`]) {
        await web.page.goto(`${web.server.url}${path}`);
        await expectNoHorizontalOverflow(web.page);
      }
    }
    await web.page.setViewportSize({ width: 1366, height: 768 });
    expect(web.errors).toEqual([]);
  });

  it('keeps the dashboard from an advisor, who still sees the complaints', async () => {
    const page = await (await staffContext(web.browser)).newPage();
    const advisorErrors = watchForErrors(page);
    await signIn(page, web.server.url, 'adv-lena');
    expect(await page.locator('nav.mainnav a[href="/app/kpis"]').count()).toBe(0);
    expect(await page.locator('nav.mainnav a[href="/app/complaints"]').count()).toBe(1);
    const refused = await page.goto(`${web.server.url}/app/kpis`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('[data-error-message]').textContent()).toContain('Service manager');
    await screen(page, '45-kpis-refused-advisor');
    const list = await page.goto(`${web.server.url}/app/complaints`);
    expect(list?.status()).toBe(200);
    expect(await page.locator(`tr[data-complaint="${seeded.complaintId}"]`).count()).toBe(1);
    expect(advisorErrors).toEqual([]);
    await page.context().close();
  });
});
