import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MISSING } from '../../web/i18n/index.js';
import { asStaff } from '../support/auth.js';
import { phoneContext, screen, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson } from '../support/http.js';
import { seriousAxeFindings, sidewaysOverflow } from '../support/screen-checks.js';
import { englishIn, rawIn } from '../support/screen-text.js';

// [S3.5] The nationwide contact list on screen: the service manager keeps it, the hotline finds the service point
// nearest a caller far away, and a customer reads it without signing in, in English and Chinese, numbers to tap.

const POINTS = [
  {
    name: 'Servicelane Wuhan East',
    region: 'Hubei',
    city: 'Wuhan',
    address: '88 Luoyu Road',
    phone: '+86 27 8765 4321',
    open24h: true,
    rescue: true,
  },
  { name: 'Servicelane Yichang', region: 'Hubei', city: 'Yichang', address: '1 Yiling Avenue', phone: '+86 717 666 7777' },
  {
    name: '服务站 广州天河',
    region: '广东省',
    city: '广州',
    address: '天河路 9 号',
    phone: '+86 20 8888 9999',
    open24h: true,
    rescue: false,
  },
];

const web = useBrowserStack({
  signIn: 'mgr-max',
  async seed({ app }) {
    const manager = asStaff(app, 'manager', 'mgr-max');
    for (const point of POINTS) expect((await postJson(manager, '/contact-list/points', point)).status).toBe(201);
  },
});

const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

describe('the contact list screen (staff)', () => {
  it('the hotline finds the nearest point from the call list; the manager adds, is told a wrong number, takes one off', async () => {
    const page = web.page;
    await page.goto(`${web.server.url}/app/calls?lang=en`);
    await Promise.all([page.waitForURL(/\/app\/contact-list/), page.click('a[data-contact-list-link]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Contact list');

    await page.fill('input[name="near"]', 'G4 expressway near Wuhan, Hubei');
    await Promise.all([page.waitForURL(/near=/), page.click('form[data-near-form] button[type="submit"]')]);
    const nearest = page.locator('[data-nearest] li.contact-point strong');
    await expect(nearest.allTextContents()).resolves.toEqual(['Servicelane Wuhan East', 'Servicelane Yichang']);
    const first = await textOf(page, '[data-nearest] li.contact-point >> nth=0');
    expect(first).toContain('24 h');
    expect(first).toContain('Roadside rescue');
    expect(first).toContain('Wuhan, Hubei');
    await expect(page.locator('[data-nearest] a[data-call]').first().getAttribute('href')).resolves.toBe('tel:+862787654321');

    const add = page.locator('form[data-point-new]');
    await add.locator('input[name="name"]').fill('Servicelane Changsha');
    await add.locator('input[name="region"]').fill('Hunan');
    await add.locator('input[name="city"]').fill('Changsha');
    await add.locator('input[name="address"]').fill('5 Yuelu Avenue');
    await add.locator('input[name="phone"]').fill('call us');
    await add.locator('input[name="open24h"]').check();
    await Promise.all([page.waitForLoadState('load'), add.locator('button[type="submit"]').click()]);
    const refusal = await textOf(page, '#add');
    expect(refusal).toContain('Phone');
    expect(refusal).not.toContain('expected a phone number');
    await expect(add.locator('input[name="name"]').inputValue()).resolves.toBe('Servicelane Changsha');
    await add.locator('input[name="phone"]').fill('+86 731 8888 6666');
    await Promise.all([page.waitForURL(/done=contact_added/), add.locator('button[type="submit"]').click()]);
    expect(await textOf(page, 'table[data-contact-table]')).toContain('Servicelane Changsha');

    const yichang = page.locator('tr', { hasText: 'Servicelane Yichang' });
    await Promise.all([page.waitForURL(/done=contact_saved/), yichang.locator('button[value="off"]').click()]);
    await expect(page.locator('tr', { hasText: 'Servicelane Yichang' }).locator('.badge').first().textContent()).resolves.toBe(
      'Off the list',
    );
    expect(await rawIn(page)).toEqual([]);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screen(page, 'contact-list-en');
  });

  it('speaks Chinese to a Chinese manager, nothing raw', async () => {
    const page = web.page;
    await page.goto(`${web.server.url}/app/contact-list?lang=zh-CN&near=${encodeURIComponent('广东省广州市天河区')}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('全国联络表');
    await expect(page.locator('[data-nearest] li.contact-point strong').allTextContents()).resolves.toEqual(['服务站 广州天河']);
    expect(await textOf(page, '[data-nearest]')).toContain('24小时');
    expect(await englishIn(page)).toEqual([]);
    expect(await rawIn(page)).toEqual([]);
    // On a phone too, with every change form open, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
    expect(await sidewaysOverflow(page)).toBe(0);
    await screen(page, 'contact-list-zh-CN');
    expect(web.errors).toEqual([]);
  });
});

describe('the public contact list', () => {
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    page = await (await phoneContext(web.browser)).newPage();
    errors = watchForErrors(page);
  });

  it('lists the points by region and city without signing in, numbers to tap, 24-hour ones marked', async () => {
    const res = await page.goto(`${web.server.url}/app/contacts?lang=en`);
    expect(res?.status()).toBe(200);
    expect(page.url()).toContain('/app/contacts');
    await expect(page.locator('h1').textContent()).resolves.toBe('Our service points nationwide');
    const regions = await page.locator('section[data-region] > h2').allTextContents();
    expect(regions).toEqual(['Hubei', 'Hunan', '广东省']);
    // Taken off the list by the manager above: not shown to customers.
    expect(await textOf(page, 'body')).not.toContain('Yichang');
    const wuhan = page.locator('section[data-region="Hubei"] [data-city="Wuhan"]');
    await expect(wuhan.locator('h3').textContent()).resolves.toBe('Wuhan');
    await expect(wuhan.locator('a[data-call]').getAttribute('href')).resolves.toBe('tel:+862787654321');
    await expect(wuhan.locator('.badge').allTextContents()).resolves.toEqual(['24 h', 'Roadside rescue']);
    await page.fill('input[name="near"]', 'Changsha');
    await Promise.all([page.waitForURL(/near=Changsha/), page.click('form[data-near-form] button[type="submit"]')]);
    await expect(page.locator('[data-nearest] strong').allTextContents()).resolves.toEqual(['Servicelane Changsha']);
    await page.fill('input[name="near"]', 'Lhasa');
    await Promise.all([page.waitForURL(/near=Lhasa/), page.click('form[data-near-form] button[type="submit"]')]);
    expect(await textOf(page, '[data-near-form] ~ .empty, .card .empty')).toContain('No service point is listed in “Lhasa”');
    const body = await textOf(page, 'body');
    expect(body).not.toContain(MISSING);
    expect(await rawIn(page)).toEqual([]);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screen(page, 'contacts-01-en');
  });

  it('speaks Chinese to a Chinese reader, and the price list leads to it', async () => {
    await page.goto(`${web.server.url}/app/prices?lang=zh-CN`);
    await Promise.all([page.waitForURL(/\/app\/contacts/), page.click('a[data-contacts-link]')]);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('全国服务网点');
    await expect(page.locator('[data-city="广州"] .badge').allTextContents()).resolves.toEqual(['24小时']);
    await expect(page.getByRole('heading', { level: 2, name: '全部服务网点（按地区）' }).count()).resolves.toBe(1);
    expect(await englishIn(page)).toEqual([]);
    expect(await rawIn(page)).toEqual([]);
    expect(await sidewaysOverflow(page)).toBe(0);
    await screen(page, 'contacts-02-zh-CN');
    expect(errors).toEqual([]);
  });
});
