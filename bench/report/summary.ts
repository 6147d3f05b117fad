// The report's summary table: the headline figure of each section beside its same-run reference.
import type { BenchResults } from '../results.js';
import { cpu, kib, mib, ms, pcts, ratios, table, times } from './format.js';

export function summarySection(out: string[], r: BenchResults): void {
  const p = r.parked;
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
          ratios(r.overhead.ratio),
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
}
