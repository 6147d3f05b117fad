import type { Shift } from '../../domain/dispatch.js';
import type { StaffRole } from '../../domain/roles.js';
import { holdsRole, TECHNICIAN_EDITORS } from '../../domain/roles.js';
import { type FailedForm, Field, FormError, type FormValues, FormView, IdempotencyKey, num, Select, text } from '../forms.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';

/** Who runs the rota; the API enforces the same on every change. */
export const mayEditTechnicians = (role: StaffRole) => holdsRole(role, TECHNICIAN_EDITORS);

export interface TechnicianRow {
  id: string;
  name: string;
  skillLevel: number;
  active: boolean;
  shift: Shift | null;
}

const DAYS: [number, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
];

const SKILLS: [string, string][] = [
  ['1', '1 · service'],
  ['2', '2 · repair'],
  ['3', '3 · diagnosis, complex'],
];

export const shiftLabel = (shift: Shift | null) =>
  shift
    ? `${shift.opensAt}–${shift.closesAt} ${DAYS.filter(([d]) => shift.days.includes(d))
        .map(([, l]) => l)
        .join(' ')} (${shift.timeZone})`
    : 'around the clock';

/**
 * The form's shift fields as the API's `shift`: no opening time means around the clock; the UI converts and
 * the API judges (a closing time before the opening, an unknown time zone).
 */
export function shiftOf(v: FormValues): Record<string, unknown> | null {
  const opensAt = text(v, 'opensAt');
  if (!opensAt) return null;
  return {
    opensAt,
    closesAt: text(v, 'closesAt') ?? '',
    timeZone: text(v, 'timeZone') ?? 'UTC',
    days: DAYS.filter(([d]) => v[`day${d}`] === 'true').map(([d]) => d),
  };
}

/** The form's fields as the API's body: name, skill, active, shift. */
export const technicianBody = (v: FormValues) => ({
  name: text(v, 'name') ?? '',
  skillLevel: num(v, 'skillLevel'),
  shift: shiftOf(v),
});

const ShiftFields = ({ form, shift, tz }: { form: FormView; shift: Shift | null; tz: string }) => (
  <fieldset class="shift">
    <legend>Shift (leave the start empty for around the clock)</legend>
    <div class="row2">
      <Field form={form} name="opensAt" label="Starts" type="time" value={shift?.opensAt ?? ''} />
      <Field form={form} name="closesAt" label="Ends" type="time" value={shift?.closesAt ?? ''} />
      <Field form={form} name="timeZone" label="Time zone" value={shift?.timeZone ?? tz} />
    </div>
    <div class="days">
      {DAYS.map(([d, label]) => {
        const name = `day${d}`;
        const on = form.isFailed ? form.checked(name) : (shift?.days ?? [1, 2, 3, 4, 5]).includes(d);
        return (
          <label class="check-inline">
            <input type="checkbox" name={name} value="true" checked={on} /> {label}
          </label>
        );
      })}
    </div>
    {form.error('shift') ? <p class="error">{form.error('shift')}</p> : null}
  </fieldset>
);

export interface TechniciansPageProps {
  session: Session;
  technicians: TechnicianRow[];
  failed?: FailedForm;
  flash?: string;
}

/** The workshop's technicians: who the plan can give work to, with what skill, in which hours. */
export function TechniciansPage(p: TechniciansPageProps) {
  const tz = p.session.tz;
  const add = new FormView('technician-new', p.failed);
  return (
    <Page title="Technicians" session={p.session} screen="workshop" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Technicians</h1>
          <p class="sub">The workshop plan gives work to active technicians with the skill, inside their shift.</p>
        </div>
      </div>
      <Card title={`Technicians (${p.technicians.length})`}>
        {p.technicians.length === 0 ? (
          <Empty>No technicians yet: add the first below.</Empty>
        ) : (
          p.technicians.map((t) => {
            const form = new FormView(`technician-${t.id}`, p.failed);
            return (
              <details class="technician" data-technician={t.id} open={form.isFailed}>
                <summary>
                  <strong>{t.name}</strong> <span class="muted small">{t.id}</span> · skill {t.skillLevel} ·{' '}
                  <span class="small">{shiftLabel(t.shift)}</span>{' '}
                  {t.active ? <Badge tone="teal">active</Badge> : <Badge tone="grey">off the rota</Badge>}
                </summary>
                <FormError form={form} />
                <form method="post" action={`/app/technicians/${encodeURIComponent(t.id)}`} novalidate>
                  <IdempotencyKey />
                  <div class="row2">
                    <Field form={form} name="name" label="Name" value={t.name} required />
                    <Select form={form} name="skillLevel" label="Skill" value={String(t.skillLevel)} options={SKILLS} />
                  </div>
                  <ShiftFields form={form} shift={t.shift} tz={tz} />
                  <button type="submit" class="btn btn-primary btn-small" name="op" value="save">
                    Save
                  </button>{' '}
                  {t.active ? (
                    <button type="submit" class="btn btn-small btn-danger" name="op" value="deactivate">
                      Take off the rota
                    </button>
                  ) : (
                    <button type="submit" class="btn btn-small" name="op" value="activate">
                      Back on the rota
                    </button>
                  )}
                </form>
              </details>
            );
          })
        )}
      </Card>
      <Card title="Add a technician" id="add">
        <FormError form={add} />
        <form method="post" action="/app/technicians" novalidate>
          <IdempotencyKey />
          <div class="row2">
            <Field form={add} name="id" label="Staff id" required hint="Their sign-in id, e.g. tech-omar" />
            <Field form={add} name="name" label="Name" required />
            <Select form={add} name="skillLevel" label="Skill" value="1" options={SKILLS} />
          </div>
          <ShiftFields form={add} shift={null} tz={tz} />
          <button type="submit" class="btn btn-primary" data-add-technician>
            Add technician
          </button>
        </form>
      </Card>
    </Page>
  );
}
