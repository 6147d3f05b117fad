// Loaded first: @hono/zod-openapi must extend zod before any schema is built (api/routes/vehicles.ts relies on it).
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers } from '../../db/schema.js';
import {
  act,
  estimateLines,
  outboxRow,
  qc,
  receiveAndEstimate,
  repairAndDeliver,
  repairToQc,
  signature,
  stateOf,
  taskRow,
  waitForStage,
  walkIn,
  withContact,
} from '../support/visits.js';
import { useStackWithReceivers } from './receivers.js';

describe('reminders and messages reach people through the channel adapters', () => {
  const { stack, receivers } = useStackWithReceivers({ from: 'Servicelane Berlin <service@shop.test>', technicians: true });
  /** The estimate's "please approve" message: the first customer message of a visit. */
  const estimateMessage = (visitId: string) => `${visitId}:A1:requested`;

  it('email customer: estimate, vehicle ready and the maintenance reminder arrive at the SMTP server', async () => {
    const body = withContact({ email: 'ina.berg@example.test', preferredChannel: 'email' });
    const visitId = await walkIn(stack, { body });
    const estimated = await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1));
    const mailsTo = () => receivers.smtp.mails.filter((m) => m.to.includes('ina.berg@example.test'));
    await expect.poll(() => mailsTo().length).toBe(1);
    expect(mailsTo()[0]?.raw).toContain('Subject: Your estimate is ready');
    expect(mailsTo()[0]?.raw).toContain(`X-Servicelane-Message: ${estimateMessage(visitId)}`);
    expect(mailsTo()[0]?.from).toBe('service@shop.test');

    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature(body.customer.name) },
    });
    await repairAndDeliver(stack, visitId);
    await act(stack, visitId, 'record_follow_up', { reached: true, satisfaction: 5 });
    await waitForStage(stack, visitId, 'closed');

    await expect.poll(() => mailsTo().length).toBe(5);
    const subjects = mailsTo().map((m) => m.raw.match(/^Subject: (.*)$/m)?.[1]);
    expect(subjects).toEqual([
      'Your estimate is ready',
      `Your signed estimate for ${body.vehicle.plate}`,
      `${body.vehicle.plate} is ready for pickup`,
      `Your invoice for ${body.vehicle.plate}`,
      `Maintenance due for ${body.vehicle.plate}`,
    ]);
    // The SMTP server has the mail before the activity marks its outbox row sent.
    await expect
      .poll(() => outboxRow(stack, `${visitId}:maintenance-reminder`))
      .toMatchObject({ channel: 'email', status: 'sent', attempts: 1 });
  });

  it('SMS customer: the text goes to the gateway webhook, keyed so the gateway can drop a duplicate', async () => {
    const visitId = await walkIn(stack);
    const { customer } = await stateOf(stack, visitId);
    await receiveAndEstimate(stack, visitId);
    await expect.poll(() => receivers.gateway.hooks.filter((h) => h.body.to === customer.phone).length).toBe(1);
    const hook = receivers.gateway.hooks.find((h) => h.body.to === customer.phone);
    expect(hook?.body.id).toBe(estimateMessage(visitId));
    expect(hook?.headers['idempotency-key']).toBe(estimateMessage(visitId));
    expect(hook?.body.text).toContain('Your estimate is ready');
    // The gateway has the text before the outbox row is marked sent.
    await expect.poll(() => outboxRow(stack, estimateMessage(visitId))).toMatchObject({ channel: 'sms', status: 'sent' });
  });

  it('a customer whose file prefers e-mail but holds no address is texted, not "e-mailed" at the phone number', async () => {
    const visitId = await walkIn(stack, { body: withContact({ preferredChannel: 'email' }) });
    const { customer } = await stateOf(stack, visitId);
    await receiveAndEstimate(stack, visitId);
    await expect.poll(() => receivers.gateway.hooks.filter((h) => h.body.to === customer.phone).length).toBe(1);
    await expect
      .poll(() => outboxRow(stack, estimateMessage(visitId)))
      .toMatchObject({ channel: 'sms', recipient: customer.phone, status: 'sent' });
    expect(receivers.smtp.mails.filter((m) => m.to.includes(customer.phone))).toHaveLength(0);
  });

  it('an opted-out customer gets nothing, and nobody is asked to call instead', async () => {
    const visitId = await walkIn(stack);
    const { customer } = await stateOf(stack, visitId);
    await stack.database.db.update(customers).set({ optedOut: true }).where(eq(customers.id, customer.id));
    await receiveAndEstimate(stack, visitId);
    await expect.poll(() => outboxRow(stack, estimateMessage(visitId))).toMatchObject({ status: 'suppressed' });
    expect(receivers.gateway.hooks.filter((h) => h.body.to === customer.phone)).toHaveLength(0);
    expect(await taskRow(stack, `${estimateMessage(visitId)}:undelivered`)).toBeUndefined();
  });

  it('a gateway that stays down: retried with back-off, then the message becomes a call-list task', async () => {
    const visitId = await walkIn(stack);
    const { customer } = await stateOf(stack, visitId);
    receivers.gateway.behaviour.set(customer.phone, 'down');
    await receiveAndEstimate(stack, visitId);
    const undelivered = `${estimateMessage(visitId)}:undelivered`;
    await expect
      .poll(() => taskRow(stack, undelivered), { interval: 200 })
      .toMatchObject({ kind: 'delivery_failed', assigneeRole: 'advisor', status: 'open', customerId: customer.id, visitId });
    expect((await taskRow(stack, undelivered))?.title).toContain('Your estimate is ready');
    expect(await outboxRow(stack, estimateMessage(visitId))).toMatchObject({ status: 'failed', attempts: 2 });
    const calls = receivers.gateway.hooks.filter((h) => h.body.to === customer.phone);
    expect(calls).toHaveLength(2);
    // The visit's messages carry on behind it: a later one (rework reported to the manager) is sent.
    const estimated = await stateOf(stack, visitId);
    await act(stack, visitId, 'decide', {
      decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
      consent: { method: 'signature', signature: signature('Customer') },
    });
    await repairToQc(stack, visitId);
    await act(stack, visitId, 'record_qc', { passed: false, failedItems: ['Wash not clean'] }, qc);
    await expect.poll(() => outboxRow(stack, `${visitId}:rework:1`)).toMatchObject({ channel: 'staff', status: 'sent' });
  });

  it('a gateway that fails once: the retry delivers it, no task', async () => {
    const visitId = await walkIn(stack);
    const { customer } = await stateOf(stack, visitId);
    receivers.gateway.behaviour.set(customer.phone, 'flaky');
    await receiveAndEstimate(stack, visitId);
    await expect
      .poll(() => outboxRow(stack, estimateMessage(visitId)), { interval: 200 })
      .toMatchObject({
        status: 'sent',
        attempts: 2,
      });
    expect(await taskRow(stack, `${estimateMessage(visitId)}:undelivered`)).toBeUndefined();
  });

  it('refused at once, no retries: a mailbox the SMTP server rejects, and a customer who wants a phone call', async () => {
    const bounced = await walkIn(stack, { body: withContact({ email: 'gone@bounce.test', preferredChannel: 'email' }) });
    const phoned = await walkIn(stack, { body: withContact({ preferredChannel: 'phone' }) });
    await receiveAndEstimate(stack, bounced);
    await receiveAndEstimate(stack, phoned);
    for (const visitId of [bounced, phoned])
      await expect
        .poll(() => taskRow(stack, `${estimateMessage(visitId)}:undelivered`))
        .toMatchObject({ kind: 'delivery_failed', status: 'open' });
    expect(await outboxRow(stack, estimateMessage(bounced))).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await outboxRow(stack, estimateMessage(bounced)))?.lastError).toContain('550');
    expect(await outboxRow(stack, estimateMessage(phoned))).toMatchObject({ channel: 'phone', status: 'failed', attempts: 1 });
    expect((await taskRow(stack, `${estimateMessage(phoned)}:undelivered`))?.title).toContain('prefers a phone call');
  });
});
