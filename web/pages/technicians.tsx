import type { Shift } from '../../domain/dispatch.js';
import { SKILL_LEVELS } from '../../domain/dispatch.js';
import type { Answer } from '../api-client.js';
import { Field, SaveAndToggle, Select } from '../fields.js';
import { weekdayShort } from '../format.js';
import { type FailedForm, FormError, type FormValues, FormView, IdempotencyKey, num, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';

type TechnicianRow = Answer<'/technicians'>[number];

/** ISO weekdays, Monday first. */
const DAYS = [1, 2, 3, 4, 5, 6, 7];

const skills = (): [string, string][] => SKILL_LEVELS.map((level) => [String(level), t(`technicians.skillLevel.${level}`)]);

export const shiftLabel = (shift: Shift | null) =>
  shift
    ? t('technicians.shiftLabel', {
        opens: shift.opensAt,
        closes: shift.closesAt,
        days: DAYS.filter((d) => shift.days.includes(d))
          .map(weekdayShort)
          .join(' '),
        zone: shift.timeZone,
      })
    : t('technicians.aroundTheClock');

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
    days: DAYS.filter((d) => v[`day${d}`] === 'true'),
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
    <legend>{t('technicians.shift')}</legend>
    <div class="row2">
      <Field form={form} name="opensAt" label={t('technicians.starts')} type="time" value={shift?.opensAt ?? ''} />
      <Field form={form} name="closesAt" label={t('technicians.ends')} type="time" value={shift?.closesAt ?? ''} />
      <Field form={form} name="timeZone" label={t('technicians.timeZone')} value={shift?.timeZone ?? tz} />
    </div>
    <div class="days">
      {DAYS.map((d) => {
        const name = `day${d}`;
        const on = form.isFailed ? form.checked(name) : (shift?.days ?? [1, 2, 3, 4, 5]).includes(d);
        return (
          <label class="check-inline">
            <input type="checkbox" name={name} value="true" checked={on} /> {weekdayShort(d)}
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
    <Page title={t('technicians.title')} session={p.session} screen="workshop" flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>{t('technicians.title')}</h1>
          <p class="sub">{t('technicians.sub')}</p>
        </div>
      </div>
      <Card title={t('technicians.list', { n: p.technicians.length })}>
        {p.technicians.length === 0 ? (
          <Empty>{t('technicians.none')}</Empty>
        ) : (
          p.technicians.map((tech) => {
            const form = new FormView(`technician-${tech.id}`, p.failed);
            return (
              <details class="technician" data-technician={tech.id} open={form.isFailed}>
                <summary>
                  <strong>{tech.name}</strong> <span class="muted small">{tech.id}</span> ·{' '}
                  {t('technicians.skill', { n: tech.skillLevel })} · <span class="small">{shiftLabel(tech.shift)}</span>{' '}
                  {tech.active ? (
                    <Badge tone="teal">{t('technicians.active')}</Badge>
                  ) : (
                    <Badge tone="grey">{t('technicians.offRota')}</Badge>
                  )}
                </summary>
                <FormError form={form} />
                <form method="post" action={`/app/technicians/${encodeURIComponent(tech.id)}`} novalidate>
                  <IdempotencyKey />
                  <div class="row2">
                    <Field form={form} name="name" label={t('technicians.name')} value={tech.name} required />
                    <Select
                      form={form}
                      name="skillLevel"
                      label={t('technicians.skillField')}
                      value={String(tech.skillLevel)}
                      options={skills()}
                    />
                  </div>
                  <ShiftFields form={form} shift={tech.shift} tz={tz} />
                  <SaveAndToggle
                    active={tech.active}
                    save={t('technicians.save')}
                    deactivate={t('technicians.deactivate')}
                    activate={t('technicians.activate')}
                  />
                </form>
              </details>
            );
          })
        )}
      </Card>
      <Card title={t('technicians.add')} id="add">
        <FormError form={add} />
        <form method="post" action="/app/technicians" novalidate>
          <IdempotencyKey />
          <div class="row2">
            <Field form={add} name="id" label={t('technicians.staffId')} required hint={t('technicians.staffIdHint')} />
            <Field form={add} name="name" label={t('technicians.name')} required />
            <Select form={add} name="skillLevel" label={t('technicians.skillField')} value="1" options={skills()} />
          </div>
          <ShiftFields form={add} shift={null} tz={tz} />
          <button type="submit" class="btn btn-primary" data-add-technician>
            {t('technicians.addButton')}
          </button>
        </form>
      </Card>
    </Page>
  );
}
