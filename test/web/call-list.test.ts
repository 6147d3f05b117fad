import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../domain/local-time.js';
import { PHONE, screen, signIn } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import {
  act,
  bookVisit,
  CALL_DUE_AFTER_MS,
  fastPolicy,
  phoneConsent,
  receiveAndEstimate,
  repairAndDeliver,
  stateOf,
  tasksOf,
  walkIn,
} from '../support/visits.js';

// The call list [S1.1, S1.9, S1.10]: what the workflow put on it, logged with one click each; a call that changes
// the visit goes to the visit as its action, so the workflow hears it.

const HOUR = 3_600_000;

const web = useBrowserStack({ technicians: true });

const openTask = async (visitId: string, kind: string) =>
  expect.poll(async () => (await tasksOf(web.stack, visitId)).some((t) => t.kind === kind && t.status === 'open')).toBe(true);

const row = (visitId: string, kind: string) => web.page.locator(`tr[data-kind="${kind}"][data-task^="${visitId}:"]`);

async function logCall(visitId: string, kind: string, op: string) {
  await Promise.all([web.page.waitForURL(/done=logged/), row(visitId, kind).locator(`button[data-op="${op}"]`).click()]);
}

describe('the call list', () => {
  it('logs a confirmation, re-books a no-show and records a follow-up with one click each', async () => {
    // The day-before call is due now (its lead time has just passed); a booking nobody came to; a delivered visit.
    const confirming = await bookVisit(web.stack, {
      inMs: 3 * HOUR,
      policy: fastPolicy({ confirmationLeadMs: 3 * HOUR - CALL_DUE_AFTER_MS, confirmationRetryMs: HOUR, noShowGraceMs: HOUR }),
    });
    const noShow = await bookVisit(web.stack, { inMs: 1_500, policy: fastPolicy({ confirmationLeadMs: 10 * HOUR }) });
    const delivered = await walkIn(web.stack, { policy: fastPolicy() });
    const estimate = await receiveAndEstimate(web.stack, delivered);
    await act(web.stack, delivered, 'decide', {
      decisions: estimate.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-7'),
    });
    await repairAndDeliver(web.stack, delivered);
    await openTask(confirming, 'confirmation_call');
    await openTask(noShow, 'no_show');
    await openTask(delivered, 'follow_up_call');

    await signIn(web.page, web.server.url, 'adv-lena');
    await web.page.goto(`${web.server.url}/app/calls`);
    for (const [id, kind] of [
      [confirming, 'confirmation_call'],
      [noShow, 'no_show'],
      [delivered, 'follow_up_call'],
    ] as const)
      expect(await row(id, kind).count(), kind).toBe(1);
    await screen(web.page, '20-call-list');

    // Confirmed on the phone: the visit hears it and closes its own call.
    await logCall(confirming, 'confirmation_call', 'confirmed');
    expect((await stateOf(web.stack, confirming)).appointment.confirmed).toBe(true);
    expect(await row(confirming, 'confirmation_call').count()).toBe(0);

    // The no-show is re-booked for tomorrow at 10:00.
    const tomorrow = addDays(localDate(Date.now(), 'Europe/Berlin'), 1);
    await row(noShow, 'no_show').locator('input[name=appointmentAt]').fill(`${tomorrow}T10:00`);
    const before = (await stateOf(web.stack, noShow)).appointmentAt;
    await logCall(noShow, 'no_show', 'rebook');
    const rebooked = await stateOf(web.stack, noShow);
    expect(rebooked.stage).toBe('booked');
    expect(rebooked.appointmentAt).not.toBe(before);
    expect(await row(noShow, 'no_show').count()).toBe(0);

    // The 3-day follow-up: reached, satisfaction 4.
    await logCall(delivered, 'follow_up_call', 'satisfied:4');
    const followed = await stateOf(web.stack, delivered);
    expect(followed.followUp).toMatchObject({ reached: true, satisfaction: 4 });
    // Aftercare plans the next service; this policy sends the reminder at once, which closes the visit.
    expect(['aftercare', 'closed']).toContain(followed.stage);

    // The maintenance reminder is on the list.
    await openTask(delivered, 'maintenance_reminder');
    await web.page.goto(`${web.server.url}/app/calls`);
    expect(await row(delivered, 'maintenance_reminder').count()).toBe(1);
    await screen(web.page, '21-call-list-after');
    expect(web.errors).toEqual([]);
  });

  it('a follow-up call logged on the visit as unanswered takes no score: refused in plain words, cleared, then logged', async () => {
    const visitId = await walkIn(web.stack, { policy: fastPolicy({ followUpCallAfterMs: HOUR }) });
    const estimate = await receiveAndEstimate(web.stack, visitId);
    await act(web.stack, visitId, 'decide', {
      decisions: estimate.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-8'),
    });
    await repairAndDeliver(web.stack, visitId);
    await signIn(web.page, web.server.url, 'adv-lena');
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    const form = web.page.locator('form[data-action=record_follow_up]');
    const send = () =>
      Promise.all([
        web.page.waitForResponse((r) => r.url().endsWith('/actions/record_follow_up') && r.request().method() === 'POST'),
        form.locator('button[type=submit]').click(),
      ]);
    // No answer, with a score picked by mistake: it was taken and kept on file as the customer's satisfaction.
    await form.locator('input[name=reached][value=false]').check();
    await form.locator('input[name=satisfaction][value="5"]').check();
    await send();
    expect(await form.textContent()).toContain(
      'Satisfaction: only when the customer was reached; clear it, or record the call as reached.',
    );
    expect((await stateOf(web.stack, visitId)).followUp.attempts).toBe(0);
    // The radios had no way back to no score: "Not given" clears it.
    await form.locator('input[name=satisfaction][value=""]').check();
    await send();
    await expect.poll(async () => (await stateOf(web.stack, visitId)).followUp).toMatchObject({ attempts: 1, reached: false });
    expect((await stateOf(web.stack, visitId)).followUp.satisfaction).toBeUndefined();
    expect(web.errors).toEqual([]);
  });

  it.each(['en-GB', 'zh-CN'])('on a phone (%s) each task is a readable card with its buttons in reach', async (locale) => {
    const visitId = await bookVisit(web.stack, {
      inMs: 3 * HOUR,
      policy: fastPolicy({ confirmationLeadMs: 3 * HOUR - CALL_DUE_AFTER_MS, confirmationRetryMs: HOUR }),
    });
    await openTask(visitId, 'confirmation_call');
    const context = await web.browser.newContext({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale,
    });
    try {
      const page = await context.newPage();
      await signIn(page, web.server.url, 'adv-lena');
      await page.goto(`${web.server.url}/app/calls`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale === 'zh-CN' ? 'zh-CN' : 'en');
      const card = page.locator(`tr[data-kind="confirmation_call"][data-task^="${visitId}:"]`);
      // The fixed columns left "what" and the outcomes 0 px: one letter per line, a row 1,340 px tall.
      for (const cell of ['td.what', 'td.outcome']) {
        const box = await card.locator(cell).boundingBox();
        expect(box?.width, cell).toBeGreaterThan(250);
      }
      expect((await card.boundingBox())?.height).toBeLessThan(400);
      for (const button of await card.locator('button').all()) {
        const box = await button.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, (await button.textContent()) ?? '').toBe(true);
      }
      // The staff header takes two rows, not three.
      expect((await page.locator('header.topbar').boundingBox())?.height).toBeLessThan(120);
      await screen(page, `call-list-phone-${locale}`);
      // The screens' links slide sideways in the header: the last one, when open, is the one in view.
      await page.goto(`${web.server.url}/app/campaigns`);
      const here = await page.locator('.mainnav a.active').boundingBox();
      expect(here && here.x >= 0 && here.x + here.width <= PHONE.width).toBe(true);
    } finally {
      await context.close();
    }
  });
});
