import { type CATALOGUE_LINES, fitsModel, wordedIn } from '../../domain/catalogue.js';
import { hours, money } from '../format.js';
import { type FormValues, type FormView, num } from '../forms.js';
import { language, t } from '../i18n/index.js';
import type { PriceList } from '../pages/prices.js';

// An estimate line picked from the published price list [S3.2] instead of typed: a packaged job, a labour operation
// or a part. The form sends the entry's code only; the API prices it (api/catalogue-lines.ts), so what the picker
// shows is a preview and never the price charged.

type PickKind = (typeof CATALOGUE_LINES)[number]['shape']['kind']['value'];

/** What this vehicle's estimate may name: packages offered for its model, every labour operation and part. */
export const choicesFor = (list: PriceList | undefined, model: string): PriceList | undefined => {
  if (!list) return undefined;
  const packages = list.packages.filter((p) => fitsModel(p.models, model));
  return packages.length + list.labourOperations.length + list.parts.length === 0 ? undefined : { ...list, packages };
};

/** A picked entry travels as `<kind>:<code>` (a code has no colon: domain/catalogue.ts `CatalogueCode`). */
const pickValue = (kind: PickKind, code: string) => `${kind}:${code}`;

/**
 * The catalogue line a row names, or undefined for a typed row. A kind the picker never offers goes on as sent,
 * so the API's refusal names the line.
 */
export function encodePick(values: FormValues, row: string) {
  const picked = values[`${row}.catalogue`] ?? '';
  if (!picked) return undefined;
  const at = picked.indexOf(':');
  const kind = at < 0 ? picked : picked.slice(0, at);
  const code = at < 0 ? '' : picked.slice(at + 1);
  const recommended = values[`${row}.recommended`] === 'true';
  if (kind === 'catalogue_part') return { kind, partNumber: code, quantity: num(values, `${row}.quantity`) ?? 1, recommended };
  return { kind, code, recommended };
}

/** The API names a picked entry's code or part number; the form shows that next to the picker. */
export const pickField = (field: string) => field.replace(/^(lines\.\d+)\.(code|partNumber)$/, '$1.catalogue');

/**
 * The picker of one line: typed by hand first, then the price list grouped by kind, in the page's language. Each
 * option carries its price for the running total and the client script, which hides the typed fields of a picked
 * line (web/static/app.js `cataloguePick`).
 */
export const CataloguePick = ({ form, row, label, list }: { form: FormView; row: string; label: string; list: PriceList }) => {
  const lang = language();
  const chosen = form.value(`${row}.catalogue`, '');
  const option = (kind: PickKind, code: string, text: string, price: { total: number } | { unit: number }) => {
    const value = pickValue(kind, code);
    return (
      <option
        value={value}
        selected={chosen === value}
        data-total={'total' in price ? price.total : undefined}
        data-unit={'unit' in price ? price.unit : undefined}
      >
        {text}
      </option>
    );
  };
  return (
    <div class="line-pick">
      <select
        name={`${row}.catalogue`}
        aria-label={t('estimateCatalogue.pickOf', { label })}
        title={t('estimateCatalogue.hint')}
        data-catalogue-pick
      >
        <option value="">{t('estimateCatalogue.typed')}</option>
        {list.packages.length ? (
          <optgroup label={t('estimateCatalogue.packages')}>
            {list.packages.map((p) =>
              option(
                'package',
                p.code,
                t('estimateCatalogue.packageOption', {
                  name: wordedIn(p.name, p.translations, lang),
                  price: money(p.totalCents),
                }),
                {
                  total: p.totalCents,
                },
              ),
            )}
          </optgroup>
        ) : null}
        {list.labourOperations.length ? (
          <optgroup label={t('estimateCatalogue.labour')}>
            {list.labourOperations.map((op) =>
              option(
                'labour_operation',
                op.code,
                t('estimateCatalogue.labourOption', {
                  name: wordedIn(op.description, op.translations, lang),
                  hours: hours(op.flatRateHours),
                  price: money(op.priceCents),
                }),
                { total: op.priceCents },
              ),
            )}
          </optgroup>
        ) : null}
        {list.parts.length ? (
          <optgroup label={t('estimateCatalogue.parts')}>
            {list.parts.map((part) =>
              option(
                'catalogue_part',
                part.partNumber,
                t('estimateCatalogue.partOption', {
                  name: wordedIn(part.description, part.translations, lang),
                  price: money(part.unitPriceCents),
                }),
                { unit: part.unitPriceCents },
              ),
            )}
          </optgroup>
        ) : null}
      </select>
    </div>
  );
};
