import {
  CancellationScope,
  condition,
  defineUpdate,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Batch, SkeletonScript } from './skeleton-script.js';

/**
 * The skeleton visit: the updates, timers and activity calls of a real visit's history (bench/skeleton-script.ts)
 * with empty bodies — no-op activities, validators that accept, handlers that answer nothing — on its own task
 * queue and worker. What a whole visit costs beyond it is the domain's own work. Parks like a visit in aftercare.
 */
const activities = proxyActivities<Record<string, () => Promise<void>>>({ startToCloseTimeout: '1 minute' });
const localActivities = proxyLocalActivities<Record<string, () => Promise<void>>>({ startToCloseTimeout: '1 minute' });

export async function skeletonVisit(script: SkeletonScript): Promise<void> {
  const timers = new Map<string, { scope: CancellationScope; done: Promise<void> }>();
  /** Local activities one after the other, each batch's after every earlier one, as a visit writes its events. */
  let writes: Promise<unknown> = Promise.resolve();
  const inTurn = (names: string[]) => {
    const done = writes.then(async () => {
      for (const name of names) await localActivities[name]?.();
    });
    writes = done.catch(() => undefined);
    return done;
  };
  const run = async (batches: Batch[]) => {
    for (const batch of batches) {
      const waits: Promise<unknown>[] = batch.activities.map((name) => activities[name]?.() ?? Promise.resolve());
      waits.push(inTurn(batch.localActivities));
      for (const [id, ms, fires] of batch.timers) {
        const scope = new CancellationScope();
        const done = scope
          .run(() => sleep(ms))
          .catch((err) => {
            if (!isCancellation(err)) throw err;
          });
        timers.set(id, { scope, done });
        // A timer the original saw fire is waited for, as the original did before its next commands.
        if (fires) waits.push(done);
      }
      for (const id of batch.cancels) timers.get(id)?.scope.cancel();
      await Promise.all(waits);
    }
  };
  // Started before any update can be accepted, as a visit queues its opening record first.
  const started = run(script.start);
  const seen = new Map<string, number>();
  for (const name of new Set(script.updates.map((u) => u.name))) {
    setHandler(
      defineUpdate<void, [unknown]>(name),
      async (_input: unknown) => {
        // The n-th update of this name runs the n-th segment the original ran for it.
        const n = seen.get(name) ?? 0;
        seen.set(name, n + 1);
        const segment = script.updates.filter((u) => u.name === name)[n]?.segment;
        if (!segment) return;
        await run(segment.handler);
        void run(segment.after);
      },
      { validator: (_input: unknown) => {} },
    );
  }
  await started;
  // Parked for good, as a visit in aftercare is for months.
  await condition(() => false);
}
