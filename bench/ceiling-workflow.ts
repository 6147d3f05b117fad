import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * The ceiling the lifecycle figures are compared to: the least a workflow with one update can cost on this
 * server — start, one update answered, complete. Bundled for its own task queue and worker.
 */
export const pingUpdate = defineUpdate<string, [string]>('ping');

export async function ceiling(): Promise<string> {
  let answered = false;
  setHandler(pingUpdate, (value) => {
    answered = true;
    return value;
  });
  await condition(() => answered && allHandlersFinished());
  return 'done';
}
