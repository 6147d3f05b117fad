import { defineQuery } from '@temporalio/workflow';
import type { VisitState } from './visit-state.js';

export const stateQuery = defineQuery<VisitState>('state');
