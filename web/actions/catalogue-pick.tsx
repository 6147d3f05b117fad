import { type CATALOGUE_LINES, fitsModel, type Translations, wordedIn } from '../../domain/catalogue.js';
import { billedHours, money } from '../format.js';
import { type FormValues, type FormView, num } from '../forms.js';
import { type Key, language, t } from '../i18n/index.js';
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

/** One entry as the picker offers it: its words, and its price (a whole, or a part's per unit). */
interface Choice {
  kind: PickKind;
  code: string;
  text: string;
  price: { total: number } | { unit: number };
}

/** An entry with its words: its name and price (and more, `vars`) in the option's sentence `key`. */
const choice = (
  kind: PickKind,
  code: string,
  key: Key,
  name: string,
  price: Choice['price'],
  vars: Record<string, string> = {},
): Choice => ({
  kind,
  code,
  price,
  text: t(key, { name, price: money('total' in price ? price.total : price.unit), ...vars }),
});

/** The price list grouped by kind, each entry worded in the page's language. */
function groupsOf(list: PriceList): [Key, Choice[]][] {
  const worded = (e: { description: string; translations: Translations }) => wordedIn(e.description, e.translations, language());
  return [
    [
      'estimateCatalogue.packages',
      list.packages.map((p) =>
        choice('package', p.code, 'estimateCatalogue.packageOption', wordedIn(p.name, p.translations, language()), {
          total: p.totalCents,
        }),
      ),
    ],
    [
      'estimateCatalogue.labour',
      list.labourOperations.map((op) =>
        choice(
          'labour_operation',
          op.code,
          'estimateCatalogue.labourOption',
          worded(op),
          { total: op.priceCents },
          { hours: billedHours(op.flatRateHours) },
        ),
      ),
    ],
    [
      'estimateCatalogue.parts',
      list.parts.map((part) =>
        choice('catalogue_part', part.partNumber, 'estimateCatalogue.partOption', worded(part), {
          unit: part.unitPriceCents,
        }),
      ),
    ],
  ];
}

/**
 * The picker of one line: typed by hand first, then the price list grouped by kind. Each option carries its price
 * for the running total and the client script, which hides the typed fields of a picked line
 * (web/static/app.js `cataloguePick`).
 */
export const CataloguePick = ({ form, row, label, list }: { form: FormView; row: string; label: string; list: PriceList }) => {
  const chosen = form.value(`${row}.catalogue`, '');
  return (
    <div class="line-pick">
      <select
        name={`${row}.catalogue`}
        aria-label={t('estimateCatalogue.pickOf', { label })}
        title={t('estimateCatalogue.hint')}
        data-catalogue-pick
      >
        <option value="">{t('estimateCatalogue.typed')}</option>
        {groupsOf(list).map(([group, choices]) =>
          choices.length ? (
            <optgroup label={t(group)}>
              {choices.map(({ kind, code, text, price }) => {
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
              })}
            </optgroup>
          ) : null,
        )}
      </select>
    </div>
  );
};
