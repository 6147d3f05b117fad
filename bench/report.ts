import type { CpuPer } from './lifecycle.js';
import type { BenchResults } from './run.js';
import type { Summary } from './stats.js';

const mib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const kib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : `${x} ms`);
const pcts = (s: Summary) => `${s.p50} / ${s.p95} / ${s.p99}`;
const cpu = (c: CpuPer | undefined) =>
  c ? `${c.totalMs} ms (${c.stackMs} + ${c.temporalMs}${c.databaseMs ? ` + ${c.databaseMs}` : ''})` : '–';
const times = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : `×${x}`);

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

const met = (ok: boolean | undefined) => (ok === undefined ? '–' : ok ? 'met' : '**not met**');
const WHOLE_VISIT_HISTORY = 'happy-path.json';
const PARKED_AFTERCARE_HISTORY = 'aftercare-parked-run2.json';

/** Issue 13's "done when", each figure beside its same-run reference and its target. */
function targets(r: BenchResults): (string | number)[][] {
  const p = r.parked;
  const c64 = r.throughput.at(-1);
  const whole = r.histories.find((h) => h.name === WHOLE_VISIT_HISTORY);
  const parkedRun = r.histories.find((h) => h.name === PARKED_AFTERCARE_HISTORY);
  const completed = r.histories.filter((h) => !h.name.includes('-parked'));
  const largest = completed.reduce<(typeof completed)[number] | undefined>(
    (a, h) => (a && a.bytes >= h.bytes ? a : h),
    undefined,
  );
  const cacheFull = p.memory.allParked.cachedWorkflows >= 1_000;
  const scale = r.queriesAtScale ?? r.queriesParked;
  const lists = scale.queries;
  const worstP99 = Math.max(...lists.map((q) => q.latency.p99));
  const q = r.workflowQueries;
  return [
    [
      'memory per cached visit (booked, fresh worker)',
      kib(r.cacheProbe.visit.perCachedBytes),
      `cached skeleton visit: ${kib(r.cacheProbe.skeleton.perCachedBytes)}`,
      times(r.cacheProbe.ratio),
      '≤ ×2',
      met(r.cacheProbe.ratio <= 2),
    ],
    [
      `stack RSS, ${p.memory.allParked.cachedWorkflows} visits cached (${p.total} parked)`,
      mib(p.memory.allParked.rssBytes),
      `before parking: ${mib(p.memory.before.rssBytes)}`,
      '–',
      '≤ 1 GiB with the cache full',
      cacheFull ? met(p.memory.allParked.rssBytes <= 2 ** 30) : '– (cache not full)',
    ],
    [
      `CPU per whole visit, concurrency ${c64?.concurrency ?? '–'}`,
      cpu(c64?.cpuPerVisit),
      `skeleton visit: ${cpu(c64?.cpuPerSkeleton)}`,
      times(c64?.cpuRatioToSkeleton),
      '≤ ×1.5',
      met(c64?.cpuRatioToSkeleton === undefined ? undefined : c64.cpuRatioToSkeleton <= 1.5),
    ],
    [
      `history of a completed visit (${WHOLE_VISIT_HISTORY}; largest: ${largest?.name ?? '–'})`,
      `${kib(whole?.bytes)} (${kib(largest?.bytes)}), ${whole?.events ?? '–'} events`,
      `this run's whole visit (${r.liveVisit.runs} runs, parked in aftercare): ${kib(r.liveVisit.bytes)}, ${r.liveVisit.events} events`,
      '–',
      '≤ 120 KB',
      met(largest ? largest.bytes <= 120_000 : undefined),
    ],
    [
      `replay of a whole visit (${WHOLE_VISIT_HISTORY}), CPU`,
      ms(whole?.replayCpuMs),
      `slowest recorded history: ${ms(Math.max(...r.histories.map((h) => h.replayCpuMs)))}`,
      '–',
      '≤ 40 ms',
      met(whole ? whole.replayCpuMs <= 40 : undefined),
    ],
    [
      `replay of a visit parked in aftercare (${PARKED_AFTERCARE_HISTORY}), CPU`,
      ms(parkedRun?.replayCpuMs),
      '–',
      '–',
      '≤ 10 ms',
      met(parkedRun ? parkedRun.replayCpuMs <= 10 : undefined),
    ],
    [
      `${p.due.started} confirmation timers due at one instant`,
      p.firedPerSecond === null ? 'not all fired' : `${p.firedPerSecond} timers/s`,
      `one-update workflows at c=${c64?.concurrency ?? '–'}: ${c64?.ceilingPerSecond ?? '–'} /s`,
      times(p.ratioFiredToCeiling),
      '≥ ×0.8 (with 10,000 due)',
      // Timers that fell due while bookings were still going in measure the booking, not the firing.
      p.slackS < 0
        ? `– (the due instant passed ${-p.slackS} s before the bookings were in)`
        : met(p.ratioFiredToCeiling !== null && p.ratioFiredToCeiling >= 0.8),
    ],
    [
      'workflow queries sent by the API (screens, GET routes, actions) in the whole run',
      q.total,
      `lifecycle ${q.lifecycle}, list routes ${q.lists}, one pass over every GET route and screen: ${sum(q.reads.cached)} (cached) + ${sum(q.reads.evicted)} (evicted)`,
      '–',
      '0',
      met(q.total === 0),
    ],
    ...(r.coldStart
      ? [
          [
            '`npm start` on existing data to /healthz 200',
            ms(r.coldStart.restart.toHealthyMs),
            `on fresh data: ${ms(r.coldStart.fresh.toHealthyMs)}`,
            times(Math.round((r.coldStart.restart.toHealthyMs / r.coldStart.fresh.toHealthyMs) * 100) / 100),
            '≤ 5 s',
            met(r.coldStart.restart.toHealthyMs <= 5_000),
          ],
        ]
      : []),
    [
      `list routes with ${scale.visits} visits: worst p99`,
      ms(worstP99),
      `GET /healthz p99: ${ms(scale.healthz.p99)}`,
      times(Math.round((worstP99 / scale.healthz.p99) * 100) / 100),
      '≤ 25 ms (at 100,000)',
      met(worstP99 <= 25),
    ],
    ['dev server SQLite per parked visit', kib(p.perVisit.sqliteBytes), '–', '–', 'reported', '–'],
  ];
}

const sum = (reads: { workflowQueries: number }[]) => reads.reduce((n, x) => n + x.workflowQueries, 0);

/** The committed summary: every figure beside the same-run figure it is a ratio of. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.meta;
  const p = r.parked;
  const out: string[] = [];
  out.push('# servicelane benchmark');
  out.push('');
  out.push(
    `\`npm run bench\` on ${m.cores} cores / ${m.memoryGiB} GiB, Node ${m.node}, ${m.database === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ` +
      `commit ${m.commit ?? '?'}, ${m.date}; ${m.totalSeconds} s in all. Absolute times depend on the machine; ` +
      'the ratios are measured within this one run and are what to compare.',
  );
  if (Object.keys(m.workerOptions as object).length > 0 || (m.temporalExtraArgs as string[]).length > 0)
    out.push(
      '',
      `Tuning under test: worker ${JSON.stringify(m.workerOptions)}, dev server ${JSON.stringify(m.temporalExtraArgs)}.`,
    );
  out.push('');
  out.push(
    'The machine may be shared (other test runs on the same cores): wall-clock figures are noisy, CPU figures ' +
      'less so, and the same-run ratios are what count.',
  );
  out.push('');
  out.push('## Issue 13 targets');
  out.push('');
  out.push(table(['figure', 'measured', 'same-run reference', 'ratio', 'target', ''], targets(r)));
  out.push('');
  out.push('## Summary');
  out.push('');
  const c64 = r.throughput.at(-1);
  const appointments = r.queriesParked.queries.find((q) => q.path.startsWith('/appointments'));
  const booked = r.queriesParked.queries.find((q) => q.path === '/visits?stage=booked');
  out.push(
    table(
      ['figure', 'measured', 'same-run reference', 'ratio'],
      [
        [
          'visit action round trip, HTTP API (p50 / p95 / p99)',
          pcts(r.overhead.http),
          `Temporal client update: ${pcts(r.overhead.direct)} ms`,
          `${times(r.overhead.ratio.p50)} / ${times(r.overhead.ratio.p95)} / ${times(r.overhead.ratio.p99)}`,
        ],
        ...r.throughput.map((t) => [
          `whole visits (walk-in → follow-up, 14 requests), concurrency ${t.concurrency}`,
          `${t.visitsPerSecond} visits/s`,
          `one-update workflow: ${t.ceilingPerSecond} /s`,
          times(t.ratioToCeiling),
        ]),
        ...r.throughput
          .filter((t) => t.cpuPerVisit && t.cpuPerCeiling)
          .slice(-1)
          .map((t) => [
            `CPU per whole visit (stack process + dev server${r.meta.database === 'pglite' ? '' : ' + PostgreSQL'}), concurrency ${t.concurrency}`,
            cpu(t.cpuPerVisit),
            `per one-update workflow: ${cpu(t.cpuPerCeiling)}`,
            times(t.cpuRatio),
          ]),
        [
          `parked visits (${p.total}): stack process RSS`,
          mib(p.memory.allParked.rssBytes),
          `before parking: ${mib(p.memory.before.rssBytes)}`,
          `+${kib(p.perVisit.rssBytes)} per visit`,
        ],
        [
          'parked visits: dev server SQLite file',
          mib(p.memory.allParked.sqliteBytes),
          `before parking: ${mib(p.memory.before.sqliteBytes)}`,
          `+${kib(p.perVisit.sqliteBytes)} per visit`,
        ],
        [
          `${p.due.started} confirmation timers due at one instant: all on the call list after`,
          p.allFiredAfterS === null ? `not all within the timeout (${p.fired.created})` : `${p.allFiredAfterS} s`,
          `one-update workflows at c=${c64?.concurrency ?? '–'}: ${c64?.ceilingPerSecond ?? '–'} /s`,
          p.firedPerSecond === null ? '–' : `${p.firedPerSecond} timers/s = ${times(p.ratioFiredToCeiling)}`,
        ],
        ...(r.coldStart
          ? [
              [
                'cold start of `npm start` (fresh process, fresh data) to /healthz 200',
                ms(r.coldStart.fresh.toHealthyMs),
                `restart on the data it left: ${ms(r.coldStart.restart.toHealthyMs)}`,
                times(Math.round((r.coldStart.fresh.toHealthyMs / r.coldStart.restart.toHealthyMs) * 100) / 100),
              ],
            ]
          : []),
        ...(appointments
          ? [
              [
                `GET /appointments?date= with ${r.queriesParked.visits} visits (p50 / p95 / p99)`,
                pcts(appointments.latency),
                `GET /healthz: ${pcts(r.queriesParked.healthz)} ms`,
                times(appointments.ratioToHealthz),
              ],
            ]
          : []),
        ...(booked
          ? [
              [
                `GET /visits?stage=booked with ${r.queriesParked.visits} visits (p50 / p95 / p99)`,
                pcts(booked.latency),
                `GET /healthz: ${pcts(r.queriesParked.healthz)} ms`,
                times(booked.ratioToHealthz),
              ],
            ]
          : []),
      ],
    ),
  );
  out.push('');
  out.push('## 1. API overhead: one visit action (`record_requests`, visit in reception), sequential');
  out.push('');
  out.push(
    table(
      ['path', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'ratio p50 / p95 / p99'],
      [
        [
          'Temporal client `executeUpdate`',
          r.overhead.direct.n,
          r.overhead.direct.p50,
          r.overhead.direct.p95,
          r.overhead.direct.p99,
          '×1',
        ],
        [
          'HTTP API',
          r.overhead.http.n,
          r.overhead.http.p50,
          r.overhead.http.p95,
          r.overhead.http.p99,
          `${times(r.overhead.ratio.p50)} / ${times(r.overhead.ratio.p95)} / ${times(r.overhead.ratio.p99)}`,
        ],
        [
          'HTTP API with `Idempotency-Key`',
          r.overhead.httpIdempotent.n,
          r.overhead.httpIdempotent.p50,
          r.overhead.httpIdempotent.p95,
          r.overhead.httpIdempotent.p99,
          `${times(r.overhead.ratioIdempotent.p50)} / ${times(r.overhead.ratioIdempotent.p95)} / ${times(r.overhead.ratioIdempotent.p99)}`,
        ],
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
    `The skeleton visit (bench/skeleton-workflow.ts) is read off the history of this run's first whole visit: the same ${r.skeleton.updates} updates, sent through the Temporal client with the arguments the visit received, ` +
      `the same ${r.skeleton.activities} activity calls (no-op activities on its own worker) in the same workflow tasks, the same ${r.skeleton.timers} timers started and ${r.skeleton.cancels} cancelled; ` +
      'validators accept, handlers answer nothing, and it parks like a visit in aftercare. What a visit costs beyond it (state, rules, answers, search attributes, the HTTP API and its database work) is the domain.',
  );
  out.push('');
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
    `${mib(x.before.rssBytes)} → ${mib(x.after.rssBytes)}`,
    kib(x.perCachedBytes),
    `${x.fillSeconds} s`,
  ];
  out.push(
    table(
      ['worker', 'cached workflows', 'process RSS', 'per cached workflow', 'to park them'],
      [
        probe(r.cacheProbe.visit, 'the app worker, booked visits (openVisit, weeks ahead)'),
        probe(r.cacheProbe.skeleton, "skeleton visits of a booking's shape (its start: activities and timers)"),
      ],
    ),
  );
  out.push('');
  out.push(
    `Each process warms up with 20 workflows first (bundle, isolate, connections), so the growth is the cache's. Ratio ×${r.cacheProbe.ratio}.`,
  );
  out.push('');
  out.push('## 4. Cold start and list queries');
  out.push('');
  if (r.coldStart) {
    out.push(
      table(
        ['`tsx scripts/start.ts` (fresh process)', 'to /healthz 200', 'SIGINT to exit'],
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
  out.push('## 5. Recorded histories (test/histories)');
  out.push('');
  out.push(
    table(
      ['history', 'events', 'size (compact JSON)', 'replay CPU, median / max'],
      r.histories.map((h) => [h.name, h.events, kib(h.bytes), `${ms(h.replayCpuMs)} / ${ms(h.replayCpuMsMax)}`]),
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
  out.push('');
  return out.join('\n');
}
