import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Managers filter visits in the Temporal UI and `temporal workflow list --query` by these.
export const VisitStageKey = defineSearchAttributeKey('VisitStage', SearchAttributeType.KEYWORD);
export const ServiceAdvisorKey = defineSearchAttributeKey('ServiceAdvisor', SearchAttributeType.KEYWORD);
export const VehiclePlateKey = defineSearchAttributeKey('VehiclePlate', SearchAttributeType.KEYWORD);
export const PromisedAtKey = defineSearchAttributeKey('PromisedAt', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTE_KEYS = [VisitStageKey, ServiceAdvisorKey, VehiclePlateKey, PromisedAtKey];
