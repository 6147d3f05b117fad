import { defineSearchAttributeKey, type SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';

// Managers filter visits in the Temporal UI and `temporal workflow list --query` by these. Every place that sets
// them goes through the functions below, so a visit is found by the same attributes however it was started.
export const VisitStageKey = defineSearchAttributeKey('VisitStage', SearchAttributeType.KEYWORD);
export const ServiceAdvisorKey = defineSearchAttributeKey('ServiceAdvisor', SearchAttributeType.KEYWORD);
export const VehiclePlateKey = defineSearchAttributeKey('VehiclePlate', SearchAttributeType.KEYWORD);
export const PromisedAtKey = defineSearchAttributeKey('PromisedAt', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTE_KEYS = [VisitStageKey, ServiceAdvisorKey, VehiclePlateKey, PromisedAtKey];

/** A visit's attributes at its start: given by whoever starts it (the API, a rescue) and upserted by its first run. */
export const visitSearchAttributes = (visit: { stage: string; advisorId: string; plate: string }): SearchAttributePair[] => [
  { key: VisitStageKey, value: visit.stage },
  { key: ServiceAdvisorKey, value: visit.advisorId },
  { key: VehiclePlateKey, value: visit.plate },
];

/** Inside a visit's workflow: its stage changed. */
export const upsertVisitStage = (stage: string) => upsertSearchAttributes([{ key: VisitStageKey, value: stage }]);

/** Inside a visit's workflow: a promised time was agreed. */
export const upsertPromisedAt = (promisedAt: string) =>
  upsertSearchAttributes([{ key: PromisedAtKey, value: new Date(promisedAt) }]);
