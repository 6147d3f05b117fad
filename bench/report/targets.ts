// The report's first table: issue 13's targets, each figure beside its same-run reference.
import type { BenchResults } from '../results.js';
import { cpu, kib, met, mib, ms, sum, times } from './format.js';

const WHOLE_VISIT_HISTORY = 'happy-path.json';
const PARKED_AFTERCARE_HISTORY = 'aftercare-parked-run2.json';

/** Issue 13's "done when", each figure beside its same-run reference and its target. */
export function targets(r: BenchResults): (string | number)[][] {
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
