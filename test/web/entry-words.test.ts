// Loaded first: @hono/zod-openapi must extend zod before any schema is built.
import '@hono/zod-openapi';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { careEvents } from '../../db/care-schema.js';
import { staff, tasks, technicians, visitEvents } from '../../db/schema.js';
import { COMPLAINT_ENTRY_TYPES, RESCUE_ENTRY_TYPES, VISIT_EVENT_TYPES } from '../../domain/entry-words.js';
import { directoryOf, type StaffMember } from '../../domain/staff.js';
import { TaskKind } from '../../domain/tasks.js';
import { careEntryText, TIMER_WORDS } from '../../web/entry-words.js';
import { entriesEn } from '../../web/i18n/entries-en.js';
import { entriesZhCN } from '../../web/i18n/entries-zh-CN.js';
import { inLanguage } from '../../web/i18n/index.js';
import { asStaff } from '../support/auth.js';
import { DESKTOP, signIn, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import {
  act,
  bookWithCallDue,
  foreman,
  newVisitBody,
  qc,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  stateOf,
  walkIn,
} from '../support/visits.js';

// Issue 17, "labels, not codes": what the workflows record (visit events, tasks, complaint and rescue entries) is
// stored with an English sentence for old readers, but a Chinese page words it from the stored type and values:
// no stored English sentence and no staff id reaches the page, and every type has its words in both languages.

describe('every recorded type has words in both languages', () => {
  const sections = [
    ['visit', VISIT_EVENT_TYPES],
    ['complaint', COMPLAINT_ENTRY_TYPES],
    ['rescue', RESCUE_ENTRY_TYPES],
    ['task', TaskKind],
  ] as const;

  it.each(sections)('%s', (section, types) => {
    for (const type of types) {
      const en = (entriesEn[section] as Record<string, string>)[type];
      const zh = (entriesZhCN[section] as Record<string, string>)[type];
      expect(en, `${section}.${type} in English`).toMatch(/\w/);
      expect(zh, `${section}.${type} in Chinese`).toMatch(/\p{Script=Han}/u);
    }
    expect(Object.keys(entriesEn[section]).sort()).toEqual([...types].sort());
  });

  it('every timer a workflow names has a title', () => {
    const dir = 'workflows';
    const named = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      // The name is the last argument: a string, or a template, closing the call.
      .flatMap((f) => [
        ...readFileSync(join(dir, f), 'utf8').matchAll(/waitUntil\([\s\S]*?,\s*(?:'([^']+)'|`([^`]+)`),?\s*\)(?!\s*,)/g),
      ])
      .map((m) => m[1] ?? m[2] ?? '');
    expect(named.length).toBeGreaterThan(8);
    // The booking loop names its timers by step: each step the loop waits for.
    const names = named.flatMap((n) =>
      n.includes('step.kind')
        ? ['confirmation_call', 'confirmation_unanswered', 'no_show', 'close_no_show'].map(
            (k) => `booking: ${k.replaceAll('_', ' ')}`,
          )
        : n.includes('CLOCK_NAMES[clock]')
          ? ['first response', 'resolution'].map((c) => n.replace(/\$\{CLOCK_NAMES\[clock\]\}/, c))
          : [n],
    );
    for (const name of names) expect(TIMER_WORDS[name], name).toBeDefined();
  });
});

describe('a visit, a complaint and a rescue read in Chinese', () => {
  const web = useBrowserStack({
    technicians: true,
    async seed({ stack }) {
      // Everyone who acts below is in the directory: an id it does not know is shown as such, by design.
      await stack.database.db.insert(staff).values([
        { id: foreman.id, name: 'Jo Fischer', role: 'foreman' },
        { id: qc.id, name: 'Kim Lang', role: 'qc' },
      ]);
    },
    page: false,
  });
  let visitId: string;
  let complaintId: string;
  let rescueId: string;
  let staffIds: string[];

  it('walks a visit to pickup, books another, works two complaints and a rescue', async () => {
    const advisor = asStaff(web.stack.app, 'advisor', 'adv-lena');

    // A visit walked from reception to pickup, and another booked with its confirmation call on the list.
    const body = newVisitBody();
    visitId = await walkIn(web.stack, { body: { ...body, customer: { ...body.customer, name: 'Wang Fang' } } });
    const estimated = await receiveAndEstimate(web.stack, visitId);
    await act(web.stack, visitId, 'decide', {
      decisions: estimated.lines.map((l, i) => ({ lineId: l.id, approved: i !== 1 })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairAndDeliver(web.stack, visitId);
    const booked = await bookWithCallDue(web.stack);
    await expect
      .poll(async () => (await web.stack.database.db.select().from(tasks).where(eq(tasks.visitId, booked))).length, {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await web.stack.database.db.select().from(tasks).where(eq(tasks.visitId, visitId))).length, {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);

    // A complaint taken on by an advisor, and one still waiting for an owner on the call list.
    const opened = await readJson(await postJson(advisor, '/complaints', { visitId, description: 'The wipers squeak.' }));
    complaintId = opened.complaintId;
    for (const [name, body] of [
      ['assign', { assigneeId: 'adv-lena', acknowledgement: 'Called back, we will look at it' }],
      ['propose_solution', { solution: 'New wiper blades' }],
    ] as const) {
      const res = await postJson(advisor, `/complaints/${complaintId}/actions/${name}`, body);
      expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
    }
    expect((await postJson(advisor, '/complaints', { visitId, description: 'Nobody called me.' })).status).toBe(201);

    // A roadside rescue the crew fixed on site.
    const call = await readJson(
      await postJson(advisor, '/hotline/calls', {
        callerName: 'Mara Stein',
        phone: '+49 30 5550177',
        summary: "Car won't start",
        category: 'rescue',
        location: 'Aral, Tempelhofer Damm 12',
        plate: 'B-MS-1',
      }),
    );
    rescueId = call.rescueId;
    for (const [name, body] of [
      ['set_out', { crew: 'Truck 2', etaAt: new Date(Date.now() + 3_600_000).toISOString() }],
      ['arrive', {}],
      ['resolve_on_site', { notes: 'Battery replaced' }],
    ] as const) {
      const res = await postJson(advisor, `/rescues/${rescueId}/actions/${name}`, body);
      expect(res.status, `${name}: ${await res.clone().text()}`).toBe(200);
    }
    const people = [
      ...(await web.stack.database.db.select({ id: staff.id }).from(staff)),
      ...(await web.stack.database.db.select({ id: technicians.id }).from(technicians)),
    ];
    staffIds = people.map((p) => p.id);
  });

  /** The English sentences the rows were stored with: none may reach a Chinese page. */
  async function storedSentences(): Promise<string[]> {
    const db = web.stack.database.db;
    const events = await db.select().from(visitEvents).where(eq(visitEvents.visitId, visitId));
    const open = await db.select().from(tasks).where(eq(tasks.status, 'open'));
    const entries = await db
      .select()
      .from(careEvents)
      .where(inArray(careEvents.subjectId, [complaintId, rescueId]));
    return [...events.map((e) => String(e.data.summary)), ...open.map((task) => task.title), ...entries.map((e) => e.summary)];
  }

  /** Everything the page shows a person, its folded sections and tooltips included. */
  async function shownText(page: Page): Promise<string> {
    const titles = await page.locator('[title]').evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));
    return [(await page.locator('body').textContent()) ?? '', ...titles].join('\n');
  }

  it('the timeline, the call list and the complaint word every stored entry in Chinese and name people', async () => {
    const sentences = await storedSentences();
    expect(sentences.length).toBeGreaterThan(20);
    const context = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, web.server.url, 'mgr-max');
    const screens = {
      timeline: `/app/visits/${visitId}/timeline`,
      calls: '/app/calls',
      complaint: `/app/complaints/${complaintId}`,
    };
    const shown: Record<string, string> = {};
    for (const [name, path] of Object.entries(screens)) {
      const res = await page.goto(`${web.server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
      const text = await shownText(page);
      shown[name] = text;
      expect(await rawIn(page), path).toEqual([]);
      expect(await englishIn(page), path).toEqual([]);
      expect(
        sentences.filter((s) => text.includes(s)),
        `stored English on ${path}`,
      ).toEqual([]);
      expect(
        staffIds.filter((id) => new RegExp(`\\b${id}\\b`).test(text)),
        `staff ids on ${path}`,
      ).toEqual([]);
    }
    // The words are there, with names from the directory and local times.
    expect(shown.timeline).toContain('已派工给');
    expect(shown.timeline).toContain('Omar');
    expect(shown.timeline).toContain('Kim Lang');
    expect(shown.timeline).toContain('回访电话到期');
    expect(shown.calls).toMatch(/确认 \S+ \d{2}:\d{2} 的预约/);
    expect(shown.calls).toContain('交车后回访电话');
    expect(shown.calls).toMatch(/投诉 C-[0-9A-F]{8}：指派负责人致电客户/);
    expect(shown.complaint).toContain('已指派给 Lena Vogt');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a rescue's entries carry their values and read in Chinese without a stored sentence", async () => {
    const entries = await web.stack.database.db.select().from(careEvents).where(eq(careEvents.subjectId, rescueId));
    expect(entries.map((e) => e.type)).toEqual(['dispatched', 'set_out', 'arrived', 'resolved_on_site']);
    const members = await readJson(await asStaff(web.stack.app, 'manager', 'mgr-max').request('/staff'));
    const reader = { directory: directoryOf(members as StaffMember[]), tz: 'Asia/Shanghai' };
    for (const e of entries) {
      expect(e.detail, e.type).not.toBeNull();
      const words = inLanguage('zh-CN', () => careEntryText('rescue', e, reader));
      expect(words, e.type).not.toBe(e.summary);
      expect(words, e.type).toMatch(/\p{Script=Han}/u);
    }
    const setOut = entries.find((e) => e.type === 'set_out') ?? { type: 'set_out', summary: 'missing', detail: null };
    expect(inLanguage('zh-CN', () => careEntryText('rescue', setOut, reader))).toMatch(
      /^Truck 2 已出发，预计 \d{1,2}月\d{1,2}日周. \d{2}:\d{2} 到达$/,
    );
    // A row from before the values were recorded shows the sentence it was stored with.
    expect(careEntryText('rescue', { type: 'set_out', summary: 'Truck 2 on the way', detail: null }, reader)).toBe(
      'Truck 2 on the way',
    );
    expect((await stateOf(web.stack, visitId)).stage).toBe('follow_up');
  });
});
