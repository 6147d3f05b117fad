import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../domain/language.js';
import { asStaff } from '../support/auth.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { sidewaysOverflow } from '../support/screen-checks.js';
import { englishIn, rawIn } from '../support/screen-text.js';

// The contact list (public and staff), the staff suggestions and the KPI card that counts them, holding the longest
// text the API takes without a space — a Latin run, Chinese without punctuation, a link, emoji — at a phone's 375 px
// and a desk's 1280 px in both languages: no page scrolls sideways, no table or list outgrows its box (whose scroll
// bar would hide "Take off the list" or "Accept"), nothing raw shows, and no English on a Chinese page. A place the
// list cannot take ("Where are you?" with only a right-to-left mark, or a pasted page) shows the whole list and says
// why under the field, instead of an error page.

const LATIN = 'A1B2C3D4E5'.repeat(20);
const CJK = '更换前制动片并检查制动盘磨损情况'.repeat(130);
const LINK = `https://maps.example.com/place?ref=${'abc123'.repeat(340)}`;
const EMOJI = '🔧🚗'.repeat(50);

const web = useBrowserStack({ page: false });

/** Every table and list on the page wider than the box it sits in, with both widths. */
const widerThanTheirBox = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('table, ul, ol, dl, form')]
    .filter((el) => el.getBoundingClientRect().width > el.parentElement.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().width) + ' > ' + el.parentElement.clientWidth)`) as Promise<
    string[]
  >;

describe('the contact list and the suggestions on narrow and wide screens', () => {
  it('seeds points and suggestions of the longest text the API takes', async () => {
    const manager = asStaff(web.stack.app, 'manager', 'mgr-max');
    const points = [
      {
        name: LATIN,
        region: LATIN.slice(0, 100),
        city: CJK.slice(0, 100),
        address: LINK.slice(0, 300),
        phone: '+86 27 8765 4321',
      },
      {
        name: CJK.slice(0, 200),
        region: CJK.slice(0, 100),
        city: EMOJI.slice(0, 100),
        address: CJK.slice(0, 300),
        phone: '+86 27 8765 4322',
      },
    ];
    for (const point of points)
      expect((await postJson(manager, '/contact-list/points', { ...point, open24h: true, rescue: true })).status).toBe(201);
    const technician = asStaff(web.stack.app, 'technician', 'tech-omar');
    for (const suggestion of [LATIN.repeat(10), CJK.slice(0, 2000), LINK.slice(0, 2000)])
      expect((await postJson(technician, '/feedback', { stage: 'quality_check', suggestion, language: 'en' })).status).toBe(201);
    const decided = await readJson(
      await postJson(technician, '/feedback', { stage: 'diagnosis', suggestion: EMOJI, language: 'zh-CN' }),
    );
    const note = { decision: 'declined', note: LINK.slice(0, 2000) };
    expect((await postJson(manager, `/feedback/${decided.id}/decision`, note)).status).toBe(200);
  });

  it('no screen scrolls sideways, outgrows its box or shows a raw value, at 375 and 1280 px, in English and Chinese', {
    timeout: 300_000,
  }, async () => {
    const views: [string, string[]][] = [
      [
        'mgr-max',
        [
          '/app/contacts',
          `/app/contacts?near=${encodeURIComponent(CJK.slice(0, 20))}`,
          '/app/contact-list',
          `/app/contact-list?near=${LATIN.slice(0, 100)}`,
          '/app/feedback?status=all',
          '/app/kpis',
        ],
      ],
      ['tech-omar', ['/app/feedback']],
    ];
    const found: string[] = [];
    for (const lang of ['en', 'zh-CN'] as Language[])
      for (const width of [375, 1280])
        for (const [staffId, paths] of views) {
          const context = await staffContext(web.browser, { width, height: 800 });
          try {
            const page = await context.newPage();
            await signIn(page, web.server.url, staffId);
            for (const path of paths) {
              const res = await page.goto(`${web.server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
              await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
              const where = `${lang} ${width} px ${staffId} ${path.split('?')[0]}`;
              if (res?.status() !== 200) found.push(`${where}: answered ${res?.status()}`);
              const overflow = await sidewaysOverflow(page);
              if (overflow) found.push(`${where}: the page scrolls sideways by ${overflow} px`);
              for (const wide of await widerThanTheirBox(page)) found.push(`${where}: ${wide}`);
              for (const raw of await rawIn(page)) found.push(`${where}: ${raw}`);
              if (lang === 'zh-CN') for (const english of await englishIn(page)) found.push(`${where}: ${english}`);
            }
          } finally {
            await context.close();
          }
        }
    expect(found).toEqual([]);
  });

  it('a place the list cannot take shows the whole list and says why under "Where are you?", in both languages', async () => {
    const context = await staffContext(web.browser, { width: 375, height: 800 });
    try {
      const page = await context.newPage();
      const places: [string, Record<Language, RegExp>][] = [
        ['%E2%80%AE', { en: /^The place: /, 'zh-CN': /^地点/ }],
        [`${'x'.repeat(300)}`, { en: /^The place: too long; keep it to 200 characters/, 'zh-CN': /^地点.*200/ }],
      ];
      for (const path of ['/app/contacts', '/app/contact-list']) {
        if (path === '/app/contact-list') await signIn(page, web.server.url, 'mgr-max');
        for (const [near, said] of places)
          for (const lang of ['en', 'zh-CN'] as Language[]) {
            const res = await page.goto(`${web.server.url}${path}?near=${near}&lang=${lang}`);
            const where = `${path} ${lang} ${near.slice(0, 12)}`;
            expect(res?.status(), where).toBe(400);
            expect(await page.locator('[data-field-error="near"]').textContent(), where).toMatch(said[lang]);
            expect(await page.locator('li.contact-point, tr[data-point]').count(), where).toBe(2);
            expect(await page.locator('[data-nearest]').count(), where).toBe(0);
            expect(await rawIn(page), where).toEqual([]);
            expect(await sidewaysOverflow(page), where).toBe(0);
          }
      }
    } finally {
      await context.close();
    }
  });
});
