import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { warrantyNotices } from '../../workflows/warranty-notices.js';
import { useTemporalConnections } from '../support/temporal-connections.js';

// patches/@temporalio+worker+1.24.0.patch: the SDK's promise hook, which captures a stack for every promise a
// workflow creates, runs only when TEMPORAL_WORKFLOW_STACK_TRACES=true. Each worker's workflow threads read the
// variable when they start, so one process can hold a worker of each kind.

describe('workflow stack traces', () => {
  const temporal = useTemporalConnections();

  /** The stack-trace query's answer for a workflow waiting on an activity nobody runs, on a fresh worker. */
  async function stackTrace(stackTraces: string | undefined): Promise<string> {
    const before = process.env.TEMPORAL_WORKFLOW_STACK_TRACES;
    if (stackTraces === undefined) delete process.env.TEMPORAL_WORKFLOW_STACK_TRACES;
    else process.env.TEMPORAL_WORKFLOW_STACK_TRACES = stackTraces;
    const taskQueue = `stack-traces-${randomUUID()}`;
    try {
      const worker = await Worker.create({
        connection: temporal.connection,
        taskQueue,
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
      return await worker.runUntil(async () => {
        const handle = await temporal.client.workflow.start(warrantyNotices, { taskQueue, workflowId: taskQueue, args: [{}] });
        try {
          return await handle.query<string>('__stack_trace');
        } finally {
          await handle.terminate();
        }
      });
    } finally {
      if (before === undefined) delete process.env.TEMPORAL_WORKFLOW_STACK_TRACES;
      else process.env.TEMPORAL_WORKFLOW_STACK_TRACES = before;
    }
  }

  it('are off by default: the query says so, and no stack is captured', async () => {
    await expect(stackTrace(undefined)).rejects.toThrow(/stack traces are not enabled/);
    await expect(stackTrace('false')).rejects.toThrow(/stack traces are not enabled/);
  });

  it('with TEMPORAL_WORKFLOW_STACK_TRACES=true, show where the workflow waits', async () => {
    expect(await stackTrace('true')).toContain('warrantyNotices');
  });
});
