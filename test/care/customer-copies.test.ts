// Loaded first: @hono/zod-openapi must extend zod before any schema is built.
import '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpAdapter } from '../../activities/channels.js';
import { money } from '../../web/format.js';
import { inLanguage } from '../../web/i18n/index.js';
import { customerPapers } from '../../web/paper-pdf.js';
import { closePdfBrowser, renderPdf } from '../../web/pdf.js';
import { readPdf } from '../support/pdf.js';
import { act, estimateLines, receiveAndEstimate, repairAndDeliver, signature, walkIn, withContact } from '../support/visits.js';
import { type ReceivedMail, useStackWithReceivers } from './receivers.js';

// Issue 17 [S1.2]: the customer keeps a copy of the signed estimate (the pickup voucher) and of the invoice. An
// e-mail customer receives each as a PDF attachment, rendered by Chromium from the read model and read back here
// with pdfjs (net, VAT with its rate, total); a text says where the copy is; a paper that cannot be rendered
// never holds the message.

/** The attachments of a raw MIME message (nodemailer writes them base64, one part each). */
function attachments(mail: ReceivedMail) {
  const boundary = mail.raw.match(/boundary="?([^";\r\n]+)"?/)?.[1];
  if (!boundary) return [];
  return mail.raw.split(`--${boundary}`).flatMap((part) => {
    const [head = '', ...body] = part.split(/\r?\n\r?\n/);
    const type = head.match(/^Content-Type: ([^;\r\n]+)/im)?.[1];
    const name = head.match(/filename="?([^";\r\n]+)"?/i)?.[1];
    if (!name || !type) return [];
    return [{ type, name, content: Buffer.from(body.join('\n').replace(/\s+/g, ''), 'base64') }];
  });
}

const subject = (mail: ReceivedMail) => mail.raw.match(/^Subject: (.*)$/m)?.[1];
/** The mail's text part, quoted-printable soft breaks joined. */
const text = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, '');

describe('the customer keeps a copy of the signed estimate and the invoice', () => {
  // Closed after the stack and its receivers (registered first, so run last).
  afterAll(closePdfBrowser);
  const { stack, receivers } = useStackWithReceivers({
    from: 'Servicelane <service@shop.test>',
    // The worker's renderer reads the stack's own database.
    papers: (stack) => (visitId, kind, language) =>
      customerPapers(stack.database.db, { shop: { name: 'Autohaus Vogt' }, currency: 'EUR' })(visitId, kind, language),
    technicians: true,
  });
  beforeAll(async () => {
    // Chromium started before the first message, as in a worker that has sent one: on a loaded test machine its
    // first launch alone can take longer than an e-mail waits for its paper.
    await renderPdf('<!doctype html><p>ready</p>');
  });

  it('e-mails the signed estimate and the invoice as PDFs with net, VAT and total', { timeout: 600_000 }, async () => {
    const body = withContact({ email: 'copy.keeper@example.test', preferredChannel: 'email' });
    const visitId = await walkIn(stack, { body });
    const estimated = await receiveAndEstimate(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature(body.customer.name) },
    });
    const mailsTo = () => receivers.smtp.mails.filter((m) => m.to.includes('copy.keeper@example.test'));
    const signed = async () => mailsTo().find((m) => subject(m)?.startsWith('Your signed estimate'));
    await expect.poll(signed, { timeout: 120_000 }).toBeDefined();
    const voucherMail = (await signed()) as ReceivedMail;
    expect(text(voucherMail)).toContain('Your copy is attached as a PDF.');
    const [voucher] = attachments(voucherMail);
    expect(voucher).toMatchObject({ type: 'application/pdf', name: 'estimate.pdf' });
    const voucherPdf = await readPdf(voucher?.content ?? Buffer.alloc(0));
    // 1.5 h × 90.00 + 12.50 + 2 × 18.00 = 183.50 net, 19 % VAT 34.87 (34.865 rounded half up), 218.37 in all.
    const en = (cents: number) => inLanguage('en', () => money(cents));
    for (const part of [en(18_350), 'VAT 19%', en(3_487), en(21_837), 'Pickup voucher', 'Autohaus Vogt'])
      expect(voucherPdf.text).toContain(part);
    for (const line of estimateLines) expect(voucherPdf.text).toContain(line.description);

    const delivered = await repairAndDeliver(stack, visitId);
    expect(delivered.totals).toMatchObject({ subtotalCents: 18_350, taxCents: 3_487, totalCents: 21_837 });
    const invoiced = async () => mailsTo().find((m) => subject(m)?.startsWith('Your invoice'));
    await expect.poll(invoiced, { timeout: 120_000 }).toBeDefined();
    const [invoice] = attachments((await invoiced()) as ReceivedMail);
    expect(invoice).toMatchObject({ type: 'application/pdf', name: 'invoice.pdf' });
    const invoicePdf = await readPdf(invoice?.content ?? Buffer.alloc(0));
    for (const part of [en(18_350), 'VAT 19%', en(3_487), en(21_837)]) expect(invoicePdf.text).toContain(part);
  });

  it('texts an SMS customer where the copy is, with no file', { timeout: 600_000 }, async () => {
    const body = withContact({ preferredChannel: 'sms' });
    const visitId = await walkIn(stack, { body });
    const estimated = await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1));
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature(body.customer.name) },
    });
    const copy = () => receivers.gateway.hooks.find((h) => h.body.id === `${visitId}:C1:copy`);
    await expect.poll(copy, { timeout: 120_000 }).toBeDefined();
    expect(copy()?.body.to).toBe(body.customer.phone);
    expect(copy()?.body.text).toContain('Your printed copy is ready for you at the service desk');
  });

  it('sends the e-mail without the PDF, saying where the copy is, when the paper cannot be rendered', async () => {
    // A real render that fails: the read model holds no such visit. The message still goes, at once.
    const adapter = smtpAdapter(receivers.smtp.url, 'Servicelane <service@shop.test>', (visitId, kind, language) =>
      customerPapers(stack.database.db, { shop: {}, currency: 'EUR' })(visitId, kind, language),
    );
    await adapter.send({
      id: 'no-paper:1',
      visitId: '00000000-0000-4000-8000-000000000000',
      channel: 'email',
      recipient: 'no.paper@example.test',
      template: 'invoice_issued',
      payload: { plate: 'B-XY 1', totalCents: 11_900, document: 'invoice', currency: 'EUR' },
    });
    const mail = receivers.smtp.mails.find((m) => m.to.includes('no.paper@example.test'));
    expect(mail && attachments(mail)).toEqual([]);
    expect(mail && text(mail)).toContain('Your printed copy is ready for you at the service desk');
  });
});
