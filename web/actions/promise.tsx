import { Field } from '../fields.js';
import { longDay, toLocalInput } from '../format.js';
import type { FormView } from '../forms.js';
import { t } from '../i18n/index.js';
import type { ActionContext, PromiseSuggestion } from './form-kit.js';

// The promised delivery time a form proposes: the one still ahead, or the shop calendar's for the usual lead time.

/** A new promise offered from the plan's finish keeps this margin, so the next minutes of the plan still meet it. */
export const PROMISE_MARGIN_MS = 15 * 60_000;
/** The work a promise is first offered for, before the estimate says more: the usual half day. */
export const DEFAULT_LEAD_MINUTES = 240;
export const roundUpHalfHour = (ms: number) => Math.ceil(ms / 1_800_000) * 1_800_000;
export const defaultPromise = (tz: string) => toLocalInput(roundUpHalfHour(Date.now() + DEFAULT_LEAD_MINUTES * 60_000), tz);

/** Why the calendar's promise is not the clock time, in the reader's words; nothing when it is. */
function movedWhy(p: PromiseSuggestion): string | undefined {
  if (p.moved === 'holiday' && p.holiday)
    return t('calendar.movedHoliday', { day: longDay(p.holiday.date), note: p.holiday.note });
  if (p.moved === 'closed_day') return t('calendar.movedClosedDay');
  if (p.moved === 'after_hours') return t('calendar.movedAfterHours');
  return undefined;
}

/** The form's `promisedAt`, a local date and time, offered at `value`. */
export const PromiseField = ({ form, label, value, hint }: { form: FormView; label: string; value: string; hint?: string }) => (
  <Field form={form} name="promisedAt" label={label} type="datetime-local" value={value} hint={hint} required />
);

export const PromisedAt = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => {
  const kept = ctx.state.promisedAt && Date.parse(ctx.state.promisedAt) > Date.now() ? ctx.state.promisedAt : undefined;
  const offered = kept ?? ctx.promise?.promisedAt;
  return (
    <PromiseField
      form={form}
      label={t('actionForm.promisedDeliveryTime')}
      value={offered ? toLocalInput(offered, ctx.tz) : defaultPromise(ctx.tz)}
      hint={!kept && ctx.promise ? movedWhy(ctx.promise) : undefined}
    />
  );
};
