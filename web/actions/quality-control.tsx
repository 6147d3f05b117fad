import { wordedIn } from '../../domain/catalogue.js';
import { Field, Radios, TextArea } from '../fields.js';
import { compact, type FormValues, type FormView, lines, text } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { type ActionContext, rows, type StepForms } from './form-kit.js';

// Step 7 of the loop, quality control: passed, or back for rework; with the maintenance checklist of the packages on
// the visit's lines, each item passed or failed with a note [S1.7].

type ChecklistItem = NonNullable<ActionContext['checklist']>[number];

/** The checklist, package by package: each item passed or failed, with a note; the item's codes ride along hidden. */
const ChecklistFields = ({ form, items }: { form: FormView; items: ChecklistItem[] }) => {
  const lang = language();
  const packages = [...new Set(items.map((item) => item.packageCode))];
  const incomplete = form.errorExact('checklist');
  return (
    <fieldset class="group checklist" data-checklist>
      <legend>{t('qcChecklist.title')}</legend>
      <p class="hint">{t('qcChecklist.hint')}</p>
      {incomplete ? <p class="field-error">{incomplete}</p> : null}
      {packages.map((code) => {
        const first = items.find((item) => item.packageCode === code) as ChecklistItem;
        return (
          <div class="checklist-package">
            <h4>{wordedIn(first.packageName, first.packageTranslations, lang)}</h4>
            {items.map((item, i) => {
              if (item.packageCode !== code) return null;
              const described = wordedIn(item.description, item.translations, lang);
              return (
                <div class="checklist-item">
                  <input type="hidden" name={`checklist.${i}.packageCode`} value={item.packageCode} />
                  <input type="hidden" name={`checklist.${i}.code`} value={item.code} />
                  <Radios
                    form={form}
                    name={`checklist.${i}.result`}
                    label={described}
                    options={[
                      ['pass', t('qcChecklist.passed')],
                      ['fail', t('qcChecklist.failed')],
                    ]}
                  />
                  <Field
                    form={form}
                    name={`checklist.${i}.note`}
                    label={t('qcChecklist.note')}
                    aria-label={t('qcChecklist.noteOf', { item: described })}
                  />
                </div>
              );
            })}
          </div>
        );
      })}
    </fieldset>
  );
};

/** The items the inspector marked, in the API's shape; an item left unmarked is left out, for the API to name. */
function recordedChecklist(v: FormValues) {
  const { kept, rename } = rows(v, 'checklist', (i) => !!v[`checklist.${i}.result`]);
  const checklist = kept.map((i) =>
    compact({
      packageCode: v[`checklist.${i}.packageCode`],
      code: v[`checklist.${i}.code`],
      passed: v[`checklist.${i}.result`] === 'pass',
      note: text(v, `checklist.${i}.note`),
    }),
  );
  return { recorded: checklist.length ? { checklist } : {}, rename };
}

export const QUALITY_CONTROL_FORMS = {
  record_qc: {
    primary: () => true,
    submits: [
      { name: 'passed', value: 'true', label: 'action.record_qc.passed' },
      { name: 'passed', value: 'false', label: 'action.record_qc.failed', danger: true },
    ],
    Fields: ({ form, ctx }) => (
      <>
        <p class="hint">{t('actionForm.qcHint')}</p>
        {ctx.checklist?.length ? <ChecklistFields form={form} items={ctx.checklist} /> : null}
        <TextArea form={form} name="failedItems" label={t('actionForm.itemsBelowStandardOnePerLine')} rows={3} />
        <TextArea form={form} name="notes" label={t('actionForm.notes')} />
      </>
    ),
    encode: (v) => {
      const { recorded, rename } = recordedChecklist(v);
      const failedItems = lines(v, 'failedItems');
      return v.passed === 'false'
        ? {
            body: compact({
              passed: false,
              failedItems: failedItems.length ? failedItems : undefined,
              notes: text(v, 'notes'),
              ...recorded,
            }),
            rename,
          }
        : { body: compact({ passed: true, notes: text(v, 'notes'), ...recorded }), rename };
    },
  },
} satisfies StepForms;
