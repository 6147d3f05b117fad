import { describe, expect, it } from 'vitest';
import { staffToken } from '../support/auth.js';
import { useTestStack } from '../support/stack.js';

// A day in the address outside the years the shop takes (domain/time.ts DayInput) reached the database as the year
// 10000 in the board's live version and answered 500. The board now says in words that it takes no such day (its
// live version reads none), and the booking pages show their default day.

describe('a hostile day in a screen address', () => {
  const stack = useTestStack();

  it('the board refuses a day outside the years in words; the booking page and link show their default day', async () => {
    const cookie = `sl_session=${await staffToken('advisor', 'adv-lena')}`;
    for (const path of [
      '/app/board?date=9999-12-31',
      '/app/board?date=0001-01-01',
      '/app/board?date=2026-02-30',
      '/app/booking?date=9999-12-31',
      '/app/booking/manage?date=9999-12-31',
    ]) {
      const res = await stack.app.request(`http://localhost${path}`, { headers: { cookie } });
      const body = await res.text();
      if (path.startsWith('/app/board')) expect(res.status, `${path}: ${body.slice(0, 300)}`).toBe(400);
      else expect(res.status, `${path}: ${body.slice(0, 300)}`).toBeLessThan(500);
      expect(body, path).not.toContain('9999-12-31');
    }
  });
});
