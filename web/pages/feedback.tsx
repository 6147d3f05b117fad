// Staff suggestions [S6]: any member of staff suggests an improvement to a step of the loop; the service manager
// reads them by status and accepts or declines each with a note, which is the record the KPI review re-evaluates.
import { FEEDBACK_STATUSES, type FeedbackStatus } from '../../domain/feedback.js';
import { holdsRole } from '../../domain/role-rules.js';
import { FEEDBACK_DECIDERS } from '../../domain/roles.js';
import type { Directory } from '../../domain/staff.js';
import { LOOP_STAGES } from '../../domain/stages.js';
import { type Answer, type ApiCaller, must, staffDirectory } from '../api-client.js';
import { Select, TextArea } from '../fields.js';
import { dateTime, languageName, stageLabel, who } from '../format.js';
import { compact, type FailedForm, FormError, type FormValues, FormView, IdempotencyKey, text } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { Badge, Card, Empty, Page } from '../layout.js';
import type { Session } from '../session.js';

type Suggestion = Answer<'/feedback'>['items'][number];
type Shown = FeedbackStatus | 'all';

const TONE: Record<FeedbackStatus, string> = { open: 'amber', accepted: 'green', declined: 'slate' };

export const mayDecide = (session: Session) => holdsRole(session.staff.role, FEEDBACK_DECIDERS);

function SuggestForm({ failed }: { failed?: FailedForm }) {
  const form = new FormView('feedback-new', failed);
  return (
    <Card title={t('feedback.new.title')} id="suggest">
      <p class="hint">{t('feedback.new.hint')}</p>
      <form method="post" action="/app/feedback" novalidate data-feedback-form>
        <IdempotencyKey />
        <FormError form={form} />
        {/* Written in the language the screen speaks to its sender, so the manager knows what they read. */}
        <input type="hidden" name="language" value={language()} />
        <Select
          form={form}
          name="stage"
          label={t('feedback.new.stage')}
          options={LOOP_STAGES.map((s): [string, string] => [s, stageLabel(s)])}
        />
        <TextArea form={form} name="suggestion" label={t('feedback.new.suggestion')} required rows={4} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" data-send-feedback>
            {t('feedback.new.send')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function DecideForm({ item, failed }: { item: Suggestion; failed?: FailedForm }) {
  const form = new FormView(`feedback-decide-${item.id}`, failed);
  return (
    <form method="post" action={`/app/feedback/${encodeURIComponent(item.id)}/decision`} novalidate data-decide={item.id}>
      <IdempotencyKey />
      <FormError form={form} />
      <TextArea form={form} name="note" label={t('feedback.decide.note')} required rows={2} />
      <div class="form-actions">
        <button type="submit" name="decision" value="accepted" class="btn btn-small btn-primary" data-accept>
          {t('feedback.decide.accept')}
        </button>
        <button type="submit" name="decision" value="declined" class="btn btn-small btn-ghost" data-decline>
          {t('feedback.decide.decline')}
        </button>
      </div>
    </form>
  );
}

function SuggestionList(p: { items: Suggestion[]; directory: Directory; shown: Shown; session: Session; failed?: FailedForm }) {
  const decides = mayDecide(p.session);
  return (
    <Card title={t(decides ? 'feedback.list.title' : 'feedback.list.mine')} id="suggestions">
      <div class="chips" style="margin-bottom:8px">
        {(['open', ...FEEDBACK_STATUSES.filter((s) => s !== 'open'), 'all'] as Shown[]).map((s) => (
          <a
            class="chip"
            href={`/app/feedback?status=${s}`}
            aria-current={s === p.shown ? 'page' : undefined}
            style={s === p.shown ? 'border-color:#1d64d8;color:#1d64d8' : undefined}
            data-show={s}
          >
            {t(`feedback.show.${s}`)}
          </a>
        ))}
      </div>
      {p.items.length === 0 ? (
        <Empty>{t(decides ? 'feedback.list.none' : 'feedback.list.noneMine')}</Empty>
      ) : (
        <table class="table table-cards" data-suggestions>
          <thead>
            <tr>
              <th>{t('feedback.list.step')}</th>
              <th>{t('feedback.list.suggestion')}</th>
              <th>{t('feedback.list.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((f) => (
              <tr data-suggestion={f.id} data-status={f.status}>
                <td data-label={t('feedback.list.step')}>{stageLabel(f.stage)}</td>
                <td data-label={t('feedback.list.suggestion')}>
                  <div style="white-space:pre-line">{f.suggestion}</div>
                  <div class="small muted">
                    {t('feedback.list.from', {
                      who: who(p.directory, f.submittedBy),
                      when: dateTime(f.submittedAt, p.session.tz),
                      language: languageName(f.language),
                    })}
                  </div>
                </td>
                <td data-label={t('feedback.list.decision')}>
                  <Badge tone={TONE[f.status]}>{t(`feedback.status.${f.status}`)}</Badge>
                  {f.status === 'open' ? (
                    decides ? (
                      <DecideForm item={f} failed={p.failed} />
                    ) : (
                      <div class="small muted">{t('feedback.list.awaiting')}</div>
                    )
                  ) : (
                    <>
                      <div style="white-space:pre-line" data-note>
                        {f.note}
                      </div>
                      <div class="small muted">
                        {t('feedback.list.decided', {
                          who: who(p.directory, f.decidedBy),
                          when: dateTime(f.decidedAt, p.session.tz),
                        })}
                      </div>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export const feedbackBody = (v: FormValues) =>
  compact({ stage: v.stage || undefined, suggestion: text(v, 'suggestion') ?? '', language: v.language || undefined });

export const decisionBody = (v: FormValues) => compact({ decision: v.decision || undefined, note: text(v, 'note') ?? '' });

/** The page for anyone signed in: the form to suggest and their own suggestions; for the service manager, every one to decide on. */
export async function feedbackPage(
  api: ApiCaller,
  session: Session,
  opts: { status?: string; flash?: string; failed?: FailedForm },
) {
  // The manager starts at what is still to decide; a sender at everything they sent, answered or not.
  const fallback: Shown = mayDecide(session) ? 'open' : 'all';
  const shown: Shown = (['all', ...FEEDBACK_STATUSES] as string[]).includes(opts.status ?? '')
    ? (opts.status as Shown)
    : fallback;
  // The manager reads every suggestion; anyone else their own, with the manager's answer (the API chooses).
  const [answer, directory] = await Promise.all([api.get('/feedback', { query: { status: shown } }), staffDirectory(api)]);
  const list = { items: must(answer).items, directory };
  return (
    <Page title={t('feedback.title')} session={session} screen="feedback" flash={opts.flash}>
      <div class="page-head">
        <div>
          <h1>{t('feedback.title')}</h1>
          <p class="sub">{t('feedback.sub')}</p>
        </div>
      </div>
      <SuggestForm failed={opts.failed} />
      <SuggestionList {...list} shown={shown} session={session} failed={opts.failed} />
    </Page>
  );
}
