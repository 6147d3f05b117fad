import { Hono } from 'hono';
import { ApprovalDecision } from '../../api/approval-view.js';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, apiCaller } from '../api-client.js';
import { dateTime } from '../format.js';
import { readForm, text } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { ApprovalDonePage, ApprovalMessagePage, ApprovalPage, EarlierDecisions } from '../pages/approval.js';
import { SurveyOffer } from '../pages/survey.js';
import { plainFieldError, plainRefusal } from '../plain-errors.js';
import { type C, html, statusOf } from './screen.js';
import { surveyAddress } from './survey.js';

// The customer's approval page: the signed link is the only credential.

export function approvalScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();

  // The decision posts back in the language the page was shown in (the link's, from the customer's file).
  const approvalAction = (token: string) => `/app/approval?token=${encodeURIComponent(token)}&lang=${language()}`;

  // The customer reads why in their language; the API's own sentence (with its dates as ISO) is for the log. A
  // decision already taken is told as such, with its time: the thank-you page reloaded sends the decision again,
  // and its answer used to read "this link is no longer open, use the newest message" to who had just decided.
  const approvalRefusal = async (c: C, token: string, { status, details }: { status: number; details?: unknown }) => {
    const { phone } = c.var.settings.shop;
    // A link used or expired still opens the survey once the car is picked up: what the customer can do next here.
    const survey = status === 410 ? await apiCaller(api, c).get('/surveys/:token', { param: { token } }) : undefined;
    const offer = survey?.ok && survey.data.status === 'open' ? <SurveyOffer href={surveyAddress(token)} /> : null;
    // The API names when a decided approval was decided (api/approval-view.ts `linkedApproval`).
    const decided = status === 410 ? (details as { decidedAt?: unknown } | undefined)?.decidedAt : undefined;
    const decidedAt = typeof decided === 'string' ? decided : undefined;
    // And what was decided (another phone may have been first on the same link): told line by line.
    const listed = ApprovalDecision.array().safeParse((details as { decisions?: unknown } | undefined)?.decisions);
    const decisions = listed.success ? listed.data : [];
    if (offer)
      return html(
        c,
        <ApprovalMessagePage title={t('survey.pickedUpTitle')} message={t('survey.pickedUp')} phone={phone}>
          {offer}
        </ApprovalMessagePage>,
      );
    return html(
      c,
      decidedAt ? (
        <ApprovalMessagePage
          title={t('approval.decidedTitle')}
          message={t('approval.decided', { when: dateTime(decidedAt, c.var.settings.shopTimeZone) })}
          phone={phone}
        >
          <EarlierDecisions decisions={decisions} />
        </ApprovalMessagePage>
      ) : status === 410 ? (
        <ApprovalMessagePage title={t('approval.closedTitle')} message={t('approval.closed')} phone={phone} />
      ) : status === 429 ? (
        <ApprovalMessagePage title={t('approval.waitTitle')} message={t('approval.wait')} phone={phone} />
      ) : (
        <ApprovalMessagePage title={t('approval.brokenTitle')} message={t('approval.broken')} phone={phone} />
      ),
      statusOf(status),
    );
  };

  web.get('/approval', async (c) => {
    const token = c.req.query('token') ?? '';
    const result = await apiCaller(api, c).get('/approvals/:token', { param: { token } });
    if (!result.ok) return approvalRefusal(c, token, result);
    return html(c, <ApprovalPage approval={result.data} action={approvalAction(token)} tz={c.var.settings.shopTimeZone} />);
  });

  web.post('/approval', async (c) => {
    const token = c.req.query('token') ?? '';
    const v = await readForm(c);
    const client = apiCaller(api, c);
    const ids = Object.keys(v)
      .filter((k) => k.startsWith('decision.') && (v[k] === 'approve' || v[k] === 'decline'))
      .map((k) => k.slice('decision.'.length));
    const sent = await client.post(
      '/approvals/:token',
      {
        decisions: ids.map((lineId) => ({ lineId, approved: v[`decision.${lineId}`] === 'approve' })),
        signature: { signedBy: text(v, 'signature.signedBy') ?? '', image: v['signature.image'] ?? '' },
      },
      { param: { token } },
    );
    if (sent.ok) return html(c, <ApprovalDonePage approval={sent.data} tz={c.var.settings.shopTimeZone} />);
    if (![400, 409, 422].includes(sent.status)) return approvalRefusal(c, token, sent);
    const again = await client.get('/approvals/:token', { param: { token } });
    if (!again.ok) return approvalRefusal(c, token, again);
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(sent.fields)) {
      const j = field.match(/^decisions\.(\d+)/)?.[1];
      const id = j === undefined ? undefined : ids[Number(j)];
      errors[id ? `decision.${id}` : field] = plainFieldError(field, message);
    }
    const message = sent.status === 400 && sent.fields.decisions ? t('error.chooseLine') : plainRefusal(sent, { customer: true });
    return html(
      c,
      <ApprovalPage
        approval={again.data}
        action={approvalAction(token)}
        tz={c.var.settings.shopTimeZone}
        failed={{ id: 'approval', values: v, errors, message, status: sent.status }}
      />,
      statusOf(sent.status),
    );
  });

  return web;
}
