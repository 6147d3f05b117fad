// Section 4 of the report: cold start, the list routes before and after parking, and their plans.
import type { BenchResults } from '../results.js';
import { mib, ms, pcts, table, times } from './format.js';

export function queriesSection(out: string[], r: BenchResults): void {
  out.push('## 4. Cold start and list queries');
  out.push('');
  if (r.coldStart) {
    out.push(
      table(
        ['`npm start` (fresh process)', 'to /healthz 200', 'SIGINT to exit'],
        [
          ['fresh data directory (creates SQLite, migrates)', ms(r.coldStart.fresh.toHealthyMs), ms(r.coldStart.fresh.stopMs)],
          ['restart on the same data', ms(r.coldStart.restart.toHealthyMs), ms(r.coldStart.restart.stopMs)],
        ],
      ),
    );
    out.push('');
  }
  out.push(
    table(
      ['request', 'visits in db', 'rows', 'p50 / p95 / p99 ms', '÷ /healthz p50'],
      [
        ['GET /healthz', r.queriesSmall.visits, '–', pcts(r.queriesSmall.healthz), '×1'],
        ...r.queriesSmall.queries.map((q) => [q.name, r.queriesSmall.visits, q.rows, pcts(q.latency), times(q.ratioToHealthz)]),
        ['GET /healthz', r.queriesParked.visits, '–', pcts(r.queriesParked.healthz), '×1'],
        ...r.queriesParked.queries.map((q) => [q.name, r.queriesParked.visits, q.rows, pcts(q.latency), times(q.ratioToHealthz)]),
      ],
    ),
  );
  if (r.queriesAtScale) {
    const a = r.queriesAtScale;
    out.push('');
    out.push(`With ${a.visits} visits (stack RSS ${mib(a.rssBytes)}, dev server SQLite ${mib(a.sqliteBytes)}):`);
    out.push('');
    out.push(
      table(
        ['request', 'rows', 'p50 / p95 / p99 ms', '÷ /healthz p50'],
        [
          ['GET /healthz', '–', pcts(a.healthz), '×1'],
          ...a.queries.map((q) => [q.name, q.rows, pcts(q.latency), times(q.ratioToHealthz)]),
        ],
      ),
    );
  }
  out.push('');
  for (const s of r.queriesParked.scaling)
    out.push(`${s.name}: ${times(s.ratio)} at ${r.queriesParked.visits} visits vs ${r.queriesSmall.visits} (same result page).`);
  out.push('');
  out.push('### Plans (EXPLAIN ANALYZE through drizzle, the queries the routes send)');
  for (const plan of r.explain) {
    out.push('');
    out.push(
      `**${plan.name}** — ${plan.usesIndex ? 'index' : 'no index'}${plan.seqScanOnVisits ? ', **Seq Scan on visits**' : ''}`,
    );
    out.push('');
    out.push('```');
    // A page's ids in an `= ANY ('{…}')` filter say nothing about the plan and run to thousands of characters.
    out.push(...plan.plan.map((line) => line.replace(/'\{[^}]{200,}\}'/g, (ids) => `'{${ids.split(',').length} ids}'`)));
    out.push('```');
  }
  out.push('');
}
