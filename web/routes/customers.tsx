import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, must, PageError, staffDirectory } from '../api-client.js';
import { compact, type FailedForm, failedForm, readForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { customerChangeOf, vehicleChangeOf } from '../pages/customer/edit.js';
import { CustomerPage } from '../pages/customer/page.js';
import { type C, flashOf, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The customer file: contact data and vehicles, edited in place.

/** The vehicles (and history entries per vehicle) the page shows, and so the ones it has forms for. */
const FILE_LIMIT = 50;

export function customersScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'customers');

  const fileOf = (s: Staff, customerId: string) =>
    s.api.get('/customers/:id', { param: { id: customerId }, query: { limit: FILE_LIMIT } });

  async function customerPage(c: C, s: Staff, customerId: string, failed?: FailedForm) {
    const [file, directory] = await Promise.all([fileOf(s, customerId), staffDirectory(s.api)]);
    return screenHtml(
      c,
      <CustomerPage
        session={s.session}
        shopTz={c.var.settings.shopTimeZone}
        file={must(file)}
        directory={directory}
        failed={failed}
        flash={flashOf(c)}
      />,
      failed,
    );
  }

  web.get(
    '/customers/:id',
    staff((c, s) => customerPage(c, s, param(c, 'id'))),
  );

  web.post(
    '/customers/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const result = await s.api.patch('/customers/:id', compact(customerChangeOf(v)), { param: { id } });
      if (result.ok) return c.redirect(`/app/customers/${id}?done=file_saved#changes`, 303);
      return customerPage(c, s, id, failedForm('customer-edit', v, result));
    }),
  );

  web.post(
    '/customers/:id/vehicles/:vin',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const vin = param(c, 'vin');
      // A car is changed from its owner's file only: from an address whose customer is not on file, or not this
      // car's owner, nothing is saved and the page says so (it saved, then went back to a page that is not there).
      const owned = must(await fileOf(s, id)).vehicles.some((f) => f.vehicle.vin === vin);
      if (!owned) throw new PageError(404, t('errorPage.noRecord'));
      const v = await readForm(c);
      const result = await s.api.patch('/vehicles/:vin', vehicleChangeOf(v), { param: { vin } });
      if (result.ok) return c.redirect(`/app/customers/${id}?done=file_saved#changes`, 303);
      return customerPage(c, s, id, failedForm(`vehicle-${vin}`, v, result));
    }),
  );

  return web;
}
