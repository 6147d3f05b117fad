// The visit screen: its heading, where it stands in the loop, its records and lines, and its next steps.
import type { ApprovalLinkStatus } from '../../../api/queries/approval-links.js';
import type { CustomerFile } from '../../../api/queries/customer-file.js';
import { assigneeRefusal } from '../../../domain/assignment-rules.js';
import { wordedIn } from '../../../domain/catalogue.js';
import { languageOf } from '../../../domain/language.js';
import { mayRead } from '../../../domain/roles.js';
import type { Directory } from '../../../domain/staff.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { type ActionContext, availableActions } from '../../actions/index.js';
import type { Answer } from '../../api-client.js';
import type { FailedForm } from '../../forms.js';
import { language, t } from '../../i18n/index.js';
import { Card, Page } from '../../layout.js';
import type { LiveMark } from '../../live/topics.js';
import type { Session } from '../../session.js';
import { ApprovalLinkCard } from '../approval-link.js';
import { VisitHeader } from './header.js';
import { LinesTable } from './lines.js';
import { NextSteps } from './next-steps.js';
import { PrintList } from './papers.js';
import { CustomerFileCard, DeliveryCard, DiagnosisCard, ReceptionCard } from './records.js';
import { Progress } from './stage-bar.js';
import { CustomerVehicleCard, PromiseCard } from './summary.js';

/** The visit's row as `GET /visits/{id}` answers it. */
type VisitRecord = Answer<'/visits/:id'>['record'];

export interface VisitPageProps {
  session: Session;
  /** The shop's zone (`SHOP_TIME_ZONE`), whose calendar the next service is dated on. */
  shopTz: string;
  visitId: string;
  record: VisitRecord;
  state: VisitShown;
  file?: CustomerFile;
  technicians: ActionContext['technicians'];
  plan?: ActionContext['plan'];
  checklist?: ActionContext['checklist'];
  promise?: ActionContext['promise'];
  nextService?: ActionContext['nextService'];
  failed?: FailedForm;
  flash?: string;
  /** What waits for the customer and the link sent for it (advisors and managers, while an approval is open). */
  approvalLinks?: ApprovalLinkStatus;
  temporalUrl?: string;
  /** Names the advisor and the staff on the page. */
  directory?: Directory;
  live?: LiveMark;
  /** The price list the estimate forms pick lines from, while the visit takes them. */
  catalogue?: ActionContext['catalogue'];
  /** The price list, to word the services booked from it in the reader's language. */
  priceList?: ActionContext['catalogue'];
  /** The recall campaigns open on the vehicle: flagged at booking and reception, they go on the estimate free. */
  openCampaigns?: Answer<'/vehicles/:vin/campaigns'>;
}

export function VisitPage(p: VisitPageProps) {
  const { state: s, session, record } = p;
  const tz = session.tz;
  const role = session.staff.role;
  // A repair step on another technician's job is not offered: the next steps say whose job it is instead.
  const actions = availableActions(s, role).filter((name) => assigneeRefusal(name, s, session.staff) === undefined);
  const mayLink = mayRead(role, 'approvalLinks');
  // The customer's file is the front desk's: the workshop's roles see the car and the job, not the customer's contact.
  const readsFile = mayRead(role, 'customerFiles');
  const pendingApproval = s.stage === 'awaiting_approval' ? s.approvals.find((a) => !a.decidedAt) : undefined;
  const title = `${t('visit.ro', { n: record.roNumber ?? '' })} · ${s.vehicle.plate}`;

  return (
    <Page title={title} session={session} screen="visit" flash={p.flash} live={p.live}>
      <VisitHeader p={p} />
      <Progress stage={s.stage} />
      {(p.openCampaigns ?? []).map((c) => (
        <div class="alert alert-warn" role="status" data-open-campaign={c.code}>
          {t('campaigns.openOnVehicle', { code: c.code, description: wordedIn(c.description, c.translations, language()) })}
        </div>
      ))}

      <div class="visit-grid">
        <div class="visit-main">
          <div class="cards-2">
            <CustomerVehicleCard s={s} fileLink={readsFile} />
            <PromiseCard p={p} actions={actions} />
          </div>

          <Card title={t('visit.workOrder')}>
            <LinesTable state={s} />
          </Card>

          <div class="cards-2">
            <ReceptionCard s={s} tz={tz} names={p.priceList} />
            <DiagnosisCard s={s} />
          </div>

          <div class="cards-2">
            {readsFile ? <CustomerFileCard p={p} /> : null}
            <DeliveryCard s={s} tz={tz} shopTz={p.shopTz} nextService={p.nextService} />
          </div>
        </div>

        <aside class="visit-side">
          {pendingApproval && mayLink ? (
            <Card title={t('visit.customerApproval')} class="card-accent" id="approval">
              {pendingApproval.reason ? (
                // The advisor who calls the customer sees the words the customer's page shows them.
                <div class="small" data-finding>
                  <strong>{t('visit.customerReads')}</strong>
                  <p class="finding-staff">{pendingApproval.reason}</p>
                </div>
              ) : null}
              <ApprovalLinkCard status={p.approvalLinks} tz={tz} />
            </Card>
          ) : null}
          <NextSteps p={p} actions={actions} />
          <Card title={t('documents.print')} id="print">
            <PrintList visitId={p.visitId} state={s} customerLanguage={languageOf(p.file?.customer.language)} />
          </Card>
        </aside>
      </div>
    </Page>
  );
}
