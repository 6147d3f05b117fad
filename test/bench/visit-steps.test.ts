/**
 * The bench's whole visit must still go through the API as the shop's rules now stand, or `npm run bench` stops
 * part-way: its steps are sent by the staff a real visit needs (the repair by the technician dispatch gave it to).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchStaff, HttpClient } from '../../bench/http.js';
import { driveVisitOverHttp, newCounters } from '../../bench/lifecycle.js';
import { BENCH_TECHNICIANS } from '../../bench/visit-steps.js';
import { technicians } from '../../db/schema.js';
import { type ServedApp, serveApp } from '../support/browser.js';
import { useTestStack } from '../support/stack.js';

describe("the bench's whole visit", () => {
  const stack = useTestStack();
  let server: ServedApp;
  beforeAll(async () => {
    await stack.database.db.insert(technicians).values(BENCH_TECHNICIANS).onConflictDoNothing();
    server = await serveApp((request) => stack.app.fetch(request));
  });
  afterAll(async () => server?.close());

  it('reaches aftercare through the HTTP API, each step sent by whom the rules expect', async () => {
    const http = new HttpClient(server.url);
    try {
      const tokens = await benchStaff(http);
      const counters = newCounters();
      const visitId = await driveVisitOverHttp(http, tokens, counters, 90_000);
      const read = await http.as(tokens.advisor).get(`/visits/${visitId}`);
      expect(read.body.state.stage).toBe('aftercare');
      // The walk-in and its 13 actions, and nothing refused other than a retried 409/503 under load.
      expect(counters.actionMs).toHaveLength(13);
    } finally {
      http.close();
    }
  }, 150_000);
});
