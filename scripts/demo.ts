import { parseArgs } from 'node:util';
import type { VisitState } from '../domain/visit-state.js';
import { playOnlineBooking } from './demo/booking.js';
import { holidayPromise, seedHoliday, shopTime } from './demo/calendar.js';
import { playCampaign } from './demo/campaigns.js';
import { kpiSummary, playRescue } from './demo/care.js';
import { seedCatalogue } from './demo/catalogue.js';
import { ServicelaneClient } from './demo/client.js';
import { DEMO_ADVISORS, playVisit, random, signInDemoStaff, type VisitOutcome } from './demo/day.js';
import { estimateFromPriceList } from './demo/estimate-origins.js';
import { playPartsShortage } from './demo/parts.js';
import { checklistSummary } from './demo/qc-checklist.js';

/**
 * `npm run demo [-- --url http://host:port --visits 70 --seed 7]`: a day at a dealership played against a running
 * servicelane through its public API only, with shortened timers so it is over in a few minutes.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    visits: { type: 'string', default: '70' },
    seed: { type: 'string', default: '7' },
    concurrency: { type: 'string', default: '12' },
  },
});
const total = Number(values.visits);
const api = new ServicelaneClient(values.url);

const TECHNICIANS = [
  { id: 'tech-omar', name: 'Omar', skillLevel: 2 },
  { id: 'tech-ivy', name: 'Ivy', skillLevel: 3 },
  { id: 'tech-ben', name: 'Ben', skillLevel: 1 },
  { id: 'tech-ada', name: 'Ada', skillLevel: 2 },
];

function progress(done: number, failed: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} visits played${failed ? `, ${failed} failed` : ''}`,
  );
}

async function main() {
  await signInDemoStaff(api);
  const existing = await api.as('manager').get<{ id: string }[]>('/technicians');
  for (const t of TECHNICIANS) if (!existing.some((e) => e.id === t.id)) await api.as('manager').post('/technicians', t);
  const staff = await api.as('admin').get<{ id: string }[]>('/staff');
  for (const a of DEMO_ADVISORS) if (!staff.some((e) => e.id === a.id)) await api.as('admin').post('/staff', a);
  await seedCatalogue(api);
  const holiday = await seedHoliday(api);

  const outcomes: VisitOutcome[] = [];
  const failures: string[] = [];
  let next = 0;
  progress(0, 0);
  const seed = Number(values.seed);
  await Promise.all(
    Array.from({ length: Number(values.concurrency) }, async () => {
      while (next < total) {
        const n = next++;
        try {
          outcomes.push(await playVisit(api, n + seed * 1000, random(seed * 1000 + n)));
        } catch (err) {
          failures.push(`visit ${n}: ${err instanceof Error ? err.message : String(err)}`);
        }
        progress(outcomes.length + failures.length, failures.length);
      }
    }),
  );
  process.stderr.write('\n');
  const rescuedVisit = await playRescue(api).catch((err: unknown) => {
    failures.push(`rescue: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });
  const partsShortage = await playPartsShortage(api).catch((err: unknown) => {
    failures.push(`parts: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });

  const online = await playOnlineBooking(api).catch((err: unknown) => {
    failures.push(`online booking: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });

  const recall = await playCampaign(api).catch((err: unknown) => {
    failures.push(`campaign: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });

  const stages = new Map<string, number>();
  for (const o of outcomes) {
    const { state } = await api.as('manager').get<{ state: VisitState | null }>(`/visits/${o.visitId}`);
    const stage = state?.stage ?? 'unknown';
    stages.set(stage, (stages.get(stage) ?? 0) + 1);
  }
  const followUps = outcomes.filter((o) => o.followUp !== undefined);
  const csi = followUps.reduce((sum, o) => sum + (o.followUp ?? 0), 0) / Math.max(followUps.length, 1);
  console.log('\nThe day at a glance');
  console.log(`  visits              ${outcomes.length} (${outcomes.filter((o) => o.kind === 'walk_in').length} walk-ins)`);
  console.log(`  by final stage      ${[...stages].map(([s, n]) => `${s.replaceAll('_', ' ')} ${n}`).join(', ')}`);
  console.log(
    `  declined lines      ${outcomes.reduce((s, o) => s + o.declined, 0)} (in ${outcomes.filter((o) => o.declined > 0).length} visits)`,
  );
  console.log(`  extra work (phone)  ${outcomes.filter((o) => o.extraWork).length}`);
  console.log(`  QC reworks          ${outcomes.reduce((s, o) => s + o.reworks, 0)}`);
  console.log(`  follow-ups reached  ${followUps.length}, average satisfaction ${csi.toFixed(2)}`);
  console.log(
    `  complaints opened   ${followUps.filter((o) => (o.followUp ?? 5) <= 2).length} (from follow-up scores of 2 or less)`,
  );
  console.log(`  hotline rescue      ${rescuedVisit ? `towed in, walk-in visit ${rescuedVisit}` : 'did not reach the shop'}`);
  console.log(`  price list          ${values.url}/app/prices (estimates built from its packages, parts and labour)`);
  console.log(
    `  estimate from list  ${await estimateFromPriceList(
      api,
      outcomes.map((o) => o.visitId),
      values.url,
    )}`,
  );
  // A visit reworked for a failed item shows the whole rule: the item named, then the pass.
  const reworkedFirst = [...outcomes].sort((a, b) => b.reworks - a.reworks);
  console.log(`  QC checklist        ${await checklistSummary(api, reworkedFirst)}`);
  console.log(`  holiday             ${holiday}: ${await holidayPromise(api)} (${values.url}/app/calendar)`);
  if (online)
    console.log(
      `  online booking      ${online.booked} booked for ${online.date} ${online.time} at ${values.url}/app/booking; the next refused: ${online.refused}`,
    );
  if (partsShortage)
    console.log(
      `  parts in advance    ${partsShortage.picked} spark plugs reserved, ${partsShortage.short} ordered (expected ${await shopTime(api, partsShortage.expectedAt)}); ` +
        `the plan finishes the job ${await shopTime(api, partsShortage.plannedFinish)}, ${partsShortage.meetsPromise ? 'by' : 'after'} the promised time`,
    );
  console.log(
    recall
      ? `  recall campaign     ${recall.code}: ${recall.told} owners told, ${recall.onCallList} on the call list, ${recall.recallLines} free recall lines at reception, ${recall.completed} done (${values.url}/app/campaigns)`
      : '  recall campaign     did not play',
  );
  console.log('\nKPIs for today');
  for (const line of await kpiSummary(api)) console.log(`  ${line}`);
  if (failures.length) {
    console.log(`  failed              ${failures.length}`);
    for (const f of failures.slice(0, 5)) console.log(`    ${f}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
