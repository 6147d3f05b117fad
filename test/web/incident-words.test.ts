import { describe, expect, it } from 'vitest';
import { inLanguage } from '../../web/i18n/index.js';
import type { KpisPageProps } from '../../web/pages/kpis/page.js';
import { IncidentsCard } from '../../web/pages/kpis/review.js';

// Issue 17: the manager reads an incident as the work that is held up, in plain words; the activity's name, the
// workflow id and the database's own words stay behind "Technical detail for IT".

const failing = {
  id: 'failing:visit-1:9',
  kind: 'activity_failing',
  scope: 'visit',
  subject: 'visit-1',
  activity: 'notify',
  cause: 'outbox is stalled (SQLSTATE P0001)',
  attempts: 7,
  status: 'open',
  failingSince: '2026-12-02T09:00:00.000Z',
  createdAt: '2026-12-02T09:03:00.000Z',
};
const refused = {
  ...failing,
  id: 'refused:visit-1:4',
  kind: 'record_rejected',
  activity: 'recordVisitEvent',
  cause: 'value too long (SQLSTATE 22001; table visit_events)',
};

const card = async (language: 'en' | 'zh-CN', incidents: Record<string, unknown>[]) => {
  const html = String(await inLanguage(language, () => IncidentsCard({ p: { incidents } as unknown as KpisPageProps })));
  // The words a person reads first: everything outside the technical detail.
  return html
    .replace(/<details>[\s\S]*?<\/details>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
};

describe('the incidents card', () => {
  it('names the held-up work of a failing activity, in English and Chinese', async () => {
    const en = await card('en', [failing]);
    expect(en).toContain('Held up: sending a message. It is retried on its own until it gets through; IT finds the cause below.');
    expect(en).not.toContain('notify');
    expect(en).not.toContain('P0001');
    expect(en).not.toContain('keeps failing');
    const zh = await card('zh-CN', [failing]);
    expect(zh).toContain('受阻：发送消息。');
    expect(zh).not.toContain('notify');
  });

  it('words an activity this version does not know as a step, and a refused record by its cause', async () => {
    expect(await card('en', [{ ...failing, activity: 'retiredActivity' }])).toContain('Held up: a step of the workflow.');
    const en = await card('en', [refused]);
    expect(en).toContain('A text was longer than the database allows for it.');
    expect(en).not.toContain('Held up');
  });
});
