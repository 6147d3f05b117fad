import { requestText } from '../../entry-words.js';
import { dateTime, fuelLabel, km } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Facts, Paper, type PaperProps, SignatureBox } from './paper.js';

/** The walk-around sheet signed at reception: damage, valuables, fuel and mileage as the customer signed them. */
export const InspectionDocument = (p: PaperProps) => {
  const { visit: v, walkAroundSignature } = p.papers;
  const i = v.inspection;
  if (!i) return null;
  return (
    <Paper p={p}>
      <Facts
        rows={[
          [t('documents.inspectedAt'), dateTime(i.at, p.tz)],
          [t('documents.mileage'), km(i.mileage)],
          [t('documents.fuel'), fuelLabel(i.fuelLevel)],
          [t('documents.coversFitted'), t(v.arrival?.coversFitted ? 'documents.yes' : 'documents.no')],
        ]}
      />
      <h2>{t('documents.requested')}</h2>
      <ul>
        {v.requestedServices.map((s) => (
          <li class="pre">{requestText(s)}</li>
        ))}
      </ul>
      <h2>{t('documents.damages')}</h2>
      {i.damages.length ? (
        <table data-lines>
          <thead>
            <tr>
              <th>{t('documents.area')}</th>
              <th>{t('documents.description')}</th>
            </tr>
          </thead>
          <tbody>
            {i.damages.map((d) => (
              <tr>
                <td>{d.area}</td>
                <td class="pre">{d.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('documents.noDamages')}</p>
      )}
      <h2>{t('documents.valuables')}</h2>
      {i.valuables.length ? (
        <ul>
          {i.valuables.map((x) => (
            <li>{x}</li>
          ))}
        </ul>
      ) : (
        <p>{t('documents.noValuables')}</p>
      )}
      <div class="signatures">
        <SignatureBox label={t('documents.customerSignature')} signature={walkAroundSignature} tz={p.tz} />
        <SignatureBox label={t('documents.staffSignature')} tz={p.tz} />
      </div>
    </Paper>
  );
};
