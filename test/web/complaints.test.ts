// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { complaints } from '../../db/care-schema.js';
import { tasks } from '../../db/schema.js';
import { DESKTOP, expectNoHorizontalOverflow, PHONE, screen, signIn, signOut } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { englishIn } from '../support/screen-text.js';
import {
  act,
  estimateLines,
  newVisitBody,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  stateOf,
  walkIn,
} from '../support/visits.js';

// A complaint worked end to end on the screens [S4]: the advisor records it at the desk, finds it on the call list,
// takes it on (the first response), proposes and carries out a solution and reports the outcome; the service
// manager closes it. Every step goes through the forms, and the workflow and its record follow.

// Technicians on the rota: one test takes a visit through the workshop to its follow-up call.
const web = useBrowserStack({ technicians: true });

const record = async (id: string) => (await web.stack.database.db.select().from(complaints).where(eq(complaints.id, id)))[0];

/** Submits one step's form and waits for the page that says it was recorded. */
async function step(name: string, fill: Record<string, string>) {
  const form = web.page.locator(`[data-step="${name}"] form`);
  for (const [field, value] of Object.entries(fill)) {
    const input = form.locator(`[name="${field}"]`);
    if ((await input.first().getAttribute('type')) === 'radio') await form.locator(`[name="${field}"][value="${value}"]`).check();
    else if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await Promise.all([web.page.waitForURL(new RegExp(`done=${name}`)), form.locator(`[data-submit-step="${name}"]`).click()]);
}

describe('complaints on the screens', () => {
  it('goes from received to closed: recorded at the desk, assigned, solved, reported and closed by the manager', async () => {
    const visitId = await walkIn(web.stack);
    const { customer, vehicle } = await stateOf(web.stack, visitId);

    await signIn(web.page, web.server.url, 'adv-lena');
    await web.page.click('nav.mainnav a[href="/app/complaints"]');
    await web.page.click('[data-new-complaint]');
    await web.page.waitForURL(/\/app\/complaints\/new$/);

    // A complaint about nothing is refused, with the reason next to the field.
    await web.page.goto(`${web.server.url}/app/complaints/new?visitId=${visitId}`);
    await web.page.selectOption('[name=source]', 'phone');
    await web.page.click('[data-submit-complaint]');
    await expect.poll(() => web.page.locator('[data-field-error="description"]').count()).toBe(1);

    await web.page.fill('[name=description]', 'The rattle in the dashboard is back two days after the repair.');
    await Promise.all([web.page.waitForURL(/done=opened/), web.page.click('[data-submit-complaint]')]);
    const complaintId = decodeURIComponent(new URL(web.page.url()).pathname.split('/').pop() ?? '');
    expect(complaintId).toMatch(/^complaint-/);
    expect(await web.page.textContent('main')).toContain('Complaint recorded');
    expect(await web.page.textContent('main')).toContain('Phone call');
    expect(await web.page.textContent('main')).toContain(customer.name);
    expect(await web.page.locator('[data-deadline="open"]').count()).toBe(2);
    await expect.poll(async () => (await record(complaintId))?.stage).toBe('received');
    expect(await record(complaintId)).toMatchObject({ source: 'phone', visitId, customerId: customer.id, plate: vehicle.plate });

    // The call list has the new complaint for the manager, with a link that opens it.
    await expect
      .poll(
        async () =>
          (
            await web.stack.database.db
              .select()
              .from(tasks)
              .where(eq(tasks.id, `${complaintId}:assign`))
          )[0]?.status,
      )
      .toBe('open');
    await web.page.goto(`${web.server.url}/app/calls`);
    const task = web.page.locator(`tr[data-kind="complaint_assignment"][data-task="${complaintId}:assign"]`);
    expect(await task.textContent()).toContain('New complaint');
    await Promise.all([web.page.waitForURL(new RegExp(`/app/complaints/${complaintId}$`)), task.locator('a[data-link]').click()]);

    await step('assign', { acknowledgement: 'Called back, apologised, booked the car in for tomorrow.' });
    expect(await web.page.textContent('main')).toContain('Lena Vogt (you)');
    expect(await web.page.locator('[data-deadline="done"]').count()).toBe(1);
    await step('propose_solution', { solution: 'Refit the dashboard clips free of charge.' });
    await step('carry_out', { notes: 'Clips refitted, test drive without rattle.' });
    await screen(web.page, '44-complaint-carried-out');
    await step('report_outcome', {
      explanation: 'A clip was not seated during the first repair.',
      remedy: 'Free refit and a car wash.',
      channel: 'email',
    });
    expect(await web.page.locator('[data-deadline="done"]').count()).toBe(2);
    expect(await web.page.textContent('main')).toContain('E-mail');
    // Closing is the manager's.
    expect(await web.page.locator('[data-step]').count()).toBe(0);
    expect(await web.page.textContent('#next-step')).toContain("service manager's");
    await expect.poll(async () => (await record(complaintId))?.stage).toBe('outcome_reported');

    await signOut(web.page);
    await signIn(web.page, web.server.url, 'mgr-max');
    await web.page.click('nav.mainnav a[href="/app/complaints"]');
    await web.page.click(`tr[data-complaint="${complaintId}"] a[href^="/app/complaints/"]`);
    await step('close', { customerAccepted: 'true', notes: 'Customer happy with the wash.' });
    expect(await web.page.textContent('.head-badges')).toContain('Closed');
    expect(await web.page.locator('[data-step]').count()).toBe(0);
    await expect.poll(async () => (await record(complaintId))?.stage).toBe('closed');
    const closed = await record(complaintId);
    expect(closed).toMatchObject({
      customerAccepted: true,
      assigneeId: 'adv-lena',
      solution: 'Refit the dashboard clips free of charge.',
    });
    expect(closed?.outcome).toMatchObject({ remedy: 'Free refit and a car wash.', channel: 'email' });
    expect(closed?.firstResponseAt).not.toBeNull();
    expect(closed?.resolvedAt).not.toBeNull();
    await screen(web.page, '45-complaint-closed');

    // The same screens hold on a tablet both ways round and on a phone.
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ])
      for (const path of [`/app/complaints/${complaintId}`, '/app/complaints/new', '/app/complaints?status=all']) {
        await web.page.setViewportSize(viewport);
        await web.page.goto(`${web.server.url}${path}`);
        await expectNoHorizontalOverflow(web.page);
      }
    await web.page.setViewportSize(PHONE);
    await web.page.goto(`${web.server.url}/app/complaints/${complaintId}`);
    await screen(web.page, '46-complaint-phone');
    await web.page.goto(`${web.server.url}/app/complaints/new`);
    await screen(web.page, '47-new-complaint-phone');
    await web.page.setViewportSize({ width: 1366, height: 768 });
    expect(web.errors).toEqual([]);
  });

  it('a complaint named by a plate on file belongs to that car’s owner; an unknown plate stays anonymous', async () => {
    const visitId = await walkIn(web.stack);
    const { customer, vehicle } = await stateOf(web.stack, visitId);
    await signIn(web.page, web.server.url, 'adv-lena');
    await web.page.goto(`${web.server.url}/app/complaints/new`);
    await web.page.fill('[name=description]', 'Nobody called back about the noise.');
    await web.page.selectOption('[name=source]', 'letter');
    await web.page.fill('[name=plate]', vehicle.plate);
    await Promise.all([web.page.waitForURL(/done=opened/), web.page.click('[data-submit-complaint]')]);
    const complaintId = decodeURIComponent(new URL(web.page.url()).pathname.split('/').pop() ?? '');
    expect(await record(complaintId)).toMatchObject({ source: 'letter', customerId: customer.id, plate: vehicle.plate });
    expect(await web.page.textContent('main')).toContain(customer.name);

    // Handed to a colleague from the staff directory rather than taken on; the page names her.
    await step('assign', { assigneeId: 'adv-tom', acknowledgement: 'Tom knows the car; he called the customer.' });
    await expect.poll(async () => (await record(complaintId))?.assigneeId).toBe('adv-tom');
    expect(await web.page.textContent('main')).toContain('Tom Weiss');
  });

  it('a complaint opened by a low score on the follow-up call reads in the reader’s language', async () => {
    const body = newVisitBody();
    const visitId = await walkIn(web.stack, { body: { ...body, customer: { ...body.customer, name: '王芳' } } });
    const estimated = await receiveAndEstimate(web.stack, visitId, estimateLines.slice(0, 1));
    await act(web.stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairAndDeliver(web.stack, visitId);
    // A score of 1 and not a word written down: the workflow opens the complaint.
    await act(web.stack, visitId, 'record_follow_up', { reached: true, satisfaction: 1 });
    const complaintId = `complaint-${visitId}`;
    await expect.poll(async () => (await record(complaintId))?.stage, { timeout: 60_000 }).toBe('received');
    // What the customer said, and nothing else: where it came from and the score are columns of their own.
    expect(await record(complaintId)).toMatchObject({ source: 'follow_up', satisfaction: 1, description: '' });

    const context = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await signIn(page, web.server.url, 'mgr-max');
      for (const path of [`/app/complaints/${complaintId}`, '/app/complaints']) {
        await page.goto(`${web.server.url}${path}`);
        expect(await page.textContent('main')).toContain('未记录客户原话');
        expect(await page.textContent('main')).not.toContain('Dissatisfied');
        expect(await englishIn(page), `English left on ${path}`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('a step the stage does not accept is refused on the page, not recorded', async () => {
    await signIn(web.page, web.server.url, 'adv-lena');
    await web.page.goto(`${web.server.url}/app/complaints/new`);
    await web.page.fill('[name=description]', 'Invoice shows a part that was never fitted.');
    await web.page.fill('[name=plate]', 'B-XY 123');
    await Promise.all([web.page.waitForURL(/done=opened/), web.page.click('[data-submit-complaint]')]);
    const complaintId = decodeURIComponent(new URL(web.page.url()).pathname.split('/').pop() ?? '');
    // A form kept open in another tab: carrying out before anything was proposed.
    const response = await web.page.request.post(`${web.server.url}/app/complaints/${complaintId}/actions/carry_out`, {
      form: { notes: 'Done' },
      headers: { origin: web.server.url },
    });
    expect((await record(complaintId))?.customerId).toBeNull();
    expect(response.status()).toBe(409);
    expect(await response.text()).toContain('Not recorded');
    expect((await record(complaintId))?.stage).toBe('received');
  });
});
