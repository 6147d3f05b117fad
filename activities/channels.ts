import nodemailer from 'nodemailer';
import type { Logger } from '../runtime/log.js';
import { renderMessage } from './message-templates.js';

export interface OutgoingMessage {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  payload: Record<string, unknown>;
}

/** Where notifications leave the building. Every adapter must tolerate the same message twice (at-least-once). */
export interface ChannelAdapter {
  send(message: OutgoingMessage): Promise<void>;
  /** Attempts (with the workflow's back-off between them) before a failing message is handed to a person. */
  readonly deliveryAttempts?: number;
}

export const DEFAULT_DELIVERY_ATTEMPTS = 5;

/**
 * Retrying will not help: the gateway refused the address or the message, or no automated channel reaches
 * this customer (they asked to be phoned). The message goes to the call list at once.
 */
export class DeliveryRejected extends Error {
  override name = 'DeliveryRejected';
}

/** Development and shops without a gateway: the message is written to the log for someone to act on. */
export const logAdapter = (log: Logger): ChannelAdapter => ({
  async send(message) {
    log.info({ notification: message }, 'notification');
  },
});

// 408 and 429 say "later", not "never"; every other 4xx means the same request will fail again.
const refused = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

async function postJson(url: string, idempotencyKey: string, body: unknown, fetchImpl: typeof fetch, what: string) {
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (refused(res.status)) throw new DeliveryRejected(`${what} refused the message: ${res.status}`);
  if (!res.ok) throw new Error(`${what} answered ${res.status}`);
}

/** POSTs each message as JSON to a gateway (SMS provider, mail relay, chat bot) that turns it into the real thing. */
export const webhookAdapter = (url: string, fetchImpl: typeof fetch = fetch): ChannelAdapter => ({
  send: (message) => postJson(url, message.id, message, fetchImpl, 'notification webhook'),
});

/**
 * An SMS gateway behind an HTTP webhook: `{ id, to, text }` as JSON, the message id as Idempotency-Key so
 * a gateway that honours it never texts twice.
 */
export const smsWebhookAdapter = (url: string, fetchImpl: typeof fetch = fetch): ChannelAdapter => ({
  async send(message) {
    const { text } = renderMessage(message.template, message.payload);
    await postJson(url, message.id, { id: message.id, to: message.recipient, text }, fetchImpl, 'SMS gateway');
  },
});

/**
 * Email through any SMTP server (`smtp://user:pass@host:587`, `smtps://…` for implicit TLS). The Message-ID
 * is derived from the outbox id, so a mail sent twice after a retry is recognisable as one.
 */
export function smtpAdapter(url: string, from: string): ChannelAdapter {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      const { subject, text } = renderMessage(message.template, message.payload);
      try {
        await transport.sendMail({
          from,
          to: message.recipient,
          subject,
          text,
          messageId: `<${message.id.replace(/[^A-Za-z0-9.:-]/g, '-')}@servicelane>`,
          headers: { 'X-Servicelane-Message': message.id },
        });
      } catch (err) {
        // 5xx is the server's final word (unknown mailbox, policy); connection trouble and 4xx are worth a retry.
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) throw new DeliveryRejected(`SMTP server refused the message: ${code}`);
        throw err;
      }
    },
  };
}

/**
 * Picks the adapter by the message's channel (the customer's preference, `staff` for colleagues). A
 * channel with no adapter falls back when a fallback is given; `phone` never does — a person calls.
 */
export function channelRouter(
  routes: Partial<Record<'email' | 'sms' | 'staff', ChannelAdapter>>,
  options: { fallback?: ChannelAdapter; deliveryAttempts?: number } = {},
): ChannelAdapter {
  return {
    deliveryAttempts: options.deliveryAttempts,
    async send(message) {
      if (message.channel === 'phone') throw new DeliveryRejected('the customer prefers a phone call');
      const adapter = routes[message.channel as keyof typeof routes] ?? options.fallback;
      if (!adapter) throw new DeliveryRejected(`no adapter is configured for ${message.channel}`);
      await adapter.send(message);
    },
  };
}
