import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { screen, signIn } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { act, receiveAndEstimate, signature, walkIn } from '../support/visits.js';

// The foreman runs the workshop from the screens (issue 15): a shop with no technicians shows the job waiting
// and says why, a technician added on the technicians screen is proposed at once, and is dispatched to.

let waiting: string;
let diagnosing: string;

const web = useBrowserStack({
  app: (stack) => createApp({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue }),
  async seed({ stack }) {
    waiting = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, waiting);
    await act(stack, waiting, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    diagnosing = await walkIn(stack);
    await act(stack, diagnosing, 'arrive', { coversFitted: true, mileage: 52_000 });
    await act(stack, diagnosing, 'record_inspection', {
      damages: [],
      valuables: [],
      fuelLevel: 'half',
      mileage: 52_000,
      customerSignature: signature('Customer'),
    });
  },
});

describe('the technicians screen and the workshop board', () => {
  it('a foreman adds a technician with a shift, the board proposes them at once, and the job is dispatched', async () => {
    await signIn(web.page, web.server.url, 'fm-jo');
    await web.page.goto(`${web.server.url}/app/workshop`);
    const job = web.page.locator(`article.job[data-visit="${waiting}"]`);
    await expect(job.textContent()).resolves.toContain('No active technician has skill 2');
    await expect(job.locator('.place-reason').textContent()).resolves.toMatch(/waiting for an active technician with skill 2/);
    await expect(web.page.locator(`#diagnosis li[data-visit="${diagnosing}"]`).count()).resolves.toBe(1);

    await web.page.click('a[data-technicians]');
    expect(new URL(web.page.url()).pathname).toBe('/app/technicians');
    const add = web.page.locator('form[action="/app/technicians"]');
    await add.locator('input[name="id"]').fill('tech-nia');
    await add.locator('input[name="name"]').fill('Nia');
    await add.locator('select[name="skillLevel"]').selectOption('2');
    // A shift that ends before it starts is refused, naming the field, with what was typed kept.
    await add.locator('input[name="opensAt"]').fill('18:00');
    await add.locator('input[name="closesAt"]').fill('08:00');
    await add.locator('input[name="timeZone"]').fill('UTC');
    await Promise.all([web.page.waitForLoadState('load'), add.locator('button[type="submit"]').click()]);
    await expect(web.page.locator('.alert-error').textContent()).resolves.toContain('Closes at');
    await expect(add.locator('input[name="name"]').inputValue()).resolves.toBe('Nia');

    await add.locator('input[name="opensAt"]').fill('00:00');
    await add.locator('input[name="closesAt"]').fill('23:59');
    for (let d = 1; d <= 7; d++) await add.locator(`input[name="day${d}"]`).check();
    await Promise.all([web.page.waitForURL(/done=technician_added/), add.locator('button[type="submit"]').click()]);
    const row = web.page.locator('details[data-technician="tech-nia"]');
    await expect(row.textContent()).resolves.toMatch(/skill 2 · 00:00–23:59 Mon Tue Wed Thu Fri Sat Sun \(UTC\)/);
    await screen(web.page, 'technicians');

    // The board proposes the new technician for the waiting job at once; the foreman assigns.
    await web.page.goto(`${web.server.url}/app/workshop`);
    await expect(job.locator('[data-assign]').textContent()).resolves.toContain('Nia');
    await expect(web.page.locator('[data-technician="tech-nia"] li.proposed').count()).resolves.toBe(1);
    await Promise.all([web.page.waitForURL(/done=assigned/), job.locator('[data-assign]').click()]);
    await expect(web.page.locator('[data-technician="tech-nia"] li.assigned').count()).resolves.toBe(1);

    // Re-graded, then off the rota.
    await web.page.goto(`${web.server.url}/app/technicians`);
    await row.locator('summary').click();
    await row.locator('select[name="skillLevel"]').selectOption('3');
    await Promise.all([web.page.waitForURL(/done=technician_saved/), row.locator('button[value="save"]').click()]);
    await expect(row.textContent()).resolves.toContain('skill 3');
    await row.locator('summary').click();
    await Promise.all([web.page.waitForURL(/done=technician_saved/), row.locator('button[value="deactivate"]').click()]);
    await expect(row.textContent()).resolves.toContain('off the rota');
    expect(web.errors).toEqual([]);
  });

  it('is the foreman’s and the manager’s screen', async () => {
    const other = await web.context.newPage();
    await signIn(other, web.server.url, 'tech-omar');
    const res = await other.goto(`${web.server.url}/app/technicians`);
    expect(res?.status()).toBe(403);
    await other.close();
  });
});
