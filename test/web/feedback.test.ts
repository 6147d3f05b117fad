// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { staffFeedback } from '../../db/care-schema.js';
import { DESKTOP, screen, signIn, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { englishIn, rawIn } from '../support/screen-text.js';

// Staff feedback on the screens [S6]: an advisor who reads Chinese suggests an improvement to quality control in
// Chinese; the service manager, in English, finds it, answers it and accepts it; the KPI dashboard then counts it
// under its step, in both languages. Nothing raw (a code, a field path, an ISO time) shows on any of the pages.

const web = useBrowserStack({ page: false });

async function browse(locale: 'en-GB' | 'zh-CN', staffId: string) {
  const context = await web.browser.newContext({ viewport: DESKTOP, timezoneId: 'Europe/Berlin', locale });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await signIn(page, web.server.url, staffId);
  return { context, page, errors };
}

/** The page says nothing raw and, in Chinese, no English label. */
async function clean(page: Page, lang: 'en' | 'zh-CN', what: string) {
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
  expect(await rawIn(page), `${lang} ${what}`).toEqual([]);
  if (lang === 'zh-CN') expect(await englishIn(page), `English left on ${what}`).toEqual([]);
}

describe('a suggestion from the team, answered by the service manager [S6]', () => {
  it('goes from an advisor in Chinese to the manager in English, and into the KPI review per step', async () => {
    const advisor = await browse('zh-CN', 'adv-lena');
    const { page } = advisor;
    await page.locator('.mainnav a[href="/app/feedback"]').click();
    await expect(page.locator('.mainnav a[href="/app/feedback"]').textContent()).resolves.toBe('改进建议');
    await clean(page, 'zh-CN', 'the suggestion form');
    // Only the service manager decides; the advisor has sent nothing yet.
    expect(await page.locator('[data-suggestion], [data-decide]').count()).toBe(0);

    // Sent empty: refused in Chinese next to the field, and nothing is recorded.
    const form = page.locator('form[data-feedback-form]');
    await form.locator('[data-send-feedback]').click();
    await page.locator('.alert-error').waitFor();
    await clean(page, 'zh-CN', 'the refused suggestion');
    expect(await page.locator('.has-error').count()).toBeGreaterThan(0);
    expect(await web.stack.database.db.select().from(staffFeedback)).toHaveLength(0);

    await form.locator('select[name="stage"]').selectOption('quality_check');
    await form.locator('textarea[name="suggestion"]').fill('质检清单请打印在工单背面，随车流转。');
    await Promise.all([page.waitForURL(/done=feedback_sent/), form.locator('[data-send-feedback]').click()]);
    await clean(page, 'zh-CN', 'the suggestion sent');
    await expect(page.locator('.alert-ok').textContent()).resolves.toContain('建议已提交');
    await screen(page, 'feedback-zh-CN-sent');
    const [row] = await web.stack.database.db.select().from(staffFeedback);
    expect(row).toMatchObject({ stage: 'quality_check', language: 'zh-CN', submittedBy: 'adv-lena', status: 'open' });
    // The sender sees what they sent, waiting for the manager's answer, and nothing to decide.
    const mine = page.locator(`[data-suggestion="${row?.id}"]`);
    await expect(mine.textContent()).resolves.toContain('服务经理尚未答复');
    expect(await page.locator('[data-decide]').count()).toBe(0);

    const manager = await browse('en-GB', 'mgr-max');
    const m = manager.page;
    await m.goto(`${web.server.url}/app/feedback`);
    const item = m.locator(`[data-suggestion="${row?.id}"]`);
    await expect(item.textContent()).resolves.toContain('质检清单');
    await expect(item.textContent()).resolves.toContain('Lena Vogt');
    await clean(m, 'en', 'the suggestions to decide');

    // Accepted without an answer: refused, the suggestion stays open.
    await item.locator('[data-accept]').click();
    await m.locator(`[data-decide="${row?.id}"] .alert-error`).waitFor();
    await clean(m, 'en', 'the refused decision');
    const decide = m.locator(`[data-decide="${row?.id}"]`);
    await decide.locator('textarea[name="note"]').fill('Good idea: from Monday the QC checklist is printed on the work order.');
    await Promise.all([m.waitForURL(/done=feedback_accepted/), decide.locator('[data-accept]').click()]);
    await clean(m, 'en', 'the decision recorded');
    // Decided, it leaves the list of open ones and shows with its answer under "Accepted".
    expect(await m.locator(`[data-suggestion="${row?.id}"]`).count()).toBe(0);
    await m.locator('[data-show="accepted"]').click();
    await expect(m.locator(`[data-suggestion="${row?.id}"] [data-note]`).textContent()).resolves.toContain('from Monday');
    await clean(m, 'en', 'the accepted suggestions');
    await screen(m, 'feedback-en-accepted');

    await m.goto(`${web.server.url}/app/kpis`);
    const tally = m.locator('[data-feedback-stage="quality_check"] td');
    await expect(tally.allTextContents()).resolves.toEqual(['Quality check', '1', '1', '0', '0']);
    await clean(m, 'en', 'the KPI dashboard');
    await manager.context.close();

    // Back at their screen, the advisor reads the answer to their suggestion.
    await page.goto(`${web.server.url}/app/feedback`);
    await expect(mine.locator('[data-note]').textContent()).resolves.toContain('from Monday');
    await expect(mine.locator('.badge').textContent()).resolves.toBe('已采纳');
    await clean(page, 'zh-CN', 'the answered suggestion');
    await advisor.context.close();

    // The administrator, who reads Chinese, sees the same record in Chinese.
    const zhManager = await browse('zh-CN', 'adm-ida');
    await zhManager.page.goto(`${web.server.url}/app/feedback?status=all`);
    await expect(zhManager.page.locator(`[data-suggestion="${row?.id}"] .badge`).textContent()).resolves.toBe('已采纳');
    await clean(zhManager.page, 'zh-CN', 'all suggestions');
    await zhManager.page.goto(`${web.server.url}/app/kpis`);
    await expect(zhManager.page.locator('[data-feedback-stage="quality_check"] td').first().textContent()).resolves.not.toBe(
      'Quality check',
    );
    await clean(zhManager.page, 'zh-CN', 'the KPI dashboard');
    await screen(zhManager.page, 'feedback-zh-CN-kpis');
    expect([...advisor.errors, ...manager.errors, ...zhManager.errors]).toEqual([]);
    await zhManager.context.close();
    const [decided] = await web.stack.database.db
      .select()
      .from(staffFeedback)
      .where(eq(staffFeedback.id, row?.id ?? ''));
    expect(decided).toMatchObject({ status: 'accepted', decidedBy: 'mgr-max' });
  });
});
