import type { SurveySummary } from '../../domain/survey.js';
import { LOW_RATING, SURVEY_QUESTIONS } from '../../domain/survey-rules.js';
import { count, when } from '../format.js';
import { t } from '../i18n/index.js';
import { Card, Empty } from '../layout.js';

// What customers said in the survey after pickup, for staff: the manager's averages per question with every low
// score (the KPI dashboard), and the low overall scores to call back (the call list): a complaint lead [S4].

type Low = SurveySummary['low'][number];

const visitLink = (l: Low) => <a href={`/app/visits/${encodeURIComponent(l.visitId)}`}>{l.plate}</a>;

/** Each question's stars, the low ones marked, in words a person reads ("On time: 1 of 5"). */
const Ratings = ({ answer }: { answer: Low }) => (
  <ul class="plain small" data-survey-ratings>
    {SURVEY_QUESTIONS.map((q) => (
      <li class={answer[q] <= LOW_RATING ? 'bad' : undefined}>
        {t(`surveys.short.${q}`)}: {t('surveys.outOf', { n: count(answer[q]) })}
      </li>
    ))}
  </ul>
);

export function SurveyCard({ summary, tz }: { summary?: SurveySummary; tz: string }) {
  return (
    <Card title={t('surveys.title')} id="customer-survey">
      {!summary ? (
        <Empty>{t('surveys.unreadable')}</Empty>
      ) : summary.answered === 0 ? (
        <Empty>{t('surveys.none')}</Empty>
      ) : (
        <>
          <p class="small">
            {t('surveys.answered', { count: summary.answered, n: count(summary.answered) })}{' '}
            {summary.lowOverall ? t('surveys.lowOverall', { count: summary.lowOverall, n: count(summary.lowOverall) }) : ''}
          </p>
          <table class="table table-cards" data-survey-averages>
            <thead>
              <tr>
                <th>{t('surveys.question')}</th>
                <th class="num">{t('surveys.average')}</th>
              </tr>
            </thead>
            <tbody>
              {SURVEY_QUESTIONS.map((q) => {
                const avg = summary.averages[q];
                return (
                  <tr data-survey-question={q}>
                    <td data-label={t('surveys.question')}>{t(`surveys.short.${q}`)}</td>
                    <td class="num" data-label={t('surveys.average')}>
                      {avg === null ? t('surveys.noAverage') : t('surveys.outOf', { n: count(avg) })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{t('surveys.lowTitle')}</h3>
          {summary.low.length === 0 ? (
            <Empty>{t('surveys.noLow')}</Empty>
          ) : (
            <table class="table table-cards" data-survey-low>
              <tbody>
                {summary.low.map((l) => (
                  <tr data-survey-low-visit={l.visitId}>
                    <td data-label={t('surveys.when')}>{when(l.submittedAt, tz)}</td>
                    <td data-label={t('surveys.car')}>
                      {visitLink(l)}
                      <div class="small muted">{l.customerName}</div>
                    </td>
                    <td data-label={t('surveys.ratings')}>
                      <Ratings answer={l} />
                      {l.comment ? <p class="small">{l.comment}</p> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <p class="hint">{t('surveys.hint')}</p>
    </Card>
  );
}

/** On the call list: whom to call back, a low overall score being a complaint lead; the visit page opens one. */
export function LowSurveysCard({ summary, tz }: { summary: SurveySummary; tz: string }) {
  const low = summary.low.filter((l) => l.overall <= LOW_RATING);
  return (
    <Card title={t('surveys.callTitle', { n: count(low.length) })} class="calls" id="low-survey-scores">
      {low.length === 0 ? (
        <Empty>{t('surveys.callNone')}</Empty>
      ) : (
        <table class="table table-calls">
          <tbody>
            {low.map((l) => (
              <tr data-survey-call={l.visitId}>
                <td class="due">
                  <strong>{when(l.submittedAt, tz)}</strong>
                </td>
                <td class="callee">
                  <strong>{l.customerName}</strong>
                </td>
                <td class="what">
                  {visitLink(l)}
                  <Ratings answer={l} />
                  {l.comment ? <p class="small">{l.comment}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t('surveys.callHint')}</p>
    </Card>
  );
}
