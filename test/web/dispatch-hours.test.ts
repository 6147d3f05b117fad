import { describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson } from '../support/http.js';
import { receiveAndEstimate, signature, walkIn } from '../support/visits.js';

// A job waiting for dispatch says the labour the customer approved as it was billed, to the hundredth: a quarter
// hour is 0.25 h on the foreman's board as on the estimate (it said 0.3 h).

let visitId: string;
const web = useBrowserStack({
  page: false,
  async seed({ stack }) {
    visitId = await walkIn(stack);
    const estimated = await receiveAndEstimate(stack, visitId, [
      { kind: 'labour', description: 'Fit wiper blades', quantity: 0.25, unitPriceCents: 9_000, requiredSkill: 1 },
    ]);
    const res = await postJson(asStaff(stack.app, 'advisor', 'adv-lena'), `/visits/${visitId}/actions/decide`, {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    if (res.status !== 200) throw new Error(`decide answered ${res.status}: ${await res.text()}`);
  },
});

describe('billed hours on the workshop board', () => {
  for (const [lang, unit] of [
    ['en', 'h'],
    ['zh-CN', '小时'],
  ] as const) {
    it(`shows a quarter-hour job as 0.25 ${unit} to the foreman (${lang})`, async () => {
      const context = await staffContext(web.browser);
      await context.addCookies([{ name: 'sl_lang', value: lang, url: `${web.server.url}/app` }]);
      const page = await context.newPage();
      try {
        await signIn(page, web.server.url, 'fm-jo');
        expect((await page.goto(`${web.server.url}/app/workshop`))?.status()).toBe(200);
        const job = ((await page.locator(`article.job[data-visit="${visitId}"]`).textContent()) ?? '').replace(/\s+/g, ' ');
        expect(job).toContain(`0.25 ${unit}`);
        expect(job).not.toContain(`0.3 ${unit}`);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
