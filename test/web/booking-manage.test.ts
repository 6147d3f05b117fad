import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { signBookingLink } from '../../runtime/booking-links.js';
import { phoneContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seedPriceList, setBookingCapacity } from '../support/catalogue.js';
import { postJson, readJson } from '../support/http.js';
import { rawIn } from '../support/screen-text.js';
import { act } from '../support/visits.js';

// [S1.1] The booking's own page on the customer's phone: a refused cancellation keeps what they wrote, a booking
// too late to change online names the shop's number to call, and a cancelled one offers to book again.

const DAY = 86_400_000;
const day = new Date(Date.now() + 4 * DAY).toISOString().slice(0, 10);
const SHOP_PHONE = '+49 89 1234 5678';
const settings = {
  ...devSettings(),
  temporalCallTimeoutMs: 60_000,
  customerRateLimit: { limit: 10_000, windowMs: 60_000 },
  shop: { ...devSettings().shop, phone: SHOP_PHONE },
};

const web = useBrowserStack({
  publicUrl: true,
  page: false,
  app: (stack) => createApp({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue }, settings),
  seed: async ({ app }) => {
    await seedPriceList(app);
    await setBookingCapacity(app, 2);
  },
});

let page: Page;
let errors: string[];
beforeAll(async () => {
  page = await (await phoneContext(web.browser)).newPage();
  errors = watchForErrors(page);
});

/** A booking made on the public page's API, and its link's page in the language asked for. */
async function book(n: number, time: string) {
  const res = await postJson(web.app, '/booking', {
    services: [{ kind: 'package', code: 'SVC-12M' }],
    slot: new Date(`${day}T${time}:00Z`).toISOString(),
    customer: { name: `Rita Sousa ${n}`, phone: `+351 21 555 00${n}0` },
    vehicle: { vin: `WVWZZZ1JZXW00${n}777`, plate: `RS-${n}0-PT`, model: 'VW Golf' },
  });
  const body = await readJson(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  const { visitId } = body;
  const { token } = await signBookingLink(visitId, settings.approvalLinkKey);
  return {
    visitId,
    page: (lang: string) => `${web.server.url}/app/booking/manage?token=${encodeURIComponent(token)}&lang=${lang}`,
  };
}

describe("the booking's own page", () => {
  it('keeps the reason typed when the cancellation is refused, then offers to book again once cancelled', {
    timeout: 120_000,
  }, async () => {
    const booking = await book(1, '08:00');
    for (const [lang, again] of <[string, string][]>[
      ['en', 'Book again'],
      ['zh-CN', '重新预约'],
    ]) {
      await page.goto(booking.page(lang));
      if (lang === 'en') {
        // Too long a reason (the API takes 1,000 characters): refused, and what the customer wrote is still there.
        const long = `My plans changed. ${'x'.repeat(1_000)}`;
        await page.fill('[data-cancel-form] textarea[name="reason"]', long);
        await Promise.all([page.waitForLoadState('load'), page.click('[data-cancel]')]);
        await expect(
          page.locator('[data-cancel-form] .alert-error, [data-cancel-form] [role=alert]').count(),
        ).resolves.toBeGreaterThan(0);
        await expect(page.locator('[data-cancel-form] textarea[name="reason"]').inputValue()).resolves.toBe(long);
        expect(await rawIn(page)).toEqual([]);
        await page.fill('[data-cancel-form] textarea[name="reason"]', 'My plans changed.');
        await Promise.all([page.waitForLoadState('load'), page.click('[data-cancel]')]);
        await expect(page.locator('[data-done="cancelled"]').count()).resolves.toBe(1);
      }
      // Cancelled: a button to a fresh booking of the same service, on the booking page in the same language.
      await expect(page.locator('[data-book-again]').textContent()).resolves.toBe(again);
      await Promise.all([page.waitForLoadState('load'), page.click('[data-book-again]')]);
      const url = new URL(page.url());
      expect(url.pathname).toBe('/app/booking');
      expect(url.searchParams.get('lang')).toBe(lang);
      expect(url.searchParams.get('service.package:SVC-12M')).toBe('true');
      await expect(page.locator('[name="customer.name"]').count()).resolves.toBe(1);
      expect(await rawIn(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  it("names the shop's number on a booking too late to change online", { timeout: 120_000 }, async () => {
    const booking = await book(2, '09:00');
    await act(web.stack, booking.visitId, 'arrive', { coversFitted: true, mileage: 41_000 });
    for (const [lang, words] of <[string, string][]>[
      ['en', `Please call us on ${SHOP_PHONE}.`],
      ['zh-CN', `请致电 ${SHOP_PHONE} 联系我们`],
    ]) {
      await page.goto(booking.page(lang));
      await expect(page.locator('[data-unchangeable]').textContent()).resolves.toContain(words);
      await expect(page.locator('[data-cancel-form], [data-move-form]').count()).resolves.toBe(0);
      expect(await rawIn(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  it('tells the customer when a day cannot be booked, for a date far out of range', { timeout: 60_000 }, async () => {
    for (const [lang, words] of <[string, string][]>[
      ['en', 'We cannot show times for that day.'],
      ['zh-CN', '无法显示该日期的可预约时间'],
    ]) {
      await page.goto(`${web.server.url}/app/booking?lang=${lang}&service.package:SVC-12M=true&date=2101-01-01`);
      await expect(page.locator('[data-day-refused]').textContent()).resolves.toContain(words);
      // In its place the page offers the first day the shop takes, with its times.
      await page.locator('[data-booking-form]').waitFor();
      expect(await rawIn(page)).toEqual([]);
    }
  });
});
