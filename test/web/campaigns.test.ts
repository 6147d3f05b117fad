import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/local-time.js';
import { asStaff } from '../support/auth.js';
import { screen } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { patchJson, postJson } from '../support/http.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { bookVisit, receiveAndDiagnose, stateOf, walkIn, withContact } from '../support/visits.js';

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
    const { page, server, stack } = web;
    await page.goto(`${server.url}/app/campaigns?lang=en`);
    const row = page.locator('[data-campaign="RC-24-017"]');
    await expect(row.textContent()).resolves.toContain('The passenger airbag inflator may rupture');
    await expect(row.locator('[data-completion]').textContent()).resolves.toBe('0%');
    await expect(row.textContent()).resolves.toContain('2 vehicles by VIN');
    await screen(page, 'campaigns-en');

    await page.goto(`${server.url}/app/visits/${atReception}`);
    await expect(page.locator('[data-open-campaign="RC-24-017"]').textContent()).resolves.toContain('free of charge');
    // The board of the booking's own day in the browser's zone (Berlin): five hours after the seed it may already be
    // tomorrow, and a day worked out from the clock now rather than from the booking differs from it near midnight.
    const { appointmentAt } = await stateOf(stack, booked);
    const day = localDate(Date.parse(appointmentAt ?? ''), 'Europe/Berlin');
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

  it('an estimate refused because the recall work left the catalogue names the campaign and the work, in Chinese too', async () => {
    const { page, server, stack } = web;
    // Taken off offer after the import: the estimate cannot price the recall line it must carry.
    const manager = asStaff(web.app, 'manager', 'mgr-eva');
    expect((await patchJson(manager, '/catalogue/labour-operations/RC-AIRBAG', { active: false })).status).toBe(200);
    await receiveAndDiagnose(stack, atReception);
    for (const [lang, words] of [
      ['en', 'The recall campaign RC-24-017 needs RC-AIRBAG, which the catalogue no longer offers'],
      ['zh-CN', '召回活动 RC-24-017 需要的 RC-AIRBAG 已不在价目表中提供'],
    ] as const) {
      // The header's switch, as the manager would: the form's answer comes in the language she chose.
      await page.goto(`${server.url}/app/visits/${atReception}`);
      if ((await page.locator('html').getAttribute('lang')) !== lang)
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/app/language') && r.status() === 303),
          page.locator('select[name="language"]').selectOption(lang),
        ]);
      await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe(lang);
      const details = page.locator('details#action-submit_estimate');
      if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
      const form = page.locator('form[data-action="submit_estimate"]');
      await form.locator('[name="lines.0.description"]').fill('Annual service');
      await form.locator('[name="lines.0.quantity"]').fill('1');
      await form.locator('[name="lines.0.unitPriceCents"]').fill('90.00');
      await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').first().click()]);
      await page.waitForLoadState('load');
      await expect(page.locator('form[data-action="submit_estimate"] [role=alert]').textContent()).resolves.toContain(words);
      expect(await rawIn(page)).toEqual([]);
    }
    expect((await stateOf(stack, atReception)).stage).toBe('diagnosis');
  });
});
