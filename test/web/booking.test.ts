import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { outbox, visitEvents } from '../../db/schema.js';
import { localTime } from '../../domain/local-time.js';
import { MISSING } from '../../web/i18n/index.js';
import { phoneContext, screen, signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seedPriceList, setBookingCapacity } from '../support/catalogue.js';
import { postJson } from '../support/http.js';
import { seriousAxeFindings } from '../support/screen-checks.js';
import { waitFor } from '../support/waiting.js';

// Issue 18, online booking [S1.1] on a customer's phone, no login, in English and Chinese: pick services and a free
// time, book; a time taken meanwhile is refused in plain words; the confirmation's link moves and cancels the booking;
// the appointment board shows booked against capacity per hour.

const DAY = 86_400_000;
const day = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
const at = (time: string) => new Date(`${day}T${time}:00Z`).toISOString();

const web = useBrowserStack({
  publicUrl: true,
  page: false,
  // The browser's many public requests come from one address; the limit itself is tested in test/api/booking.test.ts.
  app: (stack) =>
    createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), temporalCallTimeoutMs: 60_000, customerRateLimit: { limit: 10_000, windowMs: 60_000 } },
    ),
  seed: async ({ app }) => {
    await seedPriceList(app);
    // One customer per half hour, so a second one on the same time is refused.
    await setBookingCapacity(app, 1);
  },
});

let page: Page;
let errors: string[];
beforeAll(async () => {
  page = await (await phoneContext(web.browser)).newPage();
  errors = watchForErrors(page);
});

const textOf = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');
const fillCustomer = async (n: number, model = 'VW Golf') => {
  await page.fill('[name="customer.name"]', `Ana Pereira ${n}`);
  await page.fill('[name="customer.phone"]', `+351 21 123 45${n}0`);
  await page.fill('[name="vehicle.plate"]', `AA-${n}0-BB`);
  await page.fill('[name="vehicle.vin"]', `WVWZZZ1JZXW00${n}001`);
  await page.fill('[name="vehicle.model"]', model);
};
const confirmationUrl = () =>
  waitFor('the booking confirmation', async () => {
    const rows = await web.stack.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.template, 'booking_confirmed')));
    return rows.map((r) => r.payload.bookingUrl as string).find((u) => u.includes('lang=en'));
  });

describe('the public booking page', () => {
  it('books a service in a free time on a phone, in English', async () => {
    const res = await page.goto(`${web.server.url}/app/booking?lang=en`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Book a service');
    await page.check('[data-service="package:SVC-12M"]');
    await page.fill('input[name="date"]', day);
    await page.click('button:has-text("Show free times")');
    await expect(page.locator('[data-slot]').count()).resolves.toBe(20);
    await page.check('[data-slot="08:00"] input');
    await fillCustomer(1);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screen(page, 'booking-01-en');
    await page.click('[data-book]');
    await expect(page.locator('h1').textContent()).resolves.toBe('You are booked');
    expect(await textOf('[data-booking-when]')).toContain('VW Golf (AA-10-BB)');
    expect(await textOf('[data-done="booked"]')).toContain('a link to move or cancel');
    const body = await textOf('body');
    for (const raw of [MISSING, 'SVC-12M', at('08:00'), 'package:']) expect(body).not.toContain(raw);
    await screen(page, 'booking-02-booked-en');
    // The booking's own page, with its way to move or cancel it: a reload reads the booking again, where it used to
    // send the form again and say "Not sent yet: this car is already booked that day" to someone who had just booked.
    expect(page.url()).toContain('/app/booking/manage?token=');
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('You are booked');
    await expect(page.locator('.alert-error').count()).resolves.toBe(0);
    await expect(page.locator('[data-move-form], [data-cancel-form]').count()).resolves.toBeGreaterThan(0);
  });

  it('names what was booked in the language of the page, in Chinese as in English', async () => {
    await page.goto(`${web.server.url}/app/booking?lang=zh-CN&service.package:SVC-12M=true&date=${day}`);
    await page.check('[data-slot="13:00"] input');
    await fillCustomer(5);
    await page.fill('[name="notes"]', '左后轮有异响');
    await page.click('[data-book]');
    await expect(page.locator('h1').textContent()).resolves.toBe('预约成功');
    // The visit keeps the price list's English wording; the customer's page showed "12-month service" on a Chinese page.
    await expect(page.locator('[data-booked-work] li').allTextContents()).resolves.toEqual(['12 个月保养', '左后轮有异响']);
    await page.goto(page.url().replace('lang=zh-CN', 'lang=en'));
    await expect(page.locator('[data-booked-work] li').allTextContents()).resolves.toEqual(['12-month service', '左后轮有异响']);
  });

  it("says what to do in the customer's words: choose a time, the mobile phone as its label names it", async () => {
    await page.goto(`${web.server.url}/app/booking?lang=en&service.package:SVC-12M=true&date=${day}`);
    await fillCustomer(3);
    await page.fill('[name="customer.phone"]', 'call me');
    await page.click('[data-book]');
    // Not the desk's "Not recorded", nor "enter a date and time" for a choice of buttons, nor "Phone".
    expect(await textOf('.alert-error')).toMatch(/^Not sent yet\. /);
    expect(await textOf('.slot-choice .field-error')).toBe('Time: choose one of the free times.');
    expect(await textOf('[data-field-error="customer.phone"]')).toMatch(/^Mobile phone: enter a phone number/);
  });

  it('refuses a time taken meanwhile in plain Chinese and offers the times still free', async () => {
    await page.goto(`${web.server.url}/app/booking?lang=zh-CN&service.package:SVC-12M=true&date=${day}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('预约保养维修');
    // 08:00 is taken by the booking above; another customer takes 09:00 while this one fills in the form.
    await expect(page.locator('[data-slot="08:00"]').count()).resolves.toBe(0);
    await page.check('[data-slot="09:00"] input');
    await fillCustomer(2);
    const other = await postJson(web.app, '/booking', {
      services: [{ kind: 'package', code: 'SVC-12M' }],
      slot: at('09:00'),
      customer: { name: 'Someone Else', phone: '+351 21 999 0000' },
      vehicle: { vin: 'WVWZZZ1JZXW009001', plate: 'ZZ-99-ZZ', model: 'VW Golf' },
    });
    expect(other.status).toBe(201);
    await page.click('[data-book]');
    await expect(page.locator('[role="alert"]').first().textContent()).resolves.toBe('抱歉，该时间刚刚被约满，请选择其他时间。');
    await expect(page.locator('[data-slot="09:00"]').count()).resolves.toBe(0);
    // What was typed is kept.
    await expect(page.locator('[name="customer.name"]').inputValue()).resolves.toBe('Ana Pereira 2');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screen(page, 'booking-03-taken-zh-CN');
    const body = await textOf('body');
    expect(body).not.toContain(MISSING);
    expect(body).not.toContain('Book a service');
  });

  it('refuses the same car again that day next to its plate, pointing to the confirmation link, in English and Chinese', async () => {
    for (const [lang, said] of [
      [
        'en',
        'Plate: this car is already booked that day. To move or cancel that booking, use the link in its confirmation message.',
      ],
      ['zh-CN', '车牌号：这辆车当天已有预约。如需改期或取消，请使用预约确认消息中的链接。'],
    ]) {
      await page.goto(`${web.server.url}/app/booking?lang=${lang}&service.package:SVC-12M=true&date=${day}`);
      await page.check('[data-slot="10:00"] input');
      // The car of the first booking, at 08:00 that day.
      await fillCustomer(1);
      await page.click('[data-book]');
      expect(await textOf('[data-field-error="vehicle.plate"]')).toBe(said);
      const body = await textOf('body');
      expect(body).toContain(said);
      // Not "that time was taken", and nothing of the booking already there: its time or the name on it.
      for (const hidden of ['Ana Pereira 1', '08:00', 'confirmDuplicate', MISSING, '刚刚被约满', 'just been taken'])
        expect(body).not.toContain(hidden);
    }
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screen(page, 'booking-06-already-booked-zh-CN');
  });

  it('says which models a package is for, and refuses it for another car in plain Chinese, keeping what was typed', async () => {
    await page.goto(`${web.server.url}/app/booking?lang=zh-CN&service.package:SVC-12M=true&date=${day}`);
    expect(await textOf('label:has([data-service="package:SVC-12M"])')).toContain('12 个月保养 约 1.5 小时 · 适用车型：VW Golf');
    await page.check('[data-slot="11:00"] input');
    await fillCustomer(4, '比亚迪 汉');
    await page.click('[data-book]');
    // Not "第 1 条服务项目的此项：未被接受" (this field of service 1: not accepted), nor the package's code.
    expect(await textOf('.alert-error')).toBe('尚未提交。您勾选的套餐仅适用于 VW Golf：请取消勾选，或核对您填写的车型。');
    expect(await textOf('body')).not.toContain('SVC-12M');
    await expect(page.locator('[name="vehicle.model"]').inputValue()).resolves.toBe('比亚迪 汉');
    await expect(page.locator('[data-slot="11:00"] input').isChecked()).resolves.toBe(true);
  });

  it('moves and cancels the booking on the link of its confirmation', async () => {
    const url = await confirmationUrl();
    expect(url.startsWith(web.server.url)).toBe(true);
    await page.goto(url);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your booking');
    expect(await textOf('[data-booking-when]')).toContain('Ana Pereira 1');
    await page.fill('#move-date', day);
    await page.click('button:has-text("Show free times")');
    await page.check('[data-slot="10:00"] input');
    await page.click('[data-move]');
    await expect(page.locator('[data-done="moved"]').count()).resolves.toBe(1);
    expect(await textOf('[data-done="moved"]')).toContain('10:00');
    // The forms post to the link's own address, so the page opens again from the address bar.
    expect(page.url()).toContain('/app/booking/manage?token=');
    // A reload of the answer reads the booking: it used to post the move again, a second reschedule in the visit.
    await page.reload();
    expect(await textOf('[data-done="moved"]')).toContain('10:00');
    const confirmations = await web.stack.database.db.select().from(outbox).where(eq(outbox.template, 'booking_confirmed'));
    const visitId = confirmations.find((r) => r.payload.bookingUrl === url)?.visitId;
    const moves = await web.stack.database.db
      .select()
      .from(visitEvents)
      .where(and(eq(visitEvents.visitId, visitId ?? ''), eq(visitEvents.type, 'rescheduled')));
    expect(moves).toHaveLength(1);
    await screen(page, 'booking-04-moved-en');
    await page.fill('[data-cancel-form] textarea[name="reason"]', '临时出差');
    await page.click('[data-cancel]');
    await expect(page.locator('[data-done="cancelled"]').textContent()).resolves.toBe(
      'Your booking is cancelled. We hope to see you another time.',
    );
    await expect(page.locator('[data-cancel]').count()).resolves.toBe(0);
    // The service manager reads the move and the cancellation in Chinese, as the customer's on the booking link, the
    // reason in their words: it was "确认并签字 · 在确认页面" (decides on the approval page) for both, and
    // "已取消：Cancelled by the customer: 临时出差".
    const desk = await (await staffContext(web.browser)).newPage();
    await signIn(desk, web.server.url, 'mgr-max');
    await desk.goto(`${web.server.url}/app/visits/${visitId}/timeline?lang=zh-CN`);
    const customerLane = ((await desk.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(customerLane).toContain('客户已通过预约链接取消：临时出差');
    expect(customerLane).toContain('通过预约链接');
    for (const wrong of ['确认并签字', '在确认页面', 'Cancelled by the customer']) expect(customerLane).not.toContain(wrong);
    await desk.context().close();
    // A link tampered with says so in plain words.
    await page.goto(url.replace('token=', 'token=x'));
    await expect(page.locator('h1').textContent()).resolves.toBe('This link does not work');
    expect(errors).toEqual([]);
  });

  it('shows booked against capacity per hour on the appointment board', async () => {
    const staffPage = await (await staffContext(web.browser)).newPage();
    await signIn(staffPage, web.server.url, 'adv-lena');
    await staffPage.goto(`${web.server.url}/app/board?date=${day}`);
    // 09:00 UTC holds the other customer's booking (one place per half hour: two an hour), named by the hour of the
    // advisor's Berlin clock like the bookings beside it (10:00 in winter, 11:00 in summer); 08:00 UTC was moved away.
    const berlinHour = (time: string) => `${localTime(Date.parse(at(time)), 'Europe/Berlin').slice(0, 2)}:00`;
    const [held, freed] = [berlinHour('09:00'), berlinHour('08:00')];
    await expect(staffPage.locator(`[data-hour="${held}"]`).textContent()).resolves.toBe(`${held}: 1 of 2`);
    await expect(staffPage.locator(`[data-hour="${freed}"]`).textContent()).resolves.toBe(`${freed}: 0 of 2`);
    expect(await seriousAxeFindings(staffPage)).toEqual([]);
    await screen(staffPage, 'booking-05-board-capacity');
  });
});
