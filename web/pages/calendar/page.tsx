import { WEEKDAYS, type Weekday } from '../../../domain/calendar-rules.js';
import type { Answer } from '../../api-client.js';
import { Check, Field } from '../../fields.js';
import { longDay, weekdayLong } from '../../format.js';
import { type FailedForm, FormError, type FormValues, FormView, IdempotencyKey, text } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Card, Empty, Page } from '../../layout.js';
import type { Session } from '../../session.js';

type Calendar = Answer<'/calendar'>;
type Hours = Calendar['week'][Weekday];

/**
 * A day's times from the form, closed when `closed`; the API judges the times, so a time left blank comes back
 * refused next to its field.
 */
function hoursOf(v: FormValues, prefix: string, closed: boolean): Record<string, string> | null {
  return closed ? null : { opensAt: text(v, `${prefix}opensAt`) ?? '', closesAt: text(v, `${prefix}closesAt`) ?? '' };
}

/**
 * The week form as the API's `PUT /calendar/hours` body: every weekday, so what the page shows is what is kept. A
 * weekday closes only when "closed" is ticked: emptied fields would otherwise close the shop without a word.
 */
export const weekBody = (v: FormValues) =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, hoursOf(v, `${d}.`, v[`${d}.closed`] === 'true')]));

/** The new-day form as the API's `POST /calendar/exceptions` body: a special day with no hours is closed all day. */
export const exceptionBody = (v: FormValues) => ({
  date: text(v, 'date') ?? '',
  hours: hoursOf(v, 'hours.', !text(v, 'hours.opensAt') && !text(v, 'hours.closesAt')),
  note: text(v, 'note') ?? '',
});

const hoursText = (h: Hours) => (h ? t('calendar.hours', { opens: h.opensAt, closes: h.closesAt }) : t('calendar.closedAllDay'));

const WeekRow = ({ form, day, i, hours }: { form: FormView; day: Weekday; i: number; hours: Hours }) => (
  <fieldset class="calendar-day" data-weekday={day}>
    <legend>{weekdayLong(i + 1)}</legend>
    <div class="row2">
      <Field
        form={form}
        name={`${day}.opensAt`}
        label={t('calendar.opens')}
        type="time"
        value={form.value(`${day}.opensAt`, hours?.opensAt ?? '')}
      />
      <Field
        form={form}
        name={`${day}.closesAt`}
        label={t('calendar.closes')}
        type="time"
        value={form.value(`${day}.closesAt`, hours?.closesAt ?? '')}
      />
    </div>
    <Check form={form} name={`${day}.closed`} label={t('calendar.closed')} checked={hours === null} />
    {form.error(day) ? <p class="error">{form.error(day)}</p> : null}
  </fieldset>
);

export interface CalendarPageProps {
  session: Session;
  calendar: Calendar;
  failed?: FailedForm;
  flash?: string;
}

/** The shop's calendar [S3.4]: the hours of each weekday, and the holidays and special days ahead. */
export function CalendarPage(p: CalendarPageProps) {
  const week = new FormView('calendar-week', p.failed);
  const add = new FormView('calendar-exception', p.failed);
  return (
    <Page title={t('calendar.title')} session={p.session} screen="calendar" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>{t('calendar.title')}</h1>
          <p class="sub">{t('calendar.sub')}</p>
          <p class="muted small">{t('calendar.zone', { zone: p.calendar.timeZone })}</p>
        </div>
      </div>
      <Card title={t('calendar.week')}>
        <FormError form={week} />
        <form method="post" action="/app/calendar/hours" novalidate data-calendar-week>
          {WEEKDAYS.map((day, i) => (
            <WeekRow form={week} day={day} i={i} hours={p.calendar.week[day]} />
          ))}
          <button type="submit" class="btn btn-primary">
            {t('calendar.saveWeek')}
          </button>
        </form>
      </Card>
      <Card title={t('calendar.exceptions')}>
        {p.calendar.exceptions.length === 0 ? (
          <Empty>{t('calendar.noExceptions')}</Empty>
        ) : (
          <ul class="calendar-exceptions">
            {p.calendar.exceptions.map((e) => (
              <li data-exception={e.date}>
                <strong>{longDay(e.date)}</strong> · {hoursText(e.hours)} · {e.note}{' '}
                <form method="post" action={`/app/calendar/exceptions/${e.date}/remove`} class="inline">
                  <button type="submit" class="btn btn-small" aria-label={t('calendar.removeLabel', { day: longDay(e.date) })}>
                    {t('calendar.remove')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('calendar.add')} id="add">
        <FormError form={add} />
        <form method="post" action="/app/calendar/exceptions" novalidate data-calendar-exception>
          <IdempotencyKey />
          <div class="row2">
            <Field form={add} name="date" label={t('calendar.day')} type="date" value={add.value('date')} required />
            <Field
              form={add}
              name="note"
              label={t('calendar.note')}
              value={add.value('note')}
              hint={t('calendar.noteHint')}
              required
            />
          </div>
          <fieldset>
            <legend>{t('calendar.specialHours')}</legend>
            <div class="row2">
              <Field form={add} name="hours.opensAt" label={t('calendar.opens')} type="time" value={add.value('hours.opensAt')} />
              <Field
                form={add}
                name="hours.closesAt"
                label={t('calendar.closes')}
                type="time"
                value={add.value('hours.closesAt')}
              />
            </div>
            <p class="hint">{t('calendar.specialHint')}</p>
          </fieldset>
          <button type="submit" class="btn btn-primary" data-add-exception>
            {t('calendar.add')}
          </button>
        </form>
      </Card>
    </Page>
  );
}
