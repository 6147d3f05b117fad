import { DirectoryRole, type StaffMember } from '../../domain/staff.js';
import { Field, SaveAndToggle, Select } from '../fields.js';
import { roleLabel } from '../format.js';
import { type FailedForm, FormError, FormView, IdempotencyKey } from '../forms.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';

/** The roles the directory keeps (technicians have their own screen). */
// Built per render: the labels are in the page's language.
const roles = (): [string, string][] => DirectoryRole.options.map((r) => [r, roleLabel(r)]);

export interface StaffPageProps {
  session: Session;
  members: StaffMember[];
  failed?: FailedForm;
  flash?: string;
}

/** The admin's staff directory: the names every screen shows and the advisors a booking can name. */
export function StaffPage(p: StaffPageProps) {
  const add = new FormView('staff-new', p.failed);
  const people = p.members.filter((m) => m.role !== 'technician');
  const technicians = p.members.filter((m) => m.role === 'technician');
  return (
    <Page title={t('nav.staff')} session={p.session} screen="staff" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>{t('nav.staff')}</h1>
          <p class="sub">{t('staffPage.sub')}</p>
        </div>
      </div>
      <Card title={t('staffPage.staff', { n: people.length })}>
        {people.length === 0 ? (
          <Empty>{t('staffPage.nobody')}</Empty>
        ) : (
          people.map((m) => {
            const form = new FormView(`staff-${m.id}`, p.failed);
            return (
              <details class="technician" data-staff={m.id} open={form.isFailed}>
                <summary>
                  <strong>{m.name}</strong> <span class="muted small">{m.id}</span> · {roleLabel(m.role)}{' '}
                  {m.active ? (
                    <Badge tone="teal">{t('staffPage.active')}</Badge>
                  ) : (
                    <Badge tone="grey">{t('staffPage.left')}</Badge>
                  )}
                </summary>
                <FormError form={form} />
                <form method="post" action={`/app/staff/${encodeURIComponent(m.id)}`} novalidate>
                  <div class="row2">
                    <Field form={form} name="name" label={t('login.name')} value={m.name} required />
                    <Select form={form} name="role" label={t('login.role')} value={m.role} options={roles()} />
                  </div>
                  <SaveAndToggle
                    active={m.active}
                    save={t('staffPage.save')}
                    deactivate={t('staffPage.markLeft')}
                    activate={t('staffPage.back')}
                  />
                </form>
              </details>
            );
          })
        )}
      </Card>
      <Card title={t('staffPage.add')} id="add">
        <FormError form={add} />
        <form method="post" action="/app/staff" novalidate>
          <IdempotencyKey />
          <div class="row2">
            <Field form={add} name="id" label={t('login.staffId')} required hint={t('staffPage.idHint')} />
            <Field form={add} name="name" label={t('login.name')} required />
            <Select form={add} name="role" label={t('login.role')} value="advisor" options={roles()} />
          </div>
          <button type="submit" class="btn btn-primary" data-add-staff>
            {t('staffPage.addButton')}
          </button>
        </form>
      </Card>
      <Card title={t('staffPage.technicians', { n: technicians.length })}>
        <p class="muted small">
          {t('staffPage.techniciansKept')} <a href="/app/technicians">{t('staffPage.techniciansScreen')}</a>
        </p>
        <p>{technicians.map((x) => (x.active ? x.name : t('staffPage.offRota', { name: x.name }))).join(' · ') || '—'}</p>
      </Card>
    </Page>
  );
}
