import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/local-time.js';
import { asStaff } from '../support/auth.js';
import { screen } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson } from '../support/http.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { bookVisit, walkIn, withContact } from '../support/visits.js';

// Issue 18: recall campaigns on the screens [S1.5] — the campaign list with its completion, and the open recall
// flagged on the visit page and on the appointment board, in English and in Chinese.

const HOUR = 3_600_000;
let atReception: string;
let booked: string;

const web = useBrowserStack({
  signIn: 'mgr-max',
  async seed({ app, stack }) {
    const manager = asStaff(app, 'manager', 'mgr-eva');
    const op = {
      code: 'RC-AIRBAG',
      description: 'Replace airbag inflator',
      flatRateHours: 1,
      hourlyRateCents: 10_000,
      skillLevel: 2,
    };
    expect((await postJson(manager, '/catalogue/labour-operations', op)).status).toBe(201);
    const first = withContact({ preferredChannel: 'sms' });
    const second = withContact({ preferredChannel: 'sms' });
    atReception = await walkIn(stack, { body: first });
    booked = await bookVisit(stack, { inMs: 5 * HOUR, body: second });
    const res = await postJson(manager, '/campaigns', {
      code: 'RC-24-017',
      description: 'The passenger airbag inflator may rupture',
      translations: { 'zh-CN': '副驾驶安全气囊气体发生器可能破裂' },
      labourCode: op.code,
      vins: [first.vehicle.vin, second.vehicle.vin],
    });
    expect(res.status).toBe(201);
  },
});

describe('the recall screens', () => {
  it('lists the campaign with its completion, and flags it on the visit page and the appointment board', async () => {
    const { page, server } = web;
    await page.goto(`${server.url}/app/campaigns?lang=en`);
    const row = page.locator('[data-campaign="RC-24-017"]');
    await expect(row.textContent()).resolves.toContain('The passenger airbag inflator may rupture');
    await expect(row.locator('[data-completion]').textContent()).resolves.toBe('0%');
    await expect(row.textContent()).resolves.toContain('2 vehicles by VIN');
    await screen(page, 'campaigns-en');

    await page.goto(`${server.url}/app/visits/${atReception}`);
    await expect(page.locator('[data-open-campaign="RC-24-017"]').textContent()).resolves.toContain('free of charge');
    // The board shows the browser's day (Berlin), which five hours from now may already be tomorrow.
    const day = localDate(Date.now() + 5 * HOUR, 'Europe/Berlin');
    await page.goto(`${server.url}/app/board?date=${day}`);
    await expect(page.locator(`tr[data-visit="${booked}"] .badge-red`).first().textContent()).resolves.toBe('Recall');
  });

  it('speaks Chinese, without English or raw values', async () => {
    const { page, server } = web;
    await page.goto(`${server.url}/app/campaigns?lang=zh-CN`);
    await expect(page.locator('h1').textContent()).resolves.toBe('召回服务活动');
    await expect(page.locator('[data-campaign="RC-24-017"]').textContent()).resolves.toContain(
      '副驾驶安全气囊气体发生器可能破裂',
    );
    expect(await englishIn(page)).toEqual([]);
    expect(await rawIn(page)).toEqual([]);
    await screen(page, 'campaigns-zh-CN');
  });
});
