import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { technicians } from '../../db/schema.js';
import { isoWeekday, localDate } from '../../domain/local-time.js';
import { inLanguage, t } from '../../web/i18n/index.js';
import { signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { rawIn } from '../support/screen-text.js';
import { act, foreman, inRepairWith, stateOf } from '../support/visits.js';

// The visit page's hand-over of a job in repair, in real Chromium, as the foreman: the new technician's name on the
// page in both languages and the hand-over on the manager's timeline; a refusal (the choice went stale while the
// page was open) is said in words next to the field, with what was typed kept.

const web = useBrowserStack({ technicians: true, signIn: 'fm-jo' });
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
const textOf = async (selector: string) => squash(await web.page.locator(selector).first().textContent());
/** Ivy as the API reads her from the directory into a reassignment sent to the workflow. */
const ivy = { name: 'Ivy', skillLevel: 3, active: true };
const form = () => web.page.locator('form[data-action="reassign_technician"]');

/** The visit page in a language chosen on its switch (kept for the form's answer), the reassignment form opened. */
async function openForm(id: string, lang: 'zh-CN' | 'en') {
  await web.page.goto(`${web.server.url}/app/visits/${id}`);
  if ((await web.page.locator('#language-choice').inputValue()) !== lang) await web.page.selectOption('#language-choice', lang);
  await web.page.waitForSelector(`html[lang="${lang}"]`);
  const details = web.page.locator('details#action-reassign_technician');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

/** The technician the visit page names for the job, in the summary. */
const technicianShown = async (lang: 'zh-CN' | 'en') =>
  squash(
    await web.page
      .locator('dt', { hasText: inLanguage(lang, () => t('visit.f.technician')) })
      .locator('xpath=following-sibling::dd[1]')
      .textContent(),
  );

it('hands the job to another technician from the visit page: named there in both languages and on the timeline', async () => {
  const id = await inRepairWith(web.stack, 'tech-omar');
  // Omar went home: taken off the rota, the page still names him as the one whose job it is, which is why it moves.
  const db = web.stack.database.db;
  await db.update(technicians).set({ active: false }).where(eq(technicians.id, 'tech-omar'));
  try {
    await openForm(id, 'en');
    expect(await technicianShown('en')).toMatch(/^Omar\b/);
  } finally {
    await db.update(technicians).set({ active: true }).where(eq(technicians.id, 'tech-omar'));
  }
  await form().locator('select[name="technicianId"]').selectOption('tech-ivy');
  await form().locator('[name="reason"]').fill('Omar went home sick');
  await Promise.all([web.page.waitForURL(/done=reassign_technician/), form().locator('button[type="submit"]').click()]);
  expect((await stateOf(web.stack, id)).dispatch.technicianId).toBe('tech-ivy');

  for (const lang of ['en', 'zh-CN'] as const) {
    await web.page.goto(`${web.server.url}/app/visits/${id}?lang=${lang}`);
    const shown = await technicianShown(lang);
    expect(shown).toContain('Ivy');
    // Omar's name, or the reason he was chosen at dispatch, no longer describes whose job it is.
    expect(shown).not.toContain('Omar');
    expect(shown).not.toContain('Knows the car');
    expect(await rawIn(web.page)).toEqual([]);
  }
  expect(web.errors).toEqual([]);

  // The manager reads the hand-over on the visit's timeline: from whom, to whom, by whom and why.
  const context = await staffContext(web.browser);
  try {
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, web.server.url, 'mgr-max');
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.goto(`${web.server.url}/app/visits/${id}/timeline?lang=${lang}`);
      // Up to whoever did it, whom the directory names.
      const [words] = inLanguage(lang, () =>
        t('entry.visit.technician_reassigned', { from: 'Omar', to: 'Ivy', by: '|' }).split('|'),
      );
      const shown = squash(await page.locator('body').textContent());
      expect(shown).toContain(words?.trim());
      expect(shown).toContain('Omar went home sick');
      expect(await rawIn(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

it('says in words next to the field why a stale choice is refused, and keeps what was typed', async () => {
  const id = await inRepairWith(web.stack, 'tech-omar');
  const db = web.stack.database.db;
  try {
    for (const lang of ['zh-CN', 'en'] as const) {
      // Ivy goes home while the page is open: she is off the rota when the form arrives.
      await openForm(id, lang);
      await form().locator('select[name="technicianId"]').selectOption('tech-ivy');
      await form().locator('[name="reason"]').fill('Omar went home sick');
      await db.update(technicians).set({ active: false }).where(eq(technicians.id, 'tech-ivy'));
      await form().locator('button[type="submit"]').click();
      await web.page.waitForLoadState();
      const error = await textOf('form[data-action="reassign_technician"] [data-field-error="technicianId"]');
      expect(error).toBe(inLanguage(lang, () => t('error.offRota', { label: t('field.technicianId'), name: 'Ivy' })));
      expect(await form().locator('[name="reason"]').inputValue()).toBe('Omar went home sick');
      expect(await rawIn(web.page)).toEqual([]);
      await db.update(technicians).set({ active: true }).where(eq(technicians.id, 'tech-ivy'));
    }

    // Someone else handed the job to Ivy while the page was open: the form says she has it already.
    await openForm(id, 'en');
    await form().locator('select[name="technicianId"]').selectOption('tech-ivy');
    await form().locator('[name="reason"]').fill('Omar is on a course');
    await act(web.stack, id, 'reassign_technician', { technicianId: 'tech-ivy', technician: ivy }, foreman);
    await form().locator('button[type="submit"]').click();
    await web.page.waitForLoadState();
    expect(await textOf('form[data-action="reassign_technician"] [data-field-error="technicianId"]')).toBe(
      t('error.alreadyAssigned', { label: t('field.technicianId'), name: 'Ivy' }),
    );
    expect(await form().locator('[name="reason"]').inputValue()).toBe('Omar is on a course');
    expect(await rawIn(web.page)).toEqual([]);
    expect(web.errors).toEqual([]);
  } finally {
    await db.update(technicians).set({ active: true }).where(eq(technicians.id, 'tech-ivy'));
  }
});

it('warns of a technician not working today in the list, and hands the job to them once "hand over anyway" is ticked', async () => {
  const id = await inRepairWith(web.stack, 'tech-omar');
  const db = web.stack.database.db;
  // Ivy works every day of the shop's week but today (the stack's shop runs on UTC).
  const today = isoWeekday(localDate(Date.now(), 'UTC'));
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today);
  await db
    .update(technicians)
    .set({ shift: { timeZone: 'UTC', days, opensAt: '00:00', closesAt: '23:59' } })
    .where(eq(technicians.id, 'tech-ivy'));
  try {
    for (const lang of ['zh-CN', 'en'] as const) {
      await openForm(id, lang);
      const label = squash(await form().locator('select[name="technicianId"] option[value="tech-ivy"]').textContent());
      expect(label).toContain(
        inLanguage(lang, () => t('actionForm.techOptionAway', { name: 'Ivy', skill: 3, hours: '|' }))
          .split('|')[1]
          ?.trim(),
      );
      await form().locator('select[name="technicianId"]').selectOption('tech-ivy');
      await form().locator('[name="reason"]').fill('Omar went home sick');
      await form().locator('button[type="submit"]').click();
      await web.page.waitForLoadState();
      expect(await textOf('form[data-action="reassign_technician"] [data-field-error="confirmOffToday"]')).toBe(
        inLanguage(lang, () => t('error.offShiftToday', { label: t('field.confirmOffToday'), name: 'Ivy' })),
      );
      expect(await form().locator('[name="reason"]').inputValue()).toBe('Omar went home sick');
      expect(await form().locator('select[name="technicianId"]').inputValue()).toBe('tech-ivy');
      expect(await rawIn(web.page)).toEqual([]);
      expect((await stateOf(web.stack, id)).dispatch.technicianId).toBe('tech-omar');
    }
    await form().locator('[name="confirmOffToday"]').check();
    await Promise.all([web.page.waitForURL(/done=reassign_technician/), form().locator('button[type="submit"]').click()]);
    expect((await stateOf(web.stack, id)).dispatch.technicianId).toBe('tech-ivy');
    expect(web.errors).toEqual([]);
  } finally {
    await db.update(technicians).set({ shift: null }).where(eq(technicians.id, 'tech-ivy'));
  }
});
