import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import type { HistoryEntry } from '../../api/history/timeline.js';
import { type ApiApp, must, staffDirectory } from '../api-client.js';
import { TimelinePage } from '../pages/timeline/page.js';
import { html, param, staffOnly, temporalUrlOf } from './screen.js';

// The visit's timeline, for the manager: every event of its history in the lanes of the loop.

export function timelineScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'timeline');

  web.get(
    '/visits/:id/timeline',
    staff(async (c, s) => {
      const visitId = param(c, 'id');
      const view = must(await s.api.get('/visits/:id', { param: { id: visitId } }));
      const entries: HistoryEntry[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const chunk = must(await s.api.get('/visits/:id/history', { param: { id: visitId }, query: { limit: 500, cursor } }));
        // Without `format=raw` the API answers the readable timeline.
        if (!('entries' in chunk)) break;
        entries.push(...chunk.entries);
        if (!chunk.nextCursor) break;
        cursor = chunk.nextCursor;
      }
      return html(
        c,
        <TimelinePage
          session={s.session}
          visitId={visitId}
          roNumber={view.record.roNumber}
          state={view.state}
          entries={entries}
          temporalUrl={temporalUrlOf(c, visitId)}
          directory={await staffDirectory(s.api)}
        />,
      );
    }),
  );

  return web;
}
