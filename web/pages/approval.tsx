import type { CustomerApproval } from '../../api/approval-view.js';
import { CURRENCY, dateTime, money } from '../format.js';
import { type FailedForm, FormError, FormView, SignaturePad } from '../forms.js';
import { BarePage } from '../layout.js';

// The customer's page, reached by the signed link on a phone: no login, no staff data, big touch targets.

const ShopHead = () => (
  <header class="approve-head">
    <span class="brand-mark">SL</span>
    <div>
      <strong>Service department</strong>
      <div class="small muted">Your vehicle, your decision</div>
    </div>
  </header>
);

/** Shown in UTC on the server; the script rewrites it in the phone's own time zone. */
const LocalTime = ({ iso }: { iso: string }) => (
  <time datetime={iso} data-local>
    {dateTime(iso, 'UTC')} UTC
  </time>
);

export function ApprovalPage({
  approval: a,
  action,
  failed,
}: {
  approval: CustomerApproval;
  action: string;
  failed?: FailedForm;
}) {
  const form = new FormView('approval', failed);
  const open = a.lines.filter((l) => l.status === 'proposed');
  return (
    <BarePage title={a.subject === 'estimate' ? 'Your estimate' : 'Additional work'} bodyClass="customer-body">
      <main class="approve">
        <ShopHead />
        <h1>{a.subject === 'estimate' ? 'Your estimate' : 'Additional work found'}</h1>
        <p class="lead">
          Hello {a.customer.name}, here is the work proposed for your <strong>{a.vehicle.model}</strong> ({a.vehicle.plate}).
          Approve or decline each item, then sign below.
        </p>
        {a.promisedAt ? (
          <p class="promise">
            Ready by <LocalTime iso={a.promisedAt} /> if you approve.
          </p>
        ) : null}
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
                      {l.description}
                      <small>
                        {l.kind === 'labour' ? `${l.quantity} h labour` : `${l.quantity} × part`} at {money(l.unitPriceCents)}
                        {l.discountCents ? ` · −${money(l.discountCents)}` : ''}
                      </small>
                    </div>
                    <div class="al-price">{l.campaign ? <span class="free">Free · recall</span> : money(l.totalCents)}</div>
                  </div>
                  <div class="al-choice" role="radiogroup" aria-label={`Decision on ${l.description}`}>
                    <label class="choice choice-yes">
                      <input
                        type="radio"
                        name={name}
                        value="approve"
                        checked={chosen === 'approve'}
                        data-price={l.campaign ? 0 : l.totalCents}
                      />
                      <span>Approve</span>
                    </label>
                    <label class="choice choice-no">
                      <input type="radio" name={name} value="decline" checked={chosen === 'decline'} />
                      <span>Decline</span>
                    </label>
                  </div>
                  {error ? <p class="field-error">{error}</p> : null}
                </li>
              );
            })}
          </ol>
          <div class="approve-total">
            <span>Approved so far</span>
            <strong data-approved-total data-currency={CURRENCY}>
              {money(0)}
            </strong>
            <small>Of at most {money(a.totals.subtotalCents)} before tax. This is an estimate; the final invoice governs.</small>
          </div>
          <SignaturePad form={form} prefix="signature" label="Sign with your finger" signer={a.customer.name} />
          <button type="submit" class="btn btn-primary btn-block" data-send-decision>
            Send my decision
          </button>
        </form>
      </main>
    </BarePage>
  );
}

export function ApprovalDonePage({ approval: a }: { approval: CustomerApproval }) {
  const approved = a.lines.filter((l) => l.status === 'approved' || l.status === 'done');
  const declined = a.lines.filter((l) => l.status === 'declined');
  return (
    <BarePage title="Thank you" bodyClass="customer-body">
      <main class="approve">
        <ShopHead />
        <div class="done-mark" aria-hidden="true">
          ✓
        </div>
        <h1 data-confirmation>Thank you, {a.customer.name}</h1>
        <p class="lead">
          Your decision for the {a.vehicle.model} ({a.vehicle.plate}) is recorded with your signature. Your service advisor will
          keep you posted.
        </p>
        <ol class="approve-lines summary">
          {a.lines.map((l) => (
            <li class={`approve-line ${l.status}`}>
              <div class="al-top">
                <div class="al-desc">{l.description}</div>
                <div class="al-price">
                  {l.status === 'declined' ? (
                    <span class="declined-tag">Declined</span>
                  ) : (
                    <span class="approved-tag">Approved</span>
                  )}{' '}
                  {l.campaign ? 'free' : money(l.totalCents)}
                </div>
              </div>
            </li>
          ))}
        </ol>
        <div class="approve-total">
          <span>
            {approved.length} approved · {declined.length} declined
          </span>
          <strong>{money(a.totals.subtotalCents)}</strong>
          <small>before tax</small>
        </div>
        {a.promisedAt && approved.length ? (
          <p class="promise">
            Ready by <LocalTime iso={a.promisedAt} />.
          </p>
        ) : null}
      </main>
    </BarePage>
  );
}

export const ApprovalMessagePage = ({ title, message }: { title: string; message: string }) => (
  <BarePage title={title} bodyClass="customer-body">
    <main class="approve">
      <ShopHead />
      <h1>{title}</h1>
      <p class="lead" data-approval-message>
        {message}
      </p>
      <p class="small muted">Questions? Call your service advisor.</p>
    </main>
  </BarePage>
);
