// A form's state on a page (its values and the API's refusal), its key and error line, and the readers of its values.
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { ApiEnv } from '../api/deps.js';
import { type ApiFailure, PageError } from './api-client.js';
import { skippedLocalTimes } from './format.js';
import { t } from './i18n/index.js';
import { type FormVoice, plainFieldErrors, plainRefusal } from './plain-errors.js';

// Forms post to the UI, which turns the fields into the API's JSON body and re-renders the page with the API's
// refusal next to the field it names. The UI converts types (numbers, cents, local times) but judges nothing:
// every rule is the API's. A local time the clocks skip has no instant to convert to, so that form stops here.

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
export const failedForm = (id: string, values: FormValues, refusal: ApiFailure, voice?: FormVoice): FailedForm => ({
  id,
  values,
  errors: plainFieldErrors(refusal.fields, voice),
  message: plainRefusal(refusal, voice),
  status: refusal.status,
});

/**
 * A form refused before it reaches the API because a time in it does not happen in the zone (web/format.ts
 * `skippedLocalTimes`): shaped as the API's refusal of a field, so the page words it as any other.
 */
export function skippedTimeRefusal(values: FormValues, tz: string): ApiFailure | undefined {
  const fields = skippedLocalTimes(values, tz);
  const [message] = Object.values(fields);
  return message === undefined ? undefined : { ok: false, status: 400, code: 'invalid_request', message, fields };
}

/**
 * The form's text fields. A body its content type says is a form but that does not parse as one (a multipart body
 * without its boundary, cut short) is the sender's fault: a page says so instead of a failure of ours.
 */
export async function readForm(c: Context<ApiEnv>): Promise<FormValues> {
  const body = await c.req.parseBody().catch(() => {
    throw new PageError(400, t('errorPage.unreadableForm'));
  });
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

/** A fresh key per rendered form: a double click or a resent form is answered once by the API. */
export const IdempotencyKey = () => <input type="hidden" name="_key" value={randomUUID()} />;

export const FormError = ({ form }: { form: FormView }) =>
  form.message ? (
    <div class="alert alert-error" role="alert">
      {form.message}
    </div>
  ) : null;

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

/**
 * A number as people type it (a sign, digits, a decimal point or comma, an exponent as a number field takes it).
 * `Number` alone also reads "0x10" as 16, "0b11" as 3 and "0o17" as 15: such a value is sent on as typed instead.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function num(values: FormValues, name: string): number | string | undefined {
  const v = values[name]?.trim().replace(',', '.');
  if (!v) return undefined;
  const n = Number(v);
  return DECIMAL.test(v) && Number.isFinite(n) ? n : v;
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
