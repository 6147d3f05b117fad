import nodemailer from 'nodemailer';
import { DocumentKind } from '../domain/documents.js';
import { type Language, languageOf } from '../domain/language.js';
import { type Logger, log } from '../runtime/log.js';
import { renderMessage } from './message-templates.js';

export interface OutgoingMessage {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  payload: Record<string, unknown>;
  /** The visit the message is about: the e-mail adapter attaches its paper (`payload.document`) from it. */
  visitId?: string;
}

/** A visit's paper as a PDF in the customer's language, from the read model (web/paper-pdf.ts). */
export type PaperRenderer = (visitId: string, kind: DocumentKind, language?: Language) => Promise<Uint8Array>;

/** How long an e-mail waits for its PDF: inside the activity's 30 s, so a slow Chromium never times the message out. */
const PAPER_WAIT_MS = 20_000;

/**
 * The paper a message names, rendered for attaching; undefined when it names none or the PDF cannot be made in
 * time (Chromium missing, slow or crashing): the message then goes without it and says where the copy is,
 * rather than being retried for a file.
 */
async function paperAttachment(message: OutgoingMessage, papers: PaperRenderer | undefined) {
  const kind = DocumentKind.safeParse(message.payload.document);
  if (!papers || !kind.success || !message.visitId) return undefined;
  const language = languageOf(typeof message.payload.language === 'string' ? message.payload.language : undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no PDF within ${PAPER_WAIT_MS} ms`)), PAPER_WAIT_MS);
  });
  try {
    const content = await Promise.race([papers(message.visitId, kind.data, language), late]);
    return { filename: `${kind.data}.pdf`, content: Buffer.from(content), contentType: 'application/pdf' };
  } catch (err) {
    log.warn({ err, messageId: message.id, document: kind.data }, 'message sent without its paper');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
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
 * is derived from the outbox id, so a mail sent twice after a retry is recognisable as one. With `papers`, a
 * message naming a paper carries it as a PDF.
 */
export function smtpAdapter(url: string, from: string, papers?: PaperRenderer): ChannelAdapter {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      const attachment = await paperAttachment(message, papers);
      const { subject, text } = renderMessage(
        message.template,
        attachment ? { ...message.payload, paperAttached: true } : message.payload,
      );
      try {
        await transport.sendMail({
          from,
          to: message.recipient,
          subject,
          text,
          attachments: attachment ? [attachment] : [],
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
