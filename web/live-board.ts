import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiEnv } from '../api/deps.js';
import { type ApiCaller, SignInAgain } from './api-client.js';

// The workshop board on a wall screen refreshes itself: each open board holds one server-sent-events stream on
// which this server says, every few seconds, which version of the board is current (`boardVersion` of
// GET /workshop, read through the API like every screen). The page's script fetches the board again when the
// version differs from the one it shows (web/static/app.js).

/** How often a connected board's version is read: a change shows within this and one page load. */
const POLL_MS = 2_000;
/** Boards connected to one server process at most: each reads the plan every POLL_MS. */
const MAX_LIVE_BOARDS = 25;
let connected = 0;

export function liveBoardEvents(c: Context<ApiEnv>, api: ApiCaller): Response {
  // The page keeps working without its stream: it asks again later (the script waits before reconnecting).
  if (connected >= MAX_LIVE_BOARDS) return c.text('Too many boards are open right now; this one tries again shortly.', 503);
  connected++;
  return streamSSE(
    c,
    async (stream) => {
      try {
        // A browser that lost the stream reconnects after this long.
        await stream.writeSSE({ event: 'hello', data: '', retry: POLL_MS * 2 });
        while (!stream.aborted && !stream.closed) {
          const board = await api.get('/workshop', { query: { limit: 1 } });
          if (board.ok) await stream.writeSSE({ event: 'board', data: board.data.boardVersion });
          await stream.sleep(POLL_MS);
        }
      } catch (err) {
        // The session ended: the stream ends, and the page's next load asks to sign in again.
        if (!(err instanceof SignInAgain)) throw err;
      } finally {
        connected--;
      }
    },
    async (err) => {
      c.var.logger?.warn({ err }, 'live board stream failed');
    },
  );
}
