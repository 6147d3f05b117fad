import { describe, expect, it } from 'vitest';
import { staffToken } from '../support/auth.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { bookVisit, stateOf } from '../support/visits.js';

// A staff session that ends while a form is open (the token's time is up, the cookie with it): the form sent then
// is not recorded, and the person is told so in plain words on the sign-in page, then brought back to the visit.

const web = useBrowserStack({ page: false });

describe('a session that ends mid-form', () => {
  it('says on the sign-in page that what was sent was not recorded, in both languages, and leads back to the visit', async () => {
    for (const [lang, said] of [
      ['en', 'Your session ended before what you sent could be recorded: nothing was saved.'],
      ['zh-CN', '登录已过期，您刚才提交的内容未能记录，没有保存任何内容。'],
    ] as const) {
      const visitId = await bookVisit(web.stack, { inMs: 3_600_000 });
      const context = await staffContext(web.browser, { width: 375, height: 812 });
      await context.addCookies([{ name: 'sl_lang', value: lang, url: `${web.server.url}/app` }]);
      const page = await context.newPage();
      await signIn(page, web.server.url, 'adv-lena');
      await page.goto(`${web.server.url}/app/visits/${visitId}`);
      const arrive = page.locator('form[data-action=arrive]');
      await arrive.locator('[name=mileage]').fill('41250');
      await arrive.locator('[name=coversFitted]').check();
      // The session's cookie expires with its token while the advisor is at the car.
      const cookies = await context.cookies();
      await context.clearCookies();
      await context.addCookies(cookies.filter((c) => c.name !== 'sl_session'));
      await Promise.all([page.waitForURL(/\/app\/login/), arrive.locator('button[type=submit]').click()]);
      // It used to be a plain sign-in page: nothing said the arrival had not been recorded.
      await expect(page.locator('.alert[role=status]').textContent()).resolves.toContain(said);
      await page.click('button[data-staff="adv-lena"]');
      await page.waitForURL(new RegExp(`/app/visits/${visitId}$`));
      await expect(page.locator('form[data-action=arrive]').count()).resolves.toBe(1);
      expect((await stateOf(web.stack, visitId)).stage).toBe('booked');
      await context.close();
    }
  });

  it('a session the API no longer takes brings the page back as it was asked for once signed in again', async () => {
    // A token this server did not sign (another installation's, or a secret changed since): the API refuses it.
    const token = await staffToken('advisor', 'adv-lena');
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    const res = await fetch(`${web.server.url}/app/board?date=2026-12-24`, {
      headers: { cookie: `sl_session=${forged}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    // It used to come back to today's board: the day the advisor was looking at was lost.
    expect(new URL(res.headers.get('location') ?? '', web.server.url).searchParams.get('next')).toBe(
      '/app/board?date=2026-12-24',
    );
  });
});
