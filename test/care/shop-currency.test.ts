import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { localTime } from '../../domain/local-time.js';
import { useTestStack } from '../support/stack.js';
import { outboxOf, receiveAndEstimate, walkIn, withContact } from '../support/visits.js';

// The shop's currency and clock are settings (SHOP_CURRENCY, SHOP_TIME_ZONE): a shop in Shanghai runs its worker with
// CNY and Asia/Shanghai, and the customer's estimate message says ¥ and the ready time as the shop's clock reads it,
// both kept in the outbox with the message so a retry says the same. (A shop on the defaults, EUR and UTC, is covered
// by test/web/languages.test.ts.)

describe("customer messages in the shop's currency and on its clock", () => {
  const stack = useTestStack({ currency: 'CNY', timeZone: 'Asia/Shanghai' });

  it('writes the estimate in yuan and its ready time in Shanghai time when the shop is set so', async () => {
    const visitId = await walkIn(stack);
    await receiveAndEstimate(stack, visitId);
    let payload: Record<string, unknown> = {};
    await expect
      .poll(
        async () => {
          const sent = (await outboxOf(stack, visitId)).find((m) => m.template === 'estimate_ready');
          payload = (sent?.payload ?? {}) as Record<string, unknown>;
          return payload.currency;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe('CNY');
    expect(payload.timeZone).toBe('Asia/Shanghai');
    const { text } = renderMessage('estimate_ready', payload);
    expect(text).toMatch(/CN¥\d/);
    expect(text).not.toContain('€');
    // The ready time as the shop's clock reads it, eight hours ahead of UTC; the message read it in UTC, and said so.
    expect(text).toContain(localTime(Date.parse(String(payload.promisedAt)), 'Asia/Shanghai'));
    expect(text).not.toContain('UTC');
  });
});

// The desk's booking form, a walk-in and a hotline caller leave the customer's language out (only the booking page
// asks), so a Shanghai shop texted its customers in English: "Your estimate is ready … CN¥876.12". The shop's
// language (SHOP_LANGUAGE) is theirs until their file names one.
describe("customer messages in the shop's language when the file names none", () => {
  const stack = useTestStack({ currency: 'CNY', timeZone: 'Asia/Shanghai', language: 'zh-CN' });

  const estimateMessage = async (visitId: string) => {
    let payload: Record<string, unknown> = {};
    await expect
      .poll(
        async () => {
          payload = ((await outboxOf(stack, visitId)).find((m) => m.template === 'estimate_ready')?.payload ?? {}) as Record<
            string,
            unknown
          >;
          return payload.currency;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe('CNY');
    return { payload, text: renderMessage('estimate_ready', payload).text };
  };

  it('texts a walk-in whose file names no language in Chinese, and one whose file says English in English', async () => {
    const unnamed = await walkIn(stack);
    await receiveAndEstimate(stack, unnamed);
    const chinese = await estimateMessage(unnamed);
    expect(chinese.payload.language).toBe('zh-CN');
    expect(chinese.text).toMatch(/^您的维修报价已出：共 3 项，税前 ¥\d/);
    expect(chinese.text).not.toContain('CN¥');

    const english = await walkIn(stack, { body: withContact({ language: 'en' }) });
    await receiveAndEstimate(stack, english);
    expect((await estimateMessage(english)).text).toMatch(/^Your estimate is ready: 3 item\(s\), CN¥\d/);
  });
});
