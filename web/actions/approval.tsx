import type { Line, VisitShown } from '../../domain/visit-state.js';
import { Radios, TextArea } from '../fields.js';
import { dateTime, fromLocalInput, money, quantity, toLocalInput } from '../format.js';
import { text } from '../forms.js';
import { t } from '../i18n/index.js';
import { lineName } from '../line-origin.js';
import { ConsentFields, encodeConsent } from './consent.js';
import type { StepForms } from './form-kit.js';
import { defaultPromise, PROMISE_MARGIN_MS, PromiseField, roundUpHalfHour } from './promise.js';

// Step 4 of the loop, the customer's approval: a decision on each line, and a new promised time they agree to.

const pendingLines = (s: VisitShown): Line[] => {
  const open = s.approvals.find((a) => !a.decidedAt);
  return open ? s.lines.filter((l) => open.lineIds.includes(l.id) && l.status === 'proposed') : [];
};

export const APPROVAL_FORMS = {
  send_approval_link: {
    encode: () => ({ body: {} }),
  },
  decide: {
    Fields: ({ form, ctx }) => (
      <>
        <table class="table">
          <tbody>
            {pendingLines(ctx.state).map((l) => (
              <tr>
                <td>
                  {lineName(l)}
                  <div class="muted small">
                    {quantity(l.quantity)} × {money(l.unitPriceCents)}
                  </div>
                </td>
                <td class="num">{money(l.totalCents)}</td>
                <td>
                  <Radios
                    form={form}
                    name={`decision.${l.id}`}
                    label={t('actionForm.decision')}
                    class="compact"
                    options={[
                      ['approve', t('actionForm.approve')],
                      ['decline', t('actionForm.decline')],
                    ]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ConsentFields form={form} ctx={ctx} />
      </>
    ),
    encode: (v, { tz, staffId }) => {
      const ids = Object.keys(v)
        .filter((k) => k.startsWith('decision.') && (v[k] === 'approve' || v[k] === 'decline'))
        .map((k) => k.slice('decision.'.length));
      return {
        body: {
          decisions: ids.map((lineId) => ({ lineId, approved: v[`decision.${lineId}`] === 'approve' })),
          consent: encodeConsent(v, tz, staffId),
        },
        rename: (f) =>
          f.replace(/^decisions\.(\d+)(\..*)?$/, (whole, j: string) => (ids[Number(j)] ? `decision.${ids[Number(j)]}` : whole)),
      };
    },
  },
  revise_promise: {
    primary: (_s, plan) => plan?.meetsPromise === false,
    Fields: ({ form, ctx }) => {
      const finish = ctx.plan?.finishAt;
      return (
        <>
          {ctx.plan?.meetsPromise === false && finish ? (
            <p class="hint" data-promise-missed>
              {t('actionForm.promiseMissed', {
                finish: dateTime(finish, ctx.tz),
                promised: dateTime(ctx.state.promisedAt, ctx.tz),
              })}
              {ctx.plan.partsExpectedAt
                ? ` ${t('actionForm.waitingForParts', { when: dateTime(ctx.plan.partsExpectedAt, ctx.tz) })}`
                : null}
            </p>
          ) : null}
          <PromiseField
            form={form}
            label={t('actionForm.newPromisedTime')}
            value={
              finish && ctx.plan?.meetsPromise === false
                ? toLocalInput(roundUpHalfHour(Date.parse(finish) + PROMISE_MARGIN_MS), ctx.tz)
                : defaultPromise(ctx.tz)
            }
          />
          <TextArea form={form} name="reason" label={t('actionForm.reasonGivenToTheCustomer')} required />
          <ConsentFields form={form} ctx={ctx} />
        </>
      );
    },
    encode: (v, { tz, staffId }) => ({
      body: {
        promisedAt: fromLocalInput(v.promisedAt ?? '', tz),
        reason: text(v, 'reason') ?? '',
        consent: encodeConsent(v, tz, staffId),
      },
    }),
  },
} satisfies StepForms;
