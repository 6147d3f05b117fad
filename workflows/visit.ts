import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { isEndStage } from '../domain/stages.js';
import type { VisitStart } from '../domain/visit.js';
import { stateQuery } from './messages.js';
import { ServiceAdvisorKey, VehiclePlateKey, VisitStageKey } from './search-attributes.js';
import type { VisitState } from './visit-state.js';

const records = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function visit(input: VisitStart): Promise<VisitState> {
  const state: VisitState = {
    ...input,
    stage: input.kind === 'walk_in' ? 'reception' : 'booked',
    openedAt: new Date(workflowInfo().startTime.getTime()).toISOString(),
  };
  setHandler(stateQuery, () => state);
  await records.recordVisitOpened({ ...input, stage: state.stage });
  upsertSearchAttributes([
    { key: VisitStageKey, value: state.stage },
    { key: ServiceAdvisorKey, value: input.advisorId },
    { key: VehiclePlateKey, value: input.vehicle.plate },
  ]);
  await condition(() => isEndStage(state.stage));
  return state;
}
