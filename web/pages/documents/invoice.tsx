import { chargedLines } from '../../../domain/documents.js';
import { date, dateTime, dueFigure, money } from '../../format.js';
import { hasKey, t } from '../../i18n/index.js';
import { Facts, LinesTable, Paper, type PaperProps, SignatureBox, Totals } from './paper.js';

/** The invoice handed over at pickup: the charged lines, totals with tax and the payment. */
export const InvoiceDocument = (p: PaperProps) => {
  const { visit: v } = p.papers;
  const paid = v.pickup;
  if (!paid) return null;
  const methodKey = `visit.method.${paid.method}`;
  const next = v.nextMaintenance;
  return (
    <Paper p={p}>
      <Facts rows={[[t('documents.invoiceDate'), date(paid.at, p.tz)]]} />
      <h2>{t('documents.work')}</h2>
      <LinesTable lines={chargedLines(v)} />
      <Totals totals={v.totals} taxRateBasisPoints={v.taxRateBasisPoints} />
      <Facts
        rows={[
          [
            t('documents.paid'),
            t('documents.paidBy', {
              amount: money(paid.paidCents),
              method: hasKey(methodKey) ? t(methodKey) : paid.method,
              when: dateTime(paid.at, p.tz),
            }),
          ],
        ]}
      />
      {next ? <p>{t('documents.nextService', dueFigure(next, p.tz))}</p> : null}
      <p>{t('documents.thanks')}</p>
      <div class="signatures">
        <SignatureBox label={t('documents.customerSignature')} tz={p.tz} />
        <SignatureBox label={t('documents.advisor')} tz={p.tz} />
      </div>
    </Paper>
  );
};
