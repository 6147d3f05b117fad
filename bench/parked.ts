import { sql } from 'drizzle-orm';
import type { ApiDeps } from '../api/deps.js';
import { openVisit } from '../api/open-visit.js';
import type { VisitPolicyOverride } from '../domain/policy.js';
import type { NewVisit } from '../domain/visit.js';
import { dueAdvisorPrefix, type FiredReport, type ParkRequest, type ParkResult, pilotAdvisorPrefix } from './protocol.js';
import { pool, sleep } from './stats.js';

const DAY = 86_400_000;
/** Well inside the worker's cache of 1,000 visits, so a booking's next workflow task finds its visit cached. */
const MAX_UNBOOKED = 200;
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** A unique, valid VIN, phone and plate per visit (fresh customers: each booking is a new file). */
export function syntheticVisit(tag: string, serial: number, advisorId: string): NewVisit {
  let n = serial;
  let tail = '';
  for (let i = 0; i < 8; i++) {
    tail = VIN_CHARS[n % VIN_CHARS.length] + tail;
    n = Math.floor(n / VIN_CHARS.length);
  }
  const digits = String(serial).padStart(8, '0');
  return {
    customer: { name: `Bench ${tag} ${serial}`, phone: `+49 30 ${tag.length}${digits}`, preferredChannel: 'sms' },
    vehicle: {
      vin: `WVW${tag.slice(0, 1).toUpperCase().replace(/[IOQ]/, 'X')}ZZZ1J${tail}`,
      plate: `B-${digits.slice(-6)}`,
      model: 'VW Golf',
      mileage: 40_000,
    },
    advisorId,
    requestedServices: ['Annual service'],
  };
}

/** A bookable slot: business hours 08:00–17:00 UTC on the quarter hour, `minDays` to `minDays + spanDays` after `from`. */
export function slot(from: number, minDays: number, spanDays: number, serial: number): number {
  const day = Math.floor(from / DAY) + minDays + (serial % spanDays);
  const quarter = Math.floor(serial / spanDays) % 36;
  return day * DAY + 8 * 3_600_000 + quarter * 900_000;
}

let serialBase = 0;
let stopped = false;

/** The stack is stopping: bookings not yet started are skipped. */
export const stopParking = () => {
  stopped = true;
};

/**
 * Books visits the way POST /appointments does (openVisit: records, then the workflow start in one
 * transaction), with the per-visit policy the HTTP route cannot set. `due` visits get the confirmation lead
 * that puts every day-before call at the same instant, whatever day the appointment is on.
 */
export async function park(deps: ApiDeps, r: ParkRequest, progress: (text: string) => void): Promise<ParkResult> {
  const base = serialBase;
  serialBase += r.count;
  let failed = 0;
  let skipped = 0;
  let done = 0;
  let firstError: string | undefined;
  const now = Date.now();
  const advisorPrefix = `${r.group === 'due' ? dueAdvisorPrefix : pilotAdvisorPrefix}${r.batch}-`;
  // A start returns before any worker has run the visit; it is booked once its workflow recorded `visit_opened`.
  // Starts wait while too many are unbooked: unchecked, they ran 2.5× ahead of the worker, so the rate printed
  // was the server's queue, and the due group was still being worked through when its calls fell due.
  const openedBefore = await openedCount(deps, advisorPrefix);
  let opened = 0;
  let starting = true;
  const poller = (async () => {
    while (starting && !stopped) {
      opened = (await openedCount(deps, advisorPrefix)) - openedBefore;
      await sleep(200);
    }
  })();
  const startedAt = performance.now();
  const startsMs = await pool(r.count, r.concurrency, async (i) => {
    while (done - failed - opened > MAX_UNBOOKED && !stopped) await sleep(50);
    if (stopped || (r.stopAtMs !== undefined && Date.now() > r.stopAtMs)) {
      skipped++;
      return;
    }
    const serial = base + i;
    const advisorId = `${advisorPrefix}${serial % 6}`;
    const body = syntheticVisit(r.group, serial, advisorId);
    let appointmentAt: number;
    let policy: VisitPolicyOverride = {};
    if (r.group === 'due') {
      const dueAt = r.dueAtMs ?? now;
      appointmentAt = slot(dueAt, 2, 26, serial);
      policy = { confirmationLeadMs: appointmentAt - dueAt };
    } else {
      appointmentAt = slot(now, 7, 28, serial);
    }
    try {
      await openVisit(deps, body, 'appointment', new Date(appointmentAt).toISOString(), policy);
    } catch (err) {
      failed++;
      firstError ??=
        err instanceof Error ? `${err.message} ${JSON.stringify((err as { details?: unknown }).details ?? '')}` : String(err);
    }
    done++;
    if (done % 500 === 0) progress(`parked ${done}/${r.count} (${r.group})`);
  });
  const started = r.count - failed - skipped;
  while (opened < started && !stopped) await sleep(50);
  starting = false;
  await poller;
  return { started, failed, skipped, elapsedMs: performance.now() - startedAt, startsMs, firstError };
}

async function openedCount(deps: ApiDeps, advisorPrefix: string): Promise<number> {
  const result = await deps.database.db.execute(sql`
    select count(*)::int as n from visit_events e join visits v on v.id = e.visit_id
    where e.type = 'visit_opened' and v.advisor_id like ${`${advisorPrefix}%`}`);
  return Number(rowsOf(result)[0]?.n ?? 0);
}

/** How many of the due group's confirmation calls are on the call list, and how late after the due instant. */
export async function fired(deps: ApiDeps, dueAtMs: number, expected: number): Promise<FiredReport> {
  const due = new Date(dueAtMs).toISOString();
  const result = await deps.database.db.execute(sql`
    select count(*)::int as created,
      percentile_cont(0.5) within group (order by lag) as p50,
      percentile_cont(0.9) within group (order by lag) as p90,
      percentile_cont(0.99) within group (order by lag) as p99,
      max(lag) as max
    from (
      select extract(epoch from (t.created_at - ${due}::timestamptz))::float8 as lag
      from tasks t join visits v on v.id = t.visit_id
      where t.kind = 'confirmation_call' and v.advisor_id like ${`${dueAdvisorPrefix}%`}
    ) lags`);
  const row = rowsOf(result)[0] ?? {};
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  return {
    expected,
    created: Number(row.created ?? 0),
    lagP50: num(row.p50),
    lagP90: num(row.p90),
    lagP99: num(row.p99),
    lagMax: num(row.max),
  };
}

/** drizzle's execute answers `{ rows }` on PGlite and an array on postgres.js. */
// biome-ignore lint/suspicious/noExplicitAny: rows of raw SQL
export function rowsOf(result: unknown): Record<string, any>[] {
  if (Array.isArray(result)) return result;
  return (result as { rows: Record<string, unknown>[] }).rows;
}
