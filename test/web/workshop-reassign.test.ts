import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { calendarExceptions, technicians } from '../../db/schema.js';
import { localDate } from '../../domain/local-time.js';
import { directoryOf } from '../../domain/staff.js';
import { visitEventText } from '../../web/entry-words.js';
import { inLanguage, t } from '../../web/i18n/index.js';
import { plainRefusal } from '../../web/plain-errors.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { rawIn } from '../support/screen-text.js';
import { inRepairWith, stateOf } from '../support/visits.js';

// The workshop board in real Chromium: a job whose technician was taken off the rota is flagged for the foreman,
// in both languages, with the hand-over open beside it, offering only technicians on the rota with the job's skill;
// once handed over, the board names the new assignee and the flag is gone.

const web = useBrowserStack({ technicians: true, signIn: 'fm-jo' });
const textOf = async (selector: string) => ((await web.page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();

it('flags a job whose technician is off the rota today and hands it to a qualified technician on it', async () => {
  const id = await inRepairWith(web.stack, 'tech-omar');
  const db = web.stack.database.db;
  await db.update(technicians).set({ active: false }).where(eq(technicians.id, 'tech-omar'));
  try {
    for (const lang of ['zh-CN', 'en'] as const) {
      await web.page.goto(`${web.server.url}/app/workshop?lang=${lang}`);
      expect(await textOf(`[data-off-rota="${id}"]`)).toBe(inLanguage(lang, () => t('workshop.offRota')));
      expect(await web.page.locator(`details[data-reassign="${id}"]`).getAttribute('open')).not.toBeNull();
      expect(await rawIn(web.page)).toEqual([]);
    }
    const form = web.page.locator(`details[data-reassign="${id}"] form`);
    // Ivy (skill 3) only: Omar has the job and is off the rota, Ben (skill 1) lacks the job's skill 2.
    const offered = await form
      .locator('select[name="technicianId"] option')
      .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(offered).toEqual(['tech-ivy']);
    await form.locator('select[name="technicianId"]').selectOption('tech-ivy');
    await form.locator('[name="reason"]').fill('Omar went home sick');
    await Promise.all([web.page.waitForURL(/done=reassign_technician/), form.locator('button[type="submit"]').click()]);

    expect(await textOf(`li[data-visit="${id}"] .assignee`)).toBe('Ivy');
    expect(await web.page.locator(`[data-off-rota="${id}"]`).count()).toBe(0);
    expect((await stateOf(web.stack, id)).dispatch.technicianId).toBe('tech-ivy');
    expect(web.errors).toEqual([]);
  } finally {
    await db.update(technicians).set({ active: true }).where(eq(technicians.id, 'tech-omar'));
  }
});

it('says the shop is closed today on a holiday, without opening every hand-over', async () => {
  const id = await inRepairWith(web.stack, 'tech-omar');
  const db = web.stack.database.db;
  // The stack's shop runs on UTC: today is its local day.
  const today = localDate(Date.now(), 'UTC');
  await db
    .insert(calendarExceptions)
    .values({ date: today, note: 'Staff outing', opensAt: null, closesAt: null, createdBy: 'mgr-max' });
  try {
    for (const lang of ['zh-CN', 'en'] as const) {
      await web.page.goto(`${web.server.url}/app/workshop?lang=${lang}`);
      expect(await textOf(`[data-off-rota="${id}"]`)).toBe(inLanguage(lang, () => t('workshop.shopClosedToday')));
      expect(await web.page.locator(`details[data-reassign="${id}"]`).getAttribute('open')).toBeNull();
      expect(await rawIn(web.page)).toEqual([]);
    }
    expect(web.errors).toEqual([]);
  } finally {
    await db.delete(calendarExceptions).where(eq(calendarExceptions.date, today));
  }
});

it("a hand-over refused on the board keeps the reason typed and the board's address, so a reload does not send it again", async () => {
  const id = await inRepairWith(web.stack, 'tech-omar');
  await web.page.goto(`${web.server.url}/app/workshop?lang=en`);
  await web.page.evaluate(`document.querySelector('details[data-reassign="${id}"]').open = true`);
  const form = web.page.locator(`details[data-reassign="${id}"] form`);
  await form.locator('[name="reason"]').fill('Omar went home sick');
  // No technician chosen: refused, naming the field.
  const [answer] = await Promise.all([
    web.page.waitForResponse((r) => r.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ]);
  await web.page.waitForLoadState('load');
  expect(answer.status()).toBe(400);
  await expect(form.locator('[name="reason"]').inputValue()).resolves.toBe('Omar went home sick');
  // The address bar held /app/workshop/reassign: reopened, it answered "no such screen".
  expect(new URL(web.page.url()).pathname).toBe('/app/workshop');
  const reopened = await web.page.request.get(`${web.server.url}/app/workshop/reassign`, { maxRedirects: 0 });
  expect([reopened.status(), reopened.headers().location]).toEqual([303, '/app/workshop']);
  expect(web.errors).toEqual([]);
});

it("words a refused reassignment for the board's banner in both languages", () => {
  const refused = (sentence: string) => ({
    status: 422,
    message: `technicianId: ${sentence}`,
    fields: { technicianId: sentence },
  });
  const off = refused('Kai is off the rota; choose a technician on it');
  expect(plainRefusal(off)).toContain('Kai is off the rota; pick a technician on it.');
  expect(inLanguage('zh-CN', () => plainRefusal(off))).toContain('Kai 不在排班中，请选择在岗的技师。');
  expect(inLanguage('zh-CN', () => plainRefusal(refused('no technician has the id tech-x')))).toContain('车间没有此编号的技师');
  expect(inLanguage('zh-CN', () => plainRefusal(refused('the job is already assigned to Omar')))).toContain(
    '此工单已由 Omar 负责',
  );
});

it("words the reassignment on the visit's timeline: from whom, to whom, by whom and why, in both languages", () => {
  const reader = {
    directory: directoryOf([
      { id: 'tech-omar', name: 'Omar', role: 'technician', active: true },
      { id: 'tech-ivy', name: 'Ivy', role: 'technician', active: true },
      { id: 'fm-jo', name: 'Jo', role: 'foreman', active: true },
    ]),
    tz: 'Europe/Berlin',
  };
  const event = {
    type: 'technician_reassigned',
    summary: 'Reassigned from tech-omar to tech-ivy by fm-jo (Omar went home sick)',
    data: { fromTechnicianId: 'tech-omar', technicianId: 'tech-ivy', by: 'fm-jo', reason: 'Omar went home sick' },
  };
  expect(visitEventText(event, reader)).toBe('Job reassigned from Omar to Ivy by Jo: Omar went home sick');
  expect(inLanguage('zh-CN', () => visitEventText(event, reader))).toBe('Jo 将工单由 Omar 改派给 Ivy：Omar went home sick');
});
