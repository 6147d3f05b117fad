import { Client } from '@temporalio/client';
import { createApp } from '../../api/app.js';
import { devSettings } from '../../api/settings.js';
import type { TestStack } from './stack.js';

/**
 * The API on the stack's connection with every workflow query it sends pushed to `queries` as `id:type`, so a test
 * can show a screen or a GET route answered from PostgreSQL without asking a workflow.
 */
export function appCountingQueries(stack: TestStack, queries: string[]) {
  const counting = new Client({
    connection: stack.client.connection,
    interceptors: {
      workflow: [
        {
          query: (input, next) => {
            queries.push(`${input.workflowExecution.workflowId}:${input.queryType}`);
            return next(input);
          },
        },
      ],
    },
  });
  return createApp(
    { database: stack.database, temporal: counting, taskQueue: stack.taskQueue },
    { ...devSettings(), temporalCallTimeoutMs: 60_000 },
  );
}
