import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { bookVisit, stateOf } from '../support/visits.js';

// A form sent after the session ended is not recorded (test/web/session-ends.test.ts). What the person typed comes
// back into the same form once they have signed in again, for them to send again: it is kept in the browser's tab
// only (never in an address), nothing is sent without their second press, someone else signing in at the same desk
// never sees it, and a value past the bound is left out rather than kept.

const web = useBrowserStack({ page: false });

const NOTICE = {
  en: 'What you typed before your session ended is back in this form.',
  'zh-CN': '登录过期前您填写的内容已放回此表单。',
} as const;

/** A reason as people type it, and as a hostile one might: lines, tags, quotes, emoji, Chinese, a zero-width joiner. */
const REASON = [
  'Customer moved abroad; car sold to a dealer in Lyon.',
  '<script>alert("x")</script> & "quotes" \'too\' \\ back',
  '客户已搬家，车辆已售出。👨‍🔧 ok',
  'x'.repeat(800),
].join('\n');

async function desk(lang: 'en' | 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await staffContext(web.browser);
  await context.addCookies([{ name: 'sl_lang', value: lang, url: `${web.server.url}/app` }]);
  return { context, page: await context.newPage() };
}

/** Types the reason into the visit's cancel form and sends it after the session's cookie has gone. */
async function sendAfterSessionEnds(context: BrowserContext, page: Page, visitId: string, reason: string) {
  await page.goto(`${web.server.url}/app/visits/${visitId}`);
  const cancel = page.locator('form[data-action=cancel]');
  await page.locator('details', { has: cancel }).locator('summary').click();
  await cancel.locator('[name=reason]').fill(reason);
  const cookies = await context.cookies();
  await context.clearCookies();
  await context.addCookies(cookies.filter((c) => c.name !== 'sl_session'));
  await Promise.all([page.waitForURL(/\/app\/login\?expired=unsent/), cancel.locator('button[type=submit]').click()]);
  return cancel;
}

/** How many drafts the tab holds (a string, so the browser's globals need no DOM types here). */
const kept = (page: Page) => page.evaluate('Object.keys(sessionStorage).length') as Promise<number>;

describe('what was typed into a form sent after the session ended', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`comes back into the same form after signing in again, and is recorded only when sent again (${lang})`, async () => {
      const visitId = await bookVisit(web.stack, { inMs: 3_600_000 });
      const { context, page } = await desk(lang);
      try {
        await signIn(page, web.server.url, 'adv-lena');
        const cancel = await sendAfterSessionEnds(context, page, visitId, REASON);
        expect(page.url()).not.toContain('Lyon');
        await page.click('button[data-staff="adv-lena"]');
        await page.waitForURL(new RegExp(`/app/visits/${visitId}$`));
        // It used to be an empty form: the reason had to be typed again.
        await expect(cancel.locator('[name=reason]').inputValue()).resolves.toBe(REASON);
        await expect(cancel.locator('[data-draft-notice]').textContent()).resolves.toContain(NOTICE[lang]);
        await expect(cancel.locator('[name=reason]').isVisible()).resolves.toBe(true);
        expect(page.url()).not.toContain('Lyon');
        // Nothing was sent for them: the visit is still booked until they press send.
        expect((await stateOf(web.stack, visitId)).stage).toBe('booked');
        await expect(kept(page)).resolves.toBe(0);
        await Promise.all([page.waitForURL(/done=cancel/), cancel.locator('button[type=submit]').click()]);
        expect((await stateOf(web.stack, visitId)).stage).toBe('cancelled');
        await expect(kept(page)).resolves.toBe(0);
      } finally {
        await context.close();
      }
    });
  }

  it('is never shown to someone else who signs in at the same desk', async () => {
    const visitId = await bookVisit(web.stack, { inMs: 3_600_000 });
    const { context, page } = await desk('en');
    try {
      await signIn(page, web.server.url, 'adv-lena');
      const cancel = await sendAfterSessionEnds(context, page, visitId, REASON);
      await expect(kept(page)).resolves.toBe(1);
      await page.click('button[data-staff="mgr-max"]');
      await page.waitForURL(new RegExp(`/app/visits/${visitId}$`));
      await expect(cancel.locator('[name=reason]').inputValue()).resolves.toBe('');
      await expect(page.locator('[data-draft-notice]').count()).resolves.toBe(0);
      await expect(kept(page)).resolves.toBe(0);
      // Lena, back at the desk after Max, finds nothing either: Max's page dropped it.
      await page.click('form[action="/app/logout"] button');
      await page.waitForURL(/\/app\/login/);
      await signIn(page, web.server.url, 'adv-lena');
      await page.goto(`${web.server.url}/app/visits/${visitId}`);
      await expect(cancel.locator('[name=reason]').inputValue()).resolves.toBe('');
      expect((await stateOf(web.stack, visitId)).stage).toBe('booked');
    } finally {
      await context.close();
    }
  });

  it('leaves out a value past its bound rather than keeping it', async () => {
    const visitId = await bookVisit(web.stack, { inMs: 3_600_000 });
    const { context, page } = await desk('en');
    try {
      await signIn(page, web.server.url, 'adv-lena');
      const cancel = await sendAfterSessionEnds(context, page, visitId, 'y'.repeat(20_001));
      await page.click('button[data-staff="adv-lena"]');
      await page.waitForURL(new RegExp(`/app/visits/${visitId}$`));
      await expect(cancel.locator('[name=reason]').inputValue()).resolves.toBe('');
      await expect(page.locator('[data-draft-notice]').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});
