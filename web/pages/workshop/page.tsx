// The workshop board: jobs to dispatch, each technician's load, and the jobs in diagnosis, repair and QC.
import type { Workshop } from '../../../api/queries/workshop.js';
import { time } from '../../format.js';
import type { FailedForm } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Card, Empty, Page } from '../../layout.js';
import { mayOpen } from '../../screen-roles.js';
import type { Session } from '../../session.js';
import { DispatchCard } from './dispatch.js';
import { JobList } from './jobs.js';
import { TechnicianLoad } from './load.js';

export interface WorkshopPageProps {
  session: Session;
  workshop: Workshop;
  failed?: FailedForm;
  flash?: string;
}

export function WorkshopPage(p: WorkshopPageProps) {
  const w = p.workshop;
  const tz = p.session.tz;
  return (
    <Page
      title={t('nav.workshop')}
      session={p.session}
      screen="workshop"
      flash={p.flash}
      // Refreshed in place when the board's version changes (web/live/, web/static/app.js).
      live={{ topic: 'workshop', version: w.boardVersion }}
    >
      <div>
        <div class="page-head">
          <div>
            <h1>{t('nav.workshop')}</h1>
            <p class="sub">{t('workshop.asOf', { when: time(w.at, tz) })}</p>
          </div>
          <div class="chips">
            <span class="chip">
              <strong>{w.totals.awaitingDispatch}</strong> {t('workshop.toDispatch')}
            </span>
            <span class="chip">
              <strong>{w.totals.waitingDiagnosis}</strong> {t('workshop.toDiagnose')}
            </span>
            <span class="chip">
              <strong>{w.totals.inRepair}</strong> {t('workshop.inRepairChip')}
            </span>
            <span class="chip">
              <strong>{w.totals.qualityCheck}</strong> {t('workshop.inQc')}
            </span>
            {mayOpen(p.session.staff.role, 'technicians') ? (
              <a class="btn btn-ghost btn-small" href="/app/technicians" data-technicians>
                {t('workshop.technicians')}
              </a>
            ) : null}
            <a class="btn btn-ghost btn-small" href="/app/workshop">
              {t('workshop.refresh')}
            </a>
          </div>
        </div>
        <div class="workshop-grid">
          <Card title={t('workshop.awaitingDispatch', { n: w.totals.awaitingDispatch })} class="col-dispatch">
            {w.awaitingDispatch.length ? (
              w.awaitingDispatch.map((job) => <DispatchCard job={job} p={p} />)
            ) : (
              <Empty>{t('workshop.noneWaiting')}</Empty>
            )}
          </Card>
          <Card title={t('workshop.technicians')} class="col-techs">
            {w.technicians.length ? (
              w.technicians.map((tech) => <TechnicianLoad tech={tech} mine={tech.id === p.session.staff.id} tz={tz} />)
            ) : (
              <Empty>{t('workshop.noTechnicians')}</Empty>
            )}
          </Card>
          <div class="col-work">
            <JobList
              title={t('workshop.waitingDiagnosis', { n: w.totals.waitingDiagnosis })}
              id="diagnosis"
              jobs={w.waitingDiagnosis}
              empty={t('workshop.noDiagnosis')}
              p={p}
            />
            <JobList
              title={t('workshop.inRepair', { n: w.totals.inRepair })}
              jobs={w.inRepair}
              empty={t('workshop.noRepair')}
              p={p}
            />
            <JobList
              title={t('workshop.waitingQc', { n: w.totals.qualityCheck })}
              id="quality-check"
              jobs={w.qualityCheck}
              empty={t('workshop.noQc')}
              p={p}
            />
          </div>
        </div>
      </div>
    </Page>
  );
}
