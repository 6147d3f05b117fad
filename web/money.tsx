import type { InvoiceTotals } from '../domain/money-rules.js';
import { money, taxName } from './format.js';
import { currency, t } from './i18n/index.js';

// How every screen spells out an amount that will be invoiced: net, the tax named with the visit's rate, total.
// The amounts come from domain/money-rules.ts `invoiceTotals`, priced at the visit's rate (`taxRateBasisPoints`).

type Taxed = Pick<InvoiceTotals, 'subtotalCents' | 'taxCents' | 'totalCents'>;

/** The pieces a sentence names: total, net, the tax's name with its rate, the tax. */
export const taxedParts = (totals: Taxed, taxRateBasisPoints: number) => ({
  total: money(totals.totalCents),
  net: money(totals.subtotalCents),
  taxName: taxName(taxRateBasisPoints),
  tax: money(totals.taxCents),
});

/** Net, tax and total as three rows, for the customer's approval page and the forms' running totals. */
export const TaxedTotal = ({ totals, taxRateBasisPoints }: { totals: Taxed; taxRateBasisPoints: number }) => (
  <dl class="taxed-total" data-taxed-total>
    <div>
      <dt>{t('money.net')}</dt>
      <dd class="num" data-net>
        {money(totals.subtotalCents)}
      </dd>
    </div>
    <div>
      <dt>{taxName(taxRateBasisPoints)}</dt>
      <dd class="num" data-tax>
        {money(totals.taxCents)}
      </dd>
    </div>
    <div class="grand">
      <dt>{t('money.total')}</dt>
      <dd class="num" data-total>
        {money(totals.totalCents)}
      </dd>
    </div>
  </dl>
);

/**
 * The running total of an estimate or extra-work form: net, tax and total of the lines as they are typed, filled
 * in by the client script with the price rule itself (web/static/app.js `runningTotal`). Hidden until the script
 * fills it, so a browser without it shows no stale zeros; the form works the same either way.
 */
export const RunningTotal = ({ taxRateBasisPoints }: { taxRateBasisPoints: number }) => (
  <div class="running-total" data-running-total data-tax-rate={taxRateBasisPoints} data-currency={currency()} hidden>
    <p class="label">{t('money.runningTotal')}</p>
    <div aria-live="polite">
      <TaxedTotal totals={{ subtotalCents: 0, taxCents: 0, totalCents: 0 }} taxRateBasisPoints={taxRateBasisPoints} />
    </div>
  </div>
);
