import type { ApprovalLinkStatus } from '../../api/queries/approval-links.js';
import type { VisitList } from '../../api/queries/visit-list.js';
import { relative, when } from '../format.js';
import { t } from '../i18n/index.js';
import { Badge, Card, Empty } from '../layout.js';

type Sent = NonNullable<ApprovalLinkStatus['current']>;

const SENT_AS: Record<Sent['sentAs'], string> = {
  requested: 'with the request',
  reminder: 'with the reminder',
  resent: 'again',
};

const STATUS: Record<Sent['status'], { tone: string; label: string }> = {
  pending: { tone: 'amber', label: 'Being sent' },
  sent: { tone: 'green', label: 'Sent' },
  failed: { tone: 'red', label: 'Not delivered: on the call list' },
  suppressed: { tone: 'grey', label: 'Not sent: the customer opted out of messages' },
};

const channel = (s: Sent) =>
  s.channel === 'sms'
    ? `by text message to ${s.recipient}`
    : s.channel === 'email'
      ? `by e-mail to ${s.recipient}`
      : s.channel === 'phone'
        ? `for a phone call to ${s.recipient} (the customer prefers calls)`
        : `to ${s.recipient}`;

/**
 * What waits for the customer on the visit page: since when, and the newest link the visit sent them for it
 * (never a link of an earlier request, which no longer works), with its delivery status.
 */
export function ApprovalLinkCard({ status, tz }: { status?: ApprovalLinkStatus; tz: string }) {
  if (!status) return <p class="small muted">The link’s delivery status cannot be read right now.</p>;
  // A request recorded before links went out with the messages has no link on record until one is sent.
  if (!status.approvalId)
    return (
      <p class="small muted" data-approval-status>
        No link is on record for this request: “Send the approval link again” under Next steps sends the customer one.
      </p>
    );
  const s = status.current;
  const state = s ? STATUS[s.status] : undefined;
  return (
    <div data-approval-status>
      <p class="small">
        Waiting for the customer’s decision since {when(status.waitingSince, tz)} ({relative(status.waitingSince)}).
      </p>
      {s && state ? (
        <>
          <p class="small" data-link-sent>
            Link sent {SENT_AS[s.sentAs]} {channel(s)}, {when(s.deliveredAt ?? s.queuedAt, tz)}{' '}
            <Badge tone={state.tone}>{state.label}</Badge>
          </p>
          <div class="link-box">
            <input type="text" readonly value={s.url} id="approval-link" aria-label="Approval link" />
            <button type="button" class="btn btn-small" data-copy="approval-link" data-copied={t('form.copied')}>
              Copy
            </button>
            <a class="btn btn-small btn-ghost" href={s.url} target="_blank" rel="noopener">
              Open
            </a>
          </div>
          <p class="small muted">
            Works until {when(s.expiresAt, tz)}.{' '}
            {status.sends > 1 ? `${status.sends} messages carried a link for this request. ` : ''}
            “Send the approval link again” under Next steps sends a fresh one.
          </p>
        </>
      ) : (
        <p class="small muted" data-link-pending>
          The link goes out to the customer with the request in a moment.
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
    <Card title={`Waiting for the customer (${waiting.length})`} class="calls" id="waiting-for-customer">
      {waiting.length === 0 ? (
        <Empty>No estimate or extra work waits for a customer.</Empty>
      ) : (
        <table class="table table-calls">
          <tbody>
            {waiting.map((v) => (
              <tr data-waiting={v.visitId}>
                <td class="due">
                  <strong>since {when(v.waitingForCustomerSince, tz)}</strong>
                  <div class="small muted">{relative(v.waitingForCustomerSince)}</div>
                </td>
                <td class="callee">
                  <strong>{v.customer.name}</strong>
                </td>
                <td class="what">
                  <a href={`/app/visits/${v.visitId}#approval`}>{v.vehicle.plate}</a> {v.vehicle.model}
                  <div class="small">The approval link went out with the request; the visit page shows its delivery.</div>
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
      <Badge tone="amber" title={`Estimate or extra work sent ${relative(visit.waitingForCustomerSince, now)}`}>
        Waiting for the customer since {when(visit.waitingForCustomerSince, tz, now)}
      </Badge>
    );
  if (visit.customerDecidedAt && now - Date.parse(visit.customerDecidedAt) < 86_400_000)
    return (
      <Badge tone="green" title={`Decided ${relative(visit.customerDecidedAt, now)}`}>
        Customer decided {when(visit.customerDecidedAt, tz, now)}
      </Badge>
    );
  return null;
}
