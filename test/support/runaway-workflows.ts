import { condition, defineQuery, defineSignal, setHandler, sleep } from '@temporalio/workflow';

// Workflows for test/workflows/watchdog.test.ts: each loops for ever in a different call into the sandbox.

/** Loops in the workflow function itself, in the activation that starts it. */
export async function loopsAtStart(): Promise<void> {
  for (;;) {
    /* the watchdog must stop this */
  }
}

/** Loops in a promise continuation, which runs in the microtask flush at the end of a call into the sandbox. */
export async function loopsInContinuation(): Promise<void> {
  await sleep(1);
  await Promise.resolve();
  for (;;) {
    /* the watchdog must stop this */
  }
}

export const spin = defineSignal('spin');

/** Loops in a condition's predicate once a signal arrives: the SDK evaluates it in a call of its own. */
export async function loopsInCondition(): Promise<string> {
  let spinning = false;
  setHandler(spin, () => {
    spinning = true;
  });
  await condition(() => {
    while (spinning) {
      /* the watchdog must stop this */
    }
    return false;
  });
  return 'unreachable';
}

export const spinQuery = defineQuery<string>('spinQuery');

/** Answers a query by looping for ever: the query fails, the workflow and the worker go on. */
export async function loopsInQuery(): Promise<void> {
  setHandler(spinQuery, () => {
    for (;;) {
      /* the watchdog must stop this */
    }
  });
  await condition(() => false);
}

/** Finishes at once: the worker must still serve it after the others were stopped. */
export async function finishes(): Promise<string> {
  await sleep(1);
  return 'done';
}
