import { describe, expect, it } from 'vitest';
import { CHROMIUM_CANDIDATES, findChromium } from '../scripts/chromium.mjs';

describe('finding the Chromium the browser tests drive', () => {
  it('takes CHROMIUM_PATH first, and refuses one that is not an executable rather than falling back', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(/CHROMIUM_PATH=\/nonexistent\/chromium/);
  });

  it('otherwise finds one of the usual places (npm test installs Debian’s package where none is)', () => {
    const found = findChromium({});
    expect(found).not.toBeNull();
    expect(CHROMIUM_CANDIDATES).toContain(found);
  });
});
