import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MISSING } from '../../web/i18n/index.js';
import { phoneContext, screen, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seedPriceList } from '../support/catalogue.js';

// Issue 18: the published price list [S3.2] on a customer's phone, no login, in English and in Chinese.

const web = useBrowserStack({ seed: ({ app }) => seedPriceList(app), page: false });
let page: Page;
let errors: string[];

beforeAll(async () => {
  page = await (await phoneContext(web.browser)).newPage();
  errors = watchForErrors(page);
});

const textOf = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

describe('the public price list', () => {
  it('shows packages with their total, labour and parts in English, without signing in', async () => {
    const res = await page.goto(`${web.server.url}/app/prices?lang=en`);
    expect(res?.status()).toBe(200);
    expect(page.url()).toContain('/app/prices');
    await expect(page.locator('h1').textContent()).resolves.toBe('Price list');
    const pkg = await textOf('[data-package="SVC-12M"]');
    expect(pkg).toContain('For VW Golf');
    expect(pkg).toContain('Oil change');
    expect(pkg).toContain('1.5 h');
    expect(pkg).toContain('€135.00');
    expect(pkg).toContain('× 2');
    expect(pkg).toContain('€25.00');
    // Net, the tax named with its rate, and the total, as the estimate will show them.
    await expect(page.locator('[data-package="SVC-12M"] [data-net]').textContent()).resolves.toBe('€160.00');
    await expect(page.locator('[data-package="SVC-12M"] [data-total]').textContent()).resolves.toMatch(/^€\d+\.\d\d$/);
    expect(await textOf('[data-price-section="labour"]')).toContain('Oil change');
    expect(await textOf('[data-price-section="parts"]')).toContain('€12.50');
    const body = await textOf('body');
    expect(body).toContain('Our published prices');
    // People see words and money, never the catalogue's codes.
    for (const raw of [MISSING, 'SVC-12M', 'OIL-CHANGE', 'FILTER-OIL', 'labour_operation', '1250'])
      expect(body).not.toContain(raw);
    await screen(page, 'prices-01-en');
  });

  it('speaks Chinese to a Chinese reader, with the same prices', async () => {
    await page.goto(`${web.server.url}/app/prices?lang=zh-CN`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('价目表');
    const pkg = await textOf('[data-package="SVC-12M"]');
    expect(pkg).toContain('适用车型：VW Golf');
    expect(pkg).toContain('更换机油');
    expect(pkg).toContain('机油滤清器');
    expect(pkg).toContain('€135.00');
    await expect(page.getByRole('heading', { level: 2, name: '保养套餐' }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 3, name: '12 个月保养' }).count()).resolves.toBe(1);
    expect(await textOf('[data-price-section="parts"]')).toContain('单价');
    const body = await textOf('body');
    expect(body).toContain('本店公开价格');
    expect(await textOf('[data-package="SVC-12M"]')).toContain('增值税');
    expect(body).not.toContain(MISSING);
    expect(body).not.toContain('Oil change');
    await screen(page, 'prices-02-zh-CN');
    expect(errors).toEqual([]);
  });
});
