import { NEW_INPUT_ONLY } from './input-rules.js';
import {
  type InvoiceTotals as InvoiceTotalsRule,
  inQuantitySteps,
  lineOutOfBounds,
  MAX_INVOICE_CENTS,
  MAX_LINE_CENTS,
  MAX_QUANTITY,
  MAX_TAX_BASIS_POINTS,
  type PricedLineAmounts as PricedLineAmountsRule,
  type PricedLineInput,
  type TaxPolicy as TaxPolicyRule,
  visitSubtotalOutOfBounds,
} from './money-rules.js';
import { z } from './zod.js';

export {
  inQuantitySteps,
  invoiceTotals,
  isBilledQuantity,
  lineOutOfBounds,
  MAX_INVOICE_CENTS,
  MAX_LINE_CENTS,
  MAX_QUANTITY,
  MAX_TAX_BASIS_POINTS,
  MAX_VISIT_SUBTOTAL_CENTS,
  type PricedLineInput,
  priceLine,
  QUANTITY_STEPS_PER_UNIT,
  visitSubtotalOutOfBounds,
} from './money-rules.js';

// The schemas that hold money sent from outside to the bounds of money-rules.ts, where all price math is.

const amount = (max: number) => z.number().int().nonnegative().max(max);

/**
 * A billed quantity as sent from outside (domain/money-rules.ts `isBilledQuantity`): above 0, at most
 * MAX_QUANTITY, in steps of 0.01; `what` names it in the refusal ("hours must be in steps of 0.01 …").
 */
export const billedQuantity = (what: string) =>
  z
    .number()
    .positive()
    .max(MAX_QUANTITY)
    .refine(inQuantitySteps, {
      message: `${what} must be in steps of 0.01 (as 0.25 or 1.25)`,
      ...NEW_INPUT_ONLY,
    });

/** Hours for labour, units for parts. */
export const Quantity = billedQuantity('the quantity (hours for labour, units for parts)');
/** A labour operation's flat-rate hours. */
export const Hours = billedQuantity('hours');
/** Units of a part. */
export const PartUnits = billedQuantity('the number of units');
export const UnitPriceCents = amount(MAX_LINE_CENTS);
export const DiscountCents = amount(MAX_LINE_CENTS);
export const PaymentCents = amount(MAX_INVOICE_CENTS);

export const PricedLine = z.object({
  kind: z.enum(['labour', 'part']),
  /** Hours for labour, units for parts. Precision is 1e-6; finer fractions are rounded to it. */
  quantity: z.number().positive(),
  unitPriceCents: z.number().int().nonnegative(),
  discountCents: z.number().int().nonnegative().default(0),
}) satisfies z.ZodType<PricedLineInput>;
export type PricedLine = z.infer<typeof PricedLine>;

export const TaxPolicy = z.object({
  /** 825 = 8.25 %. Basis points keep the rate an integer so tax stays exact. */
  taxRateBasisPoints: z.number().int().min(0).max(MAX_TAX_BASIS_POINTS),
}) satisfies z.ZodType<TaxPolicyRule>;
export type TaxPolicy = z.infer<typeof TaxPolicy>;

const Cents = z.number().int().nonnegative();

export const PricedLineAmounts = z.object({
  grossCents: Cents,
  /** Discount actually applied: never more than the gross, so a line cannot go negative. */
  discountCents: Cents,
  totalCents: Cents,
}) satisfies z.ZodType<PricedLineAmountsRule>;
export type PricedLineAmounts = z.infer<typeof PricedLineAmounts>;

export const InvoiceTotals = z.object({
  /** Gross (before discount), so the invoice can show labour and parts at list price. */
  labourCents: Cents,
  partsCents: Cents,
  discountCents: Cents,
  /** labourCents + partsCents - discountCents, equal to the sum of the line totals. */
  subtotalCents: Cents,
  taxCents: Cents,
  totalCents: Cents,
}) satisfies z.ZodType<InvoiceTotalsRule>;
export type InvoiceTotals = z.infer<typeof InvoiceTotals>;

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
