import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { Task } from '../../api/queries/tasks.js';
import type { ActionName } from '../../domain/actions.js';
import { addDays, localDate } from '../../domain/local-time.js';
import { SURVEY_WINDOW_DAYS } from '../../domain/survey-rules.js';
import { type ApiApp, must, PageError, staffDirectory } from '../api-client.js';
import { fromLocalInput } from '../format.js';
import { compact, type FailedForm, type FormValues, failedForm, num, readForm, skippedTimeRefusal } from '../forms.js';
import { t } from '../i18n/index.js';
import { liveMark } from '../live/topics.js';
import { CallsPage } from '../pages/calls.js';
import { type C, flashOf, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The call list: each call's outcome recorded on its visit and its task.

export function callsScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'calls');

  async function callsPage(c: C, s: Staff, failed?: FailedForm) {
    const live = await liveMark(c.var.deps.database.db, 'calls', c.var.settings.shopTimeZone);
    // A low overall survey score of the last 30 days (the survey's own window) is a call back to make.
    const tz = c.var.settings.shopTimeZone;
    const today = localDate(Date.now(), tz);
    const [list, waiting, directory, calendar, surveys] = await Promise.all([
      s.api.get('/tasks', { query: { status: 'open', limit: 500 } }),
      s.api.get('/visits', { query: { stage: 'awaiting_approval', limit: 500 } }),
      staffDirectory(s.api),
      s.api.get('/calendar'),
      s.api.get('/customer-surveys', { query: { from: addDays(today, -SURVEY_WINDOW_DAYS), to: today, tz } }),
    ]);
    const tasks: Task[] = must(list).items;
    return screenHtml(
      c,
      <CallsPage
        session={s.session}
        tasks={tasks}
        directory={directory}
        failed={failed}
        flash={flashOf(c)}
        waiting={waiting.ok ? waiting.data.items : undefined}
        calendar={must(calendar)}
        lowSurveys={surveys.ok ? surveys.data : undefined}
        live={live}
      />,
      failed,
    );
  }

  web.get(
    '/calls',
    staff((c, s) => callsPage(c, s)),
  );

  web.post(
    '/calls/:taskId',
    staff(async (c, s) => {
      const taskId = param(c, 'taskId');
      const v = await readForm(c);
      const key = v._key;
      const op = v.op ?? '';
      const action = (name: ActionName, body: unknown) =>
        s.api.post(`/visits/:id/actions/${name}`, body, {
          param: { id: v.visitId ?? '' },
          idempotencyKey: key && `${key}:${name}`,
        });
      const logCall = async (outcome: 'reached' | 'no_answer' | 'rebooked' | 'done', extra: FormValues = {}) => {
        const r = await s.api.post(
          '/tasks/:id/outcome',
          compact({ outcome, ...extra, satisfaction: num(extra, 'satisfaction') }),
          {
            param: { id: taskId },
            idempotencyKey: key && `${key}:outcome`,
          },
        );
        // The workflow may have closed its own task first: the call is logged on the visit either way.
        return r.ok || r.status === 409 ? ({ ok: true } as const) : r;
      };

      let result: Awaited<ReturnType<typeof logCall>> | Awaited<ReturnType<typeof action>>;
      const satisfied = op.match(/^satisfied:([1-5])$/)?.[1];
      if (op === 'confirmed' || op === 'not_confirmed') {
        result = await action(
          'record_confirmation_call',
          compact({ reached: true, confirmed: op === 'confirmed', appointmentAt: v.callAbout || undefined }),
        );
        if (result.ok) result = await logCall('reached', { notes: op === 'confirmed' ? 'Confirmed' : 'Reached, not confirmed' });
      } else if (op === 'no_answer' && (v.kind === 'confirmation_call' || v.kind === 'confirmation_escalation')) {
        result = await action('record_confirmation_call', compact({ reached: false, appointmentAt: v.callAbout || undefined }));
        if (result.ok) result = await logCall('no_answer');
      } else if (satisfied) {
        result = await action('record_follow_up', { reached: true, satisfaction: Number(satisfied) });
        if (result.ok) result = await logCall('reached', { satisfaction: satisfied });
      } else if (op === 'no_answer' && (v.kind === 'follow_up_call' || v.kind === 'follow_up_escalation')) {
        // The workflow puts the call back on the list for the next attempt.
        result = await action('record_follow_up', { reached: false });
      } else if (op === 'rebook') {
        result =
          skippedTimeRefusal(v, s.session.tz) ??
          (await action(
            'reschedule',
            compact({
              appointmentAt: fromLocalInput(v.appointmentAt ?? '', s.session.tz),
              confirmClosed: v.confirmClosed === 'true' || undefined,
            }),
          ));
        if (result.ok) result = await logCall('rebooked');
      } else if (op === 'give_up') {
        result = await action('mark_no_show', { notes: 'Customer will not re-book' });
        if (result.ok) result = await logCall('done', { notes: 'Will not come' });
      } else if (op === 'no_answer' || op === 'reached' || op === 'rebooked' || op === 'done') {
        result = await logCall(op);
      } else throw new PageError(400, t('errorPage.badAddress'));

      if (result.ok) return c.redirect('/app/calls?done=logged', 303);
      return callsPage(c, s, failedForm(`task-${taskId}`, v, result));
    }),
  );

  return web;
}
