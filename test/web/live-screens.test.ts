import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/local-time.js';
import { asStaff, staffToken } from '../support/auth.js';
import { signIn, staffContext } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { postJson, readJson } from '../support/http.js';
import { act, bookVisit, bookVisitAt, receiveAndEstimate, signature, visitRow, walkIn } from '../support/visits.js';

// Issue 17, live screens: pages open in a browser follow changes made elsewhere — another advisor, the customer's
// approval link, a workflow's timer — without being loaded again, and the advisor is told what now waits for them.

const web = useBrowserStack({ signIn: 'adv-lena' });

/** Generous: the machine is shared; a live page shows a change within ~2 s when it is not. */
const LIVE = { timeout: 60_000, interval: 250 };

/** A mark on this very page: it is gone if the page is loaded again. */
const markPage = () => web.page.evaluate('window.__samePage = true');
const samePage = () => web.page.evaluate('window.__samePage === true');
const stageShown = () => web.page.locator('.head-badges .badge').first().textContent();
const noticeTexts = () => web.page.locator('[data-live-notices] li').allTextContents();

describe('live screens', () => {
  it('a form sent after another advisor moved the visit on says so where the person was working, in both languages', async () => {
    for (const [lang, said] of [
      ['en', /^Not recorded: while you had “Vehicle arrived” open, someone else moved this visit on\. It is now at “Reception”/],
      ['zh-CN', /^未记录：您打开“车辆已到店”期间，其他同事已推进了本次来店。现在处于“接车”阶段/],
    ] as const) {
      const visitId = await bookVisit(web.stack, { inMs: 3_600_000 });
      const context = await staffContext(web.browser, { width: 375, height: 812 });
      await context.addCookies([{ name: 'sl_lang', value: lang, url: `${web.server.url}/app` }]);
      const page = await context.newPage();
      await signIn(page, web.server.url, 'adv-lena');
      await page.goto(`${web.server.url}/app/visits/${visitId}`);
      const arrive = page.locator('form[data-action=arrive]');
      await arrive.locator('[name=mileage]').fill('41250');
      await arrive.locator('[name=coversFitted]').check();
      // Another advisor receives the car at the counter meanwhile.
      const other = asStaff(web.stack.app, 'advisor', 'adv-max');
      expect((await postJson(other, `/visits/${visitId}/actions/arrive`, { coversFitted: true, mileage: 41_200 })).status).toBe(
        200,
      );
      const [answer] = await Promise.all([page.waitForNavigation(), arrive.locator('button[type=submit]').click()]);
      expect(answer?.status()).toBe(409);
      // The arrival form is gone from the page (the car has arrived): the refusal used to go with it, so the page
      // came back saying nothing at all. It is said at the top of the next steps, and the focus is on it.
      const overtaken = page.locator('[data-overtaken="arrive"]');
      await expect(overtaken.textContent()).resolves.toMatch(said);
      await expect(page.evaluate('document.activeElement?.dataset.overtaken')).resolves.toBe('arrive');
      await context.close();
    }
  });

  it('the visit page follows a change another advisor makes, without a reload', async () => {
    const visitId = await walkIn(web.stack);
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    await expect(stageShown()).resolves.toContain('Reception');
    await markPage();

    const other = asStaff(web.stack.app, 'advisor', 'adv-max');
    const arrived = await postJson(other, `/visits/${visitId}/actions/arrive`, { coversFitted: true, mileage: 52_000 });
    expect(arrived.status).toBe(200);
    // The page shows the arrival (the walk-around form is next) in place.
    await expect.poll(() => web.page.locator('main').textContent(), LIVE).toMatch(/52,000/);
    await expect(samePage()).resolves.toBe(true);
    expect(web.errors).toEqual([]);
  });

  it('the customer approves on their link: the open visit page shows it and the advisor gets a notice', async () => {
    const visitId = await walkIn(web.stack);
    const estimated = await receiveAndEstimate(web.stack, visitId);
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    await expect(stageShown()).resolves.toMatch(/approval/i);
    await markPage();
    // Work done before the page opened is on the page, not news.
    expect(await noticeTexts()).toEqual([]);

    // The foreman, whose screens speak Chinese, watches the workshop board: approved work waits for them.
    const foremanContext = await staffContext(web.browser);
    await foremanContext.addCookies([{ name: 'sl_lang', value: 'zh-CN', url: `${web.server.url}/app` }]);
    const board = await foremanContext.newPage();
    await signIn(board, web.server.url, 'fm-jo');
    await board.goto(`${web.server.url}/app/workshop`);

    const link = await readJson(
      await postJson(asStaff(web.stack.app, 'advisor', 'adv-lena'), `/visits/${visitId}/approval-links`, {}),
    );
    const decided = await postJson(web.stack.app, `/approvals/${link.token}`, {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      signature: signature('Customer'),
    });
    expect(decided.status).toBe(200);

    await expect.poll(stageShown, LIVE).toMatch(/dispatch/i);
    await expect
      .poll(noticeTexts, LIVE)
      .toEqual([
        expect.stringMatching(new RegExp(`customer decided on RO ${(await visitRow(web.stack, visitId))?.roNumber}\\b`, 'i')),
      ]);
    await expect(samePage()).resolves.toBe(true);
    await expect
      .poll(() => board.locator('[data-live-notices] li').allTextContents(), LIVE)
      .toEqual([expect.stringMatching(/^客户已对 工单 \d+/)]);
    await expect.poll(() => board.locator(`[data-visit="${visitId}"]`).count(), LIVE).toBeGreaterThan(0);
    await foremanContext.close();
    // Read out politely, and gone when dismissed.
    await expect(web.page.locator('[data-live-notices]').getAttribute('aria-live')).resolves.toBe('polite');
    const notice = web.page.locator('[data-live-notices] li').first();
    await expect(notice.locator('a').getAttribute('href')).resolves.toBe(`/app/visits/${visitId}`);
    await notice.locator('[data-dismiss]').click();
    await expect(web.page.locator('[data-live-notices] li').count()).resolves.toBe(0);
    expect(web.errors).toEqual([]);
  });

  it('no notice for the advisor’s own action; someone typing keeps their form and is told the page changed', async () => {
    const visitId = await walkIn(web.stack);
    const estimated = await receiveAndEstimate(web.stack, visitId);
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    await markPage();

    // The advisor records the decision at the counter through another screen: the page follows, silently.
    const own = await postJson(asStaff(web.stack.app, 'advisor', 'adv-lena'), `/visits/${visitId}/actions/decide`, {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    expect(own.status).toBe(200);
    await expect.poll(stageShown, LIVE).toMatch(/dispatch/i);
    await expect(samePage()).resolves.toBe(true);

    // Now the advisor opens "revise the promised time" and starts typing; another advisor records one meanwhile.
    await web.page.locator('#action-revise_promise > summary').click();
    const field = web.page.locator('#action-revise_promise textarea[name="reason"]');
    await field.fill('The customer asked to');
    const typed = await field.inputValue();
    await act(
      web.stack,
      visitId,
      'revise_promise',
      {
        promisedAt: new Date(Date.now() + 30 * 3_600_000).toISOString(),
        reason: 'Parts arrive tomorrow',
        consent: { method: 'signature', signature: signature('Customer') },
      },
      { id: 'adv-max', role: 'advisor' },
    );
    await expect.poll(() => web.page.locator('[data-live-stale]').isVisible(), LIVE).toBe(true);
    await expect(field.inputValue()).resolves.toBe(typed);
    await expect(samePage()).resolves.toBe(true);
    expect(await noticeTexts()).toEqual([]);
  });

  it('the call list gains a task that falls due, the header counts it and the advisor is told', async () => {
    await web.page.goto(`${web.server.url}/app/calls`);
    await markPage();
    const counted = async () =>
      Number(((await web.page.locator('[data-live-count]').textContent()) ?? '').replace(/\D/g, '') || 0);
    // The header's count arrives on the stream's first reading.
    await expect.poll(async () => (await web.page.locator('[data-live-count]').textContent()) ?? '', LIVE).not.toBe('');
    const before = await counted();

    // A booking nobody comes to: the no-show task falls due on the advisor's list a second after its time.
    const visitId = await bookVisit(web.stack, { inMs: 2_000 });
    await expect.poll(() => web.page.locator(`tr[data-kind="no_show"][data-task^="${visitId}:"]`).count(), LIVE).toBe(1);
    await expect.poll(counted, LIVE).toBeGreaterThan(before);
    await expect.poll(async () => (await noticeTexts()).some((n) => /^Due now: No-show/.test(n)), LIVE).toBe(true);
    await expect(samePage()).resolves.toBe(true);
    expect(web.errors).toEqual([]);
  });
});

describe('the appointment board', () => {
  it('shows a booking made at another desk without a reload', async () => {
    // The board of the booking's day in the browser's time zone (Berlin), worked out from the very time it is booked
    // for: late in the evening that is tomorrow, and a day read from a second clock reading may differ from it.
    const at = Date.now() + 2 * 3_600_000;
    await web.page.goto(`${web.server.url}/app/board?date=${localDate(at, 'Europe/Berlin')}`);
    await markPage();
    const visitId = await bookVisitAt(web.stack, { at });
    await expect.poll(() => web.page.locator(`tr[data-visit="${visitId}"]`).count(), LIVE).toBe(1);
    await expect(samePage()).resolves.toBe(true);
    expect(web.errors).toEqual([]);
  });
});

describe('the live stream', () => {
  const stream = async (cookie: string | undefined, query = '') => {
    const abort = new AbortController();
    const res = await fetch(`${web.server.url}/app/live${query}`, {
      headers: cookie ? { cookie: `sl_session=${cookie}`, accept: 'text/event-stream' } : {},
      signal: abort.signal,
    });
    return { status: res.status, close: () => abort.abort() };
  };

  it('answers only a signed-in staff member who may open the page, a few streams per session', async () => {
    expect((await stream(undefined)).status).toBe(401);
    const expired = await staffToken('advisor', 'adv-old', -60);
    expect((await stream(expired)).status).toBe(401);
    const token = await staffToken('advisor', 'adv-lena');
    expect((await stream(token, '?topic=../../etc')).status).toBe(400);
    expect((await stream(token, '?topic=visit:00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await stream(token, '?topic=board:2026-13-45')).status).toBe(400);

    const open = [];
    for (let i = 0; i < 4; i++) {
      const s = await stream(token, '?topic=calls');
      expect(s.status).toBe(200);
      open.push(s);
    }
    expect((await stream(token, '?topic=calls')).status).toBe(429);
    // A closed page frees its place.
    open.shift()?.close();
    await expect
      .poll(async () => {
        const s = await stream(token, '?topic=calls');
        if (s.status === 200) open.push(s);
        return s.status;
      }, LIVE)
      .toBe(200);
    for (const s of open) s.close();
  });
});
