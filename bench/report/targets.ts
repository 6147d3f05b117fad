// The report's first table: issue 13's targets, each figure beside its same-run reference.
import type { BenchResults } from '../results.js';
import { cpu, kib, met, mib, ms, sum, times } from './format.js';

/**
 * The recorded histories of visits as the code now runs them (test/histories keeps older shapes too, for the
 * visits started before each change, which keep replaying as they were written).
 */
const CURRENT_SHAPE = '-current';
/** A booked visit from booking to its maintenance reminder: its main run and its aftercare run. */
const WHOLE_VISIT_HISTORY = `happy-path${CURRENT_SHAPE}`;
const PARKED_AFTERCARE_HISTORY = `aftercare-compact-parked${CURRENT_SHAPE}-run2.json`;

type Figure = BenchResults['histories'][number];

/** A recorded visit's runs together (`<name>-run1.json`, `-run2.json` …, or one `<name>.json`). */
function visitsOf(histories: Figure[]) {
  const visits = new Map<string, { name: string; events: number; bytes: number; storedBytes: number; replayCpuMs: number }>();
  for (const h of histories) {
    const name = h.name.replace(/(-run\d+)?\.json$/, '');
    const v = visits.get(name) ?? { name, events: 0, bytes: 0, storedBytes: 0, replayCpuMs: 0 };
    v.events += h.events;
    v.bytes += h.bytes;
    v.storedBytes += h.storedBytes;
    v.replayCpuMs += h.replayCpuMs;
    visits.set(name, v);
  }
  return [...visits.values()];
}

/** Issue 13's "done when", each figure beside its same-run reference and its target. */
export function targets(r: BenchResults): (string | number)[][] {
  const p = r.parked;
  const c64 = r.throughput.at(-1);
  const current = visitsOf(r.histories.filter((h) => h.name.includes(CURRENT_SHAPE)));
  const whole = current.find((v) => v.name === WHOLE_VISIT_HISTORY);
  const parkedRun = r.histories.find((h) => h.name === PARKED_AFTERCARE_HISTORY);
  const largest = current.reduce<(typeof current)[number] | undefined>((a, v) => (a && a.bytes >= v.bytes ? a : v), undefined);
  const cacheFull = p.memory.allParked.cachedWorkflows >= 1_000;
  const scale = r.queriesAtScale ?? r.queriesParked;
  const lists = scale.queries;
  const worstP99 = Math.max(...lists.map((q) => q.latency.p99));
  const q = r.workflowQueries;
  return [
    [
      'memory per cached visit (live heap; booked, fresh worker)',
      kib(r.cacheProbe.visit.perCachedBytes),
      `cached skeleton visit: ${kib(r.cacheProbe.skeleton.perCachedBytes)}`,
      times(r.cacheProbe.ratio),
      '≤ ×2',
      met(r.cacheProbe.ratio <= 2),
    ],
    [
      `stack RSS (worker and API), ${p.memory.allParked.cachedWorkflows} visits cached (${p.total} parked)`,
      mib(p.memory.allParked.rssBytes),
      `before parking: ${mib(p.memory.before.rssBytes)}; with the reference workers, before they stopped: ${mib(r.referenceWorkers?.before)}`,
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
      `history of a completed visit, both runs, compact JSON (${WHOLE_VISIT_HISTORY}; largest: ${largest?.name ?? '–'})`,
      `${kib(whole?.bytes)} (${kib(largest?.bytes)}), ${whole?.events ?? '–'} events; stored: ${kib(whole?.storedBytes)}`,
      `this run's whole visit (${r.liveVisit.runs} runs, parked in aftercare): ${kib(r.liveVisit.bytes)}, ${r.liveVisit.events} events; stored: ${kib(r.liveVisit.storedBytes)}`,
      '–',
      '≤ 120 KB',
      met(largest ? largest.bytes <= 120_000 : undefined),
    ],
    [
      `replay of a whole visit, both runs (${WHOLE_VISIT_HISTORY}), CPU`,
      ms(whole?.replayCpuMs),
      `slowest recorded visit now: ${ms(Math.max(...current.map((v) => v.replayCpuMs)))}; this run's whole visit: ${ms(r.liveReplay?.visitMs)}, its skeleton: ${ms(r.liveReplay?.skeletonMs)}`,
      times(r.liveReplay?.ratio),
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
