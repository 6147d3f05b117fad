import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { actionUpdates } from '../workflows/messages.js';
import type { HttpClient } from './http.js';
import { nowMs, ratio, type Summary, summarize } from './stats.js';
import { type Tokens, walkInBody } from './visit-steps.js';

export interface OverheadResult {
  visits: number;
  rounds: number;
  direct: Summary;
  http: Summary;
  httpIdempotent: Summary;
  /** HTTP ÷ direct at each percentile. */
  ratio: { p50: number; p95: number; p99: number };
  ratioIdempotent: { p50: number; p95: number; p99: number };
  /** Added milliseconds at the median. */
  addedMsP50: number;
  addedMsP50Idempotent: number;
}

const payload = { requests: ['Check the tyre pressure'] };

/**
 * The same `record_requests` update on visits in reception, three ways, interleaved in a shuffled order each
 * round so the machine's noise falls on all three alike: through the HTTP API (with and without an
 * Idempotency-Key) and straight from the Temporal client. Same workflow, same activity, same answer.
 */
export async function measureOverhead(
  http: HttpClient,
  tokens: Tokens,
  client: Client,
  rounds: number,
  onRound: (done: number) => void,
): Promise<OverheadResult> {
  const advisor = http.as(tokens.advisor);
  const visitIds: string[] = [];
  for (let i = 0; i < 16; i++) {
    const created = await advisor.post('/visits', walkInBody());
    if (created.status !== 201) throw new Error(`walk-in refused: ${created.status} ${JSON.stringify(created.body)}`);
    const arrived = await advisor.post(`/visits/${created.body.visitId}/actions/arrive`, { coversFitted: true, mileage: 1 });
    if (arrived.status !== 200) throw new Error(`arrive refused: ${arrived.status} ${JSON.stringify(arrived.body)}`);
    visitIds.push(created.body.visitId);
  }
  const actor = { id: 'bench-adv', role: 'advisor' as const };
  const samples = { direct: [] as number[], http: [] as number[], httpIdempotent: [] as number[] };
  type Kind = keyof typeof samples;
  const once = async (kind: Kind, visitId: string): Promise<number> => {
    if (kind === 'direct') {
      const t0 = nowMs();
      await client.workflow.getHandle(visitId).executeUpdate(actionUpdates.record_requests, { args: [{ actor, payload }] });
      return nowMs() - t0;
    }
    const headers: Record<string, string> = kind === 'httpIdempotent' ? { 'Idempotency-Key': randomUUID() } : {};
    const res = await advisor.post(`/visits/${visitId}/actions/record_requests`, payload, headers);
    if (res.status !== 200) throw new Error(`record_requests over HTTP: ${res.status} ${JSON.stringify(res.body)}`);
    return res.ms;
  };
  const warmup = 10;
  let turn = 0;
  for (let round = 0; round < warmup + rounds; round++) {
    const order: Kind[] = ['direct', 'http', 'httpIdempotent'];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j] as Kind, order[i] as Kind];
    }
    for (const kind of order) {
      const ms = await once(kind, visitIds[turn++ % visitIds.length] as string);
      if (round >= warmup) samples[kind].push(ms);
    }
    if (round >= warmup) onRound(round - warmup + 1);
  }
  const direct = summarize(samples.direct);
  const viaHttp = summarize(samples.http);
  const httpIdempotent = summarize(samples.httpIdempotent);
  const ratios = (s: Summary) => ({
    p50: ratio(s.p50, direct.p50),
    p95: ratio(s.p95, direct.p95),
    p99: ratio(s.p99, direct.p99),
  });
  return {
    visits: visitIds.length,
    rounds,
    direct,
    http: viaHttp,
    httpIdempotent,
    ratio: ratios(viaHttp),
    ratioIdempotent: ratios(httpIdempotent),
    addedMsP50: Math.round((viaHttp.p50 - direct.p50) * 100) / 100,
    addedMsP50Idempotent: Math.round((httpIdempotent.p50 - direct.p50) * 100) / 100,
  };
}
