import { describe, it } from 'vitest';
import { drawSignature } from '../support/browser.js';
import { seededTour, send } from '../support/screen-seed.js';
import { at, inLanguageLink, type Screen, tourScreens } from '../support/screen-tour.js';

// Issue 17: the desk's and the manager's screens, the customer's approval page and the public price list, in
// English and Chinese, at 1366×768, a tablet both ways and a phone (test/support/screen-tour.ts checks each one).
// The visit's screens are in screens-visits.test.ts.

const shop = seededTour();
const link = (name: string) => shop.seeded.links[name] ?? '';

/** The customer signs every line on the link in the page's language; the answer is the thank-you page. */
const signed: Screen = {
  name: 'approval-signed',
  as: 'customer',
  async open(page, base, lang) {
    await page.goto(`${base}${inLanguageLink(link(`sign-${lang}`), lang)}`);
    for (const input of await page.locator('input[type=radio][value=approve]').all()) await input.check();
    await drawSignature(page, 'canvas.signature-pad');
    const response = await send(page, page.locator('[data-send-decision]'));
    await page.waitForSelector('[data-confirmation]');
    return response;
  },
};

describe('the desk, the workshop, the manager and the customer in English and Chinese at four sizes', () => {
  it('call list, workshop, technicians, staff, customer file, timeline, KPIs, complaints, error pages', {
    timeout: 1_800_000,
  }, async () => {
    const { v, customerId, complaintId } = shop.seeded;
    await tourScreens(shop.tour, [
      at('calls', 'advisor', () => '/app/calls'),
      at('workshop', 'foreman', () => '/app/workshop', { openAll: true }),
      at('technicians', 'foreman', () => '/app/technicians'),
      at('staff', 'admin', () => '/app/staff'),
      at('customer', 'advisor', () => `/app/customers/${customerId}`),
      at('customer-edit', 'advisor', () => `/app/customers/${customerId}`, { openAll: true }),
      at('timeline', 'manager', () => `/app/visits/${v.followUp}/timeline`),
      at('kpis', 'manager', () => '/app/kpis'),
      at('complaints', 'advisor', () => '/app/complaints'),
      at('complaint', 'advisor', () => `/app/complaints/${complaintId}`, { openAll: true }),
      at('complaint-new', 'advisor', () => '/app/complaints/new'),
      at('prices', 'customer', (lang) => `/app/prices?lang=${lang}`),
      at('calendar', 'manager', () => '/app/calendar'),
      at('not-found', 'advisor', () => '/app/no-such-screen', { status: 404 }),
      at('not-allowed', 'advisor', () => '/app/staff', { status: 403 }),
    ]);
  });

  it("the customer's approval page: open, signed, superseded", { timeout: 600_000 }, async () => {
    await tourScreens(shop.tour, [
      at('approval-open', 'customer', (lang) => inLanguageLink(link('open'), lang)),
      signed,
      at('approval-superseded', 'customer', (lang) => inLanguageLink(link('superseded'), lang), { status: 410 }),
    ]);
  });
});
