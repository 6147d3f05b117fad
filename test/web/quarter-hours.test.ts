import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { phoneContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { OIL_CHANGE } from '../support/catalogue.js';
import { postJson } from '../support/http.js';

// Labour is billed in hundredths of an hour (domain/money-rules.ts): the published price list says a quarter hour as
// 0.25 h and 1.25 h as such, in English and Chinese. It rounded both to tenths ("0.3 h", "1.3 h"), which is not
// the time the customer pays for.

const web = useBrowserStack({
  page: false,
  async seed({ app }) {
    const manager = asStaff(app, 'manager', 'mgr-eva');
    for (const [code, flatRateHours, description] of [
      ['WIPER-FIT', 0.25, 'Fit wiper blades'],
      ['BRAKE-CHECK', 1.25, 'Brake check'],
    ] as const) {
      const res = await postJson(manager, '/catalogue/labour-operations', {
        ...OIL_CHANGE,
        code,
        description,
        translations: {},
        flatRateHours,
      });
      if (res.status !== 201) throw new Error(`${code} answered ${res.status}: ${await res.text()}`);
    }
  },
});
let page: Page;
let errors: string[];

beforeAll(async () => {
  page = await (await phoneContext(web.browser)).newPage();
  errors = watchForErrors(page);
});

describe('billed hours on the price list', () => {
  for (const [lang, unit] of [
    ['en', 'h'],
    ['zh-CN', '小时'],
  ] as const) {
    it(`says 0.25 and 1.25 hours as billed (${lang})`, async () => {
      expect((await page.goto(`${web.server.url}/app/prices?lang=${lang}`))?.status()).toBe(200);
      const labour = ((await page.locator('[data-price-section="labour"]').textContent()) ?? '').replace(/\s+/g, ' ');
      expect(labour).toContain(`0.25 ${unit}`);
      expect(labour).toContain(`1.25 ${unit}`);
      expect(labour).not.toContain(`0.3 ${unit}`);
      expect(labour).not.toContain(`1.3 ${unit}`);
      expect(errors).toEqual([]);
    });
  }
});
