import type { Child } from 'hono/jsx';
import { ACTIONS, type ActionName, mayPerform } from '../domain/actions.js';
import type { StaffRole } from '../domain/roles.js';
import type { Line, VisitState } from '../domain/visit-state.js';
import { dateTime, FUEL_LEVELS, fromLocalInput, fuelLabel, hours, money, moneyInput, toLocalInput } from './format.js';
import {
  bool,
  Check,
  cents,
  compact,
  Field,
  type FormValues,
  type FormView,
  lines,
  num,
  Radios,
  Select,
  SignaturePad,
  TextArea,
  text,
  yesNo,
} from './forms.js';
import { type Key, t } from './i18n/index.js';

// One form per visit action of domain/actions.ts: its fields, and how its fields become the action's payload.

export interface Technician {
  id: string;
  name: string;
  skillLevel: number;
  loadHours: number;
}

/** The workshop plan's word on this visit (web/pages/workshop.tsx `planForecast`). */
export interface PlanForecast {
  /** The plan version the screen shows: sent with a dispatch so a plan that moved since is not held against it. */
  version: string;
  /** When the plan finishes the visit's work (null: not on anybody's timeline). */
  finishAt: string | null;
  /** Null: no promise, or not planned. */
  meetsPromise: boolean | null;
}

export interface ActionContext {
  state: VisitState;
  tz: string;
  staff: { id: string; role: StaffRole; name: string };
  technicians: Technician[];
  plan?: PlanForecast;
}

interface Encoded {
  body: unknown;
  /** Renames a field path of the body to the input that holds it (rows the form skipped shift the indexes). */
  rename?: (field: string) => string;
}

/** Each action's title and button are the catalogue's `action.<name>.title` and `.submit`. */
export const actionTitle = (name: ActionName) => t(`action.${name}.title`);
export const actionSubmit = (name: ActionName) => t(`action.${name}.submit`);

interface ActionUi {
  /** The main step of its stage: shown first and open (the plan's word on the visit, where the screen has it). */
  primary?: (s: VisitState, plan?: PlanForecast) => boolean;
  /** Hidden when the state already says it cannot apply (the API would refuse it anyway). */
  hidden?: (s: VisitState) => boolean;
  danger?: boolean;
  /** Several outcomes of one form, each its own button (`name=value`); else one button with `submit`. */
  submits?: { name: string; value: string; label: Key; danger?: boolean }[];
  Fields?: (p: { form: FormView; ctx: ActionContext }) => Child;
  encode(values: FormValues, ctx: { tz: string; staffId: string }): Encoded;
}

/** The actions this visit accepts now that this staff member may send, main step first. */
export function availableActions(state: VisitState, role: StaffRole): ActionName[] {
  const names = (Object.keys(ACTIONS) as ActionName[]).filter(
    (name) =>
      (ACTIONS[name].stages as readonly string[]).includes(state.stage) &&
      mayPerform(name, role) &&
      !ACTION_UI[name].hidden?.(state),
  );
  const rank = (n: ActionName) => (ACTION_UI[n].primary?.(state) ? 0 : ACTION_UI[n].danger ? 2 : 1);
  return names.sort((a, b) => rank(a) - rank(b));
}

/** A new promise offered from the plan's finish keeps this margin, so the next minutes of the plan still meet it. */
const PROMISE_MARGIN_MS = 15 * 60_000;
const roundUpHalfHour = (ms: number) => Math.ceil(ms / 1_800_000) * 1_800_000;
const defaultPromise = (tz: string) => toLocalInput(roundUpHalfHour(Date.now() + 4 * 3_600_000), tz);

/** Rows of a repeated group (`damages.0.area` …): the filled ones, and the rename from body index to input index. */
function rows(values: FormValues, prefix: string, keep: (i: number) => boolean) {
  const indexes = [
    ...new Set(
      Object.keys(values)
        .map((k) => k.match(new RegExp(`^${prefix}\\.(\\d+)\\.`))?.[1])
        .filter((i): i is string => i !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const kept = indexes.filter(keep);
  const rename = (field: string) =>
    field.replace(new RegExp(`^${prefix}\\.(\\d+)`), (whole, j: string) => {
      const i = kept[Number(j)];
      return i === undefined ? whole : `${prefix}.${i}`;
    });
  return { kept, rename };
}

const filled = (values: FormValues, names: string[]) => names.some((n) => (values[n] ?? '').trim() !== '');

function encodeLines(values: FormValues) {
  const { kept, rename } = rows(values, 'lines', (i) => {
    const p = `lines.${i}`;
    if (values[`${p}.offeredFromLineId`]) return bool(values, `${p}.include`);
    return filled(values, [`${p}.description`, `${p}.quantity`, `${p}.unitPriceCents`]);
  });
  const body = kept.map((i) => {
    const p = `lines.${i}`;
    return compact({
      kind: values[`${p}.kind`] || 'labour',
      description: text(values, `${p}.description`) ?? '',
      jobCode: text(values, `${p}.jobCode`),
      quantity: num(values, `${p}.quantity`),
      unitPriceCents: cents(values, `${p}.unitPriceCents`),
      requiredSkill: num(values, `${p}.requiredSkill`),
      campaign: bool(values, `${p}.campaign`),
      offeredFromLineId: text(values, `${p}.offeredFromLineId`),
    });
  });
  return { body, rename };
}

interface LineDefault {
  kind: 'labour' | 'part';
  description: string;
  quantity: string;
  unitPrice: string;
  offeredFromLineId?: string;
}

/** The estimate's lines: a few blank rows (the client script adds more), and declined work to offer again. */
const LinesEditor = ({ form, offered }: { form: FormView; offered: LineDefault[] }) => {
  const count = Math.max(offered.length + 3, (form.indexes('lines').at(-1) ?? -1) + 1);
  const row = (i: number | '__i__', d?: LineDefault) => {
    const p = `lines.${i}`;
    const label = typeof i === 'number' ? t('actionForm.line', { n: i + 1 }) : t('actionForm.newLine');
    return (
      <div class={`line-row ${d?.offeredFromLineId ? 'offered' : ''}`} data-line-row>
        <div class="line-desc">
          {d?.offeredFromLineId ? (
            <>
              <input type="hidden" name={`${p}.offeredFromLineId`} value={d.offeredFromLineId} />
              <label class="inline offer">
                <input type="checkbox" name={`${p}.include`} value="true" checked={form.checked(`${p}.include`)} />{' '}
                {t('actionForm.offerAgain')}
              </label>
            </>
          ) : null}
          <input
            name={`${p}.description`}
            value={form.value(`${p}.description`, d?.description ?? '')}
            aria-label={t('actionForm.lineDescription', { label })}
            placeholder={t('actionForm.description')}
          />
        </div>
        <LineError form={form} name={`${p}.description`} />
        <div class="line-fields">
          <select name={`${p}.kind`} aria-label={t('actionForm.lineKind', { label })}>
            {(['labour', 'part'] as const).map((k) => (
              <option value={k} selected={form.value(`${p}.kind`, d?.kind ?? 'labour') === k}>
                {t(k === 'labour' ? 'actionForm.labour' : 'actionForm.part')}
              </option>
            ))}
          </select>
          <input
            name={`${p}.quantity`}
            class="num"
            inputmode="decimal"
            value={form.value(`${p}.quantity`, d?.quantity ?? '')}
            aria-label={t('actionForm.lineQuantity', { label })}
            placeholder={t('actionForm.hQty')}
          />
          <input
            name={`${p}.unitPriceCents`}
            class="num"
            inputmode="decimal"
            value={form.value(`${p}.unitPriceCents`, d?.unitPrice ?? '')}
            aria-label={t('actionForm.linePrice', { label })}
            placeholder={t('actionForm.unitPrice')}
          />
          <select
            name={`${p}.requiredSkill`}
            aria-label={t('actionForm.lineSkill', { label })}
            title={t('actionForm.skillNeeded')}
          >
            {['1', '2', '3'].map((s) => (
              <option value={s} selected={form.value(`${p}.requiredSkill`, '1') === s}>
                {t('actionForm.skill', { n: s })}
              </option>
            ))}
          </select>
          <label class="inline" title={t('actionForm.recallHint')}>
            <input type="checkbox" name={`${p}.campaign`} value="true" checked={form.checked(`${p}.campaign`)} />{' '}
            {t('actionForm.recall')}
          </label>
        </div>
        <LineError form={form} name={`${p}.quantity`} />
        <LineError form={form} name={`${p}.unitPriceCents`} />
        <LineError form={form} name={`${p}.requiredSkill`} />
      </div>
    );
  };
  const exact = form.errorExact('lines');
  return (
    <div class="lines-editor">
      <div class="field">
        <span class="label">{t('actionForm.linesLabel')}</span>
        <div data-lines>{Array.from({ length: count }, (_, i) => row(i, offered[i]))}</div>
      </div>
      <template data-line-template>{row('__i__')}</template>
      <button type="button" class="btn btn-small btn-ghost" data-add-line>
        {t('actionForm.addLine')}
      </button>
      {exact ? <p class="field-error">{exact}</p> : null}
    </div>
  );
};

const LineError = ({ form, name }: { form: FormView; name: string }) => {
  const e = form.error(name);
  return e ? <p class="field-error">{e}</p> : null;
};

const PromisedAt = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => (
  <Field
    form={form}
    name="promisedAt"
    label={t('actionForm.promisedDeliveryTime')}
    type="datetime-local"
    value={
      ctx.state.promisedAt && Date.parse(ctx.state.promisedAt) > Date.now()
        ? toLocalInput(ctx.state.promisedAt, ctx.tz)
        : defaultPromise(ctx.tz)
    }
    required
  />
);

const pendingLines = (s: VisitState): Line[] => {
  const open = s.approvals.find((a) => !a.decidedAt);
  return open ? s.lines.filter((l) => open.lineIds.includes(l.id) && l.status === 'proposed') : [];
};

const SIGNED_BY = (s: VisitState) => s.customer.name;

/** The customer's consent, as `decide` and `revise_promise` take it: a recorded phone call or a signature. */
const ConsentFields = ({ form, ctx }: { form: FormView; ctx: ActionContext }) => (
  <>
    <Radios
      form={form}
      name="consent.method"
      label={t('actionForm.consent')}
      value="phone"
      options={[
        ['phone', t('actionForm.phoneCallRecorded')],
        ['signature', t('actionForm.signedInPerson')],
      ]}
    />
    <div class="row2">
      <Field form={form} name="consent.spokeWith" label={t('actionForm.spokeWith')} value={ctx.state.customer.name} />
      <Field form={form} name="consent.callReference" label={t('actionForm.callRecordingReference')} />
    </div>
    <Field
      form={form}
      name="consent.calledAt"
      label={t('actionForm.calledAt')}
      type="datetime-local"
      value={toLocalInput(Date.now(), ctx.tz)}
    />
    <details class="sub">
      <summary>{t('actionForm.signatureInPerson')}</summary>
      <SignaturePad
        form={form}
        prefix="consent.signature"
        label={t('actionForm.customerSignature')}
        signer={SIGNED_BY(ctx.state)}
      />
    </details>
  </>
);

const encodeConsent = (v: FormValues, tz: string, staffId: string) =>
  v['consent.method'] === 'signature'
    ? {
        method: 'signature',
        signature: { signedBy: text(v, 'consent.signature.signedBy') ?? '', image: v['consent.signature.image'] ?? '' },
      }
    : compact({
        method: 'phone',
        callReference: text(v, 'consent.callReference') ?? '',
        calledBy: staffId,
        calledAt: fromLocalInput(v['consent.calledAt'] ?? '', tz),
        spokeWith: text(v, 'consent.spokeWith') ?? '',
      });

export const ACTION_UI: Record<ActionName, ActionUi> = {
  confirm_appointment: {
    hidden: (s) => s.appointment.confirmed,
    Fields: ({ form }) => <TextArea form={form} name="notes" label={t('actionForm.notes')} />,
    encode: (v) => ({ body: compact({ notes: text(v, 'notes') }) }),
  },
  record_confirmation_call: {
    hidden: (s) => s.appointment.confirmed,
    Fields: ({ form }) => (
      <>
        <Radios
          form={form}
          name="reached"
          label={t('actionForm.reachedTheCustomer')}
          options={[
            ['true', t('actionForm.reached')],
            ['false', t('actionForm.noAnswer')],
          ]}
        />
        <Check form={form} name="confirmed" label={t('actionForm.theCustomerConfirmedTheAppointment')} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) => ({
      body: compact({
        reached: yesNo(v, 'reached'),
        confirmed: yesNo(v, 'reached') ? bool(v, 'confirmed') : undefined,
        notes: text(v, 'notes'),
      }),
    }),
  },
  arrive: {
    primary: (s) => s.stage === 'booked' || !s.arrival,
    hidden: (s) => !!s.arrival,
    Fields: ({ form, ctx }) => (
      <>
        <Check form={form} name="coversFitted" label={t('actionForm.seatCoverSteeringWheelCoverAnd')} />
        <div class="row2">
          <Field
            form={form}
            name="mileage"
            label={t('actionForm.mileageKm')}
            type="number"
            min="0"
            value={ctx.state.vehicle.mileage == null ? '' : String(ctx.state.vehicle.mileage)}
            required
          />
          <div class="field">
            <span class="label">&nbsp;</span>
            <Check form={form} name="customerWaiting" label={t('actionForm.customerWaitsOnSite')} />
          </div>
        </div>
      </>
    ),
    encode: (v) => ({
      body: compact({
        coversFitted: bool(v, 'coversFitted'),
        mileage: num(v, 'mileage'),
        customerWaiting: bool(v, 'customerWaiting'),
      }),
    }),
  },
  record_inspection: {
    primary: (s) => s.stage === 'reception' && !!s.arrival,
    Fields: ({ form, ctx }) => (
      <>
        <fieldset class="group">
          <legend>{t('actionForm.damage')}</legend>
          {[0, 1, 2].map((i) => (
            <div class="row2">
              <Field
                form={form}
                name={`damages.${i}.area`}
                label={t('actionForm.area')}
                placeholder={i === 0 ? 'rear bumper' : ''}
              />
              <Field
                form={form}
                name={`damages.${i}.description`}
                label={t('actionForm.description')}
                placeholder={i === 0 ? 'scratch 5 cm' : ''}
              />
            </div>
          ))}
        </fieldset>
        <TextArea form={form} name="valuables" label={t('actionForm.valuablesLeftInTheCar')} hint={t('actionForm.onePerLine')} />
        <div class="row2">
          <Select
            form={form}
            name="fuelLevel"
            label={t('actionForm.fuelLevel')}
            value="half"
            options={FUEL_LEVELS.map((f): [string, string] => [f, fuelLabel(f)])}
          />
          <Field
            form={form}
            name="mileage"
            label={t('actionForm.mileageKm')}
            type="number"
            min="0"
            value={String(ctx.state.arrival?.mileage ?? ctx.state.vehicle.mileage ?? '')}
            required
          />
        </div>
        <SignaturePad
          form={form}
          prefix="customerSignature"
          label={t('actionForm.customerConfirmsTheInspection')}
          signer={SIGNED_BY(ctx.state)}
        />
      </>
    ),
    encode: (v) => {
      const damages = rows(v, 'damages', (i) => filled(v, [`damages.${i}.area`, `damages.${i}.description`]));
      return {
        body: {
          damages: damages.kept.map((i) => ({
            area: text(v, `damages.${i}.area`) ?? '',
            description: text(v, `damages.${i}.description`) ?? '',
          })),
          valuables: lines(v, 'valuables'),
          fuelLevel: v.fuelLevel,
          mileage: num(v, 'mileage'),
          customerSignature: { signedBy: text(v, 'customerSignature.signedBy') ?? '', image: v['customerSignature.image'] ?? '' },
        },
        rename: damages.rename,
      };
    },
  },
  record_requests: {
    Fields: ({ form, ctx }) => (
      <TextArea
        form={form}
        name="requests"
        label={t('actionForm.requestsOnePerLine')}
        value={ctx.state.requestedServices.join('\n')}
        rows={3}
      />
    ),
    encode: (v) => ({ body: { requests: lines(v, 'requests') } }),
  },
  check_warranty: {
    Fields: ({ form }) => (
      <>
        <Radios
          form={form}
          name="covered"
          label={t('actionForm.coveredByWarranty')}
          options={[
            ['true', t('actionForm.covered')],
            ['false', t('actionForm.notCovered')],
          ]}
        />
        <Field form={form} name="reference" label={t('actionForm.warrantyReference')} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) => ({
      body: compact({ covered: yesNo(v, 'covered'), reference: text(v, 'reference'), notes: text(v, 'notes') }),
    }),
  },
  record_diagnosis: {
    primary: (s) => s.stage === 'diagnosis' && !s.diagnosis,
    Fields: ({ form, ctx }) => (
      <>
        <TextArea form={form} name="findings" label={t('actionForm.findings')} rows={3} required />
        <div class="row2">
          <Field form={form} name="scanReportRef" label={t('actionForm.scanToolReportReference')} />
          <div class="field">
            <span class="label">&nbsp;</span>
            <Check form={form} name="roadTest" label={t('actionForm.roadTestDone')} />
          </div>
        </div>
        <details class="sub">
          <summary>{t('actionForm.signsReport')}</summary>
          <SignaturePad
            form={form}
            prefix="customerSignature"
            label={t('actionForm.customerSignature')}
            signer={SIGNED_BY(ctx.state)}
          />
        </details>
      </>
    ),
    encode: (v) => ({
      body: compact({
        findings: text(v, 'findings') ?? '',
        scanReportRef: text(v, 'scanReportRef'),
        roadTest: bool(v, 'roadTest'),
        customerSignature: v['customerSignature.image']
          ? { signedBy: text(v, 'customerSignature.signedBy') ?? '', image: v['customerSignature.image'] }
          : undefined,
      }),
    }),
  },
  submit_estimate: {
    primary: (s) => s.stage === 'diagnosis' && !!s.diagnosis,
    Fields: ({ form, ctx }) => (
      <>
        <LinesEditor
          form={form}
          offered={ctx.state.declinedBefore.map((d) => ({
            kind: d.kind,
            description: d.description,
            quantity: String(d.quantity),
            unitPrice: moneyInput(d.unitPriceCents),
            offeredFromLineId: d.lineId,
          }))}
        />
        <PromisedAt form={form} ctx={ctx} />
      </>
    ),
    encode: (v, { tz }) => {
      const l = encodeLines(v);
      return { body: { lines: l.body, promisedAt: fromLocalInput(v.promisedAt ?? '', tz) }, rename: l.rename };
    },
  },
  send_approval_link: {
    encode: () => ({ body: {} }),
  },
  decide: {
    Fields: ({ form, ctx }) => (
      <>
        <table class="table">
          <tbody>
            {pendingLines(ctx.state).map((l) => (
              <tr>
                <td>
                  {l.description}
                  <div class="muted small">
                    {l.quantity} × {money(l.unitPriceCents)}
                  </div>
                </td>
                <td class="num">{money(l.totalCents)}</td>
                <td>
                  <Radios
                    form={form}
                    name={`decision.${l.id}`}
                    label={t('actionForm.decision')}
                    class="compact"
                    options={[
                      ['approve', t('actionForm.approve')],
                      ['decline', t('actionForm.decline')],
                    ]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ConsentFields form={form} ctx={ctx} />
      </>
    ),
    encode: (v, { tz, staffId }) => {
      const ids = Object.keys(v)
        .filter((k) => k.startsWith('decision.') && (v[k] === 'approve' || v[k] === 'decline'))
        .map((k) => k.slice('decision.'.length));
      return {
        body: {
          decisions: ids.map((lineId) => ({ lineId, approved: v[`decision.${lineId}`] === 'approve' })),
          consent: encodeConsent(v, tz, staffId),
        },
        rename: (f) =>
          f.replace(/^decisions\.(\d+)(\..*)?$/, (whole, j: string) => (ids[Number(j)] ? `decision.${ids[Number(j)]}` : whole)),
      };
    },
  },
  revise_promise: {
    primary: (_s, plan) => plan?.meetsPromise === false,
    Fields: ({ form, ctx }) => {
      const finish = ctx.plan?.finishAt;
      return (
        <>
          {ctx.plan?.meetsPromise === false && finish ? (
            <p class="hint" data-promise-missed>
              The workshop plan finishes this job at {dateTime(finish, ctx.tz)}, after the promised{' '}
              {dateTime(ctx.state.promisedAt, ctx.tz)}. Call the customer and agree a new time.
            </p>
          ) : null}
          <Field
            form={form}
            name="promisedAt"
            label={t('actionForm.newPromisedTime')}
            type="datetime-local"
            value={
              finish && ctx.plan?.meetsPromise === false
                ? toLocalInput(roundUpHalfHour(Date.parse(finish) + PROMISE_MARGIN_MS), ctx.tz)
                : defaultPromise(ctx.tz)
            }
            required
          />
          <TextArea form={form} name="reason" label={t('actionForm.reasonGivenToTheCustomer')} required />
          <ConsentFields form={form} ctx={ctx} />
        </>
      );
    },
    encode: (v, { tz, staffId }) => ({
      body: {
        promisedAt: fromLocalInput(v.promisedAt ?? '', tz),
        reason: text(v, 'reason') ?? '',
        consent: encodeConsent(v, tz, staffId),
      },
    }),
  },
  assign_technician: {
    primary: () => true,
    Fields: ({ form, ctx }) => {
      const proposal = ctx.state.dispatch.proposal;
      return (
        <>
          {proposal ? (
            <p class="hint">
              {t('actionForm.proposed')}{' '}
              <strong>{ctx.technicians.find((t) => t.id === proposal.technicianId)?.name ?? proposal.technicianId}</strong> —{' '}
              {proposal.reason}
            </p>
          ) : (
            <p class="hint">
              {t('actionForm.noTechnician')} <a href="/app/technicians">{t('actionForm.addOrRegrade')}</a>{' '}
              {t('actionForm.proposesAtOnce')}
            </p>
          )}
          <Select
            form={form}
            name="technicianId"
            label={t('actionForm.technician')}
            value={proposal?.technicianId ?? ''}
            options={[
              ['', t('actionForm.choose')],
              ...ctx.technicians.map(
                (x) =>
                  [x.id, t('actionForm.techOption', { name: x.name, skill: x.skillLevel, hours: hours(x.loadHours) })] as [
                    string,
                    string,
                  ],
              ),
            ]}
          />
          <Field
            form={form}
            name="overrideReason"
            label={t('actionForm.reasonForOverridingTheProposal')}
            hint={t('actionForm.onlyWhenNotTheProposedTechnician')}
          />
          {ctx.plan ? <input type="hidden" name="planVersion" value={ctx.plan.version} /> : null}
        </>
      );
    },
    encode: (v) => ({
      body: compact({
        technicianId: v.technicianId ?? '',
        overrideReason: text(v, 'overrideReason'),
        planVersion: v.planVersion || undefined,
      }),
    }),
  },
  start_work: {
    primary: () => true,
    hidden: (s) => s.work.inProgress,
    encode: () => ({ body: {} }),
  },
  report_additional_work: {
    Fields: ({ form, ctx }) => (
      <>
        <LinesEditor form={form} offered={[]} />
        <TextArea form={form} name="reason" label={t('actionForm.whyIsItNeeded')} required />
        <PromisedAt form={form} ctx={ctx} />
      </>
    ),
    encode: (v, { tz }) => {
      const l = encodeLines(v);
      return {
        body: { lines: l.body, promisedAt: fromLocalInput(v.promisedAt ?? '', tz), reason: text(v, 'reason') ?? '' },
        rename: l.rename,
      };
    },
  },
  complete_work: {
    primary: () => true,
    hidden: (s) => !s.work.inProgress,
    Fields: ({ form }) => <TextArea form={form} name="notes" label={t('actionForm.notesForQualityControl')} />,
    encode: (v) => ({ body: compact({ notes: text(v, 'notes') }) }),
  },
  record_qc: {
    primary: () => true,
    submits: [
      { name: 'passed', value: 'true', label: 'action.record_qc.passed' },
      { name: 'passed', value: 'false', label: 'action.record_qc.failed', danger: true },
    ],
    Fields: ({ form }) => (
      <>
        <p class="hint">{t('actionForm.qcHint')}</p>
        <TextArea form={form} name="failedItems" label={t('actionForm.itemsBelowStandardOnePerLine')} rows={3} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) =>
      v.passed === 'false'
        ? { body: compact({ passed: false, failedItems: lines(v, 'failedItems'), notes: text(v, 'notes') }) }
        : { body: compact({ passed: true, notes: text(v, 'notes') }) },
  },
  record_pickup: {
    primary: () => true,
    Fields: ({ form, ctx }) => (
      <>
        <Check form={form} name="checklist.cleaned" label={t('actionForm.vehicleCleanedInsideAndOut')} />
        <Check form={form} name="checklist.allItemsDone" label={t('actionForm.everyWorkOrderItemConfirmedDone')} />
        <Check form={form} name="checklist.chargesExplained" label={t('actionForm.chargesExplainedAndTheWorkShown')} />
        <Check form={form} name="checklist.nextMaintenanceTold" label={t('actionForm.nextMaintenanceDateAndMileageTold')} />
        <Check form={form} name="checklist.coversRemoved" label={t('actionForm.coversRemovedInFrontOfThe')} />
        <div class="row2">
          <Field
            form={form}
            name="payment.amountCents"
            label={t('actionForm.amountPaid')}
            inputmode="decimal"
            value={moneyInput(ctx.state.totals.totalCents)}
            hint={t('actionForm.invoiceTotal', { total: money(ctx.state.totals.totalCents) })}
          />
          <Select
            form={form}
            name="payment.method"
            label={t('actionForm.paymentMethod')}
            value="card"
            options={[
              ['card', t('actionForm.card')],
              ['cash', t('actionForm.cash')],
              ['transfer', t('actionForm.bankTransfer')],
              ['warranty', t('actionForm.warranty')],
              ['account', t('actionForm.account')],
            ]}
          />
        </div>
      </>
    ),
    encode: (v) => ({
      body: {
        checklist: {
          cleaned: bool(v, 'checklist.cleaned'),
          allItemsDone: bool(v, 'checklist.allItemsDone'),
          chargesExplained: bool(v, 'checklist.chargesExplained'),
          nextMaintenanceTold: bool(v, 'checklist.nextMaintenanceTold'),
          coversRemoved: bool(v, 'checklist.coversRemoved'),
        },
        payment: compact({ amountCents: cents(v, 'payment.amountCents'), method: v['payment.method'] }),
      },
    }),
  },
  record_follow_up: {
    primary: () => true,
    Fields: ({ form }) => (
      <>
        <Radios
          form={form}
          name="reached"
          label={t('actionForm.reachedTheCustomer')}
          options={[
            ['true', t('actionForm.reached')],
            ['false', t('actionForm.noAnswer')],
          ]}
        />
        <Radios
          form={form}
          name="satisfaction"
          label={t('actionForm.satisfaction')}
          options={[
            ['1', '1'],
            ['2', '2'],
            ['3', '3'],
            ['4', '4'],
            ['5', '5'],
          ]}
        />
        <Check form={form} name="complaint" label={t('actionForm.theCustomerHasAComplaint')} />
        <TextArea form={form} name="comments" label={t('actionForm.comments')} />
      </>
    ),
    encode: (v) => ({
      body: compact({
        reached: yesNo(v, 'reached'),
        satisfaction: num(v, 'satisfaction'),
        complaint: bool(v, 'complaint'),
        comments: text(v, 'comments'),
      }),
    }),
  },
  reschedule: {
    Fields: ({ form, ctx }) => (
      <>
        <Field
          form={form}
          name="appointmentAt"
          label={t('actionForm.newTime')}
          type="datetime-local"
          value={toLocalInput(ctx.state.appointmentAt, ctx.tz)}
          required
        />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v, { tz }) => ({
      body: compact({ appointmentAt: fromLocalInput(v.appointmentAt ?? '', tz), notes: text(v, 'notes') }),
    }),
  },
  mark_no_show: {
    danger: true,
    Fields: ({ form }) => <TextArea form={form} name="notes" label={t('actionForm.notes')} />,
    encode: (v) => ({ body: compact({ notes: text(v, 'notes') }) }),
  },
  cancel: {
    danger: true,
    Fields: ({ form }) => <TextArea form={form} name="reason" label={t('actionForm.reason')} required />,
    encode: (v) => ({ body: { reason: text(v, 'reason') ?? '' } }),
  },
};
