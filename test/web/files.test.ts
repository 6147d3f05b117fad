import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { addDays, localDate } from '../../domain/local-time.js';
import { seedCustomer, seedVehicle } from '../api/seed.js';
import { expectNoHorizontalOverflow, PHONE, screen, signIn, signOut } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';

// Issue 16: the admin keeps the staff directory, an advisor edits a customer's [S2] file and sees its history
// with names and local times, and books the next visit from the file with the advisor picked from the directory.

let customerId: string;
let vin: string;
/** Another customer's number. */
const TAKEN_PHONE = '+49 40 555 9999';

const web = useBrowserStack({
  // The shop's zone is the advisor's here (the browser's): the booking form's times read as the shop's own.
  app: (stack) =>
    createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), shopTimeZone: 'Europe/Berlin' },
    ),
  async seed({ stack }) {
    await seedCustomer(stack.database.db, { name: 'Other Owner', phone: TAKEN_PHONE });
    customerId = await seedCustomer(stack.database.db, {
      name: 'Greta Lindqvist',
      phone: '+49 40 555 2468',
      email: 'greta@example.com',
    });
    vin = await seedVehicle(stack.database.db, customerId, { plate: 'HH-GL 24', model: 'Volvo V60', year: 2020 });
  },
});

/** Tomorrow in the advisor's zone, as the booking form takes its time. */
const tomorrow = addDays(localDate(Date.now(), 'Europe/Berlin'), 1);

const submit = (form: ReturnType<Page['locator']>, button = 'button[type="submit"]') =>
  Promise.all([web.page.waitForLoadState('load'), form.locator(button).first().click()]);

describe('staff directory and customer files on the screens', () => {
  it('an admin adds an advisor to the staff directory', async () => {
    await signIn(web.page, web.server.url, 'adm-ida');
    await web.page.click('.mainnav a[href="/app/staff"]');
    const add = web.page.locator('form[action="/app/staff"]');
    await add.locator('input[name="id"]').fill('adv-nora');
    await submit(add);
    await expect(web.page.locator('[data-field-error="name"]').textContent()).resolves.toContain('please fill this in');
    await add.locator('input[name="name"]').fill('Nora Lindgren');
    await add.locator('select[name="role"]').selectOption('advisor');
    await Promise.all([web.page.waitForURL(/done=staff_saved/), add.locator('button[type="submit"]').click()]);
    await expect(web.page.locator('details[data-staff="adv-nora"] summary').textContent()).resolves.toContain('Nora Lindgren');
    await screen(web.page, 'files-01-staff');
    // Someone who left stays in the directory (their name still shows on old visits) but is no longer bookable.
    const tom = web.page.locator('details[data-staff="adv-tom"]');
    await tom.locator('summary').click();
    await Promise.all([web.page.waitForURL(/done=staff_saved/), tom.locator('button[value="deactivate"]').click()]);
    await expect(web.page.locator('details[data-staff="adv-tom"] summary').textContent()).resolves.toContain('left');
    await signOut(web.page);
  });

  it('an advisor edits the customer and vehicle file and sees the change history with names', async () => {
    await signIn(web.page, web.server.url, 'adv-lena');
    await web.page.goto(`${web.server.url}/app/customers/${customerId}`);
    await web.page.click('details.edit-file > summary >> text=Edit customer');
    const edit = web.page.locator('form[data-edit-customer]');
    await edit.locator('[name="birthday"]').fill('2099-01-01');
    await edit.locator('[name="household"]').fill('Partner Sven, son Nils');
    await submit(edit);
    // A refused field comes back next to itself, with what was typed kept.
    await expect(web.page.locator('form[data-edit-customer] [data-field-error="birthday"]').textContent()).resolves.toContain(
      'between 1 Jan 1900 and today',
    );
    await expect(web.page.locator('form[data-edit-customer] [name="household"]').inputValue()).resolves.toBe(
      'Partner Sven, son Nils',
    );
    await web.page.locator('form[data-edit-customer] [name="birthday"]').fill('1979-08-21');
    await Promise.all([web.page.waitForURL(/done=file_saved/), web.page.locator('form[data-edit-customer] button').click()]);

    await web.page.click(`.file-actions details.edit-file > summary >> text=Edit vehicle`);
    const car = web.page.locator(`form[data-edit-vehicle="${vin}"]`);
    await car.locator('[name="keyCode"]').fill('VK-5531');
    await car.locator('[name="salesperson"]').fill('Jonas Berg');
    await car.locator('[name="purchaseDate"]').fill('2020-04-15');
    await Promise.all([web.page.waitForURL(/done=file_saved/), car.locator('button[type="submit"]').click()]);

    const rows = await web.page.locator('table[data-changes] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(5);
    const text = rows.join('\n');
    expect(text).toContain('Lena Vogt');
    expect(text).not.toContain('adv-lena');
    expect(text).toMatch(/Household\s+—\s+Partner Sven, son Nils/);
    expect(text).toMatch(/Birthday\s+—\s+21 Aug 1979/);
    expect(text).toMatch(/HH-GL 24\s+Key code\s+—\s+VK-5531/);
    expect(text).toMatch(/Purchase date\s+—\s+15 Apr 2020/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await expect(web.page.locator('.customer-grid').textContent()).resolves.toContain('Partner Sven, son Nils');
    await web.page.locator('#changes').scrollIntoViewIfNeeded();
    await screen(web.page, 'files-02-customer-history');
    expect(web.errors).toEqual([]);
  });

  it('books the next visit from the file with the advisor from the directory, warned about a second one that day', async () => {
    await web.page.goto(`${web.server.url}/app/customers/${customerId}`);
    await Promise.all([web.page.waitForURL(/\/app\/board\?/), web.page.click(`a[data-book-next="${vin}"]`)]);
    const book = web.page.locator('#book form[action="/app/board/book"]');
    await expect(book.locator('[name="customer.name"]').inputValue()).resolves.toBe('Greta Lindqvist');
    await expect(book.locator('[name="vehicle.vin"]').inputValue()).resolves.toBe(vin);
    await expect(book.locator('[name="vehicle.plate"]').inputValue()).resolves.toBe('HH-GL 24');
    const advisors = await book.locator('select[name="advisorId"] option').allTextContents();
    expect(advisors).toEqual(expect.arrayContaining(['Lena Vogt', 'Nora Lindgren']));
    expect(advisors).not.toContain('Eva Stein');
    expect(advisors).not.toContain('Tom Weiss');
    await book.locator('select[name="advisorId"]').selectOption({ label: 'Nora Lindgren' });
    await book.locator('[name="requestedServices"]').fill('Annual service');
    // Inside the opening hours whenever the test runs (the form's default is an hour from now).
    await book.locator('[name="appointmentAt"]').fill(`${tomorrow}T11:00`);
    await Promise.all([web.page.waitForURL(/done=booked/), book.locator('button[value="appointment"]').click()]);
    const row = web.page.locator('tr.highlight');
    await expect(row.textContent()).resolves.toContain('Nora Lindgren');

    // The same car again the same day: refused in plain words until the advisor ticks "book anyway".
    await web.page.goto(`${web.server.url}${new URL(web.page.url()).pathname}?customer=${customerId}&vin=${vin}#book`);
    await web.page.locator('#book form select[name="advisorId"]').selectOption('adv-lena');
    await web.page.locator('#book form [name="appointmentAt"]').fill(`${tomorrow}T14:00`);
    await web.page.locator('#book form button[value="appointment"]').click();
    await web.page.waitForLoadState('load');
    await expect(web.page.locator('#book .alert-error').textContent()).resolves.toContain('HH-GL 24 is already booked');
    await web.page.locator('#book form [name="confirmDuplicate"]').check();
    await Promise.all([web.page.waitForURL(/done=booked/), web.page.locator('#book form button[value="appointment"]').click()]);
    expect(await web.page.locator('table.table-board tbody tr').count()).toBe(2);
    expect(web.errors).toEqual([]);
  });

  it('the board’s “same day” is the shop’s day, not the UTC one the time is sent in; what no box lifts is said first', async () => {
    const inTwoDays = addDays(localDate(Date.now(), 'Europe/Berlin'), 2);
    await signIn(web.page, web.server.url, 'adv-lena');
    const form = web.page.locator('#book form');
    const bookAt = async (at: string, phone?: string) => {
      await web.page.goto(`${web.server.url}/app/board?customer=${customerId}&vin=${vin}#book`);
      await form.locator('select[name="advisorId"]').selectOption('adv-lena');
      await form.locator('[name="appointmentAt"]').fill(at);
      if (phone) await form.locator('[name="customer.phone"]').fill(phone);
      await submit(form, 'button[value="appointment"]');
    };
    // Half past midnight in Berlin is still the day before in UTC, and the shop is closed then: booked anyway.
    await bookAt(`${inTwoDays}T00:30`);
    await form.locator('[name="confirmClosed"]').check();
    await Promise.all([web.page.waitForURL(/done=booked/), form.locator('button[value="appointment"]').click()]);
    // The same day again with a number another file has: the number is what is said, not the box no fix needs yet.
    await bookAt(`${inTwoDays}T11:00`, TAKEN_PHONE);
    await expect(web.page.locator('#book [data-field-error="customer.phone"]').textContent()).resolves.toContain(
      "another customer's file",
    );
    expect(await form.locator('[name="confirmDuplicate"]').count()).toBe(0);
    await form.locator('[name="customer.phone"]').fill('+49 40 555 2468');
    await submit(form, 'button[value="appointment"]');
    // Told at the shop's own time of that booking, not 23:30 the day before.
    await expect(web.page.locator('#book .alert-error').textContent()).resolves.toMatch(
      /HH-GL 24 is already booked on .+ at 00:30/,
    );
    await form.locator('[name="confirmDuplicate"]').check();
    await Promise.all([web.page.waitForURL(/done=booked/), form.locator('button[value="appointment"]').click()]);
    expect(web.errors).toEqual([]);
  });

  it('finds the customer on file from the booking form by a phone fragment, on a phone too', async () => {
    await web.page.goto(`${web.server.url}/app/board`);
    await web.page.click('#book > summary');
    await web.page.locator('#lookup-q').fill('555 2468');
    await Promise.all([web.page.waitForURL(/lookup=/), web.page.locator('.lookup-form button').click()]);
    const hit = web.page.locator('[data-lookup-results] li', { hasText: 'Greta Lindqvist' });
    await Promise.all([web.page.waitForURL(/customer=/), hit.locator('a', { hasText: 'HH-GL 24' }).click()]);
    await expect(web.page.locator('#book form [name="customer.phone"]').inputValue()).resolves.toBe('+49 40 555 2468');

    await web.page.setViewportSize(PHONE);
    for (const path of [`/app/customers/${customerId}`, `/app/board?customer=${customerId}&vin=${vin}`]) {
      await web.page.goto(`${web.server.url}${path}`);
      await expectNoHorizontalOverflow(web.page);
    }
    await screen(web.page, 'files-03-board-phone');
    await web.page.setViewportSize({ width: 768, height: 1024 });
    await web.page.goto(`${web.server.url}/app/customers/${customerId}`);
    await expectNoHorizontalOverflow(web.page);
    expect(web.errors).toEqual([]);
  });
});
