import type { ApprovalLinkStatus } from '../../api/queries/approval-links.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { relative, when } from '../format.js';
import { hasKey, t } from '../i18n/index.js';
import { Badge, Card, Empty } from '../layout.js';

type Sent = NonNullable<ApprovalLinkStatus['current']>;

// Labels are the catalogue's `approvalLink.sentAs.*`, `approvalLink.status.*` and `approvalLink.channel.*`.
const STATUS_TONE: Record<Sent['status'], string> = { pending: 'amber', sent: 'green', failed: 'red', suppressed: 'grey' };

const channel = (s: Sent) => {
  const key = `approvalLink.channel.${s.channel}`;
  return t(hasKey(key) ? key : 'approvalLink.channel.other', { to: s.recipient });
};

/**
 * What waits for the customer on the visit page: since when, and the newest link the visit sent them for it
 * (never a link of an earlier request, which no longer works), with its delivery status.
 */
export function ApprovalLinkCard({ status, tz }: { status?: ApprovalLinkStatus; tz: string }) {
  if (!status) return <p class="small muted">{t('approvalLink.unreadable')}</p>;
  // A request recorded before links went out with the messages has no link on record until one is sent.
  if (!status.approvalId)
    return (
      <p class="small muted" data-approval-status>
        {t('approvalLink.none')}
      </p>
    );
  const s = status.current;
  const tone = s ? STATUS_TONE[s.status] : undefined;
  return (
    <div data-approval-status>
      <p class="small">
        {t('approvalLink.waiting', { when: when(status.waitingSince, tz), ago: relative(status.waitingSince) })}
      </p>
      {s && tone ? (
        <>
          <p class="small" data-link-sent>
            {t('approvalLink.sent', {
              as: t(`approvalLink.sentAs.${s.sentAs}`),
              channel: channel(s),
              when: when(s.deliveredAt ?? s.queuedAt, tz),
            })}{' '}
            <Badge tone={tone}>{t(`approvalLink.status.${s.status}`)}</Badge>
          </p>
          <div class="link-box">
            <input type="text" readonly value={s.url} id="approval-link" aria-label={t('approvalLink.link')} />
            <button type="button" class="btn btn-small" data-copy="approval-link" data-copied={t('form.copied')}>
              {t('approvalLink.copy')}
            </button>
            <a class="btn btn-small btn-ghost" href={s.url} target="_blank" rel="noopener">
              {t('approvalLink.open')}
            </a>
          </div>
          <p class="small muted">
            {t('approvalLink.until', { when: when(s.expiresAt, tz) })}{' '}
            {status.sends > 1 ? t('approvalLink.sends', { n: status.sends }) : ''} {t('approvalLink.again')}
          </p>
        </>
      ) : (
        <p class="small muted" data-link-pending>
          {t('approvalLink.pending')}
        </p>
      )}
    </div>
  );
}

/** The call list's view of what waits for customers: every open estimate or extra work, oldest first. */
export function WaitingForCustomer({ visits, tz }: { visits: VisitList['items']; tz: string }) {
  const waiting = visits
    .filter((v) => v.waitingForCustomerSince)
    .sort((a, b) => Date.parse(a.waitingForCustomerSince ?? '') - Date.parse(b.waitingForCustomerSince ?? ''));
  return (
    <Card title={t('approvalLink.waitingTitle', { n: waiting.length })} class="calls" id="waiting-for-customer">
      {waiting.length === 0 ? (
        <Empty>{t('approvalLink.noneWaiting')}</Empty>
      ) : (
        <table class="table table-calls">
          <tbody>
            {waiting.map((v) => (
              <tr data-waiting={v.visitId}>
                <td class="due">
                  <strong>{t('approvalLink.since', { when: when(v.waitingForCustomerSince, tz) })}</strong>
                  <div class="small muted">{relative(v.waitingForCustomerSince)}</div>
                </td>
                <td class="callee">
                  <strong>{v.customer.name}</strong>
                </td>
                <td class="what">
                  <a href={`/app/visits/${v.visitId}#approval`}>{v.vehicle.plate}</a> {v.vehicle.model}
                  <div class="small">{t('approvalLink.wentOut')}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** On the visits list: what waits for the customer, or that they decided within the last day. */
export function CustomerBadge({ visit, tz, now = Date.now() }: { visit: VisitList['items'][number]; tz: string; now?: number }) {
  if (visit.waitingForCustomerSince)
    return (
      <Badge tone="amber" title={t('approvalLink.sentAgo', { ago: relative(visit.waitingForCustomerSince, now) })}>
        {t('approvalLink.waitingSince', { when: when(visit.waitingForCustomerSince, tz, now) })}
      </Badge>
    );
  if (visit.customerDecidedAt && now - Date.parse(visit.customerDecidedAt) < 86_400_000)
    return (
      <Badge tone="green" title={t('approvalLink.decidedAgo', { ago: relative(visit.customerDecidedAt, now) })}>
        {t('approvalLink.decided', { when: when(visit.customerDecidedAt, tz, now) })}
      </Badge>
    );
  return null;
}
