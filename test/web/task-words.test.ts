import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { directoryOf } from '../../domain/staff.js';
import { taskText } from '../../web/entry-words.js';
import { inLanguage } from '../../web/i18n/index.js';

// The call list words a task from its kind and recorded values (issue 17): an approval the customer sits on says
// whether it is the estimate or the additional work, so the advisor knows which paper to talk about.

describe('the approval escalation names what the customer has not answered', () => {
  const reader = { directory: directoryOf([]), tz: 'Europe/Berlin' };
  const escalation = (params?: Record<string, string>) => ({
    id: 'visit-1:A2:escalation',
    kind: 'approval_escalation' as const,
    title: 'Customer (B-AB 123) has not answered the additional work: call',
    params,
    dueAt: '2026-12-02T10:00:00.000Z',
  });

  it.each([
    ['en', { subject: 'estimate' }, 'Has not answered the estimate: call'],
    ['en', { subject: 'additional_work' }, 'Has not answered the additional work: call'],
    ['zh-CN', { subject: 'estimate' }, '客户尚未答复估价单：请致电'],
    ['zh-CN', { subject: 'additional_work' }, '客户尚未答复增项维修：请致电'],
    // Opened before the subject was recorded.
    ['en', undefined, 'Has not answered the approval request: call'],
    ['zh-CN', undefined, '客户尚未答复确认请求：请致电'],
  ] as const)('%s, %j', (language, params, words) => {
    expect(inLanguage(language, () => taskText(escalation(params), reader))).toBe(words);
  });
});

// The day-before call of a Monday booking is made on the Saturday when the shop is closed on Sunday, and an
// unanswered one is tried again into the morning of the visit: "Confirm tomorrow's appointment" was wrong on both.
describe('the confirmation call names the day of the appointment, not "tomorrow"', () => {
  const reader = { directory: directoryOf([]), tz: 'Asia/Shanghai' };
  // Read on the Saturday the call is made.
  beforeAll(() => vi.useFakeTimers({ now: Date.parse('2026-12-05T02:00:00.000Z'), toFake: ['Date'] }));
  afterAll(() => vi.useRealTimers());
  const call = {
    id: 'visit-1:confirmation:0',
    kind: 'confirmation_call' as const,
    title: "Confirm tomorrow's appointment with Wang (沪A·12345), call 1",
    dueAt: '2026-12-05T02:00:00.000Z',
    // Monday 7 December, 10:00 in Shanghai.
    visit: { appointmentAt: '2026-12-07T02:00:00.000Z', promisedAt: null },
  };

  it.each([
    ['en', 'Confirm the appointment on Mon 7 Dec, 10:00'],
    ['zh-CN', '确认 12月7日周一 10:00 的预约'],
  ] as const)('%s', (language, words) => {
    expect(inLanguage(language, () => taskText(call, reader))).toBe(words);
  });
});
