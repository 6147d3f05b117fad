import { expect, it } from 'vitest';
import type { Language } from '../../domain/language.js';
import { inLanguage, t } from '../../web/i18n/index.js';
import { plainRefusal } from '../../web/plain-errors.js';
import { signIn, signOut } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { inRepairWith, newVisitBody, stateOf } from '../support/visits.js';

// A technician clocks on only to the job dispatch gave them (domain/assignment-rules.ts): Omar, signed in, opens a
// car dispatched to Ivy and is told whose job it is and whom to ask, in his language, instead of being offered
// forms the workshop would credit to Ivy; the foreman records the start for Ivy, and the history says so.

const web = useBrowserStack({ technicians: true, signIn: 'tech-omar' });
const open = (id: string, lang: Language, screen = '') =>
  web.page.goto(`${web.server.url}/app/visits/${id}${screen}?lang=${lang}`);
const textOf = async (selector: string) => ((await web.page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();

it('tells a technician whose job the car is, in both languages, and records nothing a stale form sends', async () => {
  // A name as the shop's Chinese customers have: the Chinese page is checked for English left in it.
  const body = newVisitBody();
  const id = await inRepairWith(web.stack, 'tech-ivy', { ...body, customer: { ...body.customer, name: '王芳' } });
  for (const lang of ['en', 'zh-CN'] as const) {
    await open(id, lang);
    expect(await web.page.locator('form[data-action]').count()).toBe(0);
    expect(await textOf('[data-assigned-elsewhere]')).toBe(inLanguage(lang, () => t('visit.assignedElsewhere', { name: 'Ivy' })));
    expect(await rawIn(web.page)).toEqual([]);
    if (lang === 'zh-CN') expect(await englishIn(web.page)).toEqual([]);
  }
  expect(await textOf('[data-assigned-elsewhere]')).toBe('此工单已派给Ivy，只能由其记录维修作业；如需改派给您，请联系车间主管。');

  // A start sent from a page drawn before the job went to Ivy: refused, and the page says whose job it is.
  await open(id, 'en');
  await web.page.evaluate(`(() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/app/visits/${id}/actions/start_work';
    for (const [name, value] of [['_key', crypto.randomUUID()], ['checklist.fenderCovers', 'on']]) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  })()`);
  await web.page.waitForLoadState('load');
  await expect
    .poll(() => textOf('[data-assigned-elsewhere]'))
    .toBe('This job is assigned to Ivy. Only they record its work; ask the foreman to reassign it to you.');
  expect(await web.page.locator('[data-overtaken]').count()).toBe(0);
  expect((await stateOf(web.stack, id)).work.startedAt).toBeUndefined();
  expect(web.errors).toEqual([]);
});

it("words the API's refusal for a form's banner in both languages", () => {
  const refusal = { status: 409, message: 'this job is assigned to Ivy; ask the foreman to reassign it', fields: {} };
  expect(plainRefusal(refusal)).toBe('Not recorded. This job is assigned to Ivy; ask the foreman to reassign it.');
  expect(inLanguage('zh-CN', () => plainRefusal(refusal))).toBe('未保存。此工单已派给Ivy；如需改派，请联系车间主管。');
});

it('lets the foreman start the work for the assigned technician, and the timeline says for whom', async () => {
  const id = await inRepairWith(web.stack, 'tech-ivy');
  await signOut(web.page);
  await signIn(web.page, web.server.url, 'fm-jo');
  await open(id, 'en');
  expect(await web.page.locator('[data-assigned-elsewhere]').count()).toBe(0);
  const form = web.page.locator('form[data-action="start_work"]');
  await form.locator('[name="checklist.fenderCovers"]').check();
  await Promise.all([web.page.waitForURL(/done=start_work/), form.locator('button[type="submit"]').click()]);
  expect((await stateOf(web.stack, id)).work.inProgress).toBe(true);

  await signOut(web.page);
  await signIn(web.page, web.server.url, 'mgr-max');
  for (const [lang, words] of [
    ['en', 'Work started, fender covers fitted (recorded for Ivy)'],
    ['zh-CN', inLanguage('zh-CN', () => t('entry.visitPart.forTechnician', { what: '', name: 'Ivy' })).trim()],
  ] as const) {
    await open(id, lang, '/timeline');
    expect(await textOf('body')).toContain(words);
  }
  await signOut(web.page);
  await signIn(web.page, web.server.url, 'tech-omar');
});
