import { describe, expect, it } from 'vitest';
import { localDate, localTime } from '../../domain/local-time.js';
import { asStaff } from '../support/auth.js';
import { DESKTOP, PHONE, screen, signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { act, assigneeOf, receiveAndEstimate, signature, walkIn, workCompleted, workStarted } from '../support/visits.js';

// A foreman runs a day from the workshop board (issue 15): adds technicians, watches the board update itself
// when a job is approved elsewhere, assigns the plan's proposal, overrides with a reason — and never meets the
// refusals the issue quotes (a reason demanded for a proposal that moved, "not an active technician" for a
// technician on the board, "try again in a moment").

const REFUSALS = [
  /required when assigning/,
  /not an active technician/,
  /try again in a moment/,
  /refresh in a moment/,
  /overrideReason/,
];

/** Approved before the foreman opens the board. */
let first: string;
let third: string;
/** Its estimate waits on the customer while the board is open. */
let second: string;
let secondLines: string[];

const web = useBrowserStack({
  async seed({ stack }) {
    first = await walkIn(stack);
    third = await walkIn(stack);
    second = await walkIn(stack);
    for (const id of [first, third]) {
      const estimated = await receiveAndEstimate(stack, id);
      await approve(
        id,
        estimated.lines.map((l) => l.id),
      );
    }
    secondLines = (await receiveAndEstimate(stack, second)).lines.map((l) => l.id);
  },
});

/** The customer approves the lines with a signature, through the API. */
const approve = async (visitId: string, lineIds: string[]) => {
  const res = await postJson(asStaff(web.stack.app, 'advisor', 'adv-lena'), `/visits/${visitId}/actions/decide`, {
    decisions: lineIds.map((lineId) => ({ lineId, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  expect(res.status).toBe(200);
};

/** A walk-in whose estimate (the standard lines unless given) the customer has approved. */
const approvedWalkIn = async (lines?: Parameters<typeof receiveAndEstimate>[2]) => {
  const visitId = await walkIn(web.stack);
  const estimated = await receiveAndEstimate(web.stack, visitId, lines);
  await approve(
    visitId,
    estimated.lines.map((l) => l.id),
  );
  return visitId;
};

const job = (visitId: string) => web.page.locator(`article.job[data-visit="${visitId}"]`);

/** When the plan, as the API gives it now, has a waiting job's proposed technician finish it. */
const proposedFinish = async (visitId: string): Promise<string> => {
  const board = await readJson(await asStaff(web.stack.app, 'foreman', 'fm-jo').request('/workshop'));
  const waiting = board.awaitingDispatch.find((j: { visitId: string }) => j.visitId === visitId);
  return waiting.proposal.projectedFinishAt;
};

const BERLIN = 'Europe/Berlin';
const berlin = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: BERLIN });
/**
 * How the staff page (en-GB, Berlin) ought to name the finish `iso` when read at `now`: its clock time alone on that
 * day, else with its weekday and date (the year too in another year). Worked out here from the instants themselves,
 * so at any hour the test knows whether the finish is today, and a screen that drops the day fails.
 */
const readingOf = (iso: string, now: number) => {
  const at = Date.parse(iso);
  if (localDate(at, BERLIN) === localDate(now, BERLIN)) return localTime(at, BERLIN);
  if (localDate(at, BERLIN).slice(0, 4) === localDate(now, BERLIN).slice(0, 4)) return withDay(iso);
  return `${berlin({ day: 'numeric', month: 'short', year: 'numeric' }).format(at)}, ${localTime(at, BERLIN)}`;
};
/** The finish with its weekday and date whatever the day, as the visit page's plan line names it. */
const withDay = (iso: string) =>
  `${berlin({ weekday: 'short', day: 'numeric', month: 'short' }).format(Date.parse(iso))}, ${localTime(Date.parse(iso), BERLIN)}`;
/** Every reading of the finishes the plan gave just before and just after a page showed one (it moves with the clock). */
const readingsAround = (finishes: readonly string[], from: number, to: number) => [
  ...new Set(finishes.flatMap((iso) => [readingOf(iso, from), readingOf(iso, to)])),
];

describe('a foreman runs a day on the workshop board', () => {
  it('adds technicians, sees the board update itself, assigns the proposal and overrides with a reason', async () => {
    await signIn(web.page, web.server.url, 'fm-jo');
    await web.page.goto(`${web.server.url}/app/technicians`);
    const add = web.page.locator('form[action="/app/technicians"]');
    for (const [id, name] of [
      ['tech-ana', 'Ana'],
      ['tech-ben', 'Ben'],
    ] as const) {
      await add.locator('input[name="id"]').fill(id);
      await add.locator('input[name="name"]').fill(name);
      await add.locator('select[name="skillLevel"]').selectOption('3');
      await Promise.all([web.page.waitForURL(/done=technician_added/), add.locator('button[type="submit"]').click()]);
    }

    await web.page.goto(`${web.server.url}/app/workshop`);
    await expect(job(first).locator('[data-assign]').textContent()).resolves.toMatch(/Assign to (Ana|Ben)/);
    await expect(job(second).count()).resolves.toBe(0);
    // A mark on this very page: it is gone if the page is loaded again.
    await web.page.evaluate('window.__sameBoard = true');

    // The customer approves at the front desk: the board shows the job within seconds, without a reload.
    await approve(second, secondLines);
    await expect.poll(() => job(second).count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await expect(web.page.evaluate('window.__sameBoard')).resolves.toBe(true);
    await expect(job(second).locator('[data-assign]').textContent()).resolves.toMatch(/Assign to (Ana|Ben)/);
    await screen(web.page, 'workshop-live');

    // Override: the second job goes to whoever the plan does not propose, with a reason.
    const proposed = (await job(second).locator('form.inline-form input[name="technicianId"]').getAttribute('value')) as string;
    const other = proposed === 'tech-ana' ? 'tech-ben' : 'tech-ana';
    await job(second).locator('details summary').click();
    const override = job(second).locator('details form');
    await override.locator('select[name="technicianId"]').selectOption(other);
    await override.locator('input[name="overrideReason"]').fill('Knows this model best');
    await Promise.all([web.page.waitForURL(/done=assigned/), override.locator('button[type="submit"]').click()]);
    await expect(web.page.locator(`[data-technician="${other}"] li.assigned[data-slot="${second}"]`).count()).resolves.toBe(1);

    // Another foreman dispatches the third job to the first job's technician while this board shows the first
    // job's proposal: the plan moves under the screen. Pressing "assign" still dispatches the job — the choice
    // either still meets the promise or the board has already refreshed to the new proposal.
    const shown = (await job(first).locator('form.inline-form input[name="technicianId"]').getAttribute('value')) as string;
    const raced = await postJson(asStaff(web.stack.app, 'foreman', 'fm-kai'), `/visits/${third}/actions/assign_technician`, {
      technicianId: shown,
      overrideReason: 'Same customer, same technician',
    });
    expect(raced.status).toBe(200);
    await Promise.all([web.page.waitForURL(/done=assigned/), job(first).locator('[data-assign]').click()]);
    await expect(web.page.locator(`li.assigned[data-slot="${first}"]`).count()).resolves.toBe(1);
    await expect(web.page.locator('article.job').count()).resolves.toBe(0);

    const text = (await web.page.locator('body').textContent()) ?? '';
    for (const refusal of REFUSALS) expect(text).not.toMatch(refusal);
    expect(web.errors).toEqual([]);
  });

  it('lists the cars waiting for quality control, updated as they arrive there', async () => {
    await web.page.goto(`${web.server.url}/app/workshop`);
    await web.page.evaluate('window.__sameBoard = true');
    const assignee = await assigneeOf(web.stack, first);
    await act(web.stack, first, 'start_work', workStarted, assignee);
    await act(web.stack, first, 'complete_work', workCompleted, assignee);
    const qc = web.page.locator(`#quality-check li[data-visit="${first}"]`);
    await expect.poll(() => qc.count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await expect(web.page.evaluate('window.__sameBoard')).resolves.toBe(true);
    // Fit for the wall screen, the tablet at the car and the phone.
    await screen(web.page, 'workshop-qc');
    for (const [name, viewport] of [
      ['tablet', { width: 768, height: 1024 }],
      ['phone', PHONE],
    ] as const) {
      await web.page.setViewportSize(viewport);
      await screen(web.page, `workshop-${name}`);
    }
    await web.page.setViewportSize(DESKTOP);
    expect(web.errors).toEqual([]);
  });

  it('says the plan changed and shows its new proposal when the board could not refresh in time', async () => {
    // This board's stream is cut, so it keeps showing the plan as it was when it loaded.
    const stream = (url: URL) => url.pathname === '/app/live';
    await web.page.route(stream, (route) => route.abort());
    const late = await approvedWalkIn();
    await web.page.goto(`${web.server.url}/app/workshop`);
    const shown = (await job(late).locator('form.inline-form input[name="technicianId"]').getAttribute('value')) as string;

    // Meanwhile a seven-hour job goes to that technician: the promise (8 h) is out of their reach now.
    const big = await approvedWalkIn([
      { kind: 'labour', description: 'Engine rebuild', quantity: 7, unitPriceCents: 9_000, requiredSkill: 1 },
    ]);
    const taken = await postJson(asStaff(web.stack.app, 'foreman', 'fm-kai'), `/visits/${big}/actions/assign_technician`, {
      technicianId: shown,
      overrideReason: 'Only one who knows this engine',
    });
    expect(taken.status).toBe(200);

    const before = { at: Date.now(), finish: await proposedFinish(late) };
    await Promise.all([web.page.waitForLoadState('load'), job(late).locator('[data-assign]').click()]);
    const alert = (await job(late).locator('.alert-error').textContent()) ?? '';
    const after = { at: Date.now(), finish: await proposedFinish(late) };
    expect(alert).toMatch(/the workshop plan changed since this screen showed it/);
    const fresh = shown === 'tech-ana' ? 'Ben' : 'Ana';
    // The finish with its day when that is not today in the shop (past midnight, it said only "00:15").
    const said = alert.match(new RegExp(`It now proposes ${fresh}, finishing at (.+?), by the promised time`))?.[1];
    expect(readingsAround([before.finish, after.finish], before.at, after.at)).toContain(said);
    // The fresh proposal is right there to assign: no dead end.
    await expect(job(late).locator('[data-assign]').textContent()).resolves.toContain(fresh);
    await Promise.all([web.page.waitForURL(/done=assigned/), job(late).locator('[data-assign]').click()]);
    await expect(web.page.locator(`li.assigned[data-slot="${late}"]`).count()).resolves.toBe(1);
    await web.page.unroute(stream);
    for (const refusal of REFUSALS) expect(alert).not.toMatch(refusal);
  });

  it('offers on the visit to tell the customer a new time where the plan misses the promise', async () => {
    const slow = await approvedWalkIn([
      { kind: 'labour', description: 'Gearbox rebuild', quantity: 12, unitPriceCents: 9_000, requiredSkill: 1 },
    ]);

    const advisorContext = await staffContext(web.browser);
    const desk = await advisorContext.newPage();
    const deskErrors = watchForErrors(desk);
    await signIn(desk, web.server.url, 'adv-lena');
    const before = { at: Date.now(), finish: await proposedFinish(slow) };
    await desk.goto(`${web.server.url}/app/visits/${slow}`);
    const late = (await desk.locator('[data-plan-late]').textContent()) ?? '';
    // The foreman's queue names the same finish, with its day when that is not today (it said only "10:30").
    await web.page.goto(`${web.server.url}/app/workshop`);
    const queued = (await job(slow).locator('.proposal').textContent()) ?? '';
    const after = { at: Date.now(), finish: await proposedFinish(slow) };
    expect([before.finish, after.finish].map(withDay)).toContain(late.match(/misses the promise finishes (.+?)(?: ·|$)/)?.[1]);
    expect(readingsAround([before.finish, after.finish], before.at, after.at)).toContain(
      queued.match(/finishes (.+?) [✓✗]/)?.[1],
    );
    const offer = desk.locator('form[data-action="revise_promise"]');
    await expect(offer.isVisible()).resolves.toBe(true);
    await expect(offer.locator('[data-promise-missed]').textContent()).resolves.toMatch(/after the promised/);
    const proposed = await offer.locator('input[name="promisedAt"]').inputValue();
    await offer.locator('textarea[name="reason"]').fill('The gearbox takes longer than we said');
    await offer.locator('input[name="consent.callReference"]').fill('REC-2002');
    await screen(desk, 'visit-promise-missed');
    await Promise.all([desk.waitForURL(/done=revise_promise/), offer.locator('button[type="submit"]').click()]);
    // The new time is the promise now, and the plan meets it: the offer steps back.
    await expect(desk.locator('[data-plan-late]').count()).resolves.toBe(0);
    expect(proposed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(deskErrors).toEqual([]);
    await advisorContext.close();
  });

  it('words the plan’s reasons in the foreman’s language: the queue, the timelines, the visit’s dispatch form', async () => {
    const waiting = await approvedWalkIn();

    // In English, the dispatch form on the visit says who and why: their skill and the hours queued there.
    await web.page.goto(`${web.server.url}/app/visits/${waiting}`);
    await expect(web.page.locator('.plan-reason').textContent()).resolves.toMatch(
      /skill 3 for a skill-\d job, [\d.]+ h queued before it\) finishes earliest/,
    );

    const zhContext = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    const zh = await zhContext.newPage();
    const zhErrors = watchForErrors(zh);
    await signIn(zh, web.server.url, 'fm-jo');
    await zh.goto(`${web.server.url}/app/workshop`);
    await expect(zh.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    const card = zh.locator(`article.job[data-visit="${waiting}"]`);
    await expect(card.locator('.place-reason').textContent()).resolves.toMatch(/^[^a-z]+，(已|未)承诺交车时间：/i);
    await expect(card.locator('.proposal .reason').textContent()).resolves.toMatch(
      /^(Ana|Ben)（技能 3 级，本工作需 \d 级，前面已排 [\d.]+ 小时）.*最早完工/,
    );
    await expect(zh.locator('[data-slot] .place-reason').first().textContent()).resolves.toMatch(/：/);
    // No English sentence from the plan, nothing raw, anywhere on the board.
    expect(await englishIn(zh)).toEqual([]);
    expect(await rawIn(zh)).toEqual([]);
    await screen(zh, 'workshop-zh-CN');

    await zh.goto(`${web.server.url}/app/visits/${waiting}`);
    // (The page as a whole shows the test customer's name, "Customer …": only the proposal is scanned here.)
    const why = (await zh.locator('.plan-reason').textContent()) ?? '';
    expect(why).toMatch(/技能 3 级，本工作需 \d 级，前面已排 [\d.]+ 小时/);
    expect(why.replace(/Ana|Ben/g, '')).not.toMatch(/[a-z]{2,}/i);
    expect(zhErrors).toEqual([]);
    await zhContext.close();
  });
});
