import { describe, expect, it } from 'vitest';
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
