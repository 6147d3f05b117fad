import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { ActionName, acceptedAt, LINES_FROM_CATALOGUE, type LinesFromCatalogueAction } from '../../domain/actions.js';
import { mayRead, readsCustomerContact } from '../../domain/roles.js';
import { isWholePhoneNumber } from '../../domain/search.js';
import { Stage } from '../../domain/stages.js';
import { z } from '../../domain/zod.js';
import { ACTION_UI, type Technician } from '../actions/index.js';
import { DEFAULT_LEAD_MINUTES } from '../actions/promise.js';
import { type ApiApp, must, PageError, staffDirectory } from '../api-client.js';
import { type FailedForm, failedForm, readForm, skippedTimeRefusal } from '../forms.js';
import { language, t } from '../i18n/index.js';
import { liveMark } from '../live/topics.js';
import { VisitPage } from '../pages/visit/page.js';
import { VisitsPage } from '../pages/visits.js';
import { assignRefusal, planForecast } from '../pages/workshop/plan.js';
import { type C, flashOf, html, param, type Staff, screenHtml, staffOnly, temporalUrlOf } from './screen.js';

// Visits: the list, one visit's page, and its action forms posted to the workflow.

export function visitsScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api);

  web.get(
    '/visits',
    staff(async (c, s) => {
      const search = c.req.query('q')?.trim() || undefined;
      const stage = Stage.safeParse(c.req.query('stage')).data;
      // The workshop is told in words why a whole phone number finds nothing for it (the API refuses it with 403).
      if (search && !readsCustomerContact(s.session.staff.role) && isWholePhoneNumber(search, c.var.settings.shopCountry))
        throw new PageError(403, t('visits.phoneSearchNotForRole'));
      const [list, directory] = await Promise.all([
        s.api.get('/visits', { query: { q: search, stage, limit: 200 } }),
        staffDirectory(s.api),
      ]);
      return html(c, <VisitsPage session={s.session} list={must(list)} search={search} stage={stage} directory={directory} />);
    }),
  );

  async function visitPage(c: C, s: Staff, visitId: string, opts: { failed?: FailedForm } = {}) {
    // Any id reaches the API, which answers in plain words; only a real one is watched.
    const live = z.uuid().safeParse(visitId).success
      ? await liveMark(c.var.deps.database.db, `visit:${visitId}`, c.var.settings.shopTimeZone)
      : undefined;
    // The read model answers for every visit, including one long gone from Temporal's retention.
    const { record, state } = must(await s.api.get('/visits/:id', { param: { id: visitId } }));
    // The workshop's technicians name the proposal and the assignment, and fill the dispatch form.
    const needsTechnicians = state.stage === 'awaiting_dispatch' || !!state.dispatch.technicianId || !!state.dispatch.proposal;
    const { role } = s.session.staff;
    const waitsForCustomer = state.stage === 'awaiting_approval' && mayRead(role, 'approvalLinks');
    // Estimate lines may be picked from the price list while the visit takes them.
    const takesLines = (Object.keys(LINES_FROM_CATALOGUE) as LinesFromCatalogueAction[]).some((name) =>
      acceptedAt(name, state.stage),
    );
    // The estimate promises a delivery time: the shop's calendar offers one and says why it moved.
    const promises = state.stage === 'diagnosis';
    const [file, workshop, directory, links, priceList, checklist, promise, campaigns, nextService] = await Promise.all([
      mayRead(role, 'customerFiles')
        ? s.api.get('/customers/:id', { param: { id: state.customer.id }, query: { limit: 20 } })
        : undefined,
      needsTechnicians ? s.api.get('/workshop', { query: { limit: 100 } }) : undefined,
      staffDirectory(s.api),
      waitsForCustomer ? s.api.get('/visits/:id/approval-links', { param: { id: visitId } }) : undefined,
      // A reader in another language than the catalogue's English reads the services booked from it in theirs.
      takesLines || (language() !== 'en' && state.requestedServices.length > 0) ? s.api.get('/catalogue') : undefined,
      state.stage === 'quality_check' ? s.api.get('/visits/:id/qc-checklist', { param: { id: visitId } }) : undefined,
      promises ? s.api.get('/calendar/promise', { query: { workMinutes: DEFAULT_LEAD_MINUTES } }) : undefined,
      s.api.get('/vehicles/:vin/campaigns', { param: { vin: state.vehicle.vin } }),
      // The advisor tells the customer the next service at delivery [S1.8]: the form shows the figure before pickup.
      state.stage === 'ready_for_pickup' ? s.api.get('/visits/:id/next-service', { param: { id: visitId } }) : undefined,
    ]);
    const technicians: Technician[] = workshop?.ok
      ? workshop.data.technicians.map((t) => ({
          id: t.id,
          name: t.name,
          skillLevel: t.skillLevel,
          loadHours: t.loadHours,
          awayToday: t.awayToday,
        }))
      : [];
    return screenHtml(
      c,
      <VisitPage
        session={s.session}
        shopTz={c.var.settings.shopTimeZone}
        visitId={visitId}
        record={record}
        state={state}
        file={file?.ok ? file.data : undefined}
        technicians={technicians}
        plan={workshop?.ok ? planForecast(workshop.data, visitId) : undefined}
        checklist={checklist?.ok ? checklist.data.items : undefined}
        promise={promise?.ok ? promise.data : undefined}
        nextService={nextService?.ok ? nextService.data : undefined}
        failed={opts.failed}
        flash={flashOf(c)}
        approvalLinks={links?.ok ? links.data : undefined}
        temporalUrl={temporalUrlOf(c, visitId)}
        directory={directory}
        live={live}
        catalogue={takesLines && priceList?.ok ? priceList.data : undefined}
        priceList={priceList?.ok ? priceList.data : undefined}
        openCampaigns={campaigns.ok ? campaigns.data : undefined}
      />,
      opts.failed,
    );
  }

  web.get(
    '/visits/:id',
    staff((c, s) => visitPage(c, s, param(c, 'id'))),
  );

  web.post(
    '/visits/:id/actions/:action',
    staff(async (c, s) => {
      const visitId = param(c, 'id');
      const name = ActionName.safeParse(param(c, 'action'));
      if (!name.success) throw new PageError(404, t('errorPage.noScreen'));
      const v = await readForm(c);
      const { body, rename } = ACTION_UI[name.data].encode(v, { tz: s.session.tz, staffId: s.session.staff.id });
      const result =
        skippedTimeRefusal(v, s.session.tz) ??
        (await s.api.post(`/visits/:id/actions/${name.data}`, body, {
          param: { id: visitId },
          idempotencyKey: v._key,
        }));
      if (result.ok) return c.redirect(`/app/visits/${visitId}?done=${name.data}`, 303);
      if (rename) result.fields = Object.fromEntries(Object.entries(result.fields).map(([k, m]) => [rename(k), m]));
      const failed = failedForm(`action-${name.data}`, v, result);
      return visitPage(c, s, visitId, { failed: { ...failed, message: assignRefusal(result, s.session.tz) ?? failed.message } });
    }),
  );

  return web;
}
