import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../domain/language.js';
import { asStaff } from '../support/auth.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { sidewaysOverflow } from '../support/screen-checks.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { approvalLinkOf, inLanguageLink } from '../support/screen-tour.js';
import {
  act,
  assignAndStart,
  assigneeOf,
  bookVisit,
  newVisitBody,
  phoneConsent,
  receiveAndEstimate,
  repairAndDeliver,
  seedTechnicians,
  stateOf,
  walkIn,
  workCompleted,
} from '../support/visits.js';

// What people paste without a space — a part number string, Chinese without punctuation, a link, a run of emoji —
// wraps inside the table or list that shows it, at a phone's 375 px and a desk's 1280 px, in both languages: the
// page never scrolls sideways, and no table is wider than its card (whose scroll bar would hide the line's
// Approve/Decline from the desk). Names hold what the API lets through (emoji, a right-to-left mark, a line
// separator, 100 characters), and each role's screens show no raw value nor, in Chinese, an English label.

const LATIN = 'A1B2C3D4E5'.repeat(20);
const CJK = '更换前制动片并检查制动盘磨损情况'.repeat(13).slice(0, 200);
const LINK = `https://parts.example.com/catalogue/item?ref=${'abc123'.repeat(26)}`;
const EMOJI = '🔧🚗'.repeat(50);
const HOSTILE = [LATIN, CJK, LINK, EMOJI];
const NAME = LATIN.slice(0, 100);
// What a name can hold that the API lets through (domain/text.ts refuses control and bidirectional override
// characters): emoji, a right-to-left mark, a line separator, Arabic, 100 characters.
const ODD_NAME = `🚗🔧\u200f${'وليد'.repeat(5)}\u2028${'王'.repeat(40)}${'🙂'.repeat(17)}`;
const lines = HOSTILE.map((description, i) => ({
  kind: 'part' as const,
  description,
  quantity: 1,
  unitPriceCents: 1_000 * (i + 1),
}));

const web = useBrowserStack({ publicUrl: true, page: false });
const seeded = { approval: '', delivered: '', qc: '', booked: '', customerId: '', complaintId: '', link: '' };

/** Every table and list on the page wider than the box it sits in, with both widths. */
const widerThanTheirBox = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('table, ul, ol, dl')]
    .filter((el) => el.getBoundingClientRect().width > el.parentElement.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().width) + ' > ' + el.parentElement.clientWidth)`) as Promise<
    string[]
  >;

describe('hostile text on narrow and wide screens', () => {
  it('seeds visits awaiting approval, delivered, at QC and booked, named and described without spaces', {
    timeout: 300_000,
  }, async () => {
    const { stack } = web;
    await seedTechnicians(stack);
    const admin = asStaff(stack.app, 'admin', 'adm-ida');
    expect((await postJson(admin, '/technicians', { id: 'tech-long', name: NAME, skillLevel: 2 })).status).toBe(201);
    expect((await postJson(admin, '/staff', { id: 'adv-long', name: CJK.slice(0, 100), role: 'advisor' })).status).toBe(201);
    const op = { code: 'RC-LONG', description: LINK, flatRateHours: 1, hourlyRateCents: 10_000, skillLevel: 1 };
    expect((await postJson(admin, '/catalogue/labour-operations', op)).status).toBe(201);
    const body = newVisitBody();
    seeded.approval = await walkIn(stack, {
      body: {
        ...body,
        customer: { ...body.customer, name: NAME },
        vehicle: { ...body.vehicle, model: CJK.slice(0, 100) },
        requestedServices: HOSTILE,
      },
    });
    const campaign = { code: 'RC-26-001', description: LATIN + CJK, labourCode: op.code, vins: [body.vehicle.vin] };
    expect((await postJson(admin, '/campaigns', campaign)).status).toBe(201);
    await receiveAndEstimate(stack, seeded.approval, lines);
    seeded.link = await approvalLinkOf(stack, seeded.approval);
    seeded.customerId = (await stateOf(stack, seeded.approval)).customer.id;

    const plain = newVisitBody();
    seeded.delivered = await walkIn(stack, {
      body: { ...plain, customer: { ...plain.customer, name: CJK.slice(0, 100) }, requestedServices: HOSTILE },
    });
    await receiveAndEstimate(stack, seeded.delivered, lines);
    const proposed = (await stateOf(stack, seeded.delivered)).lines;
    await act(stack, seeded.delivered, 'decide', {
      decisions: proposed.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-1'),
    });
    await repairAndDeliver(stack, seeded.delivered);
    const odd = (body = newVisitBody()) => ({
      ...body,
      customer: { ...body.customer, name: ODD_NAME },
      vehicle: { ...body.vehicle, model: EMOJI.slice(0, 100) },
    });
    seeded.qc = await walkIn(stack, { body: odd() });
    await receiveAndEstimate(stack, seeded.qc, lines);
    await act(stack, seeded.qc, 'decide', {
      decisions: (await stateOf(stack, seeded.qc)).lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-2'),
    });
    await assignAndStart(stack, seeded.qc, { technicianId: 'tech-long', overrideReason: CJK.slice(0, 100) });
    await act(stack, seeded.qc, 'complete_work', workCompleted, await assigneeOf(stack, seeded.qc));
    seeded.booked = await bookVisit(stack, { inMs: 3_600_000, body: odd() });
    const advisor = asStaff(stack.app, 'advisor', 'adv-lena');
    const opened = await postJson(advisor, '/complaints', {
      visitId: seeded.delivered,
      description: HOSTILE.join(' '),
      source: 'phone',
    });
    expect(opened.status).toBe(201);
    seeded.complaintId = (await readJson(opened)).complaintId;
    await expect.poll(async () => (await advisor.request(`/complaints/${seeded.complaintId}`)).status).toBe(200);
  });

  it("the desk's approval table wraps a 200-character description at 375 px: the decision stays in view", async () => {
    const context = await staffContext(web.browser, { width: 375, height: 800 });
    try {
      const page = await context.newPage();
      await signIn(page, web.server.url, 'adv-lena');
      for (const lang of ['en', 'zh-CN'] as Language[]) {
        await page.goto(`${web.server.url}/app/visits/${seeded.approval}?lang=${lang}`);
        await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
        const table = page.locator('table:has(input[name^="decision."])');
        await expect(table.locator('tbody tr').count()).resolves.toBe(HOSTILE.length);
        const [width, box] = (await page.evaluate(
          `(() => { const t = document.querySelector('table:has(input[name^="decision."])'); return [t.getBoundingClientRect().width, t.parentElement.clientWidth]; })()`,
        )) as [number, number];
        expect(width, lang).toBeLessThanOrEqual(box + 1);
        // The decision's own words are not broken to fit: "Approve" is on one line.
        const [height, lineHeight] = (await page.evaluate(
          `(() => { const l = document.querySelector('label.radio:has(input[value=approve])'); return [l.getBoundingClientRect().height, parseFloat(getComputedStyle(l).lineHeight)]; })()`,
        )) as [number, number];
        expect(height, lang).toBeLessThan(2 * lineHeight + 12);
        expect(await sidewaysOverflow(page), lang).toBe(0);
      }
    } finally {
      await context.close();
    }
  });

  it('no screen scrolls sideways and no table or list outgrows its box, at 375 and 1280 px, in English and Chinese', {
    timeout: 300_000,
  }, async () => {
    const { approval, delivered, customerId, complaintId, link } = seeded;
    const screens = [
      `/app/visits/${approval}`,
      `/app/visits/${delivered}`,
      `/app/visits/${seeded.qc}`,
      `/app/visits/${seeded.booked}`,
      `/app/visits/${delivered}/timeline`,
      '/app/visits',
      '/app/board',
      '/app/workshop',
      '/app/calls',
      `/app/customers/${customerId}`,
      '/app/complaints',
      `/app/complaints/${complaintId}`,
      '/app/campaigns',
      '/app/technicians',
      '/app/staff',
      '/app/prices',
      '/app/kpis',
    ];
    const found: string[] = [];
    for (const lang of ['en', 'zh-CN'] as Language[]) {
      const context = await staffContext(web.browser);
      try {
        const page = await context.newPage();
        await signIn(page, web.server.url, 'adm-ida');
        for (const width of [375, 1280]) {
          await page.setViewportSize({ width, height: 800 });
          for (const path of [...screens.map((s) => `${s}?lang=${lang}`), inLanguageLink(link, lang)]) {
            await page.goto(`${web.server.url}${path}`);
            await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
            const where = `${lang} ${width} px ${path.split('?')[0]}`;
            const overflow = await sidewaysOverflow(page);
            if (overflow) found.push(`${where}: the page scrolls sideways by ${overflow} px`);
            for (const wide of await widerThanTheirBox(page)) found.push(`${where}: ${wide}`);
            for (const raw of await rawIn(page)) found.push(`${where}: ${raw}`);
            if (lang === 'zh-CN') for (const english of await englishIn(page)) found.push(`${where}: ${english}`);
          }
        }
      } finally {
        await context.close();
      }
    }
    expect(found).toEqual([]);
  });

  it('each role sees its screens at 375 px in Chinese without raw values, English or sideways scrolling', {
    timeout: 300_000,
  }, async () => {
    const { approval, qc, booked } = seeded;
    const views: [string, string[]][] = [
      ['adv-lena', ['/app/board', '/app/calls', `/app/visits/${approval}`, `/app/visits/${booked}`]],
      ['tech-omar', ['/app/workshop', `/app/visits/${qc}`]],
      ['qc-kim', ['/app/workshop', `/app/visits/${qc}`]],
      ['fm-jo', ['/app/workshop', '/app/technicians']],
      ['mgr-max', ['/app/kpis', '/app/campaigns', `/app/visits/${qc}`]],
    ];
    const found: string[] = [];
    for (const [staffId, paths] of views) {
      const context = await staffContext(web.browser, { width: 375, height: 800 });
      try {
        const page = await context.newPage();
        await signIn(page, web.server.url, staffId);
        for (const path of paths) {
          await page.goto(`${web.server.url}${path}?lang=zh-CN`);
          await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
          const where = `${staffId} ${path}`;
          const overflow = await sidewaysOverflow(page);
          if (overflow) found.push(`${where}: the page scrolls sideways by ${overflow} px`);
          for (const wide of await widerThanTheirBox(page)) found.push(`${where}: ${wide}`);
          for (const raw of await rawIn(page)) found.push(`${where}: ${raw}`);
          for (const english of await englishIn(page)) found.push(`${where}: ${english}`);
        }
      } finally {
        await context.close();
      }
    }
    expect(found).toEqual([]);
  });
});
