import { SKILL_LEVELS } from '../../domain/dispatch.js';
import { bool, cents, compact, type FormValues, type FormView, num, text } from '../forms.js';
import { t } from '../i18n/index.js';
import { RunningTotal } from '../money.js';
import type { PriceList } from '../pages/prices.js';
import { CataloguePick, encodePick, pickField } from './catalogue-pick.js';
import { filled, rows } from './form-kit.js';

// The lines of work a visit charges for, as the estimate and a report of additional work take them.

export function encodeLines(values: FormValues) {
  const { kept, rename } = rows(values, 'lines', (i) => {
    const p = `lines.${i}`;
    if (values[`${p}.offeredFromLineId`]) return bool(values, `${p}.include`);
    return filled(values, [`${p}.catalogue`, `${p}.description`, `${p}.quantity`, `${p}.unitPriceCents`]);
  });
  const body = kept.map((i) => {
    const p = `lines.${i}`;
    const picked = encodePick(values, p);
    if (picked) return picked;
    return compact({
      kind: values[`${p}.kind`] || 'labour',
      description: text(values, `${p}.description`) ?? '',
      jobCode: text(values, `${p}.jobCode`),
      quantity: num(values, `${p}.quantity`),
      unitPriceCents: cents(values, `${p}.unitPriceCents`),
      requiredSkill: num(values, `${p}.requiredSkill`),
      campaign: bool(values, `${p}.campaign`),
      recommended: bool(values, `${p}.recommended`),
      offeredFromLineId: text(values, `${p}.offeredFromLineId`),
    });
  });
  return { body, rename: (field: string) => pickField(rename(field)) };
}

export interface LineDefault {
  kind: 'labour' | 'part';
  description: string;
  quantity: string;
  unitPrice: string;
  offeredFromLineId?: string;
}

/**
 * The estimate's lines: a few blank rows (the client script adds more), and declined work to offer again; each
 * marked required (the default) or recommended, with the running total of net, the visit's tax and total below.
 * A new row may name an entry of the price list (`catalogue`, already narrowed to the vehicle) instead of being typed.
 */
export const LinesEditor = ({
  form,
  offered,
  taxRateBasisPoints,
  catalogue,
}: {
  form: FormView;
  offered: LineDefault[];
  taxRateBasisPoints: number;
  catalogue?: PriceList;
}) => {
  const count = Math.max(offered.length + 3, (form.indexes('lines').at(-1) ?? -1) + 1);
  const row = (i: number | '__i__', d?: LineDefault) => {
    const p = `lines.${i}`;
    const label = typeof i === 'number' ? t('actionForm.line', { n: i + 1 }) : t('actionForm.newLine');
    return (
      <div class={`line-row ${d?.offeredFromLineId ? 'offered' : ''}`} data-line-row>
        {catalogue && !d?.offeredFromLineId ? <CataloguePick form={form} row={p} label={label} list={catalogue} /> : null}
        <LineError form={form} name={`${p}.catalogue`} />
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
          <select name={`${p}.kind`} data-typed-only aria-label={t('actionForm.lineKind', { label })}>
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
            data-typed-only
            class="num"
            inputmode="decimal"
            value={form.value(`${p}.unitPriceCents`, d?.unitPrice ?? '')}
            aria-label={t('actionForm.linePrice', { label })}
            placeholder={t('actionForm.unitPrice')}
          />
          <select
            name={`${p}.requiredSkill`}
            data-typed-only
            aria-label={t('actionForm.lineSkill', { label })}
            title={t('actionForm.skillNeeded')}
          >
            {SKILL_LEVELS.map(String).map((s) => (
              <option value={s} selected={form.value(`${p}.requiredSkill`, '1') === s}>
                {t('actionForm.skill', { n: s })}
              </option>
            ))}
          </select>
          <select name={`${p}.recommended`} aria-label={t('money.markOf', { label })} title={t('money.mark')}>
            {(['false', 'true'] as const).map((v) => (
              <option value={v} selected={form.value(`${p}.recommended`, 'false') === v}>
                {t(v === 'true' ? 'money.recommended' : 'money.required')}
              </option>
            ))}
          </select>
          <label class="inline" title={t('actionForm.recallHint')} data-typed-only>
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
      <RunningTotal taxRateBasisPoints={taxRateBasisPoints} />
    </div>
  );
};

const LineError = ({ form, name }: { form: FormView; name: string }) => {
  const e = form.error(name);
  return e ? <p class="field-error">{e}</p> : null;
};
