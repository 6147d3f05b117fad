import type { Logger } from '../runtime/log.js';

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
}

/** Development and shops without a gateway: the message is written to the log for someone to act on. */
export const logAdapter = (log: Logger): ChannelAdapter => ({
  async send(message) {
    log.info({ notification: message }, 'notification');
  },
});

/** POSTs each message as JSON to a gateway (SMS provider, mail relay, chat bot) that turns it into the real thing. */
export const webhookAdapter = (url: string, fetchImpl: typeof fetch = fetch): ChannelAdapter => ({
  async send(message) {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`notification webhook answered ${res.status}`);
  },
});
