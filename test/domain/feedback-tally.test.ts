import { describe, expect, it } from 'vitest';
import { tallyFeedback } from '../../domain/feedback.js';

// The KPI review's and the dashboard's count of staff suggestions per step [S6], from the database's counts per step
// and status: a step nobody wrote about is left out, the steps come in the loop's order, not the database's.

describe('the tally of staff suggestions per step', () => {
  it('adds up each step from its counts per status, in the order of the loop', () => {
    const groups = [
      { stage: 'follow_up', status: 'open', n: 3 },
      { stage: 'reception', status: 'declined', n: 40_000 },
      { stage: 'reception', status: 'accepted', n: 2 },
      { stage: 'reception', status: 'open', n: 5 },
      { stage: 'diagnosis', status: 'open', n: 0 },
    ];
    expect(tallyFeedback(groups)).toEqual([
      { stage: 'reception', received: 40_007, open: 5, accepted: 2, declined: 40_000 },
      { stage: 'follow_up', received: 3, open: 3, accepted: 0, declined: 0 },
    ]);
  });
});
