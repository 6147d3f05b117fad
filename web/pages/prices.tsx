import { wordedIn } from '../../domain/catalogue.js';
import { invoiceTotals } from '../../domain/money-rules.js';
import type { Answer } from '../api-client.js';
import { billedHours, money, quantity, taxName } from '../format.js';
import { language, t } from '../i18n/index.js';
import { BarePage, Card, Empty, ShopHead } from '../layout.js';
import { TaxedTotal } from '../money.js';
import { ContactsLink } from './contacts.js';

// The published price list [S3.2], for anyone (no login): what the shop charges for its packages, labour and parts,
// in the reader's language, before tax; a package shows its total with tax as its estimate would.

export type PriceList = Answer<'/catalogue'>;

/** One section of the list: what it is, then its figures (right-aligned); nothing when the shop offers none. */
const PriceTable = ({ section, title, heads, rows }: { section: string; title: string; heads: string[]; rows: string[][] }) =>
  rows.length === 0 ? null : (
    <Card title={title}>
      <table class="table" data-price-section={section}>
        <thead>
          <tr>
            {heads.map((head, i) => (
              <th class={i ? 'num' : undefined}>{head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells) => (
            <tr>
              {cells.map((cell, i) => (
                <td class={i ? 'num' : undefined}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );

export function PricesPage({ list }: { list: PriceList }) {
  const lang = language();
  const rate = list.taxRateBasisPoints;
  const empty = list.packages.length + list.labourOperations.length + list.parts.length === 0;
  return (
    <BarePage title={t('prices.title')} bodyClass="customer-body" languageSwitch>
      <main class="approve" data-prices>
        <ShopHead />
        <h1>{t('prices.title')}</h1>
        <p class="lead">{rate ? t('prices.lead', { tax: taxName(rate) }) : t('prices.leadNoTax')}</p>
        {empty ? <Empty>{t('prices.empty')}</Empty> : null}
        {list.packages.length > 0 ? (
          <Card title={t('prices.packages')}>
            {list.packages.map((p) => (
              <article data-package={p.code}>
                <h3>{wordedIn(p.name, p.translations, lang)}</h3>
                <p class="small muted">
                  {p.models.length ? t('prices.forModels', { models: p.models.join(', ') }) : t('prices.everyModel')}
                </p>
                <table class="table">
                  <tbody>
                    {p.items.map((item) => (
                      <tr>
                        <td>{wordedIn(item.description, item.translations, lang)}</td>
                        <td class="num">
                          {item.kind === 'labour'
                            ? billedHours(item.quantity)
                            : t('prices.times', { n: quantity(item.quantity) })}
                        </td>
                        <td class="num">{money(item.totalCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {/* Tax is taken once on the package's net total (domain/money-rules.ts), as on its estimate. */}
                <TaxedTotal
                  totals={invoiceTotals([{ kind: 'labour', quantity: 1, unitPriceCents: p.totalCents }], {
                    taxRateBasisPoints: rate,
                  })}
                  taxRateBasisPoints={rate}
                />
              </article>
            ))}
          </Card>
        ) : null}
        <PriceTable
          section="labour"
          title={t('prices.labour')}
          heads={[t('prices.work'), t('prices.hours'), t('prices.price')]}
          rows={list.labourOperations.map((op) => [
            wordedIn(op.description, op.translations, lang),
            billedHours(op.flatRateHours),
            money(op.priceCents),
          ])}
        />
        <PriceTable
          section="parts"
          title={t('prices.parts')}
          heads={[t('prices.part'), t('prices.unitPrice')]}
          rows={list.parts.map((part) => [wordedIn(part.description, part.translations, lang), money(part.unitPriceCents)])}
        />
        <ContactsLink />
      </main>
    </BarePage>
  );
}
