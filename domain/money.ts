import { z } from 'zod';
import { NEW_INPUT_ONLY } from './input-rules.js';
import { lazySchema } from './lazy-schema.js';

// The only place price arithmetic happens, so the estimate, the approved change and the final
// invoice can never disagree about a cent. Money is integer cents; the math runs on BigInt so
// fractional quantities (1.5 labour hours) do not pick up binary floating-point error.

// The bounds every amount is held to. The records keep cents in PostgreSQL `integer` columns (at most
// 2,147,483,647): a line is at most 1,000,000.00 and a visit's lines at most 10,000,000.00 before tax, so
// even at the highest tax rate (100 %) the invoice total, its tax and the payment fit.
export const MAX_QUANTITY = 10_000;
export const MAX_LINE_CENTS = 100_000_000;
export const MAX_VISIT_SUBTOTAL_CENTS = 1_000_000_000;
export const MAX_TAX_BASIS_POINTS = 10_000;
/** The largest invoice total (subtotal plus the highest tax) and so the largest payment. */
export const MAX_INVOICE_CENTS = MAX_VISIT_SUBTOTAL_CENTS * (1 + MAX_TAX_BASIS_POINTS / 10_000);

const amount = (max: number) => z.number().int().nonnegative().max(max);

/** Hours for labour, units for parts. */
export const Quantity = z.number().positive().max(MAX_QUANTITY);
export const UnitPriceCents = amount(MAX_LINE_CENTS);
export const DiscountCents = amount(MAX_LINE_CENTS);
export const PaymentCents = amount(MAX_INVOICE_CENTS);

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
    taxRateBasisPoints: z.number().int().min(0).max(MAX_TAX_BASIS_POINTS),
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

/** A line within the bounds: its gross (quantity × unit price) at most MAX_LINE_CENTS, its discount at most its gross. */
export function lineOutOfBounds(
  line: PricedLineInput,
): { field: 'unitPriceCents' | 'discountCents'; message: string } | undefined {
  const scaledQuantity = BigInt(Math.round(line.quantity * Number(QUANTITY_SCALE)));
  const gross = divideRoundHalfUp(scaledQuantity * BigInt(line.unitPriceCents), QUANTITY_SCALE);
  if (gross > BigInt(MAX_LINE_CENTS))
    return { field: 'unitPriceCents', message: `quantity × unit price must be at most ${MAX_LINE_CENTS} cents a line` };
  if (BigInt(line.discountCents ?? 0) > gross)
    return { field: 'discountCents', message: `must not be more than the line's ${gross} cents` };
  return undefined;
}

/**
 * Whether new lines, with what the visit already charges, keep its total before tax within
 * MAX_VISIT_SUBTOTAL_CENTS; campaign lines are never charged.
 */
export function visitSubtotalOutOfBounds(
  lines: readonly (PricedLineInput & { campaign?: boolean })[],
  alreadyCents = 0,
): string | undefined {
  const total = lines.reduce((sum, line) => sum + (line.campaign ? 0 : priceLine(line).totalCents), alreadyCents);
  return total > MAX_VISIT_SUBTOTAL_CENTS
    ? `the visit's lines may total at most ${MAX_VISIT_SUBTOTAL_CENTS} cents before tax (these make ${total})`
    : undefined;
}

/**
 * Refinements for a list of new lines: each within its bounds, all together within a visit's. They price the
 * lines, so they run only on lines that passed every other check: a line refused for its quantity has no price.
 */
export const linesWithinBounds = <T extends z.ZodType<(PricedLineInput & { campaign?: boolean })[]>>(lines: T) =>
  lines.superRefine(
    (value, ctx) => {
      let lineProblems = 0;
      value.forEach((line, i) => {
        const problem = lineOutOfBounds(line);
        if (!problem) return;
        lineProblems++;
        ctx.addIssue({ code: 'custom', path: [i, problem.field], message: problem.message, input: line });
      });
      if (lineProblems > 0) return;
      const problem = visitSubtotalOutOfBounds(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    },
    { when: (payload) => payload.issues.length === 0 && NEW_INPUT_ONLY.when(payload) },
  );

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
