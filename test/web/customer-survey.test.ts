import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../domain/language.js';
import { screen, signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seriousAxeFindings } from '../support/screen-checks.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { pickedUp, visitRowOf } from '../support/survey.js';

// The customer rates the visit from their approval link after pickup, on a 360 px phone, in the link's language;
// the service manager reads the averages and the low score on the KPI dashboard and the call list.

const NARROW_PHONE = { width: 360, height: 760 };

async function checkPage(page: Page, lang: Language, name: string) {
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
  expect(await rawIn(page), `${lang} ${name}`).toEqual([]);
  if (lang === 'zh-CN') expect(await englishIn(page), `English left on ${name}`).toEqual([]);
  expect(await seriousAxeFindings(page), name).toEqual([]);
  await screen(page, `survey-${lang}-${name}`);
}

describe('the satisfaction survey on the customer’s phone', () => {
  const web = useBrowserStack({ publicUrl: true, technicians: true, page: false });

  async function phone(lang: Language) {
    const context = await web.browser.newContext({
      viewport: NARROW_PHONE,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Europe/Berlin',
      locale: lang === 'zh-CN' ? 'zh-CN' : 'en-GB',
    });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    return { context, page, errors: watchForErrors(page) };
  }

  const plates: string[] = [];

  for (const [lang, overall] of [
    ['en', 2],
    ['zh-CN', 5],
  ] as const)
    it(`offers the survey on the link after pickup and takes the answer once (${lang})`, async () => {
      const { visitId, link } = await pickedUp(web.stack);
      plates.push((await visitRowOf(web.stack, visitId))?.plate ?? '');
      const url = new URL(link);
      url.searchParams.set('lang', lang);
      const { context, page, errors } = await phone(lang);

      // The approval link, long decided, now offers the survey.
      await page.goto(`${web.server.url}${url.pathname}${url.search}`);
      await expect(page.locator('[data-survey-offer]').count()).resolves.toBe(1);
      await checkPage(page, lang, 'offer');
      await page.locator('[data-survey-offer] a').click();
      await page.waitForURL(/\/app\/survey\?/);
      await expect(page.locator('fieldset[data-question] legend').count()).resolves.toBe(5);
      // Each question is a group of five radios, each with its label.
      await expect(page.getByRole('radio').count()).resolves.toBe(25);
      await checkPage(page, lang, 'form');

      // Sent with two questions unanswered: the page says which, in the page's language, and keeps what was chosen.
      await page
        .locator('[data-question="overall"] label.star')
        .nth(overall - 1)
        .click();
      await page.locator('[data-question="explanation"] label.star').nth(3).click();
      await page.locator('textarea[name="comment"]').fill(lang === 'en' ? 'The car was not washed.' : '等了很久。');
      await page.locator('form[data-survey] button[type="submit"]').click();
      await expect(page.locator('fieldset.has-error').count()).resolves.toBe(3);
      await expect(page.locator('[data-question="overall"] input:checked').getAttribute('value')).resolves.toBe(String(overall));
      await checkPage(page, lang, 'errors');

      for (const q of ['onTime', 'carReady', 'recommend']) await page.locator(`[data-question="${q}"] label.star`).nth(2).click();
      await page.locator('form[data-survey] button[type="submit"]').click();
      await expect(page.locator('[data-survey-thanks]').count()).resolves.toBe(1);
      await expect(page.locator('[data-survey-sorry]').count()).resolves.toBe(overall <= 2 ? 1 : 0);
      await checkPage(page, lang, 'thanks');

      // Opened again, the survey says it is answered, with when.
      await page.goto(`${web.server.url}/app/survey${url.search}`);
      await expect(page.locator('[data-approval-message]').textContent()).resolves.toMatch(/\d/);
      await checkPage(page, lang, 'answered');
      expect(errors).toEqual([]);
      await context.close();
    });

  it('shows the manager the averages and the low score with its plate, and the call list the call back', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const context = await staffContext(web.browser);
      const page = await context.newPage();
      await signIn(page, web.server.url, 'mgr-max');
      await page.goto(`${web.server.url}/app/kpis`);
      if (lang === 'zh-CN') {
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/app/language') && r.status() === 303),
          page.locator('select[name="language"]').selectOption(lang),
        ]);
        await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe(lang);
      }
      const card = page.locator('#customer-survey');
      // The two answers above (this file's shared stack): overall (2 + 5) / 2 = 3.5, explanation 4 and 4.
      await expect(card.locator('[data-survey-question="overall"] .num').textContent()).resolves.toMatch(/3[.,]5/);
      await expect(card.locator('[data-survey-question="explanation"] .num').textContent()).resolves.toMatch(/4/);
      await expect(card.locator('[data-survey-low] a').allTextContents()).resolves.toEqual([plates[0]]);
      expect(await rawIn(page)).toEqual([]);
      if (lang === 'zh-CN') expect(await englishIn(page), 'English left on the KPI dashboard').toEqual([]);
      await card.scrollIntoViewIfNeeded();
      await screen(page, `survey-${lang}-kpis`);

      await page.goto(`${web.server.url}/app/calls`);
      await expect(page.locator('#low-survey-scores [data-survey-call] a').allTextContents()).resolves.toEqual([plates[0]]);
      expect(await rawIn(page)).toEqual([]);
      if (lang === 'zh-CN') expect(await englishIn(page), 'English left on the call list').toEqual([]);
      await context.close();
    }
  });

  it('puts a low answer on a call list already open, without a reload', async () => {
    const context = await staffContext(web.browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, web.server.url, 'mgr-max');
    await page.goto(`${web.server.url}/app/calls`);
    await page.evaluate('window.__samePage = true');
    const { visitId, token } = await pickedUp(web.stack);
    const plate = (await visitRowOf(web.stack, visitId))?.plate ?? '';
    // The pickup's own follow-up call redraws the list first: only then is the answer the news.
    await expect.poll(() => page.locator(`tr[data-task^="${visitId}:"]`).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const answered = await fetch(`${web.server.url}/surveys/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overall: 1, explanation: 2, onTime: 1, carReady: 2, recommend: 1, comment: 'Nobody called.' }),
    });
    expect(answered.status).toBe(201);
    await expect
      .poll(() => page.locator('#low-survey-scores [data-survey-call] a').allTextContents(), { timeout: 60_000 })
      .toContain(plate);
    await expect(page.evaluate('window.__samePage === true')).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
