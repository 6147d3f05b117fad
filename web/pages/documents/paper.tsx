import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { SignatureOnFile, VisitPapers } from '../../../db/visit-papers.js';
import type { DocumentKind } from '../../../domain/documents.js';
import type { InvoiceTotals } from '../../../domain/money.js';
import type { Directory } from '../../../domain/staff.js';
import type { Line } from '../../../domain/visit-state.js';
import { assetText, assetUrl } from '../../assets.js';
import { dateTime, km, money, quantity, taxName, who } from '../../format.js';
import { language, t } from '../../i18n/index.js';
import { LineOrigin, lineName } from '../../line-origin.js';

// What every printed paper shares: the shop's header, the RO number, customer and vehicle, the lines with their
// totals and the signature boxes. Each document (one file per paper) fills the middle.

export interface PaperProps {
  papers: VisitPapers;
  /** The zone dates print in: the shop's, else the staff member's. */
  tz: string;
  shop: { name?: string; address?: string; phone?: string };
  directory: Directory;
  printedAt: string;
  /**
   * `link` for the page served to a browser (the CSP allows only our own stylesheet); `inline` for the PDF,
   * which Chromium renders from a string with nothing to fetch.
   */
  style: 'link' | 'inline';
  /** The links above the sheet (PDF, back to the visit), on screen only. */
  kind: DocumentKind;
}

export const Paper = ({ p, children }: { p: PaperProps; children?: Child }) => {
  const { visit: v, roNumber } = p.papers;
  const title = t(`documents.kind.${p.kind}`);
  return (
    <html lang={language()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('documents.ro', { n: roNumber })}`}</title>
        {p.style === 'link' ? (
          <link rel="stylesheet" href={assetUrl('print.css')} />
        ) : (
          <style>{raw(assetText('print.css'))}</style>
        )}
      </head>
      <body>
        {p.style === 'link' ? (
          <nav class="screen-only">
            <a href={`/app/visits/${encodeURIComponent(v.visitId)}`}>← {t('documents.ro', { n: roNumber })}</a>
            {/* The paper's language is its own (web/session.ts keepAddressLanguage): its PDF is in it too. */}
            <a href={`/app/visits/${encodeURIComponent(v.visitId)}/documents/${p.kind}.pdf?lang=${language()}`} data-pdf>
              {t('documents.pdf')}
            </a>
          </nav>
        ) : null}
        <main class="sheet" data-document={p.kind}>
          <header class="paper-head">
            <div>
              {p.shop.name ? <div class="shop-name">{p.shop.name}</div> : null}
              {p.shop.address ? <div class="shop-address">{p.shop.address}</div> : null}
              {p.shop.phone ? <div class="shop-address">{t('documents.shopPhone', { phone: p.shop.phone })}</div> : null}
            </div>
            <div class="paper-title">
              <h1>{title}</h1>
              <div class="ro" data-ro>
                {t('documents.ro', { n: roNumber })}
              </div>
            </div>
          </header>
          <section class="parties">
            <dl>
              <dt>{t('documents.customer')}</dt>
              <dd>{v.customer.name}</dd>
              {v.customer.phone === undefined ? null : (
                <>
                  <dt>{t('documents.phone')}</dt>
                  <dd>{v.customer.phone}</dd>
                </>
              )}
              <dt>{t('documents.advisor')}</dt>
              <dd>{who(p.directory, v.advisorId)}</dd>
              <dt>{t('documents.opened')}</dt>
              <dd>{dateTime(v.arrival?.at ?? v.openedAt, p.tz)}</dd>
            </dl>
            <dl>
              <dt>{t('documents.vehicle')}</dt>
              <dd>{v.vehicle.model}</dd>
              <dt>{t('documents.plate')}</dt>
              <dd>{v.vehicle.plate}</dd>
              <dt>{t('documents.vin')}</dt>
              <dd>{v.vehicle.vin}</dd>
              <dt>{t('documents.mileage')}</dt>
              <dd>{km(v.arrival?.mileage ?? v.vehicle.mileage)}</dd>
            </dl>
          </section>
          {children}
          <footer class="paper-foot">
            <span>{p.shop.name ?? ''}</span>
            <span>{t('documents.printedAt', { when: dateTime(p.printedAt, p.tz) })}</span>
          </footer>
        </main>
      </body>
    </html>
  );
};

/** The lines with quantity, unit price, discount and amount; `status` adds the customer's decision per line. */
export const LinesTable = ({ lines, status }: { lines: Line[]; status?: boolean }) => (
  // Wider than a phone: it scrolls inside itself, and a keyboard reaches it to scroll.
  <section class="table-scroll" tabindex={0} aria-label={t('documents.linesArea')}>
    <table data-lines>
      <thead>
        <tr>
          <th>{t('documents.work')}</th>
          <th>{t('documents.kindOfLine')}</th>
          <th class="num">{t('documents.qty')}</th>
          <th class="num">{t('documents.unitPrice')}</th>
          <th class="num">{t('documents.discount')}</th>
          <th class="num">{t('documents.amount')}</th>
          {status ? <th>{t('documents.status')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr>
            <td>
              {lineName(l)}
              {l.source === 'additional_work' ? <span class="muted"> · {t('documents.additional')}</span> : null}
              {l.campaign ? <span class="muted"> · {t('documents.recall')}</span> : null}
              {l.recommended ? <span class="muted"> · {t('money.recommended')}</span> : null}
              <div class="muted">
                <LineOrigin line={l} />
              </div>
            </td>
            <td>{t(l.kind === 'labour' ? 'documents.labour' : 'documents.part')}</td>
            <td class="num">{quantity(l.quantity)}</td>
            <td class="num">{money(l.unitPriceCents)}</td>
            <td class="num">{l.discountCents ? `−${money(l.discountCents)}` : ''}</td>
            <td class="num">{money(l.totalCents)}</td>
            {status ? <td>{t(`visit.lineStatus.${l.status}`)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

/** The totals of the charged lines: labour, parts, discount, net, the tax named with the visit's rate, total. */
export const Totals = ({ totals, taxRateBasisPoints }: { totals: InvoiceTotals; taxRateBasisPoints: number }) => (
  <table class="totals" data-totals>
    <tbody>
      <tr>
        <td>{t('documents.labourTotal')}</td>
        <td class="num">{money(totals.labourCents)}</td>
      </tr>
      <tr>
        <td>{t('documents.partsTotal')}</td>
        <td class="num">{money(totals.partsCents)}</td>
      </tr>
      {totals.discountCents ? (
        <tr>
          <td>{t('documents.discountTotal')}</td>
          <td class="num">−{money(totals.discountCents)}</td>
        </tr>
      ) : null}
      <tr>
        <td>{t('documents.subtotal')}</td>
        <td class="num" data-net>
          {money(totals.subtotalCents)}
        </td>
      </tr>
      <tr>
        <td>{taxName(taxRateBasisPoints)}</td>
        <td class="num" data-tax>
          {money(totals.taxCents)}
        </td>
      </tr>
      <tr class="grand">
        <td>{t('documents.total')}</td>
        <td class="num" data-total>
          {money(totals.totalCents)}
        </td>
      </tr>
    </tbody>
  </table>
);

/** A signature box: the customer's drawn signature when the records hold one, else an empty line to sign on. */
export const SignatureBox = ({ label, signature, tz }: { label: string; signature?: SignatureOnFile; tz: string }) => (
  <div class="signature">
    <div class="muted">{label}</div>
    {signature ? (
      <>
        <img
          src={signature.image}
          alt={t('documents.signedBy', { name: signature.signedBy, when: dateTime(signature.at, tz) })}
          data-signature
        />
        <div>{t('documents.signedBy', { name: signature.signedBy, when: dateTime(signature.at, tz) })}</div>
      </>
    ) : null}
  </div>
);

/** A fact list (label, value) for the middle of a paper. */
export const Facts = ({ rows }: { rows: [string, Child][] }) => (
  <dl class="facts">
    {rows.map(([label, value]) => (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ))}
  </dl>
);
