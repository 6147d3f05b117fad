import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ApiEnv } from '../api/deps.js';
import type { ApiFailure } from './api-client.js';
import { t } from './i18n/index.js';
import { plainFieldErrors, plainRefusal } from './plain-errors.js';

// Forms post to the UI, which turns the fields into the API's JSON body and re-renders the page with the API's
// refusal next to the field it names. The UI converts types (numbers, cents, local times) but judges nothing:
// every rule is the API's.

export type FormValues = Record<string, string>;

/** A submitted form the API refused: its values and the API's errors, keyed by field path. */
export interface FailedForm {
  id: string;
  values: FormValues;
  errors: Record<string, string>;
  message: string;
  status: number;
}

/** The API's refusal in plain words (web/plain-errors.ts); its codes and field paths stay out of sight. */
export const failedForm = (id: string, values: FormValues, refusal: ApiFailure): FailedForm => ({
  id,
  values,
  errors: plainFieldErrors(refusal.fields),
  message: plainRefusal(refusal),
  status: refusal.status,
});

export async function readForm(c: Context<ApiEnv>): Promise<FormValues> {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
  return values;
}

/** One form on a page: its submitted values and errors if it is the one that failed, else the defaults. */
export class FormView {
  constructor(
    readonly id: string,
    private readonly failed?: FailedForm,
  ) {}

  get isFailed(): boolean {
    return this.failed?.id === this.id;
  }

  value(name: string, fallback = ''): string {
    return this.isFailed ? (this.failed?.values[name] ?? '') : fallback;
  }

  checked(name: string, fallback = false): boolean {
    return this.isFailed ? this.failed?.values[name] === 'true' : fallback;
  }

  /** The API's message for this field, or for a field inside it (`requests` owns `requests.0`). */
  error(name: string): string | undefined {
    if (!this.isFailed || !this.failed) return undefined;
    const errors = this.failed.errors;
    if (errors[name]) return errors[name];
    const nested = Object.keys(errors).find((k) => k.startsWith(`${name}.`));
    return nested ? errors[nested] : undefined;
  }

  /** Only this field's own message. */
  errorExact(name: string): string | undefined {
    return this.isFailed ? this.failed?.errors[name] : undefined;
  }

  /** The row indexes of a repeated group (`lines.3.…`) the failed form held. */
  indexes(prefix: string): number[] {
    if (!this.isFailed || !this.failed) return [];
    const found = Object.keys(this.failed.values)
      .map((k) => k.match(new RegExp(`^${prefix}\\.(\\d+)\\.`))?.[1])
      .filter((i): i is string => i !== undefined)
      .map(Number);
    return [...new Set(found)].sort((a, b) => a - b);
  }

  get message(): string | undefined {
    return this.isFailed ? this.failed?.message : undefined;
  }
}

const idOf = (form: FormView, name: string) => `${form.id}-${name}`.replace(/[^A-Za-z0-9_-]/g, '-');

/** A fresh key per rendered form: a double click or a resent form is answered once by the API. */
export const IdempotencyKey = () => <input type="hidden" name="_key" value={randomUUID()} />;

export const FormError = ({ form }: { form: FormView }) =>
  form.message ? (
    <div class="alert alert-error" role="alert">
      {form.message}
    </div>
  ) : null;

const FieldError = ({ form, name }: { form: FormView; name: string }) => {
  const error = form.error(name);
  return error ? (
    <p class="field-error" id={`${idOf(form, name)}-error`} data-field-error={name}>
      {error}
    </p>
  ) : null;
};

interface FieldProps {
  form: FormView;
  name: string;
  label: string;
  value?: string;
  type?: string;
  hint?: string;
  required?: boolean;
  class?: string;
  [attr: string]: unknown;
}

export const Field = ({ form, name, label, value, type = 'text', hint, required, class: cls, ...attrs }: FieldProps) => {
  const id = idOf(form, name);
  const error = form.error(name);
  return (
    <div class={`field ${cls ?? ''} ${error ? 'has-error' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="req"> *</span> : null}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        value={form.value(name, value ?? '')}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...attrs}
      />
      {hint ? <p class="hint">{hint}</p> : null}
      <FieldError form={form} name={name} />
    </div>
  );
};

export const TextArea = ({ form, name, label, value, hint, required, class: cls, ...attrs }: FieldProps) => {
  const id = idOf(form, name);
  const error = form.error(name);
  return (
    <div class={`field ${cls ?? ''} ${error ? 'has-error' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="req"> *</span> : null}
      </label>
      <textarea id={id} name={name} rows={2} aria-invalid={error ? 'true' : undefined} {...attrs}>
        {form.value(name, value ?? '')}
      </textarea>
      {hint ? <p class="hint">{hint}</p> : null}
      <FieldError form={form} name={name} />
    </div>
  );
};

export const Select = ({
  form,
  name,
  label,
  value,
  options,
  hint,
  class: cls,
  ...attrs
}: FieldProps & { options: [string, string][] }) => {
  const id = idOf(form, name);
  const selected = form.value(name, value ?? '');
  const error = form.error(name);
  return (
    <div class={`field ${cls ?? ''} ${error ? 'has-error' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} {...attrs}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === selected}>
            {text}
          </option>
        ))}
      </select>
      {hint ? <p class="hint">{hint}</p> : null}
      <FieldError form={form} name={name} />
    </div>
  );
};

/** A checkbox that sends `true` when ticked; unticked it sends nothing and the UI sends `false`. */
export const Check = ({ form, name, label, checked }: { form: FormView; name: string; label: Child; checked?: boolean }) => {
  const id = idOf(form, name);
  const error = form.error(name);
  return (
    <div class={`check ${error ? 'has-error' : ''}`}>
      <input type="checkbox" id={id} name={name} value="true" checked={form.checked(name, checked ?? false)} />
      <label for={id}>{label}</label>
      <FieldError form={form} name={name} />
    </div>
  );
};

export const Radios = ({
  form,
  name,
  label,
  options,
  value,
  class: cls,
}: {
  form: FormView;
  name: string;
  label: string;
  options: [string, string][];
  value?: string;
  class?: string;
}) => {
  const current = form.value(name, value ?? '');
  const error = form.error(name);
  return (
    <fieldset class={`radios ${cls ?? ''} ${error ? 'has-error' : ''}`}>
      <legend>{label}</legend>
      <div class="radio-row">
        {options.map(([v, text]) => (
          <label class="radio">
            <input type="radio" name={name} value={v} checked={current === v} />
            <span>{text}</span>
          </label>
        ))}
      </div>
      <FieldError form={form} name={name} />
    </fieldset>
  );
};

/**
 * A drawn signature: the client script draws on the canvas and keeps its PNG data URL in `<prefix>.image`;
 * the printed name goes in `<prefix>.signedBy`.
 */
export const SignaturePad = ({
  form,
  prefix,
  label,
  signer,
}: {
  form: FormView;
  prefix: string;
  label: string;
  signer: string;
}) => {
  const image = `${prefix}.image`;
  const error = form.error(image);
  return (
    <div class={`signature ${error ? 'has-error' : ''}`}>
      <Field form={form} name={`${prefix}.signedBy`} label={t('field.signedBy')} value={signer} autocomplete="off" />
      <div class="field">
        <span class="label">{label}</span>
        <div class="pad-wrap">
          <canvas class="signature-pad" data-signature={image} width={600} height={200} aria-label={label} />
          <button type="button" class="btn btn-small btn-ghost pad-clear" data-clear={image}>
            {t('form.clear')}
          </button>
        </div>
        <input type="hidden" name={image} value={form.value(image, '')} />
        <noscript>
          <p class="hint">{t('form.needsScript')}</p>
        </noscript>
        <FieldError form={form} name={image} />
      </div>
    </div>
  );
};

// Readers: form strings to the JSON the API expects. What cannot be read goes on as the string, so the API's
// refusal names the field.

export const text = (values: FormValues, name: string): string | undefined => {
  const v = values[name]?.trim();
  return v ? v : undefined;
};

export const bool = (values: FormValues, name: string) => values[name] === 'true';

/** `yes` / `no` radios; nothing chosen sends nothing. */
export const yesNo = (values: FormValues, name: string): boolean | undefined =>
  values[name] === 'true' ? true : values[name] === 'false' ? false : undefined;

export function num(values: FormValues, name: string): number | string | undefined {
  const v = values[name]?.trim().replace(',', '.');
  if (!v) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/** An amount typed in currency units ("90.50") as integer cents. */
export function cents(values: FormValues, name: string): number | string | undefined {
  const n = num(values, name);
  return typeof n === 'number' ? Math.round(n * 100) : n;
}

/** One entry per non-empty line of a textarea. */
export const lines = (values: FormValues, name: string): string[] =>
  (values[name] ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Drops the keys whose value is undefined, so optional fields are left out of the JSON. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
