import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../domain/language.js';
import { drawSignature, phoneContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { approvalLinkOf, inLanguageLink } from '../support/screen-tour.js';
import { receiveAndEstimate, signature, stateOf, walkIn } from '../support/visits.js';

// [S1: the customer decides on their phone] The customer may decide some lines of an estimate and leave the rest
// for later: the thank-you page says which lines are still open, the link opened again lists what stands with the
// total approved so far, and a second phone that sends its decision after the first is told what was decided.

const web = useBrowserStack({ publicUrl: true, technicians: true, page: false });

const send = async (page: Page) => {
  await drawSignature(page, 'canvas.signature-pad');
  await Promise.all([page.waitForLoadState('load'), page.click('[data-send-decision]')]);
};
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

describe("the customer's approval link, decided in parts and on two phones", () => {
  it('lists the lines not decided yet after a partial decision, and what stands when the link is opened again', {
    timeout: 240_000,
  }, async () => {
    const { stack } = web;
    const visitId = await walkIn(stack);
    await receiveAndEstimate(stack, visitId);
    const link = await approvalLinkOf(stack, visitId);
    const { taxRateBasisPoints } = await stateOf(stack, visitId);
    const phone = await phoneContext(web.browser);
    const page = await phone.newPage();
    const errors = watchForErrors(page);

    // Only the service is approved; the oil filter and the wipers are left for later.
    await page.goto(`${web.server.url}${inLanguageLink(link, 'en')}`);
    await page.locator('[data-line-id]').first().locator('input[value=approve]').check();
    await send(page);
    await page.waitForSelector('[data-confirmation]');
    await expect(texts(page, '[data-decided=approved] .al-desc')).resolves.toEqual(['Annual service']);
    await expect(texts(page, '[data-decided=proposed] .al-desc')).resolves.toEqual(['Oil filter', 'Wiper blades']);
    await expect(texts(page, '[data-decided=proposed] .undecided-tag')).resolves.toEqual(['Not decided yet', 'Not decided yet']);
    await expect(page.locator('[data-still-open]').textContent()).resolves.toContain('2 item(s) are not decided yet');
    expect(await rawIn(page)).toEqual([]);

    // Opened again, in both languages: the service stands as approved, the total starts from it (with tax).
    const approvedCents = Math.round(13_500 * (1 + taxRateBasisPoints / 10_000));
    for (const lang of ['en', 'zh-CN'] as Language[]) {
      await page.goto(`${web.server.url}${inLanguageLink(link, lang)}`);
      await expect(page.locator('[data-decided=approved]').count()).resolves.toBe(1);
      await expect(page.locator('[data-line-id]').count()).resolves.toBe(2);
      const total = (await page.locator('[data-approved-total]').textContent()) ?? '';
      expect(total.replace(/[^\d]/g, ''), lang).toBe(String(approvedCents));
      expect(await rawIn(page)).toEqual([]);
      if (lang === 'zh-CN') {
        await expect(page.locator('.decided-already h2').first().textContent()).resolves.toBe('已决定的项目');
        expect(await englishIn(page)).toEqual([]);
      }
    }
    // Ticking one more adds to it.
    await page.locator('[data-line-id]').first().locator('input[value=approve]').check();
    await expect
      .poll(async () => ((await page.locator('[data-approved-total]').textContent()) ?? '').replace(/[^\d]/g, ''))
      .toBe(String(Math.round((13_500 + 1_250) * (1 + taxRateBasisPoints / 10_000))));
    expect(errors).toEqual([]);
    await phone.close();
  });

  it('tells the second phone what the first one decided, in words', { timeout: 240_000 }, async () => {
    const { stack } = web;
    const visitId = await walkIn(stack);
    const estimate = await receiveAndEstimate(stack, visitId);
    const link = await approvalLinkOf(stack, visitId);
    const phones = [await phoneContext(web.browser), await phoneContext(web.browser)] as const;
    const first = await phones[0].newPage();
    const second = await phones[1].newPage();
    const errors = watchForErrors(second);
    for (const page of [first, second]) await page.goto(`${web.server.url}${inLanguageLink(link, 'en')}`);

    // The first phone approves the service and declines the rest; the second still shows all three open.
    const lines = first.locator('[data-line-id]');
    await lines.nth(0).locator('input[value=approve]').check();
    await lines.nth(1).locator('input[value=decline]').check();
    await lines.nth(2).locator('input[value=decline]').check();
    await send(first);
    await first.waitForSelector('[data-confirmation]');

    for (const input of await second.locator('input[type=radio][value=approve]').all()) await input.check();
    await drawSignature(second, 'canvas.signature-pad');
    const [answer] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      second.click('[data-send-decision]'),
    ]);
    expect(answer.status()).toBe(410);
    await second.waitForSelector('[data-earlier-decisions]');
    await expect(texts(second, '[data-earlier-decisions] .al-desc')).resolves.toEqual([
      'Annual service',
      'Oil filter',
      'Wiper blades',
    ]);
    await expect(texts(second, '[data-earlier-decisions] [data-decided=approved] .approved-tag')).resolves.toEqual(['Approved']);
    await expect(texts(second, '[data-earlier-decisions] [data-decided=declined] .declined-tag')).resolves.toEqual([
      'Declined',
      'Declined',
    ]);
    expect(await rawIn(second)).toEqual([]);
    expect(errors).toEqual([]);

    // The API's own answer names the decisions.
    const token = new URL(link).searchParams.get('token') as string;
    const late = await postJson(stack.app, `/approvals/${token}`, {
      decisions: [{ lineId: estimate.lines[0]?.id, approved: true }],
      signature: signature('Ana Pereira'),
    });
    expect(late.status).toBe(410);
    const body = await readJson(late);
    expect(body.error.details.decisions.map((d: { lineId: string; approved: boolean }) => [d.lineId, d.approved])).toEqual(
      estimate.lines.map((l, i) => [l.id, i === 0]),
    );
    for (const p of phones) await p.close();
  });

  it('tells the second phone in words that a line it sends was decided meanwhile, while others are still open', {
    timeout: 240_000,
  }, async () => {
    const { stack } = web;
    const visitId = await walkIn(stack);
    await receiveAndEstimate(stack, visitId);
    const link = await approvalLinkOf(stack, visitId);
    const phones = [await phoneContext(web.browser), await phoneContext(web.browser)] as const;
    const first = await phones[0].newPage();
    const second = await phones[1].newPage();
    const errors = watchForErrors(second);
    for (const page of [first, second]) await page.goto(`${web.server.url}${inLanguageLink(link, 'en')}`);

    // The first phone approves the service only; the second, drawn before, sends all three: the visit refuses the
    // service's second decision (the workflow's refusal, field first), and the page words it without the field path.
    await first.locator('[data-line-id]').first().locator('input[value=approve]').check();
    await send(first);
    await first.waitForSelector('[data-confirmation]');
    for (const input of await second.locator('input[type=radio][value=approve]').all()) await input.check();
    await drawSignature(second, 'canvas.signature-pad');
    const [answer] = await Promise.all([
      second.waitForResponse((r) => r.request().method() === 'POST'),
      second.click('[data-send-decision]'),
    ]);
    expect(answer.status()).toBe(422);
    await second.waitForLoadState('load');
    const meanwhile = 'Your decision: a line on it was decided meanwhile; open the visit again to see where it stands.';
    expect(await second.locator('body').textContent()).toContain(meanwhile);
    expect(await rawIn(second)).toEqual([]);
    expect(errors).toEqual([]);
    for (const p of phones) await p.close();
  });
});
