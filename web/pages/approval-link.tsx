import type { ApprovalLinkStatus } from '../../api/queries/approval-links.js';
import { relative, when } from '../format.js';
import { Badge } from '../layout.js';

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
            <button type="button" class="btn btn-small" data-copy="approval-link">
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
