import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.js';
import { newVisitBody, receiveAndDiagnose, stateOf, walkIn } from '../support/visits.js';

// Issue 17: the estimate editor shows net, VAT and total of the lines as they are typed, in the shop's currency,
// computed in the page by the price rule itself (domain/money-rules.ts served as /app/static/money-rules.js);
// a line marked recommended is recorded so and shown on the visit page.

let visitId: string;

const web = useBrowserStack({
  publicUrl: true,
  async seed({ stack }) {
    // The visit's policy holds 19 % VAT (the test policy, as SHOP_TAX_RATE=19 would).
    visitId = await walkIn(stack, { body: { ...newVisitBody(), advisorId: 'adv-lena' } });
    await receiveAndDiagnose(stack, visitId);
  },
  signIn: 'adv-lena',
});

describe('the running total of the estimate editor', () => {
  it('adds net, VAT 19% and total as the lines are typed, and records a line marked recommended', async () => {
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    const details = web.page.locator('details#action-submit_estimate');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    const form = web.page.locator('form[data-action="submit_estimate"]');
    const running = form.locator('[data-running-total]');
    const shown = async () => ({
      net: await running.locator('[data-net]').textContent(),
      tax: await running.locator('[data-tax]').textContent(),
      total: await running.locator('[data-total]').textContent(),
    });
    await expect.poll(() => running.isVisible()).toBe(true);
    await expect(running.textContent()).resolves.toContain('VAT 19%');
    expect(await shown()).toEqual({ net: '€0.00', tax: '€0.00', total: '€0.00' });

    const line = async (i: number, kind: string, description: string, qty: string, price: string) => {
      await form.locator(`[name="lines.${i}.kind"]`).selectOption(kind);
      await form.locator(`[name="lines.${i}.description"]`).fill(description);
      await form.locator(`[name="lines.${i}.quantity"]`).fill(qty);
      await form.locator(`[name="lines.${i}.unitPriceCents"]`).fill(price);
    };
    await line(0, 'labour', 'Annual service', '1.5', '90.00');
    expect(await shown()).toEqual({ net: '€135.00', tax: '€25.65', total: '€160.65' });
    await line(1, 'part', 'Oil filter', '1', '12.50');
    await line(2, 'part', 'Wiper blades', '2', '18,00');
    // 183.50 net; 34.865 VAT rounded half up, as the invoice will.
    expect(await shown()).toEqual({ net: '€183.50', tax: '€34.87', total: '€218.37' });
    // A recall line is never charged; a quantity that is not a number yet counts for nothing.
    await form.locator('[name="lines.1.campaign"]').check();
    expect((await shown()).net).toBe('€171.00');
    await form.locator('[name="lines.1.campaign"]').uncheck();
    await form.locator('[name="lines.2.quantity"]').fill('two');
    expect((await shown()).net).toBe('€147.50');
    await form.locator('[name="lines.2.quantity"]').fill('2');

    await form.locator('[name="lines.2.recommended"]').selectOption('true');
    await form
      .locator('[name="promisedAt"]')
      .fill(new Date(Date.now() + 8 * 3_600_000 + 60 * 60_000 * 24).toISOString().slice(0, 16));
    await Promise.all([web.page.waitForLoadState('load'), form.locator('button[type=submit]').first().click()]);
    await expect
      .poll(async () => (await stateOf(web.stack, visitId)).lines.map((l) => [l.description, l.recommended]))
      .toEqual([
        ['Annual service', false],
        ['Oil filter', false],
        ['Wiper blades', true],
      ]);
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    await expect(web.page.locator('[data-line="Wiper blades"]').textContent()).resolves.toContain('Recommended');
    const waiting = await web.page.locator('tr[data-proposed]').textContent();
    for (const part of ['€183.50', 'VAT 19%', '€34.87', '€218.37']) expect(waiting).toContain(part);
    expect(web.errors).toEqual([]);
  });
});
