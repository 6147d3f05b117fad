import { describe, expect, it } from 'vitest';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seedPriceList } from '../support/catalogue.js';
import { newVisitBody, walkIn } from '../support/visits.js';

// A service booked from the price list is recorded in the catalogue's English (api/booking.ts `requestedWork`):
// the advisor reading the visit in Chinese read "12-month service"; the reception card now words it from the price
// list in the reader's language, and what the customer wrote as they wrote it.

let visitId: string;
const web = useBrowserStack({
  page: false,
  async seed({ stack, app }) {
    await seedPriceList(app);
    const body = { ...newVisitBody(), requestedServices: ['12-month service', 'Oil change', '左后轮有异响'] };
    visitId = await walkIn(stack, { body });
  },
});

describe('the requests on the visit page', () => {
  for (const [lang, shown, hidden] of [
    ['zh-CN', ['12 个月保养', '更换机油', '左后轮有异响'], ['12-month service', 'Oil change']],
    ['en', ['12-month service', 'Oil change', '左后轮有异响'], ['12 个月保养', '更换机油']],
  ] as const) {
    it(`words the services booked from the price list in the advisor's language (${lang})`, async () => {
      const context = await staffContext(web.browser);
      await context.addCookies([{ name: 'sl_lang', value: lang, url: `${web.server.url}/app` }]);
      const page = await context.newPage();
      try {
        await signIn(page, web.server.url, 'adv-lena');
        expect((await page.goto(`${web.server.url}/app/visits/${visitId}`))?.status()).toBe(200);
        // What the page says, not what a form holds to send back as recorded (the reception form's requests).
        const said = await page.locator('main').evaluate((main) => {
          const copy = main.cloneNode(true) as typeof main;
          for (const field of copy.querySelectorAll('textarea, input, option')) field.remove();
          return copy.textContent ?? '';
        });
        const main = said.replace(/\s+/g, ' ');
        for (const words of shown) expect(main).toContain(words);
        for (const words of hidden) expect(main).not.toContain(words);
        for (const code of ['SVC-12M', 'OIL-CHANGE']) expect(main).not.toContain(code);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
