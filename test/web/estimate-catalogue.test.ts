import { describe, expect, it } from 'vitest';
import { MISSING } from '../../web/i18n/index.js';
import { asStaff } from '../support/auth.js';
import { phoneContext, reloadUntil, screen, watchForErrors } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { seedPriceList } from '../support/catalogue.js';
import { postJson } from '../support/http.js';
import { seriousAxeFindings } from '../support/screen-checks.js';
import { rawIn } from '../support/screen-text.js';
import {
  act,
  assigneeOf,
  foreman,
  newVisitBody,
  phoneConsent,
  receiveAndDiagnose,
  stateOf,
  walkIn,
  workStarted,
} from '../support/visits.js';

// Issue 18: an estimate built on the visit screen from the price list [S3.2] — a packaged job and a part beside a
// typed line — and each line's origin marked on the visit page, the customer's approval page and the printed estimate.

let visitId = '';

const web = useBrowserStack({
  publicUrl: true,
  technicians: true,
  async seed({ app, stack }) {
    await seedPriceList(app);
    // A package for another model: the Golf's estimate never offers it.
    const res = await postJson(asStaff(app, 'manager', 'mgr-eva'), '/catalogue/packages', {
      code: 'SVC-X5',
      name: 'X5 inspection',
      models: ['BMW X5'],
      items: [{ kind: 'labour', code: 'OIL-CHANGE' }],
    });
    expect(res.status).toBe(201);
    const body = newVisitBody();
    visitId = await walkIn(stack, { body: { ...body, customer: { ...body.customer, name: 'Lina Hoffmann' } } });
    await receiveAndDiagnose(stack, visitId);
  },
  signIn: 'adv-lena',
});

const form = (action = 'submit_estimate') => web.page.locator(`form[data-action="${action}"]`);
const pick = (i: number, action?: string) => form(action).locator(`select[name="lines.${i}.catalogue"]`);
const textOf = async (locator: ReturnType<typeof form>) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');

async function openEstimate(lang = 'en') {
  await web.page.goto(`${web.server.url}/app/visits/${visitId}?lang=${lang}`);
  const details = web.page.locator('details#action-submit_estimate');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

async function submitEstimate(action?: string) {
  await Promise.all([web.page.waitForLoadState('load'), form(action).locator('button[type=submit]').first().click()]);
  await web.page.waitForLoadState('load');
}

describe('an estimate from the price list, on the screens', () => {
  it('offers the packages for the vehicle’s model, labour and parts, grouped and in words', async () => {
    await openEstimate();
    const groups = await pick(0)
      .locator('optgroup')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
    expect(groups).toEqual(['Service packages', 'Labour', 'Parts']);
    expect(await textOf(pick(0).locator('optgroup').first())).toContain('12-month service · €160.00');
    expect(await textOf(pick(0))).toContain('Oil filter · €12.50 each');
    // The X5's package is not for a Golf.
    await expect(pick(0).locator('option[value="package:SVC-X5"]').count()).resolves.toBe(0);
    expect(await textOf(pick(0))).not.toContain('X5');
    await pick(0).selectOption('package:SVC-12M');
    expect(await seriousAxeFindings(web.page)).toEqual([]);
  });

  it('speaks Chinese to a Chinese advisor, the codes kept out of sight', async () => {
    await openEstimate('zh-CN');
    const groups = await pick(0)
      .locator('optgroup')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
    expect(groups).toEqual(['保养套餐', '工时项目', '配件']);
    expect(await textOf(pick(0))).toContain('12 个月保养 · €160.00');
    expect(await textOf(pick(0))).toContain('机油滤清器 · 每件 €12.50');
    expect(await rawIn(web.page)).toEqual([]);
    expect(await textOf(form())).not.toContain('SVC-12M');
  });

  it('names a refused pick next to its picker', async () => {
    await openEstimate();
    // A package taken off the list while the form was open: the API's refusal lands on the line's picker.
    await pick(0)
      .locator('option[value="package:SVC-12M"]')
      .evaluate((o) => o.setAttribute('value', 'package:SVC-GONE'));
    await pick(0).selectOption('package:SVC-GONE');
    await submitEstimate();
    const row = form().locator('[data-line-row]').first();
    await expect(row.locator('.field-error').textContent()).resolves.toContain('SVC-GONE');
    expect((await stateOf(web.stack, visitId)).stage).toBe('diagnosis');
  });

  it('builds the estimate from a package, a part with its quantity and a typed line', async () => {
    await openEstimate();
    await pick(0).selectOption('package:SVC-12M');
    // A picked line's own fields give way to the pick; a part keeps its quantity.
    await expect(form().locator('[name="lines.0.description"]').isVisible()).resolves.toBe(false);
    await expect(form().locator('[name="lines.0.quantity"]').isVisible()).resolves.toBe(false);
    await pick(1).selectOption('catalogue_part:FILTER-OIL');
    await expect(form().locator('[name="lines.1.unitPriceCents"]').isVisible()).resolves.toBe(false);
    await form().locator('[name="lines.1.quantity"]').fill('3');
    await form().locator('[name="lines.2.kind"]').selectOption('part');
    await form().locator('[name="lines.2.description"]').fill('Wiper blades');
    await form().locator('[name="lines.2.quantity"]').fill('2');
    await form().locator('[name="lines.2.unitPriceCents"]').fill('18.00');
    // €160.00 for the package, 3 × €12.50 and 2 × €18.00, before tax.
    await expect(form().locator('[data-running-total] [data-net]').textContent()).resolves.toBe('€233.50');
    await screen(web.page, 'estimate-catalogue-01-form');
    await submitEstimate();
    await expect(web.page.locator('.progress li.current').textContent()).resolves.toBe('Approval');

    const state = await stateOf(web.stack, visitId);
    expect(state.lines.map((l) => [l.description, l.quantity, l.unitPriceCents, l.catalogue])).toEqual([
      ['Oil change', 1.5, 9_000, { kind: 'labour_operation', code: 'OIL-CHANGE', packageCode: 'SVC-12M' }],
      ['Oil filter', 2, 1_250, { kind: 'part', code: 'FILTER-OIL', packageCode: 'SVC-12M' }],
      ['Oil filter', 3, 1_250, { kind: 'part', code: 'FILTER-OIL' }],
      ['Wiper blades', 2, 1_800, undefined],
    ]);

    // The work order tells the two kinds of line apart.
    const lines = web.page.locator('tr[data-line]');
    await expect(lines.nth(0).textContent()).resolves.toContain(
      'From the price list, operation OIL-CHANGE · part of a service package',
    );
    await expect(lines.nth(2).textContent()).resolves.toContain('From the price list, part no. FILTER-OIL');
    await expect(lines.nth(2).textContent()).resolves.not.toContain('service package');
    await expect(lines.nth(3).locator('[data-origin="typed"]').textContent()).resolves.toBe('Priced by the advisor');
    await screen(web.page, 'estimate-catalogue-02-visit');
    expect(await seriousAxeFindings(web.page)).toEqual([]);
    expect(web.errors).toEqual([]);
  });

  it('shows the customer where each price came from, on the approval page and the printed estimate', async () => {
    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    await reloadUntil(web.page, async () => (await web.page.locator('#approval-link').count()) > 0);
    const link = await web.page.locator('#approval-link').inputValue();

    const phone = await phoneContext(web.browser);
    const customer = await phone.newPage();
    const errors = watchForErrors(customer);
    await customer.goto(link);
    const line = (description: string) => customer.locator('li.approve-line', { hasText: description });
    await expect(line('Oil change').locator('[data-origin]').textContent()).resolves.toBe(
      'From the price list, operation OIL-CHANGE · part of a service package',
    );
    await expect(line('Wiper blades').locator('[data-origin]').textContent()).resolves.toBe('Priced by the advisor');
    await expect(customer.locator('[data-origin="catalogue"]').count()).resolves.toBe(3);
    expect(await customer.locator('body').textContent()).not.toContain(MISSING);
    await screen(customer, 'estimate-catalogue-03-approval');
    expect(await seriousAxeFindings(customer)).toEqual([]);
    expect(errors).toEqual([]);
    await phone.close();

    await web.page.goto(`${web.server.url}/app/visits/${visitId}/documents/estimate`);
    const paper = (await web.page.locator('[data-lines]').textContent()) ?? '';
    expect(paper).toContain('From the price list, part no. FILTER-OIL');
    expect(paper).toContain('Priced by the advisor');
  });

  it('adds extra work found in repair from the price list too', async () => {
    const { lines } = await stateOf(web.stack, visitId);
    await act(web.stack, visitId, 'decide', {
      decisions: lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: phoneConsent('REC-1801', 'Lina Hoffmann'),
    });
    await expect.poll(async () => (await stateOf(web.stack, visitId)).dispatch.proposal, { timeout: 30_000 }).not.toBeNull();
    const proposed = (await stateOf(web.stack, visitId)).dispatch.proposal?.technicianId as string;
    await act(web.stack, visitId, 'assign_technician', { technicianId: proposed }, foreman);
    await act(web.stack, visitId, 'start_work', workStarted, await assigneeOf(web.stack, visitId));

    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    const details = web.page.locator('details#action-report_additional_work');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await pick(0, 'report_additional_work').selectOption('labour_operation:OIL-CHANGE');
    await form('report_additional_work').locator('[name=reason]').fill('Oil found dark and thin on the lift');
    await submitEstimate('report_additional_work');
    await expect(web.page.locator('.progress li.current').textContent()).resolves.toBe('Approval');
    const added = (await stateOf(web.stack, visitId)).lines.at(-1);
    expect([added?.description, added?.source, added?.catalogue]).toEqual([
      'Oil change',
      'additional_work',
      { kind: 'labour_operation', code: 'OIL-CHANGE' },
    ]);
    await expect(web.page.locator('tr[data-line]').last().textContent()).resolves.toContain(
      'From the price list, operation OIL-CHANGE',
    );
    expect(web.errors).toEqual([]);
  });
});
