// The booking form: a customer, a vehicle and a visit, booked for a time or opened as a walk-in.
import { offeredTime, type ShopCalendar } from '../../../domain/calendar-rules.js';
import { localDayRange } from '../../../domain/local-time.js';
import type { StaffRole } from '../../../domain/roles.js';
import type { StaffMember } from '../../../domain/staff.js';
import { Check, Field, Select, TextArea } from '../../fields.js';
import { km, toLocalInput } from '../../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../../forms.js';
import { t } from '../../i18n/index.js';
import type { Session } from '../../session.js';
import { Lookup } from './lookup.js';
import type { BoardPageProps } from './page.js';

/**
 * Demo timers rehearse the shop's processes in development: a manager or an admin may give a visit calls in
 * seconds, an advisor booking a real customer never meets the choice.
 */
export const DEMO_TIMER_ROLES = ['manager', 'admin'] as const satisfies readonly StaffRole[];

/** A booking taken now is for an hour ahead at the earliest: the customer still has to come in. */
const BOOKING_LEAD_MS = 3_600_000;
const QUARTER_HOUR_MS = 900_000;

/**
 * The time the booking form offers: the first quarter hour the shop is open from an hour ahead, or from the start of
 * the day shown (in the advisor's zone) when that is later; so a booking asked for in the evening or on a closed day
 * is offered the next opening, not a time the API refuses.
 */
function defaultBookingTime(calendar: ShopCalendar, day: string, tz: string, now: number): number {
  const from = Math.max(localDayRange(day, tz).start.getTime(), now + BOOKING_LEAD_MS);
  return offeredTime(calendar, from, QUARTER_HOUR_MS);
}

export const BookingForm = ({
  session,
  failed,
  day,
  calendar,
  demoTimers,
  staff,
  lookup,
  prefill,
}: {
  session: Session;
  failed?: FailedForm;
  day: string;
  /** The published calendar (`GET /calendar`) the offered time is open in. */
  calendar: ShopCalendar;
  demoTimers?: boolean;
  staff: StaffMember[];
  lookup?: BoardPageProps['lookup'];
  prefill?: BoardPageProps['prefill'];
}) => {
  const form = new FormView('book', failed);
  const advisors = staff.filter((m) => m.role === 'advisor' && m.active);
  const advisor = advisors.some((a) => a.id === session.staff.id) ? session.staff.id : '';
  const customer = prefill?.file.customer;
  const car = prefill?.file.vehicles.find((v) => v.vehicle.vin === prefill.vin)?.vehicle;
  // Each box is kept once ticked: the booking may next be refused for something else (a number another file
  // has), and after that fix it still needs the boxes it needed.
  const duplicate = form.errorExact('confirmDuplicate') || form.checked('confirmDuplicate');
  const closed = form.errorExact('confirmClosed') || form.checked('confirmClosed');
  const defaultTime = toLocalInput(defaultBookingTime(calendar, day, session.tz, Date.now()), session.tz);
  return (
    <details class="card booking" id="book" open={form.isFailed || !!lookup || !!prefill}>
      <summary class="card-head">
        <h2>{t('board.book.title')}</h2>
      </summary>
      <div class="card-body">
        <Lookup day={day} lookup={lookup} />
      </div>
      <form method="post" action="/app/board/book" class="card-body" novalidate>
        <IdempotencyKey />
        <input type="hidden" name="day" value={day} />
        {customer ? <input type="hidden" name="customer.id" value={customer.id} /> : null}
        {form.isFailed && form.value('customer.id') ? (
          <input type="hidden" name="customer.id" value={form.value('customer.id')} />
        ) : null}
        <FormError form={form} />
        {duplicate ? <Check form={form} name="confirmDuplicate" label={t('board.book.anyway')} /> : null}
        {closed ? <Check form={form} name="confirmClosed" label={t('board.book.anywayClosed')} /> : null}
        <div class="book-grid">
          <fieldset class="group">
            <legend>{t('board.book.customer')}</legend>
            <Field
              form={form}
              name="customer.name"
              label={t('board.book.name')}
              required
              autocomplete="off"
              value={customer?.name}
            />
            <div class="row2">
              <Field
                form={form}
                name="customer.phone"
                label={t('board.book.phone')}
                type="tel"
                required
                placeholder="+49 30 1234567"
                value={customer?.phone}
              />
              <Field form={form} name="customer.email" label={t('board.book.email')} type="email" value={customer?.email ?? ''} />
            </div>
            <Select
              form={form}
              name="customer.preferredChannel"
              label={t('board.book.reachBy')}
              value={customer?.preferredChannel ?? 'sms'}
              options={[
                ['sms', t('board.book.sms')],
                ['phone', t('board.book.byPhone')],
                ['email', t('board.book.byEmail')],
              ]}
            />
          </fieldset>
          <fieldset class="group">
            <legend>{t('board.book.vehicle')}</legend>
            <div class="row2">
              <Field form={form} name="vehicle.plate" label={t('board.book.plate')} required value={car?.plate} />
              <Field form={form} name="vehicle.model" label={t('board.book.model')} required value={car?.model} />
            </div>
            <Field
              form={form}
              name="vehicle.vin"
              label={t('board.book.vin')}
              required
              class="mono"
              maxlength="17"
              value={car?.vin}
            />
            <div class="row2">
              <Field
                form={form}
                name="vehicle.year"
                label={t('board.book.year')}
                inputmode="numeric"
                value={car?.year ? String(car.year) : ''}
              />
              <Field
                form={form}
                name="vehicle.mileage"
                label={t('board.book.mileage')}
                inputmode="numeric"
                hint={car?.mileage ? t('board.book.onFile', { km: km(car.mileage) }) : undefined}
              />
            </div>
          </fieldset>
          <fieldset class="group">
            <legend>{t('board.book.visit')}</legend>
            <TextArea form={form} name="requestedServices" label={t('board.book.services')} rows={2} />
            <div class="row2">
              <Field
                form={form}
                name="appointmentAt"
                label={t('board.book.appointment')}
                type="datetime-local"
                value={defaultTime}
              />
              <Select
                form={form}
                name="advisorId"
                label={t('board.book.advisor')}
                value={advisor}
                options={[['', t('board.book.chooseAdvisor')], ...advisors.map((a): [string, string] => [a.id, a.name])]}
                hint={advisors.length === 0 ? t('board.book.noAdvisors') : undefined}
              />
            </div>
            {demoTimers ? (
              <Select
                form={form}
                name="timers"
                label={t('board.book.timers')}
                options={[
                  ['', t('board.book.timersDefault')],
                  ['demo', t('board.book.timersDemo')],
                ]}
              />
            ) : null}
            <Select
              form={form}
              name="priorityReason"
              label={t('board.book.priority')}
              options={[
                ['', t('board.book.none')],
                ['recall', t('board.book.recall')],
                ['rework', t('board.book.rework')],
                ['warranty', t('board.book.warranty')],
                ['waiting', t('board.book.waiting')],
              ]}
            />
          </fieldset>
        </div>
        <div class="form-actions">
          <button type="submit" name="kind" value="appointment" class="btn btn-primary">
            {t('board.book.submit')}
          </button>
          <button type="submit" name="kind" value="walk_in" class="btn">
            {t('board.book.walkIn')}
          </button>
        </div>
      </form>
    </details>
  );
};
