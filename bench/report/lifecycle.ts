// Sections 1 and 2 of the report: the API's overhead on one action, and whole visits against the ceiling.
import type { BenchResults } from '../results.js';
import type { Summary } from '../stats.js';
import { cpu, pcts, ratios, table, times } from './format.js';

/** One way of sending the action: its sample size, percentiles and their ratios to the Temporal client's. */
const overheadRow = (path: string, s: Summary, ratio: string) => [path, s.n, s.p50, s.p95, s.p99, ratio];

export function lifecycleSections(out: string[], r: BenchResults): void {
  out.push('## 1. API overhead: one visit action (`record_requests`, visit in reception), sequential');
  out.push('');
  out.push(
    table(
      ['path', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'ratio p50 / p95 / p99'],
      [
        overheadRow('Temporal client `executeUpdate`', r.overhead.direct, '×1'),
        overheadRow('HTTP API', r.overhead.http, ratios(r.overhead.ratio)),
        overheadRow('HTTP API with `Idempotency-Key`', r.overhead.httpIdempotent, ratios(r.overhead.ratioIdempotent)),
      ],
    ),
  );
  out.push('');
  out.push(
    `The HTTP layer adds ${r.overhead.addedMsP50} ms at the median (${r.overhead.addedMsP50Idempotent} ms with an Idempotency-Key).`,
  );
  out.push('');
  out.push('## 2. Lifecycle throughput through the HTTP API vs the one-update ceiling');
  out.push('');
  out.push(
    table(
      [
        'concurrency',
        'visits',
        'visits/s',
        'actions/s',
        'action p50 / p95 / p99 ms',
        'ceiling wf/s',
        'ratio',
        'CPU ms per visit / per ceiling wf',
        'skeleton visits/s',
        'CPU ms per skeleton visit (visit ÷ skeleton)',
        'workflow queries',
        'dispatch retries',
        'errors',
      ],
      r.throughput.map((t) => [
        t.concurrency,
        t.visits,
        t.visitsPerSecond,
        t.actionsPerSecond,
        pcts(t.action),
        t.ceilingPerSecond,
        times(t.ratioToCeiling),
        t.cpuPerVisit && t.cpuPerCeiling ? `${t.cpuPerVisit.totalMs} / ${t.cpuPerCeiling.totalMs} (${times(t.cpuRatio)})` : '–',
        t.skeletonPerSecond,
        t.cpuPerSkeleton ? `${cpu(t.cpuPerSkeleton)} (${times(t.cpuRatioToSkeleton)})` : '–',
        t.workflowQueries,
        t.dispatchRetries,
        Object.entries(t.errors)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ') || 'none',
      ]),
    ),
  );
  out.push('');
  out.push(
    'A visit is 14 requests (walk-in + 13 actions: arrive, requests, warranty, inspection, diagnosis, estimate, decision, dispatch, start, complete, QC, pickup, follow-up) and their activities; the ceiling is start + one update + completion of a trivial workflow on its own task queue and worker, on the same server. ' +
      'CPU is user + system time of the stack process (worker, API, and PGlite when used) plus the Temporal dev server plus, on PostgreSQL, its server processes over the run, divided by the visits (or workflows): it does not grow when other processes share the machine, as wall times do. ' +
      `Errors are answers other than 200, each followed by a re-read and a retry (503: the API gave up on Temporal after TEMPORAL_CALL_TIMEOUT_MS).`,
  );
  out.push('');
  out.push(
    `The skeleton visit (bench/skeleton-workflow.ts) is read off the history of this run's first whole visit: the same ${r.skeleton.updates} updates, sent through a Temporal client in the stack process (as the API sends a visit's) with the arguments the visit received, ` +
      `the same ${r.skeleton.activities} activity calls (no-op activities on its own worker) in the same workflow tasks, the same ${r.skeleton.timers} timers started and ${r.skeleton.cancels} cancelled; ` +
      'validators accept, handlers answer nothing, and it parks like a visit in aftercare. What a visit costs beyond it (state, rules, answers, search attributes, the HTTP API and its database work) is the domain.',
  );
  out.push('');
}
