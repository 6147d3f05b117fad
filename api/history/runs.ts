import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';

/** A visit continues as new into its aftercare run; a run is never continued more than this many times. */
const MAX_RUNS = 20;

/**
 * Every run of a workflow, oldest first. Each run's first event names the run it continued, so the chain is read
 * back from the current run without asking the visibility store (which lags behind a new run).
 */
export async function historyOfAllRuns(temporal: Client, workflowId: string): Promise<History[]> {
  const runs: History[] = [];
  let runId: string | undefined;
  do {
    const history = await temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId && runs.length < MAX_RUNS);
  return runs;
}
