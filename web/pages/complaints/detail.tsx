// One complaint: what the customer said, its deadlines, its next step and its timeline.
import type { Directory } from '../../../domain/staff.js';
import { type ApiCaller, must, PageError, staffDirectory } from '../../api-client.js';
import { careEntryText } from '../../entry-words.js';
import { date, when, who } from '../../format.js';
import type { FailedForm } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Empty, Facts, Page } from '../../layout.js';
import type { Session } from '../../session.js';
import { ComplaintStageBadge, type ComplaintView, Deadline, sourceLabel } from './common.js';
import { channelLabel, NextSteps } from './steps.js';

export function ComplaintPage({
  session,
  view,
  directory,
  failed,
  flash,
}: {
  session: Session;
  view: ComplaintView;
  directory: Directory;
  failed?: FailedForm;
  flash?: string;
}) {
  const tz = session.tz;
  const r = view.record;
  const s = view.state;
  const escalatedFirst = s.escalated.first_response;
  const escalatedResolution = s.escalated.resolution;
  const { outcome, closedAt, solution } = s;
  const owner = s.assigneeId;
  const accepted = s.customerAccepted;
  const timeline = s.timeline;
  // Named as the desk speaks of it: whose car, which car, which day (the id is for the API).
  const about = [s.customer?.name, r.plate, date(r.receivedAt, tz)].filter(Boolean).join(' · ');
  const heading = t('complaints.page.heading', { about });
  return (
    <Page title={heading} session={session} screen="complaints" flash={flash}>
      <div class="page-head">
        <div>
          <h1>{heading}</h1>
          <p class="sub">{t('complaints.page.received', { when: when(r.receivedAt, tz), source: sourceLabel(r.source) })}</p>
        </div>
        <div class="head-badges">
          <ComplaintStageBadge stage={s.stage} />
          {escalatedFirst || escalatedResolution ? <Badge tone="red">{t('complaints.list.escalated')}</Badge> : null}
          <a class="btn btn-small btn-ghost" href="/app/complaints">
            {t('complaints.page.all')}
          </a>
        </div>
      </div>
      <div class="cards-2" style="align-items:start">
        <div>
          <Card title={t('complaints.page.said')}>
            <p style="margin:0 0 10px;white-space:pre-wrap" data-description>
              {r.description || <span class="muted">{t('complaints.page.noWords')}</span>}
            </p>
            <Facts
              rows={[
                [
                  t('complaints.page.customer'),
                  r.customerId ? (
                    <a href={`/app/customers/${encodeURIComponent(r.customerId)}`}>
                      {s.customer?.name ?? t('complaints.page.customerFile')}
                    </a>
                  ) : null,
                ],
                [
                  t('complaints.page.vehicle'),
                  r.visitId ? (
                    <a class="plate" href={`/app/visits/${encodeURIComponent(r.visitId)}`} data-visit-link>
                      {r.plate ?? t('complaints.page.visit')}
                    </a>
                  ) : (
                    r.plate
                  ),
                ],
                [
                  t('complaints.page.satisfaction'),
                  r.satisfaction !== null ? t('complaints.page.satisfactionScore', { n: r.satisfaction }) : null,
                ],
                [t('complaints.page.owner'), owner ? ownerName(owner, session, directory) : null],
              ]}
            />
          </Card>
          <Card title={t('complaints.page.deadlines')}>
            <Facts
              rows={[
                [
                  t('complaints.page.firstResponse'),
                  <>
                    <Deadline due={r.firstResponseDueAt} done={s.firstResponseAt} tz={tz} />
                    {escalatedFirst ? (
                      <div class="small">{t('complaints.page.escalatedAt', { when: when(escalatedFirst, tz) })}</div>
                    ) : null}
                  </>,
                ],
                [
                  t('complaints.page.resolution'),
                  <>
                    <Deadline due={r.resolutionDueAt} done={s.resolvedAt} tz={tz} />
                    {escalatedResolution ? (
                      <div class="small">{t('complaints.page.escalatedAt', { when: when(escalatedResolution, tz) })}</div>
                    ) : null}
                  </>,
                ],
                [t('complaints.page.closed'), closedAt ? when(closedAt, tz) : null],
              ]}
            />
          </Card>
          <NextSteps session={session} view={view} stage={s.stage} failed={failed} directory={directory} />
          {solution || outcome ? (
            <Card title={t('complaints.page.solutionAndOutcome')}>
              <Facts
                rows={[
                  [t('complaints.page.solution'), solution],
                  [t('complaints.page.explanation'), outcome?.explanation],
                  [t('complaints.page.remedy'), outcome?.remedy],
                  [t('complaints.page.reportedBy'), outcome?.channel ? channelLabel(outcome.channel) : null],
                  [
                    t('complaints.page.customer'),
                    accepted == null ? null : t(accepted ? 'complaints.page.accepted' : 'complaints.page.notAccepted'),
                  ],
                ]}
              />
            </Card>
          ) : null}
        </div>
        <Card title={t('complaints.page.timeline')} id="timeline">
          {timeline.length === 0 ? (
            <Empty>{t('complaints.page.nothingYet')}</Empty>
          ) : (
            <ol class="plain" data-timeline>
              {timeline.map((e) => (
                <li data-entry={e.type} style="display:grid;grid-template-columns:130px 1fr;gap:8px;padding:6px 0">
                  <span class="small muted">{when(e.at, tz)}</span>
                  <span>
                    {careEntryText('complaint', e, { directory, tz })}
                    <span class="small muted"> · {who(directory, e.actorId)}</span>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </Page>
  );
}

/** The owner by the name the staff directory gives them; the signed-in person is "you". */
const ownerName = (assigneeId: string, session: Session, directory: Directory) =>
  assigneeId === session.staff.id ? t('complaints.page.you', { name: session.staff.name }) : who(directory, assigneeId);

export async function complaintPage(
  api: ApiCaller,
  session: Session,
  id: string,
  opts: { failed?: FailedForm; flash?: string } = {},
) {
  const [view, directory] = await Promise.all([api.get('/complaints/:id', { param: { id } }), staffDirectory(api)]);
  const { state, ...rest } = must(view);
  // Only a live read (`live=true`, which the screen never asks for) answers without a state.
  if (!state) throw new PageError(404, t('errorPage.noRecord'));
  return (
    <ComplaintPage session={session} view={{ ...rest, state }} directory={directory} failed={opts.failed} flash={opts.flash} />
  );
}
