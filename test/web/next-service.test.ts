import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { visits } from '../../db/schema.js';
import type { Language } from '../../domain/language.js';
import { addLocalMonths } from '../../domain/local-time.js';
import { date, dueFigure, km } from '../../web/format.js';
import { inLanguage, t } from '../../web/i18n/index.js';
import { screen } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { act, newVisitBody, qc, receiveAndEstimate, repairToQc, signature, stateOf, walkIn } from '../support/visits.js';

// Delivery [S1.8]: the advisor reminds the customer of the next maintenance, its approximate date and mileage. The
// pickup plans it; before, the delivery form and the visit page showed nothing of it while the form asked the
// advisor to confirm they had told it. Now both show the figure, worked out by the rule the pickup records it with,
// on the shop's calendar (Shanghai: eight hours ahead of the UTC the figure is stored in).

const TZ = 'Asia/Shanghai';
const web = useBrowserStack({ technicians: true, signIn: 'adv-lena', timeZone: TZ });

async function readyForPickup() {
  const body = newVisitBody();
  // A name as the shop's Chinese customers have: the Chinese page is checked for English left in it.
  const id = await walkIn(web.stack, { body: { ...body, customer: { ...body.customer, name: '王芳' } } });
  const estimated = await receiveAndEstimate(web.stack, id);
  await act(web.stack, id, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  await repairToQc(web.stack, id);
  await act(web.stack, id, 'record_qc', { passed: true }, qc);
  return id;
}

const form = () => web.page.locator('form[data-action="record_pickup"]');
const textOf = async (selector: string) => ((await web.page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
const open = (id: string, lang: Language) => web.page.goto(`${web.server.url}/app/visits/${id}?lang=${lang}`);
const say = (lang: Language, key: Parameters<typeof t>[0], vars?: Record<string, unknown>) =>
  inLanguage(lang, () => t(key, vars));

async function expectPlainScreen(lang: Language) {
  expect(await rawIn(web.page)).toEqual([]);
  if (lang === 'zh-CN') expect(await englishIn(web.page)).toEqual([]);
}

async function handOver() {
  for (const item of ['cleaned', 'allItemsDone', 'chargesExplained', 'nextMaintenanceTold', 'coversRemoved'])
    await form().locator(`input[name="checklist.${item}"]`).check();
  await Promise.all([web.page.waitForURL(/done=record_pickup/), form().locator('button[type="submit"]').click()]);
}

it('shows the next service before pickup, in both languages, and the pickup records the figure the advisor told', async () => {
  const id = await readyForPickup();
  // A first visit on file: 12 months from today on the shop's calendar, or 15,000 km past the 52,000 read at arrival.
  const expected = { day: addLocalMonths(Date.now(), 12, TZ), mileage: 67_000 };
  const told: Record<Language, string> = { en: '', 'zh-CN': '' };
  for (const lang of ['en', 'zh-CN'] as const) {
    await open(id, lang);
    const figure = inLanguage(lang, () => ({ date: date(new Date(expected.day).toISOString(), TZ), km: km(expected.mileage) }));
    told[lang] = await textOf('form[data-action="record_pickup"] input[name="checklist.nextMaintenanceTold"] + label');
    expect(told[lang]).toBe(say(lang, 'actionForm.nextMaintenanceTold', figure));
    expect(await textOf('[data-next-service]')).toBe(say(lang, 'visit.dueIfPickedUpToday', figure));
    await expectPlainScreen(lang);
    await screen(web.page, `next-service-01-before-pickup-${lang}`);
  }

  await handOver();
  const recorded = (await stateOf(web.stack, id)).nextMaintenance;
  if (!recorded) throw new Error('the pickup recorded no next maintenance');
  for (const lang of ['en', 'zh-CN'] as const) {
    // What the form showed is what the visit recorded, word for word in each language.
    expect(told[lang]).toBe(
      say(
        lang,
        'actionForm.nextMaintenanceTold',
        inLanguage(lang, () => dueFigure(recorded, TZ)),
      ),
    );
    await open(id, lang);
    expect(await textOf('[data-next-service]')).toBe(
      say(
        lang,
        'visit.dueOr',
        inLanguage(lang, () => dueFigure(recorded, TZ)),
      ),
    );
    await expectPlainScreen(lang);
  }
  expect(web.errors).toEqual([]);
});

it('says in plain words when it cannot be worked out before pickup, and asks only what the advisor can tell', async () => {
  const id = await readyForPickup();
  // A visit opened before the visits row kept its policy's service interval.
  await web.stack.database.db.update(visits).set({ serviceInterval: null }).where(eq(visits.id, id));
  for (const lang of ['en', 'zh-CN'] as const) {
    await open(id, lang);
    expect(await textOf('[data-next-service-missing="interval"]')).toBe(say(lang, 'actionForm.nextMaintenanceNoInterval'));
    expect(await textOf('form[data-action="record_pickup"] input[name="checklist.nextMaintenanceTold"] + label')).toBe(
      say(lang, 'actionForm.nextMaintenanceOnInvoiceTold'),
    );
    expect(await textOf('[data-next-service]')).toBe(say(lang, 'visit.dueWorkedOutAtPickup'));
    await expectPlainScreen(lang);
    await screen(web.page, `next-service-02-not-yet-${lang}`);
  }
  await handOver();
  const recorded = (await stateOf(web.stack, id)).nextMaintenance;
  if (!recorded) throw new Error('the pickup recorded no next maintenance');
  await open(id, 'zh-CN');
  expect(await textOf('[data-next-service]')).toBe(
    say(
      'zh-CN',
      'visit.dueOr',
      inLanguage('zh-CN', () => dueFigure(recorded, TZ)),
    ),
  );
  expect(web.errors).toEqual([]);
});
