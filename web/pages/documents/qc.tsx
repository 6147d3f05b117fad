import type { Child } from 'hono/jsx';
import { dateTime, who } from '../../format.js';
import { t } from '../../i18n/index.js';
import { lineName } from '../../line-origin.js';
import { Facts, Paper, type PaperProps, SignatureBox } from './paper.js';

/** The QC checklist: the work done, every check with its result and the items sent back to repair. */
export const QcDocument = (p: PaperProps) => {
  const { visit: v } = p.papers;
  const done = v.lines.filter((l) => l.status === 'done' || l.status === 'approved');
  return (
    <Paper p={p}>
      <Facts
        rows={[
          [t('documents.technician'), who(p.directory, v.dispatch.technicianId)],
          [t('documents.workDone'), dateTime(v.work.completedAt, p.tz)],
          [t('documents.reworks'), String(v.reworkCount)],
        ]}
      />
      <h2>{t('documents.work')}</h2>
      <ul>
        {done.map((l) => (
          <li>{lineName(l)}</li>
        ))}
      </ul>
      {v.qc.map((q) => (
        <section data-qc-attempt={q.attempt}>
          <h2>
            {t('documents.attempt', { n: q.attempt })} ·{' '}
            <span class={q.passed ? 'pass' : 'fail'}>{t(q.passed ? 'documents.passed' : 'documents.failed')}</span>
          </h2>
          <Facts
            rows={[
              [t('documents.checkedBy'), who(p.directory, q.by)],
              [t('documents.checkedAt'), dateTime(q.at, p.tz)],
              ...(q.failedItems.length
                ? ([
                    [
                      t('documents.failedItems'),
                      <ul>
                        {q.failedItems.map((item) => (
                          <li>{item}</li>
                        ))}
                      </ul>,
                    ],
                  ] as [string, Child][])
                : []),
            ]}
          />
        </section>
      ))}
      <div class="signatures">
        <SignatureBox label={t('documents.checkedBy')} tz={p.tz} />
        <SignatureBox label={t('documents.technician')} tz={p.tz} />
      </div>
    </Paper>
  );
};
