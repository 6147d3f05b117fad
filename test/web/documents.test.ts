import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import { DocumentKind } from '../../domain/documents.js';
import { money } from '../../web/format.js';
import { inLanguage } from '../../web/i18n/index.js';
import { closePdfBrowser } from '../../web/pdf.js';
import { expectNoHorizontalOverflow, phoneContext, screen, signIn } from '../support/browser.js';
import { useBrowserStack } from '../support/browser-stack.js';
import { readPdf } from '../support/pdf.js';
import { approvalLinkOf } from '../support/screen-tour.js';
import { act, newVisitBody, receiveAndEstimate, repairAndDeliver, stateOf, visitRow, walkIn } from '../support/visits.js';

// Issue 17: every paper of a visit walked through the loop, fetched as a PDF the server rendered with Chromium
// and read back with pdfjs: the RO number, the lines, the totals, and the customer's drawn signature on the
// pickup voucher (an image drawn on the page). A paper whose step has not happened yet is a plain 404, a server
// without Chromium a plain 503.

/** A real 1×1 PNG: Chromium draws it, so the PDF holds an image. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let visitId: string;
let roNumber: number;

const web = useBrowserStack({
  publicUrl: true,
  technicians: true,
  // The shop's name and address head every paper (SHOP_NAME, SHOP_ADDRESS).
  app: (stack) =>
    createApp(
      { database: stack.database, temporal: stack.client, taskQueue: stack.taskQueue },
      { ...devSettings(), shop: { name: 'Autohaus Vogt', address: 'Hauptstraße 1, 10115 Berlin' } },
    ),
  async seed({ stack }) {
    const body = newVisitBody();
    visitId = await walkIn(stack, {
      body: { ...body, customer: { ...body.customer, name: 'Ana Pereira' }, advisorId: 'adv-lena' },
    });
    roNumber = (await visitRow(stack, visitId))?.roNumber ?? 0;
  },
  signIn: 'adv-lena',
});
// The server's own Chromium, which makes the PDFs; registered after the fixture, so closed before its browser.
afterAll(closePdfBrowser);

const documentUrl = (kind: string, query = '') => `${web.server.url}/app/visits/${visitId}/documents/${kind}${query}`;

async function fetchPdf(kind: string, query = '') {
  const res = await web.page.request.get(documentUrl(`${kind}.pdf`, query), { timeout: 120_000 });
  expect(res.status(), `${kind}.pdf`).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  return readPdf(await res.body());
}

describe('printed papers', () => {
  it('answers 404 in plain words for a paper whose step has not happened yet', async () => {
    const res = await web.page.request.get(documentUrl('invoice'));
    expect(res.status()).toBe(404);
    expect(await res.text()).toContain('“Invoice” is not ready yet: this visit has not reached that step.');
    expect((await web.page.request.get(documentUrl('receipt'))).status()).toBe(404);
  });

  it('an error page says why in plain words, never the API sentence nor a repeated "Not found"', async () => {
    const pages: [string, number, RegExp][] = [
      [documentUrl('nonsense'), 404, /no such paper/],
      [`${web.server.url}/app/visits/00000000-0000-4000-8000-000000000000`, 404, /nothing here/],
      [`${web.server.url}/app/visits/not-a-visit`, 400, /not complete or not valid/],
      [`${web.server.url}/app/board?date=2026-13-45`, 400, /not complete or not valid/],
    ];
    for (const [url, status, words] of pages) {
      expect((await web.page.goto(url))?.status(), url).toBe(status);
      const message = (await web.page.locator('[data-error-message]').textContent()) ?? '';
      expect(message, url).toMatch(words);
      expect(message, url).not.toMatch(/Invalid|No visit|UUID|ISO|Not found/i);
    }
  });

  it('prints every paper of a visit walked through the loop, as a page and as a PDF', { timeout: 600_000 }, async () => {
    await receiveAndEstimate(web.stack, visitId);
    // Before the customer decides, the estimate sums what waits for them (1.5 h × 90.00 + 12.50 + 2 × 18.00), with
    // the visit's 19 % VAT (34.865, rounded half up).
    await web.page.goto(documentUrl('estimate'));
    const proposed = await web.page.locator('[data-proposed]').textContent();
    for (const part of ['VAT 19%', ...[18_350, 3_487, 21_837].map((c) => inLanguage('en', () => money(c)))])
      expect(proposed).toContain(part);
    await expect(web.page.locator('img[data-signature]').count()).resolves.toBe(0);
    // That sum is a sentence: on a phone it wraps rather than push the page sideways.
    const phone = await phoneContext(web.browser);
    try {
      const small = await phone.newPage();
      await signIn(small, web.server.url, 'adv-lena');
      await small.goto(documentUrl('estimate'));
      await expect(small.locator('[data-proposed]').count()).resolves.toBe(1);
      await expectNoHorizontalOverflow(small);
    } finally {
      await phone.close();
    }
    const [keep, alsoKeep, decline] = (await stateOf(web.stack, visitId)).lines;
    await act(web.stack, visitId, 'decide', {
      decisions: [
        { lineId: keep?.id, approved: true },
        { lineId: alsoKeep?.id, approved: true },
        { lineId: decline?.id, approved: false },
      ],
      consent: { method: 'signature', signature: { signedBy: 'Ana Pereira', image: PNG } },
    });
    const delivered = await repairAndDeliver(web.stack, visitId);
    const total = inLanguage('en', () => money(delivered.totals.totalCents));
    const ro = `Repair order no. ${roNumber}`;

    await web.page.goto(`${web.server.url}/app/visits/${visitId}`);
    await expect(web.page.locator('[data-documents] a[data-document]').count()).resolves.toBe(DocumentKind.options.length);

    // The voucher: the customer's signature as an image on the page and in the PDF, the promised time, the lines.
    const voucherPage = await web.page.goto(documentUrl('estimate'));
    expect(voucherPage?.status()).toBe(200);
    await expect(web.page.locator('[data-proposed]').count()).resolves.toBe(0);
    await expect(web.page.locator('img[data-signature]').getAttribute('src')).resolves.toBe(PNG);
    const voucher = await fetchPdf('estimate');
    expect(voucher.text).toContain(ro);
    expect(voucher.text).toContain('Pickup voucher');
    for (const line of ['Annual service', 'Oil filter', 'Wiper blades']) expect(voucher.text).toContain(line);
    expect(voucher.text).toContain(total);
    expect(voucher.images).toBeGreaterThan(0);

    const sheet = await fetchPdf('inspection');
    expect(sheet.text).toContain(ro);
    expect(sheet.text).toContain('rear bumper');
    expect(sheet.text).toContain('sunglasses');

    const report = await fetchPdf('diagnosis');
    expect(report.text).toContain(ro);
    expect(report.text).toContain('Service due; wiper blades worn');

    const qcList = await fetchPdf('qc');
    expect(qcList.text).toContain(ro);
    expect(qcList.text).toContain('Passed');

    // The invoice charges only the approved lines, with tax.
    const invoice = await fetchPdf('invoice');
    expect(invoice.text).toContain(ro);
    expect(invoice.text).toContain('Autohaus Vogt');
    expect(invoice.text).toContain('Hauptstraße 1, 10115 Berlin');
    expect(invoice.text).toContain(keep?.description);
    expect(invoice.text).toContain(alsoKeep?.description);
    expect(invoice.text).not.toContain(decline?.description);
    expect(invoice.text).toContain(inLanguage('en', () => money(delivered.totals.subtotalCents)));
    expect(invoice.text).toContain('VAT 19%');
    expect(invoice.text).toContain(inLanguage('en', () => money(delivered.totals.taxCents)));
    expect(invoice.text).toContain(total);

    // The same invoice in Simplified Chinese: the page speaks it, the PDF carries the same RO number and total.
    const zhPage = await web.page.goto(documentUrl('invoice', '?lang=zh-CN'));
    expect(zhPage?.status()).toBe(200);
    await expect(web.page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(web.page.locator('[data-ro]').textContent()).resolves.toBe(`工单号 ${roNumber}`);
    await expect(web.page.locator('h1').textContent()).resolves.toBe('结算单');
    const zh = await fetchPdf('invoice', '?lang=zh-CN');
    expect(zh.text).toContain(String(roNumber));
    expect(zh.text).toContain(inLanguage('zh-CN', () => money(delivered.totals.totalCents)));
    // pdfjs reads Chinese glyph by glyph, with a space between each.
    expect(zh.text.replace(/\s/g, '')).toContain('增值税19%');
  });

  it('shows every paper on a desktop and on a phone without scrolling sideways', async () => {
    for (const kind of DocumentKind.options) {
      await web.page.goto(documentUrl(kind));
      await screen(web.page, `document-${kind}`);
    }
    const phone = await phoneContext(web.browser);
    try {
      const small = await phone.newPage();
      await signIn(small, web.server.url, 'adv-lena');
      for (const kind of DocumentKind.options) {
        await small.goto(documentUrl(kind));
        await screen(small, `document-${kind}-phone`);
      }
    } finally {
      await phone.close();
    }
  });

  it('a name and a model typed without a space wrap on a phone: the visit, the file, the papers, the link', async () => {
    const body = newVisitBody();
    const long = await walkIn(web.stack, {
      body: {
        ...body,
        customer: { ...body.customer, name: 'Ｗ'.repeat(30) + 'W'.repeat(90) },
        vehicle: { ...body.vehicle, model: 'M'.repeat(90) },
      },
    });
    await receiveAndEstimate(web.stack, long);
    const link = new URL(await approvalLinkOf(web.stack, long));
    const { customer } = await stateOf(web.stack, long);
    const phone = await phoneContext(web.browser);
    try {
      const small = await phone.newPage();
      await small.goto(`${web.server.url}${link.pathname}${link.search}`);
      await expectNoHorizontalOverflow(small);
      await signIn(small, web.server.url, 'adv-lena');
      for (const path of [
        `/app/visits/${long}`,
        `/app/customers/${customer.id}`,
        ...['inspection', 'diagnosis', 'estimate'].map((kind) => `/app/visits/${long}/documents/${kind}`),
      ]) {
        await small.goto(`${web.server.url}${path}`);
        await expectNoHorizontalOverflow(small);
      }
    } finally {
      await phone.close();
    }
  });

  it('answers 503 in plain words when the server has no Chromium to make a PDF', async () => {
    await closePdfBrowser();
    const chosen = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const res = await web.page.request.get(documentUrl('estimate.pdf'));
      expect(res.status()).toBe(503);
      expect(await res.text()).toContain('PDFs cannot be made on this server right now');
    } finally {
      if (chosen === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = chosen;
    }
    // The page itself still prints from the browser.
    expect((await web.page.request.get(documentUrl('estimate'))).status()).toBe(200);
  });
});
