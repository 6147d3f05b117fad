// Loaded first: @hono/zod-openapi must extend zod before any schema is built.
import '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import type { NewVisit } from '../../domain/visit.js';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import {
  act,
  assigneeOf,
  estimateLines,
  foreman,
  newVisitBody,
  receiveAndDiagnose,
  signature,
  stateOf,
  walkIn,
  workStarted,
} from '../support/visits.js';
import { useStackWithReceivers } from './receivers.js';

// The customer gets the approval link with the message itself, through the real SMS gateway webhook and SMTP
// server, without anyone copying it: the estimate, a re-send on demand, and extra work that supersedes it.

const HOUR = 3_600_000;
const PUBLIC_URL = 'https://service.example-dealer.test';
const LINK = /https:\/\/service\.example-dealer\.test\/app\/approval\?token=([A-Za-z0-9_.%-]+)/;

describe('the approval link reaches the customer on their channel', () => {
  const { stack, receivers } = useStackWithReceivers({
    from: 'Servicelane <service@shop.test>',
    publicUrl: PUBLIC_URL,
    technicians: true,
  });
  let advisor: ReturnType<typeof asStaff>;
  beforeAll(() => {
    advisor = asStaff(stack.app, 'advisor', 'adv-lena');
  });

  const textsTo = (phone: string) => receivers.gateway.hooks.filter((h) => h.body.to === phone).map((h) => h.body.text);
  const tokenIn = (text: string | undefined) => {
    const match = text?.match(LINK);
    if (!match?.[1]) throw new Error(`no approval link in: ${text}`);
    return decodeURIComponent(match[1]);
  };
  const post = (path: string, body: unknown, key: string) => postJson(advisor, path, body, { 'idempotency-key': key });
  const approval = (token: string) => stack.app.request(`/approvals/${token}`);
  const decide = (token: string, lineIds: string[]) =>
    postJson(
      stack.app,
      `/approvals/${token}`,
      { decisions: lineIds.map((lineId) => ({ lineId, approved: true })), signature: signature('Ana Pereira') },
      { 'idempotency-key': `decide-${token.slice(-12)}` },
    );
  const linkStatus = async (visitId: string) => readJson(await advisor.request(`/visits/${visitId}/approval-links`));
  const listed = async (visitId: string) => {
    const { customer } = await stateOf(stack, visitId);
    const list = await readJson(await advisor.request(`/visits?q=${encodeURIComponent(customer.phone)}&limit=500`));
    return list.items.find((v: { visitId: string }) => v.visitId === visitId);
  };

  it('estimate → SMS with a working link; sent again on demand (once per request); extra work supersedes it', async () => {
    const visitId = await walkIn(stack);
    const { customer } = await stateOf(stack, visitId);
    await receiveAndDiagnose(stack, visitId);

    // The advisor submits the estimate; nobody asks for a link.
    const promisedAt = new Date(Date.now() + 8 * HOUR).toISOString();
    const submitted = await post(
      `/visits/${visitId}/actions/submit_estimate`,
      { lines: estimateLines.slice(0, 2), promisedAt },
      `estimate-${visitId}`,
    );
    expect(submitted.status).toBe(200);
    await expect.poll(() => textsTo(customer.phone).length).toBe(1);
    const estimateText = textsTo(customer.phone)[0];
    expect(estimateText).toContain('Your estimate is ready');
    const first = tokenIn(estimateText);
    const view = await approval(first);
    expect(view.status).toBe(200);
    expect(await readJson(view)).toMatchObject({ visitId, subject: 'estimate', status: 'pending' });

    // The advisor's screens read what was sent, on which channel, and that it went out.
    await expect
      .poll(async () => (await linkStatus(visitId)).current)
      .toMatchObject({ sentAs: 'requested', channel: 'sms', recipient: customer.phone, status: 'sent' });
    const status = await linkStatus(visitId);
    expect(tokenIn(status.current.url)).toBe(first);
    expect(status.waitingSince).not.toBeNull();
    expect((await listed(visitId)).waitingForCustomerSince).toBe(status.waitingSince);

    // "Send the link again": a retry with the same key is the same request, so the customer gets one more text.
    const again = `resend-${visitId}`;
    const resent = await post(`/visits/${visitId}/actions/send_approval_link`, {}, again);
    expect(resent.status).toBe(200);
    const retried = await post(`/visits/${visitId}/actions/send_approval_link`, {}, again);
    expect(retried.status).toBe(200);
    const resends = (await stateOf(stack, visitId)).timeline.filter((e) => e.type === 'approval_link_resent');
    expect(resends).toHaveLength(1);
    await expect.poll(() => textsTo(customer.phone).length).toBe(2);
    const second = tokenIn(textsTo(customer.phone)[1]);
    expect(second).not.toBe(first);
    await expect
      .poll(async () => (await linkStatus(visitId)).current)
      .toMatchObject({ sentAs: 'resent', status: 'sent', channel: 'sms' });
    expect(tokenIn((await linkStatus(visitId)).current.url)).toBe(second);
    expect((await linkStatus(visitId)).sends).toBe(2);
    expect(
      await stack.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.visitId, visitId), eq(outbox.recipient, customer.phone))),
    ).toHaveLength(2);

    // The customer decides on the re-sent link; the advisor is told.
    const lines = (await stateOf(stack, visitId)).lines.map((l) => l.id);
    expect((await decide(second, lines)).status).toBe(200);
    await expect
      .poll(async () =>
        (await stack.database.db.select().from(outbox).where(eq(outbox.visitId, visitId))).filter(
          (r) => r.template === 'customer_decided',
        ),
      )
      .toMatchObject([{ channel: 'staff', recipient: 'advisor:adv-lena', status: 'sent' }]);
    await expect.poll(async () => (await listed(visitId)).customerDecidedAt).not.toBeNull();
    expect((await listed(visitId)).waitingForCustomerSince).toBeNull();
    expect(await linkStatus(visitId)).toMatchObject({ approvalId: null, current: null });

    // Extra work during the repair: a new text with a new link.
    await expect.poll(async () => (await stateOf(stack, visitId)).dispatch.proposal).not.toBeNull();
    const proposed = (await stateOf(stack, visitId)).dispatch.proposal?.technicianId as string;
    await act(stack, visitId, 'assign_technician', { technicianId: proposed }, foreman);
    await act(stack, visitId, 'start_work', workStarted, await assigneeOf(stack, visitId));
    const extra = await act(
      stack,
      visitId,
      'report_additional_work',
      {
        lines: [{ kind: 'part', description: 'Brake fluid', quantity: 1, unitPriceCents: 2_400 }],
        promisedAt: new Date(Date.now() + 10 * HOUR).toISOString(),
        reason: 'Brake fluid is dark',
      },
      await assigneeOf(stack, visitId),
    );
    // The estimate, the link sent again, the copy of the signed estimate, now the extra work.
    await expect.poll(() => textsTo(customer.phone).length).toBe(4);
    const extraText = textsTo(customer.phone)[3];
    expect(extraText).toContain('additional work');
    // Why the work is needed, in the technician's words, before what it costs.
    expect(extraText).toContain('our technician found: “Brake fluid is dark”. The additional work: 1 item(s)');
    const newest = tokenIn(extraText);

    // Both earlier links now answer in plain words; the visit shows only the new one.
    for (const old of [first, second]) {
      const res = await approval(old);
      expect(res.status).toBe(410);
      expect((await readJson(res)).error.message).toContain('superseded by a newer request');
    }
    await expect.poll(async () => (await linkStatus(visitId)).current?.sentAs).toBe('requested');
    expect(tokenIn((await linkStatus(visitId)).current.url)).toBe(newest);

    const extraLine = extra.lines.at(-1)?.id as string;
    const oldDecision = await decide(first, [extraLine]);
    expect(oldDecision.status).toBe(410);
    const decided = await decide(newest, [extraLine]);
    expect(decided.status).toBe(200);
    expect(await readJson(decided)).toMatchObject({ subject: 'additional_work', status: 'decided' });
    expect((await stateOf(stack, visitId)).stage).toBe('in_repair');
  });

  it('an e-mail customer gets the link in the estimate mail', async () => {
    const body: NewVisit = newVisitBody();
    const email = 'ina.berg@example.test';
    const visitId = await walkIn(stack, {
      body: { ...body, customer: { ...body.customer, email, preferredChannel: 'email' } },
    });
    await receiveAndDiagnose(stack, visitId);
    await act(stack, visitId, 'submit_estimate', {
      lines: estimateLines.slice(0, 1),
      promisedAt: new Date(Date.now() + 8 * HOUR).toISOString(),
    });
    const mailsTo = () => receivers.smtp.mails.filter((m) => m.to.includes(email));
    await expect.poll(() => mailsTo().length).toBe(1);
    // Quoted-printable: soft line breaks and encoded "=" undone.
    const text = mailsTo()[0]
      ?.raw.replace(/=\r?\n/g, '')
      .replace(/=3D/g, '=');
    const res = await approval(tokenIn(text));
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ visitId, status: 'pending' });
    await expect.poll(async () => (await linkStatus(visitId)).current).toMatchObject({ channel: 'email', recipient: email });
  });
});
