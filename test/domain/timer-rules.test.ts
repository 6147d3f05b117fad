import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAppointmentStep } from '../../domain/appointment-schedule.js';
import { localDate, localTime } from '../../domain/local-time.js';
import { resolvePolicy } from '../../domain/policy.js';
import { afterPolicySpan } from '../../domain/timer-rules.js';

// The policy's whole days on the shop's clock (Berlin: forward 28 March 2027 02:00 → 03:00, back 31 October 2027
// 03:00 → 02:00), its hours as durations. Expected instants are written out in UTC.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);

describe('afterPolicySpan', () => {
  it('counts whole days as calendar days at the same local time across both changes of the clocks', () => {
    // Friday 26 March 17:00 CET + 3 days → Monday 29 March 17:00 CEST: 71 hours.
    expect(afterPolicySpan(at('2027-03-26T16:00:00Z'), 3 * DAY, BERLIN)).toBe(at('2027-03-29T15:00:00Z'));
    // Friday 29 October 17:00 CEST + 3 days → Monday 1 November 17:00 CET: 73 hours.
    expect(afterPolicySpan(at('2027-10-29T15:00:00Z'), 3 * DAY, BERLIN)).toBe(at('2027-11-01T16:00:00Z'));
    // The day before Sunday 28 March 10:00 CEST is Saturday 10:00 CET: 23 hours before.
    expect(afterPolicySpan(at('2027-03-28T08:00:00Z'), -DAY, BERLIN)).toBe(at('2027-03-27T09:00:00Z'));
    // The day before Monday 1 November 09:00 CET is Sunday 09:00 CET, 24 hours before, though that Sunday had 25.
    expect(afterPolicySpan(at('2027-11-01T08:00:00Z'), -DAY, BERLIN)).toBe(at('2027-10-31T08:00:00Z'));
  });

  it('keeps hours as durations, also the hours beyond whole days', () => {
    // 2 h after Sunday 28 March 01:30 CET is 04:30 CEST: two hours, not the clock's three.
    expect(afterPolicySpan(at('2027-03-28T00:30:00Z'), 2 * HOUR, BERLIN)).toBe(at('2027-03-28T02:30:00Z'));
    // A day and 12 hours: Saturday 27 March 12:00 CET → Sunday 12:00 CEST → 12 hours on.
    expect(afterPolicySpan(at('2027-03-27T11:00:00Z'), DAY + 12 * HOUR, BERLIN)).toBe(at('2027-03-28T10:00:00Z') + 12 * HOUR);
  });

  it('places a local time the target day skips or repeats as the clock does', () => {
    // Saturday 27 March 02:30 CET + 1 day: 02:30 does not happen on Sunday; the clocks jump to 03:00 CEST.
    expect(afterPolicySpan(at('2027-03-27T01:30:00Z'), DAY, BERLIN)).toBe(at('2027-03-28T01:00:00Z'));
    // Saturday 30 October 02:30 CEST + 1 day: 02:30 happens twice on Sunday; the first, still summer time.
    expect(afterPolicySpan(at('2027-10-30T00:30:00Z'), DAY, BERLIN)).toBe(at('2027-10-31T00:30:00Z'));
  });

  it('is the plain duration without a zone (a visit started before it knew one) and in UTC', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: at('2001-01-01T00:00:00Z'), max: at('2099-01-01T00:00:00Z') }),
        fc.integer({ min: -400 * DAY, max: 400 * DAY }),
        (from, span) => {
          expect(afterPolicySpan(from, span, undefined)).toBe(from + span);
          expect(afterPolicySpan(from, span, 'UTC')).toBe(from + span);
        },
      ),
    );
  });

  it('lands on the local date whole days on, at the local time it started, wherever the clock reads so', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Shanghai'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('2001-01-01T00:00:00Z'), max: at('2099-01-01T00:00:00Z') }),
        fc.integer({ min: -400, max: 400 }),
        (zone, from, days) => {
          const to = afterPolicySpan(from, days * DAY, zone);
          const day = new Date(at(`${localDate(from, zone)}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
          expect(localDate(to, zone)).toBe(day);
          // The same clock time, unless that day skips it (then later, by the length of the jump at most).
          if (localTime(to, zone) !== localTime(from, zone)) expect(localTime(to, zone) > localTime(from, zone)).toBe(true);
        },
      ),
    );
  });
});

describe('the booking on the shop clock', () => {
  it('puts the day-before call at the appointment’s hour the day before, the no-show grace 30 minutes after it', () => {
    const policy = resolvePolicy();
    const appointmentAt = at('2027-03-28T08:00:00Z');
    const progress = {
      bookedAt: at('2027-03-20T08:00:00Z'),
      appointmentAt,
      confirmed: false,
      confirmationCalls: 0,
      flaggedForAdvisor: false,
      noShowTaskOpened: false,
    };
    expect(nextAppointmentStep(progress, policy, BERLIN)).toEqual({
      kind: 'confirmation_call',
      attempt: 1,
      at: at('2027-03-27T09:00:00Z'),
    });
    // Two calls unanswered: told 2 h after the second, Saturday 14:00 CET.
    expect(nextAppointmentStep({ ...progress, confirmationCalls: 2 }, policy, BERLIN)).toEqual({
      kind: 'confirmation_unanswered',
      at: at('2027-03-27T13:00:00Z'),
    });
    expect(nextAppointmentStep({ ...progress, confirmed: true }, policy, BERLIN)).toEqual({
      kind: 'no_show',
      at: appointmentAt + 30 * 60_000,
    });
    // Closed 7 calendar days after the appointment: the same hour on Sunday 4 April.
    expect(nextAppointmentStep({ ...progress, confirmed: true, noShowTaskOpened: true }, policy, BERLIN)).toEqual({
      kind: 'close_no_show',
      at: at('2027-04-04T08:00:00Z'),
    });
  });
});
