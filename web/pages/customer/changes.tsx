// The file's change history: who changed which field of the customer or a vehicle, from what to what.
import type { CustomerFile } from '../../../api/queries/customer-file.js';
import type { FileChange } from '../../../api/queries/customer-lookup.js';
import type { CustomerField } from '../../../domain/customer-file.js';
import type { Directory } from '../../../domain/staff.js';
import { dateTime, who } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Card, Empty } from '../../layout.js';
import { FIELD_LABEL, shown } from './values.js';

export const ChangeHistory = ({ file, directory, tz }: { file: CustomerFile; directory: Directory; tz: string }) => {
  const plateOf = (vin: string) => file.vehicles.find((v) => v.vehicle.vin === vin)?.vehicle.plate ?? vin;
  const what = (c: FileChange) => (c.subject === 'customer' ? t('customerPage.customer') : plateOf(c.subjectId));
  return (
    <Card title={t('customerPage.changes')} id="changes">
      {file.changes.length === 0 ? (
        <Empty>{t('customerPage.noChanges')}</Empty>
      ) : (
        <table class="table" data-changes>
          <thead>
            <tr>
              <th>{t('customerPage.when')}</th>
              <th>{t('customerPage.who')}</th>
              <th>{t('customerPage.file')}</th>
              <th>{t('customerPage.field')}</th>
              <th>{t('customerPage.was')}</th>
              <th>{t('customerPage.now')}</th>
            </tr>
          </thead>
          <tbody>
            {file.changes.map((c) => (
              <tr>
                <td>{dateTime(c.at, tz)}</td>
                <td>{who(directory, c.changedBy)}</td>
                <td>{what(c)}</td>
                <td>{c.field in FIELD_LABEL ? t(FIELD_LABEL[c.field as CustomerField]) : c.field}</td>
                <td class="muted">{shown(c.field, c.oldValue)}</td>
                <td>{shown(c.field, c.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
};
