import { invoiceTotals } from '../../../domain/money.js';
import { dateTime } from '../../format.js';
import { t } from '../../i18n/index.js';
import { taxedParts } from '../../money.js';
import { Facts, LinesTable, Paper, type PaperProps, SignatureBox, Totals } from './paper.js';

/**
 * The estimate and repair order [S1.2]: every line with the customer's decision, the totals of the approved work
 * with tax, the promised time and the customer's drawn signature. Signed, it is the customer's pickup voucher.
 */
export const EstimateDocument = (p: PaperProps) => {
  const { visit: v, signedConsents } = p.papers;
  const decided = v.approvals.some((a) => a.decidedAt);
  const byPhone = decided && signedConsents.length === 0;
  // The totals are the approved work's; what still waits for the customer is summed apart, both at the visit's tax.
  const proposed = v.lines.filter((l) => l.status === 'proposed' && !l.campaign);
  return (
    <Paper p={p}>
      <Facts rows={[[t('documents.promised'), <strong data-promised>{dateTime(v.promisedAt, p.tz)}</strong>]]} />
      <h2>{t('documents.work')}</h2>
      <LinesTable lines={v.lines} status />
      <Totals totals={v.totals} taxRateBasisPoints={v.taxRateBasisPoints} />
      {proposed.length ? (
        <p class="proposed-sum" data-proposed>
          {t('money.proposedSum', taxedParts(invoiceTotals(proposed, v), v.taxRateBasisPoints))}
        </p>
      ) : null}
      {signedConsents.length ? <p class="voucher">{t('documents.voucher')}</p> : null}
      <div class="signatures">
        {signedConsents.length ? (
          signedConsents.map((s) => <SignatureBox label={t('documents.customerSignature')} signature={s} tz={p.tz} />)
        ) : (
          <div class="signature">
            <div class="muted">{t('documents.customerSignature')}</div>
            <div>{t(byPhone ? 'documents.byPhone' : 'documents.notSigned')}</div>
          </div>
        )}
        <SignatureBox label={t('documents.advisor')} tz={p.tz} />
      </div>
    </Paper>
  );
};
