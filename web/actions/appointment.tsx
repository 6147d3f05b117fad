import { Check, Field, TextArea } from '../fields.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { bool, compact, text, yesNo } from '../forms.js';
import { t } from '../i18n/index.js';
import type { StepForms } from './form-kit.js';
import { ReachedField } from './reached.js';

// Step 1 of the loop, the appointment: the booking confirmed the day before, moved, or closed when the customer does not come.

export const APPOINTMENT_FORMS = {
  confirm_appointment: {
    Fields: ({ form }) => <TextArea form={form} name="notes" label={t('actionForm.notes')} />,
    encode: (v) => ({ body: compact({ notes: text(v, 'notes') }) }),
  },
  record_confirmation_call: {
    // A confirmed booking leaves nothing to call about (the workflow would still log the call).
    hidden: (s) => s.appointment.confirmed,
    Fields: ({ form, ctx }) => (
      <>
        {/* The time this call is about: a booking moved meanwhile is refused rather than confirmed unasked. */}
        <input type="hidden" name="appointmentAt" value={ctx.state.appointmentAt ?? ''} />
        <ReachedField form={form} />
        <Check form={form} name="confirmed" label={t('actionForm.theCustomerConfirmedTheAppointment')} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) => ({
      body: compact({
        reached: yesNo(v, 'reached'),
        confirmed: yesNo(v, 'reached') ? bool(v, 'confirmed') : undefined,
        notes: text(v, 'notes'),
        appointmentAt: text(v, 'appointmentAt'),
      }),
    }),
  },
  reschedule: {
    Fields: ({ form, ctx }) => (
      <>
        <Field
          form={form}
          name="appointmentAt"
          label={t('actionForm.newTime')}
          type="datetime-local"
          value={toLocalInput(ctx.state.appointmentAt, ctx.tz)}
          required
        />
        {/* Offered once the API says the shop is closed then; kept once ticked: the move may next be refused for another reason. */}
        {form.errorExact('confirmClosed') || form.checked('confirmClosed') ? (
          <Check form={form} name="confirmClosed" label={t('actionForm.moveAnyway')} />
        ) : null}
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v, { tz }) => ({
      body: compact({
        appointmentAt: fromLocalInput(v.appointmentAt ?? '', tz),
        notes: text(v, 'notes'),
        confirmClosed: bool(v, 'confirmClosed') || undefined,
      }),
    }),
  },
  mark_no_show: {
    danger: true,
    Fields: ({ form }) => <TextArea form={form} name="notes" label={t('actionForm.notes')} />,
    encode: (v) => ({ body: compact({ notes: text(v, 'notes') }) }),
  },
  cancel: {
    danger: true,
    Fields: ({ form }) => <TextArea form={form} name="reason" label={t('actionForm.reason')} required />,
    encode: (v) => ({ body: { reason: text(v, 'reason') ?? '' } }),
  },
} satisfies StepForms;
