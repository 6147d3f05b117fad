/**
 * Replays the workflow histories checked in under test/histories (visits, and a complaint, a rescue and a KPI
 * review) against the workflow code as it is now.
 *
 * Those histories stand for visits already running in production: a visit lives for a year (booking to
 * maintenance reminder), so every deployed worker replays histories written by older code. If this test fails,
 * the change you made to workflows/ (or to domain/ code the workflow calls) would make running visits fail with
 * a nondeterminism error: keep the old behaviour for them behind `patched('change-id')` from
 * @temporalio/workflow (later `deprecatePatch`, then remove it once no visit started before the change is left
 * running). Do not "fix" the test by recapturing the histories.
 *
 * To add or refresh histories on purpose (a new scenario, or after a patch has been fully retired):
 *
 *   npm run histories:capture                # every scenario in scripts/capture-histories.ts
 *   npm run histories:capture -- no-show     # only the named ones
 *
 * The script runs each visit on a throwaway dev server and writes test/histories/<name>.json; commit those files.
 * Keep the old files when adding new ones: visits started under the old code may still be running.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { historyFromJson } from '../../runtime/history-json.js';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';
import { buildWorkflowBundle, prebuiltWorkflowBundle } from '../../runtime/workflow-bundle.js';
import { workflowSources } from '../../worker.js';

const historiesDir = fileURLToPath(new URL('../histories/', import.meta.url));

/**
 * `historyFromJSON` from @temporalio/common/lib/proto-utils, with protobufjs's ProtoJSON taken from the copy that
 * @temporalio/proto uses. In this install @temporalio/common and @temporalio/proto each nest their own
 * protobufjs 8 (the top-level slot holds the 7.x that @grpc/proto-loader needs), and the SDK's historyFromJSON
 * (which runReplayHistories also calls on JSON input) throws "type must be a Type", an instanceof check across
 * the two copies. The files are ProtoJSON as the SDK's historyToJSON and `temporal workflow show -o json` write.
 */

const files = readdirSync(historiesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('replay of captured workflow histories', () => {
  it('has the representative visits on file', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'happy-path.json',
        'walk-in-additional-work.json',
        'returning-vehicle.json',
        'qc-rework.json',
        'no-show.json',
        'cancellation.json',
        // Started after VISIT_OPENED_IN_ONE_WRITE_PATCH: the patched branch replays too.
        'happy-path-one-opening-write.json',
        'walk-in-one-opening-write.json',
        // Started after AFTERCARE_RUN_PATCH: the visit, then its aftercare run to the reminder; and a visit
        // parked in its aftercare run, the reminder months away.
        'aftercare-run1.json',
        'aftercare-run2.json',
        'aftercare-parked-run2.json',
        // Started after FOLLOW_UP_OWED_UNTIL_REACHED_PATCH: an early unanswered follow-up call, escalated, then reached.
        'early-follow-up.json',
        // A new promised time agreed by phone while waiting for dispatch and signed in repair (revise_promise).
        'promise-revised.json',
        // Confirmed on the day-before call while its retry waited: the retry put the call back on the list before
        // CONFIRMED_BOOKING_NO_CALL_PATCH, and runs no more after it.
        'confirmed-before-retry.json',
        'confirmed-before-retry-patched.json',
        // Booked in the shop's zone (CALL_ON_OPEN_DAY_PATCH); reached, the customer cannot keep the slot
        // (CANNOT_KEEP_REBOOK_PATCH): re-booked, then cancelled.
        'cannot-keep-rebooked.json',
        // Confirmed on the call, cannot keep the slot, confirmed at the desk, cannot keep it after all
        // (LATEST_ANSWER_PATCH): each answer clears the other; cancelled.
        'latest-answer-wins.json',
        // The happy path once updates answer an acknowledgement and each event records the facts it changed
        // (issue 13: the visit read from PostgreSQL), both runs.
        'read-model-run1.json',
        'read-model-run2.json',
        // Started after COMPACT_AFTERCARE_PATCH: the first run plans the maintenance and continues as new with the
        // reminder's plan only; a visit reminded (both runs) and one parked in its compact aftercare run.
        'aftercare-compact-run1.json',
        'aftercare-compact-run2.json',
        'aftercare-compact-parked-run2.json',
        // The other workflow types: a complaint escalated then closed, a rescue towed in, the daily KPI review.
        'complaint.json',
        'rescue.json',
        'kpi-review.json',
        // A complaint and a rescue that save their whole state and answer it (captured before CARE_READ_MODEL_PATCH),
        // and the same after it: saves carry only their new timeline entries, steps answer an acknowledgement.
        'complaint-snapshots.json',
        'rescue-snapshots.json',
        'complaint-read-model.json',
        'rescue-read-model.json',
        // QC against a package's maintenance checklist (issue 18): a failed item sends the car back, then a pass.
        'qc-checklist-run1.json',
        // A recall telling two owners; the daily warranty sweep parked on its next day after one notice, as it looped
        // before ONE_SWEEP_PER_RUN_PATCH, and one day's sweep as its Schedule starts it since.
        'campaign.json',
        'warranty-notices-parked.json',
        'warranty-notices-sweep.json',
        // Visits writing their events as local activities (LOCAL_EVENT_WRITES_PATCH): booked and walk-in to the
        // reminder, additional work and a returning vehicle, QC rework, no-show, cancellation.
        'happy-path-local-writes-run1.json',
        'happy-path-local-writes-run2.json',
        'aftercare-compact-local-writes-run1.json',
        'aftercare-compact-local-writes-run2.json',
        'walk-in-additional-work-local-writes-run1.json',
        'returning-vehicle-local-writes-run1.json',
        'qc-rework-local-writes-run1.json',
        'no-show-local-writes.json',
        'cancellation-local-writes.json',
        // Visits started with CURRENT_VISIT_PATCH: one patch marker for every change before it, and their tasks
        // written in order with their events as local activities, in their aftercare run too (which asks no
        // patch). The same visits as above, and one parked in that aftercare run.
        'happy-path-current-run1.json',
        'happy-path-current-run2.json',
        'aftercare-compact-current-run1.json',
        'aftercare-compact-current-run2.json',
        'walk-in-additional-work-current-run1.json',
        'returning-vehicle-current-run1.json',
        'qc-rework-current-run1.json',
        'qc-rework-current-run2.json',
        'aftercare-compact-parked-current-run2.json',
        'no-show-current.json',
        'cancellation-current.json',
        // Booked on the public page (BOOKING_CONFIRMATION_PATCH): confirmed with the signed link, moved on it, to the reminder.
        'online-booking-run1.json',
        'online-booking-run2.json',
        // Booked at the desk (DESK_BOOKING_CONFIRMATION_PATCH): confirmed with the same link, moved and cancelled on it.
        'desk-booking.json',
        // Moved by the desk (SHOP_MOVE_TOLD_PATCH): the customer told the new time with the link; moved on it, cancelled.
        'shop-move-told.json',
        // Booked with a catalogue job (PARTS_RESERVATION_PATCH): parts reserved the day before and used, to the reminder.
        'parts-reservation-run1.json',
        'parts-reservation-run2.json',
        // Picked up with NEXT_SERVICE_AT_PICKUP_PATCH: the next service planned at pickup, the aftercare run reminding on it.
        'next-service-at-pickup-run1.json',
        'next-service-at-pickup-run2.json',
        // Booked with a catalogue job, its parts reserved, then cancelled: the parts go back on the shelf.
        'parts-reservation-cancelled.json',
        // Additional work declined in full (DECLINED_WORK_KEEPS_PROMISE_PATCH): the promise agreed before it stands.
        'declined-extra-work-run1.json',
        'declined-extra-work-run2.json',
        // At-risk calls closed (AT_RISK_CALL_CLOSES_PATCH): one by a new promised time, one by the vehicle ready.
        'at-risk-call-closes-run1.json',
        'at-risk-call-closes-run2.json',
        // Started with the shop's zone (SHOP_CLOCK_TIMERS_PATCH): its policy's days counted on Berlin's calendar,
        // in the first run and again in the aftercare run.
        'shop-clock-run1.json',
        'shop-clock-run2.json',
        // Reassigned mid-repair (REASSIGN_PATCH): started by Omar, handed to Ivy, who resumed and finished it.
        'reassigned-in-repair-run1.json',
        'reassigned-in-repair-run2.json',
        // The same hand-over since REASSIGN_DROPS_DISPATCH_REASON_PATCH: the reason given at dispatch for Omar is dropped.
        'reassign-drops-dispatch-reason-run1.json',
        'reassign-drops-dispatch-reason-run2.json',
        // Booked for the day after a closed day (CALL_ON_OPEN_DAY_PATCH): the day-before call placed on the last open
        // day by the calendar activity callTimeOnOpenDay, confirmed there, then cancelled.
        'confirmation-call-on-open-day.json',
        // The reminder at 22:00 on the shop's clock (REMINDER_NEXT_OPEN_DAY_PATCH): the aftercare run asks the calendar
        // activity callTimeOnOpenDay (kind 'reminder') once it falls due; on an open day it keeps the time and is
        // sent, on a holiday it waits, parked, for the next day's opening.
        'maintenance-reminder-next-open-day-run1.json',
        'maintenance-reminder-next-open-day-run2.json',
        'maintenance-reminder-next-open-day-parked-run2.json',
      ]),
    );
  });

  it('replays every history with the current workflow code, without a nondeterminism error', async () => {
    installTemporalRuntime();
    const histories = files.map((name) => {
      const json = JSON.parse(readFileSync(`${historiesDir}${name}`, 'utf8'));
      const history = historyFromJson(json);
      // A history cut short would replay "successfully" while checking nothing past the cut: each one ends with
      // the visit completed or continued as new, or, parked, waits on its maintenance reminder.
      const events = history.events ?? [];
      const last = events.at(-1);
      if (name.includes('-parked'))
        expect(
          events.some((e) => e.timerStartedEventAttributes?.timerId) && !last?.workflowExecutionCompletedEventAttributes,
          `${name} waits on a timer`,
        ).toBe(true);
      else
        expect(
          last?.workflowExecutionCompletedEventAttributes ?? last?.workflowExecutionContinuedAsNewEventAttributes,
          `${name} ends with the visit completed or continued as new`,
        ).toBeTruthy();
      return { workflowId: basename(name, '.json'), history };
    });
    const results: { workflowId: string; error?: string }[] = [];
    for await (const result of Worker.runReplayHistories({ ...workflowSources, replayName: 'visit-histories' }, histories)) {
      results.push({ workflowId: result.workflowId, ...(result.error ? { error: String(result.error) } : {}) });
    }
    expect(results).toEqual(histories.map(({ workflowId }) => ({ workflowId })));
  });

  it('replays them with the prebuilt bundle a production worker loads (`npm run build`)', async () => {
    installTemporalRuntime();
    const dist = mkdtempSync(join(tmpdir(), 'servicelane-dist-'));
    try {
      await buildWorkflowBundle(dist);
      // The workflow types are required lazily by workflows/sandbox.cjs: their sources are in the bundle and its
      // manifest, so a change to any of them makes the bundle stale.
      const { sources } = JSON.parse(readFileSync(join(dist, 'workflows.manifest.json'), 'utf8'));
      expect(Object.keys(sources)).toEqual(
        expect.arrayContaining([
          'workflows/sandbox.cjs',
          'workflows/visit-aftercare.ts',
          'workflows/complaint.ts',
          'workflows/rescue.ts',
          'workflows/kpi-review.ts',
          'workflows/campaign.ts',
          'workflows/warranty-notices.ts',
        ]),
      );
      const codePath = prebuiltWorkflowBundle(dist);
      const histories = files.map((name) => ({
        workflowId: basename(name, '.json'),
        history: historyFromJson(JSON.parse(readFileSync(`${historiesDir}${name}`, 'utf8'))),
      }));
      const results: { workflowId: string; error?: string }[] = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath }, replayName: 'prebuilt' }, histories))
        results.push({ workflowId: result.workflowId, ...(result.error ? { error: String(result.error) } : {}) });
      expect(results).toEqual(histories.map(({ workflowId }) => ({ workflowId })));
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
