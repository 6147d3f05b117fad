import { setTimeout as pause } from 'node:timers/promises';
import type { ServicelaneClient } from './client.js';

interface RescueView {
  state: { stage: string; visitId?: string } | null;
}

/** A breakdown call to the 24-hour hotline [S1.2]: classified, rescued, towed in, and a walk-in visit opens. */
export async function playRescue(api: ServicelaneClient): Promise<string | undefined> {
  const call = await api.as('advisor').post<{ category: string; rescueId: string | null; readBack: string }>('/hotline/calls', {
    callerName: 'Demo stranded driver',
    phone: '+49 30 555 9999',
    summary: 'My car broke down on the ring road and will not start',
    location: 'A100 exit Tempelhofer Damm',
    plate: 'DM-9999',
  });
  if (!call.rescueId) return undefined;
  const rescue = `/rescues/${call.rescueId}`;
  await api
    .as('advisor')
    .post(`${rescue}/actions/set_out`, { crew: 'Truck 2', etaAt: new Date(Date.now() + 20 * 60_000).toISOString() });
  await api.as('advisor').post(`${rescue}/actions/arrive`, { notes: 'Battery dead, towing in' });
  await api.as('advisor').post(`${rescue}/actions/tow_in`, {
    vehicle: { vin: 'WVWDEM99999999999', plate: 'DM-9999', model: 'VW Touran', mileage: 88_000 },
    advisorId: 'adv-lena',
    requestedServices: ['Does not start: battery'],
  });
  for (let i = 0; i < 40; i++) {
    const view = await api.as('advisor').get<RescueView>(rescue);
    if (view.state?.visitId) return view.state.visitId;
    await pause(250);
  }
  return undefined;
}

interface KpiValue {
  value: number | null;
  sample: number;
}
interface KpiReport {
  groups: { key: string; kpis: Record<string, KpiValue> }[];
}

/** Today's figures from the records, as the service manager's dashboard shows them. */
export async function kpiSummary(api: ServicelaneClient): Promise<string[]> {
  const day = new Date().toISOString().slice(0, 10);
  const report = await api.as('manager').get<KpiReport>(`/kpis?from=${day}&to=${day}&by=shop`);
  const kpis = report.groups[0]?.kpis ?? {};
  const pct = (v: KpiValue | undefined) => (v?.value == null ? 'n/a' : `${(v.value * 100).toFixed(0)} %`);
  const complaints = await api.as('manager').get<{ items: unknown[] }>('/complaints');
  return [
    `on-time delivery   ${pct(kpis.on_time_delivery)}`,
    `rework rate        ${pct(kpis.rework_rate)}`,
    `approval rate      ${pct(kpis.approval_rate)}`,
    `appointment share  ${pct(kpis.appointment_share)}`,
    `CSI                ${kpis.csi?.value == null ? 'n/a' : kpis.csi.value.toFixed(2)} (${kpis.csi?.sample ?? 0} calls)`,
    `declined value     ${kpis.declined_value?.value == null ? 'n/a' : (kpis.declined_value.value / 100).toFixed(2)}`,
    `recalls completed  ${pct(kpis.campaign_completion)}`,
    `complaints        ${complaints.items.length} on file`,
  ];
}
