import { describe, expect, it } from 'vitest';
import type { StaffRole } from '../../domain/roles.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { bookVisit, newVisitBody } from '../support/visits.js';

// The visit search offers the phone number only to those who read customers' contact data (domain/roles.ts
// `readsCustomerContact`); the workshop typing a whole number is told in its language what to search by instead,
// never shown whose number it is.

let phone: string;
let name: string;
const web = useBrowserStack({
  page: false,
  async seed({ stack }) {
    const body = newVisitBody();
    phone = body.customer.phone;
    name = body.customer.name;
    await bookVisit(stack, { inMs: 3_600_000, body });
  },
});

const WALKS: { role: StaffRole; staffId: string; lang: 'en' | 'zh-CN'; placeholder: string; refusal?: string }[] = [
  { role: 'advisor', staffId: 'adv-lena', lang: 'en', placeholder: 'Plate, phone, name, RO…' },
  { role: 'advisor', staffId: 'adv-lena', lang: 'zh-CN', placeholder: '车牌、电话、姓名、工单号…' },
  {
    role: 'technician',
    staffId: 'tech-omar',
    lang: 'en',
    placeholder: 'Plate, name, RO…',
    refusal: "Customers' phone numbers are for the front desk",
  },
  { role: 'qc', staffId: 'qc-kim', lang: 'zh-CN', placeholder: '车牌、姓名、工单号…', refusal: '客户电话仅限前台查看' },
  { role: 'foreman', staffId: 'fm-jo', lang: 'en', placeholder: 'Plate, name, RO…', refusal: 'find the visit by its plate' },
];

describe("the visit search by a customer's phone number", () => {
  for (const walk of WALKS) {
    it(`${walk.role} (${walk.lang}): ${walk.refusal ? 'is not offered it, and is told so in words' : 'finds the visit by it'}`, async () => {
      const context = await staffContext(web.browser);
      await context.addCookies([{ name: 'sl_lang', value: walk.lang, url: `${web.server.url}/app` }]);
      const page = await context.newPage();
      try {
        await signIn(page, web.server.url, walk.staffId);
        const search = page.locator('header form.search input[name="q"]');
        await expect(search.getAttribute('placeholder')).resolves.toBe(walk.placeholder);
        await search.fill(phone);
        const [answer] = await Promise.all([page.waitForNavigation(), search.press('Enter')]);
        const shown = (await page.locator('main').textContent()) ?? '';
        if (walk.refusal) {
          expect(answer?.status()).toBe(403);
          await expect(page.locator('[data-error-message]').textContent()).resolves.toContain(walk.refusal);
          expect(shown).not.toContain(name);
        } else {
          expect(answer?.status()).toBe(200);
          expect(shown).toContain(name);
        }
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
