import { expect, it } from 'vitest';
import { MISSING } from '../../web/i18n/index.js';
import { asStaff } from '../support/auth.js';
import { screen } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { inQualityControl, SERVICE_12M_CHECKLIST, seedPriceList } from '../support/catalogue.js';
import { patchJson } from '../support/http.js';
import { seriousAxeFindings } from '../support/screen-checks.js';
import { stateOf } from '../support/visits.js';

// Issue 18: the quality-control form lists the maintenance checklist of the packages on the visit's lines [S1.7],
// after the wash every vehicle is checked on, in English and in Chinese; an item left unmarked stops a pass, a failed
// item sends the car back named. The wash is item 0, the package's items follow.

const web = useBrowserStack({
  technicians: true,
  signIn: 'qc-kim',
  seed: async ({ app }) => {
    await seedPriceList(app);
    const res = await patchJson(asStaff(app, 'manager'), '/catalogue/packages/SVC-12M', { checklist: SERVICE_12M_CHECKLIST });
    if (res.status !== 200) throw new Error(`the checklist answered ${res.status}`);
  },
});

const form = () => web.page.locator('form[data-action="record_qc"]');
const textOf = async (selector: string) => ((await web.page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');
const mark = (i: number, result: 'pass' | 'fail') =>
  form().locator(`input[name="checklist.${i}.result"][value="${result}"]`).check();
async function submit(passed: boolean) {
  await Promise.all([web.page.waitForLoadState('load'), form().locator(`button[value="${passed}"]`).click()]);
  await web.page.waitForLoadState('load');
}

it('lists the checklist in English; an unmarked item stops the pass, a failed one sends the car back named', async () => {
  const id = await inQualityControl(web.stack);
  await web.page.goto(`${web.server.url}/app/visits/${id}?lang=en`);
  const checklist = await textOf('form[data-action="record_qc"] [data-checklist]');
  expect(checklist).toContain('Maintenance checklist');
  expect(checklist).toContain('12-month service');
  for (const item of SERVICE_12M_CHECKLIST) expect(checklist).toContain(item.description);
  expect(checklist).toContain('Every vehicle');
  expect(checklist).toContain('Wash clean inside and out');
  expect(await form().getByRole('radio', { name: 'Passed' }).count()).toBe(4);
  const body = await textOf('body');
  for (const raw of [MISSING, 'SVC-12M', 'TYRES', 'WASH', 'every-vehicle', 'checklist.']) expect(body).not.toContain(raw);
  expect(await seriousAxeFindings(web.page)).toEqual([]);
  await screen(web.page, 'qc-checklist-01-en');

  // Three of four marked: the pass is refused in plain words, the marks kept.
  await mark(0, 'pass');
  await mark(1, 'pass');
  await mark(2, 'pass');
  await submit(true);
  expect(await textOf('form[data-action="record_qc"] .alert-error')).toContain('Record every item of the maintenance checklist');
  await expect(form().locator('input[name="checklist.1.result"][value="pass"]').isChecked()).resolves.toBe(true);
  expect((await stateOf(web.stack, id)).stage).toBe('quality_check');
  await screen(web.page, 'qc-checklist-02-incomplete');

  // The wash fails: back to repair, the item named on the visit.
  await mark(3, 'fail');
  await form().locator('input[name="checklist.3.note"]').fill('streaks on the bonnet');
  await submit(true);
  expect((await stateOf(web.stack, id)).stage).toBe('in_repair');
  expect(await textOf('body')).toContain('Washed clean inside and out (streaks on the bonnet)');
  expect(web.errors).toEqual([]);
});

it('speaks Chinese to a Chinese reader, and passes once every item is marked', async () => {
  const id = await inQualityControl(web.stack);
  await web.page.goto(`${web.server.url}/app/visits/${id}?lang=zh-CN`);
  const checklist = await textOf('form[data-action="record_qc"] [data-checklist]');
  expect(checklist).toContain('保养检查表');
  expect(checklist).toContain('12 个月保养');
  for (const item of SERVICE_12M_CHECKLIST) {
    expect(checklist).toContain(item.translations['zh-CN']);
    expect(checklist).not.toContain(item.description);
  }
  expect(checklist).toContain('每辆车');
  expect(checklist).toContain('内外清洗干净');
  expect(await form().getByRole('radio', { name: '不合格' }).count()).toBe(4);
  // The work order names the price list's lines as the catalogue words them in Chinese, the typed one as typed.
  const work = await web.page.locator('tr[data-line]').allTextContents();
  expect(work.join(' ')).toContain('更换机油');
  expect(work.join(' ')).toContain('机油滤清器');
  expect(work.join(' ')).not.toContain('Oil change');
  expect(await textOf('body')).not.toContain(MISSING);
  expect(await seriousAxeFindings(web.page)).toEqual([]);
  await screen(web.page, 'qc-checklist-03-zh-CN');

  for (const i of [0, 1, 2, 3]) await mark(i, 'pass');
  await submit(true);
  expect((await stateOf(web.stack, id)).stage).toBe('ready_for_pickup');
  expect(web.errors).toEqual([]);
});

it('names a failed item in Chinese on the visit', async () => {
  const id = await inQualityControl(web.stack);
  await web.page.goto(`${web.server.url}/app/visits/${id}?lang=zh-CN`);
  await mark(1, 'fail');
  await submit(false);
  expect((await stateOf(web.stack, id)).stage).toBe('in_repair');
  await web.page.goto(`${web.server.url}/app/visits/${id}?lang=zh-CN`);
  expect(await textOf('body')).toContain('按车门标签调整胎压');
  expect(await textOf('body')).not.toContain('Tyre pressures');
});
