import type { Child } from 'hono/jsx';
import type { ApprovalDecision, CustomerApproval } from '../../api/approval-view.js';
import { invoiceTotals } from '../../domain/money-rules.js';
import { SignaturePad } from '../fields.js';
import { count, dateTime, money, quantity } from '../format.js';
import { type FailedForm, FormError, FormView } from '../forms.js';
import { currency, t } from '../i18n/index.js';
import { BarePage, ShopHead } from '../layout.js';
import { LineOrigin, lineName } from '../line-origin.js';
import { TaxedTotal, taxedParts } from '../money.js';
import { ContactsLink } from './contacts.js';

// The customer's page, reached by the signed link on a phone: no login, no staff data, big touch targets.

/**
 * A sentence with a time in it, the time as the shop's clock reads it (`tz`, SHOP_TIME_ZONE): the car is ready at
 * the shop, and the message that brought the customer here names the same time (activities/message-templates.ts).
 */
const WithTime = ({ text, iso, tz }: { text: string; iso: string; tz: string }) => {
  const [before, after] = text.split('{{when}}');
  return (
    <>
      {before}
      <time datetime={iso}>{dateTime(iso, tz)}</time>
      {after}
    </>
  );
};

/**
 * Why extra work is asked for, in the technician's words, before the customer decides on it. An estimate has no
 * reason, nor extra work reported before it was kept with the approval: no heading then. JSX escapes it (it is
 * staff text); line breaks stay, and a long word wraps inside the phone's width.
 */
const Finding = ({ reason }: { reason?: string }) =>
  reason ? (
    <section class="finding" data-finding>
      <h2>{t('approval.foundTitle')}</h2>
      <p>{reason}</p>
    </section>
  ) : null;

/** A decided line as the customer reads it: its name, approved or declined, its price. */
type DecidedLine = Pick<CustomerApproval['lines'][number], 'description' | 'catalogueWords' | 'totalCents' | 'campaign'> & {
  status: 'approved' | 'declined' | 'proposed';
};

const decidedOf = (lines: CustomerApproval['lines']): DecidedLine[] =>
  lines.map((l) => ({ ...l, status: l.status === 'declined' ? 'declined' : l.status === 'proposed' ? 'proposed' : 'approved' }));

/** What the customer already approved, with tax, as the page's running total starts from it. */
const approvedTotalCents = (lines: DecidedLine[], taxRateBasisPoints: number) =>
  invoiceTotals(
    lines
      .filter((l) => l.status === 'approved')
      .map((l) => ({ kind: 'part' as const, quantity: 1, unitPriceCents: l.campaign ? 0 : l.totalCents, discountCents: 0 })),
    { taxRateBasisPoints },
  ).totalCents;

/**
 * Lines with what stands for each: approved, declined, or not decided yet (never told as approved). An approved
 * line carries its price for the page's running total (web/static/app.js `approvalTotal`).
 */
export const DecidedLines = ({ lines }: { lines: DecidedLine[] }) => (
  <ol class="approve-lines summary" data-decided-lines>
    {lines.map((l) => (
      <li
        class={`approve-line ${l.status}`}
        data-decided={l.status}
        {...(l.status === 'approved' ? { 'data-decided-price': l.campaign ? 0 : l.totalCents } : {})}
      >
        <div class="al-top">
          <div class="al-desc">{lineName(l)}</div>
          <div class="al-price">
            {l.status === 'declined' ? (
              <span class="declined-tag">{t('approval.declined')}</span>
            ) : l.status === 'proposed' ? (
              <span class="undecided-tag">{t('approval.undecided')}</span>
            ) : (
              <span class="approved-tag">{t('approval.approved')}</span>
            )}{' '}
            {l.campaign ? t('approval.freeShort') : money(l.totalCents)}
          </div>
        </div>
      </li>
    ))}
  </ol>
);

/** What another phone (or an earlier visit of this link) decided, as the API names it with a 410. */
export const EarlierDecisions = ({ decisions }: { decisions: ApprovalDecision[] }) =>
  decisions.length ? (
    <section data-earlier-decisions>
      <h2>{t('approval.whatWasDecided')}</h2>
      <DecidedLines lines={decisions.map((d) => ({ ...d, status: d.approved ? 'approved' : 'declined' }))} />
    </section>
  ) : null;

export function ApprovalPage({
  approval: a,
  action,
  tz,
  failed,
}: {
  approval: CustomerApproval;
  action: string;
  /** The shop's time zone. */
  tz: string;
  failed?: FailedForm;
}) {
  const form = new FormView('approval', failed);
  const open = a.lines.filter((l) => l.status === 'proposed');
  // A link opened again after deciding some lines: those stand, and the running total starts from what they approved.
  const decided = decidedOf(a.lines.filter((l) => l.status !== 'proposed'));
  return (
    <BarePage title={t(a.subject === 'estimate' ? 'approval.estimate' : 'approval.additional')} bodyClass="customer-body">
      <main class="approve">
        <ShopHead />
        <h1>{t(a.subject === 'estimate' ? 'approval.estimate' : 'approval.additionalFound')}</h1>
        <p class="lead">{t('approval.lead', { name: a.customer.name, model: a.vehicle.model, plate: a.vehicle.plate })}</p>
        {a.promisedAt ? (
          <p class="promise">
            <WithTime text={t('approval.readyBy', { when: '{{when}}' })} iso={a.promisedAt} tz={tz} />
          </p>
        ) : null}
        <Finding reason={a.reason} />
        <form method="post" action={action} novalidate data-approval>
          <FormError form={form} />
          {decided.length ? (
            <section class="decided-already">
              <h2>{t('approval.decidedLines')}</h2>
              <DecidedLines lines={decided} />
              {open.length ? <h2>{t('approval.stillToDecide')}</h2> : null}
            </section>
          ) : null}
          <ol class="approve-lines">
            {open.map((l) => {
              const name = `decision.${l.id}`;
              const chosen = form.value(name, '');
              const error = form.error(name);
              return (
                <li class={`approve-line ${error ? 'has-error' : ''}`} data-line-id={l.id}>
                  <div class="al-top">
                    <div class="al-desc">
                      {lineName(l)}
                      <small>
                        {t(l.kind === 'labour' ? 'approval.labourLine' : 'approval.partLine', {
                          quantity: quantity(l.quantity),
                          price: money(l.unitPriceCents),
                        })}
                        {l.discountCents ? ` · −${money(l.discountCents)}` : ''}
                      </small>
                      <small>
                        <LineOrigin line={l} />
                      </small>
                      {l.recommended ? (
                        <small class="recommended" data-recommended>
                          <strong>{t('money.recommended')}</strong> · {t('money.recommendedHint')}
                        </small>
                      ) : null}
                    </div>
                    <div class="al-price">
                      {l.campaign ? <span class="free">{t('approval.free')}</span> : money(l.totalCents)}
                    </div>
                  </div>
                  <div class="al-choice" role="radiogroup" aria-label={t('approval.decisionOn', { item: lineName(l) })}>
                    <label class="choice choice-yes">
                      <input
                        type="radio"
                        name={name}
                        value="approve"
                        checked={chosen === 'approve'}
                        data-price={l.campaign ? 0 : l.totalCents}
                      />
                      <span>{t('approval.approve')}</span>
                    </label>
                    <label class="choice choice-no">
                      <input type="radio" name={name} value="decline" checked={chosen === 'decline'} />
                      <span>{t('approval.decline')}</span>
                    </label>
                  </div>
                  {error ? <p class="field-error">{error}</p> : null}
                </li>
              );
            })}
          </ol>
          <div class="approve-total">
            <span>{t('approval.approvedSoFar')}</span>
            <strong data-approved-total data-currency={currency()} data-tax-rate={a.taxRateBasisPoints}>
              {money(approvedTotalCents(decided, a.taxRateBasisPoints))}
            </strong>
            <small>{t('money.ofAtMost', taxedParts(a.totals, a.taxRateBasisPoints))}</small>
          </div>
          <TaxedTotal totals={a.totals} taxRateBasisPoints={a.taxRateBasisPoints} />
          <SignaturePad form={form} prefix="signature" label={t('approval.signHere')} signer={a.customer.name} />
          <button type="submit" class="btn btn-primary btn-block" data-send-decision>
            {t('approval.send')}
          </button>
        </form>
        <ContactsLink />
      </main>
    </BarePage>
  );
}

export function ApprovalDonePage({ approval: a, tz }: { approval: CustomerApproval; tz: string }) {
  const lines = decidedOf(a.lines);
  const approved = lines.filter((l) => l.status === 'approved');
  const declined = lines.filter((l) => l.status === 'declined');
  const open = lines.filter((l) => l.status === 'proposed');
  return (
    <BarePage title={t('approval.thanksTitle')} bodyClass="customer-body">
      <main class="approve">
        <ShopHead />
        <div class="done-mark" aria-hidden="true">
          ✓
        </div>
        <h1 data-confirmation>{t('approval.thanks', { name: a.customer.name })}</h1>
        <p class="lead">{t('approval.recorded', { model: a.vehicle.model, plate: a.vehicle.plate })}</p>
        {open.length ? (
          <p class="lead" data-still-open>
            {t('approval.stillOpen', { n: count(open.length) })}
          </p>
        ) : null}
        <DecidedLines lines={lines} />
        <div class="approve-total">
          <span>
            {open.length
              ? t('approval.countsOpen', { approved: approved.length, declined: declined.length, open: open.length })
              : t('approval.counts', { approved: approved.length, declined: declined.length })}
          </span>
        </div>
        <TaxedTotal totals={a.totals} taxRateBasisPoints={a.taxRateBasisPoints} />
        {a.promisedAt && approved.length && !open.length ? (
          <p class="promise">
            <WithTime text={t('approval.readyByDone', { when: '{{when}}' })} iso={a.promisedAt} tz={tz} />
          </p>
        ) : null}
        <ContactsLink />
      </main>
    </BarePage>
  );
}

/** Who the customer calls: the shop's number (SHOP_PHONE) when it has one. */
const Questions = ({ phone }: { phone?: string }) => (
  <p class="small muted" data-questions>
    {phone ? t('approval.questionsCall', { phone }) : t('approval.questions')}
  </p>
);

export const ApprovalMessagePage = ({
  title,
  message,
  phone,
  children,
}: {
  title: string;
  message: string;
  phone?: string;
  /** What the customer can do next on this link (the survey, once the car is picked up). */
  children?: Child;
}) => (
  <BarePage title={title} bodyClass="customer-body">
    <main class="approve">
      <ShopHead />
      <h1>{title}</h1>
      <p class="lead" data-approval-message>
        {message}
      </p>
      {children}
      <Questions phone={phone} />
    </main>
  </BarePage>
);
