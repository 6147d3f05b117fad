import { Field } from '../fields.js';
import { toLocalInput } from '../format.js';
import type { FormView } from '../forms.js';
import { t } from '../i18n/index.js';
import type { ActionContext } from './form-kit.js';

// The promised delivery time a form proposes: the one still ahead, or a few hours from now.

/** A new promise offered from the plan's finish keeps this margin, so the next minutes of the plan still meet it. */
export const PROMISE_MARGIN_MS = 15 * 60_000;
export const roundUpHalfHour = (ms: number) => Math.ceil(ms / 1_800_000) * 1_800_000;
export const defaultPromise = (tz: string) => toLocalInput(roundUpHalfHour(Date.now() + 4 * 3_600_000), tz);

/** The form's `promisedAt`, a local date and time, offered at `value`. */
export const PromiseField = ({ form, label, value }: { form: FormView; label: string; value: string }) => (
  <Field form={form} name="promisedAt" label={label} type="datetime-local" value={value} required />
);

export const PromisedAt = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => (
  <PromiseField
    form={form}
    label={t('actionForm.promisedDeliveryTime')}
    value={
      ctx.state.promisedAt && Date.parse(ctx.state.promisedAt) > Date.now()
        ? toLocalInput(ctx.state.promisedAt, ctx.tz)
        : defaultPromise(ctx.tz)
    }
  />
);
