import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invoiceTotals, linesWithinBounds, type PricedLineInput, priceLine } from '../../domain/money.js';

const labour = (quantity: number, unitPriceCents: number, discountCents = 0): PricedLineInput => ({
  kind: 'labour',
  quantity,
  unitPriceCents,
  discountCents,
});
const part = (quantity: number, unitPriceCents: number, discountCents = 0): PricedLineInput => ({
  kind: 'part',
  quantity,
  unitPriceCents,
  discountCents,
});

const lineTotalCents = (line: PricedLineInput) => priceLine(line).totalCents;

describe('priceLine: a line’s total', () => {
  it('multiplies quantity by unit price', () => {
    expect(lineTotalCents(labour(1.5, 12_000))).toBe(18_000);
    expect(lineTotalCents(part(3, 1_999))).toBe(5_997);
  });

  it('treats a missing discount as zero', () => {
    expect(lineTotalCents({ kind: 'part', quantity: 2, unitPriceCents: 250 })).toBe(500);
  });

  it('rounds half away from zero, not to even', () => {
    expect(lineTotalCents(part(2.5, 1))).toBe(3);
    expect(lineTotalCents(part(0.5, 1))).toBe(1);
    expect(lineTotalCents(labour(0.333, 100))).toBe(33); // 33.3
    expect(lineTotalCents(labour(0.337, 100))).toBe(34); // 33.7
  });

  it('is exact where binary floating point is not', () => {
    // 1.005 * 100 === 100.49999999999999 in IEEE doubles; the true product is 100.5.
    expect(1.005 * 100).toBeLessThan(100.5);
    expect(lineTotalCents(labour(1.005, 100))).toBe(101);
    expect(lineTotalCents(part(0.1 + 0.2, 1_000))).toBe(300);
  });

  it('subtracts the discount but never goes below zero', () => {
    expect(lineTotalCents(labour(1, 10_000, 2_500))).toBe(7_500);
    expect(lineTotalCents(part(1, 500, 500))).toBe(0);
    expect(lineTotalCents(part(1, 500, 9_999))).toBe(0);
    expect(priceLine(part(1, 500, 9_999))).toEqual({
      grossCents: 500,
      discountCents: 500,
      totalCents: 0,
    });
  });

  it('rejects invalid lines instead of producing NaN', () => {
    expect(() => lineTotalCents(part(0, 100))).toThrow();
    expect(() => lineTotalCents(part(-1, 100))).toThrow();
    expect(() => lineTotalCents(part(1, 1.5))).toThrow();
    expect(() => lineTotalCents(part(1, -100))).toThrow();
    expect(() => lineTotalCents(part(Number.NaN, 100))).toThrow();
    expect(() => lineTotalCents(part(1, 100, -1))).toThrow();
  });
});

describe('invoiceTotals', () => {
  it('computes a realistic invoice by hand', () => {
    const lines = [labour(1.5, 12_000, 1_000), part(3, 1_999), part(1, 4_500, 500)];
    // labour gross 18000; parts gross 5997 + 4500 = 10497; discounts 1500;
    // subtotal 26997; tax 8.25 % = 2227.2525 -> 2227; total 29224.
    expect(invoiceTotals(lines, { taxRateBasisPoints: 825 })).toEqual({
      labourCents: 18_000,
      partsCents: 10_497,
      discountCents: 1_500,
      subtotalCents: 26_997,
      taxCents: 2_227,
      totalCents: 29_224,
    });
  });

  it('rounds tax half up', () => {
    // 100 * 2.5 % = 2.5 -> 3 (banker's rounding would give 2)
    expect(invoiceTotals([part(1, 100)], { taxRateBasisPoints: 250 }).taxCents).toBe(3);
    // 300 * 0.5 % = 1.5 -> 2
    expect(invoiceTotals([part(1, 300)], { taxRateBasisPoints: 50 }).taxCents).toBe(2);
    // 149 * 1 % = 1.49 -> 1
    expect(invoiceTotals([part(1, 149)], { taxRateBasisPoints: 100 }).taxCents).toBe(1);
  });

  it('prices one estimate at a shop without tax, in Shanghai (增值税 13 %) and in Munich (VAT 19 %)', () => {
    // 1.5 h × 90.00 + 12.50 + 2 × 18.00 = 183.50 net.
    const estimate = [labour(1.5, 9_000), part(1, 1_250), part(2, 1_800)];
    const taxed = (taxRateBasisPoints: number) => {
      const { subtotalCents, taxCents, totalCents } = invoiceTotals(estimate, { taxRateBasisPoints });
      return { subtotalCents, taxCents, totalCents };
    };
    expect(taxed(0)).toEqual({ subtotalCents: 18_350, taxCents: 0, totalCents: 18_350 });
    // 23.855 -> 23.86 (half up)
    expect(taxed(1_300)).toEqual({ subtotalCents: 18_350, taxCents: 2_386, totalCents: 20_736 });
    // 34.865 -> 34.87 (half up)
    expect(taxed(1_900)).toEqual({ subtotalCents: 18_350, taxCents: 3_487, totalCents: 21_837 });
  });

  it('taxes the subtotal once, not each line', () => {
    // Per line: 50 * 1 % = 0.5 -> 1 each, 2 in all. On the subtotal: 100 * 1 % = 1.
    const totals = invoiceTotals([part(1, 50), part(1, 50)], { taxRateBasisPoints: 100 });
    expect(totals.taxCents).toBe(1);
    expect(totals.totalCents).toBe(101);
  });

  it('handles an empty invoice and zero tax', () => {
    expect(invoiceTotals([], { taxRateBasisPoints: 1_300 })).toEqual({
      labourCents: 0,
      partsCents: 0,
      discountCents: 0,
      subtotalCents: 0,
      taxCents: 0,
      totalCents: 0,
    });
    expect(invoiceTotals([labour(2, 9_000)], { taxRateBasisPoints: 0 }).totalCents).toBe(18_000);
  });

  it('reports only the discount actually applied', () => {
    const totals = invoiceTotals([part(1, 500, 800), labour(1, 1_000)], { taxRateBasisPoints: 0 });
    expect(totals).toMatchObject({ partsCents: 500, discountCents: 500, subtotalCents: 1_000 });
  });

  it('rejects an out-of-range tax rate', () => {
    expect(() => invoiceTotals([], { taxRateBasisPoints: 10_001 })).toThrow();
    expect(() => invoiceTotals([], { taxRateBasisPoints: -1 })).toThrow();
    expect(() => invoiceTotals([], { taxRateBasisPoints: 8.5 })).toThrow();
  });
});

// Quantities with two decimals make the exact product n * price / 100 checkable in integers.
const arbLine = fc
  .record({
    kind: fc.constantFrom('labour' as const, 'part' as const),
    hundredths: fc.integer({ min: 1, max: 100_000 }),
    unitPriceCents: fc.integer({ min: 0, max: 5_000_000 }),
    discountCents: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map(({ hundredths, ...rest }) => ({ ...rest, hundredths, quantity: hundredths / 100 }));
const arbTax = fc.integer({ min: 0, max: 10_000 }).map((taxRateBasisPoints) => ({
  taxRateBasisPoints,
}));

describe('money properties', () => {
  it('a line total is the half-up rounded product minus a capped discount', () => {
    fc.assert(
      fc.property(arbLine, (line) => {
        const { grossCents, discountCents, totalCents } = priceLine(line);
        const exactTimes100 = line.hundredths * line.unitPriceCents;
        // grossCents = round-half-up(exactTimes100 / 100)
        expect(100 * grossCents - 50).toBeLessThanOrEqual(exactTimes100);
        expect(exactTimes100).toBeLessThan(100 * grossCents + 50);
        expect(discountCents).toBe(Math.min(line.discountCents, grossCents));
        expect(totalCents).toBe(grossCents - discountCents);
        expect(Number.isInteger(totalCents) && totalCents >= 0).toBe(true);
      }),
    );
  });

  it('totals equal the sum of line totals plus tax rounded half up on the subtotal', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 20 }), arbTax, (lines, tax) => {
        const t = invoiceTotals(lines, tax);
        const sumOfLines = lines.reduce((sum, l) => sum + lineTotalCents(l), 0);
        expect(t.subtotalCents).toBe(sumOfLines);
        expect(t.subtotalCents).toBe(t.labourCents + t.partsCents - t.discountCents);
        expect(t.totalCents).toBe(t.subtotalCents + t.taxCents);
        const exactTaxTimes10k = BigInt(t.subtotalCents) * BigInt(tax.taxRateBasisPoints);
        expect(BigInt(t.taxCents) * 10_000n - 5_000n <= exactTaxTimes10k).toBe(true);
        expect(exactTaxTimes10k < BigInt(t.taxCents) * 10_000n + 5_000n).toBe(true);
      }),
    );
  });

  it('does not depend on line order', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 20 }), arbTax, (lines, tax) => {
        expect(invoiceTotals([...lines].reverse(), tax)).toEqual(invoiceTotals(lines, tax));
      }),
    );
  });
});

describe('linesWithinBounds', () => {
  const Lines = linesWithinBounds(
    z.array(
      z.object({
        kind: z.enum(['labour', 'part']),
        quantity: z.number().positive(),
        unitPriceCents: z.number().int().nonnegative(),
        discountCents: z.number().int().nonnegative().default(0),
      }),
    ),
  );

  it('names the field of a refused line and never throws, whatever numbers a client sends', () => {
    // A line refused for its quantity has no price; pricing it anyway threw, and the API answered 500.
    const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-1, 0, 1e-118, 2 ** 53, Number.NaN));
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('labour', 'part'), quantity: anyNumber, unitPriceCents: anyNumber }), {
          minLength: 1,
          maxLength: 4,
        }),
        (lines) => {
          const parsed = Lines.safeParse(lines);
          if (!parsed.success) for (const issue of parsed.error.issues) expect(issue.path.length).toBeGreaterThan(0);
        },
      ),
    );
    expect(Lines.safeParse([{ kind: 'labour', quantity: -1, unitPriceCents: 0 }]).error?.issues).toMatchObject([
      { path: [0, 'quantity'] },
    ]);
  });
});
