import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CustomerApproval } from '../../api/approval-view.js';
import { inLanguage } from '../../web/i18n/index.js';
import { ApprovalDonePage, ApprovalPage } from '../../web/pages/approval.js';

// The customer's approval page names the promised time as the shop's clock reads it, in the page's language, on the
// server: it was drawn in UTC ("Sun 28 Feb, 23:30 UTC") and rewritten by the page's script in the phone's own zone,
// so a phone without the script read UTC and one set to another zone read a time the shop never promised.

const approval: CustomerApproval = {
  visitId: 'v-1',
  approvalId: 'a-1',
  subject: 'estimate',
  status: 'pending',
  requestedAt: '2027-02-28T10:00:00.000Z',
  linkExpiresAt: '2027-03-07T10:00:00.000Z',
  customer: { name: 'Wang Fang' },
  vehicle: { plate: '沪A12345', model: 'Buick GL8' },
  // 07:30 on Monday 1 March 2027 in Shanghai.
  promisedAt: '2027-02-28T23:30:00.000Z',
  lines: [
    {
      id: 'l-1',
      kind: 'labour',
      description: 'Annual service',
      quantity: 1,
      unitPriceCents: 20_000,
      discountCents: 0,
      totalCents: 20_000,
      campaign: false,
      recommended: false,
      status: 'proposed',
    },
  ],
  totals: { labourCents: 20_000, partsCents: 0, discountCents: 0, subtotalCents: 20_000, taxCents: 0, totalCents: 20_000 },
  taxRateBasisPoints: 0,
};

const page = (language: 'en' | 'zh-CN', tz: string, done = false) =>
  inLanguage(language, () =>
    String(
      done
        ? ApprovalDonePage({ approval: { ...approval, lines: approval.lines.map((l) => ({ ...l, status: 'approved' })) }, tz })
        : ApprovalPage({ approval, action: '/x', tz }),
    ),
  );

describe("the approval link's times", () => {
  // The day the customer opens the link: a time in the year the page is read names no year.
  beforeAll(() => vi.useFakeTimers({ now: Date.parse('2027-02-28T10:05:00.000Z'), toFake: ['Date'] }));
  afterAll(() => vi.useRealTimers());

  it.each([
    ['en', 'Mon 1 Mar, 07:30'],
    ['zh-CN', '3月1日周一 07:30'],
  ] as const)('are on the shop’s clock in %s, with no UTC left for a script to rewrite', (language, shown) => {
    for (const done of [false, true]) {
      const html = page(language, 'Asia/Shanghai', done);
      expect(html).toContain(shown);
      expect(html).not.toContain('UTC');
      expect(html).not.toContain('data-local');
    }
  });

  it('reads the hour a Munich shop promised on the night its clocks go back, the first 02:30', () => {
    const munich = { ...approval, promisedAt: '2027-10-31T00:30:00.000Z' };
    const html = inLanguage('en', () => String(ApprovalPage({ approval: munich, action: '/x', tz: 'Europe/Berlin' })));
    expect(html).toContain('Sun 31 Oct, 02:30');
  });
});
