import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

// The only place price arithmetic happens, so the estimate, the approved change and the final
// invoice can never disagree about a cent. Money is integer cents; the math runs on BigInt so
// fractional quantities (1.5 labour hours) do not pick up binary floating-point error.

export const PricedLine = lazySchema(() =>
  z.object({
    kind: z.enum(['labour', 'part']),
    /** Hours for labour, units for parts. Precision is 1e-6; finer fractions are rounded to it. */
    quantity: z.number().positive(),
    unitPriceCents: z.number().int().nonnegative(),
    discountCents: z.number().int().nonnegative().default(0),
  }),
);
export type PricedLine = z.infer<typeof PricedLine>;
/** What callers may pass: the discount may be omitted. */
export type PricedLineInput = z.input<typeof PricedLine>;

export const TaxPolicy = lazySchema(() =>
  z.object({
    /** 825 = 8.25 %. Basis points keep the rate an integer so tax stays exact. */
    taxRateBasisPoints: z.number().int().min(0).max(10_000),
  }),
);
export type TaxPolicy = z.infer<typeof TaxPolicy>;

const Cents = z.number().int().nonnegative();

export const PricedLineAmounts = lazySchema(() =>
  z.object({
    grossCents: Cents,
    /** Discount actually applied: never more than the gross, so a line cannot go negative. */
    discountCents: Cents,
    totalCents: Cents,
  }),
);
export type PricedLineAmounts = z.infer<typeof PricedLineAmounts>;

export const InvoiceTotals = lazySchema(() =>
  z.object({
    /** Gross (before discount), so the invoice can show labour and parts at list price. */
    labourCents: Cents,
    partsCents: Cents,
    discountCents: Cents,
    /** labourCents + partsCents - discountCents, equal to the sum of the line totals. */
    subtotalCents: Cents,
    taxCents: Cents,
    totalCents: Cents,
  }),
);
export type InvoiceTotals = z.infer<typeof InvoiceTotals>;

const QUANTITY_SCALE = 1_000_000n;
const BASIS_POINTS = 10_000n;

/** Round half up; every amount here is non-negative, so this is also half away from zero. */
function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function toSafeCents(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Amount of ${value} cents exceeds the safe integer range`);
  }
  return Number(value);
}

export function priceLine(line: PricedLineInput): PricedLineAmounts {
  const { quantity, unitPriceCents, discountCents } = PricedLine.parse(line);
  const scaledQuantity = BigInt(Math.round(quantity * Number(QUANTITY_SCALE)));
  const gross = divideRoundHalfUp(scaledQuantity * BigInt(unitPriceCents), QUANTITY_SCALE);
  const discount = BigInt(discountCents) < gross ? BigInt(discountCents) : gross;
  return {
    grossCents: toSafeCents(gross),
    discountCents: toSafeCents(discount),
    totalCents: toSafeCents(gross - discount),
  };
}

export function lineTotalCents(line: PricedLineInput): number {
  return priceLine(line).totalCents;
}

/** Tax is computed once on the subtotal: per-line rounding would drift by a cent per line. */
export function invoiceTotals(lines: readonly PricedLineInput[], tax: TaxPolicy): InvoiceTotals {
  const { taxRateBasisPoints } = TaxPolicy.parse(tax);
  let labour = 0n;
  let parts = 0n;
  let discount = 0n;
  for (const line of lines) {
    const amounts = priceLine(line);
    if (line.kind === 'labour') labour += BigInt(amounts.grossCents);
    else parts += BigInt(amounts.grossCents);
    discount += BigInt(amounts.discountCents);
  }
  const subtotal = labour + parts - discount;
  const taxCents = divideRoundHalfUp(subtotal * BigInt(taxRateBasisPoints), BASIS_POINTS);
  return {
    labourCents: toSafeCents(labour),
    partsCents: toSafeCents(parts),
    discountCents: toSafeCents(discount),
    subtotalCents: toSafeCents(subtotal),
    taxCents: toSafeCents(taxCents),
    totalCents: toSafeCents(subtotal + taxCents),
  };
}
