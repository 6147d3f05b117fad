// Section 3 of the report: parked visits, their memory and CPU, the timers due at one instant, the cache probe.
import type { BenchResults } from '../results.js';
import { cpu, kib, mib, table } from './format.js';

export function parkedSection(out: string[], r: BenchResults): void {
  const p = r.parked;
  out.push('## 3. Parked visits');
  out.push('');
  const cols = [p.memory.before, p.memory.dueParked, p.memory.fired, p.memory.allParked];
  const row = (label: string, f: (x: (typeof cols)[number]) => string | number) => [label, ...cols.map(f)];
  out.push(
    table(
      [
        '',
        'before parking',
        `${p.pilot.started + p.due.started} booked, calls not yet due`,
        'after the calls fired',
        `${p.total} parked`,
      ],
      [
        row('stack process RSS (worker + API + database client)', (x) => mib(x.rssBytes)),
        row('V8 heap used (main thread)', (x) => mib(x.heapUsedBytes)),
        row('workflows in the worker cache', (x) => x.cachedWorkflows),
        row('Temporal dev server RSS', (x) => mib(x.temporalServerRssBytes)),
        row('dev server SQLite file (+ WAL)', (x) => mib(x.sqliteBytes)),
        ...(p.memory.before.pgliteBytes !== null ? [row('PGlite data directory', (x) => mib(x.pgliteBytes))] : []),
      ],
    ),
  );
  out.push('');
  out.push(
    `Booking (openVisit: records + workflow start, ${(r.meta.settings as { parkConcurrency: number }).parkConcurrency} at a time): ${p.bookingPerSecond} bookings/s in the pilot. ` +
      `${p.pilot.started} were booked weeks ahead with production timing; ${p.due.started} with appointments spread over four weeks and a per-visit confirmation lead that puts every day-before call at one instant, ${p.dueAtOffsetS} s after the pilot (the last booking left ${p.slackS} s to spare)` +
      (p.topUp.started > 0 ? `; ${p.topUp.started} more weeks ahead after the calls fired.` : '.') +
      ` From the CPU figures below, parking and firing these visits needs at least ${p.idleMachineFloorS} s on ${r.meta.cores} idle cores.`,
  );
  out.push('');
  out.push(
    table(
      ['confirmation calls on the list', 'after due: p50', 'p90', 'p99', 'all', 'rate', 'CPU per booking', 'CPU per fired timer'],
      [
        [
          `${p.fired.created} / ${p.fired.expected}`,
          `${p.fired.lagP50 ?? '–'} s`,
          `${p.fired.lagP90 ?? '–'} s`,
          `${p.fired.lagP99 ?? '–'} s`,
          p.allFiredAfterS === null ? 'not all' : `${p.allFiredAfterS} s`,
          p.firedPerSecond === null ? '–' : `${p.firedPerSecond} /s`,
          cpu(p.cpuPerBooking),
          cpu(p.cpuPerFiredTimer),
        ],
      ],
    ),
  );
  if (r.bend && r.bend.length > 0) {
    out.push('');
    out.push('### Toward 100,000 (BENCH_PARKED=100000)');
    out.push('');
    out.push(
      table(
        ['parked', 'bookings/s', 'failed', 'stack RSS', 'dev server RSS', 'SQLite', 'cached workflows'],
        r.bend.map((b) => [
          b.parked,
          b.bookingPerSecond,
          b.failed,
          mib(b.rssBytes),
          mib(b.temporalServerRssBytes),
          mib(b.sqliteBytes),
          b.cachedWorkflows,
        ]),
      ),
    );
  }
  out.push('');
  out.push('### Memory per cached workflow, each kind in a fresh worker process');
  out.push('');
  const probe = (x: BenchResults['cacheProbe']['visit'], label: string) => [
    label,
    `${x.before.cached} → ${x.after.cached}`,
    `${mib(x.before.heapBytes)} → ${mib(x.after.heapBytes)}`,
    kib(x.perCachedBytes),
    `${mib(x.before.rssBytes)} → ${mib(x.after.rssBytes)}`,
    kib(x.perCachedRssBytes),
    `${x.fillSeconds} s`,
  ];
  out.push(
    table(
      [
        'worker',
        'cached workflows',
        'live heap',
        'per cached workflow',
        'process RSS',
        'RSS per cached workflow',
        'to park them',
      ],
      [
        probe(r.cacheProbe.visit, 'the app worker, booked visits (openVisit, weeks ahead)'),
        probe(r.cacheProbe.skeleton, "skeleton visits of a booking's shape (its start: activities and timers)"),
      ],
    ),
  );
  out.push('');
  out.push(
    `Each process warms up with 20 workflows first (bundle, isolate, connections), so the growth is the cache's. The workflows run on the probe's main thread (\`TEMPORAL_DEBUG\`), and the live heap is read after a full collection (\`--expose-gc\`); RSS also holds garbage not yet collected. Ratio (live heap) ×${r.cacheProbe.ratio}.`,
  );
  out.push('');
}
