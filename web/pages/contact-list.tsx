import { CONTACT_LIST_EDITORS, holdsRole, type StaffRole } from '../../domain/roles.js';
import type { Answer } from '../api-client.js';
import { Check, Field } from '../fields.js';
import { bool, type FailedForm, FormError, type FormValues, FormView, IdempotencyKey, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';
import { type ContactList, NearSearch, telHref } from './contacts.js';

// The nationwide contact list for staff [S3.5]: the hotline finds the service points nearest a caller far away; the
// service manager keeps the list (the public page is contacts.tsx).

type Points = Answer<'/contact-list/points'>;
type Point = Points[number];

/** Who keeps the list; the API enforces the same on every change. */
export const mayEditContactList = (role: StaffRole) => holdsRole(role, CONTACT_LIST_EDITORS);

/** A point's form as the API's body: every field, so what the form shows is what is kept; the API judges them. */
export const pointBody = (v: FormValues) => ({
  name: text(v, 'name') ?? '',
  region: text(v, 'region') ?? '',
  city: text(v, 'city') ?? '',
  address: text(v, 'address') ?? '',
  phone: text(v, 'phone') ?? '',
  open24h: bool(v, 'open24h'),
  rescue: bool(v, 'rescue'),
});

const PointFields = ({ form, point }: { form: FormView; point?: Point }) => (
  <>
    <div class="row2">
      <Field form={form} name="name" label={t('contacts.name')} value={point?.name} required maxlength={200} />
      <Field form={form} name="phone" label={t('field.phone')} type="tel" value={point?.phone} required />
    </div>
    <div class="row2">
      <Field form={form} name="region" label={t('field.region')} value={point?.region} required maxlength={100} />
      <Field form={form} name="city" label={t('field.city')} value={point?.city} required maxlength={100} />
    </div>
    <Field form={form} name="address" label={t('field.address')} value={point?.address} required maxlength={300} />
    <Check form={form} name="open24h" label={t('contacts.open24hCheck')} checked={point?.open24h} />
    <Check form={form} name="rescue" label={t('contacts.rescueCheck')} checked={point?.rescue} />
  </>
);

const PointRow = ({ point, editable, failed }: { point: Point; editable: boolean; failed?: FailedForm }) => {
  const form = new FormView(`point-${point.id}`, failed);
  return (
    <tr data-point={point.id} class={point.active ? '' : 'muted'}>
      <td data-label={t('contacts.name')}>
        <strong>{point.name}</strong> {point.active ? null : <Badge tone="grey">{t('contacts.offList')}</Badge>}
        <div class="small">{point.address}</div>
      </td>
      <td data-label={t('contacts.place')}>{t('contacts.where', { city: point.city, region: point.region })}</td>
      <td data-label={t('field.phone')}>
        <a href={telHref(point.phone)} data-call>
          {point.phone}
        </a>
        <div>
          {point.open24h ? <Badge tone="green">{t('contacts.open24h')}</Badge> : null}{' '}
          {point.rescue ? <Badge tone="blue">{t('contacts.rescue')}</Badge> : null}
        </div>
      </td>
      {editable ? (
        <td data-label={t('contacts.keep')}>
          <form method="post" action={`/app/contact-list/${point.id}`} class="inline">
            <button type="submit" name="op" value={point.active ? 'off' : 'on'} class="btn btn-small">
              {t(point.active ? 'contacts.takeOff' : 'contacts.putBack')}
            </button>
          </form>
          <details open={form.isFailed}>
            <summary>{t('contacts.change')}</summary>
            <FormError form={form} />
            <form method="post" action={`/app/contact-list/${point.id}`} novalidate data-point-form>
              <PointFields form={form} point={point} />
              <button type="submit" name="op" value="save" class="btn btn-primary btn-small">
                {t('contacts.save')}
              </button>
            </form>
          </details>
        </td>
      ) : null}
    </tr>
  );
};

export interface ContactListPageProps {
  session: Session;
  points: Points;
  list: ContactList;
  near?: string;
  failed?: FailedForm;
  flash?: string;
}

export function ContactListPage(p: ContactListPageProps) {
  const editable = mayEditContactList(p.session.staff.role);
  const add = new FormView('point-new', p.failed);
  return (
    <Page title={t('contacts.staffTitle')} session={p.session} screen="calls" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>{t('contacts.staffTitle')}</h1>
          <p class="sub">{t('contacts.staffSub')}</p>
        </div>
        <div class="head-badges">
          <a class="btn btn-small btn-ghost" href="/app/contacts">
            {t('contacts.publicPage')}
          </a>
        </div>
      </div>
      <NearSearch action="/app/contact-list" near={p.near} nearest={p.list.nearest} forCaller failed={p.failed} />
      <Card title={t('contacts.all')}>
        {p.points.length === 0 ? (
          <Empty>{t('contacts.noneYet')}</Empty>
        ) : (
          <table class="table table-cards" data-contact-table>
            <thead>
              <tr>
                <th>{t('contacts.name')}</th>
                <th>{t('contacts.place')}</th>
                <th>{t('field.phone')}</th>
                {editable ? <th>{t('contacts.keep')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.points.map((point) => (
                <PointRow point={point} editable={editable} failed={p.failed} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {editable ? (
        <Card title={t('contacts.add')} id="add">
          <FormError form={add} />
          <form method="post" action="/app/contact-list" novalidate data-point-new>
            <IdempotencyKey />
            <PointFields form={add} />
            <button type="submit" class="btn btn-primary" data-add-point>
              {t('contacts.add')}
            </button>
          </form>
        </Card>
      ) : null}
    </Page>
  );
}
