import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/local-time.js';
import { fromLocalInput } from '../../web/format.js';
import { screen, signIn } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seriousAxeFindings } from '../support/screen-checks.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { bookVisit, fastPolicy, receiveAndDiagnose, stateOf, tasksOf, walkIn } from '../support/visits.js';

// Issue 18, the shop's calendar [S3.4]: the service manager keeps the opening hours and the holidays on their
// screen, in English and Chinese, and a holiday today moves the promise the estimate form offers, saying why.

let diagnosing: string;

const web = useBrowserStack({
  signIn: 'mgr-max',
  async seed({ stack }) {
    diagnosing = await walkIn(stack);
    await receiveAndDiagnose(stack, diagnosing);
  },
});

const textOf = async (selector: string) => ((await web.page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

describe('the calendar screen', () => {
  it('the manager closes Sundays and adds a holiday, a wrong time is refused naming the field', async () => {
    await web.page.goto(`${web.server.url}/app/board?lang=en`);
    await Promise.all([web.page.waitForURL(/\/app\/calendar/), web.page.click('nav.mainnav a[href="/app/calendar"]')]);
    await expect(web.page.locator('h1').textContent()).resolves.toBe('Opening hours');
    const week = web.page.locator('form[data-calendar-week]');
    await expect(week.locator('input[name="monday.opensAt"]').inputValue()).resolves.toBe('08:00');
    // Emptied times do not close a day without a word: the form says which, and Tuesday keeps its hours.
    await week.locator('input[name="tuesday.opensAt"]').fill('');
    await week.locator('input[name="tuesday.closesAt"]').fill('');
    await Promise.all([web.page.waitForLoadState('load'), week.locator('button[type="submit"]').click()]);
    await expect(week.locator('[data-field-error="tuesday.opensAt"]').count()).resolves.toBe(1);
    await web.page.goto(`${web.server.url}/app/calendar?lang=en`);
    await expect(week.locator('input[name="tuesday.opensAt"]').inputValue()).resolves.toBe('08:00');
    await week.locator('input[name="sunday.closed"]').check();
    await Promise.all([web.page.waitForURL(/done=calendar_saved/), week.locator('button[type="submit"]').click()]);
    await expect(week.locator('input[name="sunday.closed"]').isChecked()).resolves.toBe(true);

    const add = web.page.locator('form[data-calendar-exception]');
    await add.locator('input[name="date"]').fill('2030-10-01');
    await add.locator('input[name="note"]').fill('National Day');
    await add.locator('input[name="hours.opensAt"]').fill('14:00');
    await add.locator('input[name="hours.closesAt"]').fill('10:00');
    await Promise.all([web.page.waitForLoadState('load'), add.locator('button[type="submit"]').click()]);
    await expect(web.page.locator('.alert-error').textContent()).resolves.toContain('Closes');
    await expect(add.locator('input[name="note"]').inputValue()).resolves.toBe('National Day');
    await add.locator('input[name="hours.opensAt"]').fill('');
    await add.locator('input[name="hours.closesAt"]').fill('');
    await Promise.all([web.page.waitForURL(/done=calendar_saved/), add.locator('button[type="submit"]').click()]);
    const day = await textOf('li[data-exception="2030-10-01"]');
    expect(day).toContain('National Day');
    expect(day).toContain('Closed all day');
    expect(day).toMatch(/1 October 2030/);
    expect(await rawIn(web.page)).toEqual([]);
    expect(await seriousAxeFindings(web.page)).toEqual([]);
    await screen(web.page, 'calendar-en');
  });

  it('speaks Chinese, with dates written for people', async () => {
    await web.page.goto(`${web.server.url}/app/calendar?lang=zh-CN`);
    await expect(web.page.locator('h1').textContent()).resolves.toBe('营业时间');
    expect(await textOf('li[data-exception="2030-10-01"]')).toContain('2030年10月1日');
    expect(await textOf('form[data-calendar-week]')).toContain('星期日');
    expect(await englishIn(web.page)).toEqual([]);
    expect(await rawIn(web.page)).toEqual([]);
    expect(await seriousAxeFindings(web.page)).toEqual([]);
    await screen(web.page, 'calendar-zh-CN');
  });

  it('a holiday today moves the promise the estimate offers, and the form says why', async () => {
    await web.page.goto(`${web.server.url}/app/calendar?lang=en`);
    const add = web.page.locator('form[data-calendar-exception]');
    await add.locator('input[name="date"]').fill(localDate(Date.now(), 'UTC'));
    await add.locator('input[name="note"]').fill('Closed for works');
    await Promise.all([web.page.waitForURL(/done=calendar_saved/), add.locator('button[type="submit"]').click()]);
    await web.page.goto(`${web.server.url}/app/visits/${diagnosing}?lang=en`);
    const estimate = web.page.locator('form[data-action="submit_estimate"]');
    expect(await estimate.textContent()).toContain('Closed for works');
    const offered = await estimate.locator('input[name="promisedAt"]').inputValue();
    expect(offered.slice(0, 10) > localDate(Date.now(), 'UTC')).toBe(true);
    // The board of that day says so, in either language.
    const today = localDate(Date.now(), 'UTC');
    await web.page.goto(`${web.server.url}/app/board?date=${today}&lang=en`);
    await expect(web.page.locator('[data-closed-day]').textContent()).resolves.toContain('closed this day: Closed for works');
    await web.page.goto(`${web.server.url}/app/board?date=${today}&lang=zh-CN`);
    await expect(web.page.locator('[data-closed-day]').textContent()).resolves.toContain('本店当天不营业');
    expect(web.errors).toEqual([]);
  });

  it('a booking on the holiday is refused until the advisor ticks “book anyway”, in Chinese', async () => {
    const advisor = await web.browser.newContext({ timezoneId: 'Europe/Berlin', locale: 'zh-CN' });
    const page = await advisor.newPage();
    await signIn(page, web.server.url, 'adv-lena');
    // National Day, closed all day (the first test): the board says so, and the form asks before booking it.
    await page.goto(`${web.server.url}/app/board?date=2030-10-01&lang=zh-CN`);
    await page.locator('#book > summary').click();
    const book = page.locator('#book form[action="/app/board/book"]');
    // Offered: the next opening, Wednesday 08:00 in the shop's zone (UTC), 10:00 in Berlin; typed over below.
    await expect(book.locator('[name="appointmentAt"]').inputValue()).resolves.toBe('2030-10-02T10:00');
    await book.locator('[name="customer.name"]').fill('Li Wei');
    await book.locator('[name="customer.phone"]').fill('+86 10 5555 0101');
    await book.locator('[name="vehicle.plate"]').fill('京A 12345');
    await book.locator('[name="vehicle.model"]').fill('VW Passat');
    await book.locator('[name="vehicle.vin"]').fill('LSVAU2A37N2123456');
    await book.locator('[name="appointmentAt"]').fill('2030-10-01T10:00');
    await book.locator('[name="advisorId"]').selectOption('adv-lena');
    await Promise.all([page.waitForLoadState('load'), book.locator('button[value="appointment"]').click()]);
    await expect(page.locator('#book .alert-error').textContent()).resolves.toBe(
      '未保存。非营业时间：本店当天不营业（见营业日历）。如已安排此次来店，请勾选“仍然预约”。',
    );
    const anyway = page.locator('#book form [name="confirmClosed"]');
    await expect(page.locator('#book form label[for]', { hasText: '仍然预约' }).count()).resolves.toBe(1);
    expect(await englishIn(page)).toEqual([]);
    expect(await rawIn(page)).toEqual([]);
    await screen(page, 'board-closed-day-zh-CN');
    await anyway.check();
    await Promise.all([page.waitForURL(/done=booked/), page.locator('#book form button[value="appointment"]').click()]);
    await expect(page.locator('tr.highlight .plate').textContent()).resolves.toBe('京A 12345');
    await advisor.close();
  });

  it('a move to the holiday is refused until the advisor ticks “move anyway”, on the visit and on the call list', async () => {
    const booked = await bookVisit(web.stack, { inMs: 48 * 3_600_000 });
    const noShow = await bookVisit(web.stack, { inMs: 1_500, policy: fastPolicy({ confirmationLeadMs: 10 * 3_600_000 }) });
    const advisor = await web.browser.newContext({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    const page = await advisor.newPage();
    await signIn(page, web.server.url, 'adv-lena');
    // The visit's own form, in English: 10:00 in Berlin on National Day (the first test).
    await page.goto(`${web.server.url}/app/visits/${booked}?lang=en`);
    await page.locator('details#action-reschedule > summary').click();
    const move = page.locator('form[data-action="reschedule"]');
    await move.locator('[name="appointmentAt"]').fill('2030-10-01T10:00');
    await Promise.all([page.waitForLoadState('load'), move.locator('button[type="submit"]').click()]);
    await expect(move.locator('.alert-error').textContent()).resolves.toBe(
      'Not recorded. Shop closed: the shop is closed that day (see the calendar). Tick “Move anyway” if this visit is arranged.',
    );
    await expect(move.locator('[name="appointmentAt"]').inputValue()).resolves.toBe('2030-10-01T10:00');
    await expect(move.locator('label[for]', { hasText: 'Move anyway' }).count()).resolves.toBe(1);
    expect(await rawIn(page)).toEqual([]);
    await move.locator('[name="confirmClosed"]').check();
    await Promise.all([page.waitForLoadState('load'), move.locator('button[type="submit"]').click()]);
    await expect
      .poll(async () => (await stateOf(web.stack, booked)).appointmentAt)
      .toSatisfy((at: string | null) => at !== null && Date.parse(at) === Date.parse('2030-10-01T08:00:00Z'));
    await advisor.close();

    // The call list re-books a no-show the same way, in Chinese. Tomorrow is closed for stocktaking: the time it
    // offers (a day ahead at the earliest) is the next opening after it, never a closed hour.
    const tomorrow = localDate(Date.now() + 86_400_000, 'UTC');
    await web.page.goto(`${web.server.url}/app/calendar?lang=en`);
    const add = web.page.locator('form[data-calendar-exception]');
    await add.locator('input[name="date"]').fill(tomorrow);
    await add.locator('input[name="note"]').fill('Stocktaking');
    await Promise.all([web.page.waitForURL(/done=calendar_saved/), add.locator('button[type="submit"]').click()]);
    await expect
      .poll(async () => (await tasksOf(web.stack, noShow)).some((t) => t.kind === 'no_show' && t.status === 'open'))
      .toBe(true);
    const chinese = await web.browser.newContext({ timezoneId: 'Europe/Berlin', locale: 'zh-CN' });
    const calls = await chinese.newPage();
    await signIn(calls, web.server.url, 'adv-lena');
    await calls.goto(`${web.server.url}/app/calls`);
    const row = calls.locator(`tr[data-kind="no_show"][data-task^="${noShow}:"]`);
    const offered = Date.parse(fromLocalInput(await row.locator('input[name=appointmentAt]').inputValue(), 'Europe/Berlin'));
    // The calendar the first test kept: 08:00–18:00 in UTC, Sundays closed.
    const day = new Date(offered);
    expect(localDate(offered, 'UTC') > tomorrow, `offered ${day.toISOString()}`).toBe(true);
    expect(day.getUTCDay() !== 0 && day.getUTCHours() >= 8 && day.getUTCHours() < 18, `offered ${day.toISOString()}`).toBe(true);
    await row.locator('input[name=appointmentAt]').fill('2030-10-01T10:00');
    await Promise.all([calls.waitForLoadState('load'), row.locator('button[data-op="rebook"]').click()]);
    await expect(row.locator('.alert-error').textContent()).resolves.toBe(
      '未保存。非营业时间：本店当天不营业（见营业日历）。如已安排此次来店，请勾选“仍然改期”。',
    );
    await expect(row.locator('input[name=appointmentAt]').inputValue()).resolves.toBe('2030-10-01T10:00');
    expect(await englishIn(calls)).toEqual([]);
    expect(await rawIn(calls)).toEqual([]);
    await screen(calls, 'calls-move-closed-day-zh-CN');
    await row.locator('[name="confirmClosed"]').check();
    await Promise.all([calls.waitForURL(/done=logged/), row.locator('button[data-op="rebook"]').click()]);
    const rebooked = await stateOf(web.stack, noShow);
    expect(rebooked.stage).toBe('booked');
    expect(Date.parse(rebooked.appointmentAt ?? '')).toBe(Date.parse('2030-10-01T08:00:00Z'));
    await chinese.close();
  });

  it('is the manager’s screen', async () => {
    const advisor = await web.browser.newContext();
    const page = await advisor.newPage();
    await page.goto(`${web.server.url}/app/login`);
    await page.click('button[data-staff="adv-lena"]');
    await page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
    await expect(page.locator('nav.mainnav a[href="/app/calendar"]').count()).resolves.toBe(0);
    expect((await page.goto(`${web.server.url}/app/calendar`))?.status()).toBe(403);
    await advisor.close();
  });
});
