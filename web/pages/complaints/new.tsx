// Recording a new complaint as it came in: the form and its body for the API.
import { RecordedComplaintSource } from '../../../domain/complaints.js';
import { Field, Select, TextArea } from '../../fields.js';
import { compact, type FailedForm, FormError, type FormValues, FormView, IdempotencyKey, text } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Card, Page } from '../../layout.js';
import type { Session } from '../../session.js';

const NEW_SOURCES = RecordedComplaintSource.options;

/** Recording a complaint as it came in: at the desk, by phone, e-mail or letter; about a vehicle or a visit. */
export function NewComplaintPage({
  session,
  failed,
  visitId,
  customerId,
}: {
  session: Session;
  failed?: FailedForm;
  visitId?: string;
  customerId?: string;
}) {
  const form = new FormView('complaint-new', failed);
  return (
    <Page title={t('complaints.new.title')} session={session} screen="complaints">
      <div class="page-head">
        <div>
          <h1>{t('complaints.new.title')}</h1>
          <p class="sub">{t('complaints.new.sub')}</p>
        </div>
        <div class="head-badges">
          <a class="btn btn-small btn-ghost" href="/app/complaints">
            {t('complaints.page.all')}
          </a>
        </div>
      </div>
      <Card>
        <form method="post" action="/app/complaints" novalidate data-complaint-form>
          <IdempotencyKey />
          <FormError form={form} />
          <input type="hidden" name="visitId" value={form.value('visitId', visitId ?? '')} />
          <input type="hidden" name="customerId" value={form.value('customerId', customerId ?? '')} />
          <TextArea form={form} name="description" label={t('complaints.new.description')} required rows={4} />
          <div class="row2">
            <Select
              form={form}
              name="source"
              label={t('complaints.new.source')}
              value="in_person"
              options={NEW_SOURCES.map((x): [string, string] => [x, t(`complaints.source.${x}`)])}
            />
            <Field
              form={form}
              name="plate"
              label={t('complaints.new.plate')}
              hint={t(visitId || customerId ? 'complaints.new.plateFromFile' : 'complaints.new.plateHint')}
              autocomplete="off"
            />
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" data-submit-complaint>
              {t('complaints.new.submit')}
            </button>
          </div>
        </form>
      </Card>
    </Page>
  );
}

export const newComplaintBody = (v: FormValues) =>
  compact({
    description: text(v, 'description') ?? '',
    source: v.source || undefined,
    plate: text(v, 'plate'),
    visitId: text(v, 'visitId'),
    customerId: text(v, 'customerId'),
  });

export function newComplaintPage(session: Session, query: Record<string, string | undefined>, failed?: FailedForm) {
  return <NewComplaintPage session={session} failed={failed} visitId={query.visitId} customerId={query.customerId} />;
}
