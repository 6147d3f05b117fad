import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import * as vmShared from '@temporalio/worker/lib/workflow/vm-shared.js';
import { describe, expect, it } from 'vitest';
import {
  finishes,
  loopsAtStart,
  loopsInCondition,
  loopsInContinuation,
  loopsInQuery,
  spin,
  spinQuery,
} from '../support/runaway-workflows.js';
import { useTemporalConnections } from '../support/temporal-connections.js';
import { until, waitFor } from '../support/waiting.js';

// patches/@temporalio+worker+1.24.0.patch: one watchdog covers a whole activation instead of one per call into the
// sandbox. Whichever call a workflow loops in — the workflow function, a promise continuation or a condition's
// predicate, a query handler — it must still be stopped, its workflow task failed (the shop sees it in the UI), and the worker must go
// on serving other workflows.

describe('the workflow watchdog', () => {
  const temporal = useTemporalConnections();

  /** The failure message of the workflow's first failed workflow task, once there is one. */
  const firstTaskFailure = (handle: WorkflowHandle) =>
    waitFor(`a failed workflow task of ${handle.workflowId}`, async () => {
      const { events } = await handle.fetchHistory();
      return events?.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure?.message;
    });

  it('is the patched one: a single watchdog per activation', () => {
    expect(typeof vmShared.activationGuarded).toBe('function');
    expect(vmShared.activationGuarded()).toBe(false);
  });

  it('stops a workflow that loops in any call into the sandbox, and the worker goes on', async () => {
    const taskQueue = `watchdog-${randomUUID()}`;
    const worker = await Worker.create({
      connection: temporal.connection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../support/runaway-workflows.ts', import.meta.url)),
      // The SDK reads this option but does not type it ("not exposed at the moment"); 5 s would make the test slow.
      ...({ isolateExecutionTimeout: '500ms' } as object),
    });
    await worker.runUntil(async () => {
      const start = (workflow: typeof loopsAtStart | typeof loopsInContinuation | typeof loopsInCondition) =>
        temporal.client.workflow.start(workflow, { taskQueue, workflowId: `${workflow.name}-${randomUUID()}` });
      const runaways = [await start(loopsAtStart), await start(loopsInContinuation), await start(loopsInCondition)];
      try {
        await runaways[2]?.signal(spin);
        for (const handle of runaways) {
          expect(await firstTaskFailure(handle)).toMatch(/Script execution timed out after 500ms/);
        }
        // A query that loops is stopped too: the query fails, the workflow lives on.
        const queried = await temporal.client.workflow.start(loopsInQuery, { taskQueue, workflowId: `query-${randomUUID()}` });
        runaways.push(queried);
        // Asked before its first workflow task completes, the server refuses the query itself ("Failed to query
        // Workflow"), which says nothing of the watchdog: on a busy worker that task can lag behind the start.
        await until(`the first workflow task of ${queried.workflowId}`, async () =>
          Boolean((await queried.fetchHistory()).events?.some((e) => e.workflowTaskCompletedEventAttributes)),
        );
        await expect(queried.query(spinQuery)).rejects.toThrow(/Script execution timed out after 500ms/);
        const healthy = await temporal.client.workflow.start(finishes, { taskQueue, workflowId: `finishes-${randomUUID()}` });
        expect(await healthy.result()).toBe('done');
      } finally {
        await Promise.all(runaways.map((handle) => handle.terminate()));
      }
    });
  }, 120_000);
});
