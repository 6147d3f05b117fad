import { toLocalInput } from '../format.js';
import { Field, type FormView } from '../forms.js';
import { t } from '../i18n/index.js';
import type { ActionContext } from './form-kit.js';

// The promised delivery time a form proposes: the one still ahead, or a few hours from now.

/** A new promise offered from the plan's finish keeps this margin, so the next minutes of the plan still meet it. */
export const PROMISE_MARGIN_MS = 15 * 60_000;
export const roundUpHalfHour = (ms: number) => Math.ceil(ms / 1_800_000) * 1_800_000;
export const defaultPromise = (tz: string) => toLocalInput(roundUpHalfHour(Date.now() + 4 * 3_600_000), tz);

export const PromisedAt = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => (
  <Field
    form={form}
    name="promisedAt"
    label={t('actionForm.promisedDeliveryTime')}
    type="datetime-local"
    value={
      ctx.state.promisedAt && Date.parse(ctx.state.promisedAt) > Date.now()
        ? toLocalInput(ctx.state.promisedAt, ctx.tz)
        : defaultPromise(ctx.tz)
    }
    required
  />
);
