import { requestText } from '../../entry-words.js';
import { dateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Facts, LinesTable, Paper, type PaperProps, SignatureBox } from './paper.js';

/** The diagnosis report: the technician's findings, the scan report and road test, and the work it proposes. */
export const DiagnosisDocument = (p: PaperProps) => {
  const { visit: v } = p.papers;
  const d = v.diagnosis;
  if (!d) return null;
  const estimate = v.lines.filter((l) => l.source === 'estimate');
  return (
    <Paper p={p}>
      <Facts
        rows={[
          [t('documents.diagnosedAt'), dateTime(d.at, p.tz)],
          [t('documents.roadTest'), t(d.roadTest ? 'documents.yes' : 'documents.no')],
          ...(d.scanReportRef ? ([[t('documents.scanReport'), d.scanReportRef]] as [string, string][]) : []),
        ]}
      />
      <h2>{t('documents.requested')}</h2>
      <ul>
        {v.requestedServices.map((s) => (
          <li class="pre">{requestText(s)}</li>
        ))}
      </ul>
      <h2>{t('documents.findings')}</h2>
      <p class="pre" data-findings>
        {d.findings}
      </p>
      {estimate.length ? (
        <>
          <h2>{t('documents.kind.estimate')}</h2>
          <LinesTable lines={estimate} />
        </>
      ) : null}
      <div class="signatures">
        <SignatureBox label={t('documents.technician')} tz={p.tz} />
        <SignatureBox label={t('documents.customerSignature')} tz={p.tz} />
      </div>
    </Paper>
  );
};
