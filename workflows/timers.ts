import { condition } from '@temporalio/workflow';

/**
 * `condition` with an absolute deadline: true if `ready` became true first, false once the deadline passed.
 * The summary names the timer in the history, so `temporal workflow show` says what each wait was for.
 */
export async function waitUntil(ready: () => boolean, deadlineMs: number, summary: string): Promise<boolean> {
  const remaining = deadlineMs - Date.now();
  if (remaining <= 0) return ready();
  return condition(ready, remaining, { summary });
}
