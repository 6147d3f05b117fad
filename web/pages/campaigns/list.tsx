import { wordedIn } from '../../../domain/catalogue.js';
import type { Answer } from '../../api-client.js';
import { count, date } from '../../format.js';
import { language, locale, t } from '../../i18n/index.js';
import { Card, Empty, Page } from '../../layout.js';
import type { Session } from '../../session.js';

// The recall campaigns [S1.5] the service manager imported, each with what it affects and how far it is done:
// completion is the vehicles whose free recall repair is done over the vehicles it affects.

export type Campaigns = Answer<'/campaigns'>;

const percent = (n: number, of: number) =>
  of === 0 ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(n / of);

/** What the campaign names: its model and model years, or the VINs the maker listed. */
const reach = (c: Campaigns[number]) =>
  c.model === null
    ? t('campaigns.byVin', { n: count(c.affected) })
    : t('campaigns.byModel', {
        model: c.model,
        from: String(c.yearFrom ?? '—'),
        to: String(c.yearTo ?? '—'),
        n: count(c.affected),
      });

export function CampaignsPage({ session, campaigns }: { session: Session; campaigns: Campaigns }) {
  const lang = language();
  return (
    <Page title={t('campaigns.title')} session={session} screen="campaigns">
      <div class="page-head">
        <div>
          <h1>{t('campaigns.title')}</h1>
          <p class="sub">{t('campaigns.sub')}</p>
        </div>
      </div>
      <Card title={t('campaigns.list', { n: campaigns.length })}>
        {campaigns.length === 0 ? (
          <Empty>{t('campaigns.none')}</Empty>
        ) : (
          <table class="table table-cards" data-campaigns>
            <thead>
              <tr>
                <th>{t('campaigns.campaign')}</th>
                <th>{t('campaigns.affects')}</th>
                <th class="num">{t('campaigns.told')}</th>
                <th class="num">{t('campaigns.done')}</th>
                <th class="num">{t('campaigns.completion')}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr data-campaign={c.code}>
                  <td data-label={t('campaigns.campaign')}>
                    <strong>{c.code}</strong> · {wordedIn(c.description, c.translations, lang)}
                    <div class="muted small">{t('campaigns.imported', { day: date(c.importedAt, session.tz) })}</div>
                  </td>
                  <td data-label={t('campaigns.affects')}>{reach(c)}</td>
                  <td class="num" data-label={t('campaigns.told')}>
                    {count(c.notified)}
                  </td>
                  <td class="num" data-label={t('campaigns.done')}>
                    {count(c.completed)}
                  </td>
                  <td class="num" data-label={t('campaigns.completion')} data-completion>
                    {percent(c.completed, c.affected)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
