import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { ApiEnv } from '../../api/deps.js';
import { noticeReaches, taskAssigneesOf } from '../../domain/notices.js';
import { type ApiApp, apiCaller, SignInAgain } from '../api-client.js';
import { taskKindLabel } from '../format.js';
import { currency, inLanguage, language, t } from '../i18n/index.js';
import { readSession, type Session } from '../session.js';
import { hubOf, type LiveHub, NOTICE_WINDOW_MS, type Reading, TICK_MS } from './hub.js';
import { type LiveTopic, LiveTopicParam, mayWatch } from './topics.js';

// GET /app/live: every staff page holds one server-sent-events stream (web/static/app.js opens it). It carries
// - `version`: the version of what the page shows (its `topic`), whenever it changes — the page fetches itself again;
// - `count`: how many call-list tasks for the staff member's role are due, for the header;
// - `notice`: a short line when something now waits for them (domain/notices.ts), never for their own action.

/**
 * Streams of one session (one browser) at once. A browser opens at most 6 connections to a server over HTTP/1.1;
 * four open pages leave two for loading pages. A fifth page works, without updating itself.
 */
const MAX_PER_SESSION = 4;
/** Streams of the whole process: each is one open connection, and one more filter of every reading. */
const MAX_STREAMS = 200;
/** A browser that lost its stream asks again after this long. */
const RETRY_MS = TICK_MS * 5;

const perSession = new Map<string, number>();

type C = Context<ApiEnv>;

interface Notice {
  id: string;
  text: string;
  href: string;
}

/** What of one reading is news to this staff member: events on visits and tasks that fell due, since `since`. */
function noticesOf(reading: Reading, session: Session, assignees: string[], since: number, seen: Set<string>): Notice[] {
  const reader = { id: session.staff.id, role: session.staff.role };
  const fresh: Notice[] = [];
  const current = new Set<string>();
  for (const e of reading.events) {
    current.add(e.id);
    if (seen.has(e.id) || e.at.getTime() <= since || !noticeReaches(e.type, e.actorId, reader, e)) continue;
    const ro = t('visit.ro', { n: e.roNumber });
    fresh.push({ id: e.id, text: t(`live.notice.${e.type}`, { ro, plate: e.plate }), href: `/app/visits/${e.visitId}` });
  }
  for (const task of reading.dueTasks) {
    // A call put back on the list is news again when it falls due again.
    const id = `task:${task.id}:${task.attempts}`;
    current.add(id);
    const became = Math.max(task.dueAt.getTime(), task.createdAt.getTime());
    if (seen.has(id) || became <= since || !assignees.includes(task.assigneeRole)) continue;
    fresh.push({
      id,
      text: t(task.plate ? 'live.taskDueFor' : 'live.taskDue', { task: taskKindLabel(task.kind), plate: task.plate }),
      href: '/app/calls',
    });
  }
  // Only what the reading still holds can come again: the rest has left the window for good.
  for (const id of seen) if (!current.has(id)) seen.delete(id);
  for (const n of fresh) seen.add(n.id);
  return fresh;
}

async function follow(stream: SSEStreamingApi, hub: LiveHub, session: Session, topic: LiveTopic | undefined, since: number) {
  const watch = hub.watch(topic);
  const lang = language();
  const money = currency();
  const assignees: string[] = taskAssigneesOf(session.staff.role);
  const seen = new Set<string>();
  let version: string | undefined;
  let due: number | undefined;
  try {
    await stream.writeSSE({ event: 'hello', data: '', retry: RETRY_MS });
    // The stream ends with the session: the browser's next attempt is refused and the page's next load signs in.
    while (!stream.aborted && !stream.closed && Date.now() < session.expiresAt) {
      const reading = await watch.next();
      if (!reading || stream.aborted || stream.closed) continue;
      const now = topic === undefined ? undefined : reading.versions.get(topic);
      if (now !== undefined && now !== version) {
        version = now;
        await stream.writeSSE({ event: 'version', data: now });
      }
      const dueNow = assignees.reduce((n, a) => n + (reading.dueByAssignee.get(a) ?? 0), 0);
      const notices = inLanguage(lang, () => noticesOf(reading, session, assignees, since, seen), money);
      if (dueNow !== due) {
        due = dueNow;
        const text = inLanguage(lang, () => t('live.due', { n: dueNow }), money);
        await stream.writeSSE({ event: 'count', data: JSON.stringify({ n: dueNow, text }) });
      }
      for (const n of notices) await stream.writeSSE({ event: 'notice', id: n.id, data: JSON.stringify(n) });
    }
  } finally {
    watch.close();
  }
}

export const liveEvents =
  (api: ApiApp) =>
  async (c: C): Promise<Response> => {
    // An EventSource cannot follow a sign-in page: the refusals are plain statuses, and the page's next load signs in.
    const session = readSession(c);
    if (!session) return c.text(t('live.signedOut'), 401);
    const rawTopic = c.req.query('topic');
    const parsed = rawTopic === undefined ? undefined : LiveTopicParam.safeParse(rawTopic);
    if (parsed && !parsed.success) return c.text(t('live.unknownTopic'), 400);
    const topic = parsed?.data;
    const now = Date.now();
    const asked = Number(c.req.query('since'));
    const since = Number.isFinite(asked) ? Math.min(now, Math.max(now - NOTICE_WINDOW_MS, asked)) : now;

    const hub = hubOf(c.var.deps.database.db, c.var.settings.shopTimeZone, (err) =>
      c.var.logger?.warn({ err }, 'live screens could not read'),
    );
    if (hub.watching >= MAX_STREAMS) return c.text(t('live.tooMany'), 503);
    const key = session.token;
    const open = perSession.get(key) ?? 0;
    if (open >= MAX_PER_SESSION) return c.text(t('live.tooManyHere'), 429);
    perSession.set(key, open + 1);
    const release = () => {
      const left = (perSession.get(key) ?? 1) - 1;
      if (left > 0) perSession.set(key, left);
      else perSession.delete(key);
    };

    try {
      const allowed = await mayWatch(apiCaller(api, c, session.token), topic);
      if (!allowed.ok) {
        release();
        return c.text(
          allowed.message,
          allowed.status === 400 || allowed.status === 403 || allowed.status === 404 ? allowed.status : 503,
        );
      }
    } catch (err) {
      release();
      if (err instanceof SignInAgain) return c.text(t('live.signedOut'), 401);
      throw err;
    }

    return streamSSE(
      c,
      (stream) => follow(stream, hub, session, topic, since).finally(release),
      async (err) => {
        c.var.logger?.warn({ err }, 'live stream failed');
      },
    );
  };
