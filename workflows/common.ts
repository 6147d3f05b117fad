import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { REJECTION } from './messages.js';

/** Activities that write records: they must land however long the database is away, so retry without end. */
export const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Workflow time (deterministic), as the ISO string that records and timelines carry. */
export const nowIso = () => new Date().toISOString();

/** An update validator's refusals: the API answers 409 and 422, and neither enters the history. */
export const notNow = (message: string) => ApplicationFailure.create({ type: REJECTION.notNow, message, nonRetryable: true });
export const invalid = (message: string) => ApplicationFailure.create({ type: REJECTION.invalid, message, nonRetryable: true });
