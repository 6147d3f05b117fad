import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { useTestStack } from '../support/stack.js';
import { outboxOf, receiveAndEstimate, walkIn } from '../support/visits.js';

// The shop's currency is a setting (SHOP_CURRENCY): a shop in Shanghai runs its worker with CNY, and the customer's
// estimate message says ¥, kept in the outbox with the message so a retry says the same. (A shop on the default,
// EUR, is covered by test/web/languages.test.ts.)

describe("customer messages in the shop's currency", () => {
  const stack = useTestStack({ currency: 'CNY' });

  it('writes the estimate in yuan when the shop is set to CNY', async () => {
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
    const { text } = renderMessage('estimate_ready', payload);
    expect(text).toMatch(/CN¥\d/);
    expect(text).not.toContain('€');
  });
});
