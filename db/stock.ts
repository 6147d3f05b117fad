import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import {
  expectedArrival,
  type OrderedPart,
  type PartsOutcome,
  type PartsReservation,
  type ReservedPart,
  STOCK_MOVE_EFFECT,
  type StockMoveKind,
  waitingUntil,
} from '../domain/parts-rules.js';
import type { Database } from './client.js';
import { partStock, parts, stockMoves, visitParts } from './schema.js';

// The stock of parts [S1.1]: the one writer of part_stock, stock_moves and visit_parts. The visit's parts activities
// (activities/parts.ts) reserve, use and release through it; the catalogue's routes open, receive and count stock.
// Every change locks the balances it touches (in part-number order, so two writers never wait on each other) and
// writes its ledger row in the same transaction: two visits reserving the last unit cannot both get it, and the
// table's check refuses anything that would leave less on hand than is reserved.

type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'execute'>;

/** A change the stock cannot take, in words for the field that asked for it. */
export class StockRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** More than any shelf holds; keeps the balance inside PostgreSQL's integer however often stock is received. */
export const MAX_ON_HAND = 10_000_000;

interface Move {
  key: string;
  kind: StockMoveKind;
  partNumber: string;
  quantity: number;
  visitId?: string;
  by: string;
}

/** One ledger row and its effect on the part's balance; a key already in the ledger changes nothing. */
async function move(tx: Executor, m: Move): Promise<boolean> {
  if (m.quantity === 0) return false;
  const [row] = await tx
    .insert(stockMoves)
    .values({ key: m.key, kind: m.kind, partNumber: m.partNumber, quantity: m.quantity, visitId: m.visitId, by: m.by })
    .onConflictDoNothing()
    .returning({ key: stockMoves.key });
  if (!row) return false;
  const effect = STOCK_MOVE_EFFECT[m.kind];
  await tx
    .update(partStock)
    .set({
      onHand: sql`${partStock.onHand} + ${effect.onHand * m.quantity}`,
      reserved: sql`${partStock.reserved} + ${effect.reserved * m.quantity}`,
      updatedAt: new Date(),
    })
    .where(eq(partStock.partNumber, m.partNumber));
  return true;
}

/** The balances of these parts, locked until the transaction ends. */
async function lockStock(tx: Executor, partNumbers: readonly string[]) {
  if (partNumbers.length === 0) return new Map<string, { onHand: number; reserved: number }>();
  await tx
    .insert(partStock)
    .values(partNumbers.map((partNumber) => ({ partNumber })))
    .onConflictDoNothing();
  const rows = await tx
    .select({ partNumber: partStock.partNumber, onHand: partStock.onHand, reserved: partStock.reserved })
    .from(partStock)
    .where(inArray(partStock.partNumber, [...partNumbers]))
    .orderBy(asc(partStock.partNumber))
    .for('update');
  return new Map(rows.map((r) => [r.partNumber, r]));
}

/** A new part's opening stock, in the transaction that adds the part. */
export async function openStock(tx: Executor, partNumber: string, onHand: number, by: string) {
  await lockStock(tx, [partNumber]);
  await move(tx, { key: `opening:${partNumber}`, kind: 'count', partNumber, quantity: onHand, by });
}

/** A delivery of `quantity` units; what arrives goes first to the visits waiting for it, earliest expected first. */
export async function receiveStock(db: Database, m: { key: string; partNumber: string; quantity: number; by: string }) {
  await db.transaction(async (tx) => {
    const stock = (await lockStock(tx, [m.partNumber])).get(m.partNumber) ?? { onHand: 0, reserved: 0 };
    if (stock.onHand + m.quantity > MAX_ON_HAND)
      throw new StockRefused('quantity', `would make more than ${MAX_ON_HAND} on hand; count the stock instead`);
    if (!(await move(tx, { ...m, kind: 'receive' }))) return;
    const waiting = await tx
      .select()
      .from(visitParts)
      .where(and(eq(visitParts.partNumber, m.partNumber), eq(visitParts.status, 'reserved'), gt(visitParts.short, 0)))
      .orderBy(asc(visitParts.expectedAt), asc(visitParts.visitId))
      .for('update');
    let free = stock.onHand + m.quantity - stock.reserved;
    for (const wait of waiting) {
      const take = Math.min(free, wait.short);
      if (take === 0) break;
      free -= take;
      await move(tx, {
        key: `${m.key}:${wait.visitId}`,
        kind: 'reserve',
        partNumber: m.partNumber,
        quantity: take,
        visitId: wait.visitId,
        by: m.by,
      });
      await tx
        .update(visitParts)
        .set({ reserved: wait.reserved + take, short: wait.short - take, updatedAt: new Date() })
        .where(and(eq(visitParts.visitId, wait.visitId), eq(visitParts.partNumber, m.partNumber)));
    }
  });
}

/** A stocktake: what is on hand now. Refused below what visits have reserved. */
export async function countStock(tx: Executor, m: { key: string; partNumber: string; onHand: number; by: string }) {
  const stock = (await lockStock(tx, [m.partNumber])).get(m.partNumber) ?? { onHand: 0, reserved: 0 };
  if (m.onHand < stock.reserved)
    throw new StockRefused('stockOnHand', `visits have ${stock.reserved} reserved; release their bookings first`);
  await move(tx, { key: m.key, kind: 'count', partNumber: m.partNumber, quantity: m.onHand - stock.onHand, by: m.by });
}

/**
 * Reserves what a visit needs, as far as the shelf holds it; the rest is short and expected after the part's lead
 * time. Keyed by the visit: a retried reservation answers what the first one recorded.
 */
export async function reserveForVisit(
  db: Database,
  r: { visitId: string; needs: ReadonlyMap<string, number>; now: Date; by: string },
): Promise<PartsReservation> {
  await db.transaction(async (tx) => {
    if (r.needs.size === 0) return;
    const partNumbers = [...r.needs.keys()].sort();
    const stock = await lockStock(tx, partNumbers);
    // Checked under the lock: a retried reservation waits for the first one and then finds it recorded.
    const done = await tx.select({ n: sql<number>`count(*)` }).from(visitParts).where(eq(visitParts.visitId, r.visitId));
    if (Number(done[0]?.n) > 0) return;
    const leadTimes = new Map(
      (
        await tx
          .select({ partNumber: parts.partNumber, leadTimeDays: parts.leadTimeDays })
          .from(parts)
          .where(inArray(parts.partNumber, partNumbers))
      ).map((p) => [p.partNumber, p.leadTimeDays]),
    );
    for (const partNumber of partNumbers) {
      const needed = r.needs.get(partNumber) ?? 0;
      const s = stock.get(partNumber) ?? { onHand: 0, reserved: 0 };
      const take = Math.max(0, Math.min(needed, s.onHand - s.reserved));
      const short = needed - take;
      await move(tx, {
        key: `${r.visitId}:reserve:${partNumber}`,
        kind: 'reserve',
        partNumber,
        quantity: take,
        visitId: r.visitId,
        by: r.by,
      });
      await tx.insert(visitParts).values({
        visitId: r.visitId,
        partNumber,
        needed,
        reserved: take,
        short,
        expectedAt: short > 0 ? new Date(expectedArrival(r.now.getTime(), leadTimes.get(partNumber) ?? 0)) : null,
      });
    }
  });
  return reservationOf(db, r.visitId);
}

/** A visit's parts once its job is done (used) or its booking is off (back on the shelf). Settling twice changes nothing. */
export async function settleVisit(db: Database, s: { visitId: string; outcome: PartsOutcome; by: string }) {
  await db.transaction(async (tx) => {
    // The balances first, then the visit's rows: the order a delivery locks them in.
    const named = await tx
      .select({ partNumber: visitParts.partNumber })
      .from(visitParts)
      .where(eq(visitParts.visitId, s.visitId));
    await lockStock(tx, named.map((p) => p.partNumber).sort());
    const open = await tx
      .select()
      .from(visitParts)
      .where(and(eq(visitParts.visitId, s.visitId), eq(visitParts.status, 'reserved')))
      .orderBy(asc(visitParts.partNumber))
      .for('update');
    for (const p of open) {
      await move(tx, {
        key: `${s.visitId}:${s.outcome}:${p.partNumber}`,
        kind: s.outcome,
        partNumber: p.partNumber,
        quantity: p.reserved,
        visitId: s.visitId,
        by: s.by,
      });
      await tx
        .update(visitParts)
        .set({
          reserved: 0,
          short: 0,
          used: s.outcome === 'use' ? p.reserved : 0,
          status: s.outcome === 'use' ? 'used' : 'released',
          updatedAt: new Date(),
        })
        .where(and(eq(visitParts.visitId, s.visitId), eq(visitParts.partNumber, p.partNumber)));
    }
  });
}

/** A visit's parts as the read model holds them, with the parts' descriptions. */
export async function visitPartsOf(db: Pick<Database, 'select'>, visitId: string) {
  return db
    .select({
      partNumber: visitParts.partNumber,
      description: parts.description,
      translations: parts.translations,
      needed: visitParts.needed,
      reserved: visitParts.reserved,
      short: visitParts.short,
      used: visitParts.used,
      expectedAt: visitParts.expectedAt,
      status: visitParts.status,
    })
    .from(visitParts)
    .innerJoin(parts, eq(parts.partNumber, visitParts.partNumber))
    .where(eq(visitParts.visitId, visitId))
    .orderBy(asc(visitParts.partNumber));
}

/** What to pick and what to order for a visit, as its reservation answers it. */
export async function reservationOf(db: Pick<Database, 'select'>, visitId: string): Promise<PartsReservation> {
  const rows = await visitPartsOf(db, visitId);
  const pick: ReservedPart[] = rows
    .filter((p) => p.reserved > 0)
    .map((p) => ({ partNumber: p.partNumber, description: p.description, quantity: p.reserved }));
  const order: OrderedPart[] = rows
    .filter((p) => p.short > 0 && p.expectedAt)
    .map((p) => ({
      partNumber: p.partNumber,
      description: p.description,
      quantity: p.short,
      expectedAt: (p.expectedAt as Date).toISOString(),
    }));
  return { pick, order, waitingUntil: waitingUntil(order.map((o) => ({ short: o.quantity, expectedAt: o.expectedAt }))) };
}
