import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mayRead, readsAll, type StaffRole } from '../../domain/roles.js';
import { asStaff } from '../support/auth.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { readJson } from '../support/http.js';
import { bookVisit, newVisitBody } from '../support/visits.js';

// Every screen, opened by every role: the navigation offers a role only what it can use, and a screen kept for
// others answers with a plain "not for your role" page naming whom to ask — never a 500, and never an empty list
// that reads as "nothing to do" (a technician opening the call list by its address used to get one).

let visitId: string;
let customerId: string;
let phone: string;
const web = useBrowserStack({
  page: false,
  async seed({ stack }) {
    const body = newVisitBody();
    phone = body.customer.phone;
    visitId = await bookVisit(stack, { inMs: 3_600_000, body });
    customerId = (await readJson(await asStaff(stack.app, 'advisor').request(`/visits/${visitId}`))).state.customer.id;
  },
});

const SCREENS = {
  board: '/app/board',
  calls: '/app/calls',
  workshop: '/app/workshop',
  visits: '/app/visits',
  complaints: '/app/complaints',
  newComplaint: '/app/complaints/new',
  kpis: '/app/kpis',
  staff: '/app/staff',
  calendar: '/app/calendar',
  campaigns: '/app/campaigns',
  technicians: '/app/technicians',
  timeline: '/app/visits/:visit/timeline',
  feedback: '/app/feedback',
  contactList: '/app/contact-list',
} as const;
type Screen = keyof typeof SCREENS;

interface Walk {
  role: StaffRole;
  staffId: string;
  lang: 'en' | 'zh-CN';
  nav: Screen[];
  /** Screens it uses that are reached from another screen rather than the navigation. */
  alsoOpens: Screen[];
}

const ADMIN_NAV: Screen[] = [
  'board',
  'calls',
  'workshop',
  'visits',
  'complaints',
  'kpis',
  'staff',
  'calendar',
  'campaigns',
  'feedback',
];
const WALKS: Walk[] = [
  {
    role: 'advisor',
    staffId: 'adv-lena',
    lang: 'en',
    nav: ['board', 'calls', 'workshop', 'visits', 'complaints', 'campaigns', 'feedback'],
    alsoOpens: ['newComplaint', 'contactList'],
  },
  { role: 'technician', staffId: 'tech-omar', lang: 'zh-CN', nav: ['workshop', 'visits', 'feedback'], alsoOpens: [] },
  { role: 'technician', staffId: 'tech-omar', lang: 'en', nav: ['workshop', 'visits', 'feedback'], alsoOpens: [] },
  { role: 'qc', staffId: 'qc-kim', lang: 'en', nav: ['workshop', 'visits', 'feedback'], alsoOpens: [] },
  {
    role: 'foreman',
    staffId: 'fm-jo',
    lang: 'zh-CN',
    nav: ['board', 'workshop', 'visits', 'feedback'],
    alsoOpens: ['technicians'],
  },
  {
    role: 'manager',
    staffId: 'mgr-max',
    lang: 'en',
    nav: ['board', 'calls', 'workshop', 'visits', 'complaints', 'kpis', 'calendar', 'campaigns', 'feedback'],
    alsoOpens: ['newComplaint', 'technicians', 'timeline', 'contactList'],
  },
  {
    role: 'admin',
    staffId: 'adm-ida',
    lang: 'zh-CN',
    nav: ADMIN_NAV,
    alsoOpens: ['newComplaint', 'technicians', 'timeline', 'contactList'],
  },
];

/** Whom each kept screen names, as the page says it in each language. */
const ASK: Partial<Record<Screen, Record<Walk['lang'], string>>> = {
  board: { en: 'Service advisor, Foreman or Service manager', 'zh-CN': '服务顾问、车间主管或服务经理' },
  calls: { en: 'Service advisor or Service manager', 'zh-CN': '服务顾问或服务经理' },
  campaigns: { en: 'Service advisor or Service manager', 'zh-CN': '服务顾问或服务经理' },
  complaints: { en: 'Service advisor or Service manager', 'zh-CN': '服务顾问或服务经理' },
  newComplaint: { en: 'Service advisor or Service manager', 'zh-CN': '服务顾问或服务经理' },
  kpis: { en: 'Service manager', 'zh-CN': '服务经理' },
  staff: { en: 'Administrator', 'zh-CN': '管理员' },
  calendar: { en: 'Service manager', 'zh-CN': '服务经理' },
  technicians: { en: 'Foreman or Service manager', 'zh-CN': '车间主管或服务经理' },
  timeline: { en: 'Service manager', 'zh-CN': '服务经理' },
  contactList: { en: 'Service advisor or Service manager', 'zh-CN': '服务顾问或服务经理' },
};
const NOT_FOR_ROLE = { en: 'Not for your role', 'zh-CN': '此页面不属于您的岗位' };

const pathOf = (screen: Screen) => SCREENS[screen].replace(':visit', visitId);

async function navOf(page: Page): Promise<string[]> {
  return page.locator('nav.mainnav a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

describe('every screen for every role', () => {
  for (const walk of WALKS) {
    it(`${walk.role} (${walk.lang}): the navigation holds what it uses, and every other screen says whom to ask`, async () => {
      const context = await staffContext(web.browser);
      await context.addCookies([{ name: 'sl_lang', value: walk.lang, url: `${web.server.url}/app` }]);
      const page = await context.newPage();
      try {
        await signIn(page, web.server.url, walk.staffId);
        expect(await navOf(page)).toEqual(walk.nav.map(pathOf));
        for (const screen of Object.keys(SCREENS) as Screen[]) {
          const answer = await page.goto(`${web.server.url}${pathOf(screen)}`);
          const uses = walk.nav.includes(screen) || walk.alsoOpens.includes(screen);
          if (uses) {
            expect(answer?.status(), `${walk.role} opens ${screen}`).toBe(200);
            await expect(page.locator('[data-error-message]').count()).resolves.toBe(0);
            continue;
          }
          expect(answer?.status(), `${walk.role} is refused ${screen}`).toBe(403);
          await expect(page.locator('h2').first().textContent()).resolves.toBe(NOT_FOR_ROLE[walk.lang]);
          const said = await page.locator('[data-error-message]').textContent();
          expect(said, `${screen} names whom to ask`).toContain(ASK[screen]?.[walk.lang]);
          await expect(page.locator('a[href="/app"]').count()).resolves.toBe(1);
        }
        // A form of a kept screen, sent by someone else, is refused the same way before it reaches the API.
        if (!walk.nav.includes('calls')) {
          const status = await page.evaluate(
            (url) => fetch(url, { method: 'POST', body: new URLSearchParams({ op: 'reached' }) }).then((r) => r.status),
            `${web.server.url}/app/calls/some-task`,
          );
          expect(status).toBe(403);
        }
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  // What a screen shows follows who may read it [S7]: the workshop opens the visit it works on, without the customer's
  // number and without their file, which the front desk keeps.
  for (const walk of WALKS.filter((w) => w.lang === 'en')) {
    it(`${walk.role}: the visit page shows the customer's number and file only to those who may read them`, async () => {
      const context = await staffContext(web.browser);
      const page = await context.newPage();
      try {
        await signIn(page, web.server.url, walk.staffId);
        const visit = await page.goto(`${web.server.url}/app/visits/${visitId}`);
        expect(visit?.status()).toBe(200);
        await expect(page.locator('[data-error-message]').count()).resolves.toBe(0);
        const shown = (await page.locator('main').textContent()) ?? '';
        expect(shown.includes(phone), 'the phone').toBe(readsAll(walk.role, 'visit'));
        const fileLinks = await page.locator(`a[href="/app/customers/${customerId}"]`).count();
        expect(fileLinks > 0, 'a link to the file').toBe(mayRead(walk.role, 'customerFiles'));
        const file = await page.goto(`${web.server.url}/app/customers/${customerId}`);
        if (mayRead(walk.role, 'customerFiles')) {
          expect(file?.status()).toBe(200);
          expect(await page.locator('main').textContent()).toContain(phone);
        } else {
          expect(file?.status()).toBe(403);
          const said = await page.locator('[data-error-message]').textContent();
          expect(said).toContain('Service advisor or Service manager');
          expect(await page.locator('main').textContent()).not.toContain(phone);
        }
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
