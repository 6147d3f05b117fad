// The customer file screen [S2]: the customer, each vehicle with its history, and the file's changes.
import type { CustomerFile } from '../../../api/queries/customer-file.js';
import { FRONT_DESK_ROLES, holdsRole } from '../../../domain/roles.js';
import type { Directory } from '../../../domain/staff.js';
import { date, dateTime, languageName } from '../../format.js';
import type { FailedForm } from '../../forms.js';
import { t } from '../../i18n/index.js';
import { Badge, Card, Empty, Facts, Page } from '../../layout.js';
import type { Session } from '../../session.js';
import { ChangeHistory } from './changes.js';
import { CustomerEdit } from './edit.js';
import { channelLabel, shown } from './values.js';
import { VehicleCard } from './vehicle.js';

export interface CustomerPageProps {
  session: Session;
  /** The shop's zone (`SHOP_TIME_ZONE`): a next service is a day on its calendar. */
  shopTz: string;
  file: CustomerFile;
  directory: Directory;
  failed?: FailedForm;
  flash?: string;
}

/** Who may edit the files; the API enforces the same. */
const mayEdit = (session: Session) => holdsRole(session.staff.role, FRONT_DESK_ROLES);

export function CustomerPage({ session, shopTz, file, directory, failed, flash }: CustomerPageProps) {
  const c = file.customer;
  const tz = session.tz;
  return (
    <Page title={c.name} session={session} screen="customer" flash={flash}>
      <div class="page-head">
        <div>
          <h1>{c.name}</h1>
          <p class="sub">{t('customerPage.sub', { since: date(c.createdAt, tz), count: file.vehicles.length })}</p>
        </div>
        {c.optedOut ? <Badge tone="red">{t('customerPage.optedOut')}</Badge> : null}
      </div>
      <div class="customer-grid">
        <Card title={t('customerPage.customer')}>
          <Facts
            rows={[
              [t('customerPage.phone'), <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>],
              [t('customerPage.email'), c.email ?? '—'],
              [t('customerPage.address'), c.address ?? '—'],
              [t('customerPage.birthday'), c.birthday ? shown('birthday', c.birthday) : '—'],
              [t('customerPage.household'), c.household ?? '—'],
              [t('customerPage.reachBy'), channelLabel(c.preferredChannel)],
              [t('language.choose'), languageName(c.language)],
              [t('customerPage.updated'), dateTime(c.updatedAt, tz)],
            ]}
          />
          {mayEdit(session) ? <CustomerEdit customer={c} failed={failed} /> : null}
        </Card>
        <div class="customer-vehicles">
          {file.vehicles.length === 0 ? <Empty>{t('customerPage.noVehicles')}</Empty> : null}
          {file.vehicles.map((v) => (
            <VehicleCard
              file={file}
              v={v}
              directory={directory}
              tz={tz}
              shopTz={shopTz}
              editable={mayEdit(session)}
              failed={failed}
            />
          ))}
        </div>
      </div>
      <ChangeHistory file={file} directory={directory} tz={tz} />
    </Page>
  );
}
