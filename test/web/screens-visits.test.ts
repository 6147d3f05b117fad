import { describe, expect, it } from 'vitest';
import { seededTour, send } from '../support/screen-seed.js';
import { at, type Screen, tourScreens } from '../support/screen-tour.js';

// Issue 17: the screens of the visit, in English and Chinese, at 1366×768, a tablet both ways and a phone
// (test/support/screen-tour.ts checks each one): sign-in, the board, the visits list, the visit at every stage of
// the loop with every action form the stage offers open, two refused forms and the printed papers. The other
// screens are in screens-desk.test.ts.

const shop = seededTour();
const v = (stage: string) => shop.seeded.v[stage] ?? '';
const visit = (stage: string, as: Screen['as']) => at(`visit-${stage}`, as, () => `/app/visits/${v(stage)}`, { openAll: true });

/** A booking sent empty: the board again, each field saying what to do. */
const bookingErrors: Screen = {
  name: 'board-errors',
  as: 'advisor',
  status: 400,
  async open(page, base) {
    await page.goto(`${base}/app/board`);
    await page.evaluate('document.getElementById("book").open = true');
    const response = await send(page, page.locator('#book button[value="appointment"]'));
    // Drawn again on the board's own address, not the post's.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/board');
    return response;
  },
};

/** The car received without its covers fitted: the visit again with the form's errors. */
const actionErrors: Screen = {
  name: 'visit-action-errors',
  as: 'advisor',
  status: 400,
  async open(page, base) {
    await page.goto(`${base}/app/visits/${v('reception')}`);
    const form = page.locator('form[data-action="arrive"]');
    await page.evaluate('document.getElementById("action-arrive").open = true');
    if (await form.locator('[name=coversFitted]').isChecked()) await form.locator('[name=coversFitted]').uncheck();
    const response = await send(page, form.locator('button[type=submit]').first());
    // The address bar shows the visit; the post address, reopened, leads there too.
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/app/visits/${v('reception')}`);
    const reopened = await page.request.get(`${base}/app/visits/${v('reception')}/actions/arrive`, { maxRedirects: 0 });
    expect([reopened.status(), reopened.headers().location]).toEqual([303, `/app/visits/${v('reception')}`]);
    return response;
  },
};

describe('the visit screens in English and Chinese at four sizes', () => {
  it('sign-in, board, visits, the visit at every stage, refused forms, papers', { timeout: 1_800_000 }, async () => {
    await tourScreens(shop.tour, [
      at('login', 'customer', () => '/app/login'),
      at('board', 'advisor', () => '/app/board'),
      bookingErrors,
      at('visits', 'advisor', () => '/app/visits'),
      at('visits-search', 'advisor', () => `/app/visits?q=${encodeURIComponent(shop.seeded.plate)}`),
      visit('booked', 'advisor'),
      visit('reception', 'advisor'),
      actionErrors,
      visit('diagnosis', 'technician'),
      visit('estimate', 'advisor'),
      visit('approval', 'advisor'),
      visit('dispatch', 'foreman'),
      visit('repair', 'technician'),
      visit('qc', 'qc'),
      visit('qcFailed', 'technician'),
      visit('delivery', 'advisor'),
      visit('followUp', 'advisor'),
      visit('archived', 'advisor'),
      ...['inspection', 'diagnosis', 'estimate', 'qc', 'invoice'].map((kind) =>
        at(`paper-${kind}`, 'advisor', () => `/app/visits/${v('followUp')}/documents/${kind}`),
      ),
    ]);
  });
});
