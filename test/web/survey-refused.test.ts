import { describe, expect, it } from 'vitest';
import { phoneContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { rawIn } from '../support/screen-text.js';
import { pickedUp } from '../support/survey.js';

// [S4] A survey refused for its comment (longer than the API takes, sent by a page without the field's limit) says
// so at the top of the form in plain words, not "answer every question" to a customer who answered them all.

const web = useBrowserStack({ publicUrl: true, technicians: true, page: false });

describe('the survey refused', () => {
  it('names the comment at the top of the form when every question is answered', { timeout: 240_000 }, async () => {
    const { link } = await pickedUp(web.stack);
    const token = new URL(link).searchParams.get('token') as string;
    const context = await phoneContext(web.browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    for (const [lang, words] of [
      ['en', 'Your comment is too long to send.'],
      ['zh-CN', '您的留言太长'],
    ] as [string, string][]) {
      await page.goto(`${web.server.url}/app/survey?token=${encodeURIComponent(token)}&lang=${lang}`);
      for (const q of ['overall', 'explanation', 'onTime', 'carReady', 'recommend'])
        await page.locator(`[data-question="${q}"] label.star`).nth(3).click();
      await page.locator('textarea[name="comment"]').evaluate((e) => e.removeAttribute('maxlength'));
      await page.locator('textarea[name="comment"]').fill('Too long. '.repeat(300));
      await Promise.all([page.waitForLoadState('load'), page.locator('form[data-survey] button[type="submit"]').click()]);
      await expect(page.locator('form[data-survey] > .alert-error').textContent()).resolves.toContain(words);
      expect(await rawIn(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
