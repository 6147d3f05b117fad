// The page the booking's confirmation links to (a signed link, no login): the booking, another free time to move
// it to, and cancelling it.
import { wordedIn } from '../../../domain/catalogue.js';
import type { Language } from '../../../domain/language.js';
import type { Answer } from '../../api-client.js';
import { dateTime, longDay } from '../../format.js';
import { type FailedForm, FormError, FormView } from '../../forms.js';
import { language, t } from '../../i18n/index.js';
import { BarePage, Card, ShopHead } from '../../layout.js';
import { ContactsLink } from '../contacts.js';
import { DayPicker, SlotChoice, type Slots } from './parts.js';

export type BookingView = Answer<'/bookings/:token'>;
type PriceList = Answer<'/catalogue'>;

export const MANAGE_DONE = ['booked', 'moved'] as const;
export type ManageDone = (typeof MANAGE_DONE)[number];

export interface ManagePageProps {
  booking: BookingView;
  /** The price list as offered now, to word the services booked online in the reader's language. */
  list?: PriceList;
  token: string;
  /** The day looked at for another time, and its free times. */
  date: string;
  today: string;
  slots?: Slots;
  failed?: FailedForm;
  /** What just happened: booked on the public page, or moved on this one (a cancelled booking says so itself). */
  done?: ManageDone;
  /** The shop's number (SHOP_PHONE), for a booking too late to change online. */
  phone?: string;
}

/** A fresh booking of the same services, for a customer whose booking is cancelled. */
const bookAgainAddress = (b: BookingView, lang: Language) => {
  const query = new URLSearchParams({ lang });
  for (const s of b.services) query.set(`service.${s.kind}:${s.code}`, 'true');
  return `/app/booking?${query}`;
};

/**
 * What was booked, in the reader's language. The visit records a service booked online in the catalogue's English
 * (`requestedServices`: one per service, then what the customer wrote); the price list words it in the page's
 * language while it is on offer.
 */
function bookedWork(b: BookingView, list: PriceList | undefined, lang: Language): string[] {
  return b.requestedServices.map((recorded, i) => {
    const s = b.services[i];
    if (!s) return recorded;
    if (s.kind === 'package') {
      const pkg = list?.packages.find((p) => p.code === s.code);
      return pkg ? wordedIn(pkg.name, pkg.translations, lang) : recorded;
    }
    const op = list?.labourOperations.find((o) => o.code === s.code);
    return op ? wordedIn(op.description, op.translations, lang) : recorded;
  });
}

export function ManageBookingPage(p: ManagePageProps) {
  const b = p.booking;
  const lang = language();
  const work = bookedWork(b, p.list, lang);
  const when = b.appointmentAt ? dateTime(b.appointmentAt, b.timeZone) : '';
  const action = `/app/booking/manage?token=${encodeURIComponent(p.token)}&lang=${lang}`;
  const move = new FormView('move', p.failed);
  const cancel = new FormView('cancel', p.failed);
  return (
    <BarePage title={t('booking.manageTitle')} bodyClass="customer-body">
      <main class="approve" data-manage-booking>
        <ShopHead />
        <h1>{t(p.done === 'booked' ? 'booking.bookedTitle' : 'booking.manageTitle')}</h1>
        {p.done === 'booked' && b.stage !== 'cancelled' ? (
          <p class="alert alert-ok" role="status" data-done="booked">
            {t('booking.bookedNext')}
          </p>
        ) : null}
        {p.done === 'moved' ? (
          <p class="alert alert-ok" role="status" data-done="moved">
            {t('booking.moved', { when })}
          </p>
        ) : null}
        {b.stage === 'cancelled' ? (
          <>
            <p class="lead" data-done="cancelled">
              {t('booking.cancelled')}
            </p>
            <a class="btn btn-primary btn-block" href={bookAgainAddress(b, lang)} data-book-again>
              {t('booking.bookAgain')}
            </a>
          </>
        ) : (
          <p class="lead" data-booking-when>
            {t('booking.yourBooking', { name: b.customerName, model: b.model, plate: b.plate, when })}
          </p>
        )}
        {work.length ? (
          <Card title={t('booking.work')}>
            <ul data-booked-work>
              {work.map((s) => (
                <li>{s}</li>
              ))}
            </ul>
          </Card>
        ) : null}
        {!b.changeable && b.stage !== 'cancelled' ? (
          <p class="alert" data-unchangeable>
            {p.phone ? t('booking.unchangeableCall', { phone: p.phone }) : t('booking.unchangeable')}
          </p>
        ) : null}
        {b.changeable ? (
          <>
            <Card title={t('booking.move')}>
              <form method="get" action="/app/booking/manage">
                <input type="hidden" name="token" value={p.token} />
                <input type="hidden" name="lang" value={lang} />
                <DayPicker id="move-date" date={p.date} today={p.today} />
              </form>
              {p.slots ? (
                <form method="post" action={action} novalidate data-move-form>
                  <input type="hidden" name="intent" value="move" />
                  <input type="hidden" name="date" value={p.date} />
                  <FormError form={move} />
                  <h3>{t('booking.times', { day: longDay(p.date) })}</h3>
                  <SlotChoice form={move} slots={p.slots} />
                  {p.slots.slots.length ? (
                    <button type="submit" class="btn btn-primary btn-block" data-move>
                      {t('booking.moveTo')}
                    </button>
                  ) : null}
                </form>
              ) : null}
            </Card>
            <Card title={t('booking.cancel')}>
              <form method="post" action={action} novalidate data-cancel-form>
                <input type="hidden" name="intent" value="cancel" />
                <FormError form={cancel} />
                <div class="field">
                  <label for="cancel-reason">{t('booking.cancelReason')}</label>
                  <textarea id="cancel-reason" name="reason" rows={2}>
                    {cancel.value('reason')}
                  </textarea>
                </div>
                <button type="submit" class="btn btn-danger btn-block" data-cancel>
                  {t('booking.cancelConfirm')}
                </button>
              </form>
            </Card>
          </>
        ) : null}
        <ContactsLink />
      </main>
    </BarePage>
  );
}
