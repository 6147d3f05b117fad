// Sections 5 and 6 of the report: the recorded histories' size and replay CPU, and the workflow queries the API sent.
import type { BenchResults } from '../results.js';
import { kib, ms, table } from './format.js';

export function historiesSections(out: string[], r: BenchResults): void {
  out.push('## 5. Recorded histories (test/histories)');
  out.push('');
  out.push(
    table(
      ['history', 'events', 'size (compact JSON)', 'stored (protobuf)', 'replay CPU, median / max'],
      r.histories.map((h) => [
        h.name,
        h.events,
        kib(h.bytes),
        kib(h.storedBytes),
        `${ms(h.replayCpuMs)} / ${ms(h.replayCpuMsMax)}`,
      ]),
    ),
  );
  out.push('');
  out.push(
    `Each replayed ${(r.meta.settings as { replayPasses: number }).replayPasses} times in one replay worker (bundled once); CPU is the bench process's user + system time, every thread, from one replay's result to the next.`,
  );
  out.push('');
  out.push('## 6. Workflow queries sent by the API');
  out.push('');
  out.push(
    "Counted on the gRPC channel of the API's own Temporal client (QueryWorkflow calls), so the screens, which call the API in-process, count too and the bench's drivers do not. " +
      `In the whole run: ${r.workflowQueries.total} (lifecycle ${r.workflowQueries.lifecycle}, list routes ${r.workflowQueries.lists}). ` +
      "One pass over every GET route of /openapi.json and the visit's screens, as an admin, for this run's first whole visit: while it is cached, and again after the parking has pushed it out of the cache.",
  );
  out.push('');
  const evicted = new Map(r.workflowQueries.reads.evicted.map((x) => [x.path, x]));
  out.push(
    table(
      ['GET', 'status', 'queries (cached)', 'ms (cached)', 'queries (evicted)', 'ms (evicted)'],
      r.workflowQueries.reads.cached.map((x) => [
        `\`${x.path}\``,
        x.status,
        x.workflowQueries,
        x.ms,
        evicted.get(x.path)?.workflowQueries ?? '–',
        evicted.get(x.path)?.ms ?? '–',
      ]),
    ),
  );
  if (r.workflowQueries.reads.skipped.length > 0) {
    out.push('');
    out.push(
      `Not called (parameters the bench cannot fill from one visit): ${r.workflowQueries.reads.skipped.map((x) => `\`${x}\``).join(', ')}.`,
    );
  }
}
