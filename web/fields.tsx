// The form controls: text field, text area, select, checkbox, radios and signature pad, each with its label and error.
import type { Child } from 'hono/jsx';
import type { FormView } from './forms.js';
import { t } from './i18n/index.js';

const idOf = (form: FormView, name: string) => `${form.id}-${name}`.replace(/[^A-Za-z0-9_-]/g, '-');

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

/** A field's frame: its label (marked when required), the control, a hint and the API's message for it. */
const FieldFrame = ({
  form,
  name,
  label,
  hint,
  required,
  class: cls,
  children,
}: {
  form: FormView;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  class?: string;
  children: Child;
}) => (
  <div class={`field ${cls ?? ''} ${form.error(name) ? 'has-error' : ''}`}>
    <label for={idOf(form, name)}>
      {label}
      {required ? <span class="req"> *</span> : null}
    </label>
    {children}
    {hint ? <p class="hint">{hint}</p> : null}
    <FieldError form={form} name={name} />
  </div>
);

export const Field = ({ form, name, label, value, type = 'text', hint, required, class: cls, ...attrs }: FieldProps) => {
  const id = idOf(form, name);
  const error = form.error(name);
  return (
    <FieldFrame form={form} name={name} label={label} hint={hint} required={required} class={cls}>
      <input
        id={id}
        name={name}
        type={type}
        value={form.value(name, value ?? '')}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...attrs}
      />
    </FieldFrame>
  );
};

export const TextArea = ({ form, name, label, value, hint, required, class: cls, ...attrs }: FieldProps) => (
  <FieldFrame form={form} name={name} label={label} hint={hint} required={required} class={cls}>
    <textarea id={idOf(form, name)} name={name} rows={2} aria-invalid={form.error(name) ? 'true' : undefined} {...attrs}>
      {form.value(name, value ?? '')}
    </textarea>
  </FieldFrame>
);

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
  const selected = form.value(name, value ?? '');
  return (
    <FieldFrame form={form} name={name} label={label} hint={hint} class={cls}>
      <select id={idOf(form, name)} name={name} aria-invalid={form.error(name) ? 'true' : undefined} {...attrs}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === selected}>
            {text}
          </option>
        ))}
      </select>
    </FieldFrame>
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

/** A roster entry's save button and, beside it, the one that takes the entry off the roster or back on (`op`). */
export const SaveAndToggle = ({
  active,
  save,
  deactivate,
  activate,
}: {
  active: boolean;
  save: string;
  deactivate: string;
  activate: string;
}) => (
  <>
    <button type="submit" class="btn btn-primary btn-small" name="op" value="save">
      {save}
    </button>{' '}
    {active ? (
      <button type="submit" class="btn btn-small btn-danger" name="op" value="deactivate">
        {deactivate}
      </button>
    ) : (
      <button type="submit" class="btn btn-small" name="op" value="activate">
        {activate}
      </button>
    )}
  </>
);
