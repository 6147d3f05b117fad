import { expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.js';
import { act, qc, receiveAndEstimate, repairToQc, signature, visitRow, walkIn } from '../support/visits.js';

// The process's quality control: pass, or rework reported to the service manager [S1.7]. A failed check is a notice
// on the manager's open screen, not only a message in the outbox.

const web = useBrowserStack({ technicians: true, signIn: 'mgr-max' });
const LIVE = { timeout: 60_000, interval: 250 };
const noticeTexts = () => web.page.locator('[data-live-notices] li').allTextContents();

it('a car that fails quality control is a notice on the service manager’s screen, naming the car', async () => {
  const id = await walkIn(web.stack);
  const estimated = await receiveAndEstimate(web.stack, id);
  await act(web.stack, id, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  await repairToQc(web.stack, id);

  await web.page.goto(`${web.server.url}/app/calls`);
  // The stream's first reading has arrived (the header's count) before the failure happens.
  await expect.poll(async () => (await web.page.locator('[data-live-count]').textContent()) ?? '', LIVE).not.toBe('');
  await act(web.stack, id, 'record_qc', { passed: false, failedItems: ['Wiper blades squeak'] }, qc);

  const row = await visitRow(web.stack, id);
  await expect
    .poll(async () => (await noticeTexts()).find((n) => n.includes('failed quality control')) ?? '', LIVE)
    .toContain(`RO ${row?.roNumber} (${row?.plate}) failed quality control`);
  expect(web.errors).toEqual([]);

  // The visit's history says what the staff message was, in words, in both languages.
  for (const [lang, said] of [
    ['en', 'rework reported to the service manager'],
    ['zh-CN', '已向服务经理报告返工'],
  ] as const) {
    await expect
      .poll(async () => {
        await web.page.goto(`${web.server.url}/app/visits/${id}/timeline?lang=${lang}`);
        return (await web.page.locator('main').textContent()) ?? '';
      }, LIVE)
      .toContain(said);
    expect((await web.page.locator('main').textContent()) ?? '').not.toContain('rework_reported');
  }
});
