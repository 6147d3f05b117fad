import type { NextServiceMissing } from '../../api/queries/next-service.js';
import { PaymentMethod } from '../../domain/actions.js';
import { Check, Field, Select } from '../fields.js';
import { dueFigure, moneyInput } from '../format.js';
import type { FormView } from '../forms.js';
import { bool, cents, compact } from '../forms.js';
import { type Key, t } from '../i18n/index.js';
import { taxedParts } from '../money.js';
import type { ActionContext, StepForms } from './form-kit.js';

// Step 8 of the loop, delivery: the pickup checklist and the payment.

const PAYMENT_METHOD_LABELS: Record<PaymentMethod, Key> = {
  card: 'actionForm.card',
  cash: 'actionForm.cash',
  transfer: 'actionForm.bankTransfer',
  warranty: 'actionForm.warranty',
  account: 'actionForm.account',
};

/**
 * The advisor confirms telling the customer the next maintenance [S1.8]: the figure itself, worked out now by the rule
 * the pickup records it with. Without one, the form says why and asks that the customer was pointed to the invoice,
 * which the pickup prints with it.
 */
const MISSING_WORDS: Record<NextServiceMissing, Key> = {
  mileage: 'actionForm.nextMaintenanceNoMileage',
  interval: 'actionForm.nextMaintenanceNoInterval',
  ended: 'actionForm.nextMaintenanceEnded',
};

const NextMaintenanceCheck = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => {
  const next = ctx.nextService;
  if (next?.due)
    return (
      <Check
        form={form}
        name="checklist.nextMaintenanceTold"
        label={t('actionForm.nextMaintenanceTold', dueFigure(next.due, ctx.shopTz))}
      />
    );
  return (
    <>
      {next?.missing ? (
        <p class="hint" data-next-service-missing={next.missing}>
          {t(MISSING_WORDS[next.missing])}
        </p>
      ) : null}
      <Check form={form} name="checklist.nextMaintenanceTold" label={t('actionForm.nextMaintenanceOnInvoiceTold')} />
    </>
  );
};

export const DELIVERY_FORMS = {
  record_pickup: {
    primary: () => true,
    Fields: ({ form, ctx }) => (
      <>
        <Check form={form} name="checklist.cleaned" label={t('actionForm.vehicleCleanedInsideAndOut')} />
        <Check form={form} name="checklist.allItemsDone" label={t('actionForm.everyWorkOrderItemConfirmedDone')} />
        <Check form={form} name="checklist.chargesExplained" label={t('actionForm.chargesExplainedAndTheWorkShown')} />
        <NextMaintenanceCheck form={form} ctx={ctx} />
        <Check form={form} name="checklist.coversRemoved" label={t('actionForm.coversRemovedInFrontOfThe')} />
        <div class="row2">
          <Field
            form={form}
            name="payment.amountCents"
            label={t('actionForm.amountPaid')}
            inputmode="decimal"
            value={moneyInput(ctx.state.totals.totalCents)}
            hint={t('money.invoiceTotal', taxedParts(ctx.state.totals, ctx.state.taxRateBasisPoints))}
          />
          <Select
            form={form}
            name="payment.method"
            label={t('actionForm.paymentMethod')}
            value="card"
            options={PaymentMethod.options.map((m): [string, string] => [m, t(PAYMENT_METHOD_LABELS[m])])}
          />
        </div>
      </>
    ),
    encode: (v) => ({
      body: {
        checklist: {
          cleaned: bool(v, 'checklist.cleaned'),
          allItemsDone: bool(v, 'checklist.allItemsDone'),
          chargesExplained: bool(v, 'checklist.chargesExplained'),
          nextMaintenanceTold: bool(v, 'checklist.nextMaintenanceTold'),
          coversRemoved: bool(v, 'checklist.coversRemoved'),
        },
        payment: compact({ amountCents: cents(v, 'payment.amountCents'), method: v['payment.method'] }),
      },
    }),
  },
} satisfies StepForms;
