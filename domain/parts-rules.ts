// Parts prepared before the car arrives [S1.1]: the rules of the stock ledger and of a visit's reservation, plain
// code so the visit's workflow may read the reservation's shape (db/stock.ts keeps the ledger).

import type { PackageItem } from './catalogue.js';

/**
 * The ledger's kinds of move and what each does to a part's balance: receive and count (a stocktake, signed) change
 * what is on hand; reserve and release what is promised to visits; use takes a visit's reserved parts off the shelf.
 */
export const STOCK_MOVE_KINDS = ['receive', 'count', 'reserve', 'release', 'use'] as const;
export type StockMoveKind = (typeof STOCK_MOVE_KINDS)[number];
export const STOCK_MOVE_EFFECT: Record<StockMoveKind, { onHand: -1 | 0 | 1; reserved: -1 | 0 | 1 }> = {
  receive: { onHand: 1, reserved: 0 },
  count: { onHand: 1, reserved: 0 },
  reserve: { onHand: 0, reserved: 1 },
  release: { onHand: 0, reserved: -1 },
  use: { onHand: -1, reserved: -1 },
};

/** How a visit's parts end: fitted on a completed job, or back on the shelf for a cancelled or missed booking. */
export type PartsOutcome = 'use' | 'release';

/** One part of a reservation: picked from the shelf, or to order with its expected arrival. */
export interface ReservedPart {
  partNumber: string;
  description: string;
  quantity: number;
}
export interface OrderedPart extends ReservedPart {
  /** ISO instant: today plus the part's lead time. */
  expectedAt: string;
}

/** What a visit's reservation the day before found: what to pick, what to order, and when the last order arrives. */
export interface PartsReservation {
  pick: ReservedPart[];
  order: OrderedPart[];
  /** The latest expected arrival of what is ordered; null: nothing is short. */
  waitingUntil: string | null;
}

/** The latest expected arrival of what is still short: the job waits until then. Null: nothing is awaited. */
export const waitingUntil = (parts: readonly { short: number; expectedAt: string | null }[]) =>
  parts.reduce<string | null>(
    (last, p) => (p.short > 0 && p.expectedAt && (last === null || p.expectedAt > last) ? p.expectedAt : last),
    null,
  );

const DAY_MS = 86_400_000;

/** A short part is expected after its lead time in days. */
export const expectedArrival = (nowMs: number, leadTimeDays: number) => new Date(nowMs + leadTimeDays * DAY_MS).toISOString();

/**
 * The whole units of each part that the requested packages' kits and parts need: parts are picked whole, so a kit's
 * 4.5 litres is 5. A package named twice needs its kit twice.
 */
export function partsNeeded(
  requested: readonly string[],
  packages: ReadonlyMap<string, { items: readonly PackageItem[] }>,
  partNumbers: ReadonlySet<string>,
): Map<string, number> {
  const exact = new Map<string, number>();
  const add = (partNumber: string, quantity: number) => exact.set(partNumber, (exact.get(partNumber) ?? 0) + quantity);
  for (const code of requested) {
    const pkg = packages.get(code);
    if (pkg) for (const item of pkg.items) if (item.kind === 'part') add(item.partNumber, item.quantity);
    if (!pkg && partNumbers.has(code)) add(code, 1);
  }
  return new Map([...exact].map(([partNumber, quantity]) => [partNumber, Math.ceil(quantity - 1e-9)]));
}
