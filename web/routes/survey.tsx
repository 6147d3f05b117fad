import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { CustomerSurvey } from '../../domain/survey.js';
import { SURVEY_QUESTIONS } from '../../domain/survey-rules.js';
import { type ApiApp, apiCaller } from '../api-client.js';
import { dateTime } from '../format.js';
import { readForm, text } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { ApprovalMessagePage } from '../pages/approval.js';
import { SurveyDonePage, SurveyPage } from '../pages/survey.js';
import { plainFieldError } from '../plain-errors.js';
import { type C, html, statusOf } from './screen.js';

// The customer's satisfaction survey after pickup: the approval link's token is the only credential, and the page
// follows the link's language as the approval page does.

/** Where the survey goes (the form posts back in the page's language); the approval page links to it. */
export const surveyAddress = (token: string) => `/app/survey?token=${encodeURIComponent(token)}&lang=${language()}`;

const STARS = /^[1-5]$/;

/** What the top of the refused form says: the questions left unanswered, else the comment (too long). */
const plainMessage = (errors: Record<string, string>) =>
  SURVEY_QUESTIONS.some((q) => errors[q]) ? t('survey.fixBelow') : t('survey.fixComment');

export function surveyScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();

  /** A survey that takes no answer now, in the customer's words, with when where it helps. */
  const notOpen = (c: C, s: CustomerSurvey | undefined, status: number) => {
    const { phone } = c.var.settings.shop;
    const tz = c.var.settings.shopTimeZone;
    // A survey that simply takes no answer now is a page like any other; a refused request keeps its status.
    const page = (title: string, message: string) =>
      html(
        c,
        <ApprovalMessagePage title={title} message={message} phone={phone} />,
        status === 200 ? undefined : statusOf(status),
      );
    if (!s)
      return page(
        t(status === 429 ? 'approval.waitTitle' : 'approval.brokenTitle'),
        t(status === 429 ? 'approval.wait' : 'approval.broken'),
      );
    switch (s.status) {
      case 'answered':
        return page(t('survey.answeredTitle'), t('survey.answered', { when: dateTime(s.submittedAt, tz) }));
      case 'before_pickup':
        return page(t('survey.notYetTitle'), t('survey.notYet'));
      default:
        return page(t('survey.closedTitle'), t('survey.closed', { when: dateTime(s.closesAt, tz) }));
    }
  };

  web.get('/survey', async (c) => {
    const token = c.req.query('token') ?? '';
    const got = await apiCaller(api, c).get('/surveys/:token', { param: { token } });
    if (!got.ok) return notOpen(c, undefined, got.status);
    if (got.data.status !== 'open') return notOpen(c, got.data, 200);
    return html(c, <SurveyPage survey={got.data} action={surveyAddress(token)} />);
  });

  web.post('/survey', async (c) => {
    const token = c.req.query('token') ?? '';
    const v = await readForm(c);
    const client = apiCaller(api, c);
    // A question left unanswered is sent without its rating, so the API names it; nothing but 1–5 is a rating.
    const ratings = Object.fromEntries(
      SURVEY_QUESTIONS.flatMap((q) => (STARS.test(v[q] ?? '') ? [[q, Number(v[q])]] : [])),
    ) as Record<(typeof SURVEY_QUESTIONS)[number], number>;
    const comment = text(v, 'comment');
    const sent = await client.post(
      '/surveys/:token',
      { ...ratings, ...(comment ? { comment } : {}), language: language() },
      { param: { token } },
    );
    if (sent.ok) return html(c, <SurveyDonePage survey={sent.data} overall={ratings.overall} />);
    const again = await client.get('/surveys/:token', { param: { token } });
    if (!again.ok) return notOpen(c, undefined, again.status);
    if (sent.status !== 400 || again.data.status !== 'open') return notOpen(c, again.data, sent.status);
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(sent.fields)) {
      const question = SURVEY_QUESTIONS.find((q) => q === field);
      errors[field] = question ? t('survey.chooseStars') : plainFieldError(field, message);
    }
    return html(
      c,
      <SurveyPage
        survey={again.data}
        action={surveyAddress(token)}
        failed={{ id: 'survey', values: v, errors, message: plainMessage(errors), status: sent.status }}
      />,
      400,
    );
  });

  return web;
}
