import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { createApp } from '../../api/app.js';
import { staff } from '../../db/schema.js';
import { asStaff } from '../support/auth.js';
import { DESKTOP, drawSignature, PHONE, phoneContext, screen, signIn, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { patchJson, postJson, readJson } from '../support/http.js';
import { englishIn, RAW, rawIn } from '../support/screen-text.js';
import { newVisitBody, outboxOf, receiveAndEstimate, walkIn } from '../support/visits.js';

// Issue 17: the screens in Simplified Chinese and English, chosen per staff member (header switch, kept on the
// staff record; the browser's Accept-Language for who has not chosen) and per customer (their file's language:
// the estimate message and the approval page). Every screen's text is scanned for what a person should never read.

let visitId: string;
let customerId: string;
let complaintId: string;

const web = useBrowserStack({
  publicUrl: true,
  technicians: true,
  app: (stack) => createApp({ database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue }),
  async seed({ stack, app }) {
    const body = newVisitBody();
    visitId = await walkIn(stack, {
      body: { ...body, customer: { ...body.customer, name: 'Wang Fang' }, advisorId: 'adv-lena' },
    });
    const [row] = await stack.database.db.query.visits.findMany({ where: (v, { eq }) => eq(v.id, visitId) });
    customerId = row?.customerId ?? '';
    // The advisor notes on the customer's file that she reads Chinese; the estimate goes out after that.
    const saved = await patchJson(asStaff(app, 'advisor', 'adv-lena'), `/customers/${customerId}`, { language: 'zh-CN' });
    expect(saved.status).toBe(200);
    await receiveAndEstimate(stack, visitId);
  },
  page: false,
});

/** Opens a screen, checks its language and that nothing raw shows, and keeps a screenshot. */
async function scan(page: Page, path: string, lang: string, name: string) {
  const res = await page.goto(`${web.server.url}${path}`);
  expect(res?.status(), path).toBe(200);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
  expect(await rawIn(page), `${lang} ${path}`).toEqual([]);
  if (lang === 'zh-CN') expect(await englishIn(page), `English left on ${path}`).toEqual([]);
  await screen(page, `lang-${lang}-${name}`);
}

describe('the customer in the language on their file', () => {
  it('gets the estimate message and the approval page in Chinese, errors included, whatever the phone says', async () => {
    let payload: Record<string, unknown> = {};
    await expect
      .poll(
        async () => {
          const sent = (await outboxOf(web.stack, visitId)).find((m) => m.template === 'estimate_ready');
          payload = (sent?.payload ?? {}) as Record<string, unknown>;
          return typeof payload.approvalUrl;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe('string');
    expect(payload.language).toBe('zh-CN');
    const link = String(payload.approvalUrl);
    expect(link).toContain('lang=zh-CN');
    const message = renderMessage('estimate_ready', payload);
    expect(message.subject).toBe('您的维修报价已出');
    expect(message.text).toMatch(/税前 €\d/);
    for (const [what, pattern] of RAW) expect(message.text.replace(link, ''), what).not.toMatch(pattern);

    // Her phone is set to British English: the file's language wins.
    const phone = await phoneContext(web.browser);
    const customer = await phone.newPage();
    const errors = watchForErrors(customer);
    await customer.goto(link);
    await expect(customer.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(customer.locator('h1').textContent()).resolves.toBe('您的维修报价');
    expect(await rawIn(customer)).toEqual([]);
    await screen(customer, 'lang-zh-CN-approval');

    // Sent without a decision or a signature: told in Chinese what to do, focus on the first problem.
    await Promise.all([customer.waitForLoadState('load'), customer.click('[data-send-decision]')]);
    await expect(customer.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(customer.locator('.alert-error').textContent()).resolves.toContain('请至少同意或拒绝一个项目');
    expect(await rawIn(customer)).toEqual([]);
    await expect
      .poll(() =>
        customer.evaluate('document.activeElement && document.activeElement.matches(".alert-error, [aria-invalid=true]")'),
      )
      .toBe(true);
    await screen(customer, 'lang-zh-CN-approval-error');

    for (const input of await customer.locator('input[type=radio][value=approve]').all()) await input.check();
    await drawSignature(customer, 'canvas.signature-pad');
    await customer.click('[data-send-decision]');
    await customer.waitForSelector('[data-confirmation]');
    await expect(customer.locator('[data-confirmation]').textContent()).resolves.toBe('谢谢您，Wang Fang');
    expect(await rawIn(customer)).toEqual([]);
    await screen(customer, 'lang-zh-CN-approval-done');
    expect(errors).toEqual([]);
    await phone.close();
  });
});

describe('staff in the language they choose', () => {
  const screens = (id: string) => [
    ['/app/board', 'board'],
    ['/app/visits', 'visits'],
    [`/app/visits/${id}`, 'visit'],
    ['/app/calls', 'calls'],
    ['/app/workshop', 'workshop'],
    [`/app/customers/${customerId}`, 'customer'],
    ['/app/complaints', 'complaints'],
    [`/app/complaints/${complaintId}`, 'complaint'],
    ['/app/complaints/new', 'complaint-new'],
  ];

  let context: BrowserContext;
  let page: Page;

  it('a browser asking for Chinese gets the screens in Chinese until the staff member chooses', async () => {
    // A complaint about the visit, so the complaint list and its page have something to show.
    const advisor = asStaff(web.app, 'advisor', 'adv-lena');
    const opened = await postJson(advisor, '/complaints', { visitId, description: 'The brake noise is back.', source: 'phone' });
    expect(opened.status).toBe(201);
    complaintId = (await readJson(opened)).complaintId;
    await expect.poll(async () => (await advisor.request(`/complaints/${complaintId}`)).status, { timeout: 60_000 }).toBe(200);
    context = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${web.server.url}/app/login`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await signIn(page, web.server.url, 'adv-lena');
    await expect(page.locator('.mainnav a[href="/app/board"]').textContent()).resolves.toBe('预约');
    for (const [path, name] of screens(visitId)) await scan(page, path ?? '', 'zh-CN', name ?? '');

    // A refused booking: each field says in Chinese what to do; focus goes to the first.
    await page.goto(`${web.server.url}/app/board`);
    await page.locator('#book > summary').click();
    await Promise.all([page.waitForLoadState('load'), page.locator('#book button[value="appointment"]').click()]);
    await expect(page.locator('#book [data-field-error="customer.name"]').textContent()).resolves.toBe('姓名：请填写此项。');
    await expect(page.locator('#book .alert-error').textContent()).resolves.toMatch(/^未保存。/);
    expect(await rawIn(page)).toEqual([]);
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.name')).toBe('customer.name');
    await screen(page, 'lang-zh-CN-board-errors');

    await page.setViewportSize(PHONE);
    await scan(page, '/app/board', 'zh-CN', 'board-phone');
    await page.setViewportSize({ width: 768, height: 1024 });
    await scan(page, `/app/visits/${visitId}`, 'zh-CN', 'visit-tablet');
    await page.setViewportSize(DESKTOP);
    expect(errors).toEqual([]);
  });

  it('the header switch changes the language at once and keeps it on the staff record', async () => {
    await page.goto(`${web.server.url}/app/visits`);
    // The script sends the switch on change; the answer brings her back to this page.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/app/language') && r.status() === 303),
      page.locator('select[name="language"]').selectOption('en'),
    ]);
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe('en');
    expect(new URL(page.url()).pathname).toBe('/app/visits');
    await expect(page.locator('h1').textContent()).resolves.toBe('Visits');
    const [lena] = await web.stack.database.db.select().from(staff).where(eq(staff.id, 'adv-lena'));
    expect(lena?.language).toBe('en');
    for (const [path, name] of screens(visitId)) await scan(page, path ?? '', 'en', name ?? '');
    await context.close();

    // Another browser, still asking for Chinese: her choice comes with her when she signs in.
    context = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    page = await context.newPage();
    await signIn(page, web.server.url, 'adv-lena');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('.mainnav a[href="/app/board"]').textContent()).resolves.toBe('Appointments');
    await context.close();
  });
});

describe("the service manager's screens in both languages", () => {
  const screens = (id: string) => [
    [`/app/visits/${id}/timeline`, 'timeline'],
    ['/app/kpis', 'kpis'],
    ['/app/technicians', 'technicians'],
  ];

  it('the timeline, the KPI dashboard and the technicians in Chinese, then in English', async () => {
    const context = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, web.server.url, 'mgr-max');
    for (const [path, name] of screens(visitId)) await scan(page, path ?? '', 'zh-CN', name ?? '');
    await page.goto(`${web.server.url}/app/visits/${visitId}/timeline`);
    await expect(page.locator('.bp-lane-label.lane-customer strong').textContent()).resolves.toBe('客户');
    await page.setViewportSize(PHONE);
    await scan(page, `/app/visits/${visitId}/timeline`, 'zh-CN', 'timeline-phone');
    await page.setViewportSize({ width: 768, height: 1024 });
    await scan(page, '/app/kpis', 'zh-CN', 'kpis-tablet');
    await scan(page, '/app/technicians', 'zh-CN', 'technicians-tablet');
    await page.setViewportSize(DESKTOP);

    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/app/language') && r.status() === 303),
      page.locator('select[name="language"]').selectOption('en'),
    ]);
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 30_000 }).toBe('en');
    for (const [path, name] of screens(visitId)) await scan(page, path ?? '', 'en', name ?? '');
    await page.goto(`${web.server.url}/app/visits/${visitId}/timeline`);
    await expect(page.locator('.bp-lane-label.lane-customer strong').textContent()).resolves.toBe('Customer');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the scan of a Chinese page catches English left in a heading', async () => {
    const page = await web.browser.newPage();
    await page.setContent(
      '<html lang="zh-CN"><body><h1>技师</h1><h2>Add a technician</h2><p>Wang Fang · VW Golf</p></body></html>',
    );
    expect(await englishIn(page)).toEqual(['"Add" in "Add a technician"']);
    await page.close();
  });
});
