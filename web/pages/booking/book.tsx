// The public booking page [S1.1] on a customer's phone, no login: services from the price list, a day, a free time,
// then who and which car; and the page that says it is booked.
import { wordedIn } from '../../../domain/catalogue.js';
import { LANGUAGES } from '../../../domain/language.js';
import type { Answer } from '../../api-client.js';
import { Field, Select, TextArea } from '../../fields.js';
import { billedHours, languageName, longDay } from '../../format.js';
import { type FailedForm, FormError, FormView } from '../../forms.js';
import { type Key, language, t } from '../../i18n/index.js';
import { BarePage, Card, ShopHead } from '../../layout.js';
import type { FormVoice } from '../../plain-errors.js';
import { ContactsLink } from '../contacts.js';
import { DayPicker, SlotChoice, type Slots } from './parts.js';

type PriceList = Answer<'/catalogue'>;

/** A price-list entry as the booking names it: `package:CODE` or `labour_operation:CODE`. */
export const serviceKey = (kind: 'package' | 'labour_operation', code: string) => `${kind}:${code}`;

export interface BookingPageProps {
  list: PriceList;
  /** The services ticked, as `serviceKey`s. */
  chosen: string[];
  date: string;
  today: string;
  slots?: Slots;
  /** The day asked for has no times to show (out of the range bookings take). */
  dayRefused?: boolean;
  failed?: FailedForm;
}

/** The services to tick: packages first, then single jobs, each with its flat-rate time. */
function ServicePicker({ list, chosen }: { list: PriceList; chosen: string[] }) {
  const lang = language();
  const hoursOf = (code: string) => list.labourOperations.find((op) => op.code === code)?.flatRateHours ?? 0;
  // A package offered for some models only says which, so nobody books it for another car (api/booking.ts refuses it).
  const box = (key: string, label: string, h: number, models: readonly string[] = []) => (
    <label class="check">
      <input type="checkbox" name={`service.${key}`} value="true" checked={chosen.includes(key)} data-service={key} />
      <span>
        {label} <small class="muted">{t('booking.hoursOf', { hours: billedHours(h) })}</small>
        {models.length ? (
          <small class="muted" data-service-models>
            {' · '}
            {t('prices.forModels', { models: models.join(', ') })}
          </small>
        ) : null}
      </span>
    </label>
  );
  return (
    <fieldset class="booking-services">
      <legend>{t('booking.services')}</legend>
      {list.packages.length ? <h3>{t('booking.packages')}</h3> : null}
      {list.packages.map((p) =>
        box(
          serviceKey('package', p.code),
          wordedIn(p.name, p.translations, lang),
          p.items.reduce((sum, i) => sum + (i.kind === 'labour' ? hoursOf(i.code) : 0), 0),
          p.models,
        ),
      )}
      {list.labourOperations.length ? <h3>{t('booking.labour')}</h3> : null}
      {list.labourOperations.map((op) =>
        box(serviceKey('labour_operation', op.code), wordedIn(op.description, op.translations, lang), op.flatRateHours),
      )}
    </fieldset>
  );
}

/** The labels the customer reads on the booking's fields; a refusal names the field by the same words. */
const BOOKING_LABELS = {
  'customer.name': 'booking.name',
  'customer.phone': 'booking.phone',
  'customer.email': 'booking.email',
  'customer.language': 'booking.language',
  'customer.preferredChannel': 'booking.channel',
  'vehicle.plate': 'booking.plate',
  'vehicle.vin': 'booking.vin',
  'vehicle.model': 'booking.model',
  notes: 'booking.notes',
} as const satisfies Record<string, Key>;
type BookingField = keyof typeof BOOKING_LABELS;
const label = (field: BookingField) => t(BOOKING_LABELS[field]);

/** How the booking form words a refusal: its own labels, to a customer. */
export const bookingVoice = (): FormVoice => ({
  customer: true,
  labels: Object.fromEntries(Object.keys(BOOKING_LABELS).map((f) => [f, label(f as BookingField)])),
});

/** Who is coming with which car: the fields of the booking, named as the API names them. */
function CustomerFields({ form }: { form: FormView }) {
  return (
    <Card title={t('booking.you')}>
      <Field form={form} name="customer.name" label={label('customer.name')} required autocomplete="name" />
      <Field form={form} name="customer.phone" label={label('customer.phone')} type="tel" required autocomplete="tel" />
      <Field form={form} name="customer.email" label={label('customer.email')} type="email" autocomplete="email" />
      <Field form={form} name="vehicle.plate" label={label('vehicle.plate')} required />
      <Field form={form} name="vehicle.vin" label={label('vehicle.vin')} required autocapitalize="characters" />
      <Field form={form} name="vehicle.model" label={label('vehicle.model')} required />
      <Select
        form={form}
        name="customer.language"
        label={label('customer.language')}
        value={language()}
        options={LANGUAGES.map((l) => [l, languageName(l)])}
      />
      <Select
        form={form}
        name="customer.preferredChannel"
        label={label('customer.preferredChannel')}
        value="sms"
        options={[
          ['sms', t('booking.sms')],
          ['email', t('booking.byEmail')],
          ['phone', t('booking.byPhone')],
        ]}
      />
      <TextArea form={form} name="notes" label={label('notes')} />
    </Card>
  );
}

export function BookingPage(p: BookingPageProps) {
  const form = new FormView('booking', p.failed);
  const lang = language();
  return (
    <BarePage title={t('booking.title')} bodyClass="customer-body" languageSwitch>
      <main class="approve" data-booking>
        <ShopHead />
        <h1>{t('booking.title')}</h1>
        <p class="lead">{t('booking.lead')}</p>
        <form method="get" action="/app/booking" class="card card-body">
          <input type="hidden" name="lang" value={lang} />
          <ServicePicker list={p.list} chosen={p.chosen} />
          <DayPicker id="booking-date" date={p.date} today={p.today} />
        </form>
        {p.chosen.length === 0 ? <p class="muted">{t('booking.pickServices')}</p> : null}
        {p.dayRefused ? (
          <p class="alert alert-error" role="alert" data-day-refused>
            {t('booking.dayRefused')}
          </p>
        ) : null}
        {p.slots ? (
          <form method="post" action={`/app/booking?lang=${lang}`} novalidate data-booking-form>
            {p.chosen.map((key) => (
              <input type="hidden" name={`service.${key}`} value="true" />
            ))}
            <input type="hidden" name="date" value={p.date} />
            <FormError form={form} />
            <Card title={t('booking.times', { day: longDay(p.date) })}>
              <SlotChoice form={form} slots={p.slots} />
            </Card>
            {p.slots.slots.length ? (
              <>
                <CustomerFields form={form} />
                <button type="submit" class="btn btn-primary btn-block" data-book>
                  {t('booking.book')}
                </button>
              </>
            ) : null}
          </form>
        ) : null}
        <ContactsLink />
      </main>
    </BarePage>
  );
}
