import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll } from 'vitest';
import { channelRouter, logAdapter, type PaperRenderer, smsWebhookAdapter, smtpAdapter } from '../../activities/channels.js';
import { log } from '../../runtime/log.js';
import { type SharedStackOptions, type TestStack, useTestStack } from '../support/stack.js';

// The far ends of the channel adapters, real servers on loopback ports: an SMTP server (any SMTP server
// will do for the adapter) and an SMS gateway's webhook.

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A plain SMTP server; mail to `@bounce.test` is refused at RCPT TO with 550, as a real server does for an unknown mailbox. */
export async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@bounce.test'))
        return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: { id: string; to: string; text: string };
}

/**
 * An SMS gateway's webhook. `behaviour` by recipient: `down` answers 503 every time, `flaky` 503 once then
 * 200, `refuse` 400 (a number the gateway will never text); everyone else 200.
 */
export async function startWebhookReceiver() {
  const hooks: ReceivedHook[] = [];
  const behaviour = new Map<string, 'down' | 'flaky' | 'refuse'>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedHook['body'];
      hooks.push({ headers: req.headers, body });
      const mode = behaviour.get(body.to);
      if (mode === 'flaky') behaviour.delete(body.to);
      res.statusCode = mode === 'refuse' ? 400 : mode ? 503 : 200;
      res.end(mode ? 'no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    hooks,
    behaviour,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Receivers {
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  gateway: Awaited<ReturnType<typeof startWebhookReceiver>>;
}

/**
 * The shared stack (useTestStack) with its channels on these receivers: e-mail from `from` to the SMTP server
 * (with the papers `papers` renders for it), SMS to the gateway, two attempts each, anything else to the log. The
 * receivers start just before the stack and close after it; `receivers` is filled then.
 */
export function useStackWithReceivers({
  from,
  papers,
  ...options
}: SharedStackOptions & { from: string; papers?: (stack: TestStack) => PaperRenderer }) {
  const receivers = {} as Receivers;
  // Registered before the stack's, so it runs after the stack has closed.
  afterAll(async () => {
    await receivers.smtp?.close();
    await receivers.gateway?.close();
  });
  const stack: TestStack = useTestStack(async () => {
    receivers.smtp = await startSmtpServer();
    receivers.gateway = await startWebhookReceiver();
    return {
      ...options,
      channel: channelRouter(
        { email: smtpAdapter(receivers.smtp.url, from, papers?.(stack)), sms: smsWebhookAdapter(receivers.gateway.url) },
        { fallback: logAdapter(log), deliveryAttempts: 2 },
      ),
    };
  });
  return { stack, receivers };
}
