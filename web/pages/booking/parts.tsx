// What the booking page and the booking link's page share: the day to look at and its free times to pick one from.
import type { Answer } from '../../api-client.js';
import { time } from '../../format.js';
import type { FormView } from '../../forms.js';
import { type Key, t } from '../../i18n/index.js';

export type Slots = Answer<'/booking/slots'>;

/** Why a day offers no time, in the customer's words. */
const NO_SLOT: Record<NonNullable<Slots['reason']>, Key> = {
  closed: 'booking.closed',
  past: 'booking.past',
  too_far: 'booking.tooFar',
  workshop_full: 'booking.workshopFull',
  fully_booked: 'booking.fullyBooked',
};

/** The day's free times as big radio buttons (in the shop's time zone), or why there are none. */
export function SlotChoice({ form, slots }: { form: FormView; slots: Slots }) {
  if (slots.reason || slots.slots.length === 0)
    return (
      <p class="alert" data-no-slots>
        {t(NO_SLOT[slots.reason ?? 'fully_booked'])}
      </p>
    );
  const chosen = form.value('slot', '');
  const error = form.error('slot');
  return (
    <fieldset class={`radios slot-choice ${error ? 'has-error' : ''}`}>
      <div class="radio-row">
        {slots.slots.map((s) => (
          <label class="radio" data-slot={s.time}>
            <input type="radio" name="slot" value={s.startsAt} checked={chosen === s.startsAt} required />
            <span>
              {time(s.startsAt, slots.timeZone)} <small class="muted">{t('booking.free', { n: s.free })}</small>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The day to look at (from today on) and the button that shows its free times; the fields of a GET form. */
export const DayPicker = ({ id, date, today }: { id: string; date: string; today: string }) => (
  <>
    <div class="field">
      <label for={id}>{t('booking.day')}</label>
      <input id={id} type="date" name="date" value={date} min={today} required />
    </div>
    <button type="submit" class="btn btn-ghost">
      {t('booking.showTimes')}
    </button>
  </>
);
