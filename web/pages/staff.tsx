import { DirectoryRole, type StaffMember } from '../../domain/staff.js';
import { roleLabel } from '../format.js';
import { type FailedForm, Field, FormError, FormView, IdempotencyKey, Select } from '../forms.js';
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
    <Page title="Staff" session={p.session} screen="staff" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Staff</h1>
          <p class="sub">
            Names shown on every screen; bookings pick their advisor from the active advisors. The service supervisor’s tasks go
            to the service manager.
          </p>
        </div>
      </div>
      <Card title={`Staff (${people.length})`}>
        {people.length === 0 ? (
          <Empty>Nobody yet: add the first below.</Empty>
        ) : (
          people.map((m) => {
            const form = new FormView(`staff-${m.id}`, p.failed);
            return (
              <details class="technician" data-staff={m.id} open={form.isFailed}>
                <summary>
                  <strong>{m.name}</strong> <span class="muted small">{m.id}</span> · {roleLabel(m.role)}{' '}
                  {m.active ? <Badge tone="teal">active</Badge> : <Badge tone="grey">left</Badge>}
                </summary>
                <FormError form={form} />
                <form method="post" action={`/app/staff/${encodeURIComponent(m.id)}`} novalidate>
                  <div class="row2">
                    <Field form={form} name="name" label="Name" value={m.name} required />
                    <Select form={form} name="role" label="Role" value={m.role} options={roles()} />
                  </div>
                  <button type="submit" class="btn btn-primary btn-small" name="op" value="save">
                    Save
                  </button>{' '}
                  {m.active ? (
                    <button type="submit" class="btn btn-small btn-danger" name="op" value="deactivate">
                      Mark as left
                    </button>
                  ) : (
                    <button type="submit" class="btn btn-small" name="op" value="activate">
                      Back at work
                    </button>
                  )}
                </form>
              </details>
            );
          })
        )}
      </Card>
      <Card title="Add a staff member" id="add">
        <FormError form={add} />
        <form method="post" action="/app/staff" novalidate>
          <IdempotencyKey />
          <div class="row2">
            <Field form={add} name="id" label="Staff id" required hint="Their sign-in id, e.g. adv-lena" />
            <Field form={add} name="name" label="Name" required />
            <Select form={add} name="role" label="Role" value="advisor" options={roles()} />
          </div>
          <button type="submit" class="btn btn-primary" data-add-staff>
            Add
          </button>
        </form>
      </Card>
      <Card title={`Technicians (${technicians.length})`}>
        <p class="muted small">
          Technicians are kept with their skill and shift on the <a href="/app/technicians">technicians screen</a>.
        </p>
        <p>{technicians.map((t) => `${t.name}${t.active ? '' : ' (off the rota)'}`).join(' · ') || '—'}</p>
      </Card>
    </Page>
  );
}
