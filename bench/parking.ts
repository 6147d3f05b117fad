// Section 3 of the bench: visits parked in the stack, with one instant at which thousands of confirmation calls
// fall due, and (only on request, BENCH_PARKED above 10,000) parking on toward 100,000 to see where it bends.
import { cpus } from 'node:os';
import type { CpuPer } from './lifecycle.js';
import type { FiredReport, MemoryReport, ParkResult } from './protocol.js';
import type { BenchResults, BendRow } from './results.js';
import { int, progress, settings } from './settings.js';
import type { StackProcess } from './stack-client.js';
import { ratio, round, sleep } from './stats.js';

function cpuBetween(a: MemoryReport, b: MemoryReport, units: number): CpuPer {
  const stackMs = round((b.stackCpuMs - a.stackCpuMs) / Math.max(1, units), 1);
  const temporalMs = round(((b.temporalServerCpuMs ?? 0) - (a.temporalServerCpuMs ?? 0)) / Math.max(1, units), 1);
  const databaseMs = round(((b.databaseCpuMs ?? 0) - (a.databaseCpuMs ?? 0)) / Math.max(1, units), 1);
  return { stackMs, temporalMs, databaseMs, totalMs: round(stackMs + temporalMs + databaseMs, 1) };
}

/** Parks visits up to 10,000 (or BENCH_PARKED, if less); `ceilingC64` is the one-update ceiling at the top concurrency. */
export async function parkVisits(stack: StackProcess, ceilingC64: number | undefined): Promise<BenchResults['parked']> {
  // A pilot for the booking rate, then as many as fit before one due instant with every confirmation call due
  // then, the timers fired, then bookings weeks ahead up to the full count.
  const parkTarget = Math.min(settings.parked, Math.max(10_000, settings.pilot + settings.due));
  const before = await stack.call<MemoryReport>({ cmd: 'memory' });
  const pilotCount = Math.min(settings.pilot, parkTarget);
  progress(`parking: ${pilotCount} bookings weeks ahead (production timing) to measure the booking rate…`);
  const pilot = await stack.call<ParkResult>({
    cmd: 'park',
    request: { count: pilotCount, concurrency: settings.parkConcurrency, group: 'pilot', batch: 0 },
  });
  const bookingPerSecond = round((pilot.started / pilot.elapsedMs) * 1000);
  const dueTarget = Math.min(settings.due, parkTarget - pilotCount);
  // The due instant: the due group at the pilot's rate, +15 %, +10 s. Bookings stop 5 s before it (a visit
  // booked after its call was due gets no call), and whatever did not fit is booked after the timers fired.
  const dueAtOffsetS = Math.ceil((dueTarget / Math.max(bookingPerSecond, 1)) * 1.15 + 10);
  const dueAtMs = Date.now() + dueAtOffsetS * 1000;
  progress(
    `parking: ${bookingPerSecond} bookings/s; up to ${dueTarget} more with every confirmation call due in ${dueAtOffsetS} s (${new Date(dueAtMs).toISOString()})…`,
  );
  const due = await stack.call<ParkResult>({
    cmd: 'park',
    request: {
      count: dueTarget,
      concurrency: settings.parkConcurrency,
      group: 'due',
      dueAtMs,
      batch: 0,
      stopAtMs: dueAtMs - 5_000,
    },
  });
  const afterDue = await stack.call<MemoryReport>({ cmd: 'memory' });
  const slackS = round((dueAtMs - Date.now()) / 1000, 1);
  progress(
    `parking: ${due.started} booked (${due.failed} failed, ${due.skipped} left for later) in ${round(due.elapsedMs / 1000, 1)} s; ${slackS} s to the due instant`,
  );
  await sleep(Math.max(0, dueAtMs - Date.now() - 3_000));
  const parkedMemory = await stack.call<MemoryReport>({ cmd: 'memory' });
  await sleep(Math.max(0, dueAtMs - Date.now()));
  progress(`timers due now: waiting for ${due.started} confirmation calls on the call list…`);
  const atDue = await stack.call<MemoryReport>({ cmd: 'memory' });
  let report = await stack.call<FiredReport>({ cmd: 'fired', dueAtMs, expected: due.started });
  const fireDeadline = Date.now() + settings.fireTimeoutS * 1000;
  while (report.created < due.started && Date.now() < fireDeadline) {
    await sleep(1_000);
    report = await stack.call<FiredReport>({ cmd: 'fired', dueAtMs, expected: due.started });
    progress(`timers: ${report.created}/${due.started} confirmation calls on the list`, false);
  }
  const firedMemory = await stack.call<MemoryReport>({ cmd: 'memory' });
  const allFired = report.created >= due.started && report.lagMax !== null;
  const allFiredAfterS = allFired ? report.lagMax : null;
  const firedPerSecond = allFired && report.lagMax ? round(report.created / report.lagMax) : null;
  progress(
    allFired
      ? `timers: all ${report.created} fired and written ${allFiredAfterS} s after the due instant (p50 ${report.lagP50} s)`
      : `timers: only ${report.created}/${due.started} within ${settings.fireTimeoutS} s`,
  );
  const topUpCount = parkTarget - pilot.started - due.started;
  let topUp: ParkResult = { started: 0, failed: 0, skipped: 0, elapsedMs: 0, startsMs: 0 };
  if (topUpCount > 0) {
    progress(`parking: ${topUpCount} more weeks ahead to reach ${parkTarget}…`);
    topUp = await stack.call<ParkResult>({
      cmd: 'park',
      request: { count: topUpCount, concurrency: settings.parkConcurrency, group: 'pilot', batch: 0 },
    });
  }
  const parkedTotal = pilot.started + due.started + topUp.started;
  const allParkedMemory = await stack.call<MemoryReport>({ cmd: 'memory' });
  const parked: BenchResults['parked'] = {
    requested: parkTarget,
    total: parkedTotal,
    pilot,
    due,
    topUp,
    bookingPerSecond,
    dueAtOffsetS,
    slackS,
    fired: report,
    allFiredAfterS,
    firedPerSecond,
    ratioFiredToCeiling: firedPerSecond && ceilingC64 ? ratio(firedPerSecond, ceilingC64) : null,
    memory: { before, dueParked: parkedMemory, fired: firedMemory, allParked: allParkedMemory },
    cpuPerBooking: cpuBetween(before, afterDue, pilot.started + due.started),
    cpuPerFiredTimer: cpuBetween(atDue, firedMemory, report.created),
    idleMachineFloorS: 0,
    perVisit: {
      rssBytes: Math.round((allParkedMemory.rssBytes - before.rssBytes) / parkedTotal),
      sqliteBytes: Math.round((allParkedMemory.sqliteBytes - before.sqliteBytes) / parkedTotal),
      pgliteBytes:
        allParkedMemory.pgliteBytes !== null && before.pgliteBytes !== null
          ? Math.round((allParkedMemory.pgliteBytes - before.pgliteBytes) / parkedTotal)
          : null,
    },
  };

  parked.idleMachineFloorS = Math.round(
    (parked.cpuPerBooking.totalMs * parkedTotal + parked.cpuPerFiredTimer.totalMs * report.created) / (cpus().length * 1000),
  );
  return parked;
}

/** Parks on in batches of 10,000 up to BENCH_PARKED, until bookings fail or slow to a quarter of the first rate. */
export async function parkToTarget(stack: StackProcess, parkedTotal: number, bookingPerSecond: number) {
  let bend: BendRow[] | undefined;
  const target = settings.parked;
  if (target > parkedTotal) {
    bend = [];
    const firstRate = bookingPerSecond;
    let total = parkedTotal;
    const bendDeadline = Date.now() + int('BENCH_BEND_MAX_S', 3_600) * 1000;
    for (let batch = 1; total < target && Date.now() < bendDeadline; batch++) {
      const count = Math.min(10_000, target - total);
      const result = await stack.call<ParkResult>(
        { cmd: 'park', request: { count, concurrency: settings.parkConcurrency, group: 'pilot', batch } },
        7_200_000,
      );
      total += result.started;
      const memory = await stack.call<MemoryReport>({ cmd: 'memory' });
      const rate = round((result.started / result.elapsedMs) * 1000);
      bend.push({
        parked: total,
        bookingPerSecond: rate,
        failed: result.failed,
        rssBytes: memory.rssBytes,
        sqliteBytes: memory.sqliteBytes,
        temporalServerRssBytes: memory.temporalServerRssBytes,
        cachedWorkflows: memory.cachedWorkflows,
      });
      progress(
        `bend: ${total} parked, ${rate} bookings/s, RSS ${round(memory.rssBytes / 2 ** 20)} MiB, SQLite ${round(memory.sqliteBytes / 2 ** 20)} MiB`,
      );
      if (result.failed > count * 0.01 || rate < firstRate * 0.25) {
        progress(`bend: stopping — ${result.failed} failed, rate ${rate} vs ${firstRate} at the start`);
        break;
      }
    }
  }
  return bend;
}
