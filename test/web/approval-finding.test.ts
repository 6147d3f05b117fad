import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FINDING_QUOTED_CHARS, renderMessage } from '../../activities/message-templates.js';
import type { Language } from '../../domain/language.js';
import { phoneContext, signIn, staffContext, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { fullScreenshot, seriousAxeFindings, sidewaysOverflow } from '../support/screen-checks.js';
import { englishIn, rawIn } from '../support/screen-text.js';
import { approvalLinkOf, inLanguageLink } from '../support/screen-tour.js';
import { act, assignAndStart, outboxOf, phoneConsent, receiveAndEstimate, stateOf, walkIn } from '../support/visits.js';

// [S1: customer approval of extra work] A customer asked to approve extra money reads the technician's finding —
// what was found and why it matters — on the approval page, in the message that brings them there (a short form)
// and the advisor who calls them sees the same words. It is staff text: shown as text, wrapped, never markup.

const PLAIN = 'Front brake pads worn to 2 mm: the stopping distance is longer, so they must be replaced before you drive on.';
// The longest reason the API takes (1,000 characters): plain words, then markup, a part number and Chinese without spaces.
const FINDING = [
  PLAIN,
  '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2"><b>bold?</b>',
  'A1B2C3D4E5'.repeat(30),
  '前制动片磨损至两毫米制动距离变长必须更换'.repeat(40),
]
  .join('\n')
  .slice(0, 1000);

const web = useBrowserStack({ publicUrl: true, technicians: true, page: false });
const seeded = { visitId: '', extraLink: '', estimateLink: '' };

/** A customer's phone 360 px wide, the narrowest the approval page is laid out for. */
const narrowPhone = (browser: Browser) => phoneContext(browser, { width: 360, height: 740 });

const findingBox = (page: Page) => page.locator('[data-finding]');

describe("the technician's finding on the customer's approval of extra work", () => {
  it('seeds a visit whose technician reported extra work, and one whose estimate waits', { timeout: 180_000 }, async () => {
    const { stack } = web;
    seeded.visitId = await walkIn(stack);
    const estimate = await receiveAndEstimate(stack, seeded.visitId);
    await act(stack, seeded.visitId, 'decide', {
      decisions: estimate.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-19'),
    });
    await expect.poll(async () => (await stateOf(stack, seeded.visitId)).dispatch.proposal, { timeout: 30_000 }).not.toBeNull();
    const proposed = (await stateOf(stack, seeded.visitId)).dispatch.proposal?.technicianId as string;
    await assignAndStart(stack, seeded.visitId, { technicianId: proposed });
    await act(
      stack,
      seeded.visitId,
      'report_additional_work',
      {
        lines: [{ kind: 'part', description: 'Front brake pads', quantity: 1, unitPriceCents: 8_900 }],
        promisedAt: new Date(Date.now() + 10 * 3_600_000).toISOString(),
        reason: FINDING,
      },
      // The technician the job went to: only they report extra work on it.
      { id: proposed, role: 'technician' },
    );
    seeded.extraLink = await approvalLinkOf(stack, seeded.visitId, 'additional_work_found');

    const waiting = await walkIn(stack);
    await receiveAndEstimate(stack, waiting);
    seeded.estimateLink = await approvalLinkOf(stack, waiting);
  });

  for (const [lang, heading] of [
    ['en', 'What the technician found'],
    ['zh-CN', '技师发现的问题'],
  ] as [Language, string][]) {
    it(`shows the whole finding as text under its heading, at 360 px, in ${lang}`, async () => {
      const phone = await narrowPhone(web.browser);
      const page = await phone.newPage();
      const errors = watchForErrors(page);
      await page.goto(`${web.server.url}${inLanguageLink(seeded.extraLink, lang)}`);
      await expect(findingBox(page).locator('h2').textContent()).resolves.toBe(heading);
      // Every character as typed, line breaks kept; the markup in it is text, not elements, and ran nothing.
      await expect(findingBox(page).locator('p').textContent()).resolves.toBe(FINDING);
      await expect(findingBox(page).locator('script, img, b').count()).resolves.toBe(0);
      expect(await page.evaluate('window.pwned')).toBeUndefined();
      // Before the lines the customer decides on, and wrapped inside the phone's width.
      expect(
        await page.evaluate(`!!(document.querySelector('[data-finding]').compareDocumentPosition(
        document.querySelector('.approve-lines')) & Node.DOCUMENT_POSITION_FOLLOWING)`),
      ).toBe(true);
      expect(await sidewaysOverflow(page)).toBe(0);
      const box = await findingBox(page).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
      await expect(
        findingBox(page)
          .locator('p')
          .evaluate((p) => p.scrollWidth - p.clientWidth),
      ).resolves.toBe(0);
      expect(await rawIn(page)).toEqual([]);
      if (lang === 'zh-CN') expect(await englishIn(page)).toEqual([]);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await fullScreenshot(page, `approval-finding-${lang}-360`);
      expect(errors).toEqual([]);
      await phone.close();
    });
  }

  it('shows no finding, nor its heading, on an estimate', async () => {
    const phone = await narrowPhone(web.browser);
    const page = await phone.newPage();
    for (const lang of ['en', 'zh-CN'] as Language[]) {
      await page.goto(`${web.server.url}${inLanguageLink(seeded.estimateLink, lang)}`);
      await expect(page.locator('.approve-lines li').count()).resolves.toBe(3);
      await expect(findingBox(page).count()).resolves.toBe(0);
      expect(await page.locator('h2').allTextContents()).not.toContain(
        lang === 'en' ? 'What the technician found' : '技师发现的问题',
      );
    }
    await phone.close();
  });

  it('shows the advisor, on the visit’s approval card, the words the customer reads', async () => {
    const context = await staffContext(web.browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await signIn(page, web.server.url, 'adv-lena');
    await page.goto(`${web.server.url}/app/visits/${seeded.visitId}`);
    const card = page.locator('#approval [data-finding]');
    await expect(card.locator('strong').textContent()).resolves.toBe('What the technician found, as the customer reads it');
    await expect(card.locator('p').textContent()).resolves.toBe(FINDING);
    await expect(card.locator('script, img, b').count()).resolves.toBe(0);
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('quotes the start of the finding in the message with the link, in the customer’s language', async () => {
    const sent = (await outboxOf(web.stack, seeded.visitId)).find((m) => m.template === 'additional_work_found');
    const payload = sent?.payload as Record<string, unknown>;
    expect(payload.reason).toBe(FINDING);
    const quoted = `${Array.from(FINDING.replace(/\s+/g, ' ')).slice(0, FINDING_QUOTED_CHARS).join('').trimEnd()}…`;
    expect(quoted.startsWith(PLAIN)).toBe(true);

    const en = renderMessage('additional_work_found', { ...payload, language: 'en' }).text;
    expect(en).toContain(`our technician found: “${quoted}”. The additional work: 1 item(s)`);
    const zh = renderMessage('additional_work_found', { ...payload, language: 'zh-CN' }).text;
    expect(zh).toContain(`维修过程中技师发现：“${quoted}”。追加项目：共 1 项`);
    for (const text of [en, zh]) {
      // One line of finding, never the whole of it; the link still last, on a line of its own.
      expect(text).not.toContain('A1B2C3D4E5');
      expect(text.split('\n')).toEqual([expect.any(String), String(payload.approvalUrl)]);
    }

    // A short finding is quoted whole; a message of extra work reported before the reason travelled keeps its words.
    const short = renderMessage('additional_work_found', { ...payload, language: 'en', reason: 'Brake fluid is dark.' });
    expect(short.text).toContain('our technician found: “Brake fluid is dark”. The additional work');
    const { reason: _reason, ...old } = payload;
    expect(renderMessage('additional_work_found', { ...old, language: 'en' }).text).toMatch(
      /^While working on your vehicle we found additional work: 1 item\(s\)/,
    );
    expect(renderMessage('additional_work_found', { ...old, language: 'zh-CN' }).text).toMatch(
      /^维修过程中我们发现了追加项目：共 1 项/,
    );
  });
});
