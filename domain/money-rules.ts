// The only place price arithmetic happens, so the estimate, the approved change and the final
// invoice can never disagree about a cent. Money is integer cents; the math runs on BigInt so
// fractional quantities (1.5 labour hours) do not pick up binary floating-point error.
// Plain code only: the visit workflow prices its lines here, and workflow code is evaluated once per cached
// workflow (the schemas that hold input to these bounds are in money.ts).

// The bounds every amount is held to. The records keep cents in PostgreSQL `integer` columns (at most
// 2,147,483,647): a line is at most 1,000,000.00 and a visit's lines at most 10,000,000.00 before tax, so
// even at the highest tax rate (100 %) the invoice total, its tax and the payment fit.
export const MAX_QUANTITY = 10_000;
/**
 * The finest step of a billed quantity, labour hours or part units, in hundredths: a quarter hour is 0.25, 1.25 h
 * is common, a maker's time unit is quoted rounded to it. A finer figure (0.3333333, 1e-9) is no quantity a shop
 * bills, and shows to a person as float noise.
 */
export const QUANTITY_STEPS_PER_UNIT = 100;

/** Whether the figure is in whole steps of 0.01 (1.15 is, though 1.15 × 100 is 114.99999999999999 in floating point). */
export const inQuantitySteps = (quantity: number): boolean => {
  const steps = quantity * QUANTITY_STEPS_PER_UNIT;
  return Number.isFinite(steps) && Math.abs(steps - Math.round(steps)) <= 1e-9 * Math.max(1, Math.abs(steps));
};

/** A billed quantity (labour hours, part units): above 0, at most MAX_QUANTITY, in steps of 0.01. */
export const isBilledQuantity = (quantity: number): boolean =>
  Number.isFinite(quantity) && quantity > 0 && quantity <= MAX_QUANTITY && inQuantitySteps(quantity);
export const MAX_LINE_CENTS = 100_000_000;
export const MAX_VISIT_SUBTOTAL_CENTS = 1_000_000_000;
export const MAX_TAX_BASIS_POINTS = 10_000;
/** The largest invoice total (subtotal plus the highest tax) and so the largest payment. */
export const MAX_INVOICE_CENTS = MAX_VISIT_SUBTOTAL_CENTS * (1 + MAX_TAX_BASIS_POINTS / 10_000);

/** A line as priced: hours for labour, units for parts (precision 1e-6); the discount may be omitted. */
export interface PricedLineInput {
  kind: 'labour' | 'part';
  quantity: number;
  unitPriceCents: number;
  discountCents?: number;
}

export interface PricedLineAmounts {
  grossCents: number;
  /** Discount actually applied: never more than the gross, so a line cannot go negative. */
  discountCents: number;
  totalCents: number;
}

export interface TaxPolicy {
  /** 825 = 8.25 %. Basis points keep the rate an integer so tax stays exact. */
  taxRateBasisPoints: number;
}

export interface InvoiceTotals {
  /** Gross (before discount), so the invoice can show labour and parts at list price. */
  labourCents: number;
  partsCents: number;
  discountCents: number;
  /** labourCents + partsCents - discountCents, equal to the sum of the line totals. */
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
}

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

/** Cents and basis points are whole numbers from 0 up; anything else is a bug upstream of the math, not a price. */
function whole(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number from 0, not ${value}`);
  return value;
}

export function priceLine(line: PricedLineInput): PricedLineAmounts {
  const { quantity } = line;
  if (!Number.isFinite(quantity) || quantity <= 0) throw new RangeError(`quantity must be above 0, not ${quantity}`);
  const unitPriceCents = whole('unitPriceCents', line.unitPriceCents);
  const discountCents = whole('discountCents', line.discountCents ?? 0);
  const scaledQuantity = BigInt(Math.round(quantity * Number(QUANTITY_SCALE)));
  const gross = divideRoundHalfUp(scaledQuantity * BigInt(unitPriceCents), QUANTITY_SCALE);
  const discount = BigInt(discountCents) < gross ? BigInt(discountCents) : gross;
  return {
    grossCents: toSafeCents(gross),
    discountCents: toSafeCents(discount),
    totalCents: toSafeCents(gross - discount),
  };
}

/**
 * A line within the bounds: its quantity at most MAX_QUANTITY (a larger one has no exact price to check), its gross
 * (quantity × unit price) at most MAX_LINE_CENTS, its discount at most its gross.
 */
export function lineOutOfBounds(
  line: PricedLineInput,
): { field: 'quantity' | 'unitPriceCents' | 'discountCents'; message: string } | undefined {
  if (!(line.quantity <= MAX_QUANTITY)) return { field: 'quantity', message: `must be at most ${MAX_QUANTITY}` };
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

/** Tax is computed once on the subtotal: per-line rounding would drift by a cent per line. */
export function invoiceTotals(lines: readonly PricedLineInput[], { taxRateBasisPoints }: TaxPolicy): InvoiceTotals {
  if (whole('taxRateBasisPoints', taxRateBasisPoints) > MAX_TAX_BASIS_POINTS)
    throw new RangeError(`taxRateBasisPoints must be at most ${MAX_TAX_BASIS_POINTS}, not ${taxRateBasisPoints}`);
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

/**
 * Whether a line is the customer's to pay once approved: every line but a manufacturer campaign's (a recall), which
 * the maker pays and the customer never sees on the invoice. The visit's totals and the approval rate both ask it.
 */
export const paidByCustomer = (line: { campaign?: boolean }) => !line.campaign;

/**
 * Whether a line puts a price to the customer: theirs to pay and above zero once discounted. Only such a line is a
 * decision about the customer's money, so only it counts as a request, an approval or declined value [S1.4, S6]; a
 * goodwill or free line (nothing asked) and a recall line (the maker pays) are neither sold nor refused.
 */
export const pricedForCustomer = (line: { campaign?: boolean; totalCents: number }) =>
  paidByCustomer(line) && line.totalCents > 0;

/** Whether the customer pays for a line: approved or done, and theirs to pay. */
export const isCharged = (line: { status: string; campaign?: boolean }) =>
  (line.status === 'approved' || line.status === 'done') && paidByCustomer(line);
