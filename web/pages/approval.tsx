import type { Child } from 'hono/jsx';
import type { CustomerApproval } from '../../api/approval-view.js';
import { SignaturePad } from '../fields.js';
import { dateTime, money, quantity } from '../format.js';
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
              {money(0)}
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
  const approved = a.lines.filter((l) => l.status === 'approved' || l.status === 'done');
  const declined = a.lines.filter((l) => l.status === 'declined');
  return (
    <BarePage title={t('approval.thanksTitle')} bodyClass="customer-body">
      <main class="approve">
        <ShopHead />
        <div class="done-mark" aria-hidden="true">
          ✓
        </div>
        <h1 data-confirmation>{t('approval.thanks', { name: a.customer.name })}</h1>
        <p class="lead">{t('approval.recorded', { model: a.vehicle.model, plate: a.vehicle.plate })}</p>
        <ol class="approve-lines summary">
          {a.lines.map((l) => (
            <li class={`approve-line ${l.status}`}>
              <div class="al-top">
                <div class="al-desc">{lineName(l)}</div>
                <div class="al-price">
                  {l.status === 'declined' ? (
                    <span class="declined-tag">{t('approval.declined')}</span>
                  ) : (
                    <span class="approved-tag">{t('approval.approved')}</span>
                  )}{' '}
                  {l.campaign ? t('approval.freeShort') : money(l.totalCents)}
                </div>
              </div>
            </li>
          ))}
        </ol>
        <div class="approve-total">
          <span>{t('approval.counts', { approved: approved.length, declined: declined.length })}</span>
        </div>
        <TaxedTotal totals={a.totals} taxRateBasisPoints={a.taxRateBasisPoints} />
        {a.promisedAt && approved.length ? (
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
