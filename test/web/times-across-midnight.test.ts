import { describe, expect, it } from 'vitest';
import type { AppointmentBoard } from '../../api/queries/appointments.js';
import { inLanguage } from '../../web/i18n/index.js';
import { BookingsTable } from '../../web/pages/board/tables.js';
import type { Blueprint } from '../../web/pages/timeline/blueprint.js';
import { BlueprintCard } from '../../web/pages/timeline/grid.js';

// Screens that name a time alone where the day goes without saying, drawn on the server as the pages draw them, at
// explicit instants either side of midnight in Berlin, so the test does not depend on the hour it runs at.
// The appointment board names when each booked car arrived: a car left at the desk late in the evening for its
// booking the next morning arrived on another day than the board's, and the column wrote "✓ 23:50" on Friday's
// board, a time that had not come yet when the advisor read it.

const entry = (arrivedAt: string): AppointmentBoard['items'][number] => ({
  visitId: 'v-1',
  roNumber: 1001,
  // Friday 4 December 2026, 08:15 in Berlin.
  appointmentAt: '2026-12-04T07:15:00.000Z',
  time: '08:15',
  customer: { id: 'c-1', name: 'Jonas Weber', phone: '+49 30 5550120' },
  vehicle: { vin: 'WBA8E1C50JA123456', plate: 'B-JW 812', model: 'BMW 320d Touring' },
  advisorId: 'adv-lena',
  requestedServices: ['Brake pads front'],
  confirmation: { status: 'confirmed', calls: 0 },
  arrived: true,
  arrivedAt,
  noShowFlagged: false,
  stage: 'reception',
  openCampaigns: [],
});

const arrivedCell = (language: 'en' | 'zh-CN', arrivedAt: string, day = '2026-12-04') => {
  const html = inLanguage(language, () =>
    String(BookingsTable({ items: [entry(arrivedAt)], day, directory: new Map(), tz: 'Europe/Berlin' })),
  );
  return html.match(/✓ ([^<]*)</)?.[1];
};

describe("the board's arrival column", () => {
  it.each([
    ['en', 'Thu 3 Dec, 23:50'],
    ['zh-CN', '12月3日周四 23:50'],
  ] as const)('names the day of an arrival the evening before the board’s day, in %s', (language, shown) => {
    // Thursday 3 December, 23:50 in Berlin: ten minutes before the board's day begins.
    expect(arrivedCell(language, '2026-12-03T22:50:00.000Z')).toBe(shown);
  });

  it('gives the time alone for an arrival on the board’s day, from its first minute', () => {
    expect(arrivedCell('en', '2026-12-03T23:00:00.000Z')).toBe('00:00');
    expect(arrivedCell('en', '2026-12-04T07:05:00.000Z')).toBe('08:05');
  });

  it('names the year of an arrival in another year, on the board of New Year’s Day', () => {
    expect(arrivedCell('en', '2026-12-31T22:40:00.000Z', '2027-01-01')).toBe('31 Dec 2026, 23:40');
  });
});

describe("the timeline's time axis", () => {
  const moment = (at: string) => ({
    kind: 'moment' as const,
    at: Date.parse(at),
    cells: { customer: [], front_stage: [], back_stage: [] },
  });
  const axis = (...at: string[]) => {
    const bp: Blueprint = { columns: at.map(moment), timers: [], tracks: 0, stages: [], waitedMs: 0 };
    const html = inLanguage('en', () => String(BlueprintCard({ bp, tz: 'Europe/Berlin' })));
    return [...html.matchAll(/class="bp-axis"[^>]*>(?:<!--.*?-->)?\s*<strong>([^<]*)<\/strong>/g)].map((m) => m[1]);
  };

  it('names the day of a moment past midnight, and only the time of one on the same day as the moment before', () => {
    // 23:50 on Thursday 3 December in Berlin, then 00:10 and 08:30 on Friday.
    expect(axis('2026-12-03T22:50:00.000Z', '2026-12-03T23:10:00.000Z', '2026-12-04T07:30:00.000Z')).toEqual([
      '23:50',
      'Fri 4 Dec, 00:10',
      '08:30',
    ]);
  });
});
