// The work order's lines with their totals, and the approvals asked of the customer.
import { invoiceTotals } from '../../../domain/money-rules.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { money, quantity, relative } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Badge, Empty } from '../../layout.js';
import { LineOrigin, lineName } from '../../line-origin.js';
import { taxedParts } from '../../money.js';

/** What still waits for the customer's decision, priced at the visit's tax like the invoice. */
const proposedTotals = (s: VisitShown) =>
  invoiceTotals(
    s.lines.filter((l) => l.status === 'proposed' && !l.campaign),
    s,
  );

const LINE_TONE: Record<string, string> = { proposed: 'amber', approved: 'blue', declined: 'grey', done: 'green' };

export const LinesTable = ({ state }: { state: VisitShown }) => {
  if (state.lines.length === 0) return <Empty>{t('visit.noEstimate')}</Empty>;
  const proposed = proposedTotals(state);
  return (
    <>
      <table class="table table-cards">
        <thead>
          <tr>
            <th>{t('visit.lines.work')}</th>
            <th class="num">{t('visit.lines.qty')}</th>
            <th class="num">{t('visit.lines.unit')}</th>
            <th class="num">{t('visit.lines.total')}</th>
            <th>{t('visit.lines.status')}</th>
          </tr>
        </thead>
        <tbody>
          {state.lines.map((l) => (
            <tr class={l.status === 'declined' ? 'declined' : ''} data-line={l.description}>
              <td data-label={t('visit.lines.work')}>
                {lineName(l)}
                <div class="muted small">
                  {t(l.kind === 'labour' ? 'visit.lines.labour' : 'visit.lines.part')}
                  {l.source === 'additional_work' ? ` · ${t('visit.lines.additional')}` : ''}
                  {l.campaign ? ` · ${t('visit.lines.recall')}` : ''}
                  {l.offeredFromLineId ? ` · ${t('visit.lines.offeredAgain')}` : ''}
                  {l.recommended ? ` · ${t('money.recommended')}` : ''}
                  {l.kind === 'labour' ? ` · ${t('visit.lines.skill', { n: l.requiredSkill })}` : ''}
                  {' · '}
                  <LineOrigin line={l} />
                </div>
              </td>
              <td data-label={t('visit.lines.qty')} class="num">
                {quantity(l.quantity)}
              </td>
              <td data-label={t('visit.lines.unit')} class="num">
                {money(l.unitPriceCents)}
              </td>
              <td data-label={t('visit.lines.total')} class="num">
                {money(l.totalCents)}
              </td>
              <td data-label={t('visit.lines.status')}>
                <Badge tone={LINE_TONE[l.status] ?? 'grey'}>{t(`visit.lineStatus.${l.status}`)}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {proposed.subtotalCents ? (
            <tr data-proposed>
              <td colspan={3}>
                {t('visit.lines.waiting')} · {t('money.withTax', taxedParts(proposed, state.taxRateBasisPoints))}
              </td>
              <td class="num">{money(proposed.totalCents)}</td>
              <td class="muted small">{t('visit.lineStatus.proposed')}</td>
            </tr>
          ) : null}
          <tr>
            <td colspan={3}>
              {t('visit.lines.totals', { labour: money(state.totals.labourCents), parts: money(state.totals.partsCents) })}
              {state.totals.discountCents ? ` · ${t('visit.lines.discount', { amount: money(state.totals.discountCents) })}` : ''}
              {` · ${t('money.withTax', taxedParts(state.totals, state.taxRateBasisPoints))}`}
            </td>
            <td class="num strong" data-invoice-total>
              {money(state.totals.totalCents)}
            </td>
            <td class="muted small">{t('visit.lines.invoice')}</td>
          </tr>
        </tfoot>
      </table>
      {state.approvals.length ? (
        <ul class="plain small muted">
          {state.approvals.map((a) => (
            <li>
              {t(a.subject === 'estimate' ? 'visit.approvals.estimate' : 'visit.approvals.additional', {
                ago: relative(a.requestedAt),
              })}
              {a.decidedAt
                ? ` · ${t('visit.approvals.decided', { ago: relative(a.decidedAt) })}`
                : ` · ${t('visit.approvals.waiting')}`}
              {a.customerRemindedAt ? ` · ${t('visit.approvals.reminded')}` : ''}
              {a.linkResentAt && !a.decidedAt ? ` · ${t('visit.approvals.resent', { ago: relative(a.linkResentAt) })}` : ''}
              {a.escalatedAt ? ` · ${t('visit.approvals.escalated')}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
};
