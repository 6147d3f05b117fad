import type { HttpClient } from './http.js';
import { progress } from './settings.js';
import { ratio, summarize } from './stats.js';

/** GET latencies of the list routes, interleaved with /healthz as the same-run yardstick. */
export async function measureQueries(http: HttpClient, paths: { name: string; path: string }[], rounds: number) {
  const healthz: number[] = [];
  const samples = paths.map(() => [] as number[]);
  const rows = paths.map(() => 0);
  for (let round = 0; round < rounds + 5; round++) {
    const h = await http.get('/healthz');
    if (h.status !== 200) throw new Error(`/healthz: ${h.status}`);
    if (round >= 5) healthz.push(h.ms);
    for (const [i, p] of paths.entries()) {
      const res = await http.get(p.path);
      if (res.status !== 200) throw new Error(`GET ${p.path}: ${res.status} ${JSON.stringify(res.body)}`);
      rows[i] = res.body.items.length;
      if (round >= 5) samples[i]?.push(res.ms);
    }
    if (round % 25 === 0) progress(`queries: round ${round}/${rounds + 5}`, false);
  }
  const h = summarize(healthz);
  return {
    healthz: h,
    queries: paths.map((p, i) => {
      const latency = summarize(samples[i] ?? []);
      return { ...p, rows: rows[i] ?? 0, latency, ratioToHealthz: ratio(latency.p50, h.p50) };
    }),
  };
}
