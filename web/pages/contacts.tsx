import type { Answer } from '../api-client.js';
import { type FailedForm, FormView } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { Badge, BarePage, Card, Empty, ShopHead } from '../layout.js';

// The nationwide contact list [S3.5] for anyone (no login): the group's service points by region and city, each
// number a tap to call, the ones that answer around the clock marked, and the points nearest where the reader is.
// The staff screen (contact-list.tsx) shows the same entries to the hotline.

export type ContactList = Answer<'/contact-list'>;
type Point = ContactList['points'][number];

/** Dialled as written, without the spaces and brackets people read it with. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^+0-9]/g, '')}`;

/** One service point: its name, where it is, its number to tap, and whether it answers at night and sends rescue. */
export const PointEntry = ({ point, where }: { point: Point; where?: boolean }) => (
  <li class="contact-point" data-point={point.id}>
    <strong>{point.name}</strong>{' '}
    {point.open24h ? (
      <Badge tone="green" title={t('contacts.open24hTitle')}>
        {t('contacts.open24h')}
      </Badge>
    ) : null}{' '}
    {point.rescue ? <Badge tone="blue">{t('contacts.rescue')}</Badge> : null}
    <div class="small muted">{where ? t('contacts.where', { city: point.city, region: point.region }) : null}</div>
    <div class="small">{point.address}</div>
    <div>
      <a href={telHref(point.phone)} data-call aria-label={t('contacts.callLabel', { name: point.name, phone: point.phone })}>
        {point.phone}
      </a>
    </div>
  </li>
);

/** The points grouped by region, then city, in the list's order (the API sorts them). */
function byRegion(points: readonly Point[]): [string, [string, Point[]][]][] {
  const regions = new Map<string, Map<string, Point[]>>();
  for (const point of points) {
    const cities = regions.get(point.region) ?? new Map<string, Point[]>();
    cities.set(point.city, [...(cities.get(point.city) ?? []), point]);
    regions.set(point.region, cities);
  }
  return [...regions].map(([region, cities]) => [region, [...cities]]);
}

/** Every point on the list, a heading per region and per city. */
export const Regions = ({ points }: { points: readonly Point[] }) => (
  <>
    {byRegion(points).map(([region, cities]) => (
      <section class="contact-region" data-region={region}>
        <h2>{region}</h2>
        {cities.map(([city, here]) => (
          <div data-city={city}>
            <h3>{city}</h3>
            <ul class="contact-points">
              {here.map((point) => (
                <PointEntry point={point} />
              ))}
            </ul>
          </div>
        ))}
      </section>
    ))}
  </>
);

/**
 * "Where are you?" and the points nearest the answer: the list's own match by city and region words
 * (domain/contact-list-rules.ts). `action` is the page the form comes back to.
 */
export const NearSearch = ({
  action,
  near,
  nearest,
  forCaller,
  failed,
}: {
  action: string;
  near?: string;
  nearest: readonly Point[];
  /** Staff asking for a caller: the words speak of the caller, not of the reader. */
  forCaller?: boolean;
  /** The place the list refused (nothing visible in it, too long): shown again with why, under the field. */
  failed?: FailedForm;
}) => {
  const form = new FormView('near', failed);
  const error = form.error('near');
  return (
    <Card title={t(forCaller ? 'contacts.nearCallerTitle' : 'contacts.nearTitle')}>
      <form method="get" action={action} class="contact-near" data-near-form>
        <input type="hidden" name="lang" value={language()} />
        <div class={`field ${error ? 'has-error' : ''}`}>
          <label for="contact-near">{t(forCaller ? 'contacts.nearCallerLabel' : 'contacts.nearLabel')}</label>
          <input
            id="contact-near"
            name="near"
            type="search"
            value={form.value('near', near ?? '')}
            maxlength={200}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'contact-near-error' : undefined}
          />
          <p class="hint">{t('contacts.nearHint')}</p>
          {error ? (
            <p class="field-error" id="contact-near-error" data-field-error="near">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" class="btn btn-primary">
          {t('contacts.find')}
        </button>
      </form>
      {near ? (
        nearest.length > 0 ? (
          <div data-nearest>
            <h3>{t('contacts.nearestTo', { place: near })}</h3>
            <ul class="contact-points">
              {nearest.map((point) => (
                <PointEntry point={point} where />
              ))}
            </ul>
          </div>
        ) : (
          <Empty>{t('contacts.noneNear', { place: near })}</Empty>
        )
      ) : null}
    </Card>
  );
};

/** The public page: where to call anywhere in the country. */
export function ContactsPage({ list, near, failed }: { list: ContactList; near?: string; failed?: FailedForm }) {
  return (
    <BarePage title={t('contacts.title')} bodyClass="customer-body" languageSwitch>
      <main class="approve" data-contacts>
        <ShopHead />
        <h1>{t('contacts.title')}</h1>
        <p class="lead">{t('contacts.lead')}</p>
        {list.points.length === 0 ? (
          <Empty>{t('contacts.empty')}</Empty>
        ) : (
          <>
            <NearSearch action="/app/contacts" near={near} nearest={list.nearest} failed={failed} />
            <Card title={t('contacts.all')}>
              <Regions points={list.points} />
            </Card>
          </>
        )}
      </main>
    </BarePage>
  );
}

/** Where a customer meets the shop (the approval, the booking, the price list), the way to the list. */
export const ContactsLink = () => (
  <p class="small contacts-link">
    <a href={`/app/contacts?lang=${language()}`} data-contacts-link>
      {t('contacts.link')}
    </a>
  </p>
);
