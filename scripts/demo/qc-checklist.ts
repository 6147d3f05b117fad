import { EVERY_VEHICLE, EVERY_VEHICLE_CHECKS } from '../../domain/checklist-rules.js';
import type { VisitState } from '../../domain/visit-state.js';
import type { ServicelaneClient } from './client.js';

// Quality control against the maintenance checklist [S1.7] in the demo's day: the inspector reads the checklist of
// the visit (the wash every vehicle is checked on, then the packages on its lines: the demo's carry one,
// scripts/demo/catalogue.ts) and records every item; a rework fails the wash, which sends the car back with it named.

interface ChecklistItem {
  packageCode: string;
  packageName: string;
  code: string;
  description: string;
}

/** The item a demo rework fails: how clean the wash is, the seed's own example. */
const [REWORKED] = EVERY_VEHICLE_CHECKS;

const checklistOf = async (api: ServicelaneClient, visitId: string) =>
  (await api.as('qc').get<{ items: ChecklistItem[] }>(`/visits/${visitId}/qc-checklist`)).items;

/** Quality control as the inspector records it: every item passed, or a rework with the wash failed. */
export async function recordQc(api: ServicelaneClient, visitId: string, outcome: 'pass' | 'rework'): Promise<VisitState> {
  const items = await checklistOf(api, visitId);
  const checklist = items.map(({ packageCode, code }) => {
    const fails = outcome === 'rework' && packageCode === REWORKED?.packageCode && code === REWORKED.code;
    return { packageCode, code, passed: !fails, ...(fails ? { note: 'Streaks on the bonnet' } : {}) };
  });
  // Every vehicle's checklist holds the wash, so a rework always names a failed item.
  return api.as('qc').post<VisitState>(`/visits/${visitId}/actions/record_qc`, { passed: outcome === 'pass', checklist });
}

/** One line for the day's summary: a visit that passed quality control against its package's checklist. */
export async function checklistSummary(api: ServicelaneClient, visits: readonly { visitId: string }[]): Promise<string> {
  for (const { visitId } of visits) {
    const { state } = await api.as('manager').get<{ state: VisitState | null }>(`/visits/${visitId}`);
    if (!state?.qc.some((q) => q.passed)) continue;
    const items = await checklistOf(api, visitId);
    if (!items.some((i) => i.packageCode !== EVERY_VEHICLE.packageCode)) continue;
    const packages = [
      ...new Set(items.filter((i) => i.packageCode !== EVERY_VEHICLE.packageCode).map((i) => i.packageName)),
    ].join(', ');
    const reworked = state.qc.flatMap((q) => q.failedChecklist ?? []).map((c) => c.description);
    return (
      `${state.vehicle.plate} passed against the ${packages} checklist (${items.map((i) => i.description).join('; ')})` +
      (reworked.length ? ` after a rework for: ${reworked.join('; ')}` : '')
    );
  }
  return 'no visit passed against a package checklist';
}
