// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { careTaskActivities } from '../../activities/care-tasks.js';
import { channelRouter } from '../../activities/channels.js';
import { taskActivities } from '../../activities/tasks.js';
import { type CareTaskKind, TaskKind } from '../../domain/tasks.js';
import { taskKindLabel } from '../../web/format.js';
import { TASK_SECTION } from '../../web/pages/calls.js';
import { asStaff } from '../support/auth.js';
import { screen, signIn } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { receiveAndEstimate, stateOf, taskRow, walkIn } from '../support/visits.js';

// Every kind of task the system creates is on the call list, in its section, under its label, with its one-click
// outcomes. The channel refuses every message, so the estimate's SMS becomes a real `delivery_failed` task; the
// complaint is opened through the API; the other kinds are put on the list by the activities that write them.

// No adapter for any channel: every message is refused at once and handed over to the call list.
const web = useBrowserStack({ channel: channelRouter({}), technicians: true });

describe('the call list shows every kind of task', () => {
  it('lists each TaskKind in its section with its label and outcomes, and works the care tasks with one click', async () => {
    const db = web.stack.database.db;
    const visitId = await walkIn(web.stack);
    const { customer } = await stateOf(web.stack, visitId);
    await receiveAndEstimate(web.stack, visitId);
    const undelivered = `${visitId}:A1:requested:undelivered`;
    await expect.poll(async () => (await taskRow(web.stack, undelivered))?.kind).toBe('delivery_failed');

    const opened = await postJson(asStaff(web.stack.app, 'advisor', 'adv-lena'), '/complaints', {
      visitId,
      description: 'The estimate never arrived.',
      source: 'phone',
    });
    expect(opened.status).toBe(201);
    const { complaintId } = await readJson(opened);
    await expect.poll(async () => (await taskRow(web.stack, `${complaintId}:assign`))?.kind).toBe('complaint_assignment');

    // The rest, as their activities write them.
    const made = new Set<TaskKind>(['delivery_failed', 'complaint_assignment']);
    const dueAt = new Date().toISOString();
    const { openTask } = taskActivities(db);
    const { openCareTask } = careTaskActivities(db);
    const careIds: Partial<Record<CareTaskKind, string>> = {
      complaint_escalation: `${complaintId}:escalation:first_response`,
      rescue_escalation: 'rescue-test-1:dispatch-late',
      kpi_alert: 'alert:kpi:csi:2026-12-01',
      problem_review: 'review:problem:job_code:BRK-1:x',
      incident: 'incident:test-1',
    };
    for (const kind of TaskKind) {
      if (made.has(kind)) continue;
      const careId = careIds[kind as CareTaskKind];
      if (careId)
        await openCareTask({
          id: careId,
          kind: kind as CareTaskKind,
          visitId: kind === 'incident' ? visitId : null,
          customerId: kind === 'rescue_escalation' || kind === 'complaint_escalation' ? customer.id : null,
          assigneeRole: kind === 'incident' ? 'admin' : 'manager',
          title: `A ${kind} task`,
          dueAt,
        });
      else
        await openTask({
          id: `${visitId}:listed-${kind}`,
          kind,
          visitId,
          customerId: customer.id,
          assigneeRole: kind.endsWith('escalation') || kind === 'supervisor_review' ? 'supervisor' : 'advisor',
          title: `A ${kind} task`,
          dueAt,
          attempt: 1,
        });
      made.add(kind);
    }
    expect([...made].sort()).toEqual([...TaskKind].sort());

    await signIn(web.page, web.server.url, 'mgr-max');
    await web.page.goto(`${web.server.url}/app/calls`);
    for (const kind of TaskKind) {
      const rows = web.page.locator(`#${TASK_SECTION[kind]} tr[data-kind="${kind}"]`);
      expect(await rows.count(), kind).toBeGreaterThanOrEqual(1);
      const row = rows.first();
      expect(await row.locator('.what .badge').textContent(), kind).toBe(taskKindLabel(kind));
      expect(await row.locator('button[data-op], a[data-link]').count(), `${kind} has a one-click outcome`).toBeGreaterThan(0);
    }
    // No code reaches the person reading the list.
    const shown = (await web.page.textContent('main')) ?? '';
    for (const kind of TaskKind.filter((k) => k.includes('_'))) expect(shown.replace(/A \w+ task/g, '')).not.toContain(kind);
    await screen(web.page, '30-call-list-every-kind');

    // The undelivered estimate: told on the phone.
    const message = web.page.locator(`tr[data-task="${undelivered}"]`);
    expect(await message.textContent()).toContain('Your estimate is ready');
    await Promise.all([web.page.waitForURL(/done=logged/), message.locator('button[data-op="reached"]').click()]);
    expect(await taskRow(web.stack, undelivered)).toMatchObject({ status: 'done', closedBy: 'mgr-max' });

    // A KPI alert: reviewed.
    const alertId = careIds.kpi_alert as string;
    await Promise.all([
      web.page.waitForURL(/done=logged/),
      web.page.locator(`tr[data-task="${alertId}"] button[data-op="done"]`).click(),
    ]);
    expect(await taskRow(web.stack, alertId)).toMatchObject({ status: 'done' });
    expect(await web.page.locator(`tr[data-task="${alertId}"]`).count()).toBe(0);

    // The new complaint opens the complaint itself; assigning it there takes it off the list.
    await Promise.all([
      web.page.waitForURL(new RegExp(`/app/complaints/${complaintId}$`)),
      web.page.locator(`tr[data-task="${complaintId}:assign"] a[data-link]`).click(),
    ]);
    await web.page.fill('[data-step="assign"] [name=acknowledgement]', 'Called back; estimate read out on the phone.');
    await Promise.all([web.page.waitForURL(/done=assign/), web.page.click('[data-submit-step="assign"]')]);
    await expect.poll(async () => (await taskRow(web.stack, `${complaintId}:assign`))?.status).toBe('done');
    await expect.poll(async () => (await taskRow(web.stack, `${complaintId}:escalation:first_response`))?.status).toBe('done');
    await web.page.goto(`${web.server.url}/app/calls`);
    expect(await web.page.locator('tr[data-kind="complaint_assignment"]').count()).toBe(0);
    expect(web.errors).toEqual([]);
  });
});
