import { describe, expect, it } from 'vitest';
import { Hours, Quantity } from '../../domain/money.js';
import { billedHours, quantity } from '../../web/format.js';
import { inLanguage } from '../../web/i18n/index.js';
import { plainFieldError, RAW_TEXT } from '../../web/plain-errors.js';

// A billed quantity as people read it: to the hundredth it is billed in, in their language, and the refusal of a
// finer one in words under the field's label (the API's English sentence never reaches the counter).

describe('billed quantities on the screens', () => {
  it('shows quarter hours as they are billed, and a figure recorded before the rule without float noise', () => {
    expect(inLanguage('en', () => [0.25, 1.25, 2, 0.3333333, 1e-9].map(quantity))).toEqual(['0.25', '1.25', '2', '0.33', '0']);
    expect(inLanguage('en', () => billedHours(0.25))).toBe('0.25 h');
    expect(inLanguage('zh-CN', () => billedHours(1.25))).toBe('1.25 小时');
    expect(inLanguage('en', () => quantity(1234.5))).toBe('1,234.5');
  });

  it('words the refusal of a quantity finer than 0.01 in English and Chinese', () => {
    const lineMessage = Quantity.safeParse(0.3333333).error?.issues[0]?.message ?? '';
    const hoursMessage = Hours.safeParse(1e-9).error?.issues[0]?.message ?? '';
    expect(lineMessage).toBe('the quantity (hours for labour, units for parts) must be in steps of 0.01 (as 0.25 or 1.25)');
    expect(hoursMessage).toBe('hours must be in steps of 0.01 (as 0.25 or 1.25)');
    for (const [path, message] of [
      ['lines.1.quantity', lineMessage],
      ['flatRateHours', hoursMessage],
    ] as const) {
      const en = inLanguage('en', () => plainFieldError(path, message));
      const zh = inLanguage('zh-CN', () => plainFieldError(path, message));
      expect(en).toContain('use steps of 0.01, as 0.25 or 1.25');
      expect(zh).toContain('最小单位为0.01');
      for (const said of [en, zh]) expect(said).not.toMatch(RAW_TEXT);
    }
  });
});
